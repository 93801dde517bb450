"""The editor's fields: headline, deck, section, slug, dateline, bylines, city tags, and the Markdown body
beside the tabs for the live preview, the photos and the history. Widgets only: EditorController (in
controller.py) loads, saves and renders."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.completion import Choice
from editor_app.domain.newsroom_settings import NewsroomSettings
from editor_app.domain.stories import Dateline
from editor_app.domain.story_draft import FieldWarning, StoryDraft
from editor_app.domain.text import slugify, word_count
from editor_app.ui.editor.body_editor import BodyEditor, FindBar
from editor_app.ui.editor.bylines import BylineEditor
from editor_app.ui.editor.city_chips import CityChipEditor
from editor_app.ui.editor.completer import FoldingCompleter
from editor_app.ui.editor.conflict_view import ConflictView
from editor_app.ui.editor.history_panel import HistoryPanel
from editor_app.ui.editor.photos_panel import PhotosPanel
from editor_app.ui.editor.preview import PreviewView

WORD_COUNT_DELAY_MS = 150
WARNING_STYLE = "color: #c62828;"
NOTE_STYLE = "color: palette(placeholder-text);"


def set_style(label: QLabel, style: str) -> None:
    """Restyle only on a change: a style sheet set on every keystroke re-polishes the label each time."""
    if label.styleSheet() != style:
        label.setStyleSheet(style)


def _line(parent: QWidget, name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    box = QLineEdit(parent)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setPlaceholderText(placeholder)
    return box


class EditorPane(QWidget):
    edited = Signal(str)  # the name of the draft field the writer changed
    body_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorPane")
        self._loading = False
        self._slug_follows = True
        self._slug_fixed = False
        self.headline = _line(self, "headline", "Headline", "Headline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline_note = QLabel(self)
        self.headline_note.setObjectName("headlineNote")
        self.deck = _line(self, "deck", "Deck", "Deck: one sentence under the headline (optional)")
        self.section = QComboBox(self)
        self.section.setObjectName("section")
        self.section.setAccessibleName("Section")
        self.slug = _line(self, "slug", "Slug (web address)", "made from the headline")
        self.slug_note = QLabel(self)
        self.slug_note.setObjectName("slugNote")
        self.place = _line(self, "datelinePlace", "Dateline place", "Place (e.g. Tel Aviv)")
        self.place_completer = FoldingCompleter(self.place)
        self.source = _line(self, "datelineSource", "Dateline source", "Source (e.g. Times of Israel)")
        self.dateline_text = QLabel(self)
        self.dateline_text.setObjectName("datelineText")
        self.dateline_text.setAccessibleName("Dateline as printed")
        self.bylines = BylineEditor(NewsroomSettings().paper_name, self)  # the newsroom's, once open
        self.cities = CityChipEditor(self)
        self.body = BodyEditor(self)
        self.find_bar = FindBar(self.body, self)
        self.preview = PreviewView(self)
        self.photos = PhotosPanel(self)
        self.history = HistoryPanel(self)
        self.conflict = ConflictView(self)
        self.status = QLabel(self)
        self.status.setObjectName("editorStatus")
        self.words = QLabel(self)
        self.words.setObjectName("wordCount")
        self.words.setAccessibleName("Word count")
        self._word_timer = QTimer(self, singleShot=True, interval=WORD_COUNT_DELAY_MS)
        self._build()
        self._connect()

    # --- building ------------------------------------------------------------
    def _build(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("editorTabs")
        self.tabs.addTab(self.preview, "&Preview")
        self.tabs.addTab(self.photos, "Ph&otos")
        self.tabs.addTab(self.history, "Histor&y")
        body_box = QWidget(self)
        body_layout = QVBoxLayout(body_box)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(2)
        body_layout.addWidget(self.body, 1)
        body_layout.addWidget(self.find_bar)
        self.work = QSplitter(Qt.Orientation.Horizontal, self)
        self.work.setObjectName("editorSplitter")
        self.work.addWidget(body_box)
        self.work.addWidget(self.tabs)
        self.work.setChildrenCollapsible(False)
        self.work.setSizes([500, 500])
        self.middle = QStackedWidget(self)
        self.middle.addWidget(self.work)
        self.middle.addWidget(self.conflict)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.words)
        self.header = QVBoxLayout()  # where the workflow puts the story's status, moves and banners
        self.header.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 2)
        layout.setSpacing(6)
        layout.addLayout(self.header)
        layout.addLayout(self._fields())
        layout.addWidget(self.middle, 1)
        layout.addLayout(footer)
        for note in (self.headline_note, self.slug_note):
            set_style(note, NOTE_STYLE)
        self.headline_note.hide()
        # labels whose text comes and goes must never widen the window: they wrap or give way
        for label in (self.headline_note, self.status, self.bylines.text_label, self.dateline_text):
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(40)

    def _fields(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(5)
        grid.setColumnStretch(1, 1)
        for row, (text, buddy) in enumerate((("&Headline", self.headline), ("D&eck", self.deck),
                                             ("Sec&tion", self.section), ("Date&line", self.place),
                                             ("&Bylines", self.bylines.name_box), ("&Cities", self.cities.input))):
            label = QLabel(text, self)
            label.setBuddy(buddy)
            # rows that may grow (a warning, a second line of chips) keep their label by the first line
            top = buddy in (self.bylines.name_box, self.cities.input, self.headline)
            if top:
                field = self.headline if buddy is self.headline else self.cities.input
                label.setContentsMargins(0, max(0, (field.sizeHint().height() - label.sizeHint().height()) // 2),
                                         0, 0)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignRight | (
                Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter))
        headline_row = QVBoxLayout()
        headline_row.setSpacing(0)
        headline_row.addWidget(self.headline)
        headline_row.addWidget(self.headline_note)
        grid.addLayout(headline_row, 0, 1)
        grid.addWidget(self.deck, 1, 1)
        section_row = QHBoxLayout()
        section_row.addWidget(self.section)
        slug_label = QLabel("Sl&ug", self)
        slug_label.setBuddy(self.slug)
        section_row.addSpacing(12)
        section_row.addWidget(slug_label)
        section_row.addWidget(self.slug, 1)
        section_row.addWidget(self.slug_note)
        grid.addLayout(section_row, 2, 1)
        dateline_row = QHBoxLayout()
        dateline_row.addWidget(self.place, 2)
        dateline_row.addWidget(self.source, 3)
        dateline_row.addWidget(self.dateline_text, 3)
        grid.addLayout(dateline_row, 3, 1)
        grid.addWidget(self.bylines, 4, 1)
        grid.addWidget(self.cities, 5, 1)
        return grid

    def _connect(self) -> None:
        self.headline.textEdited.connect(self._headline_edited)
        self.deck.textEdited.connect(lambda: self._edited("deck"))
        self.section.currentIndexChanged.connect(lambda: self._edited("section"))
        self.slug.textEdited.connect(self._slug_edited)
        for box, name in ((self.place, "dateline_place"), (self.source, "dateline_source")):
            box.textChanged.connect(self._show_dateline)
            box.textEdited.connect(lambda _text, name=name: self._edited(name))
        self.place_completer.chosen.connect(lambda _name: self._edited("dateline_place"))
        self.bylines.changed.connect(lambda: self._edited("bylines"))
        self.cities.changed.connect(lambda: self._edited("cities"))
        self.photos.changed.connect(lambda: self._edited("photos"))
        self.photos.insert_wanted.connect(self._insert_figure)
        self.body.document().contentsChanged.connect(self._body_edited)
        self._word_timer.timeout.connect(self._count_words)

    # --- loading and reading -------------------------------------------------------
    def set_vocabulary(self, sections: list[str], cities: list[Choice], contributors: list[Choice]) -> None:
        current = self.section.currentText()
        self._loading = True
        self.section.clear()
        self.section.addItems(sections)
        if current:
            self._choose_section(current)
        self._loading = False
        self.cities.set_cities(cities)
        self.place_completer.set_choices(cities)
        self.bylines.set_contributors(contributors)

    def _choose_section(self, name: str) -> None:
        if self.section.findText(name) < 0:
            self.section.addItem(name)
        self.section.setCurrentIndex(self.section.findText(name))

    def load(self, draft: StoryDraft, slug_fixed: bool) -> None:
        """Show a story's draft; nothing here counts as an edit."""
        self._loading = True
        try:
            self.headline.setText(draft.headline)
            self.headline.setCursorPosition(0)
            self.deck.setText(draft.deck)
            self.deck.setCursorPosition(0)
            self._choose_section(draft.section)
            self._slug_follows = draft.slug_follows_headline
            self._slug_fixed = slug_fixed
            self.slug.setText(draft.slug)
            self.place.setText(draft.dateline_place)
            self.source.setText(draft.dateline_source)
            self.bylines.set_bylines(draft.bylines)
            self.cities.set_names(draft.cities)
            self.body.set_text(draft.body)
            self.find_bar.hide()
            self.middle.setCurrentWidget(self.work)
        finally:
            self._loading = False
        self._show_slug_note()
        self.show_warnings([])
        self._count_words()

    def draft(self) -> StoryDraft:
        return StoryDraft(
            headline=self.headline.text(), section=self.section.currentText(), deck=self.deck.text(),
            slug=self.slug.text().strip(), slug_follows_headline=self._slug_follows, body=self.body.toPlainText(),
            dateline_place=self.place.text(), dateline_source=self.source.text(), bylines=self.bylines.bylines(),
            cities=self.cities.names(), photos=self.photos.photos())

    def set_read_only(self, read_only: bool) -> None:
        for line in (self.headline, self.deck, self.slug, self.place, self.source):
            line.setReadOnly(read_only)
        self.body.setReadOnly(read_only)
        for widget in (self.section, self.bylines, self.cities, self.photos):
            widget.setEnabled(not read_only)

    # --- reacting to the writer ------------------------------------------------------
    def _edited(self, name: str) -> None:
        if not self._loading:
            self.edited.emit(name)

    def _headline_edited(self, text: str) -> None:
        if self._slug_follows and not self._slug_fixed:
            self.slug.setText(slugify(text) if text.strip() else "")
        self._edited("headline")

    def _slug_edited(self, text: str) -> None:
        self._slug_follows = not text.strip() and not self._slug_fixed
        if self._slug_follows:
            self.slug.setPlaceholderText(slugify(self.headline.text()))
        self._show_slug_note()
        self._edited("slug")

    def slug_saved(self, slug: str) -> None:
        """The address the database settled on (a "-2" after a clash); the writer's cursor stays put."""
        if self._slug_follows and self.slug.text() != slug and not self.slug.hasFocus():
            self.slug.setText(slug)

    def _show_slug_note(self) -> None:
        if self._slug_fixed:
            text = "published address: it changes only if you change it"
        elif self._slug_follows:
            text = "follows the headline"
        else:
            text = "your own"
        self.slug_note.setText(text)
        set_style(self.slug_note, NOTE_STYLE)

    def _show_dateline(self) -> None:
        place = self.place.text().strip()
        self.dateline_text.setText(Dateline(place, self.source.text().strip()).text() if place else "")

    def _body_edited(self) -> None:
        if self._loading:
            return
        self._word_timer.start()
        self.body_edited.emit()
        self.edited.emit("body")

    def _count_words(self) -> None:
        count = word_count(self.body.toPlainText())
        self.words.setText(f"{count:,} word{'s' if count != 1 else ''}")

    def _insert_figure(self, markdown: str) -> None:
        self.body.insert_at_cursor(markdown)
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_warnings(self, warnings: list[FieldWarning]) -> None:
        """Warnings beside their fields: the headline's under it, the slug's beside it, others in the status."""
        by_field = {w.field: w for w in warnings}
        headline = by_field.get("headline")
        self.headline_note.setVisible(headline is not None)
        if headline is not None:
            self.headline_note.setText(headline.message)
            set_style(self.headline_note, WARNING_STYLE if headline.blocking else NOTE_STYLE)
        slug = by_field.get("slug")
        if slug is not None:  # a short word beside the field; the whole sentence in the tooltip and below
            self.slug_note.setText("taken: choose another" if "already uses" in slug.message else "not saved")
            set_style(self.slug_note, WARNING_STYLE)
            self.slug_note.setToolTip(slug.message)
            self.slug.setToolTip(slug.message)
        else:
            self._show_slug_note()
            self.slug_note.setToolTip("")
            self.slug.setToolTip("")
        others = [w.message for name, w in by_field.items() if name != "headline"]
        if others:
            self.status.setText(" ".join(others))
            set_style(self.status, WARNING_STYLE)
