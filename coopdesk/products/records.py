"""What the product services hand to the screens and the command line: frozen values, no ORM.

`ProductData` is what a form or an import row gives to `catalog.save_product`; `ProductRecord`
is what comes back. Ingredients keep their order (descending by weight, as the label prints
them); each may carry a quantity, an additive class and the allergen group it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from coopdesk.products.terms import MASS_UNITS, VOLUME_UNITS, net_content_words

QUANTITY_UNITS = ("%", "g", "kg", "mg", "mL", "L")


def decimal_text(value: Decimal) -> str:
    """A quantity as a label prints it in Indonesian: 1.5 → `1,5`, 250.0 → `250`."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def parse_decimal(text: str) -> Decimal | None:
    """`1,5` or `1.5` → Decimal('1.5'); anything else → None."""
    cleaned = text.strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@dataclass(frozen=True)
class Ingredient:
    name: str
    amount: Decimal | None = None
    unit: str | None = None  # one of QUANTITY_UNITS, with `amount`
    additive_class: str | None = None  # "Pengawet" for "Pengawet natrium benzoat"
    allergen: str | None = None  # an allergen group code (terms.ALLERGENS)

    @property
    def printed(self) -> str:
        return f"{self.additive_class} {self.name}" if self.additive_class else self.name

    @property
    def quantity_text(self) -> str:
        if self.amount is None or self.unit is None:
            return ""
        return f"{decimal_text(self.amount)}{'' if self.unit == '%' else ' '}{self.unit}"

    def comparable(self) -> tuple[str, Decimal] | None:
        """The quantity on a common scale (percent, or grams/millilitres) for order checks."""
        if self.amount is None or self.unit is None:
            return None
        if self.unit == "%":
            return "%", self.amount
        if self.unit == "mg":
            return "mass", self.amount / 1000
        factor = MASS_UNITS.get(self.unit) or VOLUME_UNITS.get(self.unit) or 1
        return "mass", self.amount * factor

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "amount": None if self.amount is None else str(self.amount),
                "unit": self.unit, "additive_class": self.additive_class,
                "allergen": self.allergen}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ingredient:
        amount = data.get("amount")
        return cls(str(data["name"]), Decimal(amount) if amount is not None else None,
                   data.get("unit"), data.get("additive_class"), data.get("allergen"))


@dataclass(frozen=True)
class NetContent:
    amount: Decimal
    unit: str

    @property
    def printed(self) -> str:
        """`Berat bersih 250 g` / `Isi bersih 1,5 L`."""
        return f"{net_content_words(self.unit)} {decimal_text(self.amount)} {self.unit}"


@dataclass(frozen=True)
class Nutrition:
    """Informasi Nilai Gizi per serving: the serving size as the label words it ("25 g",
    "2 sendok makan (14 g)"), the servings in a pack, and nutrient key (terms.NUTRIENTS) →
    amount per serving in the nutrient's unit."""

    serving: str
    values: tuple[tuple[str, Decimal], ...]
    servings: Decimal | None = None  # jumlah sajian per kemasan

    def amount(self, key: str) -> Decimal | None:
        return dict(self.values).get(key)

    def to_json(self) -> dict[str, Any]:
        extra = {} if self.servings is None else {"servings": str(self.servings)}
        return {"serving": self.serving, **extra, **{k: str(v) for k, v in self.values}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Nutrition:
        servings = data.get("servings")
        return cls(str(data.get("serving", "")),
                   tuple((k, Decimal(str(v))) for k, v in data.items()
                         if k not in ("serving", "servings")),
                   Decimal(str(servings)) if servings is not None else None)


@dataclass(frozen=True)
class ProducerData:
    name: str
    address: str = ""
    city: str = ""
    postal_code: str = ""
    regency: str = ""
    regency_code: str = ""
    phone: str = ""
    nib: str = ""


@dataclass(frozen=True)
class ProducerRecord(ProducerData):
    id: int = 0
    logo_id: int | None = None

    def _place(self, street: str) -> str:
        """City and regency not already in `street`; once when they are the same town."""
        place = [p for p in dict.fromkeys((self.city, self.regency))
                 if p and p.lower() not in street.lower()]
        if len(place) == 2 and place[0].lower() == place[1].lower():
            place = place[:1]
        line = ", ".join(p for p in (street, *place) if p)
        if self.postal_code and self.postal_code not in line:
            line = f"{line} {self.postal_code}".strip()
        return f"{line}, Indonesia" if line else "Indonesia"

    @property
    def address_line(self) -> str:
        """Address as a label prints it: street, city, regency and postal code, Indonesia."""
        return self._place(self.address)

    @property
    def short_address(self) -> str:
        """The least a label may say (city, postal code, Indonesia): for a label too small for
        the street."""
        return self._place("")


@dataclass(frozen=True)
class ProductData:
    """Everything a form or an import row says about a product (already typed, not checked)."""

    code: str
    name: str
    brand: str = ""
    category: str = ""
    kind: str = "food"
    packaging: int | None = None
    net_amount: Decimal | None = None
    net_unit: str | None = None
    ingredients: tuple[Ingredient, ...] = ()
    allergens: tuple[str, ...] = ()
    storage: str = ""
    usage: str = ""
    origin_note: str = ""
    shelf_life_days: int | None = None
    price: int | None = None
    barcode: str = ""
    nutrition: Nutrition | None = None
    qr_content: str = ""
    producer_id: int | None = None


@dataclass(frozen=True)
class ProductRecord(ProductData):
    id: int = 0
    active: bool = True
    producer_name: str = ""

    @property
    def net(self) -> NetContent | None:
        if self.net_amount is None or not self.net_unit:
            return None
        return NetContent(self.net_amount, self.net_unit)

    @property
    def all_allergens(self) -> tuple[str, ...]:
        """Declared allergens and those of the ingredients, in the order of terms.ALLERGENS."""
        from coopdesk.products.terms import ALLERGENS

        found = set(self.allergens) | {i.allergen for i in self.ingredients if i.allergen}
        return tuple(a.code for a in ALLERGENS if a.code in found)


@dataclass(frozen=True)
class PermitRecord:
    id: int
    kind: str
    number: str
    producer_id: int | None
    product_id: int | None
    issued_on: date | None
    expires_on: date | None
    attachment_id: int | None

    @property
    def printed(self) -> str:
        from coopdesk.products.codes import printed_permit

        return printed_permit(self.kind, self.number)


@dataclass(frozen=True)
class BatchRecord:
    id: int
    product_id: int
    product_code: str
    code: str
    produced_on: date
    expires_on: date
    quantity: int | None
    closed_on: date | None = None


@dataclass(frozen=True)
class ProductOverview:
    """One row of the product list: the product with its readiness and permit status."""

    product: ProductRecord
    missing: tuple[str, ...]  # mandatory label items missing or wrong
    warnings: tuple[str, ...]
    permit_status: str  # "ok", "expiring", "expired", "none"
    batches: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ready(self) -> bool:
        return not self.missing
