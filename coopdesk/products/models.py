"""Tables of products and labels: business groups, products, permits, batches, label stock.

Ingredients, allergens and the nutrition table are kept as JSON on the product row: they are
always read and replaced as a whole with their product (the form saves the whole list, a label
prints the whole list), and the order of the ingredients is part of their meaning. Net content is
kept as decimal text so no float rounding can change "1,5 kg"; the price is whole rupiah.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from coopdesk.attachments import Attachment  # noqa: F401 - logos and scans refer to its table
from coopdesk.db import Base, Money, UtcDateTime, utcnow

PERMIT_KINDS = ("pirt", "bpom", "halal", "nib", "slhs")
PRODUCT_KINDS = ("food", "nonfood")


class Producer(Base):
    """A business group (kelompok usaha) that makes products: its name and address go on labels."""

    __tablename__ = "producer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    address: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    city: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    postal_code: Mapped[str] = mapped_column(String(5), nullable=False, default="")
    regency: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    # Province + regency digits as in a P-IRT number (Banyumas = 3302), to check permits against.
    regency_code: Mapped[str] = mapped_column(String(4), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    nib: Mapped[str] = mapped_column(String(13), nullable=False, default="")
    logo_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class Product(Base):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("kind IN ('food', 'nonfood')", name="kind"),
        CheckConstraint("packaging IS NULL OR packaging BETWEEN 1 AND 8", name="packaging"),
        CheckConstraint("shelf_life_days IS NULL OR shelf_life_days > 0", name="shelf_life"),
        CheckConstraint("price IS NULL OR price >= 0", name="price"),
        Index("ix_product_name", "name"),
        Index("ix_product_producer_id", "producer_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    brand: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    category: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(8), nullable=False, default="food")
    packaging: Mapped[int | None] = mapped_column(Integer)
    net_amount: Mapped[str | None] = mapped_column(String(16))
    net_unit: Mapped[str | None] = mapped_column(String(3))
    ingredients: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    allergens: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    storage: Mapped[str] = mapped_column(Text, nullable=False, default="")
    usage: Mapped[str] = mapped_column(Text, nullable=False, default="")
    origin_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    shelf_life_days: Mapped[int | None] = mapped_column(Integer)
    price: Mapped[int | None] = mapped_column(Money)
    barcode: Mapped[str | None] = mapped_column(String(13), unique=True)
    nutrition: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    qr_content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producer.id"))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class Permit(Base):
    """A permit or certificate: of the group (NIB, SLHS) or of one product (P-IRT, BPOM, halal)."""

    __tablename__ = "permit"
    __table_args__ = (
        CheckConstraint("kind IN ('pirt', 'bpom', 'halal', 'nib', 'slhs')", name="kind"),
        Index("ix_permit_product_id", "product_id"),
        Index("ix_permit_producer_id", "producer_id"),
        Index("ix_permit_expires_on", "expires_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    number: Mapped[str] = mapped_column(String(40), nullable=False)
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producer.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class Batch(Base):
    """One production run: what the production date, code and expiry on a label refer to."""

    __tablename__ = "product_batch"
    __table_args__ = (
        UniqueConstraint("product_id", "code", name="uq_product_batch_product_code"),
        CheckConstraint("expires_on >= produced_on", name="dates"),
        CheckConstraint("quantity IS NULL OR quantity >= 0", name="quantity"),
        Index("ix_product_batch_expires_on", "expires_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), nullable=False
    )
    code: Mapped[str] = mapped_column(String(20), nullable=False)
    produced_on: Mapped[date] = mapped_column(Date, nullable=False)
    expires_on: Mapped[date] = mapped_column(Date, nullable=False)
    quantity: Mapped[int | None] = mapped_column(Integer)
    # Set when the batch is sold out or withdrawn: it no longer raises expiry alerts.
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class LabelStock(Base):
    """A label sheet or roll the group added itself; the spec has the shipped templates' keys."""

    __tablename__ = "label_template"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class LabelCalibration(Base):
    """How far one printer puts one template's labels off: each printer feeds and scales paper
    its own way, so a calibration belongs to the pair. The printer "default" stands for every
    printer without its own row (and holds what was calibrated before printers were named)."""

    __tablename__ = "label_calibration"
    __table_args__ = (
        CheckConstraint("sx > 0 AND sy > 0", name="scale"),
    )

    printer: Mapped[str] = mapped_column(String(200), primary_key=True)
    template_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    dx: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    dy: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    sx: Mapped[float] = mapped_column(Float, nullable=False, default=1.0)
    sy: Mapped[float] = mapped_column(Float, nullable=False, default=1.0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
