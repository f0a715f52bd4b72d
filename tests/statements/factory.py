"""Small factories for statement and SHU tests: members, and a year of a cooperative's life."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import insert
from sqlalchemy.orm import Session

from coopdesk.ledger import journal
from coopdesk.ledger.journal import NewEntry, credit, debit
from coopdesk.members.models import Member


def add_members(session: Session, count: int, *, start: int = 1,
                status: str = "anggota", left_on: date | None = None) -> list[int]:
    rows = [{"member_no": f"A{n:05d}", "name": f"Anggota {n}", "status": status,
             "joined_on": date(2024, 1, 1), "left_on": left_on, "migrant_status": "none"}
            for n in range(start, start + count)]
    return list(session.scalars(insert(Member).returning(Member.id,
                                                         sort_by_parameter_order=True), rows))


def save(session: Session, member_id: int, role: str, amount: int, on: date) -> None:
    journal.post_entry(session, NewEntry(on, f"setor {role}", (
        debit("cash", amount), credit(role, amount, member_id=member_id)), source="savings"))


def lend(session: Session, member_id: int, amount: int, on: date) -> None:
    journal.post_entry(session, NewEntry(on, "pinjaman", (
        debit("loans.receivable", amount, member_id=member_id), credit("cash", amount)),
        source="loan"))


def repay(session: Session, member_id: int, principal: int, jasa: int, on: date) -> None:
    journal.post_entry(session, NewEntry(on, "angsuran", (
        debit("cash", principal + jasa),
        credit("loans.receivable", principal, member_id=member_id),
        credit("income.loan_interest", jasa, member_id=member_id)), source="loan"))


def pay_jasa(session: Session, member_id: int, jasa: int, on: date) -> None:
    journal.post_entry(session, NewEntry(on, "jasa", (
        debit("cash", jasa), credit("income.loan_interest", jasa, member_id=member_id)),
        source="loan"))


def spend(session: Session, role: str, amount: int, on: date) -> None:
    journal.post_entry(session, NewEntry(on, "beban", (debit(role, amount),
                                                       credit("cash", amount))))


def a_year(session: Session, members: Sequence[int], year: int = 2025) -> None:
    """A small, ordinary year: savings, a loan per member repaid with jasa, some costs."""
    for i, m in enumerate(members, start=1):
        save(session, m, "savings.pokok", 100_000, date(year, 1, 10))
        save(session, m, "savings.wajib", 10_000 * i, date(year, 3, 10))
        save(session, m, "savings.sukarela", 50_000 * i, date(year, 6, 1))
        lend(session, m, 1_000_000, date(year, 2, 1))
        repay(session, m, 250_000, 15_000 * i, date(year, 5, 1))
    spend(session, "expense.salaries", 120_000, date(year, 12, 20))
    spend(session, "expense.office", 35_000, date(year, 7, 20))
