"""Simpanan: pay savings in or out with a receipt to print, the meeting's dues, the arrears,
the receipts issued (to print again or void), and a member leaving.

The deposit form starts from the member number (typed or picked by name) and fills in what is
usual — the pokok still due, the wajib of the chosen day's month — so the treasurer mostly checks
and presses Save. Every saved payment opens its receipt for printing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.errors import UserError
from coopdesk.i18n import _, format_money
from coopdesk.ledger.savings import CURRENCIES, KIND_LABELS, KINDS, Kind, Movement
from coopdesk.ui.context import AppContext
from coopdesk.ui.widgets import DateEdit, MoneyEdit


class SavingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel(_("Savings"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.counter = CounterTab(ctx)
        self.tabs.addTab(self.counter, _("Pay in / take out"))
        from coopdesk.ui.pages.savings_dues import ArrearsTab, DuesTab

        self.dues = DuesTab(ctx)
        self.tabs.addTab(self.dues, _("Meeting: wajib for everyone"))
        self.arrears = ArrearsTab(ctx)
        self.tabs.addTab(self.arrears, _("Arrears"))
        from coopdesk.ui.pages.savings_receipts import ReceiptsTab

        self.receipts = ReceiptsTab(ctx)
        self.tabs.addTab(self.receipts, _("Receipts"))
        layout.addWidget(self.tabs)
        ctx.changed.connect(self._on_changed)

    def show_section(self, section: str) -> None:
        tabs = {"setor": self.counter, "iuran": self.dues, "tunggakan": self.arrears,
                "kuitansi": self.receipts}
        if section in tabs:
            self.tabs.setCurrentWidget(tabs[section])

    def _on_changed(self, area: str) -> None:
        if area in ("members", "savings"):
            self.refresh()

    def refresh(self) -> None:
        self.counter.load_members()
        self.dues.refresh()
        self.arrears.refresh()
        self.receipts.refresh()


class CounterTab(QWidget):
    """One member, one kind of savings, one amount: pay in or take out, then the receipt."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        outer = QHBoxLayout(self)
        form_box = QWidget()
        form = QFormLayout(form_box)
        self.member = QLineEdit()
        self.member.setObjectName("savingsMember")
        self.member.setPlaceholderText(_("Member number or name"))
        self.member.editingFinished.connect(self.member_chosen)
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(_(KIND_LABELS[kind]), kind)
        self.kind.setCurrentIndex(1)
        self.kind.currentIndexChanged.connect(lambda _i: self.prefill())
        self.amount = MoneyEdit()
        self.day = DateEdit(date.today())
        self.day.dateChanged.connect(lambda _d: self.prefill())  # wajib changes over the years
        form.addRow(_("Member"), self.member)
        form.addRow("", self.who)
        form.addRow(_("Savings"), self.kind)
        form.addRow(_("Amount"), self.amount)
        form.addRow(_("Date"), self.day)
        form.addRow(self._remittance_box())
        form.addRow(self._buttons())
        self.result = QLabel()
        self.result.setWordWrap(True)
        form.addRow(self.result)
        outer.addWidget(form_box, 3)
        self.balances = QLabel()
        self.balances.setObjectName("card")
        self.balances.setWordWrap(True)
        self.balances.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._no_member()
        outer.addWidget(self.balances, 2)
        self.member_no: str | None = None
        self.load_members()

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.pay_in = QPushButton(_("Pay in"))
        self.pay_in.setObjectName("primary")
        self.pay_in.clicked.connect(lambda: self.save("in"))
        self.take_out = QPushButton(_("Take out"))
        self.take_out.clicked.connect(lambda: self.save("out"))
        buttons.addWidget(self.pay_in)
        buttons.addWidget(self.take_out)
        buttons.addStretch(1)
        self.statement_button = QPushButton(_("Statement…"))
        self.statement_button.clicked.connect(self.statement)
        buttons.addWidget(self.statement_button)
        self.leave_button = QPushButton(_("Member leaves…"))
        self.leave_button.clicked.connect(self.leave)
        buttons.addWidget(self.leave_button)
        return buttons

    def _remittance_box(self) -> QGroupBox:
        box = QGroupBox(_("Sent from abroad (remittance)"))
        box.setCheckable(True)
        box.setChecked(False)
        form = QFormLayout(box)
        self.currency = QComboBox()
        for code in CURRENCIES:
            self.currency.addItem(code, code)
        self.foreign = QLineEdit()
        self.foreign.setPlaceholderText(_("amount in that currency"))
        self.rate = QLineEdit()
        self.rate.setPlaceholderText(_("rupiah per 1 unit"))
        self.channel = QLineEdit()
        self.channel.setPlaceholderText(_("bank, Western Union, post office …"))
        form.addRow(_("Currency"), self.currency)
        form.addRow(_("Amount sent"), self.foreign)
        form.addRow(_("Rate"), self.rate)
        form.addRow(_("Sent by"), self.channel)
        self.remittance_box = box
        return box

    def load_members(self) -> None:
        from coopdesk.members.register import search

        with self.ctx.book.read() as session:
            rows = search(session, "", statuses=["anggota", "calon"])
        self.choices = {f"{r.member_no} — {r.name}": r.member_no for r in rows}
        completer = QCompleter(list(self.choices), self.member)
        completer.setFilterMode(completer.filterMode().MatchContains)
        completer.setCaseSensitivity(completer.caseSensitivity().CaseInsensitive)
        completer.activated.connect(lambda _t: self.member_chosen())
        self.member.setCompleter(completer)

    def member_chosen(self, *, prefill: bool = True) -> None:
        """Show the member's name and balances; with `prefill`, also the usual amount (not when
        saving: that would overwrite the amount the treasurer typed)."""
        from coopdesk.ledger import savings

        text = self.member.text().strip()
        no = self.choices.get(text, text.split(" ")[0] if text else "")
        self.member_no = None
        if not no:
            self.who.setText("")
            self._no_member()
            return
        try:
            with self.ctx.book.read() as session:
                m = savings.member(session, no)
                b = savings.balances(session, m.id)
        except UserError as exc:
            self.who.setText(f"<span style='color:#B42318'>{exc.message}</span>")
            self._no_member()
            return
        self.member_no = m.member_no
        self.who.setText(f"<b>{m.name}</b> ({m.member_no})")
        heading, total = _("Savings of {name}").format(name=m.name), _("Total")
        self.balances.setText("<br>".join(
            [f"<b>{heading}</b>"]
            + [f"{_(KIND_LABELS[k])}: {format_money(b.of(k))}" for k in KINDS]
            + [f"<b>{total}: {format_money(b.total)}</b>"]))
        if prefill:
            self.prefill()

    def _no_member(self) -> None:
        self.balances.setText("<span style='color:#667085'>{}</span>".format(_(
            "Type a member's number or name on the left: their savings show here.")))

    def prefill(self) -> None:
        from coopdesk.ledger.savings import default_amount

        if self.member_no is None:
            return
        with self.ctx.book.read() as session:
            self.amount.set_amount(default_amount(session, self.member_no, self.kind_value(),
                                                  self.day.date_value()))

    def kind_value(self) -> Kind:
        kind: Kind = self.kind.currentData()
        return kind

    def remittance(self) -> object:
        from coopdesk.ledger.savings import Remittance, parse_decimal

        if not self.remittance_box.isChecked():
            return None
        rate: Decimal | None = parse_decimal(self.rate.text()) if self.rate.text() else None
        return Remittance(self.currency.currentData(), parse_decimal(self.foreign.text()), rate,
                          self.channel.text() or None)

    def save(self, direction: str) -> None:
        from coopdesk.ledger import savings

        self.member_chosen(prefill=False)
        if self.member_no is None:
            self.ctx.show_error(UserError(_("Choose the member first.")))
            return
        no, kind, day, amount = (self.member_no, self.kind_value(), self.day.date_value(),
                                 self.amount.amount())
        try:
            remit = self.remittance() if direction == "in" else None
            if direction == "in":
                done: Movement = self.ctx.book.write(lambda s: savings.deposit(
                    s, member_no=no, kind=kind, amount=amount, on=day,
                    remittance=remit))  # type: ignore[arg-type]
            else:
                done = self.ctx.book.write(lambda s: savings.withdraw(
                    s, member_no=no, kind=kind, amount=amount or 0, on=day))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.result.setText(_("Saved. Receipt {number}, {amount}; balance now {balance}.").format(
            number=done.receipt.number, amount=format_money(done.amount),
            balance=format_money(done.balance_after)))
        self.ctx.changed.emit("savings")
        self.member_chosen()
        self.show_receipt(done.receipt.id, done.receipt.number)

    def statement(self) -> None:
        from coopdesk.ledger import member_statement
        from coopdesk.ledger.receipts import TREASURER_NAME
        from coopdesk.pdf import Letterhead

        self.member_chosen()
        if self.member_no is None:
            self.ctx.show_error(UserError(_("Choose the member first.")))
            return
        with self.ctx.book.read() as session:
            st = member_statement.member_statement(session, self.member_no)
            data = member_statement.statement_pdf(st, Letterhead.from_book(session),
                                                  treasurer=TREASURER_NAME.get(session))
        self.ctx.preview_pdf(data, _("Savings statement"))

    def leave(self) -> None:
        """The settlement laid out, the day and the reason, then settle and mark keluar."""
        from coopdesk.ui.pages.savings_leave import LeaveDialog

        self.member_chosen()
        no = self.member_no
        if no is None:
            self.ctx.show_error(UserError(_("Choose the member first.")))
            return
        dialog = LeaveDialog(self.ctx, no, self.day.date_value(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_ is None:
            return
        done = dialog.result_
        self.result.setText(_("{name} has left the cooperative; {amount} paid out.").format(
            name=done.settlement.name, amount=format_money(done.settlement.payout)))
        self.ctx.changed.emit("members")
        if done.receipt is not None:
            self.show_receipt(done.receipt.id, done.receipt.number)

    def show_receipt(self, receipt_id: int, number: str) -> None:
        from coopdesk.ui.pages.savings_receipts import show_receipt

        show_receipt(self.ctx, receipt_id, number)
