"""A member leaves: the settlement laid out line by line before anything is saved.

The dialog shows the member's pokok, wajib and sukarela, less what each running loan takes to pay
off on the leaving day (principal, unpaid jasa, denda — the loans page's own figures), and what is
left to hand over. Changing the day recomputes it (denda runs on). With the reason given, one
click settles everything in one transaction and the receipt opens for printing.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.errors import UserError
from coopdesk.i18n import _, format_money
from coopdesk.ledger.savings_leave import Leaving, LeavingUndo, Settlement
from coopdesk.ui.context import AppContext
from coopdesk.ui.widgets import DateEdit

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class LeaveDialog(QDialog):
    def __init__(self, ctx: AppContext, member_no: str, on: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_no = member_no
        self.preview: Settlement | None = None
        self.result_: Leaving | None = None
        self.setWindowTitle(_("Member leaves"))
        self.resize(600, 480)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("cardTitle")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("settlementTable")
        self.table.setHorizontalHeaderLabels([_("Settlement"), _("Amount")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a statement to read, not to edit
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addLayout(self._form(on))
        layout.addLayout(self._buttons())
        self.load()

    def _form(self, on: date) -> QFormLayout:
        form = QFormLayout()
        self.day = DateEdit(on)
        self.day.dateChanged.connect(lambda _d: self.load())
        form.addRow(_("Leaves on"), self.day)
        self.reason = QLineEdit()
        self.reason.setObjectName("leaveReason")
        self.reason.setPlaceholderText(_("e.g. moved away, works abroad for years"))
        self.reason.textChanged.connect(lambda _t: self._enable())
        form.addRow(_("Why does the member leave?"), self.reason)
        return form

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        self.settle_button = QPushButton(_("Settle and mark as left"))
        self.settle_button.setObjectName("primary")
        self.settle_button.clicked.connect(self.settle)
        buttons.addWidget(self.settle_button)
        return buttons

    def load(self) -> None:
        from coopdesk.ledger.savings_leave import settlement

        try:
            with self.ctx.book.read() as session:
                self.preview = settlement(session, self.member_no, on=self.day.date_value())
        except UserError as exc:
            self.preview = None
            self.note.setText(exc.message)
        else:
            self._show(self.preview)
        self._enable()

    def _show(self, s: Settlement) -> None:
        self.heading.setText(_("{name} ({no}) leaves the cooperative.").format(
            name=s.name, no=s.member_no))
        rows = [(ln.label, ln.amount) for ln in s.lines()]
        rows.append((_("To pay out"), s.payout))
        self.table.setRowCount(len(rows))
        bold = QFont()
        bold.setBold(True)
        for r, (label, amount) in enumerate(rows):
            name, money = QTableWidgetItem(label), QTableWidgetItem(format_money(amount))
            money.setTextAlignment(RIGHT)
            if r == len(rows) - 1:
                name.setFont(bold)
                money.setFont(bold)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, money)
        notes = list(s.notes())
        if s.problem:
            notes.append(s.problem)
        self.note.setText("\n".join(notes))

    def _enable(self) -> None:
        ok = self.preview is not None and self.preview.problem is None
        self.settle_button.setEnabled(ok and bool(self.reason.text().strip()))

    def settle(self) -> None:
        from coopdesk.ledger.savings_leave import leave

        no, day, reason = self.member_no, self.day.date_value(), self.reason.text()
        try:
            self.result_ = self.ctx.book.write(lambda s: leave(s, no, on=day, reason=reason))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.accept()


class CancelLeavingDialog(QDialog):
    """A leaving recorded by mistake: what undoing it does, said in plain words, then undone in
    one transaction when the reason is given."""

    def __init__(self, ctx: AppContext, member_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_no = member_no
        self.plan: LeavingUndo | None = None
        self.setWindowTitle(_("Cancel the leaving"))
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        self.what = QLabel()
        self.what.setObjectName("cancelLeavingPlan")
        self.what.setWordWrap(True)
        self.what.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.what, 1)
        form = QFormLayout()
        self.day = DateEdit(date.today())
        self.day.dateChanged.connect(lambda _d: self.load())
        form.addRow(_("Cancelled on"), self.day)
        self.reason = QLineEdit()
        self.reason.setObjectName("cancelLeavingReason")
        self.reason.setPlaceholderText(_("e.g. the wrong member was chosen"))
        self.reason.textChanged.connect(lambda _t: self._enable())
        form.addRow(_("Why is the leaving cancelled?"), self.reason)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        self.undo_button = QPushButton(_("Cancel the leaving"))
        self.undo_button.setObjectName("primary")
        self.undo_button.clicked.connect(self.undo)
        buttons.addWidget(self.undo_button)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        from coopdesk.ledger.savings_leave import leaving_undo, undo_lines

        try:
            with self.ctx.book.read() as session:
                self.plan = leaving_undo(session, self.member_no, on=self.day.date_value())
        except UserError as exc:
            self.plan = None
            self.what.setText(exc.message)
        else:
            lines = undo_lines(self.plan)
            if self.plan.problem:
                lines.append(self.plan.problem)
            self.what.setText("\n\n".join(lines))
        self._enable()

    def _enable(self) -> None:
        ok = self.plan is not None and self.plan.problem is None
        self.undo_button.setEnabled(ok and bool(self.reason.text().strip()))

    def undo(self) -> None:
        from coopdesk.ledger.savings_leave import cancel_leaving

        no, day, reason = self.member_no, self.day.date_value(), self.reason.text()
        try:
            self.ctx.book.write(lambda s: cancel_leaving(s, no, reason=reason, on=day))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed.emit("members")  # every page refreshes: savings and loans changed too
        self.accept()
