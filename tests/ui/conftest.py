"""UI fixtures: a main window on a real profile, with the task runner made synchronous."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
from pytestqt.qtbot import QtBot

from editor_app.domain.bylines import Byline
from editor_app.domain.stories import Dateline
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.services.actor import Actor
from editor_app.services.story_changes import StoryChanges
from editor_app.storage.engine import Database
from editor_app.ui.main_window import MainWindow
from editor_app.ui.settings import SettingsStore
from editor_app.ui.tasks import SyncTaskRunner
from tests.helpers import create_story


class WindowFactory(Protocol):
    def __call__(self, profile_dir: Path, demo: bool = False, acting_user: str | None = None) -> MainWindow: ...


def add_stories(db: Database, actor: Actor, count: int, **overrides: object) -> list[int]:
    ids = []
    for n in range(count):
        fields: dict[str, object] = {
            "headline": f"Story number {n}", "section": "Community", "body": f"Body text {n}.",
            "bylines": (Byline("Ash Obel"),), "week": IsoWeek(2026, 40),
        }
        fields.update(overrides)
        story_id, _ = create_story(db, actor, StoryChanges(**fields))  # type: ignore[arg-type]
        ids.append(story_id)
    return ids


@pytest.fixture
def sample_stories(newsroom: Database, owner: Actor) -> list[int]:
    """Three stories that differ in section, status, week and city."""
    a, _ = create_story(newsroom, owner, StoryChanges(
        headline="Defense minister visits Azerbaijan", section="International", deck="Talks on cooperation",
        body="Talks in the capital focused on defense.", bylines=(Byline("Ash Obel"),),
        dateline=Dateline("Tel Aviv", "Wire"), cities=("Bakı",), week=IsoWeek.parse("2026-W40")))
    b, _ = create_story(newsroom, owner, StoryChanges(
        headline="Gyumri opens a new library", section="Armenia", body="Գյումրիում նոր գրադարան է բացվել։",
        bylines=(Byline("Ani Sarkissian"),), cities=("Gyumri",), status=Status.SUBMITTED,
        week=IsoWeek(2026, 41)))
    c, _ = create_story(newsroom, owner, StoryChanges(
        headline="Community choir returns", section="Community", body="Rehearsals start on Monday.",
        week=IsoWeek.parse("2026-W41"), status=Status.APPROVED))
    return [a, b, c]


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator[WindowFactory]:
    """Build a main window on a profile folder, open it, and close it at the end of the test."""
    windows: list[MainWindow] = []

    def factory(profile_dir: Path, demo: bool = False, acting_user: str | None = None) -> MainWindow:
        window = MainWindow(SyncTaskRunner(), SettingsStore(tmp_path / "config"))
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitActive(window)
        window.open_newsroom(profile_dir, None, demo, acting_user)
        window.workflow.live.timer.stop()  # the tests poll the change feed by hand, when they mean to
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.close()
