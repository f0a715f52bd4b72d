"""Tables of the member register."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coopdesk.attachments import Attachment  # noqa: F401 - the photo refers to its table
from coopdesk.db import Base, UtcDateTime, utcnow

MEMBER_STATUSES = ("calon", "anggota", "keluar")
GENDERS = ("L", "P")


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (
        CheckConstraint("status IN ('calon', 'anggota', 'keluar')", name="status"),
        CheckConstraint("gender IS NULL OR gender IN ('L', 'P')", name="gender"),
        Index("ix_member_name", "name"),
        Index("ix_member_village", "village"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_no: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    nik: Mapped[str | None] = mapped_column(String(16), index=True)
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(String(255))
    village: Mapped[str | None] = mapped_column(String(80))
    district: Mapped[str | None] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(30))
    education: Mapped[str | None] = mapped_column(String(10))
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="anggota")
    migrant_status: Mapped[str] = mapped_column(String(12), nullable=False, default="none")
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
