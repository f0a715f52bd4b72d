"""The sums the statements are built from, read straight from the postings.

The journal is the truth and balances are cumulative from the first posting, so a balance-sheet
account carries forward from one year to the next by itself: its balance at 31 December of one
year *is* its opening balance of the next, and no opening entries are posted. A year's income and
expenses are the postings dated within the year, less the year-end closing entries (which move
them to "SHU of the current year" and would otherwise show every closed year as zero).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from coopdesk.ledger.models import JournalEntry, Posting
from coopdesk.ledger.reports import account_balances

#: The `source` of year-end closing entries (and of their reversals when a year is reopened).
CLOSING_SOURCE = "closing"


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def closing_postings(session: Session, start: date, end: date) -> dict[int, int]:
    """Per account, the sum of closing entries' postings dated between two days."""
    stmt = (
        select(Posting.account_id, func.sum(Posting.amount))
        .join(JournalEntry, JournalEntry.id == Posting.entry_id)
        .where(JournalEntry.source == CLOSING_SOURCE, JournalEntry.date >= start,
               JournalEntry.date <= end)
        .group_by(Posting.account_id)
    )
    return {acc: int(total) for acc, total in session.execute(stmt)}


def activity(session: Session, start: date, end: date) -> dict[int, int]:
    """Per account, the postings dated between two days, closing entries left out."""
    moved = account_balances(session, end, since=start)
    for acc, amount in closing_postings(session, start, end).items():
        moved[acc] = moved.get(acc, 0) - amount
    return {acc: amount for acc, amount in moved.items() if amount}


def split_activity(session: Session, start: date, end: date, account_ids: Collection[int]
                   ) -> dict[int, tuple[int, int]]:
    """Per account, (sum of debits, sum of credits as a negative number) between two days,
    closing entries left out: the gross movements the statement of equity shows."""
    if not account_ids:
        return {}
    debit = func.sum(case((Posting.amount > 0, Posting.amount), else_=0))
    credit = func.sum(case((Posting.amount < 0, Posting.amount), else_=0))
    base = (select(Posting.account_id, debit, credit)
            .where(Posting.account_id.in_(list(account_ids)), Posting.date >= start,
                   Posting.date <= end)
            .group_by(Posting.account_id))
    out = {acc: (int(d or 0), int(c or 0)) for acc, d, c in session.execute(base)}
    closing = (base.join(JournalEntry, JournalEntry.id == Posting.entry_id)
               .where(JournalEntry.source == CLOSING_SOURCE))
    for acc, d, c in session.execute(closing):
        old_d, old_c = out[acc]
        out[acc] = (old_d - int(d or 0), old_c - int(c or 0))
    return out


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
    touched = (select(Posting.entry_id)
               .where(Posting.account_id.in_(cash), Posting.date >= start, Posting.date <= end)
               .distinct().subquery())
    inflow = func.sum(case((Posting.amount < 0, -Posting.amount), else_=0))
    outflow = func.sum(case((Posting.amount > 0, -Posting.amount), else_=0))
    stmt = (select(Posting.account_id, inflow, outflow)
            .join(touched, and_(touched.c.entry_id == Posting.entry_id))
            .where(Posting.account_id.not_in(cash))
            .group_by(Posting.account_id))
    return {acc: (int(i or 0), int(o or 0)) for acc, i, o in session.execute(stmt)}
