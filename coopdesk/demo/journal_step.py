"""Demo step: a cooperative's ordinary year in the journal — a grant and running costs.

Members' savings are written by `savings_step` (members and savings area)."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from coopdesk.demo import DemoPlan
from coopdesk.ledger import journal
from coopdesk.ledger.journal import NewEntry, credit, debit
from coopdesk.members.models import Member

#: The board's honorarium a month for each member the cooperative has: a village cooperative
#: pays its board by its size (Rp600.000 at 120 members), so a young or small one is not run
#: at a loss by a fixed honorarium its few members' business cannot carry.
HONORARIUM_PER_MEMBER = 5_000
HONORARIUM_MIN = 100_000


def honorarium(members: int) -> int:
    return max(members * HONORARIUM_PER_MEMBER // 10_000 * 10_000, HONORARIUM_MIN)


def run(session: Session, plan: DemoPlan) -> None:
    rng = plan.rng
    entries: list[NewEntry] = []
    start = date(plan.first_year, 1, 2)
    entries.append(NewEntry(start, "Hibah modal awal dari Pemerintah Desa",
                            # Some of it kept as cash, so the first months' costs are paid
                            # before the members' savings come in.
                            (debit("bank", 20_000_000), debit("cash", 5_000_000),
                             credit("equity.grants", 25_000_000)),
                            source="opening"))
    joined = sorted(d for d in session.scalars(select(Member.joined_on)) if d is not None)
    month = start
    while month <= plan.today:
        payday = month + relativedelta(days=24)
        honor = honorarium(bisect_right(joined, payday))
        entries.append(NewEntry(payday, "Honor pengurus", (
            debit("expense.salaries", honor), credit("cash", honor))))
        supplies = rng.randint(5, 20) * 10_000
        entries.append(NewEntry(month + relativedelta(days=5), "Alat tulis kantor", (
            debit("expense.office", supplies), credit("cash", supplies))))
        month += relativedelta(months=1)
    dated = sorted((e for e in entries if e.date <= plan.today), key=lambda e: e.date)
    journal.post_entries(session, dated)
    plan.counts["entries"] = plan.counts.get("entries", 0) + len(dated)
