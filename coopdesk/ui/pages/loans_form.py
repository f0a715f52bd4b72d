"""A new loan application: choose the member and the product, type the amount and the term, and
the schedule appears at once — with the true cost ("1,5% flat ≈ 2,64% efektif per bulan"), the
fee, and what the member takes home — before anything is saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coopdesk.errors import UserError, ValidationError
from coopdesk.i18n import _, format_date, format_money
from coopdesk.ui.context import AppContext
from coopdesk.ui.pages.loans import RED, clear_layout, figure_grid, money, put, table
from coopdesk.ui.widgets import DateEdit, MoneyEdit, inform


class NewLoanForm(QWidget):
    applied = Signal(int)  # the new loan's id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.products: list[Any] = []
        self.schedule: Any = None
        layout = QHBoxLayout(self)
        layout.addLayout(self._build_form(), 2)
        layout.addLayout(self._build_preview(), 3)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_schedule)
        for signal in (self.amount.amount_changed, self.term.valueChanged,
                       self.start.dateChanged, self.product.currentIndexChanged):
            signal.connect(lambda *_a: self._timer.start())
        self.product.currentIndexChanged.connect(self._product_chosen)
        self.member.currentIndexChanged.connect(self._member_chosen)

    def _build_form(self) -> QVBoxLayout:
        left = QVBoxLayout()
        form = QFormLayout()
        self.member = QComboBox()
        self.member.setEditable(True)
        self.member.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.member.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("Type a member number or name"))
        self.product = QComboBox()
        self.amount = MoneyEdit()
        self.term = QSpinBox()
        self.term.setRange(1, 360)
        self.term.setValue(12)
        self.start = DateEdit()
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText(_("e.g. capital for a food stall"))
        self.collateral = QLineEdit()
        self.collateral.setPlaceholderText(_("e.g. motorbike ownership papers (BPKB)"))
        self.collateral_value = MoneyEdit(allow_zero=True)
        form.addRow(_("Member"), self.member)
        form.addRow(_("Loan product"), self.product)
        form.addRow(_("Amount"), self.amount)
        form.addRow(_("Number of instalments"), self.term)
        form.addRow(_("Schedule starts"), self.start)
        form.addRow(_("Purpose"), self.purpose)
        form.addRow(_("Collateral"), self.collateral)
        form.addRow(_("Collateral value"), self.collateral_value)
        left.addLayout(form)
        self.member_note = QLabel()
        self.member_note.setObjectName("muted")
        self.member_note.setWordWrap(True)
        left.addWidget(self.member_note)
        self.save_button = QPushButton(_("Save the application"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        left.addWidget(self.save_button)
        left.addStretch(1)
        return left

    def _build_preview(self) -> QVBoxLayout:
        right = QVBoxLayout()
        self.cost = QLabel()
        self.cost.setObjectName("cardTitle")
        self.cost.setWordWrap(True)
        right.addWidget(self.cost)
        self.figures = QWidget()
        self.figures_layout = QVBoxLayout(self.figures)
        self.figures_layout.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.figures)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {RED}; font-weight: bold;")
        right.addWidget(self.problem)
        self.rows = table([_("No."), _("Due date"), _("Principal"), _("Jasa"), _("Instalment"),
                           _("Principal left")], numeric=(0, 2, 3, 4, 5))
        right.addWidget(self.rows, 1)
        return right

    # -- the choices ------------------------------------------------------------------------

    def refresh(self) -> None:
        from coopdesk.ledger.loans import products, views

        book = self.ctx.book

        def load(_progress: object) -> tuple[list[Any], list[Any]]:
            with book.read() as s:
                return (products.list_products(s, active_only=True),
                        views.eligible_members(s, limit=100_000))

        self.ctx.run_task(load, title=_("Reading the book…"), on_done=self._choices,
                          cancellable=False, silent=True)

    def _choices(self, value: tuple[list[Any], list[Any]]) -> None:
        self.products, members = value
        chosen_product = self.product.currentData()
        self.product.blockSignals(True)
        self.product.clear()
        for p in self.products:
            self.product.addItem(p.name, p.id)
        index = self.product.findData(chosen_product)
        self.product.setCurrentIndex(max(index, 0))
        self.product.blockSignals(False)
        chosen_member = self.member.currentData()
        self.member.blockSignals(True)
        self.member.clear()
        self.member.addItem("", None)
        for m in members:
            self.member.addItem(f"{m.member_no} · {m.name}", m)
        completer = QCompleter(self.member.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.member.setCompleter(completer)
        if chosen_member is not None:
            self.member.setCurrentIndex(max(self.member.findText(
                f"{chosen_member.member_no} · {chosen_member.name}"), 0))
        self.member.blockSignals(False)
        if not self.products:
            self.problem.setText(_("There is no loan product yet: add one first (coopdesk loan "
                                   "product-add)."))
        self._product_chosen()

    def _chosen_product(self) -> Any:
        index = self.product.currentIndex()
        return self.products[index] if 0 <= index < len(self.products) else None

    def _product_chosen(self) -> None:
        p = self._chosen_product()
        if p is None:
            return
        self.term.setRange(p.min_term, p.max_term)
        weekly = p.terms.frequency.value == "weekly"
        self.term.setSuffix(" " + (_("weeks") if weekly else _("months")))
        self.update_schedule()

    def _member_chosen(self) -> None:
        m = self.member.currentData()
        if m is None:
            self.member_note.clear()
        elif m.running:
            self.member_note.setText(_("{name} already has {n} running loan(s), {owed} still "
                                       "owed.").format(name=m.name, n=m.running,
                                                       owed=format_money(m.owed)))
        else:
            self.member_note.setText(_("{name} has no running loan.").format(name=m.name))

    # -- the live schedule -----------------------------------------------------------------

    def update_schedule(self) -> None:
        from coopdesk.ledger.loans.schedule import build_schedule, cost_line
        from coopdesk.money import percent_of

        p = self._chosen_product()
        amount = self.amount.amount()
        self.schedule = None
        self.rows.setRowCount(0)
        self._figures([])
        if p is None or amount is None:
            self.cost.setText(_("Type the amount to see the schedule."))
            self.problem.setText(self.amount.error() or "")
            self.save_button.setEnabled(False)
            return
        t = p.terms
        try:
            s = build_schedule(amount, t.rate, self.term.value(), t.method,
                               self.start.date_value(), frequency=t.frequency)
        except ValidationError as exc:
            self.problem.setText("\n".join(pr.reason for pr in exc.problems) or exc.message)
            self.cost.clear()
            self.save_button.setEnabled(False)
            return
        self.schedule = s
        self.problem.clear()
        self.cost.setText(cost_line(t.method, t.rate, s.term, t.frequency))
        fee = percent_of(amount, t.fee_rate)
        takes_home = amount - fee if t.fee_mode == "deduct" else amount
        self._figures([(_("First instalment"), format_money(s.first_amount)),
                       (_("Total jasa"), format_money(s.total_interest)),
                       (_("Last due date"), format_date(s.last_due)),
                       (_("Provisi fee"), money(fee)),
                       (_("The member receives"), format_money(takes_home)),
                       (_("Total to repay"), format_money(s.total))])
        self.rows.setRowCount(len(s.rows))
        for r, i in enumerate(s.rows):
            for c, text in enumerate((str(i.no), format_date(i.due_date), money(i.principal),
                                      money(i.interest), money(i.amount),
                                      format_money(i.balance))):
                put(self.rows, r, c, text)
        self.save_button.setEnabled(True)

    def _figures(self, pairs: list[tuple[str, str]]) -> None:
        clear_layout(self.figures_layout)
        if pairs:
            self.figures_layout.addLayout(figure_grid(pairs))

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        from coopdesk.ledger.loans import lifecycle

        m, p, amount = self.member.currentData(), self._chosen_product(), self.amount.amount()
        if m is None:
            self.problem.setText(_("Choose the member who borrows."))
            return
        if p is None or amount is None:
            return
        start = self.start.date_value()
        collateral_value = self.collateral_value.amount() or 0
        try:
            loan = self.ctx.book.write(lambda s: lifecycle.apply_for_loan(
                s, member_no=m.member_no, product=p.id, principal=amount,
                term=self.term.value(), applied_on=min(start, date.today()), start=start,
                purpose=self.purpose.text(), collateral=self.collateral.text(),
                collateral_value=collateral_value))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed.emit("loans")
        if not self.ctx.headless:
            inform(self, _("Loan {loan} for {name} was saved. It now waits for approval.")
                   .format(loan=loan.loan_no, name=loan.member_name))
        for w in (self.purpose, self.collateral):
            w.clear()
        self.amount.clear()
        self.collateral_value.clear()
        self.applied.emit(loan.id)
