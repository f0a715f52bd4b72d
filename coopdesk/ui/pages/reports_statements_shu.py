"""Laporan › Financial statements › SHU: the statutes' rules, a what-if before the meeting decides,
the shares of every member, and the distribution once the meeting has decided; for a year that
made a loss, the meeting's decision to cover it from the reserve."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _, format_money, format_percent
from coopdesk.ledger.shu.compute import ShuResult
from coopdesk.ledger.shu.loss import LossState
from coopdesk.ledger.shu.rules import (
    BUSINESS_KINDS,
    BUSINESS_NAMES,
    LEAVERS_NAMES,
    SAVINGS_KINDS,
    SAVINGS_METHOD_NAMES,
    LeaversRule,
    SavingsMethod,
    ShuRules,
)
from coopdesk.ui.context import AppContext
from coopdesk.ui.pages.reports_statements import (
    YearBox,
    default_year,
    make_table,
    put_row,
)
from coopdesk.ui.widgets import DateEdit, MoneyEdit


class ShuPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rules: ShuRules | None = None  # the cooperative's, as stored
        self.current: ShuResult | None = None  # under the stored rules
        self.result: ShuResult | None = None  # under the rules on screen
        self.distributed = False
        self.loss: LossState | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Closed financial year")))
        self.year = YearBox("closed")
        self.year.currentIndexChanged.connect(lambda _i: self.load())
        bar.addWidget(self.year)
        self.state = QLabel()
        bar.addWidget(self.state, 1)
        layout.addLayout(bar)
        split = QSplitter()
        split.addWidget(self._rules_box())
        split.addWidget(self._result_box())
        split.setStretchFactor(1, 2)
        split.setSizes([400, 800])
        layout.addWidget(split, 1)

    # -- the rules ----------------------------------------------------------------------------

    def _rules_box(self) -> QWidget:
        box = QGroupBox(_("Rules (what-if: change and see)"))
        form = QFormLayout(box)
        self.part_spins: dict[str, QDoubleSpinBox] = {}
        self.parts_form = QFormLayout()
        form.addRow(self.parts_form)
        self.total_label = QLabel()
        form.addRow(_("Total"), self.total_label)
        self.savings_checks = {k: QCheckBox(k) for k in SAVINGS_KINDS}
        row = QHBoxLayout()
        for check in self.savings_checks.values():
            check.toggled.connect(lambda _c: self._rules_changed())
            row.addWidget(check)
        form.addRow(_("Savings for jasa modal"), row)
        self.method = QComboBox()
        for method in SavingsMethod:
            self.method.addItem(_(SAVINGS_METHOD_NAMES[method]), method.value)
        self.method.currentIndexChanged.connect(lambda _i: self._rules_changed())
        form.addRow(_("Savings counted"), self.method)
        self.business_checks = {k: QCheckBox(_(BUSINESS_NAMES[k])) for k in BUSINESS_KINDS}
        column = QVBoxLayout()
        for check in self.business_checks.values():
            check.toggled.connect(lambda _c: self._rules_changed())
            column.addWidget(check)
        form.addRow(_("Business for jasa usaha"), column)
        self.leavers = QComboBox()
        for rule in LeaversRule:
            self.leavers.addItem(_(LEAVERS_NAMES[rule]), rule.value)
        self.leavers.currentIndexChanged.connect(lambda _i: self._rules_changed())
        form.addRow(_("Members who left"), self.leavers)
        buttons = QHBoxLayout()
        self.try_button = QPushButton(_("Count again"))
        self.try_button.clicked.connect(self.what_if)
        self.save_button = QPushButton(_("Keep as the cooperative's rules"))
        self.save_button.clicked.connect(self.save_rules)
        self.reset_button = QPushButton(_("Back to the kept rules"))
        self.reset_button.clicked.connect(lambda: self._show_rules(self.rules))
        for b in (self.try_button, self.save_button, self.reset_button):
            buttons.addWidget(b)
        form.addRow(buttons)
        return box

    def _show_rules(self, rules: ShuRules | None) -> None:
        if rules is None:
            return
        self._loading = True
        while self.parts_form.rowCount():
            self.parts_form.removeRow(0)
        self.part_spins = {}
        for part in rules.parts:
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            spin.setValue(float(part.percent))
            spin.valueChanged.connect(lambda _v: self._rules_changed())
            self.part_spins[part.key] = spin
            self.parts_form.addRow(part.label, spin)
        for k, check in self.savings_checks.items():
            check.setChecked(k in rules.savings_kinds)
        self.method.setCurrentIndex(self.method.findData(rules.savings_method.value))
        for k, check in self.business_checks.items():
            check.setChecked(k in rules.business_kinds)
        self.leavers.setCurrentIndex(self.leavers.findData(rules.leavers.value))
        self._loading = False
        self._rules_changed()

    def screen_rules(self) -> ShuRules | None:
        if self.rules is None:
            return None
        split = {k: Decimal(str(round(s.value(), 1))) for k, s in self.part_spins.items()}
        return replace(
            self.rules.with_split(split),
            savings_kinds=tuple(k for k, c in self.savings_checks.items() if c.isChecked()),
            savings_method=SavingsMethod(self.method.currentData()),
            business_kinds=tuple(k for k, c in self.business_checks.items() if c.isChecked()),
            leavers=LeaversRule(self.leavers.currentData()))

    def _rules_changed(self) -> None:
        if getattr(self, "_loading", False):
            return
        rules = self.screen_rules()
        total = sum((s.value() for s in self.part_spins.values()), 0.0)
        ok = abs(total - 100) < 1e-9
        self.total_label.setText(format_percent(Decimal(str(round(total, 1)))) + (
            "" if ok else "  " + _("(must be 100%)")))
        self.total_label.setStyleSheet("" if ok else "color: #B42318; font-weight: bold;")
        changed = rules is not None and self.rules is not None and rules != self.rules
        self.try_button.setEnabled(ok)
        self.save_button.setEnabled(ok and changed)

    # -- the result ---------------------------------------------------------------------------

    def _result_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pool = QLabel()
        self.pool.setObjectName("sectionTitle")
        layout.addWidget(self.pool)
        self.parts = make_table([_("Part"), _("Share"), _("Amount"), _("With the kept rules")])
        layout.addWidget(self.parts, 1)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        self.members = make_table([_("No."), _("Name"), _("Savings"), _("Business"),
                                   _("Jasa modal"), _("Jasa usaha"), _("SHU")], stretch=1)
        layout.addWidget(self.members, 2)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(_("Preview and print…"))
        self.preview_button.clicked.connect(self.preview)
        self.distribute_button = QPushButton(_("Distribute the SHU…"))
        self.distribute_button.setObjectName("primary")
        self.distribute_button.clicked.connect(self.distribute)
        self.cover_button = QPushButton(_("Cover the loss from the reserve…"))
        self.cover_button.setObjectName("primary")
        self.cover_button.clicked.connect(self.cover_loss)
        self.cover_button.setVisible(False)
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cover_button)
        buttons.addWidget(self.distribute_button)
        layout.addLayout(buttons)
        return box

    def refresh(self) -> None:
        from coopdesk.ledger import periods

        with self.ctx.book.read() as s:
            years = periods.list_years(s)
        self.year.fill(years, default_year([y for y in years if y.closed]))
        self.load()

    def load(self) -> None:
        from coopdesk.ledger.shu import compute
        from coopdesk.ledger.shu import rules as shu_rules
        from coopdesk.ledger.shu.distribute import distribution_of

        year, book = self.year.year(), self.ctx.book
        if year is None:
            self.state.setText(_("Close a year first: the SHU is shared from a closed year."))
            for b in (self.preview_button, self.distribute_button, self.cover_button):
                b.setEnabled(False)
            return

        def work(_progress: object) -> tuple[ShuRules, ShuResult, bool, LossState]:
            from coopdesk.ledger.shu.loss import loss_state

            with book.read() as s:
                result = compute(s, year)
                done = distribution_of(s, year) is not None
                rules = result.rules if done else shu_rules.load(s)
                return rules, result, done, loss_state(s, year)

        self.ctx.run_task(work, title=_("Sharing the SHU…"), on_done=self._loaded)

    def _loaded(self, loaded: tuple[ShuRules, ShuResult, bool, LossState]) -> None:
        self.rules, self.current, self.distributed, self.loss = loaded
        if self.loss.loss:
            self.state.setText(_("A loss: the members' meeting may cover it from the reserve.")
                               if self.loss.remaining else _("A loss, covered from the reserve."))
        else:
            self.state.setText(_("Distributed: these are the rules the meeting applied.")
                               if self.distributed else _("Not distributed yet."))
        self.cover_button.setVisible(bool(self.loss.loss))
        self.cover_button.setEnabled(self.loss.remaining > 0)
        self.distribute_button.setVisible(not self.loss.loss)
        self._show_rules(self.rules)
        self._show_result(self.current)

    def what_if(self) -> None:
        from coopdesk.ledger.shu import compute

        rules, year, book = self.screen_rules(), self.year.year(), self.ctx.book
        if rules is None or year is None:
            return

        def work(_progress: object) -> ShuResult:
            with book.read() as s:
                return compute(s, year, rules=rules)

        self.ctx.run_task(work, title=_("Sharing the SHU…"), on_done=self._show_result)

    def _show_result(self, result: ShuResult) -> None:
        self.result = result
        self.pool.setText(_("SHU of {year}: {amount}").format(
            year=result.year, amount=format_money(result.pool)) if result.result >= 0 else
            _("{year} closed with a loss of {amount}").format(
                year=result.year, amount=format_money(-result.result)))
        before = {p.key: p.amount for p in self.current.parts} if self.current else {}
        self.parts.setRowCount(len(result.parts) + 1)
        for row, p in enumerate(result.parts):
            put_row(self.parts, row, [p.name, format_percent(Decimal(p.percent)),
                                      format_money(p.amount),
                                      format_money(before.get(p.key, 0))])
        put_row(self.parts, len(result.parts), [_("Total"), "100%", format_money(result.pool),
                                                format_money(sum(before.values()))], bold=True)
        self.notes.setText("\n".join(result.notes))
        members = result.members
        self.members.setRowCount(len(members))
        for row, m in enumerate(members):
            put_row(self.members, row, [m.member_no, m.name, format_money(m.savings_basis),
                                        format_money(m.business_basis),
                                        format_money(m.jasa_modal), format_money(m.jasa_usaha),
                                        format_money(m.total)], numeric_from=2)
        self.preview_button.setEnabled(True)
        self.distribute_button.setEnabled(not self.distributed and result.pool > 0)

    # -- actions ------------------------------------------------------------------------------

    def save_rules(self) -> None:
        from coopdesk.ledger.shu import rules as shu_rules

        rules = self.screen_rules()
        if rules is None:
            return
        try:
            self.ctx.book.write(lambda s: shu_rules.save(s, rules))
        except Exception as exc:  # a UserError, or a refusal of the role
            self.ctx.show_error(exc)
            return
        self.ctx.changed.emit("shu")

    def preview(self) -> None:
        from coopdesk.ledger.shu.output import shu_pdf
        from coopdesk.pdf import Letterhead

        result, book = self.result, self.ctx.book
        if result is None:
            return

        def work(_progress: object) -> bytes:
            with book.read() as s:
                head = Letterhead.from_book(s)
            return shu_pdf(result, head)

        self.ctx.run_task(work, title=_("Preparing the PDF…"), on_done=lambda data:
                          self.ctx.preview_pdf(data, _("SHU distribution {year}").format(
                              year=result.year)))

    def distribute(self) -> None:
        rules, year = self.screen_rules(), self.year.year()
        if rules is None or year is None or self.result is None:
            return
        dialog = DistributeDialog(year, self.result, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        on, to = dialog.values()
        self._run_distribution(year, rules, on, to)

    def _run_distribution(self, year: int, rules: ShuRules, on: date, to: str) -> None:
        from coopdesk.ledger.shu import distribute, pay_out

        book = self.ctx.book

        def work(progress: Any) -> int:
            def act(s: Any) -> int:
                distribute(s, year, on=on, rules=rules)
                return pay_out(s, year, to=to, on=on, leavers_in_cash=True,
                               progress=progress).members

            return int(book.write(act))

        def done(paid: int) -> None:
            QMessageBox.information(self, _("SHU distributed"), _(
                "The SHU of {year} was distributed and paid to {n} members.").format(
                year=year, n=paid))
            self.ctx.changed.emit("shu")

        self.ctx.run_task(work, title=_("Distributing the SHU…"), on_done=done)

    def cover_loss(self) -> None:
        from coopdesk.ledger.shu.loss import cover_loss

        state, year = self.loss, self.year.year()
        if state is None or year is None or not state.remaining:
            return
        dialog = CoverLossDialog(state, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            on, amount = dialog.values()
            done = self.ctx.book.write(lambda s: cover_loss(s, year, on=on, amount=amount))
        except Exception as exc:  # refused in plain words: the reserve is too small, ...
            self.ctx.show_error(exc)
            return
        QMessageBox.information(self, _("Loss covered"), _(
            "{amount} of the loss of {year} was covered from the reserve; the reserve now "
            "holds {left}.").format(amount=format_money(done.amount), year=year,
                                    left=format_money(done.reserve_left)))
        self.ctx.changed.emit("shu")


class DistributeDialog(QDialog):
    """The meeting's day and how members are paid, with the figures to confirm."""

    def __init__(self, year: int, result: ShuResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Distribute the SHU of {year}").format(year=year))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_(
            "The SHU of {year}, {pool}, goes to the reserve, the funds and {n} members "
            "({members}). This is posted in the journal and cannot be undone by editing.")
            .format(year=year, pool=format_money(result.pool),
                    n=sum(1 for m in result.members if m.total),
                    members=format_money(result.members_total))))
        form = QFormLayout()
        self.day = DateEdit(max(date.today(), date(year + 1, 1, 1)))
        form.addRow(_("Day of the members' meeting"), self.day)
        self.to_sukarela = QRadioButton(_("Credit to the members' voluntary savings (members "
                                          "who left are paid in cash)"))
        self.to_sukarela.setChecked(True)
        self.to_cash = QRadioButton(_("Pay in cash"))
        form.addRow(_("Pay the members"), self.to_sukarela)
        form.addRow("", self.to_cash)
        layout.addLayout(form)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def values(self) -> tuple[date, str]:
        return self.day.date_value(), "sukarela" if self.to_sukarela.isChecked() else "cash"


class CoverLossDialog(QDialog):
    """The meeting's day and how much of the loss the reserve covers, with the figures."""

    def __init__(self, state: LossState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Cover the loss of {year}").format(year=state.year))
        layout = QVBoxLayout(self)
        about = QLabel(_(
            "The year {year} closed with a loss of {loss}; {covered} of it is covered already. "
            "The reserve holds {reserve}. The members' meeting may decide to cover the loss from "
            "the reserve: it is posted as one journal entry (reserve to undistributed SHU) and "
            "shown in the statement of changes in equity. What is not covered is carried "
            "forward.").format(year=state.year, loss=format_money(state.loss),
                               covered=format_money(state.covered),
                               reserve=format_money(state.reserve)))
        about.setWordWrap(True)
        layout.addWidget(about)
        form = QFormLayout()
        self.day = DateEdit(max(date.today(), date(state.year + 1, 1, 1)))
        form.addRow(_("Day of the members' meeting"), self.day)
        self.amount = MoneyEdit()
        self.amount.set_amount(min(state.remaining, max(state.reserve, 0)) or state.remaining)
        form.addRow(_("Amount covered from the reserve"), self.amount)
        layout.addLayout(form)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def values(self) -> tuple[date, int]:
        from coopdesk.errors import UserError

        amount = self.amount.amount()
        if amount is None:
            raise UserError(self.amount.error() or _("Type the amount the reserve covers."))
        return self.day.date_value(), amount
