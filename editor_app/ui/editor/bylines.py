"""Bylines: the ordered contributors of a story with their roles. A thin list model (moves through
beginMoveRows, so drag-and-drop and Alt+arrows keep the view), and the row that edits it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.bylines import Byline, BylineRole, byline_text
from editor_app.domain.completion import Choice
from editor_app.ui.editor.completer import FoldingCompleter

Index = QModelIndex | QPersistentModelIndex
MIME = "application/x-editor-app-byline-row"
ROLE_LABELS = {BylineRole.AUTHOR: "author", BylineRole.PHOTOGRAPHER: "photographer",
               BylineRole.TRANSLATOR: "translator", BylineRole.SPECIAL: "special to the paper"}
BYLINE_ROLE = Qt.ItemDataRole.UserRole + 1


class BylineModel(QAbstractListModel):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Byline] = []

    def set_rows(self, rows: Sequence[Byline]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> tuple[Byline, ...]:
        return tuple(self._rows)

    def add(self, byline: Byline) -> bool:
        if any(b.name == byline.name and b.role is byline.role for b in self._rows):
            return False
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(byline)
        self.endInsertRows()
        self.changed.emit()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.changed.emit()

    def move(self, row: int, to: int) -> bool:
        """Move `row` so that it ends up at position `to`."""
        if not (0 <= row < len(self._rows) and 0 <= to < len(self._rows)) or row == to:
            return False
        destination = to + 1 if to > row else to  # Qt counts the destination before the move
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._rows.insert(to, self._rows.pop(row))
        self.endMoveRows()
        self.changed.emit()
        return True

    # --- Qt overrides ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        byline = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{byline.name} · {ROLE_LABELS[byline.role]}"
        if role in (Qt.ItemDataRole.EditRole, BYLINE_ROLE):
            return byline.role.value
        if role == Qt.ItemDataRole.ToolTipRole:
            return "F2 or double-click: change the role · Alt+←/→: move · Delete: remove"
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        new = Byline(self._rows[index.row()].name, BylineRole(str(value)))
        if new == self._rows[index.row()]:
            return False
        self._rows[index.row()] = new
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        if indexes:
            data.setData(MIME, QByteArray(str(indexes[0].row()).encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        source = int(bytes(data.data(MIME).data()).decode())
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        to = target - 1 if target > source else target
        self.move(source, max(0, min(to, len(self._rows) - 1)))
        return False  # the move is done: the view must not remove the source row as well


class RoleDelegate(QStyledItemDelegate):
    """F2 or a double-click on a byline offers its role in a combo box."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        box.setAccessibleName("Byline role")
        for role, label in ROLE_LABELS.items():
            box.addItem(label, role.value)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(BYLINE_ROLE))))

    def setModelData(self, editor: QWidget, model: object, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        index.model().setData(index, editor.currentData())


class BylineList(QListView):
    """One row of bylines: Alt+←/→ (or Alt+↑/↓) move the current one, Delete removes it."""

    def __init__(self, model: BylineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bylineList")
        self.setAccessibleName("Bylines (in order)")
        self.setModel(model)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setSpacing(2)
        self.setItemDelegate(RoleDelegate(self))
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(self.fontMetrics().height() + 14)
        self._model = model

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentIndex().row()
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Right, Qt.Key.Key_Down):
            step = -1 if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up) else 1
            if self._model.move(row, row + step):
                self.setCurrentIndex(self._model.index(row + step))
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and row >= 0:
            self._model.remove(row)
            return
        super().keyPressEvent(event)


Confirm = Callable[[str, str], bool]


class BylineEditor(QWidget):
    """The bylines row: the ordered list, a name with completion from the contributor registry, its role."""

    changed = Signal()
    new_contributor_wanted = Signal(str, object)  # name, BylineRole: add to the registry, then to the story

    def __init__(self, paper_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper_name = paper_name
        self.model = BylineModel(self)
        self.view = BylineList(self.model, self)
        self.name_box = QLineEdit(self)
        self.name_box.setObjectName("bylineName")
        self.name_box.setPlaceholderText("Add a contributor…  (Ctrl+Shift+B)")
        self.name_box.setAccessibleName("Add a byline: contributor's name")
        self.completer = FoldingCompleter(self.name_box)
        self.role_box = QComboBox(self)
        self.role_box.setAccessibleName("Role of the byline to add")
        for role, label in ROLE_LABELS.items():
            self.role_box.addItem(label, role.value)
        self.add_button = QPushButton("Add", self)
        self.add_button.setAccessibleName("Add the byline")
        self.add_button.setAutoDefault(False)
        self.text_label = QLabel(self)
        self.text_label.setObjectName("bylineText")
        self.text_label.setAccessibleName("Byline as printed")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name_box, 2)
        row.addWidget(self.role_box)
        row.addWidget(self.add_button)
        row.addSpacing(12)
        row.addWidget(self.text_label, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.view)
        layout.addLayout(row)
        self.model.changed.connect(self._changed)
        self.name_box.returnPressed.connect(self.add_typed)
        self.add_button.clicked.connect(self.add_typed)
        self.completer.chosen.connect(lambda _name: self.add_typed())

    def set_contributors(self, choices: Sequence[Choice]) -> None:
        self.completer.set_choices(choices)

    def set_bylines(self, bylines: Sequence[Byline]) -> None:
        self.model.set_rows(bylines)
        self._show_text()

    def bylines(self) -> tuple[Byline, ...]:
        return self.model.rows()

    def add_typed(self) -> None:
        """Add the typed name with the chosen role; a name the registry lacks is offered to it first."""
        typed = self.name_box.text().strip()
        if not typed:
            return
        role = BylineRole(self.role_box.currentData())
        known = self.completer.resolve(typed)
        if known is None:
            self.new_contributor_wanted.emit(typed, role)
            return
        self.add_byline(Byline(known, role))

    def add_byline(self, byline: Byline) -> None:
        self.model.add(byline)
        self.name_box.clear()
        self.completer.hide_popup()

    def _changed(self) -> None:
        self._show_text()
        self.changed.emit()

    def _show_text(self) -> None:
        try:
            text = byline_text(self.model.rows(), self.paper_name)
        except ValueError:
            text = ""
        self.text_label.setText(text or "No byline yet")
