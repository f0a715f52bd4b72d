"""Tables of the member register: members, their placements abroad, their households.

A member may have several placements (each a stay abroad as a migrant worker); the household
holds the spouse and the children, with who cares for each child while a parent is away.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coopdesk.attachments import Attachment  # noqa: F401 - the photo refers to its table
from coopdesk.db import Base, UtcDateTime, utcnow

MEMBER_STATUSES = ("calon", "anggota", "keluar")
GENDERS = ("L", "P")
MIGRANT_STATUSES = ("none", "prospective", "abroad", "returned", "family")
SECTORS = ("formal", "informal")
RELATIONS = ("spouse", "child")


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
    # Added by migration 0002.
    left_reason: Mapped[str | None] = mapped_column(String(255))
    notes: Mapped[str | None] = mapped_column(String(500))


class Placement(Base):
    """One stay abroad: where, in which sector and job, from when to when, through whom."""

    __tablename__ = "placement"
    __table_args__ = (
        CheckConstraint("sector IN ('formal', 'informal')", name="sector"),
        CheckConstraint(
            "return_date IS NULL OR departure_date IS NULL OR return_date >= departure_date",
            name="dates",
        ),
        Index("ix_placement_member", "member_id"),
        Index("ix_placement_departure", "departure_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), nullable=False)
    country: Mapped[str] = mapped_column(String(2), nullable=False)  # ISO 3166 alpha-2
    sector: Mapped[str] = mapped_column(String(8), nullable=False)
    job: Mapped[str | None] = mapped_column(String(80))
    departure_date: Mapped[date | None] = mapped_column(Date)
    return_date: Mapped[date | None] = mapped_column(Date)
    agency: Mapped[str | None] = mapped_column(String(120))  # the placement agency (P3MI)
    has_passport: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    has_contract: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    has_insurance: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class HouseholdPerson(Base):
    """The member's spouse or a child; a child's caregiver while a parent works abroad."""

    __tablename__ = "household_person"
    __table_args__ = (
        CheckConstraint("relation IN ('spouse', 'child')", name="relation"),
        CheckConstraint("gender IS NULL OR gender IN ('L', 'P')", name="gender"),
        Index("ix_household_person_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), nullable=False)
    relation: Mapped[str] = mapped_column(String(10), nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    school: Mapped[str | None] = mapped_column(String(120))
    school_level: Mapped[str | None] = mapped_column(String(10))
    caregiver: Mapped[str | None] = mapped_column(String(20))
    caregiver_name: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
