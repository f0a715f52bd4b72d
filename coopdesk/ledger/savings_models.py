"""Tables of savings: the details of a deposit funded by a remittance from abroad.

The rupiah amount lives in the journal; this row keeps what arrived (currency and amount in
that currency's minor units, e.g. HKD cents), the rate used and the channel, beside the entry.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from coopdesk.db import Base, UtcDateTime, utcnow
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
