"""Reading and writing loan rows for the services: find a loan, load its instalments' state on a
date, record an event and its allocations.

A repayment is the area's busiest action (one transaction each, thousands a month in a large
cooperative), so its own share is two reads — the loan with its member and the day of its last
money event (`paying_loan`); its open instalments with what was paid of each
(`open_instalments`) — and one batch of writes (`record_payment`). On SQLite these run straight
on the sqlite3 cursor, as the journal's posting and the audit trail do: SQLAlchemy's cost per
statement was several times the statement's own. Values are written in the forms SQLAlchemy's
SQLite types read back (ISO dates, "YYYY-MM-DD HH:MM:SS.ffffff" UTC timestamps) and read into the
same Python values; other databases run the same statements prebuilt in SQLAlchemy Core.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from coopdesk.access import actor_of
from coopdesk.db import utcnow
from coopdesk.errors import NotFound, UserError
from coopdesk.i18n import _, format_date
from coopdesk.ledger import accounts
from coopdesk.ledger.loans.models import Loan, LoanAllocation, LoanEvent, LoanInstalment
from coopdesk.ledger.loans.position import InstalmentState, Paid, Split, instalment_state
from coopdesk.ledger.loans.products import Terms, terms_of
from coopdesk.ledger.models import Posting
from coopdesk.members.models import Member

INSTALMENT = cast(Table, LoanInstalment.__table__)
EVENT = cast(Table, LoanEvent.__table__)
ALLOCATION = cast(Table, LoanAllocation.__table__)
LOAN = cast(Table, Loan.__table__)
MONEY_EVENTS = ("disbursed", "repayment", "payoff", "rescheduled", "written_off", "recovery")
_TERMS = ("method", "rate", "frequency", "fee_rate", "fee_mode", "penalty_mode", "penalty_rate",
          "penalty_fixed", "grace_days", "allocation_order", "allocation_mode", "payoff_rule")
_RATES = ("rate", "fee_rate", "penalty_rate")


def _sqlite_cursor(session: Session) -> sqlite3.Cursor | None:
    """The driver's own cursor in the session's transaction when the book is SQLite, else None."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return None
    return cast(sqlite3.Cursor, conn.connection.driver_connection.cursor())  # type: ignore[union-attr]


def _day(value: date | str | None) -> date | None:
    """A date column as read: a date through SQLAlchemy, ISO text from the sqlite3 cursor."""
    return date.fromisoformat(value) if isinstance(value, str) else value


# --- the loan being paid -------------------------------------------------------------------------


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


_PAYING_FIELDS = tuple(PayingLoan.__dataclass_fields__)


def _paying_stmt(by_id: bool, lock: bool) -> Any:  # Select's type parameters differ in SA 2.0/2.1
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


def _sqlite_paying(by_id: bool) -> str:
    """`_paying_stmt` for the sqlite3 cursor (which has no row locks: BEGIN IMMEDIATE holds the
    whole book for the writer)."""
    kinds = ", ".join(f"'{kind}'" for kind in MONEY_EVENTS)
    return (
        "SELECT loan.id, loan.loan_no, loan.member_id, member.member_no, member.name, "
        "loan.status, loan.principal, loan.principal_paid, loan.disbursed_on, loan.closed_on, "
        "loan.schedule_version, (SELECT max(e.date) FROM loan_event e WHERE e.loan_id = loan.id "
        f"AND e.kind IN ({kinds}) AND e.reversed_on IS NULL), "
        + ", ".join(f"loan.{name}" for name in _TERMS)
        + " FROM loan JOIN member ON member.id = loan.member_id WHERE "
        + ("loan.id = ?" if by_id else "loan.loan_no = ?"))


_PAYING = {(by_id, lock): _paying_stmt(by_id, lock) for by_id in (True, False)
           for lock in (True, False)}
_SQLITE_PAYING = {by_id: _sqlite_paying(by_id) for by_id in (True, False)}


def paying_loan(session: Session, ref: str | int, *, lock: bool = False) -> PayingLoan:
    """A loan by id (digits) or number, as a repayment reads it; locked for update when paying."""
    text = str(ref).strip()
    by_id = text.isdigit()
    key: int | str = int(text) if by_id else text.upper()
    cur = _sqlite_cursor(session)
    if cur is None:
        found = session.connection().execute(_PAYING[by_id, lock], {"ref": key}).one_or_none()
        row = None if found is None else dict(found._mapping)
    else:
        raw = cur.execute(_SQLITE_PAYING[by_id], (key,)).fetchone()
        cur.close()
        row = None if raw is None else _from_sqlite(raw)
    if row is None:
        raise NotFound(_("There is no loan “{ref}”.").format(ref=text))
    return PayingLoan(**row)


def _from_sqlite(raw: tuple[Any, ...]) -> dict[str, Any]:
    """The values SQLAlchemy's types would have made of the row: dates and exact rates."""
    row = dict(zip(_PAYING_FIELDS, raw, strict=True))
    for name in ("disbursed_on", "closed_on", "last_event"):
        row[name] = _day(row[name])
    for name in _RATES:
        row[name] = Decimal(row[name])
    return row


# --- its open instalments ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenInstalments:
    """The loan's unsettled instalments of its current schedule, as of a date."""

    terms: Terms
    states: tuple[InstalmentState, ...]

    @property
    def principal_outstanding(self) -> int:
        return sum(s.principal_due for s in self.states)


# Each open instalment with every payment made on it (one row per payment, or one without).
_OPEN = (
    select(INSTALMENT.c.id, INSTALMENT.c.no, INSTALMENT.c.due_date, INSTALMENT.c.principal,
           INSTALMENT.c.interest, INSTALMENT.c.carried_penalty, ALLOCATION.c.date,
           ALLOCATION.c.principal, ALLOCATION.c.interest, ALLOCATION.c.penalty)
    .select_from(INSTALMENT.outerjoin(ALLOCATION,
                                      ALLOCATION.c.instalment_id == INSTALMENT.c.id))
    .where(INSTALMENT.c.loan_id == bindparam("loan_id"),
           INSTALMENT.c.version == bindparam("version"), INSTALMENT.c.settled_on.is_(None))
    .order_by(INSTALMENT.c.no, ALLOCATION.c.date, ALLOCATION.c.id)
)
_SQLITE_OPEN = (
    "SELECT i.id, i.no, i.due_date, i.principal, i.interest, i.carried_penalty, a.date, "
    "a.principal, a.interest, a.penalty FROM loan_instalment i LEFT JOIN loan_allocation a "
    "ON a.instalment_id = i.id WHERE i.loan_id = ? AND i.version = ? AND i.settled_on IS NULL "
    "ORDER BY i.no, a.date, a.id"
)


def open_instalments(session: Session, loan: Loan | PayingLoan,
                     as_of: date) -> OpenInstalments:
    cur = _sqlite_cursor(session)
    if cur is None:
        rows: Sequence[Any] = session.connection().execute(
            _OPEN, {"loan_id": loan.id, "version": loan.schedule_version}).all()
    else:
        rows = cur.execute(_SQLITE_OPEN, (loan.id, loan.schedule_version)).fetchall()
        cur.close()
    terms = terms_of(loan)
    return OpenInstalments(terms, tuple(_states(rows, as_of, terms)))


def _states(rows: Sequence[Any], as_of: date, terms: Terms) -> Iterator[InstalmentState]:
    for _iid, group in groupby(rows, key=itemgetter(0)):
        part = list(group)
        iid, no, due, principal, interest, carried = part[0][:6]
        paid = [Paid(cast(date, _day(r[6])), r[7], r[8], r[9]) for r in part if r[6] is not None]
        yield instalment_state(iid, no, cast(date, _day(due)), principal, interest, paid=paid,
                               as_of=as_of, terms=terms, carried_penalty=carried)


# --- what a payment changes ----------------------------------------------------------------------

# Built once: building a statement costs more than running it.
_INSERT_EVENT = insert(EVENT).returning(EVENT.c.id)
_INSERT_ALLOCATIONS = insert(ALLOCATION)
_SETTLE = (update(INSTALMENT).where(INSTALMENT.c.id == bindparam("instalment"))
           .values(settled_on=bindparam("day")))
_PAID_DOWN = (update(LOAN).where(LOAN.c.id == bindparam("loan_id"))
              .values(principal_paid=LOAN.c.principal_paid + bindparam("paid"),
                      status=bindparam("new_status"), closed_on=bindparam("closed")))
_EVENT_COLUMNS = ("loan_id", "kind", "date", "entry_id", "amount", "principal", "interest",
                  "penalty", "fee", "to_savings", "waived", "receipt_no", "note", "created_by",
                  "created_at")
_SQLITE_EVENT = (f"INSERT INTO loan_event ({', '.join(_EVENT_COLUMNS)}) "
                 f"VALUES ({', '.join(':' + c for c in _EVENT_COLUMNS)}) RETURNING id")
_SQLITE_ALLOCATION = ("INSERT INTO loan_allocation (event_id, loan_id, instalment_id, date, "
                      "principal, interest, penalty) VALUES (?, ?, ?, ?, ?, ?, ?)")
_SQLITE_SETTLE = "UPDATE loan_instalment SET settled_on = :day WHERE id = :instalment"
_SQLITE_PAID_DOWN = ("UPDATE loan SET principal_paid = principal_paid + :paid, "
                     "status = :new_status, closed_on = :closed WHERE id = :loan_id")


def record_payment(session: Session, loan: PayingLoan, kind: str, day: date, split: Split, *,
                   entry_id: int, receipt_no: str | None, amount: int,
                   settled: Sequence[int], closed: bool, to_savings: int = 0, waived: int = 0,
                   note: str = "") -> int:
    """Write what one repayment or payoff did to the loan in one batch: its event, what it paid
    of each instalment, the instalments it `settled`, the principal paid down (and the loan
    closed). Returns the event's id."""
    event: dict[str, Any] = {
        "loan_id": loan.id, "kind": kind, "date": day, "entry_id": entry_id, "amount": amount,
        "principal": split.principal, "interest": split.interest, "penalty": split.penalty,
        "fee": 0, "to_savings": to_savings, "waived": waived, "receipt_no": receipt_no,
        "note": note[:255], "created_by": actor_of(session).username, "created_at": utcnow()}
    paid = [(a.instalment_id, a.principal, a.interest, a.penalty) for a in split.allocations]
    down = {"loan_id": loan.id, "paid": split.principal, "closed": day if closed else None,
            "new_status": "closed" if closed else loan.status}
    cur = _sqlite_cursor(session)
    if cur is None:
        return _write_core(session, event, paid, settled, down)
    iso = day.isoformat()
    moment = event["created_at"].replace(tzinfo=None)  # UTC, as SQLAlchemy's DateTime writes it
    event.update(date=iso, created_at=moment.strftime("%Y-%m-%d %H:%M:%S.%f"))
    event_id = int(cur.execute(_SQLITE_EVENT, event).fetchone()[0])
    cur.executemany(_SQLITE_ALLOCATION, [(event_id, loan.id, i, iso, p, j, d)
                                         for i, p, j, d in paid])
    cur.executemany(_SQLITE_SETTLE, [{"instalment": i, "day": iso} for i in settled])
    cur.execute(_SQLITE_PAID_DOWN, dict(down, closed=iso if closed else None))
    cur.close()
    return event_id


def _write_core(session: Session, event: dict[str, Any], paid: list[tuple[int, int, int, int]],
                settled: Sequence[int], down: dict[str, Any]) -> int:
    """`record_payment`'s statements through SQLAlchemy Core (PostgreSQL)."""
    conn = session.connection()
    event_id = int(conn.execute(_INSERT_EVENT, event).scalar_one())
    if paid:
        conn.execute(_INSERT_ALLOCATIONS, [
            {"event_id": event_id, "loan_id": event["loan_id"], "instalment_id": i,
             "date": event["date"], "principal": p, "interest": j, "penalty": d}
            for i, p, j, d in paid])
    if settled:
        conn.execute(_SETTLE, [{"instalment": i, "day": event["date"]} for i in settled])
    conn.execute(_PAID_DOWN, down)
    return event_id


# --- the other services' reads and writes --------------------------------------------------------


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
_PAID = (select(ALLOCATION.c.instalment_id, ALLOCATION.c.date, ALLOCATION.c.principal,
                ALLOCATION.c.interest, ALLOCATION.c.penalty)
         .where(ALLOCATION.c.instalment_id.in_(bindparam("ids", expanding=True)))
         .order_by(ALLOCATION.c.date, ALLOCATION.c.id))


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
    """An event without a payment's allocations (an application, a disbursement, ...)."""
    values: dict[str, Any] = {
        "loan_id": loan.id, "kind": kind, "date": on, "entry_id": entry_id, "amount": 0,
        "principal": 0, "interest": 0, "penalty": 0, "fee": 0, "to_savings": 0, "waived": 0,
        "receipt_no": receipt_no, "note": note[:255], "created_by": actor_of(session).username,
        "created_at": utcnow(),
    }
    values.update(amounts)
    return int(session.connection().execute(_INSERT_EVENT, values).scalar_one())


def set_receipt_no(session: Session, event_id: int, receipt_no: str) -> None:
    session.connection().execute(
        update(EVENT).where(EVENT.c.id == event_id).values(receipt_no=receipt_no))


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
