"""The simpanan wajib amount over the years: each amount with the month it applies from.

The members' meeting (RAT) changes the monthly wajib from time to time ("from April 2026,
Rp15.000"). Dues of a month are the amount in force in that month, so arrears over several
years, the meeting's grid and the counter's prefill all use the amount of the month concerned,
and a change never rewrites what older months were owed.

A change applies from a whole month (stored as its 1st). Months before the first recorded change
use the `savings.wajib_amount` setting: the amount a book had before it kept a history.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, actor_of, require
from coopdesk.db import utcnow
from coopdesk.errors import UserError
from coopdesk.i18n import _, format_money, month_name
from coopdesk.ledger.savings import WAJIB_AMOUNT
from coopdesk.ledger.savings_models import WajibAmount


def month_index(year: int, month: int) -> int:
    """Months counted from year 0, so month arithmetic is plain integer arithmetic."""
    return year * 12 + month - 1


@dataclass(frozen=True)
class WajibChange:
    valid_from: date  # the 1st of the first month it applies to
    amount: int
    note: str | None = None


@dataclass(frozen=True)
class WajibSchedule:
    """The monthly wajib in force for every month: `base` until the first change."""

    base: int
    changes: tuple[WajibChange, ...] = ()  # oldest first

    def amount_for(self, year: int, month: int) -> int:
        starts = [month_index(c.valid_from.year, c.valid_from.month) for c in self.changes]
        at = bisect_right(starts, month_index(year, month))
        return self.changes[at - 1].amount if at else self.base

    def amounts(self, first: int, last: int) -> list[int]:
        """The amount of each month from month index `first` through `last` (both included)."""
        found = []
        at, amount = 0, self.base
        for index in range(first, last + 1):
            while (at < len(self.changes) and month_index(
                    self.changes[at].valid_from.year, self.changes[at].valid_from.month) <= index):
                amount = self.changes[at].amount
                at += 1
            found.append(amount)
        return found

    def lines(self) -> list[tuple[date | None, int, str | None]]:
        """(from, amount, note) for display; `None` as the first date means "from the start"."""
        return [(None, self.base, None)] + [(c.valid_from, c.amount, c.note)
                                            for c in self.changes]


@dataclass(frozen=True)
class DuesTable:
    """Cumulative wajib due from a first month on, so what a member owes between any two
    months, and how many months a sum covers, take one subtraction and one search each."""

    first: int  # month index of `totals[1]`'s month
    totals: tuple[int, ...]  # totals[k]: the dues of the k months from `first` on

    @classmethod
    def build(cls, schedule: WajibSchedule, first: int, last: int) -> DuesTable:
        totals = [0]
        for amount in schedule.amounts(first, last):
            totals.append(totals[-1] + amount)
        return cls(first, tuple(totals))

    def due(self, start: int, end: int) -> int:
        """The dues of months `start` through `end` (month indexes, both included)."""
        if end < start:
            return 0
        return self.totals[end - self.first + 1] - self.totals[start - self.first]

    def months_covered(self, start: int, end: int, paid: int) -> int:
        """How many months from `start` on are paid in full by `paid` (oldest first), at most
        up to `end`."""
        base = self.totals[start - self.first]
        covered = bisect_right(self.totals, base + paid) - 1 - (start - self.first)
        return max(min(covered, end - start + 1), 0)


def wajib_schedule(session: Session) -> WajibSchedule:
    require(session, Capability.READ)
    rows = session.execute(select(WajibAmount.valid_from, WajibAmount.amount, WajibAmount.note)
                           .order_by(WajibAmount.valid_from))
    return WajibSchedule(WAJIB_AMOUNT.get(session),
                         tuple(WajibChange(r.valid_from, r.amount, r.note) for r in rows))


def wajib_amount(session: Session, on: date) -> int:
    """The monthly simpanan wajib in force in the month of `on`."""
    return wajib_schedule(session).amount_for(on.year, on.month)


def set_wajib_amount(session: Session, amount: int, *, from_month: date,
                     note: str | None = None) -> WajibSchedule:
    """Record the meeting's decision: `amount` a month from the month of `from_month` on
    (until a later change). Deciding again for the same month replaces that decision."""
    require(session, Capability.SETTINGS)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise UserError(_("The monthly simpanan wajib must be more than zero."))
    start = from_month.replace(day=1)
    row = session.get(WajibAmount, start)
    before = {"amount": row.amount, "note": row.note} if row is not None else None
    clean = (note or "").strip()[:255] or None
    if row is None:
        session.add(WajibAmount(valid_from=start, amount=amount, note=clean,
                                created_by=actor_of(session).username, created_at=utcnow()))
    else:
        row.amount, row.note = amount, clean
    session.flush()
    audit.record(session, "savings.wajib_amount", entity="setting",
                 entity_id=f"savings.wajib_amount:{start.isoformat()}", before=before,
                 after={"from": start, "amount": amount, "note": clean})
    return wajib_schedule(session)


def describe_change(change: WajibChange) -> str:
    return _("{amount} a month from {month} {year}").format(
        amount=format_money(change.amount), month=month_name(change.valid_from.month),
        year=change.valid_from.year)


def schedule_rows(schedule: WajibSchedule) -> tuple[Sequence[str], list[Sequence[object]]]:
    """The history as CSV rows: from (empty for the starting amount), amount, note."""
    return ("valid_from", "amount", "note"), [
        (start.isoformat() if start else "", amount, note or "")
        for start, amount, note in schedule.lines()]
