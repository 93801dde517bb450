"""How a photo tile looks: the thumbnail, the caption (or the file name in grey), and small badges for what
the photo still needs, location data found in the original, and how many stories use it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPixmap, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from editor_app.domain.photos import PhotoRow
from editor_app.ui.photo_desk.model import BROKEN_ROLE, ROW_ROLE

Index = QModelIndex | QPersistentModelIndex

TILE = QSize(200, 222)
THUMB_HEIGHT = 138
PAD = 6
NEEDS_COLOUR = QColor("#b3261e")
LOCATION_COLOUR = QColor("#8d4e00")
USED_COLOUR = QColor("#1e5fa8")


class PhotoTileDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._badge_font: QFont | None = None
        self.tile = QSize(TILE)  # TILE at least; the pane widens tiles to fill a row

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self.tile

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, PhotoRow):
            return
        rect: QRect = option.rect
        state = option.state
        palette: QPalette = option.palette
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        tile = QRectF(rect.adjusted(3, 3, -3, -3))
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(tile, 6, 6)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(tile, 6, 6)
        thumb_area = QRect(rect.left() + PAD, rect.top() + PAD, rect.width() - 2 * PAD, THUMB_HEIGHT)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            self._draw_thumbnail(painter, thumb_area, pixmap)
        else:
            self._draw_placeholder(painter, thumb_area, palette, broken=bool(index.data(BROKEN_ROLE)))
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight).darker(130))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(tile, 6, 6)
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        caption_top = thumb_area.bottom() + 6
        caption_rect = QRect(rect.left() + PAD, caption_top, rect.width() - 2 * PAD, 2 * option.fontMetrics.height())
        self._draw_caption(painter, caption_rect, row, option.font, text_colour, selected)
        self._draw_badges(painter, QRect(rect.left() + PAD, rect.bottom() - PAD - 16, rect.width() - 2 * PAD, 16),
                          row, option.font)
        painter.restore()

    @staticmethod
    def _draw_thumbnail(painter: QPainter, area: QRect, pixmap: QPixmap) -> None:
        ratio = pixmap.devicePixelRatio() or 1.0
        size = (pixmap.size() / ratio).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, size.width(), size.height())
        target.moveCenter(area.center())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(target, pixmap)

    @staticmethod
    def _draw_placeholder(painter: QPainter, area: QRect, palette: QPalette, *, broken: bool) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Mid).lighter(150))
        inner = QRect(area)
        inner.setWidth(area.height() * 4 // 3)
        inner.moveCenter(area.center())
        painter.drawRoundedRect(QRectF(inner), 4, 4)
        if broken:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, "Cannot show\nthis photo")

    @staticmethod
    def _draw_caption(painter: QPainter, area: QRect, row: PhotoRow, font: QFont, colour: QColor,
                      selected: bool) -> None:
        text = row.caption.strip()
        shown_font = QFont(font)
        if not text:
            text = row.filename
            shown_font.setItalic(True)
            if not selected:
                colour = QColor(colour)
                colour.setAlpha(150)
        painter.setFont(shown_font)
        painter.setPen(colour)
        metrics = QFontMetrics(shown_font)
        for n, line_text in enumerate(two_lines(text, shown_font, area.width())):
            painter.drawText(area.left(), area.top() + metrics.ascent() + n * metrics.height(), line_text)

    def _draw_badges(self, painter: QPainter, area: QRect, row: PhotoRow, font: QFont) -> None:
        if self._badge_font is None:
            self._badge_font = QFont(font)
            self._badge_font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
            self._badge_font.setBold(True)
        # What could expose a source first: it must never be cut off by a row of missing words.
        badges = [(text, LOCATION_COLOUR) for text, found in (("GPS", row.location_found), ("S/N", row.serial_found))
                  if found]
        badges += [(f"no {need.label}", NEEDS_COLOUR) for need in row.needs]
        if row.stories:
            badges.append((f"in {len(row.stories)} stor{'y' if len(row.stories) == 1 else 'ies'}", USED_COLOUR))
        painter.setFont(self._badge_font)
        metrics = QFontMetrics(self._badge_font)
        x = area.left()
        for text, colour in badges:
            width = metrics.horizontalAdvance(text) + 8
            if x + width > area.right():
                break
            box = QRectF(x, area.top(), width, area.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4


def two_lines(text: str, font: QFont, width: int) -> list[str]:
    """`text` wrapped to at most two lines of `width` pixels, the second elided when more is left."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    starts: list[int] = []
    while len(starts) < 2:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    if not starts:
        return []
    lines = [text[start:end].strip() for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
    lines[-1] = QFontMetrics(font).elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)
    return lines
