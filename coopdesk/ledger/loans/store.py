"""Reading and writing loan rows for the services: find a loan, load its instalments' state on a
date, record an event and its allocations. Plain SQL Core on the hot paths (a repayment runs a
handful of small statements besides the journal's own)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from coopdesk.access import actor_of
from coopdesk.db import utcnow
from coopdesk.errors import NotFound, UserError
from coopdesk.i18n import _, format_date
from coopdesk.ledger import accounts, receipts
from coopdesk.ledger.loans.models import Loan, LoanAllocation, LoanEvent, LoanInstalment
from coopdesk.ledger.loans.position import Allocation, InstalmentState, Paid, instalment_state
from coopdesk.ledger.loans.products import Terms, terms_of
from coopdesk.ledger.models import Posting
from coopdesk.ledger.receipts_models import ReceiptRecord
from coopdesk.members.models import Member

INSTALMENT = cast(Table, LoanInstalment.__table__)
EVENT = cast(Table, LoanEvent.__table__)
ALLOCATION = cast(Table, LoanAllocation.__table__)
MONEY_EVENTS = ("disbursed", "repayment", "payoff", "rescheduled", "written_off", "recovery")
# Built once: a repayment runs these on every call, and building a statement costs more than
# running it.
_INSERT_EVENT = insert(EVENT).returning(EVENT.c.id)
_INSERT_ALLOCATIONS = insert(ALLOCATION)


def _loan_stmt(by_id: bool, lock: bool) -> Any:  # Select's type parameters differ in SA 2.0/2.1
    key = Loan.id if by_id else Loan.loan_no
    stmt = select(Loan).where(key == bindparam("ref"))
    return stmt.with_for_update() if lock else stmt


_LOAN = {(by_id, lock): _loan_stmt(by_id, lock) for by_id in (True, False)
         for lock in (True, False)}
_MEMBER = select(Member.member_no, Member.name).where(Member.id == bindparam("id"))
_LAST_EVENT = select(func.max(EVENT.c.date)).where(
    EVENT.c.loan_id == bindparam("loan_id"), EVENT.c.kind.in_(MONEY_EVENTS),
    EVENT.c.reversed_on.is_(None))
_OPEN = (select(INSTALMENT.c.id, INSTALMENT.c.no, INSTALMENT.c.due_date,
                INSTALMENT.c.principal, INSTALMENT.c.interest, INSTALMENT.c.carried_penalty)
         .where(INSTALMENT.c.loan_id == bindparam("loan_id"),
                INSTALMENT.c.version == bindparam("version"), INSTALMENT.c.settled_on.is_(None))
         .order_by(INSTALMENT.c.no))
_PAID = (select(ALLOCATION.c.instalment_id, ALLOCATION.c.date, ALLOCATION.c.principal,
                ALLOCATION.c.interest, ALLOCATION.c.penalty)
         .where(ALLOCATION.c.instalment_id.in_(bindparam("ids", expanding=True)))
         .order_by(ALLOCATION.c.date, ALLOCATION.c.id))
_RECEIPT_NO = select(ReceiptRecord.number).where(ReceiptRecord.id == bindparam("id"))
_SETTLE = (update(INSTALMENT).where(INSTALMENT.c.id.in_(bindparam("ids", expanding=True)))
           .values(settled_on=bindparam("day")))


LOAN = cast(Table, Loan.__table__)
_TERMS = ("method", "rate", "frequency", "fee_rate", "fee_mode", "penalty_mode", "penalty_rate",
          "penalty_fixed", "grace_days", "allocation_order", "allocation_mode", "payoff_rule")


@dataclass(frozen=True)
class PayingLoan:
    """A loan as a repayment needs it: read in one query with its member and the day of its
    last money event, and changed with one update — no ORM object on the hot path."""

    id: int
    loan_no: str
    member_id: int
    member_no: str
    member_name: str
    status: str
    principal: int
    principal_paid: int
    disbursed_on: date | None
    closed_on: date | None
    schedule_version: int
    last_event: date | None
    method: str
    rate: Decimal
    frequency: str
    fee_rate: Decimal
    fee_mode: str
    penalty_mode: str
    penalty_rate: Decimal
    penalty_fixed: int
    grace_days: int
    allocation_order: str
    allocation_mode: str
    payoff_rule: str


def _paying_stmt(by_id: bool, lock: bool) -> Any:
    last = select(func.max(EVENT.c.date)).where(
        EVENT.c.loan_id == LOAN.c.id, EVENT.c.kind.in_(MONEY_EVENTS),
        EVENT.c.reversed_on.is_(None)).scalar_subquery()
    stmt = (select(LOAN.c.id, LOAN.c.loan_no, LOAN.c.member_id, Member.member_no,
                   Member.name.label("member_name"), LOAN.c.status, LOAN.c.principal,
                   LOAN.c.principal_paid, LOAN.c.disbursed_on, LOAN.c.closed_on,
                   LOAN.c.schedule_version, last.label("last_event"),
                   *(LOAN.c[name] for name in _TERMS))
            .join(Member, Member.id == LOAN.c.member_id)
            .where((LOAN.c.id if by_id else LOAN.c.loan_no) == bindparam("ref")))
    return stmt.with_for_update(of=LOAN) if lock else stmt


_PAYING = {(by_id, lock): _paying_stmt(by_id, lock) for by_id in (True, False)
           for lock in (True, False)}
_PAID_DOWN = (update(LOAN).where(LOAN.c.id == bindparam("loan_id"))
              .values(principal_paid=LOAN.c.principal_paid + bindparam("paid"),
                      status=bindparam("new_status"), closed_on=bindparam("closed")))


def paying_loan(session: Session, ref: str | int, *, lock: bool = False) -> PayingLoan:
    text = str(ref).strip()
    by_id = text.isdigit()
    row = session.connection().execute(
        _PAYING[by_id, lock], {"ref": int(text) if by_id else text.upper()}).one_or_none()
    if row is None:
        raise NotFound(_("There is no loan “{ref}”.").format(ref=text))
    return PayingLoan(**row._mapping)


def record_paid_down(session: Session, loan: PayingLoan, principal: int,
                     closed_on: date | None) -> None:
    session.connection().execute(_PAID_DOWN, {
        "loan_id": loan.id, "paid": principal, "closed": closed_on,
        "new_status": "closed" if closed_on else loan.status})


def role_balance(session: Session, role: str, as_of: date) -> int:
    """The signed balance (debit positive) of the account serving `role` on `as_of`."""
    acc = accounts.resolve(session, role)
    total = session.scalar(select(func.coalesce(func.sum(Posting.amount), 0)).where(
        Posting.account_id == acc.id, Posting.date <= as_of))
    return int(total or 0)


def get_loan_row(session: Session, ref: str | int, *, lock: bool = False) -> Loan:
    """A loan by id (digits) or by number (PJ/2026/0001); locked for update when changing it."""
    text = str(ref).strip()
    by_id = text.isdigit()
    stmt = _LOAN[by_id, lock]
    loan: Loan | None = session.scalar(stmt, {"ref": int(text) if by_id else text.upper()})
    if loan is None:
        raise NotFound(_("There is no loan “{ref}”.").format(ref=text))
    return loan


def member_of(session: Session, member_id: int) -> tuple[str, str]:
    row = session.connection().execute(_MEMBER, {"id": member_id}).one()
    return row.member_no, row.name


def last_event_date(session: Session, loan_id: int) -> date | None:
    day: date | None = session.connection().execute(_LAST_EVENT, {"loan_id": loan_id}).scalar()
    return day


def check_event_date(session: Session, loan: Loan, on: date) -> None:
    """Money events follow each other in time: a payment dated before the loan's last event
    would change what that event was computed from."""
    last = last_event_date(session, loan.id)
    if last is not None and on < last:
        raise UserError(
            _("Loan {loan} already has a transaction on {last}; record this one on that day or "
              "later.").format(loan=loan.loan_no, last=format_date(last)))


@dataclass(frozen=True)
class OpenInstalments:
    """The loan's unsettled instalments of its current schedule, as of a date."""

    terms: Terms
    states: tuple[InstalmentState, ...]

    @property
    def principal_outstanding(self) -> int:
        return sum(s.principal_due for s in self.states)


def open_instalments(session: Session, loan: Loan | PayingLoan,
                     as_of: date) -> OpenInstalments:
    rows = session.connection().execute(
        _OPEN, {"loan_id": loan.id, "version": loan.schedule_version}).all()
    paid = allocations_by_instalment(session, [r.id for r in rows])
    terms = terms_of(loan)
    states = tuple(
        instalment_state(r.id, r.no, r.due_date, r.principal, r.interest,
                         paid=paid.get(r.id, ()), as_of=as_of, terms=terms,
                         carried_penalty=r.carried_penalty)
        for r in rows
    )
    return OpenInstalments(terms, states)


def allocations_by_instalment(session: Session, ids: Sequence[int]) -> dict[int, list[Paid]]:
    found: dict[int, list[Paid]] = defaultdict(list)
    if not ids:
        return found
    for r in session.connection().execute(_PAID, {"ids": list(ids)}):
        found[r.instalment_id].append(Paid(r.date, r.principal, r.interest, r.penalty))
    return found


def record_event(session: Session, loan: Loan | PayingLoan, kind: str, on: date, *,
                 entry_id: int | None = None, note: str = "", receipt_no: str | None = None,
                 **amounts: int) -> int:
    values: dict[str, Any] = {
        "loan_id": loan.id, "kind": kind, "date": on, "entry_id": entry_id, "amount": 0,
        "principal": 0, "interest": 0, "penalty": 0, "fee": 0, "to_savings": 0, "waived": 0,
        "receipt_no": receipt_no, "note": note[:255], "created_by": actor_of(session).username,
        "created_at": utcnow(),
    }
    values.update(amounts)
    return int(session.connection().execute(_INSERT_EVENT, values).scalar_one())


def issue_receipt(session: Session, entry_id: int, day: date, total: int, *, kind: str,
                  title: str, member_id: int, party: str,
                  lines: Sequence[receipts.ReceiptLine]) -> tuple[int, str]:
    """The kuitansi for money a member paid in; (id, number). Through the receipts module's
    request path: the entry was posted a moment ago in this transaction, so the checks that
    reread it (as `issue_receipt` does) would only cost time on every repayment."""
    request = receipts.ReceiptRequest(entry_id, day, total, "in", kind, title, party[:120],
                                      member_id, tuple(lines))
    receipt_id = receipts.issue_receipts(session, [request])[0]
    number = session.connection().execute(_RECEIPT_NO, {"id": receipt_id}).scalar_one()
    return receipt_id, str(number)


def set_receipt_no(session: Session, event_id: int, receipt_no: str) -> None:
    session.connection().execute(
        update(EVENT).where(EVENT.c.id == event_id).values(receipt_no=receipt_no))


def record_allocations(session: Session, loan: Loan | PayingLoan, event_id: int, on: date,
                       allocations: Sequence[Allocation]) -> None:
    if not allocations:
        return
    session.connection().execute(_INSERT_ALLOCATIONS, [
        {"event_id": event_id, "loan_id": loan.id, "instalment_id": a.instalment_id, "date": on,
         "principal": a.principal, "interest": a.interest, "penalty": a.penalty}
        for a in allocations
    ])


def mark_settled(session: Session, instalment_ids: Sequence[int], on: date) -> None:
    if instalment_ids:
        session.connection().execute(_SETTLE, {"ids": list(instalment_ids), "day": on})


def insert_instalments(session: Session, loan: Loan, *, version: int, valid_from: date,
                       rows: Sequence[tuple[int, date, int, int]],
                       carried_penalty: int = 0) -> None:
    """Write a schedule version: (no, due date, principal, jasa) rows."""
    session.connection().execute(insert(INSTALMENT), [
        {"loan_id": loan.id, "version": version, "no": no, "due_date": due, "principal": p,
         "interest": i, "carried_penalty": carried_penalty if no == 1 else 0,
         "valid_from": valid_from, "superseded_on": None, "settled_on": None}
        for no, due, p, i in rows
    ])
