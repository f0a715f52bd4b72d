"""Figures over time for the charts on Beranda: members' savings and loans outstanding at each
month end, loan quality by class, and the SHU of recent years.

Month-end balances come from `account_balances`, which the month-end snapshots make cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.ledger.models import FinancialYear
from coopdesk.ledger.reports import account_balances
from coopdesk.ledger.statements.build import year_result
from coopdesk.ledger.statements.members import LOAN_ROLE, SAVINGS_ROLES, role_ids
from coopdesk.ledger.statements.portfolio import QualityClass, portfolio


@dataclass(frozen=True)
class MonthPoint:
    month_end: date
    savings: int  # all members' savings (pokok, wajib, sukarela, berjangka)
    loans: int  # loans outstanding


@dataclass(frozen=True)
class YearShu:
    year: int
    shu: int  # negative for a loss
    closed: bool


@dataclass(frozen=True)
class Trends:
    months: tuple[MonthPoint, ...]
    quality: tuple[QualityClass, ...]
    receivable: int
    shu: tuple[YearShu, ...]


def month_ends(today: date, count: int) -> list[date]:
    """The last `count` month ends up to `today` (the current month counts as of today)."""
    ends = [today]
    first = today.replace(day=1)
    for _ in range(count - 1):
        first_prev = (first - timedelta(days=1)).replace(day=1)
        ends.append(first - timedelta(days=1))
        first = first_prev
    return list(reversed(ends))


def trends(session: Session, *, today: date | None = None, months: int = 12,
           years: int = 5) -> Trends:
    require(session, Capability.READ)
    day = today or date.today()
    ids = role_ids(session, [*SAVINGS_ROLES.values(), LOAN_ROLE])
    savings_ids = [ids[r] for r in SAVINGS_ROLES.values() if r in ids]
    loan_id = ids.get(LOAN_ROLE)
    points = []
    for end in month_ends(day, months):
        balances = account_balances(session, end)
        points.append(MonthPoint(end, -sum(balances.get(a, 0) for a in savings_ids),
                                 balances.get(loan_id, 0) if loan_id else 0))
    p = portfolio(session, day)
    shu = []
    for year in range(day.year - years + 1, day.year + 1):
        fy = session.get(FinancialYear, year)
        if fy is not None:
            shu.append(YearShu(year, year_result(session, year), fy.status == "closed"))
    return Trends(tuple(points), p.classes, p.receivable, tuple(shu))
