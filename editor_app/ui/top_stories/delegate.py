"""How a story looks in the board's lists: its rank (picks), the headline, and a line with section, status and byline;
a candidate already picked is dimmed with a check mark."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from editor_app.domain.top_stories import TopStory
from editor_app.ui.top_stories.model import PICKED_ROLE, RANK_ROLE, ROW_ROLE, meta_line

Index = QModelIndex | QPersistentModelIndex
PAD = 6
BADGE = 26


class StoryDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + PAD * 3)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        story = index.data(ROW_ROLE)
        if not isinstance(story, TopStory):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        style = option.widget.style() if option.widget else None
        painter.save()
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        rank = int(index.data(RANK_ROLE) or 0)
        picked = bool(index.data(PICKED_ROLE))
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        left = rect.left() + PAD
        font = QFont(option.font)
        line = QFontMetrics(font).height()
        if rank:
            badge = QRect(left, rect.top() + PAD, BADGE, line + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight if not selected else QPalette.ColorRole.Base))
            painter.drawRoundedRect(badge, 4, 4)
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if not selected
                                         else QPalette.ColorRole.Text))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(rank))
            left += BADGE + PAD
        elif picked:
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRect(left, rect.top() + PAD, BADGE, line), Qt.AlignmentFlag.AlignCenter, "✓")
            left += BADGE + PAD
        width = rect.right() - left - PAD
        headline_font = QFont(font)
        headline_font.setBold(True)
        painter.setFont(headline_font)
        color = palette.color(QPalette.ColorRole.PlaceholderText if picked and not selected else text_role)
        painter.setPen(color)
        headline = QFontMetrics(headline_font).elidedText(story.headline, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(left, rect.top() + PAD, width, line), Qt.AlignmentFlag.AlignVCenter, headline)
        painter.setFont(font)
        meta = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText)
        painter.setPen(meta)
        extra = " · already picked" if picked else ""
        text = QFontMetrics(font).elidedText(meta_line(story) + extra, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(left, rect.top() + PAD * 2 + line, width, line), Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()
