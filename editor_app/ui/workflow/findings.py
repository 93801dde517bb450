"""The house-style findings of the story in the editor, live: checked on the text on screen (not saved yet)
a moment after typing stops, on the database lane (the checks read the vocabulary and the slugs). Each
finding says where it is (a button that focuses the field) and, where the fix is mechanical, offers it
(one click changes the editor's fields; autosave then saves them like any edit). Blockers disable the
approval (the service refuses it anyway)."""

from __future__ import annotations

import logging
import re
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.house_style import Finding, Fix
from editor_app.domain.story_draft import state_of_draft
from editor_app.ui.workflow import jobs
from editor_app.ui.workflow.row_list import RowList

if TYPE_CHECKING:
    from editor_app.ui.editor.controller import EditorController
    from editor_app.ui.editor.editor_pane import EditorPane
    from editor_app.ui.editor.jobs import OpenedStory
    from editor_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

CHECK_DELAY_MS = 400
_FIELD = re.compile(r"^(?P<name>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<part>[a-z_]+))?$")
_NAMES = {"headline": "Headline", "deck": "Deck", "section": "Section", "slug": "Slug", "dateline": "Dateline",
          "bylines": "Bylines", "body": "Body", "cities": "City tag", "photos": "Photo"}
_PARTS = {"caption": "caption", "credit": "credit", "alt": "alt text"}


def where(field: str) -> str:
    """ "Headline", "City tag 3", "Photo 1: credit" for a finding's field."""
    match = _FIELD.match(field)
    if match is None:
        return field
    text = _NAMES.get(match["name"], match["name"])
    if match["index"] is not None:
        text += f" {int(match['index']) + 1}"
    if match["part"]:
        text += f": {_PARTS.get(match['part'], match['part'])}"
    return text


def focus_field(pane: EditorPane, field: str) -> None:
    """Put the cursor where the finding is (a photo's: its line in the Photos tab)."""
    match = _FIELD.match(field)
    name = match["name"] if match else field
    index = int(match["index"]) if match and match["index"] is not None else -1
    if name == "photos":
        pane.tabs.setCurrentWidget(pane.photos)
        pane.photos.select(index)
        pane.photos.list.setFocus(Qt.FocusReason.OtherFocusReason)
        return
    if name == "cities" and 0 <= index < len(pane.cities.chips()):
        pane.cities.chips()[index].setFocus(Qt.FocusReason.OtherFocusReason)
        return
    widgets: dict[str, QWidget] = {
        "headline": pane.headline, "deck": pane.deck, "section": pane.section, "slug": pane.slug,
        "dateline": pane.place, "bylines": pane.bylines.name_box, "cities": pane.cities.input, "body": pane.body}
    widget = widgets.get(name, pane.body)
    if pane.middle.currentWidget() is pane.work or widget is not pane.body:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)


def apply_fix(pane: EditorPane, fix: Fix) -> None:
    """Make the fix in the editor's fields, as the writer would: each change is an edit autosave saves."""
    if fix.slug is not None:
        pane.slug.setText(fix.slug)
        pane.slug.textEdited.emit(fix.slug)
    if fix.bylines is not None:
        pane.bylines.set_bylines(fix.bylines)
        pane.bylines.changed.emit()
    if fix.cities is not None:
        pane.cities.set_names(fix.cities)
        pane.cities.changed.emit()
    if fix.photos:
        pane.photos.replace_photos(fix.apply(state_of_draft(pane.draft())).photos)


class FindingRow(QFrame):
    """A finding: what, with a link to where it is, and its one-click fix (a button of its own line)."""

    go_to = Signal(str)

    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("findingRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        kind = "Blocker" if finding.blocks else "Warning"
        colour = "#c62828" if finding.blocks else "#8d6e00"
        place = where(finding.field).lower()
        self.text = QLabel(f'<b style="color:{colour}">{kind}</b> · {escape(finding.message)} '
                           f'<a href="go">Go to {escape(place)}</a>', self)
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.text.setAccessibleName(f"{kind}: {finding.message}")
        self.text.linkActivated.connect(lambda _link: self.go_to.emit(finding.field))
        self.fix_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addWidget(self.text)
        if finding.fix is not None:
            self.fix_button = QPushButton(f"Fix: {finding.fix.label}", self)
            self.fix_button.setAccessibleName(f"Fix it: {finding.fix.label}")
            self.fix_button.setToolTip(finding.fix.label)
            self.fix_button.setAutoDefault(False)
            self.fix_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.fix_button.setMinimumWidth(40)
            layout.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignLeft)


class FindingsPanel(QWidget):
    go_to = Signal(str)  # a finding's field
    fix_wanted = Signal(object)  # a Fix

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self.findings: list[Finding] = []
        self.rows: list[FindingRow] = []
        self.summary = QLabel(self)
        self.summary.setObjectName("findingsSummary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("House-style checks")
        self.list = RowList(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.set_findings([])

    @property
    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.blocks]

    def set_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.rows = []
        for finding in findings:
            row = FindingRow(finding, self.list.holder)
            row.go_to.connect(self.go_to)
            if row.fix_button is not None:
                row.fix_button.clicked.connect(lambda _c=False, fix=finding.fix: self.fix_wanted.emit(fix))
            self.rows.append(row)
        self.list.set_rows(self.rows)
        blockers, warnings = len(self.blockers), len(findings) - len(self.blockers)
        if not findings:
            self.summary.setText("No house-style findings: nothing stands in the way of approval.")
        else:
            stopping = (f"{blockers} blocker{'s' if blockers != 1 else ''} (approval waits for "
                        f"{'them' if blockers != 1 else 'it'})" if blockers else "No blockers")
            self.summary.setText(f"{stopping}; {warnings} warning{'s' if warnings != 1 else ''}. "
                                 "Checked as you type.")

    def tab_title(self) -> str:
        return f"Chec&ks ({len(self.findings)})" if self.findings else "Chec&ks"

    def tab_icon(self) -> QStyle.StandardPixmap:
        if self.blockers:
            return QStyle.StandardPixmap.SP_MessageBoxCritical
        pixmap = QStyle.StandardPixmap
        return pixmap.SP_MessageBoxWarning if self.findings else pixmap.SP_DialogApplyButton


class FindingsChecker(QObject):
    """Runs the checks on the editor's text a moment after it changes; stale answers are dropped."""

    checked = Signal(list)  # the findings for the text on screen

    def __init__(self, runner: TaskRunner, controller: EditorController, panel: FindingsPanel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.controller = controller
        self.panel = panel
        self.cities: dict[str, str] | None = None
        self._generation = 0
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        controller.opened.connect(self._opened)
        controller.pane.edited.connect(lambda _name: self._timer.start())
        panel.go_to.connect(lambda field: focus_field(controller.pane, field))
        panel.fix_wanted.connect(self.fix)

    def _opened(self, opened: OpenedStory) -> None:
        self.panel.set_findings([])  # the previous story's findings go; this one's are on their way
        self.checked.emit([])
        if opened.editable.may_edit:
            self.check_now()

    def forget_vocabulary(self) -> None:
        """The city vocabulary changed: read it again on the next check."""
        self.cities = None

    def check_now(self) -> None:
        self._timer.stop()
        newsroom, story_id = self.controller.newsroom, self.controller.story_id
        if newsroom is None or story_id is None:
            return
        self._generation += 1
        generation, draft, cities = self._generation, self.controller.pane.draft(), self.cities
        db, actor = newsroom.db, newsroom.actor

        def job() -> tuple[dict[str, str], list[Finding]]:
            vocabulary = cities if cities is not None else jobs.check_vocabulary(db, actor)
            return vocabulary, jobs.check_draft(db, actor, story_id, draft, vocabulary)

        self.runner.run(job, lambda answer: self._done(generation, story_id, answer), self._failed)

    def _done(self, generation: int, story_id: int, answer: tuple[dict[str, str], list[Finding]]) -> None:
        self.cities = answer[0]
        if generation != self._generation or story_id != self.controller.story_id:
            return
        self.panel.set_findings(answer[1])
        self.checked.emit(answer[1])

    def _failed(self, error: BaseException) -> None:
        logger.info("house-style check failed: %s", error)  # the next edit checks again

    def fix(self, fix: Fix) -> None:
        if self.controller.read_only:
            return
        apply_fix(self.controller.pane, fix)
        self.check_now()
