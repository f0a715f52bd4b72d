"""The simpanan wajib amounts the members' meeting decided, and a new decision recorded.

A list of each amount with the month it applies from, and below it a form: the new amount, the
first month it applies to, and the decision it comes from ("RAT 2026"). Months before keep the
amounts they were owed at.
"""

from __future__ import annotations

from datetime import date

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
from coopdesk.i18n import _, format_money, month_name
from coopdesk.ui.context import AppContext
from coopdesk.ui.widgets import DateEdit, MoneyEdit


class WajibAmountsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changed = False
        self.setWindowTitle(_("Simpanan wajib amounts"))
        self.resize(520, 420)
        layout = QVBoxLayout(self)
        hint = QLabel(_("Each month's dues are the amount in force in that month. A new amount "
                        "applies from the month you choose; earlier months keep theirs."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("wajibTable")
        self.table.setHorizontalHeaderLabels([_("In effect from"), _("A month"), _("Decided by")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.amount = MoneyEdit()
        self.start = DateEdit(date.today().replace(day=1))
        self.start.setDisplayFormat("MMMM yyyy")
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("e.g. RAT 2026"))
        form.addRow(_("New amount a month"), self.amount)
        form.addRow(_("From the month of"), self.start)
        form.addRow(_("Decided by"), self.note)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        self.save_button = QPushButton(_("Record the new amount"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        from coopdesk.ledger.savings_wajib import wajib_schedule

        with self.ctx.book.read() as session:
            lines = wajib_schedule(session).lines()
        self.table.setRowCount(len(lines))
        for r, (start, amount, note) in enumerate(lines):
            since = f"{month_name(start.month)} {start.year}" if start else _("at first")
            for c, text in enumerate((since, format_money(amount), note or "")):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def save(self) -> None:
        from coopdesk.ledger.savings_wajib import set_wajib_amount

        amount, start, note = self.amount.amount(), self.start.date_value(), self.note.text()
        try:
            if amount is None:
                raise UserError(_("The monthly simpanan wajib must be more than zero."))
            self.ctx.book.write(lambda s: set_wajib_amount(s, amount, from_month=start,
                                                           note=note))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.changed = True
        self.amount.set_amount(None)
        self.note.clear()
        self.refresh()
