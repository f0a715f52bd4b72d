"""Demo step: the treasurer banks the cash the cooperative does not need at hand.

Runs after every step that moves cash. At each month end the cash above a float is paid into
the bank — never more than the lowest cash balance still to come, so the till never goes below
the float on any later day either.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from coopdesk.demo import DemoPlan
from coopdesk.ledger import journal, reports
from coopdesk.ledger.journal import NewEntry, credit, debit

FLOAT = 5_000_000  # kept in the till for the month's payouts
STEP = 1_000_000  # the treasurer pays in round millions


def run(session: Session, plan: DemoPlan) -> None:
    register = reports.account_register(session, "cash")
    if not register.rows:
        return
    by_day: dict[date, int] = {}
    for row in register.rows:
        by_day[row.date] = row.balance
    days = sorted(by_day)
    lowest_ahead: dict[date, int] = {}
    low = by_day[days[-1]]
    for d in reversed(days):
        low = min(low, by_day[d])
        lowest_ahead[d] = low
    entries = []
    banked = 0
    month_end = date(days[0].year, days[0].month, 1) + relativedelta(months=1, days=-1)
    while month_end < plan.today:
        ahead = [d for d in days if d >= month_end]
        if not ahead:
            break
        amount = (lowest_ahead[ahead[0]] - banked - FLOAT) // STEP * STEP
        if amount > 0:
            entries.append(NewEntry(month_end, "Setor kas ke bank",
                                    (debit("bank", amount), credit("cash", amount))))
            banked += amount
        month_end = month_end + timedelta(days=1) + relativedelta(months=1, days=-1)
    if entries:
        journal.post_entries(session, entries)
    plan.counts["entries"] = plan.counts.get("entries", 0) + len(entries)
