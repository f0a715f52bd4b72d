"""Importing products from a spreadsheet (CSV or XLSX): all rows or none.

Columns: `code, name, brand, category, packaging, net_content, net_unit, ingredients` (separated
by `;`, largest first, each optionally with its amount: `Singkong 80%`), `allergens, pirt_no,
halal_no, bpom_no, shelf_life_days, barcode, price, producer`; optional `kind, storage, usage,
qr_content, origin_note`, and the nutrition table per serving: `nutrition_serving` (e.g. `25 g`),
`nutrition_servings_per_pack, nutrition_energy_kcal, nutrition_fat_g, nutrition_protein_g,
nutrition_carbohydrate_g, nutrition_sugar_g, nutrition_sodium_mg`. Indonesian headers are
accepted too (`kode, nama, komposisi, takaran saji, lemak total (g), …`).
Every row is checked before anything is written; one bad cell and nothing is imported, with every
problem listed by row and column. A product whose code is already in the book is updated;
importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.errors import Problem, UserError, ValidationError
from coopdesk.i18n import _
from coopdesk.money import parse_amount
from coopdesk.products import catalog, codes, nutrition, permits
from coopdesk.products.models import Permit, Producer, Product
from coopdesk.products.records import Ingredient, Nutrition, ProductData, parse_decimal
from coopdesk.products.terms import (
    PACKAGING,
    allergen_code,
    allergen_of,
    canonical_unit,
    split_additive,
)
from coopdesk.tabular import Row, looks_like_formula, read_table

REQUIRED = ("code", "name")
COLUMNS = ("code", "name", "brand", "category", "packaging", "net_content", "net_unit",
           "ingredients", "allergens", "pirt_no", "halal_no", "bpom_no", "shelf_life_days",
           "barcode", "price", "producer", "kind", "storage", "usage", "qr_content",
           "origin_note", nutrition.SERVING_COLUMN, nutrition.SERVINGS_COLUMN,
           *nutrition.COLUMNS)
NUTRITION_COLUMNS = (nutrition.SERVING_COLUMN, nutrition.SERVINGS_COLUMN, *nutrition.COLUMNS)
ALIASES = {
    "kode": "code", "kode produk": "code", "nama": "name", "nama produk": "name",
    "merek": "brand", "kategori": "category", "kemasan": "packaging",
    "berat bersih": "net_content", "isi bersih": "net_content", "netto": "net_content",
    "satuan": "net_unit", "komposisi": "ingredients", "bahan": "ingredients",
    "alergen": "allergens", "no pirt": "pirt_no", "p-irt": "pirt_no", "pirt": "pirt_no",
    "no halal": "halal_no", "halal": "halal_no", "no bpom": "bpom_no", "bpom": "bpom_no",
    "umur simpan": "shelf_life_days", "masa simpan": "shelf_life_days",
    "kode batang": "barcode", "ean": "barcode", "harga": "price", "produsen": "producer",
    "kelompok": "producer", "kelompok usaha": "producer", "jenis": "kind",
    "penyimpanan": "storage", "cara penyimpanan": "storage", "cara pakai": "usage",
    "qr": "qr_content", "asal bahan": "origin_note",
    "takaran saji": "nutrition_serving", "sajian per kemasan": "nutrition_servings_per_pack",
    "jumlah sajian per kemasan": "nutrition_servings_per_pack",
    "energi total (kkal)": "nutrition_energy_kcal", "energi (kkal)": "nutrition_energy_kcal",
    "lemak total (g)": "nutrition_fat_g", "lemak (g)": "nutrition_fat_g",
    "protein (g)": "nutrition_protein_g", "karbohidrat total (g)": "nutrition_carbohydrate_g",
    "karbohidrat (g)": "nutrition_carbohydrate_g", "gula (g)": "nutrition_sugar_g",
    "garam (natrium) (mg)": "nutrition_sodium_mg", "natrium (mg)": "nutrition_sodium_mg",
}
_QUANTITY = re.compile(r"^(?P<name>.+?)\s+(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>%|g|kg|mg|ml|l)$",
                       re.IGNORECASE)
#: Which product fields each column fills (a column missing from the file changes nothing).
FIELDS_BY_COLUMN = {
    "brand": ("brand",), "category": ("category",), "kind": ("kind",),
    "packaging": ("packaging",), "net_content": ("net_amount", "net_unit"),
    "ingredients": ("ingredients",), "allergens": ("allergens",), "storage": ("storage",),
    "usage": ("usage",), "origin_note": ("origin_note",),
    "shelf_life_days": ("shelf_life_days",), "price": ("price",), "barcode": ("barcode",),
    "qr_content": ("qr_content",), "producer": ("producer_id",),
}
_PACKAGING_NAMES = {word: code for code, (_en, word) in PACKAGING.items()} | {
    "gelas": 1, "kaca": 1, "plastik": 2, "karton": 3, "kertas": 3, "kaleng": 4, "foil": 5,
    "aluminium": 5, "daun": 6, "komposit": 7, "ganda": 8,
}


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    permits_added: int
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class _Parsed:
    row: int
    data: ProductData
    permits: tuple[tuple[str, str], ...]  # (kind, canonical number)


def parse_ingredients(text: str) -> tuple[Ingredient, ...]:
    """`Singkong 80%; Minyak sawit 10%; Pengawet natrium benzoat` → ingredients in order."""
    found = []
    for item in (p.strip() for p in text.split(";")):
        if not item:
            continue
        amount = unit = None
        part = item
        match = _QUANTITY.match(item)
        if match:
            part = match.group("name").strip()
            amount = parse_decimal(match.group("amount"))
            unit = "%" if match.group("unit") == "%" else (
                canonical_unit(match.group("unit")) or match.group("unit").lower())
        additive, name = split_additive(part)
        found.append(Ingredient(name, amount, unit, additive, allergen_of(part)))
    return tuple(found)


def _int(cells: dict[str, str], column: str, problems: list[Problem], row: int) -> int | None:
    text = cells.get(column, "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d+", text):
        problems.append(Problem(_("“{text}” is not a whole number.").format(text=text), row,
                                column))
        return None
    return int(text)


def _packaging(text: str, problems: list[Problem], row: int) -> int | None:
    key = text.strip().lower()
    if not key:
        return None
    if key.isdigit() and int(key) in PACKAGING:
        return int(key)
    if key in _PACKAGING_NAMES:
        return _PACKAGING_NAMES[key]
    problems.append(Problem(_("“{text}” is not a packaging code (1 to 8, or plastik, kaca, "
                              "karton, kaleng, foil, daun, komposit, ganda).").format(text=text),
                            row, "packaging"))
    return None


def _net(cells: dict[str, str], problems: list[Problem], row: int
         ) -> tuple[Decimal | None, str | None]:
    amount_text = cells.get("net_content", "").strip()
    unit_text = cells.get("net_unit", "").strip()
    match = re.fullmatch(r"([\d.,]+)\s*([A-Za-z]+)", amount_text)
    if match and not unit_text:
        amount_text, unit_text = match.group(1), match.group(2)
    if not amount_text and not unit_text:
        return None, None
    amount = parse_decimal(amount_text)
    unit = canonical_unit(unit_text)
    if amount is None or amount <= 0:
        problems.append(Problem(_("“{text}” is not a net content.").format(text=amount_text),
                                row, "net_content"))
    if unit is None and unit_text:
        problems.append(Problem(_("“{text}” is not a unit: use g, kg, mL or L.").format(
            text=unit_text), row, "net_unit"))
    elif unit is None:
        problems.append(Problem(_("Give the unit of the net content: g, kg, mL or L."), row,
                                "net_unit"))
    return amount, unit


def _allergens(text: str, problems: list[Problem], row: int) -> tuple[str, ...]:
    found = []
    for part in (p.strip() for p in re.split(r"[;,]", text)):
        if not part:
            continue
        code = allergen_code(part)
        if code is None:
            problems.append(Problem(_("“{text}” is not an allergen group (gluten, telur, ikan, "
                                      "krustasea, moluska, kacang tanah, kedelai, susu, kacang "
                                      "pohon, sulfit).").format(text=part), row, "allergens"))
        else:
            found.append(code)
    return tuple(found)


def _permits(cells: dict[str, str], problems: list[Problem], row: int
             ) -> tuple[tuple[str, str], ...]:
    found = []
    for column, kind in (("pirt_no", "pirt"), ("bpom_no", "bpom"), ("halal_no", "halal")):
        text = cells.get(column, "").strip()
        if text:
            try:
                found.append((kind, codes.parse_permit_number(kind, text)))
            except codes.CodeError as exc:
                problems.append(Problem(exc.message, row, column))
    return tuple(found)


def _price(text: str, problems: list[Problem], row: int) -> int | None:
    if not text.strip():
        return None
    try:
        return parse_amount(text, allow_zero=True)
    except UserError as exc:
        problems.append(Problem(exc.message, row, "price"))
        return None


def _amount(cells: dict[str, str], column: str, problems: list[Problem], row: int
            ) -> Decimal | None:
    text = cells.get(column, "").strip()
    if not text:
        return None
    value = parse_decimal(text)
    if value is None or value < 0:
        problems.append(Problem(_("“{text}” is not an amount (a number, 0 or more).").format(
            text=text), row, column))
        return None
    return value


def _nutrition(cells: dict[str, str], problems: list[Problem], row: int) -> Nutrition | None:
    """The nutrition table of a row (None when its cells are empty)."""
    values = []
    for column, key in nutrition.COLUMNS.items():
        value = _amount(cells, column, problems, row)
        if value is not None:
            values.append((key, value))
    serving = cells.get(nutrition.SERVING_COLUMN, "").strip()
    servings = _amount(cells, nutrition.SERVINGS_COLUMN, problems, row)
    if not values and not serving and servings is None:
        return None
    return Nutrition(serving, tuple(values), servings)


def _parse_row(row: Row, producer_id: int | None, problems: list[Problem]) -> _Parsed:
    cells = row.cells
    n = row.number
    for column, text in cells.items():
        if column in COLUMNS and looks_like_formula(text.strip()):
            problems.append(Problem(_("“{text}” looks like a spreadsheet formula; type the value "
                                      "itself.").format(text=text.strip()), n, column))
    amount, unit = _net(cells, problems, n)
    data = ProductData(
        code=cells.get("code", ""), name=cells.get("name", ""), brand=cells.get("brand", ""),
        category=cells.get("category", ""), kind=(cells.get("kind", "").strip().lower()
                                                  or "food"),
        packaging=_packaging(cells.get("packaging", ""), problems, n),
        net_amount=amount, net_unit=unit,
        ingredients=parse_ingredients(cells.get("ingredients", "")),
        allergens=_allergens(cells.get("allergens", ""), problems, n),
        storage=cells.get("storage", ""), usage=cells.get("usage", ""),
        origin_note=cells.get("origin_note", ""),
        shelf_life_days=_int(cells, "shelf_life_days", problems, n),
        price=_price(cells.get("price", ""), problems, n), barcode=cells.get("barcode", ""),
        qr_content=cells.get("qr_content", ""), producer_id=producer_id,
        nutrition=_nutrition(cells, problems, n),
    )
    clean, found = catalog.check_product(data)
    flagged = {(p.row, p.column) for p in problems}
    problems += [dataclasses.replace(p, row=n) for p in found if (n, p.column) not in flagged]
    return _Parsed(n, clean, _permits(cells, problems, n))


def _producers(session: Session) -> dict[str, int]:
    return {name.lower(): pid for pid, name in session.execute(select(Producer.id,
                                                                      Producer.name))}


def _producer_id(text: str, groups: dict[str, int], problems: list[Problem], row: int
                 ) -> int | None:
    name = " ".join(text.split()).lower()
    if not name:
        return next(iter(groups.values())) if len(groups) == 1 else None
    if name not in groups:
        problems.append(Problem(_("There is no business group named “{name}”; add it first "
                                  "(coopdesk producers add).").format(name=text.strip()), row,
                                "producer"))
        return None
    return groups[name]


def _check_file(session: Session, parsed: list[_Parsed], problems: list[Problem]) -> None:
    """Codes and barcodes must be unique in the file and not taken by another product."""
    seen: dict[str, int] = {}
    barcodes: dict[str, str] = {}
    for p in parsed:
        key = p.data.code.lower()
        if key in seen:
            problems.append(Problem(_("The code {code} is also on row {other}.").format(
                code=p.data.code, other=seen[key]), p.row, "code"))
        seen.setdefault(key, p.row)
        if p.data.barcode:
            owner = barcodes.setdefault(p.data.barcode, key)
            holder = session.scalar(select(Product.code).where(
                Product.barcode == p.data.barcode))
            if owner != key or (holder is not None and holder.lower() != key):
                problems.append(Problem(_("The barcode {barcode} belongs to another product.")
                                        .format(barcode=p.data.barcode), p.row, "barcode"))


def import_products(session: Session, path: Path) -> ImportResult:
    """Check every row, then add or update all products in the caller's transaction."""
    require(session, Capability.REGISTER)
    table = read_table(path, aliases=ALIASES)
    missing = [c for c in REQUIRED if c not in table.header]
    if missing:
        raise ValidationError(_("The file has no column {columns}.").format(
            columns=", ".join(missing)), [Problem(_("missing column"), 1, c) for c in missing])
    groups = _producers(session)
    problems: list[Problem] = []
    parsed = []
    for row in table.rows:
        pid = _producer_id(row.cells.get("producer", ""), groups, problems, row.number)
        parsed.append(_parse_row(row, pid, problems))
    _check_file(session, parsed, problems)
    if problems:
        raise ValidationError(_("Nothing was imported: {n} problem(s) to fix in the file.")
                              .format(n=len(problems)), problems)
    return _write(session, parsed, _warnings(session, parsed), set(table.header))


def _warnings(session: Session, parsed: list[_Parsed]) -> tuple[Problem, ...]:
    """P-IRT numbers that disagree with the product's packaging or the group's regency."""
    regency = dict(session.execute(select(Producer.id, Producer.regency_code)).all())
    found = []
    today = date.today()
    for p in parsed:
        for kind, number in p.permits:
            if kind == "pirt":
                region = regency.get(p.data.producer_id, "") if p.data.producer_id else ""
                found += [Problem(text, p.row, "pirt_no") for text in codes.pirt_warnings(
                    codes.Pirt(number), packaging=p.data.packaging, regency_code=region,
                    today=today)]
            elif kind == "bpom":
                found += [Problem(text, p.row, "bpom_no") for text in codes.bpom_warnings(number)]
    return tuple(found)


def _kept(header: set[str]) -> set[str]:
    """Product fields the file does not speak of: an update leaves them as they are."""
    kept = set() if header.intersection(NUTRITION_COLUMNS) else {"nutrition"}
    for column, names in FIELDS_BY_COLUMN.items():
        if column not in header and not (column == "net_content" and "net_unit" in header):
            kept.update(names)
    return kept


def _write(session: Session, parsed: list[_Parsed], warnings: tuple[Problem, ...],
           header: set[str]) -> ImportResult:
    added = updated = unchanged = permits_added = 0
    kept = _kept(header)
    for p in parsed:
        existing = session.scalar(select(Product).where(
            func.lower(Product.code) == p.data.code.lower()))
        if existing is None:
            record = catalog.save_product(session, p.data)
            added += 1
        else:
            current = catalog.get_product(session, existing.code)
            data = dataclasses.replace(p.data, code=existing.code,
                                       **{name: getattr(current, name) for name in kept})
            values = catalog.columns_of(data)
            if values == {k: getattr(existing, k) for k in values}:
                unchanged += 1
                record = catalog.get_product(session, existing.code)
            else:
                record = catalog.save_product(session, data, product_id=existing.id)
                updated += 1
        for kind, number in p.permits:
            if session.scalar(select(Permit.id).where(
                    Permit.product_id == record.id, Permit.kind == kind,
                    Permit.number == number)) is None:
                permits.add_permit(session, kind=kind, number=number, product_code=record.code)
                permits_added += 1
    return ImportResult(added, updated, unchanged, permits_added, warnings)
