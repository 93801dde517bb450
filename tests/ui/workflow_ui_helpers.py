"""Helpers for the workflow screens' tests: windows for several staff on one profile, and reading what each
desk shows (queues, header, checks, notes, trail, banners)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from editor_app.domain.story_state import RevisionKind
from editor_app.services.revisions import list_revisions, revision_state
from editor_app.storage.engine import Database
from editor_app.ui.main_window import MainWindow
from editor_app.ui.workflow.banner import Banner
from editor_app.ui.workflow.jobs import MoveKey
from tests.workflow_helpers import Staff


def poll(*windows: MainWindow) -> None:
    """Each desk asks the change feed now (what its 1.5 s timer does)."""
    for window in windows:
        window.workflow.live.poll_now()


def move(window: MainWindow, key: MoveKey) -> None:
    action = window.workflow.moves.actions[key]
    assert action.isEnabled(), f"{action.text()} is disabled: {action.toolTip()}"
    action.trigger()


def offered(window: MainWindow) -> dict[str, bool]:
    """The header's move buttons the user sees: label -> enabled."""
    bar = window.workflow.bar
    return {b.defaultAction().text().replace("&", ""): b.defaultAction().isEnabled()
            for b in bar.buttons.values() if not b.isHidden()}


def status_shown(window: MainWindow) -> str:
    bar = window.workflow.bar
    return f"{bar.status.accessibleDescription()} · {bar.detail.text()}"


def queue_count(window: MainWindow, label: str) -> int | None:
    return window.workflow.queues_panel.count_of(label)


def choose_queue(window: MainWindow, key: str) -> None:
    panel = window.workflow.queues_panel
    panel.select(key, emit=True)


def list_headlines(window: MainWindow) -> list[str]:
    model = window.list_pane.model
    return [row.headline for row in model.rows()]


def fix_button(window: MainWindow, code: str) -> QPushButton:
    rows = [r for r in window.workflow.findings.rows if r.finding.code == code]
    assert rows, f"no finding {code}: {[r.finding.code for r in window.workflow.findings.rows]}"
    button = rows[0].fix_button
    assert button is not None
    return button


def finding_codes(window: MainWindow) -> list[str]:
    return [f.code for f in window.workflow.findings.findings]


def kept_body(db: Database, staff: Staff, story_id: int, kind: RevisionKind) -> tuple[int, str]:
    """The newest revision of `kind` and the body it keeps."""
    kept = [r for r in list_revisions(db, staff.admin, story_id) if r.kind is kind]
    assert kept, f"no {kind.value} revision"
    number = kept[-1].number
    return number, revision_state(db, staff.admin, story_id, number)[0].body


def type_at_end(window: MainWindow, text: str) -> None:
    body = window.desk.editor.body
    cursor = body.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText(text)
    body.setTextCursor(cursor)


def press(banner: Banner, caption: str) -> None:
    """Click a banner's button (it must be there)."""
    button = banner.button(caption)
    assert button is not None, f"no “{caption}” on the banner: {banner.text!r}"
    button.click()
