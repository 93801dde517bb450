"""Helpers shared by the publishing tests (unit and integration): a full story to publish, real JPEGs,
targets, and running the queue."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from keyring.backend import KeyringBackend

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.stories import Dateline
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.services.actor import Actor
from editor_app.services.publishing.credentials import Credentials, MemoryStore
from editor_app.services.publishing.outbox import JobInfo, enqueue_publish
from editor_app.services.publishing.runner import BackendFactory, drain
from editor_app.services.publishing.targets import TargetInfo, TargetKind, TargetSpec, add_target
from editor_app.services.story_changes import StoryChanges
from editor_app.storage.engine import Database
from tests.helpers import create_story, photo


def jpeg(colour: tuple[int, int, int] = (180, 40, 40), size: tuple[int, int] = (64, 48)) -> bytes:
    """A real JPEG (Pillow); each colour gives different bytes, so a different stored photo."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def token() -> str:
    """A word no other story, post or photo contains."""
    return "q" + uuid.uuid4().hex[:12]


def full_story(db: Database, actor: Actor, *, word: str = "", status: Status = Status.APPROVED,
               scheduled: datetime | None = None, cities: tuple[str, ...] = ("Baku", "Tel Aviv"),
               section: str = "International", colours: tuple[int, int] = (1, 2),
               size: tuple[int, int] = (64, 48)) -> int:
    """An approved story with a lead and an inline photo, byline, dateline, section and cities."""
    word = word or token()
    body = (f"Officials met in the capital for talks on trade ({word}).\n\n"
            f"![Seafront at dusk](photos/seafront-{word}.jpg)\n\n"
            "The delegation flies home on Friday.")
    lead = photo(jpeg((colours[0] * 40 % 256, 60, 90), size), f"lectern-{word}.jpg", role="lead",
                 caption=f"The lectern before the press conference {word}", credit="Wire Service photo",
                 alt="A wooden lectern between two flags")
    inline = photo(jpeg((30, colours[1] * 50 % 256, 160), size), f"seafront-{word}.jpg",
                   ref=f"photos/seafront-{word}.jpg", caption=f"The seafront boulevard {word}",
                   credit="Jane Doe/AP photo", alt="Sailboats off a seafront")
    story_id, _slug = create_story(db, actor, StoryChanges(
        headline=f"Delegation visits Baku {word}", deck="Talks on trade and flights", section=section, body=body,
        bylines=(Byline("Ash Obel"), Byline("Ani Sarkissian", BylineRole.PHOTOGRAPHER)),
        dateline=Dateline("Tel Aviv", "Times of Israel"), cities=cities, photos=(lead, inline), status=status,
        scheduled=scheduled, week=IsoWeek.parse("2026-W47")), create_missing=True)
    return story_id


def local_target(db: Database, actor: Actor, folder: Path, name: str = "local") -> TargetInfo:
    return add_target(db, actor, TargetSpec(name, TargetKind.LOCAL, path=str(folder)))


def memory_credentials() -> Credentials:
    """A keyring that lives in memory (the unit tests' stand-in for the OS keyring)."""
    return Credentials(MemoryStore())


def publish(db: Database, actor: Actor, story_id: int, target: str, credentials: Credentials, *,
            backend_factory: BackendFactory | None = None) -> JobInfo:
    """Queue a publish and run the queue; the job as it ended."""
    job = enqueue_publish(db, actor, story_id, target)
    ran = drain(db, credentials=credentials, backend_factory=backend_factory)
    return next(j for j in ran if j.id == job.id)


class DictKeyring(KeyringBackend):
    """A real `keyring` backend holding secrets in a dict: the OS keyring, as `keyring` sees one."""

    priority = 5

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.locked = False
        self.reads = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.reads += 1
        if self.locked:
            from keyring.errors import KeyringLocked

            raise KeyringLocked("locked")
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            from keyring.errors import PasswordDeleteError

            raise PasswordDeleteError("none")


@contextmanager
def installed_keyring() -> Iterator[DictKeyring]:
    """`keyring` uses a DictKeyring for the duration."""
    import keyring

    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
