"""One loan on the Pinjaman page: its figures, instalments, transactions, actions and papers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _, format_date, format_money
from coopdesk.ui.context import AppContext
from coopdesk.ui.pages.loans import (
    AMBER,
    GREEN,
    GREY,
    LATE_BG,
    RED,
    clear_layout,
    date_text,
    figure_grid,
    money,
    put,
    status_line,
    table,
)
from coopdesk.ui.widgets import confirm


@dataclass(frozen=True)
class Shown:
    """What the panel shows, read in one go off the UI thread."""

    detail: Any  # LoanDetail
    arrears: Any  # ArrearsRow | None
    plan: Any  # Schedule of a loan not paid out yet, else None


class LoanDetailPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loan_id: int | None = None
        self.shown: Shown | None = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(8, 0, 0, 0)
        self.heading = QLabel(_("Choose a loan on the left."))
        self.heading.setObjectName("cardTitle")
        self.heading.setWordWrap(True)
        self.cost = QLabel()
        self.cost.setObjectName("muted")
        self.cost.setWordWrap(True)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.cost)
        self.card = QFrame()
        self.card.setObjectName("card")
        self.card_layout = QVBoxLayout(self.card)
        self.layout_.addWidget(self.card)
        self.action_row = QHBoxLayout()
        self.paper_row = QHBoxLayout()
        self.layout_.addLayout(self.action_row)
        self.layout_.addLayout(self.paper_row)
        self.tabs = QTabWidget()
        self.instalments = table([_("No."), _("Due date"), _("Principal"), _("Jasa"),
                                  _("Instalment"), _("Paid"), _("Denda due"), _("Status")],
                                 numeric=(0, 2, 3, 4, 5, 6))
        self.events = table([_("Date"), _("Transaction"), _("Amount"), _("Principal"),
                             _("Jasa"), _("Denda/fee"), _("Receipt"), _("Note")],
                            numeric=(2, 3, 4, 5))
        events = QWidget()
        events_layout = QVBoxLayout(events)
        events_layout.setContentsMargins(0, 0, 0, 0)
        events_layout.addWidget(self.events, 1)
        self.undo = QPushButton(_("Cancel the last repayment…"))
        self.undo.clicked.connect(lambda: self._act("reverse"))
        undo_row = QHBoxLayout()
        undo_row.addStretch(1)
        undo_row.addWidget(self.undo)
        events_layout.addLayout(undo_row)
        self.tabs.addTab(self.instalments, _("Instalments"))
        self.tabs.addTab(events, _("Transactions"))
        self.layout_.addWidget(self.tabs, 1)
        self.card.hide()

    # -- loading ----------------------------------------------------------------------------

    def load(self, loan_id: int | None) -> None:
        self.loan_id = loan_id
        if loan_id is None:
            self.heading.setText(_("Choose a loan on the left."))
            self.cost.clear()
            self.card.hide()
            self._clear_buttons()
            self.instalments.setRowCount(0)
            self.events.setRowCount(0)
            return
        from coopdesk.ledger.loans import lifecycle, quality, views

        book = self.ctx.book

        def read(_progress: object) -> Shown:
            today = date.today()
            with book.read() as s:
                detail = views.loan_detail(s, loan_id, today)
                late = next(iter(quality.arrears(s, today, loan_ids=[loan_id])), None)
            plan = None
            if detail.loan.status in ("applied", "approved"):
                plan = lifecycle.planned_schedule(detail.loan, today)
            return Shown(detail, late, plan)

        self.ctx.run_task(read, title=_("Reading the loan…"), on_done=self._show,
                          cancellable=False, silent=True)

    def _show(self, shown: Shown) -> None:
        from coopdesk.ledger.loans.policy import KOL_LABELS
        from coopdesk.ledger.loans.schedule import cost_line
        from coopdesk.ledger.loans.views import STATUS_LABELS

        if shown.detail.loan.id != self.loan_id:
            return  # the user chose another loan meanwhile
        self.shown = shown
        v, late = shown.detail.loan, shown.arrears
        self.heading.setText(f"{v.loan_no} · {v.member_name} ({v.member_no}) · {v.product} · "
                             f"{_(STATUS_LABELS[v.status])}")
        self.cost.setText(cost_line(v.terms.method, v.terms.rate, v.term, v.terms.frequency)
                          + (f" · {v.purpose}" if v.purpose else ""))
        self._figures(v, late, KOL_LABELS)
        self._buttons(v)
        self._fill_instalments(shown)
        self._fill_events(shown.detail)

    def _figures(self, v: Any, late: Any, labels: dict[Any, str]) -> None:
        clear_layout(self.card_layout)
        pairs = [(_("Loan amount"), format_money(v.principal)),
                 (_("Principal owed"), format_money(v.outstanding)),
                 (_("Paid out"), date_text(v.disbursed_on))]
        if late is not None:
            overdue = late.overdue_principal + late.overdue_interest + late.penalty
            pairs += [(_("Overdue now"), money(overdue)),
                      (_("Days late"), str(late.days_past_due)),
                      (_("Quality"), _(labels[late.kolektibilitas]))]
        self.card_layout.addLayout(figure_grid(pairs))
        if late is not None and late.days_past_due > 0:
            self.card_layout.addWidget(status_line(
                _("Late since {date}: ask the member to pay {amount}.").format(
                    date=format_date(late.oldest_due), amount=format_money(
                        late.overdue_principal + late.overdue_interest + late.penalty)),
                RED if late.days_past_due > 90 else AMBER))
        elif v.status == "active":
            self.card_layout.addWidget(status_line(_("Paid on time.")))
        self.card.show()

    def _fill_instalments(self, shown: Shown) -> None:
        from coopdesk.ledger.loans.reports import instalment_status

        t = self.instalments
        today = date.today()
        if shown.plan is not None:
            rows = shown.plan.rows
            t.setRowCount(len(rows))
            for r, i in enumerate(rows):
                for c, text in enumerate((str(i.no), format_date(i.due_date), money(i.principal),
                                          money(i.interest), money(i.amount), "", "",
                                          _("planned"))):
                    put(t, r, c, text, colour=GREY)
            return
        lines = shown.detail.current
        t.setRowCount(len(lines))
        for r, i in enumerate(lines):
            status = instalment_status(i, today)
            late = i.unpaid > 0 and i.due_date < today
            colour = RED if late else (GREEN if i.settled_on else None)
            cells = (str(i.no), format_date(i.due_date), money(i.principal), money(i.interest),
                     money(i.amount), money(i.paid_principal + i.paid_interest),
                     money(i.penalty_due), status)
            for c, text in enumerate(cells):
                put(t, r, c, text, colour=colour, background=LATE_BG if late else None)

    def _fill_events(self, detail: Any) -> None:
        from coopdesk.ledger.loans.views import EVENT_LABELS

        t = self.events
        t.setRowCount(len(detail.events))
        for r, e in enumerate(reversed(detail.events)):
            kind = _(EVENT_LABELS[e.kind]) + (_(" (cancelled)") if e.reversed_on else "")
            note = e.note or (_("{amount} saved as sukarela").format(
                amount=format_money(e.to_savings)) if e.to_savings else "")
            cells = (format_date(e.date), kind, money(e.amount), money(e.principal),
                     money(e.interest), money(e.penalty + e.fee), e.receipt_no or "", note)
            for c, text in enumerate(cells):
                put(t, r, c, text, colour=GREY if e.reversed_on else None, data=e.id)

    # -- actions ----------------------------------------------------------------------------

    def _clear_buttons(self) -> None:
        clear_layout(self.action_row)
        clear_layout(self.paper_row)

    def _button(self, row: QHBoxLayout, text: str, slot: Any, primary: bool = False) -> None:
        b = QPushButton(text)
        if primary:
            b.setObjectName("primary")
        b.clicked.connect(slot)
        row.addWidget(b)

    def _act(self, name: str) -> None:
        from coopdesk.ui.pages import loans_actions

        getattr(loans_actions, name)(self)

    def _buttons(self, v: Any) -> None:
        self._clear_buttons()
        a = self.action_row
        if v.status == "applied":
            self._button(a, _("Approve"), lambda: self._act("approve"), primary=True)
            self._button(a, _("Reject…"), lambda: self._act("reject"))
        if v.status == "approved":
            self._button(a, _("Pay out"), lambda: self._act("disburse"), primary=True)
        if v.status in ("applied", "approved"):
            self._button(a, _("Cancel the application…"), lambda: self._act("cancel"))
        if v.status == "active":
            self._button(a, _("Receive a repayment…"), lambda: self._act("repay"),
                         primary=True)
            self._button(a, _("Pay off…"), lambda: self._act("payoff"))
            # The rare, weighty actions wait behind one button: four side by side were clipped
            # on a 1280-pixel screen, and a write-off is not a thing to click by accident.
            more = QPushButton(_("More"))
            menu = QMenu(more)
            menu.addAction(_("Reschedule…"), lambda: self._act("reschedule"))
            menu.addAction(_("Write off…"), lambda: self._act("write_off"))
            more.setMenu(menu)
            a.addWidget(more)
        self.undo.setVisible(v.status in ("active", "closed") and any(
            e.kind in ("repayment", "payoff") and e.reversed_on is None
            for e in self.shown.detail.events) if self.shown else False)
        if v.status == "written_off" and v.recovered < v.written_off_amount:
            self._button(a, _("Money received…"), lambda: self._act("recover"), primary=True)
        a.addStretch(1)
        p = self.paper_row
        p.addWidget(QLabel(_("Print:")))
        for kind, label in (("agreement", _("Agreement")), ("schedule", _("Schedule")),
                            ("statement", _("Statement"))):
            self._button(p, label, lambda _c=False, k=kind: self.print_paper(k))
        p.addStretch(1)

    def print_paper(self, kind: str) -> None:
        from coopdesk.ledger.loans import documents

        if self.loan_id is None:
            return
        book, loan_id = self.ctx.book, self.loan_id
        titles = {"agreement": _("Loan agreement"), "schedule": _("Loan repayment schedule"),
                  "statement": _("Loan statement")}

        def build(_progress: object) -> bytes:
            with book.read() as s:
                return documents.document(s, kind, loan_id, date.today())

        self.ctx.run_task(build, title=_("Preparing the paper…"),
                          on_done=lambda data: self.ctx.preview_pdf(data, titles[kind]))

    def ask_reason(self, title: str, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, question)
        return text.strip() if ok and text.strip() else None

    def confirm(self, text: str, yes: str) -> bool:
        return confirm(self, text, yes=yes)

    def done(self, message: str | None = None) -> None:
        """After an action: tell the other pages, and show the loan afresh."""
        self.ctx.changed.emit("loans")
        self.load(self.loan_id)
        if message:
            from coopdesk.ui.widgets import inform

            inform(self, message)

