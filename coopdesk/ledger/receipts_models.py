"""Tables of receipts (kuitansi): one numbered receipt per posted cash entry, voided never deleted.

The database refuses to delete a receipt or its lines, and to change what a receipt says once
issued (number, date, entry, party, total); only the void fields may be set, once. See migration
0002 for the triggers.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
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
from coopdesk.ledger.models import BigId
from coopdesk.members.models import Member  # noqa: F401 - receipts refer to members


class ReceiptRecord(Base):
    __tablename__ = "receipt"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_receipt_year_seq"),
        CheckConstraint("direction IN ('in', 'out')", name="direction"),
        CheckConstraint("status IN ('valid', 'void')", name="status"),
        CheckConstraint("total > 0", name="positive"),
        Index("ix_receipt_member_date", "member_id", "date"),
        Index("ix_receipt_date", "date"),
        # A statement finds the receipt an entry voids (its reversal) for every line it shows.
        Index("ix_receipt_void_entry", "void_entry_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    date: Mapped[date] = mapped_column(Date, nullable=False)
    entry_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("journal_entry.id"), nullable=False, unique=True
    )
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    # Who paid the cooperative ("in") or whom the cooperative paid ("out"), as printed.
    party: Mapped[str] = mapped_column(String(120), nullable=False)
    direction: Mapped[str] = mapped_column(String(3), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    title: Mapped[str] = mapped_column(String(160), nullable=False)
    total: Mapped[int] = mapped_column(Money, nullable=False)
    note: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(5), nullable=False, default="valid")
    void_entry_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("journal_entry.id"))
    void_reason: Mapped[str | None] = mapped_column(String(255))
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    voided_by: Mapped[str | None] = mapped_column(String(80))
    created_by: Mapped[str] = mapped_column(String(80), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class ReceiptLineRecord(Base):
    __tablename__ = "receipt_line"

    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipt.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(160), nullable=False)
    amount: Mapped[int] = mapped_column(Money, nullable=False)
