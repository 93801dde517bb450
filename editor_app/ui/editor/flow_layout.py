"""A layout that sets its items in lines, like words in a paragraph (Qt's flow layout example)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insert_widget(self, position: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addWidget(widget)  # appended by addItem; move it where it belongs
        item = self._items.pop()
        self._items.insert(position, item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), test_only=True)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, test_only=False)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _do_layout(self, rect: QRect, test_only: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            widget = item.widget()
            grows = widget is not None and widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Expanding
            width = hint.width()
            if x + width > area.right() and line_height > 0:
                x, y, line_height = area.x(), y + line_height + self._spacing, 0
            if grows:  # the entry box takes the rest of the line
                width = max(hint.width(), area.right() - x + 1)
            if not test_only:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()

    def spacing(self) -> int:
        return self._spacing if self._spacing >= 0 else self.smart_spacing()

    def smart_spacing(self) -> int:
        parent = self.parent()
        if isinstance(parent, QWidget):
            return parent.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        return 4
