"""Widgets the details and batch panels share: the picture with its focal point, and the photographer box
that fills in a photographer's usual credit (credit memory)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QSizePolicy, QWidget

if TYPE_CHECKING:
    from editor_app.services.vocab import ContributorInfo



class FocalPointView(QWidget):
    """The photo, and a cross where crops will centre; a click moves the cross (`focal_clicked(x, y)`, each
    0..1 of the upright picture)."""

    focal_clicked = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("focalPointView")
        self.setAccessibleName("Photo: click where crops should centre")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 160)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._pixmap = QPixmap()
        self._focal = (0.5, 0.5)
        self._message = ""

    def sizeHint(self) -> QSize:
        return QSize(420, 300)

    def set_image(self, image: QImage, focal: tuple[float, float], message: str = "") -> None:
        self._pixmap = QPixmap.fromImage(image) if not image.isNull() else QPixmap()
        self._focal = focal
        self._message = message
        self.update()

    def clear(self, message: str = "") -> None:
        self.set_image(QImage(), (0.5, 0.5), message)

    @property
    def focal(self) -> tuple[float, float]:
        return self._focal

    def picture_rect(self) -> QRect:
        """Where the picture is drawn: fitted into the widget, centred."""
        if self._pixmap.isNull():
            return QRect()
        size = self._pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        rect = QRect(0, 0, size.width(), size.height())
        rect.moveCenter(self.rect().center())
        return rect

    def mousePressEvent(self, event: QMouseEvent) -> None:
        rect = self.picture_rect()
        point = event.position()
        if event.button() != Qt.MouseButton.LeftButton or rect.isEmpty() or not QRectF(rect).contains(point):
            super().mousePressEvent(event)
            return
        x = min(1.0, max(0.0, (point.x() - rect.left()) / max(1, rect.width())))
        y = min(1.0, max(0.0, (point.y() - rect.top()) / max(1, rect.height())))
        self._focal = (round(x, 3), round(y, 3))
        self.update()
        self.focal_clicked.emit(*self._focal)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = self.picture_rect()
        if rect.isEmpty():
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
            return
        painter.drawPixmap(rect, self._pixmap)
        centre = QPointF(rect.left() + self._focal[0] * rect.width(), rect.top() + self._focal[1] * rect.height())
        for colour, width in ((QColor(0, 0, 0, 160), 4.0), (QColor("white"), 2.0)):
            painter.setPen(QPen(colour, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, 11, 11)
            painter.drawLine(centre + QPointF(-18, 0), centre + QPointF(-6, 0))
            painter.drawLine(centre + QPointF(6, 0), centre + QPointF(18, 0))
            painter.drawLine(centre + QPointF(0, -18), centre + QPointF(0, -6))
            painter.drawLine(centre + QPointF(0, 6), centre + QPointF(0, 18))


class PhotographerBox(QComboBox):
    """An editable list of the newsroom's contributors. Choosing one whose usual credit is known fills the
    credit field, unless someone typed a credit of their own there."""

    def __init__(self, credit: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName("Photographer or agency")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText("Choose or type a name")
        completer = self.completer()
        if completer is not None:
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._credit = credit
        self._usual: dict[str, str] = {}
        self._filled = ""  # the credit this box put in the credit field last
        self.currentTextChanged.connect(self._chosen)

    def set_contributors(self, contributors: list[ContributorInfo]) -> None:
        keep = self.currentText()
        self.blockSignals(True)
        self.clear()
        self.addItem("")
        for person in contributors:
            self.addItem(person.name)
        self._usual = {person.name.casefold(): person.default_credit for person in contributors}
        self.setCurrentText(keep)
        self.blockSignals(False)

    def set_name(self, name: str) -> None:
        """Show `name` without touching the credit (loading a photo, not choosing)."""
        self.blockSignals(True)
        self.setCurrentText(name)
        self.blockSignals(False)
        self._filled = ""

    def usual_credit(self, name: str) -> str:
        return self._usual.get(name.strip().casefold(), "")

    def _chosen(self, name: str) -> None:
        usual = self.usual_credit(name)
        current = self._credit.text().strip()
        if usual and (not current or current == self._filled):
            self._credit.setText(usual)
            self._filled = usual
