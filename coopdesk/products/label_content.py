"""What one label says, in the words the law asks for, before anything is laid out.

A label is printed in Indonesian whatever language the screens use (Peraturan BPOM 31/2018: the
label is in Bahasa Indonesia; other languages may follow). The fixed words below are therefore
not passed through the translation catalogue: they are the wording of the regulation, and an
English screen must still print "Baik digunakan sebelum". An optional English gloss follows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from coopdesk.products import batches, codes, permits
from coopdesk.products.nutrition import NutritionFacts, facts
from coopdesk.products.records import BatchRecord, PermitRecord, ProducerRecord, ProductRecord
from coopdesk.products.terms import ALLERGEN_BY_CODE

# The regulation's words, printed as they are (see the module docstring).
INGREDIENTS = "Komposisi"
PRODUCED_BY = "Diproduksi oleh"
PRODUCTION_DATE = "Tgl. Produksi"
PRODUCTION_CODE = "Kode Produksi"
BEST_BEFORE = "Baik digunakan sebelum"
ALLERGEN_NOTE = "Mengandung alergen, lihat daftar bahan yang dicetak tebal."
ALLERGEN_LIST = "Mengandung alergen"
BLANK_DATE = ".. .. ...."
ENGLISH = {
    INGREDIENTS: "Ingredients", PRODUCTION_DATE: "Production date", BEST_BEFORE: "Best before",
}


@dataclass(frozen=True)
class LabelContent:
    """Everything printed on one label, as text; `draw` lays it out on any label size."""

    title: str
    brand: str = ""
    net: str = ""
    ingredients: tuple[tuple[str, bool], ...] = ()  # (ingredient as printed, in bold)
    allergen_note: str = ""
    extra_allergens: tuple[str, ...] = ()  # declared allergens not named by any ingredient
    notes: tuple[str, ...] = ()  # storage, usage, origin statements
    producer: str = ""
    address: str = ""
    address_short: str = ""  # city, postal code, Indonesia: when the street has no room
    logo: bytes | None = None  # the group's logo: printed where there is room, dropped first
    permits: tuple[str, ...] = ()
    halal_number: str = ""
    halal_logo: bytes | None = None
    production: str = ""  # "Tgl. Produksi: 14 01 2025"
    batch_code: str = ""  # "Kode Produksi: 25011401"
    expiry: str = ""
    price: str = ""
    ean: str = ""
    qr: str = ""
    nutrition: NutritionFacts | None = None
    draft: bool = False
    food: bool = True
    english: bool = False

    def word(self, indonesian: str) -> str:
        gloss = ENGLISH.get(indonesian)
        return f"{indonesian} / {gloss}" if self.english and gloss else indonesian


def rupiah(amount: int) -> str:
    """`Rp15.000`: the Indonesian form, whatever the screen language."""
    return "Rp" + f"{amount:,}".replace(",", ".")


def _ingredients(product: ProductRecord) -> tuple[tuple[tuple[str, bool], ...], tuple[str, ...]]:
    runs = []
    named = set()
    for ing in product.ingredients:
        text = ing.printed + (f" {ing.quantity_text}" if ing.quantity_text else "")
        runs.append((text, ing.allergen is not None))
        if ing.allergen:
            named.add(ing.allergen)
    extra = tuple(ALLERGEN_BY_CODE[a].label for a in product.all_allergens if a not in named)
    return tuple(runs), extra


def _dates(batch: BatchRecord | None) -> tuple[str, str, str]:
    if batch is None:
        return (f"{PRODUCTION_DATE}: {BLANK_DATE}", f"{PRODUCTION_CODE}: ........",
                f"{BEST_BEFORE}: {BLANK_DATE}")
    return (f"{PRODUCTION_DATE}: {batches.printed_date(batch.produced_on)}",
            f"{PRODUCTION_CODE}: {batch.code}",
            f"{BEST_BEFORE}: {batches.printed_expiry(batch.produced_on, batch.expires_on)}")


def build(
    product: ProductRecord, producer: ProducerRecord | None, found: list[PermitRecord],
    batch: BatchRecord | None, *, today: date, draft: bool, halal_logo: bytes | None = None,
    show_price: bool = True, english: bool = False, logo: bytes | None = None,
    nutrition_reference: Mapping[str, int] | None = None,
) -> LabelContent:
    """The content of a product's label (with a batch's dates, or blanks to stamp)."""
    runs, extra = _ingredients(product)
    has_allergens = bool(product.all_allergens)
    shown = [p for p in (permits.current(found, "bpom", today), permits.current(found, "pirt",
                                                                                   today)) if p]
    halal = permits.current(found, "halal", today)
    notes = tuple(n for n in (product.storage, product.usage, product.origin_note) if n)
    production, code, expiry = _dates(batch) if product.kind == "food" else ("", "", "")
    return LabelContent(
        title=product.name, brand=product.brand,
        net=product.net.printed if product.net else "",
        ingredients=runs,
        allergen_note=ALLERGEN_NOTE if has_allergens and len(extra) < len(
            product.all_allergens) else "",
        extra_allergens=extra, notes=notes,
        producer=f"{PRODUCED_BY}: {producer.name}" if producer else "",
        address=producer.address_line if producer else "",
        address_short=producer.short_address if producer else "", logo=logo,
        permits=tuple(p.printed for p in shown),
        halal_number=halal.number if halal else "",
        halal_logo=halal_logo if halal else None,
        production=production, batch_code=code, expiry=expiry,
        price=rupiah(product.price) if show_price and product.price else "",
        ean=product.barcode if product.barcode and codes.is_valid_ean13(product.barcode) else "",
        qr=product.qr_content, draft=draft,
        nutrition=facts(product.nutrition, nutrition_reference) if product.nutrition else None,
        food=product.kind == "food", english=english,
    )
