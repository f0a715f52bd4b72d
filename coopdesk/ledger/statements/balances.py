"""The sums the statements are built from, read straight from the postings.

The journal is the truth and balances are cumulative from the first posting, so a balance-sheet
account carries forward from one year to the next by itself: its balance at 31 December of one
year *is* its opening balance of the next, and no opening entries are posted. A year's income and
expenses are the postings dated within the year, less the year-end closing entries (which move
them to "SHU of the current year" and would otherwise show every closed year as zero).

`Reads` keeps each sum a report needs, so four statements beside their previous year read every
balance once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import case, delete, exists, func, insert, select
from sqlalchemy.orm import Session, aliased

from coopdesk.ledger.models import JournalEntry, Posting
from coopdesk.ledger.reports import account_balances
from coopdesk.ledger.statements.models import CashFlowCache

#: The `source` of year-end closing entries (and of their reversals when a year is reopened).
CLOSING_SOURCE = "closing"
#: The `source` of the members' meeting's decisions to cover a loss from the reserve.
LOSS_SOURCE = "shu_loss"
T = TypeVar("T")


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def closing_entry_ids(session: Session, start: date, end: date) -> list[int]:
    """Closing entries (and reversals of them) dated between two days.

    They are dated 31 December and name their year in `source_ref`, which the index on
    (source, source_ref) finds at once; a search by date would read every entry of the year.
    """
    years = [str(y) for y in range(start.year, end.year + 1) if start <= date(y, 12, 31) <= end]
    if not years:
        return []
    rows = session.execute(select(JournalEntry.id, JournalEntry.date).where(
        JournalEntry.source == CLOSING_SOURCE, JournalEntry.source_ref.in_(years)))
    # The dates are checked here: given them, the planner may prefer the index on date.
    return [entry_id for entry_id, day in rows if start <= day <= end]


def _by_entries(session: Session, stmt: Any, entry_ids: list[int]) -> list[Any]:
    if not entry_ids:
        return []
    return list(session.execute(stmt.where(Posting.entry_id.in_(entry_ids))
                                .group_by(Posting.account_id)))


def closing_postings(session: Session, start: date, end: date) -> dict[int, int]:
    """Per account, the sum of closing entries' postings dated between two days."""
    rows = _by_entries(session, select(Posting.account_id, func.sum(Posting.amount)),
                       closing_entry_ids(session, start, end))
    return {acc: int(total) for acc, total in rows}


def activity(session: Session, start: date, end: date) -> dict[int, int]:
    """Per account, the postings dated between two days, closing entries left out."""
    moved = account_balances(session, end, since=start)
    for acc, amount in closing_postings(session, start, end).items():
        moved[acc] = moved.get(acc, 0) - amount
    return {acc: amount for acc, amount in moved.items() if amount}


_DEBIT = func.sum(case((Posting.amount > 0, Posting.amount), else_=0))
_CREDIT = func.sum(case((Posting.amount < 0, Posting.amount), else_=0))


def split_activity(session: Session, start: date, end: date, account_ids: Collection[int]
                   ) -> dict[int, tuple[int, int]]:
    """Per account, (sum of debits, sum of credits as a negative number) between two days,
    closing entries left out: the gross movements the statement of equity shows."""
    if not account_ids:
        return {}
    base = (select(Posting.account_id, _DEBIT, _CREDIT)
            .where(Posting.account_id.in_(list(account_ids))))
    out = {acc: (int(d or 0), int(c or 0)) for acc, d, c in session.execute(
        base.where(Posting.date >= start, Posting.date <= end).group_by(Posting.account_id))}
    for acc, d, c in _by_entries(session, base, closing_entry_ids(session, start, end)):
        old_d, old_c = out[acc]
        out[acc] = (old_d - int(d or 0), old_c - int(c or 0))
    return out


def source_split(session: Session, start: date, end: date, account_ids: Collection[int],
                 source: str) -> dict[int, tuple[int, int]]:
    """Per account, (debits, credits as a negative number) of the entries from `source` dated
    between two days: the few entries the statement of equity shows on lines of their own."""
    if not account_ids:
        return {}
    entry_ids = list(session.scalars(select(JournalEntry.id).where(
        JournalEntry.source == source, JournalEntry.date >= start, JournalEntry.date <= end)))
    base = (select(Posting.account_id, _DEBIT, _CREDIT)
            .where(Posting.account_id.in_(list(account_ids))))
    return {acc: (int(d or 0), int(c or 0)) for acc, d, c in _by_entries(session, base,
                                                                            entry_ids)}


def cash_counterparts(session: Session, start: date, end: date, cash_ids: Collection[int]
                      ) -> dict[int, tuple[int, int]]:
    """Per non-cash account, the cash its postings brought in and sent out between two days.

    In an entry that moves cash, the other lines sum to minus the cash moved, so each non-cash
    line's negated amount is the cash it accounts for: a credit to a member's savings is cash in,
    a debit to a loan receivable is cash out. No allocation is needed, and the lines add up to the
    change in cash exactly. Returned as (cash in, cash out as a negative number).
    """
    if not cash_ids:
        return {}
    cash = list(cash_ids)
    # The year's entries by their date index, each kept when a line of it moves cash: a third
    # faster on SQLite than collecting the cash lines' entries first (no temporary set to build).
    cash_line = aliased(Posting)
    moves_cash = exists().where(cash_line.entry_id == JournalEntry.id,
                                cash_line.account_id.in_(cash))
    inflow = func.sum(case((Posting.amount < 0, -Posting.amount), else_=0))
    outflow = func.sum(case((Posting.amount > 0, -Posting.amount), else_=0))
    stmt = (select(Posting.account_id, inflow, outflow)
            .select_from(JournalEntry)
            .join(Posting, Posting.entry_id == JournalEntry.id)
            .where(JournalEntry.date >= start, JournalEntry.date <= end,
                   Posting.account_id.not_in(cash), moves_cash)
            .group_by(Posting.account_id))
    return {acc: (int(i or 0), int(o or 0)) for acc, i, o in session.execute(stmt)}


def _cash_set(cash_ids: Collection[int]) -> str:
    return ",".join(str(i) for i in sorted(cash_ids))


def year_cash_flows(session: Session, year: int, cash_ids: Collection[int]
                    ) -> dict[int, tuple[int, int]]:
    """`cash_counterparts` for a whole year: kept figures for a closed year whose cash
    accounts are still the same, else read afresh."""
    key = _cash_set(cash_ids)
    rows = session.execute(select(CashFlowCache.account_id, CashFlowCache.inflow,
                                  CashFlowCache.outflow, CashFlowCache.cash_set)
                           .where(CashFlowCache.year == year)).all()
    if rows and all(r.cash_set == key for r in rows):
        return {r.account_id: (r.inflow, r.outflow) for r in rows}
    return cash_counterparts(session, *year_bounds(year), cash_ids)


def keep_cash_flows(session: Session, year: int, cash_ids: Collection[int]) -> None:
    """Keep a year's cash flows as the year closes (it cannot change while closed)."""
    forget_cash_flows(session, year)
    key = _cash_set(cash_ids)
    rows = [{"year": year, "account_id": acc, "inflow": i, "outflow": o, "cash_set": key}
            for acc, (i, o) in cash_counterparts(session, *year_bounds(year), cash_ids).items()]
    if rows and len(key) <= 200:
        session.execute(insert(CashFlowCache), rows)


def forget_cash_flows(session: Session, year: int) -> None:
    session.execute(delete(CashFlowCache).where(CashFlowCache.year == year))


class Reads:
    """The sums one report reads, each read once (a report runs in one read-only snapshot)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._memo: dict[tuple[object, ...], object] = {}

    def _once(self, key: tuple[object, ...], read: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = read()
        return self._memo[key]  # type: ignore[return-value]

    def balances(self, as_of: date) -> dict[int, int]:
        return self._once(("balances", as_of), lambda: account_balances(self.session, as_of))

    def closing(self, start: date, end: date) -> dict[int, int]:
        return self._once(("closing", start, end),
                          lambda: closing_postings(self.session, start, end))

    def activity(self, start: date, end: date) -> dict[int, int]:
        def read() -> dict[int, int]:
            before = self.balances(start - timedelta(days=1))
            moved = {acc: bal - before.get(acc, 0)
                     for acc, bal in self.balances(end).items()}
            for acc, bal in before.items():
                moved.setdefault(acc, -bal)
            for acc, amount in self.closing(start, end).items():
                moved[acc] = moved.get(acc, 0) - amount
            return {acc: amount for acc, amount in moved.items() if amount}

        return self._once(("activity", start, end), read)
