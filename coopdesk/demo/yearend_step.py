"""Demo step (the last): every past year closed, its SHU shared and paid, the current year open.

Before a year is closed the treasurer books its year-end incentive for the managers, a share of
the year's income from loans (so the costs follow the business the way a real cooperative's do,
and a busy year does not show an implausible SHU next to a quiet one). Each past year is then
closed in turn; the members' meeting of the following March (or today, when that has not come
yet) is paid for and distributes the SHU by the cooperative's rules, and the shares are paid:
credited to the voluntary savings of members who are still members, in cash to those who left.
A year that made a loss is closed and has nothing to share.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk.demo import DemoPlan
from coopdesk.ledger import closing, journal, reports
from coopdesk.ledger.journal import NewEntry, credit, debit
from coopdesk.ledger.shu import compute, distribute, pay_out
from coopdesk.members.models import Member
from coopdesk.money import percent_of

#: The managers' year-end incentive, in percent of the year's jasa, fees and denda on loans.
INCENTIVE_PERCENT = 25
LOAN_INCOME = ("income.loan_interest", "income.loan_fees", "income.penalty")
#: The members' meeting: the hall and the printed pack, and a meal for each member.
MEETING_COST = 1_000_000
MEETING_COST_PER_MEMBER = 15_000


def pay_shares(session: Session, year: int, on: date) -> None:
    """Pay the year's shares: to the voluntary savings of members, in cash to those who left."""
    pay_out(session, year, to="sukarela", on=on, leavers_in_cash=True)


def _paid_from_bank(session: Session, wanted: int, on: date) -> int:
    """As much of `wanted` as the bank holds on `on` (the demo never overdraws it)."""
    held = reports.account_register(session, "bank", end=on).closing
    return max(min(wanted, held), 0)


def incentive(session: Session, year: int) -> int:
    """The year-end incentive: a share of the year's income from loans, in round thousands."""
    moved = sum(reports.account_register(session, role, start=date(year, 1, 1),
                                         end=date(year, 12, 31)).closing for role in LOAN_INCOME)
    return percent_of(moved, INCENTIVE_PERCENT) // 1_000 * 1_000


def book_incentive(session: Session, year: int) -> None:
    end = date(year, 12, 31)
    amount = _paid_from_bank(session, incentive(session, year), end)
    if amount > 0:
        journal.post_entry(session, NewEntry(
            end, f"Insentif akhir tahun pengelola {year} ({INCENTIVE_PERCENT}% dari "
                 "pendapatan jasa, provisi dan denda pinjaman)",
            (debit("expense.salaries", amount), credit("bank", amount))))


def book_meeting(session: Session, year: int, on: date) -> None:
    """The members' meeting on `on` that approves `year`: its cost, paid by transfer."""
    members = session.scalar(select(func.count()).select_from(Member).where(
        Member.status == "anggota", Member.joined_on <= on)) or 0
    amount = _paid_from_bank(session, MEETING_COST + MEETING_COST_PER_MEMBER * members, on)
    if amount > 0:
        journal.post_entry(session, NewEntry(on, f"Biaya Rapat Anggota Tahunan buku {year}", (
            debit("expense.rat", amount), credit("bank", amount))))


def run(session: Session, plan: DemoPlan) -> None:
    shared = 0
    for year in range(plan.first_year, plan.today.year):
        book_incentive(session, year)
        closing.close_year(session, year, today=plan.today)
        meeting = min(date(year + 1, 3, 14), plan.today)
        book_meeting(session, year, meeting)
        if compute(session, year).pool <= 0:
            continue
        distribute(session, year, on=meeting)
        pay_shares(session, year, meeting)
        shared += 1
    plan.counts["years_closed"] = plan.today.year - plan.first_year
    plan.counts["shu_years"] = shared
