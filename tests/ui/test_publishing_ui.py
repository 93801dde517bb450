"""Publishing in the window: the targets dialog, publishing the selected story, the queue pane's progress,
errors, retry, cancel, comparing an edit made on the site, and opening what was published."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from editor_app.domain.workflow import Status
from editor_app.services.actor import Actor
from editor_app.services.publishing.outbox import enqueue_publish
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.models import OutboxJob
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from editor_app.ui.publishing_targets import TargetsDialog
from tests.publishing_helpers import local_target
from tests.ui.conftest import WindowFactory


def select_story(window: MainWindow, headline: str) -> int:
    model = window.list_pane.model
    row = next(i for i in range(model.rowCount()) if model.row_at(i).headline == headline)  # type: ignore[union-attr]
    window.list_pane.table.setCurrentIndex(model.index(row, 0))
    story_id = window.list_pane.current_story_id()
    assert story_id is not None
    return story_id


def queue_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    table = window.publishing.queue.table

    def text(row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    return [(text(r, 0), text(r, 2), text(r, 3)) for r in range(table.rowCount())]


def test_a_first_publish_suggests_a_local_site_then_publishes_the_selected_story(
        qtbot: QtBot, make_window: WindowFactory, profile: Profile, sample_stories: list[int],
        tmp_path: Path) -> None:
    window = make_window(profile.dir)
    publishing = window.publishing
    select_story(window, "Community choir returns")
    assert publishing.publish_action.shortcut().toString() == "Ctrl+Shift+P"

    publishing.publish_action.trigger()  # no target yet: the dialog opens with a suggestion
    dialog = publishing.targets_dialog
    assert isinstance(dialog, TargetsDialog) and dialog.isVisible()
    assert dialog.name.text() == "Local site" and dialog.path.text() == str(profile.dir / "site")
    assert "Add a publishing target first" in window.statusBar().currentMessage()
    dialog.path.setText(str(tmp_path / "paper-site"))
    dialog.save_button.click()
    assert dialog.list.count() == 1 and "Local site" in dialog.list.item(0).text()
    dialog.test_button.click()
    assert dialog.check_result.text().startswith("✔ The local site can be written to")
    dialog.close()

    story_id = select_story(window, "Community choir returns")
    publishing.publish_action.trigger()

    assert publishing.dock.isVisible()
    assert queue_rows(window) == [("Community choir returns", "Publish", "Done")]
    assert window.db is not None and window.actor is not None
    story = get_story(window.db, window.actor, story_id)
    assert story.status is Status.PUBLISHED
    page = tmp_path / "paper-site" / "stories" / f"{story.slug}.html"
    assert page.is_file()
    opened: list[str] = []
    publishing.open_url = opened.append
    publishing.queue.select_job(publishing.queue.jobs[0].id)
    publishing.queue.buttons["open"].click()
    publishing.open_site_action.trigger()
    assert opened == [page.as_uri(), (tmp_path / "paper-site" / "index.html").as_uri()]


def test_a_failed_job_shows_why_and_can_be_retried_and_cancelled(make_window: WindowFactory, profile: Profile,
                                                                 sample_stories: list[int], newsroom: Database,
                                                                 owner: Actor, tmp_path: Path) -> None:
    busy = tmp_path / "documents"
    busy.mkdir()
    (busy / "letter.txt").write_text("keep me")
    local_target(newsroom, owner, busy, name="docs")
    window = make_window(profile.dir)
    queue = window.publishing.queue
    select_story(window, "Community choir returns")
    window.publishing.publish_action.trigger()

    assert queue_rows(window) == [("Community choir returns", "Publish", "Failed")]
    queue.select_job(queue.jobs[0].id)
    details = queue.details.toPlainText()
    assert "holds files the app did not write" in details and "Choose an empty or new folder" in details
    assert queue.buttons["retry"].isEnabled() and not queue.buttons["compare"].isEnabled()
    queue.buttons["retry"].click()
    assert queue.jobs[0].attempts == 2 and queue_rows(window)[0][2] == "Failed"
    queue.select_job(queue.jobs[0].id)
    queue.buttons["cancel"].click()
    assert queue_rows(window)[0][2] == "Cancelled"
    assert (busy / "letter.txt").read_text() == "keep me"


def test_an_edit_on_the_site_is_compared_side_by_side_before_overwriting(make_window: WindowFactory,
                                                                        profile: Profile, sample_stories: list[int],
                                                                        newsroom: Database, owner: Actor,
                                                                        tmp_path: Path) -> None:
    local_target(newsroom, owner, tmp_path / "site", name="site")
    job = enqueue_publish(newsroom, owner, sample_stories[2], "site")
    with newsroom.session() as session:  # as a WordPress job stops when the post was edited on the site
        row = session.get(OutboxJob, job.id)
        assert row is not None
        row.state = "conflict"
        row.last_error = "“Community choir returns” was edited on site."
        row.payload = {**row.payload, "conflict": {
            "remote": {"title": "Community choir returns", "content": "<p>Rehearsals start on Tuesday.</p>"},
            "local": {"title": "Community choir returns", "content": "<p>Rehearsals start on Monday.</p>"},
            "remote_modified": "2026-11-26T10:00:00+00:00", "last_sent": {}}}
    window = make_window(profile.dir)
    queue = window.publishing.queue
    assert queue_rows(window) == [("Community choir returns", "Publish", "Edited on the site")]
    queue.select_job(job.id)
    assert queue.buttons["compare"].isEnabled()
    queue.buttons["compare"].click()

    dialog = window.publishing.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert "Tuesday" in text and "Monday" in text and "On the site" in text and "In the app" in text
    dialog.overwrite.click()

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert queue_rows(window) == [("Community choir returns", "Publish", "Done")]
    with newsroom.session() as session:
        stored = session.get(OutboxJob, job.id)
        assert stored is not None and stored.payload["options"]["overwrite_modified"] == "2026-11-26T10:00:00+00:00"


def test_the_targets_dialog_refuses_plain_http_in_place_and_says_where_a_password_goes(
        make_window: WindowFactory, profile: Profile, sample_stories: list[int]) -> None:
    window = make_window(profile.dir)
    dialog = window.publishing.open_targets()
    assert dialog is not None
    dialog.start_new()
    dialog.kind.setCurrentIndex(dialog.kind.findData("wordpress"))
    assert dialog.url.isEnabled() and not dialog.path.isEnabled()
    dialog.name.setText("web")
    dialog.url.setText("http://news.example.org")
    dialog.user.setText("ed")
    dialog.save_button.click()
    assert dialog.check_result.text().startswith("✘ Plain http:// is not allowed to news.example.org")
    assert dialog.list.count() == 0

    dialog.url.setText("https://news.example.org")
    dialog.password.setText("abcd efgh ijkl mnop qrst uvwx")
    dialog.save_button.click()
    assert dialog.list.count() == 1 and dialog.password.text() == ""
    assert "keyring" in dialog.keyring_note.text()
    assert "Leave empty to keep it" in dialog.password.placeholderText()


def test_a_job_for_a_site_whose_password_this_computer_lacks_says_it_waits(make_window: WindowFactory,
                                                                          profile: Profile,
                                                                          sample_stories: list[int],
                                                                          newsroom: Database, owner: Actor) -> None:
    from editor_app.services.publishing.targets import TargetKind, TargetSpec, add_target

    add_target(newsroom, owner, TargetSpec("web", TargetKind.WORDPRESS, url="https://paper.example.net",
                                           username="nobody-here"))
    window = make_window(profile.dir)
    select_story(window, "Community choir returns")
    window.publishing.publish_action.trigger()

    queue = window.publishing.queue
    assert queue_rows(window) == [("Community choir returns", "Publish", "Queued")]
    progress = queue.table.item(0, 4)
    assert progress is not None and progress.text() == "waits for the target's password on this computer"
    queue.select_job(queue.jobs[0].id)
    assert "enter it in Publishing → Publishing Targets" in queue.details.toPlainText()
