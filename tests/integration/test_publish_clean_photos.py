"""Source protection: a camera photo with GPS and serial numbers leaves the newsroom clean — to the local site as
a metadata-free web rendition, to the real WordPress as the scrubbed original (IPTC kept) — and every copy that
left is recorded as verified clean. The photo stored in the newsroom keeps what the camera wrote."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
from sqlalchemy import select

from editor_app.domain.workflow import Status
from editor_app.imaging.metadata import read_metadata
from editor_app.imaging.scrub import leftovers
from editor_app.services.publishing.outbox import JobState
from editor_app.services.story_changes import StoryChanges
from editor_app.storage.models import Image, PhotoCopy
from tests.helpers import create_story, photo
from tests.integration.publishing_wp import SiteCleanup, WpNewsroom, media_with
from tests.photo_samples import camera_photo
from tests.publishing_helpers import local_target, publish, token


def gps_story(wp: WpNewsroom, word: str) -> tuple[int, bytes]:
    original = camera_photo(seed=7)
    assert read_metadata(original).has_location and leftovers(original)  # the camera's GPS and serials are there
    story_id, _ = create_story(wp.db, wp.owner, StoryChanges(
        headline=f"Harvest in the valley {word}", section="International", body="Body text.",
        status=Status.APPROVED, cities=("Baku",),
        photos=(photo(original, f"harvest-{word}.jpg", role="lead", caption=f"The harvest {word}",
                      credit="Jane Doe/AP photo", alt="Pickers among vines"),)))
    return story_id, original


def test_a_gps_photo_leaves_clean_for_both_backends(wp: WpNewsroom, site_cleanup: SiteCleanup, tmp_path: Path) -> None:
    word = site_cleanup.track(token())
    story_id, original = gps_story(wp, word)
    local = local_target(wp.db, wp.owner, tmp_path / "site")
    done = publish(wp.db, wp.owner, story_id, local.name, wp.credentials)
    assert done.state is JobState.DONE, done.last_error
    [web] = list((tmp_path / "site" / "photos").glob("harvest-*.jpg"))
    assert leftovers(web.read_bytes()) == [] and not read_metadata(web.read_bytes()).has_location

    job = publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())
    assert job.state is JobState.DONE, job.last_error
    with wp.site.client() as client:
        [media] = media_with(client, word)
    uploaded = httpx.get(media.source_url, timeout=30).content
    assert leftovers(uploaded) == []
    sent = read_metadata(uploaded)
    assert not sent.has_location and not sent.has_serial
    assert sent.caption == read_metadata(original).caption  # IPTC kept: the clean original, not a re-encode

    with wp.db.session() as session:
        stored = session.scalars(select(Image.data)).one()
        copies = session.scalars(select(PhotoCopy)).all()
    assert stored == original  # the newsroom's archive is the photo as imported
    assert len(copies) == 2 and all(c.verified_clean for c in copies)
    assert hashlib.sha256(uploaded).hexdigest() in {c.sha256 for c in copies}
