"""When two editors reorder the same week at once: both orders side by side, and the editor chooses."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QListWidget, QWidget

from editor_app.domain.top_stories import PicksConflictError


class PicksConflictDialog(QDialog):
    """Mine on the left, theirs (saved meanwhile) on the right; keep mine (saved over theirs) or take theirs."""

    keep_mine = Signal()
    take_theirs = Signal()

    def __init__(self, conflict: PicksConflictError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("picksConflictDialog")
        self.setWindowTitle(f"Top stories of {conflict.theirs.week.label} changed meanwhile")
        self.resize(820, 420)
        intro = QLabel(f"{conflict.message} {conflict.hint}", self)
        intro.setWordWrap(True)
        theirs = conflict.theirs
        who = theirs.updated_by or "someone else"
        self.mine = QListWidget(self)
        self.mine.setObjectName("myOrder")
        self.mine.setAccessibleName("Your order")
        self.mine.addItems(conflict.order_lines(conflict.mine) or ["(no picks)"])
        self.theirs = QListWidget(self)
        self.theirs.setObjectName("theirOrder")
        self.theirs.setAccessibleName(f"The order {who} saved")
        self.theirs.addItems(conflict.order_lines(theirs.ids) or ["(no picks)"])
        buttons = QDialogButtonBox(self)
        self.keep = buttons.addButton("&Keep My Order", QDialogButtonBox.ButtonRole.AcceptRole)
        self.take = buttons.addButton(f"&Take {who.split()[0]}'s Order" if theirs.updated_by else "&Take Their Order",
                                      QDialogButtonBox.ButtonRole.RejectRole)
        self.keep.clicked.connect(self._keep)
        self.take.clicked.connect(self._take)
        layout = QGridLayout(self)
        layout.addWidget(intro, 0, 0, 1, 2)
        layout.addWidget(QLabel("<b>Your order</b>", self), 1, 0)
        layout.addWidget(QLabel(f"<b>Saved by {who}</b> (version {theirs.version})", self), 1, 1)
        layout.addWidget(self.mine, 2, 0)
        layout.addWidget(self.theirs, 2, 1)
        layout.addWidget(buttons, 3, 0, 1, 2)

    def _keep(self) -> None:
        self.keep_mine.emit()
        self.accept()

    def _take(self) -> None:
        self.take_theirs.emit()
        self.reject()
