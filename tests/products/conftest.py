"""Fixtures for products and labels: a business group and a product whose label is complete."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.products import catalog, permits, producers
from coopdesk.products.records import Ingredient, Nutrition, ProducerData, ProductData

TODAY = date(2026, 11, 28)
GROUP = ProducerData(name="KUB Sari Rasa", address="Jl. Raya Kuntili No. 5", city="Sumpiuh",
                     postal_code="53195", regency="Banyumas", regency_code="3302")


def keripik(producer_id: int | None, **changes: Any) -> ProductData:
    data = ProductData(
        code="KS-250", name="Keripik Singkong Balado", brand="Sari Rasa", kind="food",
        packaging=2, net_amount=Decimal("250"), net_unit="g",
        ingredients=(Ingredient("Singkong", Decimal("80"), "%"),
                     Ingredient("Minyak sawit", Decimal("10"), "%"), Ingredient("Cabai merah"),
                     Ingredient("Tepung terigu", allergen="gluten"), Ingredient("Garam"),
                     Ingredient("natrium benzoat", additive_class="Pengawet")),
        storage="Simpan di tempat kering dan sejuk.", shelf_life_days=180, price=15_000,
        barcode="8991234567891",
        nutrition=Nutrition("25 g", (("energy", Decimal("120")), ("fat", Decimal("6")))),
        qr_content="https://sarirasa.example/ks250", producer_id=producer_id,
    )
    return ProductData(**{**data.__dict__, **changes})


@pytest.fixture
def group_id(book: Book) -> int:
    with book.transaction() as s:
        return producers.add_producer(s, GROUP).id


@pytest.fixture
def product(book: Book, group_id: int) -> str:
    """A complete food product with a valid P-IRT and halal certificate: code KS-250."""
    with book.transaction() as s:
        p = catalog.save_product(s, keripik(group_id))
        permits.add_permit(s, kind="pirt", number="2063302010123-29", product_code=p.code)
        permits.add_permit(s, kind="halal", number="ID33110018517710724", product_code=p.code)
        return p.code


def png(width: int = 120, height: int = 120, colour: tuple[int, int, int] = (27, 94, 32)
        ) -> bytes:
    """A plain picture, as a group's logo or a halal mark file."""
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def counts(book: Book) -> dict[str, int]:
    """Rows in every table of this area, and audit records: to prove nothing changed."""
    with book.read() as s:
        return {t: int(s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one())
                for t in ("producer", "product", "permit", "product_batch", "label_template",
                          "label_calibration", "attachment", "audit_log")}


def placements(pdf: bytes) -> list[list[tuple[float, float]]]:
    """Per page, the lower-left corner (in points) of every form XObject placed on it."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(BytesIO(pdf))
    pages = []
    for page in reader.pages:
        stream = ContentStream(page.get_contents(), reader)
        ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        stack: list[list[float]] = []
        found = []
        for operands, op in stream.operations:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop()
            elif op == b"cm":
                a, b, c, d, e, f = (float(x) for x in operands)
                A, B, C, D, E, F = ctm
                ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                       e * A + f * C + E, e * B + f * D + F]
            elif op == b"Do" and re.match(r"/?FormXob", str(operands[0])):
                found.append((round(ctm[4], 2), round(ctm[5], 2)))
        pages.append(found)
    return pages
