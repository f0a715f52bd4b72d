"""What a treasurer does to a loan from the Pinjaman page: each action is one short service call
in one transaction; a repayment shows how it will be split before it is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coopdesk.errors import UserError
from coopdesk.i18n import _, format_date, format_money
from coopdesk.ui.pages.loans import AMBER, GREEN, RED, money, put, table
from coopdesk.ui.widgets import DateEdit, MoneyEdit

if TYPE_CHECKING:
    from coopdesk.ui.pages.loans_detail import LoanDetailPanel


def _run(panel: LoanDetailPanel, action: Callable[[Any], Any]) -> Any:
    """Do one action in one transaction; explain a refusal plainly. None when it failed."""
    try:
        return panel.ctx.book.write(action)
    except UserError as exc:
        panel.ctx.show_error(exc)
        return None


def approve(panel: LoanDetailPanel) -> None:
    from coopdesk.ledger.loans import lifecycle

    loan_id = panel.loan_id or 0
    if _run(panel, lambda s: lifecycle.approve_loan(s, loan_id)) is not None:
        panel.done()


def reject(panel: LoanDetailPanel) -> None:
    from coopdesk.ledger.loans import lifecycle

    reason = panel.ask_reason(_("Reject the application"), _("Why is it rejected?"))
    loan_id = panel.loan_id or 0
    if reason and _run(panel, lambda s: lifecycle.reject_loan(s, loan_id, reason=reason)):
        panel.done()


def cancel(panel: LoanDetailPanel) -> None:
    from coopdesk.ledger.loans import lifecycle

    reason = panel.ask_reason(_("Cancel the application"), _("Why is it cancelled?"))
    loan_id = panel.loan_id or 0
    if reason and _run(panel, lambda s: lifecycle.cancel_loan(s, loan_id, reason=reason)):
        panel.done()


def disburse(panel: LoanDetailPanel) -> None:
    from coopdesk.ledger.loans import lifecycle

    shown = panel.shown
    if shown is None:
        return
    v = shown.detail.loan
    if not panel.confirm(_("Pay out {amount} to {name} today? The schedule starts today.")
                         .format(amount=format_money(v.principal), name=v.member_name),
                         _("Pay out")):
        return
    loan_id = panel.loan_id or 0
    if _run(panel, lambda s: lifecycle.disburse(s, loan_id)) is not None:
        panel.done()
        _offer_receipt_of_last(panel, "disbursed")


def write_off(panel: LoanDetailPanel) -> None:
    from coopdesk.ledger.loans import restructure

    shown = panel.shown
    if shown is None:
        return
    reason = panel.ask_reason(_("Write the loan off"), _(
        "Writing off moves {amount} still owed out of the books, against the allowance. Why?")
        .format(amount=format_money(shown.detail.loan.outstanding)))
    loan_id = panel.loan_id or 0
    if reason and _run(panel, lambda s: restructure.write_off(s, loan_id, reason=reason)):
        panel.done()


def recover(panel: LoanDetailPanel) -> None:
    from coopdesk.ledger.loans import restructure

    dialog = _AmountDialog(panel, _("Money received on a written-off loan"))
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.amount is None:
        return
    loan_id, amount, day = panel.loan_id or 0, dialog.amount, dialog.day.date_value()
    r = _run(panel, lambda s: restructure.recover(s, loan_id, amount, on=day))
    if r is not None:
        panel.done()
        _offer_receipt(panel, r.receipt_id)


def reverse(panel: LoanDetailPanel) -> None:
    from coopdesk.ledger.loans import repayments

    shown = panel.shown
    if shown is None:
        return
    last = next((e for e in reversed(shown.detail.events)
                 if e.kind in ("repayment", "payoff") and e.reversed_on is None), None)
    if last is None:
        panel.ctx.show_error(UserError(_("This loan has no repayment to cancel.")))
        return
    with panel.ctx.book.read() as s:  # say why not before asking for a reason
        problem = repayments.cancel_problem(s, last.id)
    if problem is not None:
        panel.ctx.show_error(UserError(problem))
        return
    reason = panel.ask_reason(_("Cancel the last repayment"), _(
        "Cancel the repayment of {amount} on {date} (receipt {receipt})? Its receipt becomes "
        "void. Why?").format(amount=format_money(last.amount), date=format_date(last.date),
                             receipt=last.receipt_no or "-"))
    if reason and _run(panel, lambda s: repayments.reverse_repayment(s, last.id,
                                                                        reason=reason)) is None:
        return
    if reason:
        panel.done()


def payoff(panel: LoanDetailPanel) -> None:
    from coopdesk.ledger.loans import repayments

    loan_id = panel.loan_id or 0
    with panel.ctx.book.read() as s:
        try:
            q = repayments.payoff_quote(s, loan_id or 0, date.today())
        except UserError as exc:
            panel.ctx.show_error(exc)
            return
    text = _("To pay the loan off today the member pays {total}: principal {principal}, jasa "
             "{interest}, denda {penalty}. Jasa not charged: {waived}.").format(
        total=format_money(q.amount), principal=format_money(q.split.principal),
        interest=format_money(q.split.interest), penalty=format_money(q.split.penalty),
        waived=format_money(q.waived))
    if not panel.confirm(text, _("Receive {total}").format(total=format_money(q.amount))):
        return
    r = _run(panel, lambda s: repayments.pay_off(s, loan_id))
    if r is not None:
        panel.done()
        _offer_receipt(panel, r.receipt_id)


def repay(panel: LoanDetailPanel) -> None:
    dialog = RepaymentDialog(panel)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_ is not None:
        panel.done()
        _offer_receipt(panel, dialog.result_.receipt_id)


def reschedule(panel: LoanDetailPanel) -> None:
    dialog = RescheduleDialog(panel)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        panel.done()


def _offer_receipt(panel: LoanDetailPanel, receipt_id: int) -> None:
    from coopdesk.ledger import receipts_pdf

    if panel.ctx.headless:
        return
    book = panel.ctx.book

    def build(_progress: object) -> bytes:
        with book.read() as s:
            return receipts_pdf.render(s, [receipt_id])

    panel.ctx.run_task(build, title=_("Preparing the receipt…"),
                       on_done=lambda data: panel.ctx.preview_pdf(data, _("Receipt")))


def _offer_receipt_of_last(panel: LoanDetailPanel, kind: str) -> None:
    from coopdesk.ledger import receipts
    from coopdesk.ledger.loans import views

    with panel.ctx.book.read() as s:
        events = views.loan_detail(s, panel.loan_id or 0).events
        entry = next((e.entry_id for e in reversed(events) if e.kind == kind), None)
        receipt = receipts.receipt_for_entry(s, entry) if entry else None
    if receipt is not None:
        _offer_receipt(panel, receipt.id)


class _AmountDialog(QDialog):
    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.amount: int | None = None
        form = QFormLayout(self)
        self.day = DateEdit()
        self.money = MoneyEdit()
        form.addRow(_("Date"), self.day)
        form.addRow(_("Amount"), self.money)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _ok(self) -> None:
        self.amount = self.money.amount()
        if self.amount is not None:
            self.accept()


class RepaymentDialog(QDialog):
    """Amount and date in, the split shown before saving: denda, jasa, pokok per instalment."""

    def __init__(self, panel: LoanDetailPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.result_: Any = None
        self.preview: Any = None
        loan = panel.shown.detail.loan if panel.shown else None
        self.setWindowTitle(_("Receive a repayment"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        if loan is not None:
            head = QLabel(f"{loan.loan_no} · {loan.member_name} ({loan.member_no})")
            head.setObjectName("cardTitle")
            layout.addWidget(head)
        form = QFormLayout()
        self.day = DateEdit()
        self.amount = MoneyEdit()
        self.save_excess = QCheckBox(_("Save anything extra as voluntary savings (sukarela)"))
        form.addRow(_("Date"), self.day)
        form.addRow(_("Amount received"), self.amount)
        form.addRow("", self.save_excess)
        layout.addLayout(form)
        self.due = QLabel()
        self.due.setWordWrap(True)
        layout.addWidget(self.due)
        self.split = table([_("Instalment"), _("Denda"), _("Jasa"), _("Principal")],
                           numeric=(0, 1, 2, 3))
        layout.addWidget(self.split)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_preview)
        for signal in (self.amount.amount_changed, self.day.dateChanged,
                       self.save_excess.toggled):
            signal.connect(lambda *_a: self._timer.start())
        self._suggest()

    def _suggest(self) -> None:
        """Fill in what is due now, the amount most members bring."""
        from coopdesk.ledger.loans import repayments

        with self.panel.ctx.book.read() as s:
            try:
                p = repayments.preview_repayment(s, self.panel.loan_id or 0, 1,
                                                 self.day.date_value())
            except UserError:
                return
        self.amount.set_amount(p.due_now)
        self.update_preview()

    def update_preview(self) -> None:
        from coopdesk.ledger.loans import repayments

        amount = self.amount.amount()
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(False)
        self.split.setRowCount(0)
        if amount is None:
            self.message.setText(self.amount.error() or _("Type the amount received."))
            self.message.setStyleSheet(f"color: {RED};")
            return
        try:
            with self.panel.ctx.book.read() as s:
                p = repayments.preview_repayment(s, self.panel.loan_id or 0, amount,
                                                 self.day.date_value())
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.setStyleSheet(f"color: {RED};")
            return
        self.preview = p
        self.due.setText(_("Can be paid now: {due} (late: principal {principal}, jasa "
                           "{interest}, denda {penalty}).").format(
            due=format_money(p.due_now), principal=format_money(p.arrears.overdue_principal),
            interest=format_money(p.arrears.overdue_interest),
            penalty=format_money(p.arrears.penalty)))
        self._fill(p)
        save.setEnabled(not p.excess or self.save_excess.isChecked())

    def _fill(self, p: Any) -> None:
        t = self.split
        t.setRowCount(len(p.split.allocations))
        for r, a in enumerate(p.split.allocations):
            for c, text in enumerate((str(a.no), money(a.penalty), money(a.interest),
                                      money(a.principal))):
                put(t, r, c, text)
        text = _("Goes to denda {penalty}, jasa {interest}, principal {principal}.").format(
            penalty=format_money(p.split.penalty), interest=format_money(p.split.interest),
            principal=format_money(p.split.principal))
        colour = GREEN
        if p.excess and self.save_excess.isChecked():
            text += " " + _("{excess} is saved as voluntary savings.").format(
                excess=format_money(p.excess))
        elif p.excess:
            text += " " + _("{excess} is more than can be paid now: tick the box to save it, "
                            "or use Pay off.").format(excess=format_money(p.excess))
            colour = AMBER
        if p.closes:
            text += " " + _("The loan will be paid off.")
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def done(self, result: int) -> None:
        self._timer.stop()  # no preview may run against a book about to change or close
        super().done(result)

    def save(self) -> None:
        from coopdesk.ledger.loans import repayments

        amount = self.amount.amount()
        if amount is None:
            return
        loan_id, day = self.panel.loan_id or 0, self.day.date_value()
        excess = "savings" if self.save_excess.isChecked() else "refuse"
        self.result_ = _run(self.panel, lambda s: repayments.repay(
            s, loan_id, amount, on=day, excess=excess))
        if self.result_ is not None:
            self.accept()


class RescheduleDialog(QDialog):
    """A new schedule for what is still owed: term, rate and method, with the reason."""

    def __init__(self, panel: LoanDetailPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        loan = panel.shown.detail.loan if panel.shown else None
        self.setWindowTitle(_("Reschedule the loan"))
        form = QFormLayout(self)
        self.term = QSpinBox()
        self.term.setRange(1, 360)
        self.term.setValue(12)
        self.rate = QLineEdit(str(loan.terms.rate) if loan else "")
        self.method = QComboBox()
        from coopdesk.ledger.loans.schedule import METHOD_LABELS, Method

        for m in Method:
            self.method.addItem(_(METHOD_LABELS[m]), m.value)
        if loan is not None:
            self.method.setCurrentIndex(self.method.findData(loan.terms.method.value))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. harvest failed; decided in the board meeting"))
        form.addRow(_("New number of instalments"), self.term)
        form.addRow(_("Jasa % per month"), self.rate)
        form.addRow(_("Method"), self.method)
        form.addRow(_("Reason"), self.reason)
        note = QLabel(_("Late jasa is added to the first new instalment and late denda is "
                        "carried with it. The old schedule is kept."))
        note.setWordWrap(True)
        note.setObjectName("muted")
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        from coopdesk.ledger.loans import restructure
        from coopdesk.money import parse_rate

        try:
            rate = parse_rate(self.rate.text()) if self.rate.text().strip() else None
        except UserError as exc:
            self.panel.ctx.show_error(exc)
            return
        loan_id, term = self.panel.loan_id or 0, self.term.value()
        method, reason = self.method.currentData(), self.reason.text()
        done = _run(self.panel, lambda s: restructure.reschedule(
            s, loan_id, term=term, reason=reason, rate=Decimal(rate) if rate is not None
            else None, method=method))
        if done is not None:
            self.accept()
