"""Tables of the SHU: each year's distribution as the members' meeting decided it, and every
member's share, with the entry that paid it out.

The journal holds the money (the distribution entry and one payout entry per member); these rows
keep what the journal cannot say by itself: the rules the meeting applied and each member's bases.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coopdesk.db import Base, Money, UtcDateTime, utcnow
from coopdesk.ledger.models import BigId, FinancialYear, JournalEntry  # noqa: F401 - referred to
from coopdesk.members.models import Member  # noqa: F401 - shares refer to members

_EntryId = BigId  # the type of journal_entry.id


class ShuDistribution(Base):
    __tablename__ = "shu_distribution"

    year: Mapped[int] = mapped_column(ForeignKey("financial_year.year"), primary_key=True,
                                      autoincrement=False)
    decided_on: Mapped[date] = mapped_column(Date, nullable=False)
    entry_id: Mapped[int] = mapped_column(_EntryId, ForeignKey("journal_entry.id"),
                                          nullable=False)
    pool: Mapped[int] = mapped_column(Money, nullable=False)
    jasa_usaha: Mapped[int] = mapped_column(Money, nullable=False)
    jasa_modal: Mapped[int] = mapped_column(Money, nullable=False)
    unshared: Mapped[int] = mapped_column(Money, nullable=False)
    rules: Mapped[str] = mapped_column(Text, nullable=False)  # JSON, as the meeting decided
    created_by: Mapped[str] = mapped_column(String(80), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class ShuMemberShare(Base):
    __tablename__ = "shu_member_share"

    year: Mapped[int] = mapped_column(ForeignKey("shu_distribution.year"), primary_key=True,
                                      autoincrement=False)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True,
                                           autoincrement=False)
    savings_basis: Mapped[int] = mapped_column(Money, nullable=False)
    business_basis: Mapped[int] = mapped_column(Money, nullable=False)
    jasa_modal: Mapped[int] = mapped_column(Money, nullable=False)
    jasa_usaha: Mapped[int] = mapped_column(Money, nullable=False)
    total: Mapped[int] = mapped_column(Money, nullable=False)
    paid_entry_id: Mapped[int | None] = mapped_column(_EntryId, ForeignKey("journal_entry.id"))
    paid_to: Mapped[str | None] = mapped_column(String(10))
    paid_on: Mapped[date | None] = mapped_column(Date)
