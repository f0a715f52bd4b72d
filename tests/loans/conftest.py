"""Loan test fixtures: a book with a few members and the cooperative's usual loan products."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from coopdesk.book import Book
from coopdesk.ledger.loans import lifecycle, products
from coopdesk.ledger.loans.products import Terms
from coopdesk.ledger.loans.schedule import Frequency, Method
from coopdesk.ledger.loans.views import LoanView
from coopdesk.members.models import Member

D = date
START = D(2025, 1, 31)
FAR = D(2030, 12, 31)


def add_members(book: Book, count: int = 3) -> list[str]:
    with book.transaction() as s:
        for n in range(1, count + 1):
            s.add(Member(member_no=f"A{n:03d}", name=f"Anggota {n}", status="anggota",
                         joined_on=D(2025, 1, 2)))
    return [f"A{n:03d}" for n in range(1, count + 1)]


#: The products of the test cooperative: name → terms.
PRODUCTS = {
    "Modal Usaha": Terms(Method.FLAT, Decimal("1.5"), fee_rate=Decimal(1),
                         penalty_rate=Decimal("0.1"), grace_days=3),
    "Efektif": Terms(Method.DECLINING, Decimal(2), penalty_mode="none"),
    "Anuitas": Terms(Method.ANNUITY, Decimal(1), fee_rate=Decimal(2), fee_mode="cash",
                     penalty_mode="fixed", penalty_fixed=10_000, grace_days=5),
    "Mingguan": Terms(Method.FLAT, Decimal(2), Frequency.WEEKLY, penalty_mode="none"),
}


def add_products(book: Book) -> None:
    with book.transaction() as s:
        for name, terms in PRODUCTS.items():
            products.add_product(s, name, terms, max_term=120)


@pytest.fixture
def coop(book: Book) -> Iterator[Book]:
    """The test book with members A001–A003 and the products above."""
    add_members(book)
    add_products(book)
    yield book


def new_loan(book: Book, *, product: str = "Modal Usaha", principal: int = 12_000_000,
             term: int = 12, member: str = "A001", on: D = START,
             disburse: bool = True, collateral_value: int = 0) -> LoanView:
    with book.transaction() as s:
        loan = lifecycle.apply_for_loan(s, member_no=member, product=product,
                                        principal=principal, term=term, applied_on=on,
                                        collateral_value=collateral_value)
        lifecycle.approve_loan(s, loan.id, on=on)
        if disburse:
            loan = lifecycle.disburse(s, loan.id, on=on)
    return loan


def balances(book: Book, as_of: D = FAR) -> dict[str, int]:
    """Signed balance per account role (or code) from the journal."""
    with book.read() as s:
        rows = s.execute(text(
            "SELECT COALESCE(a.role, a.code), SUM(p.amount) FROM posting p "
            "JOIN account a ON a.id = p.account_id WHERE p.date <= :d "
            "GROUP BY COALESCE(a.role, a.code)"), {"d": as_of}).all()
    return {r[0]: int(r[1]) for r in rows if r[1]}


def count(book: Book, table: str) -> int:
    with book.read() as s:
        return int(s.scalar(select(func.count()).select_from(text(table))) or 0)


def fingerprint(book: Book) -> tuple[int, ...]:
    """Row counts of every table a loan service writes: equal before and after means unchanged."""
    tables = ("loan", "loan_event", "loan_instalment", "loan_allocation", "journal_entry",
              "posting", "audit_log", "receipt")
    return tuple(count(book, t) for t in tables)
