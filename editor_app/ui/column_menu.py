"""A right-click menu on a table's header to show or hide its columns (the first one always stays)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView


def install_column_menu(table: QTableView, hidden: tuple[int, ...] = ()) -> None:
    """Columns in `hidden` start hidden; the header's saved state (window-state.ini) wins over that."""
    header = table.horizontalHeader()
    for column in hidden:
        header.setSectionHidden(column, True)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(lambda point: _show_menu(table, header, point))


def _show_menu(table: QTableView, header: QHeaderView, point: QPoint) -> None:
    model = table.model()
    menu = QMenu(header)
    for column in range(1, model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        action = menu.addAction(title)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.toggled.connect(lambda shown, c=column: header.setSectionHidden(c, not shown))
    menu.popup(header.mapToGlobal(point))
