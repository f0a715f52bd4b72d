"""Tables of savings: the details of a deposit funded by a remittance from abroad, and the
simpanan wajib amounts the members' meeting decided over the years.

The rupiah amount lives in the journal; a remittance row keeps what arrived (currency and amount
in that currency's minor units, e.g. HKD cents), the rate used and the channel, beside the entry.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from coopdesk.db import Base, Money, UtcDateTime, utcnow
from coopdesk.ledger.models import BigId
from coopdesk.members.models import Member  # noqa: F401 - remittances refer to members


class RemittanceRecord(Base):
    __tablename__ = "remittance"

    entry_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("journal_entry.id"), primary_key=True, autoincrement=False
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), nullable=False, index=True)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    foreign_minor: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # Rupiah per unit of the currency, as exact decimal text (never a float).
    rate: Mapped[str] = mapped_column(String(40), nullable=False)
    channel: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class WajibAmount(Base):
    """From the month of `valid_from` (always the 1st) on, simpanan wajib is `amount` a month,
    until a later row. Months before the first row use the `savings.wajib_amount` setting."""

    __tablename__ = "savings_wajib_amount"
    __table_args__ = (CheckConstraint("amount > 0", name="positive"),)

    valid_from: Mapped[date] = mapped_column(Date, primary_key=True)
    amount: Mapped[int] = mapped_column(Money, nullable=False)
    # The decision it comes from, e.g. "RAT 2026": a treasurer asked "why this amount?" can show it.
    note: Mapped[str | None] = mapped_column(String(255))
    created_by: Mapped[str] = mapped_column(String(80), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
