"""Arrears grouped by kolektibilitas as of a day, the allowance each class needs, and the
portfolio's health — with the adjusting entry one click away and the report as PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.errors import UserError
from coopdesk.i18n import _, format_money, format_percent
from coopdesk.ui.context import AppContext
from coopdesk.ui.pages.loans import (
    AMBER,
    GREEN,
    RED,
    clear_layout,
    figure_grid,
    money,
    status_line,
)
from coopdesk.ui.widgets import DateEdit, confirm

CLASS_COLOURS = {"lancar": GREEN, "kurang_lancar": AMBER, "diragukan": RED, "macet": RED}


class ArrearsTab(QWidget):
    open_loan = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.quality: Any = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("As of")))
        self.as_of = DateEdit()
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        bar.addWidget(self.as_of)
        self.everyone = QCheckBox(_("Show loans that are not late too"))
        self.everyone.toggled.connect(lambda _c: self._fill())
        bar.addWidget(self.everyone)
        bar.addStretch(1)
        self.adjust = QPushButton(_("Adjust the allowance…"))
        self.adjust.clicked.connect(self.adjust_allowance)
        bar.addWidget(self.adjust)
        pdf = QPushButton(_("Print…"))
        pdf.clicked.connect(self.print_report)
        bar.addWidget(pdf)
        layout.addLayout(bar)
        self.summary = QVBoxLayout()
        layout.addLayout(self.summary)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(8)
        self.tree.setHeaderLabels([_("Loan"), _("Member"), _("Principal owed"),
                                   _("Overdue principal"), _("Overdue jasa"), _("Denda"),
                                   _("Days late"), _("Collateral")])
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        layout.addWidget(self.tree, 1)
        self.rows: list[Any] = []

    def refresh(self) -> None:
        from coopdesk.ledger.loans import quality

        book, as_of = self.ctx.book, self.as_of.date_value()

        def load(progress: Any) -> tuple[Any, list[Any]]:
            with book.read() as s:
                return quality.loan_quality(s, as_of, progress=progress)

        self.ctx.run_task(load, title=_("Reading the arrears…"), on_done=self._show)
        self.stale = False

    def _show(self, value: tuple[Any, list[Any]]) -> None:
        self.quality, self.rows = value
        self._summary()
        self._fill()

    def _summary(self) -> None:
        from coopdesk.ledger.loans.policy import HEALTH_LABELS, Health

        clear_layout(self.summary)
        q = self.quality
        box = QWidget()
        grid = figure_grid([(_("Running loans"), str(q.loans)),
                            (_("Principal owed"), format_money(q.outstanding)),
                            (_("Problem loans"), format_percent(q.problem_ratio)),
                            (_("Allowance required"), format_money(q.required)),
                            (_("Allowance in the books"), format_money(q.allowance_balance)),
                            (_("Health"), _(HEALTH_LABELS[q.health]))], columns=6)
        box.setLayout(grid)
        self.summary.addWidget(box)
        colour = GREEN if q.health in (Health.SEHAT, Health.CUKUP_SEHAT) else RED
        if q.adjustment:
            text = _("The allowance should be {required}; the books hold {balance}. Press "
                     "“Adjust the allowance” to post the difference.").format(
                required=format_money(q.required), balance=format_money(q.allowance_balance))
            self.summary.addWidget(status_line(text, AMBER))
        else:
            self.summary.addWidget(status_line(_("The allowance is as required."), colour))
        self.adjust.setEnabled(q.adjustment != 0)

    def _fill(self) -> None:
        from coopdesk.ledger.loans.policy import KOL_LABELS, Kolektibilitas

        self.tree.clear()
        if self.quality is None:
            return
        everyone = self.everyone.isChecked()
        by_class = {c.kolektibilitas: c for c in self.quality.classes}
        for kol in reversed(list(Kolektibilitas)):
            rows = [r for r in self.rows if r.kolektibilitas == kol
                    and (everyone or r.days_past_due > 0)]
            c = by_class[kol]
            top = QTreeWidgetItem([
                f"{_(KOL_LABELS[kol])} — " + _("{n} loans").format(n=c.loans),
                _("allowance {pct}: {amount}").format(pct=format_percent(c.percent),
                                                      amount=format_money(c.required)),
                money(c.outstanding), "", "", "", "", ""])
            font = QFont()
            font.setBold(True)
            for col in range(8):
                top.setFont(col, font)
                top.setForeground(col, QColor(CLASS_COLOURS[kol.value]))
            self.tree.addTopLevelItem(top)
            for r in rows:
                child = QTreeWidgetItem([
                    r.loan_no, f"{r.name} ({r.member_no})", money(r.principal_outstanding),
                    money(r.overdue_principal), money(r.overdue_interest), money(r.penalty),
                    str(r.days_past_due) if r.days_past_due else "", money(r.collateral_value)])
                for col in (2, 3, 4, 5, 6, 7):
                    child.setTextAlignment(col, Qt.AlignmentFlag.AlignRight
                                           | Qt.AlignmentFlag.AlignVCenter)
                child.setData(0, Qt.ItemDataRole.UserRole, r.loan_id)
                top.addChild(child)
            top.setExpanded(kol != Kolektibilitas.LANCAR or len(rows) <= 50)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        loan_id = item.data(0, Qt.ItemDataRole.UserRole)
        if loan_id is not None:
            self.open_loan.emit(int(loan_id))

    def adjust_allowance(self) -> None:
        from coopdesk.ledger.loans import quality

        q = self.quality
        if q is None or not q.adjustment:
            return
        as_of = self.as_of.date_value()
        text = _("Post an entry of {amount} so the allowance is {required} as of this day?")\
            .format(amount=format_money(abs(q.adjustment)), required=format_money(q.required))
        if not self.ctx.headless and not confirm(self, text, yes=_("Post the entry")):
            return
        try:
            self.ctx.book.write(lambda s: quality.adjust_allowance(s, as_of))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed.emit("journal")
        self.refresh()

    def print_report(self) -> None:
        from coopdesk.ledger.loans import documents

        book, as_of = self.ctx.book, self.as_of.date_value() or date.today()

        def build(_progress: object) -> bytes:
            with book.read() as s:
                return documents.arrears_report(s, as_of)

        self.ctx.run_task(build, title=_("Preparing the report…"),
                          on_done=lambda data: self.ctx.preview_pdf(
                              data, _("Loan arrears and quality")))
