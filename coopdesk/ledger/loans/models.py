"""Tables of the loans: products, loans with the terms they were granted on, their instalments
(every schedule version kept), their events (one per action; money events point at their journal
entry) and how each payment was allocated to instalments.

The journal stays the truth for money; these tables say which instalment a rupiah paid, so
arrears, penalties and kolektibilitas can be computed as of any date. A loan copies its product's
terms when it is applied for: changing a product later never changes a loan already granted.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from coopdesk.db import Base, Money, UtcDateTime, utcnow
from coopdesk.ledger.models import BigId, JournalEntry  # noqa: F401 - entries are referred to
from coopdesk.members.models import Member  # noqa: F401 - loans refer to members

LOAN_STATUSES = ("applied", "approved", "rejected", "cancelled", "active", "closed",
                 "written_off")
EVENT_KINDS = ("applied", "approved", "rejected", "cancelled", "disbursed", "repayment",
               "payoff", "rescheduled", "written_off", "recovery")


class Rate(TypeDecorator[Decimal]):
    """A rate in percent, kept exactly as text (SQLite has no exact decimal type)."""

    impl = String(24)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Decimal | int) or isinstance(value, bool):
            raise TypeError(f"rates must be Decimal, not {type(value).__name__}")
        return str(Decimal(value).normalize()) if value else "0"

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class LoanTermsMixin:
    """The terms a product offers and a loan keeps."""

    method: Mapped[str] = mapped_column(String(10), nullable=False)
    rate: Mapped[Decimal] = mapped_column(Rate, nullable=False)  # % per month
    frequency: Mapped[str] = mapped_column(String(8), nullable=False, default="monthly")
    fee_rate: Mapped[Decimal] = mapped_column(Rate, nullable=False, default=Decimal(0))
    fee_mode: Mapped[str] = mapped_column(String(8), nullable=False, default="deduct")
    penalty_mode: Mapped[str] = mapped_column(String(8), nullable=False, default="daily")
    penalty_rate: Mapped[Decimal] = mapped_column(Rate, nullable=False, default=Decimal(0))
    penalty_fixed: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    grace_days: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    allocation_order: Mapped[str] = mapped_column(String(40), nullable=False,
                                                  default="penalty,interest,principal")
    allocation_mode: Mapped[str] = mapped_column(String(10), nullable=False,
                                                 default="instalment")
    payoff_rule: Mapped[str] = mapped_column(String(8), nullable=False, default="current")


class LoanProduct(LoanTermsMixin, Base):
    __tablename__ = "loan_product"
    __table_args__ = (
        CheckConstraint(_in("method", ("flat", "declining", "annuity")), name="method"),
        CheckConstraint(_in("frequency", ("monthly", "weekly")), name="frequency"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    min_term: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    max_term: Mapped[int] = mapped_column(Integer, nullable=False, default=60)
    min_amount: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    max_amount: Mapped[int] = mapped_column(Money, nullable=False, default=0)  # 0: no limit
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class Loan(LoanTermsMixin, Base):
    __tablename__ = "loan"
    __table_args__ = (
        CheckConstraint(_in("status", LOAN_STATUSES), name="status"),
        CheckConstraint("principal > 0 AND term > 0", name="positive"),
        Index("ix_loan_member", "member_id"),
        Index("ix_loan_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    loan_no: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), nullable=False)
    product_id: Mapped[int] = mapped_column(ForeignKey("loan_product.id"), nullable=False)
    principal: Mapped[int] = mapped_column(Money, nullable=False)
    term: Mapped[int] = mapped_column(Integer, nullable=False)  # instalments
    #: The schedule's anchor (first due = start + one period); NULL: the disbursement date.
    start_date: Mapped[date | None] = mapped_column(Date)
    purpose: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    collateral: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    collateral_value: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="applied")
    applied_on: Mapped[date] = mapped_column(Date, nullable=False)
    applied_by: Mapped[str] = mapped_column(String(80), nullable=False)
    approved_on: Mapped[date | None] = mapped_column(Date)
    approved_by: Mapped[str | None] = mapped_column(String(80))
    disbursed_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    written_off_on: Mapped[date | None] = mapped_column(Date)
    written_off_amount: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    recovered: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    #: Principal repaid so far (all dates); as of an earlier date, subtract later allocations.
    principal_paid: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    schedule_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class LoanInstalment(Base):
    __tablename__ = "loan_instalment"
    __table_args__ = (
        UniqueConstraint("loan_id", "version", "no", name="uq_loan_instalment_loan_version_no"),
        CheckConstraint("principal >= 0 AND interest >= 0", name="non_negative"),
        # Arrears read the instalments still open on a day: the unsettled ones through this
        # partial index, those settled only later through the next. Migration 0003 makes it
        # partial on PostgreSQL too; naming `postgresql_where` here would import SQLAlchemy's
        # PostgreSQL dialect at every start (0.12 s) for metadata the schema never comes from.
        Index("ix_loan_instalment_open_due", "due_date",
              sqlite_where=text("settled_on IS NULL")),
        Index("ix_loan_instalment_settled", "settled_on"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    no: Mapped[int] = mapped_column(Integer, nullable=False)
    due_date: Mapped[date] = mapped_column(Date, nullable=False)
    principal: Mapped[int] = mapped_column(Money, nullable=False)
    interest: Mapped[int] = mapped_column(Money, nullable=False)
    #: Denda still owed from the schedule a rescheduling replaced, due with this instalment.
    carried_penalty: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    #: From this date the instalment is owed (disbursement, or the day of a rescheduling).
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    #: The day a rescheduling replaced it (its payments so far stay with it).
    superseded_on: Mapped[date | None] = mapped_column(Date)
    #: The day it was paid in full (principal, jasa and denda) or settled by an early payoff.
    settled_on: Mapped[date | None] = mapped_column(Date)


class LoanEvent(Base):
    __tablename__ = "loan_event"
    __table_args__ = (
        CheckConstraint(_in("kind", EVENT_KINDS), name="kind"),
        Index("ix_loan_event_loan", "loan_id", "date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    date: Mapped[date] = mapped_column(Date, nullable=False)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entry.id"))
    amount: Mapped[int] = mapped_column(Money, nullable=False, default=0)  # cash in or out
    principal: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    interest: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    penalty: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    fee: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    to_savings: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    waived: Mapped[int] = mapped_column(Money, nullable=False, default=0)  # jasa not charged
    receipt_no: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    #: A repayment entered by mistake is reversed (its entry too); its allocations are removed.
    reversed_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(80), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class LoanAllocation(Base):
    """What one payment paid of one instalment."""

    __tablename__ = "loan_allocation"
    __table_args__ = (
        Index("ix_loan_allocation_instalment", "instalment_id"),
        Index("ix_loan_allocation_loan_date", "loan_id", "date"),
        Index("ix_loan_allocation_date", "date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("loan_event.id"), nullable=False)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), nullable=False)
    instalment_id: Mapped[int] = mapped_column(ForeignKey("loan_instalment.id"), nullable=False)
    date: Mapped[date] = mapped_column(Date, nullable=False)
    principal: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    interest: Mapped[int] = mapped_column(Money, nullable=False, default=0)
    penalty: Mapped[int] = mapped_column(Money, nullable=False, default=0)
