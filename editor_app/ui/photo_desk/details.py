"""The details of one photo: the picture (click to set the focal point), its words, what its file holds,
and the stories that use it. Ctrl+S saves, Ctrl+Enter saves and moves to the next photo, Alt+↑/↓ move."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.photos import Keep, PhotoDetail, PhotoEdit, PhotoRow
from editor_app.ui.photo_desk.fields import FocalPointView, PhotographerBox
from editor_app.ui.photo_desk.jobs import DetailView

if TYPE_CHECKING:
    from editor_app.services.vocab import ContributorInfo

STORY_ROLE = Qt.ItemDataRole.UserRole + 1


def _text_box(name: str, placeholder: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def facts_line(row: PhotoRow) -> str:
    """'6000×4000 JPEG · 7.3 MB · taken 20 Sep 2026, 10:42 (+04:00) · Canon EOS R5'."""
    kind = row.mime.split("/")[-1].upper()
    parts = [f"{row.width}×{row.height} {kind}", file_size(row.byte_size)]
    if row.date_taken:
        parts.append("taken " + taken_label(row.date_taken))
    if row.camera:
        parts.append(row.camera)
    if row.copyright:
        parts.append(row.copyright)
    return " · ".join(parts)


def file_size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} KB"


def taken_label(iso: str) -> str:
    """'20 Sep 2026, 10:42 (+04:00)'; without an offset it is the camera clock's time, shown as it is."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    offset = when.isoformat()[19:] if when.tzinfo else ""
    return f"{when.day} {when:%b %Y, %H:%M}" + (f" ({offset})" if offset else "")


def protection_line(detail: PhotoDetail) -> str:
    """What the original holds and what became of the copies that left."""
    row = detail.row
    if row.location_found is None:
        found = "Not checked yet for location data and serial numbers."
    elif row.location_found or row.serial_found:
        what = " and ".join(w for w, hit in (("location data", row.location_found),
                                               ("a camera serial number", row.serial_found)) if hit)
        found = f"The original holds {what}; it is removed from every copy that leaves the newsroom."
    else:
        found = "No location data or serial numbers in the original."
    if not detail.copies:
        return f"{found} No copy has been sent out yet."
    clean = "all proved clean" if detail.all_copies_clean else "NOT ALL PROVED CLEAN"
    return f"{found} {len(detail.copies)} cop{'y' if len(detail.copies) == 1 else 'ies'} sent out, {clean}."


class DetailsPanel(QWidget):
    save_wanted = Signal(int, int, object)  # image id, the version shown, a PhotoEdit
    focal_wanted = Signal(int, float, float)
    story_wanted = Signal(int)
    move_wanted = Signal(int)  # -1 previous photo, +1 next
    back_to_grid = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoDetails")
        self._row: PhotoRow | None = None
        self.picture = FocalPointView(self)
        self.title = QLabel(self)
        self.title.setObjectName("photoFileName")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.caption = _text_box("Caption", "What the photo shows: who, what, where, when", 3)
        self.credit = QLineEdit(self)
        self.credit.setAccessibleName("Credit")
        self.credit.setPlaceholderText("e.g. Meridian Weekly photo")
        self.alt = _text_box("Alt text", "For readers who cannot see it (required before publication)", 2)
        self.photographer = PhotographerBox(self.credit, self)
        self.source = QLineEdit(self)
        self.source.setAccessibleName("Source")
        self.source.setPlaceholderText("Where it came from: an agency, a handout, a reader")
        self.protection = QLabel(self)
        self.protection.setObjectName("photoProtection")
        self.protection.setWordWrap(True)
        self.uses = QListWidget(self)
        self.uses.setAccessibleName("Stories that use this photo")
        self.uses.setMaximumHeight(self.uses.fontMetrics().height() * 5)
        self.uses.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.save_button = QPushButton("&Save", self)
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.next_button = QPushButton("Save and &next", self)
        self.next_button.setToolTip("Save and go to the next photo (Ctrl+Enter)")
        self.revert_button = QPushButton("&Revert", self)
        self._lay_out()
        self._connect()
        self.clear()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Caption", self.caption)
        form.addRow("Photo&grapher", self.photographer)
        form.addRow("Cre&dit", self.credit)
        form.addRow("&Alt text", self.alt)
        form.addRow("S&ource", self.source)
        buttons = QHBoxLayout()
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.protection)
        self.uses_label = QLabel("Used in:", self)
        layout.addWidget(self.uses_label)
        layout.addWidget(self.uses)

    def _connect(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.next_button.clicked.connect(lambda: self.save(then=1))
        self.revert_button.clicked.connect(self.revert)
        self.picture.focal_clicked.connect(self._focal_clicked)
        self.uses.itemActivated.connect(lambda item: self.story_wanted.emit(int(item.data(STORY_ROLE))))
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=context)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, lambda: self.save(then=1), context=context)
        QShortcut(QKeySequence("Alt+Down"), self, lambda: self.move_wanted.emit(1), context=context)
        QShortcut(QKeySequence("Alt+Up"), self, lambda: self.move_wanted.emit(-1), context=context)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back_to_grid.emit, context=context)

    # --- showing ----------------------------------------------------------------
    @property
    def image_id(self) -> int | None:
        return self._row.id if self._row is not None else None

    def set_contributors(self, contributors: list[ContributorInfo]) -> None:
        self.photographer.set_contributors(contributors)

    def clear(self, message: str = "Choose a photo to caption it.") -> None:
        self._row = None
        self.picture.clear(message)
        self.title.setText("")
        self.facts.setText("")
        self.protection.setText("")
        self.uses.clear()
        self.uses_label.setText("Used in:")
        for widget in (self.caption, self.credit, self.alt, self.source):
            widget.clear()
        self.photographer.set_name("")
        self._set_editable(False)

    def _set_editable(self, enabled: bool) -> None:
        for widget in (self.caption, self.credit, self.alt, self.photographer, self.source, self.save_button,
                       self.next_button, self.revert_button):
            widget.setEnabled(enabled)

    def show_detail(self, view: DetailView) -> None:
        detail, row = view.detail, view.detail.row
        keep_edits = self._row is not None and self._row.id == row.id and self.is_dirty()
        self._row = row
        message = "" if not view.preview.isNull() else "This photo cannot be shown (its file is damaged)."
        self.picture.set_image(view.preview, row.focal, message)
        self.title.setText(f"<b>{_escape(row.filename)}</b>  <span style='color:gray'>photo {row.id}</span>")
        self.facts.setText(facts_line(row))
        self.protection.setText(protection_line(detail))
        self.uses.clear()
        for use in row.stories:
            item = QListWidgetItem(f"{use.headline} — {use.role} · {use.week or 'no week'} · "
                                   f"{use.status.label.lower()}", self.uses)
            item.setData(STORY_ROLE, use.story_id)
        self.uses_label.setText("Used in:" if row.stories else "Used in: no story yet.")
        self.uses.setVisible(bool(row.stories))
        self._set_editable(True)
        if not keep_edits:
            self.revert()

    def revert(self) -> None:
        row = self._row
        if row is None:
            return
        self.caption.setPlainText(row.caption)
        self.credit.setText(row.credit)
        self.alt.setPlainText(row.alt)
        self.photographer.set_name(row.photographer)
        self.source.setText(row.source)

    def apply_edit(self, edit: PhotoEdit) -> None:
        """Put an unsaved edit back in the fields (its save failed): nothing typed is lost."""
        if not isinstance(edit.caption, Keep):
            self.caption.setPlainText(edit.caption)
        if not isinstance(edit.credit, Keep):
            self.credit.setText(edit.credit)
        if not isinstance(edit.alt, Keep):
            self.alt.setPlainText(edit.alt)
        if not isinstance(edit.photographer, Keep):
            self.photographer.set_name(edit.photographer)
        if not isinstance(edit.source, Keep):
            self.source.setText(edit.source)

    def focus_caption(self) -> None:
        self.caption.setFocus(Qt.FocusReason.OtherFocusReason)
        self.caption.selectAll()

    # --- editing ----------------------------------------------------------------
    def edit(self) -> PhotoEdit:
        """The fields that differ from the photo as loaded."""
        row = self._row
        if row is None:
            return PhotoEdit()
        wanted = {"caption": self.caption.toPlainText().strip(), "credit": self.credit.text().strip(),
                  "alt": self.alt.toPlainText().strip(), "source": self.source.text().strip(),
                  "photographer": " ".join(self.photographer.currentText().split())}
        current = {"caption": row.caption, "credit": row.credit, "alt": row.alt, "photographer": row.photographer,
                   "source": row.source}
        return PhotoEdit(**{name: value for name, value in wanted.items() if value != current[name]})  # type: ignore[arg-type]

    def is_dirty(self) -> bool:
        return not self.edit().empty

    def save(self, then: int = 0) -> None:
        """Ask for the edit to be saved (when there is one), then move by `then` photos."""
        row = self._row
        if row is not None and self.is_dirty():
            self.save_wanted.emit(row.id, row.version, self.edit())
        if then:
            self.move_wanted.emit(then)

    def _focal_clicked(self, x: float, y: float) -> None:
        if self._row is not None:
            self.focal_wanted.emit(self._row.id, x, y)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
