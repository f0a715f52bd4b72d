"""Small helpers that register members (and give them a loan) for the tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.ledger import savings
from coopdesk.ledger.loans import lifecycle, products
from coopdesk.ledger.loans.products import Terms
from coopdesk.ledger.loans.schedule import Method
from coopdesk.ledger.loans.views import LoanView
from coopdesk.members import household, register
from coopdesk.members.register import MemberData

JOINED = date(2025, 1, 6)


def member(book: Book, name: str = "Siti Rahayu", **fields: Any) -> register.MemberView:
    fields.setdefault("joined_on", JOINED)
    fields.setdefault("gender", "P")
    with book.transaction() as s:
        return register.add_member(s, MemberData(name=name, **fields),
                                   today=date(2025, 12, 31))


def placement(book: Book, member_no: str, country: str, sector: str = "informal", *,
              departure: date | None = None, returned: date | None = None) -> None:
    with book.transaction() as s:
        household.add_placement(s, member_no, household.PlacementData(
            country=country, sector=sector, departure_date=departure, return_date=returned),
            today=date(2025, 12, 31))


def running_loan(book: Book, member_no: str, principal: int = 1_200_000, *, term: int = 12,
                 on: date = date(2025, 1, 31)) -> LoanView:
    """A loan paid out on `on`: 1.5% flat a month, denda 0.1% a day after 3 days' grace."""
    with book.transaction() as s:
        if not products.list_products(s):
            products.add_product(s, "Modal Usaha", Terms(
                Method.FLAT, Decimal("1.5"), penalty_rate=Decimal("0.1"), grace_days=3),
                max_term=60)
        applied = lifecycle.apply_for_loan(s, member_no=member_no, product="Modal Usaha",
                                           principal=principal, term=term, applied_on=on)
        lifecycle.approve_loan(s, applied.id, on=on)
        return lifecycle.disburse(s, applied.id, on=on)


def deposit(book: Book, member_no: str, kind: savings.Kind, amount: int, on: date) -> None:
    with book.transaction() as s:
        savings.deposit(s, member_no=member_no, kind=kind, amount=amount, on=on)


def row_counts(book: Book) -> tuple[int, ...]:
    """Rows of what a money action writes: entries, receipts, loan events, audit records (equal
    before and after an action that was refused)."""
    with book.read() as s:
        return tuple(int(s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one())
                     for t in ("journal_entry", "receipt", "loan_event", "audit_log"))


def saver_with_loan(book: Book) -> tuple[str, int, int]:
    """Siti: Rp2.500.000 saved, a loan of Rp1.200.000 whose first instalment alone was paid.
    Returns her member number, her id and the loan's id."""
    from coopdesk.ledger.loans import repayments

    m = member(book)
    deposit(book, m.member_no, "pokok", 200_000, date(2025, 1, 6))
    deposit(book, m.member_no, "wajib", 100_000, date(2025, 1, 10))
    deposit(book, m.member_no, "sukarela", 2_200_000, date(2025, 1, 20))
    loan = running_loan(book, m.member_no)
    with book.transaction() as s:
        repayments.repay(s, loan.id, 118_000, on=date(2025, 2, 28))  # 100.000 + 18.000 jasa
    return m.member_no, m.id, loan.id
