"""Tables of the journal: accounts, financial years, entries and their postings.

A posting's amount is signed: positive is a debit, negative a credit, so an entry balances when
its postings sum to zero. The posting carries its entry's date (denormalised) so the trial balance
as of any date is one covering-index scan. The database itself refuses to change a posted entry
or to post an unbalanced one (triggers installed by the first migration).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from coopdesk.db import Base, Money, UtcDateTime, utcnow

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer, "sqlite")


class AccountType(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"

    @property
    def debit_normal(self) -> bool:
        return self in (AccountType.ASSET, AccountType.EXPENSE)


class Account(Base):
    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint(
            "type IN ('asset', 'liability', 'equity', 'income', 'expense')", name="type"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    type: Mapped[str] = mapped_column(String(10), nullable=False)
    contra: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # A stable purpose ("cash", "savings.pokok") so services find accounts whatever their code.
    role: Mapped[str | None] = mapped_column(String(40), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class FinancialYear(Base):
    __tablename__ = "financial_year"
    __table_args__ = (CheckConstraint("status IN ('open', 'closed')", name="status"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(6), nullable=False, default="open")
    # Postings dated on or before this day are refused (a closed month); NULL: nothing locked.
    locked_through: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(80))


class JournalEntry(Base):
    __tablename__ = "journal_entry"
    __table_args__ = (
        UniqueConstraint("year", "number", name="uq_journal_entry_year_number"),
        CheckConstraint("status IN ('draft', 'posted')", name="status"),
        CheckConstraint("status = 'draft' OR number IS NOT NULL", name="posted_numbered"),
        Index("ix_journal_entry_date", "date"),
        Index("ix_journal_entry_source", "source", "source_ref"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("financial_year.year"), nullable=False)
    number: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date, nullable=False)
    memo: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    # What produced the entry (manual, savings, loan, shu, closing, opening, sale, ...) and the
    # document it belongs to (a receipt number, a loan id), so a report can find it again.
    source: Mapped[str] = mapped_column(String(20), nullable=False, default="manual")
    source_ref: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(6), nullable=False, default="draft")
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_entry.id"), unique=True
    )
    created_by: Mapped[str] = mapped_column(String(80), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class Posting(Base):
    __tablename__ = "posting"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="nonzero"),
        Index("ix_posting_account_date_amount", "account_id", "date", "amount"),
        Index("ix_posting_entry", "entry_id"),
        Index("ix_posting_member_account_date_amount", "member_id", "account_id", "date", "amount"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entry.id"), nullable=False)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), nullable=False)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    date: Mapped[date] = mapped_column(Date, nullable=False)
    amount: Mapped[int] = mapped_column(Money, nullable=False)
    memo: Mapped[str | None] = mapped_column(String(255))
