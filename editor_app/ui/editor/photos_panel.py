"""The story's photos (lead and inline): reorder them (Alt+↑/↓), remove one (Delete), make one the lead, or put
an inline photo's figure Markdown at the body's cursor (Enter). New photos arrive by dropping or pasting them
into the body (ui/editor/photo_drops.py) or from the photo desk."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.captions import caption_with_credit
from editor_app.domain.stories import PhotoUse
from editor_app.domain.story_state import PhotoState
from editor_app.ui.editor.flow_layout import FlowLayout
from editor_app.ui.newsroom_jobs import image_src

THUMB = QSize(96, 72)


class PhotoList(QListWidget):
    move_wanted = Signal(int)  # -1 up, +1 down
    remove_wanted = Signal()
    insert_wanted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_wanted.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
        elif event.key() == Qt.Key.Key_Delete:
            self.remove_wanted.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.insert_wanted.emit()
        else:
            super().keyPressEvent(event)


class PhotosPanel(QWidget):
    changed = Signal()
    insert_wanted = Signal(str)  # figure Markdown for the body

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._photos: list[PhotoState] = []
        self._uses: dict[int, PhotoUse] = {}
        self._images: dict[str, QImage] = {}
        self.list = PhotoList(self)
        self.list.setObjectName("storyPhotos")
        self.list.setAccessibleName("The story's photos")
        self.list.setIconSize(THUMB)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.note = QLabel("New photos come from the photo desk. Alt+↑/↓ reorder, Delete removes, Enter puts "
                           "the photo at the cursor in the body.", self)
        self.note.setWordWrap(True)
        self.note.setObjectName("photosNote")
        buttons = FlowLayout(spacing=4)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip in (("up", "Up", "Move the photo up (Alt+↑)"), ("down", "Down", "Move down (Alt+↓)"),
                               ("lead", "Make lead", "Make this the lead photo"),
                               ("insert", "Insert at cursor", "Put this photo's figure in the body (Enter)"),
                               ("remove", "Remove", "Take the photo out of the story (Delete)")):
            button = QPushButton(text, self)
            button.setAccessibleName(tip)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            buttons.addWidget(button)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.buttons["up"].clicked.connect(lambda: self.move_current(-1))
        self.buttons["down"].clicked.connect(lambda: self.move_current(1))
        self.buttons["lead"].clicked.connect(self.make_lead)
        self.buttons["insert"].clicked.connect(self.insert_current)
        self.buttons["remove"].clicked.connect(self.remove_current)
        self.list.move_wanted.connect(self.move_current)
        self.list.remove_wanted.connect(self.remove_current)
        self.list.insert_wanted.connect(self.insert_current)

    def set_photos(self, photos: tuple[PhotoState, ...], uses: tuple[PhotoUse, ...],
                   images: dict[str, QImage]) -> None:
        self._photos = list(photos)
        self._uses = {use.image_id: use for use in uses}
        self._images = images
        self._refill(0)

    def photos(self) -> tuple[PhotoState, ...]:
        return tuple(self._photos)

    def replace_photos(self, photos: tuple[PhotoState, ...]) -> None:
        """New words for the same photos (a one-click house-style fix): an edit like any other."""
        self._photos = list(photos)
        self._refill(self.list.currentRow())
        self.changed.emit()

    def add_photo(self, photo: PhotoState, use: PhotoUse, image: QImage | None) -> None:
        """A photo just dropped or pasted into the story (stored already; the story saves it with its place)."""
        self._photos.append(photo)
        self._uses[use.image_id] = use
        if image is not None:
            self._images[image_src(use)] = image
        self._refill(len(self._photos) - 1)
        self.changed.emit()

    def select(self, index: int) -> None:
        if 0 <= index < len(self._photos):
            self.list.setCurrentRow(index)

    def _refill(self, current: int) -> None:
        self.list.clear()
        for photo in self._photos:
            use = self._uses.get(photo.image_id)
            caption = caption_with_credit(use.caption, use.credit) if use else ""
            item = QListWidgetItem(f"{photo.role.capitalize()} · {photo.ref}\n{caption or 'No caption yet'}")
            image = self._images.get(image_src(use)) if use else None
            if image is not None:
                item.setIcon(QIcon(QPixmap.fromImage(image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio))))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{photo.role} photo {photo.ref}: {caption}")
            self.list.addItem(item)
        if self._photos:
            self.list.setCurrentRow(max(0, min(current, len(self._photos) - 1)))

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        to = row + step
        if 0 <= row < len(self._photos) and 0 <= to < len(self._photos):
            self._photos.insert(to, self._photos.pop(row))
            self._refill(to)
            self.changed.emit()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._photos):
            del self._photos[row]
            self._refill(row)
            self.changed.emit()

    def make_lead(self) -> None:
        """The current photo becomes the lead (first); a previous lead becomes an inline photo."""
        row = self.list.currentRow()
        if not 0 <= row < len(self._photos):
            return
        chosen = replace(self._photos.pop(row), role="lead")
        others = [replace(p, role="inline") if p.role == "lead" else p for p in self._photos]
        self._photos = [chosen, *others]
        self._refill(0)
        self.changed.emit()

    def insert_current(self) -> None:
        from editor_app.domain.story_draft import figure_markdown

        row = self.list.currentRow()
        if 0 <= row < len(self._photos) and (use := self._uses.get(self._photos[row].image_id)):
            self.insert_wanted.emit(figure_markdown(replace(use, ref=self._photos[row].ref or use.ref)))
