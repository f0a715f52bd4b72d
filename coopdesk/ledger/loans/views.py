"""What the screens, commands and printed pages read about loans: frozen views, never ORM rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.i18n import N_
from coopdesk.ledger.loans import store
from coopdesk.ledger.loans.models import (
    Loan,
    LoanAllocation,
    LoanEvent,
    LoanInstalment,
    LoanProduct,
)
from coopdesk.ledger.loans.position import Paid, instalment_state
from coopdesk.ledger.loans.products import Terms, terms_of
from coopdesk.ledger.models import JournalEntry
from coopdesk.members.models import Member

STATUS_LABELS = {
    "applied": N_("Applied"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "cancelled": N_("Cancelled"),
    "active": N_("Running"),
    "closed": N_("Paid off"),
    "written_off": N_("Written off"),
}
EVENT_LABELS = {
    "applied": N_("Application"),
    "approved": N_("Approval"),
    "rejected": N_("Rejection"),
    "cancelled": N_("Cancellation"),
    "disbursed": N_("Disbursement"),
    "repayment": N_("Repayment"),
    "payoff": N_("Early payoff"),
    "rescheduled": N_("Rescheduling"),
    "written_off": N_("Write-off"),
    "recovery": N_("Recovery"),
}


@dataclass(frozen=True)
class LoanView:
    id: int
    loan_no: str
    member_id: int
    member_no: str
    member_name: str
    product: str
    principal: int
    term: int
    terms: Terms
    start_date: date | None
    status: str
    applied_on: date
    applied_by: str
    approved_on: date | None
    approved_by: str | None
    disbursed_on: date | None
    closed_on: date | None
    written_off_on: date | None
    written_off_amount: int
    recovered: int
    principal_paid: int
    purpose: str
    collateral: str
    collateral_value: int
    schedule_version: int

    @property
    def outstanding(self) -> int:
        """Principal still owed (nothing once paid off or written off)."""
        return self.principal - self.principal_paid if self.status == "active" else 0


@dataclass(frozen=True)
class InstalmentLine:
    version: int
    no: int
    due_date: date
    principal: int
    interest: int
    paid_principal: int
    paid_interest: int
    paid_penalty: int
    penalty_due: int
    settled_on: date | None
    superseded_on: date | None

    @property
    def amount(self) -> int:
        return self.principal + self.interest

    @property
    def unpaid(self) -> int:
        if self.settled_on is not None or self.superseded_on is not None:
            return 0
        return self.amount - self.paid_principal - self.paid_interest


@dataclass(frozen=True)
class EventLine:
    id: int
    kind: str
    date: date
    amount: int
    principal: int
    interest: int
    penalty: int
    fee: int
    to_savings: int
    waived: int
    entry_id: int | None
    entry_ref: str | None
    receipt_no: str | None
    note: str
    created_by: str
    reversed_on: dt.date | None = None


@dataclass(frozen=True)
class LoanDetail:
    loan: LoanView
    instalments: tuple[InstalmentLine, ...]  # every schedule version, oldest first
    events: tuple[EventLine, ...]
    as_of: date

    @property
    def current(self) -> tuple[InstalmentLine, ...]:
        return tuple(i for i in self.instalments if i.version == self.loan.schedule_version)


def _view(loan: Loan, member_no: str, member_name: str, product: str) -> LoanView:
    return LoanView(
        loan.id, loan.loan_no, loan.member_id, member_no, member_name, product, loan.principal,
        loan.term, terms_of(loan), loan.start_date, loan.status, loan.applied_on,
        loan.applied_by, loan.approved_on, loan.approved_by, loan.disbursed_on, loan.closed_on,
        loan.written_off_on, loan.written_off_amount, loan.recovered, loan.principal_paid,
        loan.purpose, loan.collateral, loan.collateral_value, loan.schedule_version,
    )


def loan_view(session: Session, loan: Loan) -> LoanView:
    member_no, name = store.member_of(session, loan.member_id)
    product = session.scalar(select(LoanProduct.name).where(LoanProduct.id == loan.product_id))
    return _view(loan, member_no, name, product or "")


def get_loan(session: Session, ref: str | int) -> LoanView:
    require(session, Capability.READ)
    return loan_view(session, store.get_loan_row(session, ref))


def list_loans(session: Session, *, status: str | None = None, member_no: str | None = None,
               search: str | None = None) -> list[LoanView]:
    """Loans newest first, optionally only one status, one member, or matching a name/number."""
    require(session, Capability.READ)
    stmt = (select(Loan, Member.member_no, Member.name, LoanProduct.name)
            .join(Member, Member.id == Loan.member_id)
            .join(LoanProduct, LoanProduct.id == Loan.product_id)
            .order_by(Loan.id.desc()))
    if status:
        stmt = stmt.where(Loan.status == status)
    if member_no:
        stmt = stmt.where(Member.member_no == member_no)
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(Member.name.ilike(like) | Member.member_no.ilike(like)
                          | Loan.loan_no.ilike(like))
    return [_view(loan, no, name, product) for loan, no, name, product in session.execute(stmt)]


def loan_detail(session: Session, ref: str | int, as_of: date | None = None) -> LoanDetail:
    """A loan with every instalment (all schedule versions) and every event, as of a date."""
    require(session, Capability.READ)
    loan = store.get_loan_row(session, ref)
    when = as_of or date.today()
    terms = terms_of(loan)
    rows = session.execute(
        select(LoanInstalment).where(LoanInstalment.loan_id == loan.id)
        .order_by(LoanInstalment.version, LoanInstalment.no)).scalars().all()
    paid = store.allocations_by_instalment(session, [r.id for r in rows])
    lines = tuple(_instalment_line(r, paid.get(r.id, []), when, terms) for r in rows)
    events = session.execute(
        select(LoanEvent, JournalEntry.year, JournalEntry.number)
        .outerjoin(JournalEntry, JournalEntry.id == LoanEvent.entry_id)
        .where(LoanEvent.loan_id == loan.id).order_by(LoanEvent.date, LoanEvent.id)).all()
    return LoanDetail(loan_view(session, loan), lines,
                      tuple(_event_line(e, year, number) for e, year, number in events), when)


def _instalment_line(r: LoanInstalment, paid: list[Paid], when: date,
                     terms: Terms) -> InstalmentLine:
    state = instalment_state(r.id, r.no, r.due_date, r.principal, r.interest, paid=paid,
                             as_of=when, terms=terms, carried_penalty=r.carried_penalty)
    open_ = r.superseded_on is None and (r.settled_on is None or r.settled_on > when)
    return InstalmentLine(r.version, r.no, r.due_date, r.principal, r.interest,
                          state.paid_principal, state.paid_interest, state.paid_penalty,
                          state.penalty_due if open_ else 0, r.settled_on, r.superseded_on)


def _event_line(e: LoanEvent, year: int | None, number: int | None) -> EventLine:
    ref = f"{year}/{number:06d}" if year is not None and number is not None else None
    return EventLine(e.id, e.kind, e.date, e.amount, e.principal, e.interest, e.penalty, e.fee,
                     e.to_savings, e.waived, e.entry_id, ref, e.receipt_no, e.note, e.created_by,
                     e.reversed_on)


def loans_count(session: Session) -> dict[str, int]:
    """How many loans there are in each status (for the home page and the list's filter)."""
    require(session, Capability.READ)
    rows = session.execute(select(Loan.status, func.count()).group_by(Loan.status))
    return {status: int(n) for status, n in rows}


def allocations_of_event(session: Session, event_id: int) -> list[tuple[int, int, int, int]]:
    """(instalment no, penalty, jasa, principal) paid by one event, in instalment order."""
    rows = session.execute(
        select(LoanInstalment.no, LoanAllocation.penalty, LoanAllocation.interest,
               LoanAllocation.principal)
        .join(LoanInstalment, LoanInstalment.id == LoanAllocation.instalment_id)
        .where(LoanAllocation.event_id == event_id).order_by(LoanInstalment.no))
    return [(r[0], r[1], r[2], r[3]) for r in rows]


@dataclass(frozen=True)
class Borrower:
    """A member who may apply for a loan, with what they already owe."""

    member_no: str
    name: str
    running: int
    owed: int


def eligible_members(session: Session, search: str = "", *, limit: int = 50) -> list[Borrower]:
    """Full members matching `search` (number or name), for the new-loan form's picker."""
    require(session, Capability.READ)
    owed = (select(Loan.member_id, func.count().label("n"),
                   func.sum(Loan.principal - Loan.principal_paid).label("owed"))
            .where(Loan.status == "active").group_by(Loan.member_id).subquery())
    stmt = (select(Member.member_no, Member.name, owed.c.n, owed.c.owed)
            .outerjoin(owed, owed.c.member_id == Member.id)
            .where(Member.status == "anggota").order_by(Member.member_no).limit(limit))
    if search.strip():
        like = f"%{search.strip()}%"
        stmt = stmt.where(Member.name.ilike(like) | Member.member_no.ilike(like))
    return [Borrower(no, name, int(n or 0), int(o or 0))
            for no, name, n, o in session.execute(stmt)]
