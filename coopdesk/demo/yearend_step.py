"""Demo step (the last): every past year closed, its SHU shared and paid, the current year open.

Each past year is closed in turn; the members' meeting of the following March (or today, when
that has not come yet) distributes the SHU by the cooperative's rules, and the shares are paid:
credited to the voluntary savings of members who are still members, in cash to those who left.
A year that made a loss is closed and has nothing to share.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from coopdesk.demo import DemoPlan
from coopdesk.ledger import closing
from coopdesk.ledger.shu import compute, distribute, pay_out


def pay_shares(session: Session, year: int, on: date) -> None:
    """Pay the year's shares: to the voluntary savings of members, in cash to those who left."""
    pay_out(session, year, to="sukarela", on=on, leavers_in_cash=True)


def run(session: Session, plan: DemoPlan) -> None:
    shared = 0
    for year in range(plan.first_year, plan.today.year):
        closing.close_year(session, year, today=plan.today)
        if compute(session, year).pool <= 0:
            continue
        meeting = min(date(year + 1, 3, 14), plan.today)
        distribute(session, year, on=meeting)
        pay_shares(session, year, meeting)
        shared += 1
    plan.counts["years_closed"] = plan.today.year - plan.first_year
    plan.counts["shu_years"] = shared
