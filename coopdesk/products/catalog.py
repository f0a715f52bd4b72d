"""Products: checked when saved, so a label can only ever print what was checked.

`check_product` tidies what a form or an import row gives and lists every problem at once, with
the column it belongs to (the import reports them by row and column, the form beside the field).
Ingredients must be in non-increasing order of their quantities, a barcode must carry a right
check digit, and the shelf life is at least a day. A product is never deleted once it has batches;
it is set inactive instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.db import utcnow
from coopdesk.errors import NotFound, Problem, ValidationError
from coopdesk.i18n import _
from coopdesk.money import MAX_AMOUNT
from coopdesk.products import codes
from coopdesk.products.models import PRODUCT_KINDS, Producer, Product
from coopdesk.products.nutrition import check_nutrition
from coopdesk.products.records import (
    QUANTITY_UNITS,
    Ingredient,
    Nutrition,
    ProductData,
    ProductRecord,
    decimal_text,
)
from coopdesk.products.terms import ALLERGEN_BY_CODE, NET_UNITS, PACKAGING

CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,29}")
MAX_SHELF_LIFE_DAYS = 3650
MAX_QR_CHARS = 500


def _record(p: Product, producer_name: str = "") -> ProductRecord:
    return ProductRecord(
        code=p.code, name=p.name, brand=p.brand, category=p.category, kind=p.kind,
        packaging=p.packaging,
        net_amount=Decimal(p.net_amount) if p.net_amount is not None else None,
        net_unit=p.net_unit,
        ingredients=tuple(Ingredient.from_json(i) for i in p.ingredients or []),
        allergens=tuple(p.allergens or []), storage=p.storage, usage=p.usage,
        origin_note=p.origin_note, shelf_life_days=p.shelf_life_days, price=p.price,
        barcode=p.barcode or "",
        nutrition=Nutrition.from_json(p.nutrition) if p.nutrition else None,
        qr_content=p.qr_content, producer_id=p.producer_id, id=p.id, active=p.active,
        producer_name=producer_name,
    )


# --- checking -----------------------------------------------------------------------------------


def _tidy(text: str) -> str:
    return " ".join(text.split())


def check_ingredient_order(ingredients: tuple[Ingredient, ...]) -> list[Problem]:
    """Quantities given must not increase down the list (percentages and weights separately)."""
    problems = []
    last: dict[str, tuple[Decimal, Ingredient]] = {}
    for ing in ingredients:
        value = ing.comparable()
        if value is None:
            continue
        scale, amount = value
        previous = last.get(scale)
        if previous is not None and amount > previous[0]:
            problems.append(Problem(
                _("Ingredients are listed from the largest amount to the smallest: “{small}” "
                  "({small_q}) comes before “{big}” ({big_q}).").format(
                    small=previous[1].printed, small_q=previous[1].quantity_text,
                    big=ing.printed, big_q=ing.quantity_text),
                column="ingredients"))
        last[scale] = (amount, ing)
    percent = sum((i.amount for i in ingredients if i.unit == "%" and i.amount), Decimal(0))
    if percent > 100:
        problems.append(Problem(_("The ingredient percentages add up to {total}%, more than "
                                  "100%.").format(total=decimal_text(percent)),
                                column="ingredients"))
    return problems


def _check_ingredients(ingredients: tuple[Ingredient, ...]) -> list[Problem]:
    problems = []
    for ing in ingredients:
        if not ing.name:
            problems.append(Problem(_("An ingredient has no name."), column="ingredients"))
        if (ing.amount is None) != (ing.unit is None) or (ing.unit and
                                                         ing.unit not in QUANTITY_UNITS):
            problems.append(Problem(_("The amount of “{name}” needs a number and a unit "
                                      "(%, g, kg, mg, mL or L).").format(name=ing.printed),
                                    column="ingredients"))
        elif ing.amount is not None and (ing.amount <= 0 or (ing.unit == "%"
                                                             and ing.amount > 100)):
            problems.append(Problem(_("The amount of “{name}” must be more than zero (and at "
                                      "most 100%).").format(name=ing.printed),
                                    column="ingredients"))
        if ing.allergen and ing.allergen not in ALLERGEN_BY_CODE:
            problems.append(Problem(_("“{code}” is not an allergen group.")
                                    .format(code=ing.allergen), column="allergens"))
    if not problems:
        problems += check_ingredient_order(ingredients)
    return problems


def _check_basics(d: ProductData) -> list[Problem]:
    problems = []
    if not CODE_PATTERN.fullmatch(d.code):
        problems.append(Problem(_("The product code is 1 to 30 letters, digits, dots or dashes "
                                  "(e.g. KS-250)."), column="code"))
    if not d.name:
        problems.append(Problem(_("The product needs a name (e.g. Keripik Singkong)."),
                                column="name"))
    elif len(d.name) > 120:
        problems.append(Problem(_("The name is longer than 120 characters."), column="name"))
    if d.kind not in PRODUCT_KINDS:
        problems.append(Problem(_("The kind is food or nonfood."), column="kind"))
    if d.packaging is not None and d.packaging not in PACKAGING:
        problems.append(Problem(_("The packaging code is 1 to 8 (1 glass, 2 plastic, 3 carton, "
                                  "4 can, 5 foil, 6 other, 7 composite, 8 double)."),
                                column="packaging"))
    if d.net_amount is not None and d.net_amount <= 0:
        problems.append(Problem(_("The net content must be more than zero."),
                                column="net_content"))
    if (d.net_amount is None) != (d.net_unit is None) or (d.net_unit
                                                          and d.net_unit not in NET_UNITS):
        problems.append(Problem(_("The net content needs a number and a unit: g or kg (solid), "
                                  "mL or L (liquid)."), column="net_unit"))
    return problems


def _check_numbers(d: ProductData) -> list[Problem]:
    problems = []
    if d.shelf_life_days is not None and not 0 < d.shelf_life_days <= MAX_SHELF_LIFE_DAYS:
        problems.append(Problem(_("The shelf life is a number of days from 1 to {most}.")
                                .format(most=MAX_SHELF_LIFE_DAYS), column="shelf_life_days"))
    if d.price is not None and not 0 <= d.price < MAX_AMOUNT:
        problems.append(Problem(_("The price must not be negative."), column="price"))
    if d.barcode:
        try:
            codes.parse_ean13(d.barcode)
        except codes.CodeError as exc:
            problems.append(Problem(exc.message, column="barcode"))
    if len(d.qr_content) > MAX_QR_CHARS:
        problems.append(Problem(_("The QR content is longer than {n} characters.")
                                .format(n=MAX_QR_CHARS), column="qr_content"))
    for code in d.allergens:
        if code not in ALLERGEN_BY_CODE:
            problems.append(Problem(_("“{code}” is not an allergen group.").format(code=code),
                                    column="allergens"))
    if d.nutrition is not None:
        problems += check_nutrition(d.nutrition)
    return problems


def _tidy_nutrition(n: Nutrition | None) -> Nutrition | None:
    """Spaces tidied; a table with nothing in it is no table."""
    if n is None:
        return None
    clean = dataclasses.replace(n, serving=_tidy(n.serving))
    return clean if clean.values or clean.serving or clean.servings is not None else None


def check_product(data: ProductData) -> tuple[ProductData, list[Problem]]:
    """The data tidied (spaces, the barcode's check digit added) and every problem with it."""
    barcode = _tidy(data.barcode)
    if barcode:
        with contextlib.suppress(codes.CodeError):  # reported by _check_numbers
            barcode = codes.parse_ean13(barcode)
    clean = dataclasses.replace(
        data, code=data.code.strip(), name=_tidy(data.name), brand=_tidy(data.brand),
        category=_tidy(data.category), storage=data.storage.strip(), usage=data.usage.strip(),
        origin_note=data.origin_note.strip(), qr_content=data.qr_content.strip(),
        barcode=barcode,
        ingredients=tuple(dataclasses.replace(i, name=_tidy(i.name)) for i in data.ingredients),
        allergens=tuple(dict.fromkeys(data.allergens)),
        nutrition=_tidy_nutrition(data.nutrition),
    )
    problems = _check_basics(clean) + _check_ingredients(clean.ingredients)
    problems += _check_numbers(clean)
    return clean, problems


# --- saving -------------------------------------------------------------------------------------


def columns_of(d: ProductData) -> dict[str, Any]:
    return {
        "code": d.code, "name": d.name, "brand": d.brand, "category": d.category,
        "kind": d.kind, "packaging": d.packaging,
        "net_amount": None if d.net_amount is None else str(d.net_amount),
        "net_unit": d.net_unit, "ingredients": [i.to_json() for i in d.ingredients],
        "allergens": list(d.allergens), "storage": d.storage, "usage": d.usage,
        "origin_note": d.origin_note, "shelf_life_days": d.shelf_life_days, "price": d.price,
        "barcode": d.barcode or None,
        "nutrition": d.nutrition.to_json() if d.nutrition else None,
        "qr_content": d.qr_content, "producer_id": d.producer_id,
    }


def _check_in_book(session: Session, d: ProductData, product_id: int | None) -> list[Problem]:
    problems = []
    same_code = select(Product.code).where(func.lower(Product.code) == d.code.lower())
    if product_id is not None:
        same_code = same_code.where(Product.id != product_id)
    taken = session.scalar(same_code) if d.code else None
    if taken is not None:
        problems.append(Problem(_("Another product already has the code {code}.")
                                .format(code=taken), column="code"))
    if d.barcode:
        same = select(Product.code).where(Product.barcode == d.barcode)
        if product_id is not None:
            same = same.where(Product.id != product_id)
        other = session.scalar(same)
        if other is not None:
            problems.append(Problem(_("The barcode {barcode} already belongs to product "
                                      "{code}.").format(barcode=d.barcode, code=other),
                                    column="barcode"))
    if d.producer_id is not None and session.get(Producer, d.producer_id) is None:
        problems.append(Problem(_("There is no such business group."), column="producer"))
    return problems


def save_product(session: Session, data: ProductData, *, product_id: int | None = None
                 ) -> ProductRecord:
    """Add a product (no `product_id`) or change one; refuse with every problem listed."""
    require(session, Capability.REGISTER)
    clean, problems = check_product(data)
    problems += _check_in_book(session, clean, product_id)
    if problems:
        raise ValidationError(_("The product {code} was not saved.").format(
            code=clean.code or "?"), problems)
    values = columns_of(clean)
    if product_id is None:
        row = Product(**values)
        session.add(row)
        before = None
    else:
        row = _get(session, product_id)
        before = {k: getattr(row, k) for k in values}
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = utcnow()
    session.flush()
    audit.record(session, "products.add" if before is None else "products.update",
                 entity="product", entity_id=row.code, before=before, after=values)
    return _record(row, _producer_name(session, row.producer_id))


def set_active(session: Session, code: str, active: bool) -> ProductRecord:
    require(session, Capability.REGISTER)
    row = _by_code(session, code)
    before = row.active
    row.active = active
    session.flush()
    audit.record(session, "products.set_active", entity="product", entity_id=row.code,
                 before={"active": before}, after={"active": active})
    return _record(row, _producer_name(session, row.producer_id))


def suggest_in_store_barcode(session: Session) -> str:
    """The first free in-store code (200…): for a group without its own GS1 number."""
    require(session, Capability.READ)
    taken = set(session.scalars(select(Product.barcode).where(Product.barcode.like("200%"))))
    sequence = 1
    while codes.in_store_ean13(sequence) in taken:
        sequence += 1
    return codes.in_store_ean13(sequence)


# --- reading ------------------------------------------------------------------------------------


def _producer_name(session: Session, producer_id: int | None) -> str:
    if producer_id is None:
        return ""
    return session.scalar(select(Producer.name).where(Producer.id == producer_id)) or ""


def _get(session: Session, product_id: int) -> Product:
    row = session.get(Product, product_id)
    if row is None:
        raise NotFound(_("There is no product number {id}.").format(id=product_id))
    return row


def _by_code(session: Session, code: str) -> Product:
    row = session.scalar(select(Product).where(func.lower(Product.code) == code.strip().lower()))
    if row is None:
        raise NotFound(_("There is no product with the code “{code}”.").format(code=code))
    return row


def get_product(session: Session, code: str) -> ProductRecord:
    require(session, Capability.READ)
    row = _by_code(session, code)
    return _record(row, _producer_name(session, row.producer_id))


def get_product_by_id(session: Session, product_id: int) -> ProductRecord:
    require(session, Capability.READ)
    row = _get(session, product_id)
    return _record(row, _producer_name(session, row.producer_id))


def list_products(session: Session, search: str = "", *, include_inactive: bool = False
                  ) -> list[ProductRecord]:
    require(session, Capability.READ)
    query = select(Product, Producer.name).outerjoin(Producer, Producer.id == Product.producer_id)
    if not include_inactive:
        query = query.where(Product.active.is_(True))
    words = search.strip().lower()
    if words:
        like = f"%{words}%"
        query = query.where(or_(func.lower(Product.name).like(like),
                                func.lower(Product.code).like(like),
                                func.lower(Product.brand).like(like),
                                Product.barcode.like(like)))
    rows = session.execute(query.order_by(Product.name, Product.code)).all()
    return [_record(p, name or "") for p, name in rows]
