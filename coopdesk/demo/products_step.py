"""Demo step: the business groups of the cooperative and their products, labels and batches.

Three groups of Banyumas: snacks, palm sugar, batik. Some products are complete and print
lawful labels; some lack an item (no P-IRT yet, a P-IRT that has expired) so the Produk page and
`coopdesk products check` have something to show; a few batches are near or past their expiry
and a hygiene certificate runs out soon, so the home page has alerts. The snack group has a logo
(drawn here, a plain emblem with its initials) so labels with room show it.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from coopdesk.demo import DemoPlan
from coopdesk.paths import resource_path
from coopdesk.products import batches, catalog, permits, producers
from coopdesk.products.records import Ingredient, Nutrition, ProducerData, ProductData
from coopdesk.products.terms import allergen_of

GROUPS = (
    ProducerData(name="KUB Sari Rasa", address="Jl. Raya Kuntili No. 5, Kuntili",
                 city="Sumpiuh", postal_code="53195", regency="Banyumas", regency_code="3302",
                 phone="0812-2700-1234", nib="9120001234567"),
    ProducerData(name="KWT Manggar Sari", address="RT 02 RW 03, Sibalung", city="Kemranjen",
                 postal_code="53194", regency="Banyumas", regency_code="3302"),
    ProducerData(name="KUB Batik Sekar Ayu", address="Jl. Pahlawan No. 12, Kedunguter",
                 city="Banyumas", postal_code="53192", regency="Banyumas", regency_code="3302"),
)


def _i(name: str, amount: int | None = None, unit: str = "%", **kw: str) -> Ingredient:
    # The allergen group from the name, as the form and the import find it.
    kw.setdefault("allergen", allergen_of(name) or "")
    return Ingredient(name, Decimal(amount) if amount is not None else None,
                      unit if amount is not None else None,
                      kw.get("additive_class"), kw["allergen"] or None)


def _logo() -> bytes:
    """A round green emblem with the group's initials, as a PNG."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, 234, 234), fill=(27, 94, 32), outline=(230, 160, 30), width=10)
    font = ImageFont.truetype(str(resource_path("fonts", "DejaVuSans-Bold.ttf")), 92)
    draw.text((120, 112), "SR", font=font, fill="white", anchor="mm")
    draw.arc((52, 150, 188, 206), 200, 340, fill=(230, 160, 30), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _products(ids: list[int]) -> list[ProductData]:
    snacks, sugar, batik = ids
    return [
        ProductData(
            code="KS-250", name="Keripik Singkong Balado", brand="Sari Rasa", category="Keripik",
            packaging=2, net_amount=Decimal(250), net_unit="g",
            ingredients=(_i("Singkong", 78), _i("Minyak sawit", 12), _i("Bumbu balado", 6),
                         _i("Tepung terigu", allergen="gluten"), _i("Garam"),
                         _i("natrium benzoat", additive_class="Pengawet")),
            storage="Simpan di tempat kering dan sejuk, tutup rapat setelah dibuka.",
            shelf_life_days=180, price=15_000, barcode="8991234567891",
            nutrition=Nutrition("25 g", (("energy", Decimal(120)), ("fat", Decimal(6)),
                                         ("protein", Decimal(1)), ("carbohydrate", Decimal(16)),
                                         ("sugar", Decimal(2)), ("sodium", Decimal(95))),
                                servings=Decimal(10)),
            qr_content="https://wa.me/6281227001234", producer_id=snacks),
        ProductData(
            code="GK-500", name="Gula Kelapa Cetak", brand="Manggar Sari", category="Gula",
            packaging=6, net_amount=Decimal(500), net_unit="g",
            ingredients=(_i("Nira kelapa", 100),),
            storage="Simpan di tempat kering. Jangan disimpan di lemari es.",
            shelf_life_days=365, price=18_000, barcode="2000000000015", producer_id=sugar),
        ProductData(
            code="GS-250", name="Gula Semut Organik", brand="Manggar Sari", category="Gula",
            packaging=2, net_amount=Decimal(250), net_unit="g",
            ingredients=(_i("Nira kelapa organik", 100),), storage="Simpan di tempat kering.",
            usage="Larutkan 1 sendok makan dalam minuman hangat.", shelf_life_days=540,
            price=20_000, barcode="2000000000022", producer_id=sugar),
        ProductData(
            code="PY-100", name="Peyek Kacang", brand="Sari Rasa", category="Keripik",
            packaging=2, net_amount=Decimal(100), net_unit="g",
            ingredients=(_i("Tepung beras", 40), _i("Kacang tanah", 30),
                         _i("Minyak sawit", 15), _i("Telur"), _i("Daun jeruk"), _i("Garam")),
            shelf_life_days=60, price=10_000, producer_id=snacks),
        ProductData(
            code="GG-200", name="Getuk Goreng", brand="Sari Rasa", category="Jajanan",
            packaging=3, net_amount=Decimal(200), net_unit="g",
            ingredients=(_i("Singkong", 70), _i("Gula kelapa", 20), _i("Minyak sawit", 10)),
            storage="Simpan di tempat sejuk.", shelf_life_days=10, price=12_000,
            producer_id=snacks),
        ProductData(
            code="KT-150", name="Keripik Tempe", brand="Sari Rasa", category="Keripik",
            packaging=2, net_amount=Decimal(150), net_unit="g",
            ingredients=(_i("Tempe kedelai", 60), _i("Tepung beras", 20), _i("Minyak sawit", 15),
                         _i("Bawang putih"), _i("Ketumbar"), _i("Garam")),
            storage="Simpan di tempat kering.", shelf_life_days=90, price=12_500,
            producer_id=snacks),
        ProductData(
            code="BT-01", name="Batik Tulis Banyumasan Motif Sekar Jagad", brand="Sekar Ayu",
            category="Batik", kind="nonfood", price=450_000, barcode="2000000000039",
            producer_id=batik),
    ]


def _permits(session: Session, today: date, group_ids: list[int]) -> None:
    future = f"{(today.year + 3) % 100:02d}"
    past = f"{(today.year - 1) % 100:02d}"
    for product, number in (("KS-250", f"2063302010123-{future}"),
                            ("GK-500", f"6093302020087-{future}"),
                            ("GS-250", f"2093302030087-{future}"),
                            ("GG-200", f"3153302040123-{future}"),
                            ("KT-150", f"2153302050123-{past}")):
        permits.add_permit(session, kind="pirt", number=number, product_code=product,
                           issued_on=today - timedelta(days=400))
    permits.add_permit(session, kind="halal", number="ID33110018517710724",
                       product_code="KS-250", issued_on=today - timedelta(days=300))
    permits.add_permit(session, kind="nib", number="9120001234567", producer_id=group_ids[0])
    # A hygiene certificate running out within the 90 days' warning.
    permits.add_permit(session, kind="slhs", number="443/SLHS/0042/2023", producer_id=group_ids[0],
                       issued_on=today - timedelta(days=3 * 365 - 40))


def _batches(session: Session, plan: DemoPlan) -> None:
    today = plan.today
    rng = plan.rng
    for code, shelf in (("KS-250", 180), ("GK-500", 365), ("GS-250", 540), ("PY-100", 60),
                        ("GG-200", 10), ("KT-150", 90)):
        # An older batch close to (or, for the quick snacks, past) its expiry, and a fresh one.
        for days_before_expiry in (min(rng.choice((-3, 6, 12, 21)), shelf - 1),
                                   shelf - rng.randint(2, min(9, shelf))):
            produced = today - timedelta(days=shelf - days_before_expiry)
            batches.add_batch(session, product_code=code, produced_on=produced,
                              quantity=rng.choice((50, 100, 150, 200)), today=today)
    plan.counts["batches"] = 12


def run(session: Session, plan: DemoPlan) -> None:
    ids = [producers.add_producer(session, g).id for g in GROUPS]
    producers.set_producer_logo(session, ids[0], "logo-sari-rasa.png", _logo())
    for data in _products(ids):
        catalog.save_product(session, data)
    _permits(session, plan.today, ids)
    _batches(session, plan)
    plan.counts["products"] = 7
