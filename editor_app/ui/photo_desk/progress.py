"""The strip that shows an import running: a progress bar, the file just done, and Cancel. It listens to a
PhotoImporter, so any pane that imports photos can show one."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from editor_app.ui.photo_desk.importer import PhotoImporter


class ImportProgress(QWidget):
    def __init__(self, importer: PhotoImporter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProgress")
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Import progress")
        self.bar.setTextVisible(True)
        self.bar.setFormat("%v of %m")
        self.label = QLabel(self)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop after the photo being imported now; the photos already in stay")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.label, 2)
        layout.addWidget(self.bar, 3)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(importer.cancel)
        importer.started.connect(self._started)
        importer.progressed.connect(self._progressed)
        importer.finished.connect(lambda _report: self.hide())
        importer.failed.connect(lambda _error: self.hide())
        importer.cancelled.connect(lambda _done: self.hide())
        self.hide()

    def _started(self, count: int) -> None:
        self.bar.setRange(0, 0)  # busy until the folders are read and the total is known
        self.label.setText(f"Reading {count} item{'s' if count != 1 else ''}…")
        self.show()

    def _progressed(self, done: int, total: int, name: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(f"Importing: {name}" if name else f"Importing {total:,} photos…")
