"""Month-end balance snapshots: the trial balance of a big book in milliseconds.

Summing two million postings takes about half a second even through the covering index. A
snapshot keeps every account's cumulative balance at each month end, with the highest posting id
it includes. The balance as of a day D is then

    snapshot at the last month end M <= D
    + postings dated in (M, D]                      (a short index range per account)
    + postings dated <= M written after the snapshot (ids above the snapshot's highest id)

so a snapshot never goes wrong when entries are back-dated into an open month: it only gets a
little slower until `refresh` rebuilds it. Snapshots are derived data; `refresh` rewrites them
all in one pass over the postings, and is run when periods close, after bulk work, and by the
app in the background.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from sqlalchemy import Date, ForeignKey, Select, Table, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from coopdesk.db import Base, Money
from coopdesk.ledger.models import Account, BigId, Posting


class BalanceSnapshot(Base):
    __tablename__ = "balance_snapshot"

    month_end: Mapped[date] = mapped_column(Date, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    balance: Mapped[int] = mapped_column(Money, nullable=False)
    through_posting_id: Mapped[int] = mapped_column(BigId, nullable=False)


_SNAP = cast(Table, BalanceSnapshot.__table__)
#: Below this many postings a plain aggregate is as fast as a snapshot.
WORTH_IT = 50_000


def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def balances_as_of(session: Session, as_of: date) -> dict[int, int]:
    """Signed balance of every account with postings dated up to `as_of`."""
    snap_day = session.scalar(select(func.max(_SNAP.c.month_end)).where(
        _SNAP.c.month_end <= as_of))
    if snap_day is None:
        return _aggregate(session, select(Posting.account_id, func.sum(Posting.amount))
                          .where(Posting.date <= as_of))
    rows = session.execute(select(_SNAP.c.account_id, _SNAP.c.balance,
                                  _SNAP.c.through_posting_id)
                           .where(_SNAP.c.month_end == snap_day)).all()
    result = {r.account_id: int(r.balance) for r in rows}
    through = max((r.through_posting_id for r in rows), default=0)
    # Naming the accounts makes the plan a short index range per account whether or not the
    # book has planner statistics (without them SQLite would scan the whole index).
    recent = _aggregate(session, select(Posting.account_id, func.sum(Posting.amount)).where(
        Posting.account_id.in_(select(Account.id)), Posting.date > snap_day,
        Posting.date <= as_of))
    # Filtered in Python on purpose: given a date condition, SQLite scans the covering index
    # instead of the short id range of postings written since the snapshot.
    late: dict[int, int] = {}
    for acc, amount, day in session.execute(
        select(Posting.account_id, Posting.amount, Posting.date).where(Posting.id > through)
    ):
        if day <= snap_day:
            late[acc] = late.get(acc, 0) + amount
    for part in (recent, late):
        for acc, amount in part.items():
            result[acc] = result.get(acc, 0) + amount
    return {acc: bal for acc, bal in result.items() if bal}


def _aggregate(session: Session, stmt: Select[int, int]) -> dict[int, int]:
    return {acc: int(total) for acc, total in session.execute(
        stmt.group_by(Posting.account_id)) if total}


def refresh(session: Session, *, through: date | None = None) -> int:
    """Rebuild the snapshots for every month end up to `through` (default: the end of last
    month); return how many were written. Small books get none (not worth it)."""
    last = through or (date.today().replace(day=1) - timedelta(days=1))
    session.execute(delete(_SNAP))
    count = session.scalar(select(func.count()).select_from(Posting)) or 0
    if count < WORTH_IT:
        return 0
    top = session.scalar(select(func.max(Posting.id))) or 0
    first = session.scalar(select(func.min(Posting.date)))
    if first is None or first > last:
        return 0
    monthly = _monthly_sums(session, top, last)
    running: dict[int, int] = {}
    rows: list[dict[str, object]] = []
    month = _month_end(first)
    while month <= last:
        for acc, amount in monthly.get(month, {}).items():
            running[acc] = running.get(acc, 0) + amount
        rows.extend({"month_end": month, "account_id": acc, "balance": bal,
                     "through_posting_id": top} for acc, bal in running.items())
        month = _month_end(month + timedelta(days=1))
    if rows:
        session.execute(insert(_SNAP), rows)
    return len({r["month_end"] for r in rows})


def _monthly_sums(session: Session, top: int, last: date) -> dict[date, dict[int, int]]:
    """Sum of postings per (month, account), from one pass over the covering index."""
    year = func.extract("year", Posting.date)
    month = func.extract("month", Posting.date)
    stmt = (select(year, month, Posting.account_id, func.sum(Posting.amount))
            .where(Posting.id <= top, Posting.date <= last)
            .group_by(year, month, Posting.account_id))
    sums: dict[date, dict[int, int]] = {}
    for y, m, acc, total in session.execute(stmt):
        end = _month_end(date(int(y), int(m), 1))
        sums.setdefault(end, {})[acc] = int(total)
    return sums

