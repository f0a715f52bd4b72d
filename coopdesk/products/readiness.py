"""Label readiness: which mandatory label items (Peraturan BPOM 31/2018) a product still lacks.

`assess` goes through the items a processed-food label must show and says, for each, whether it
is there, missing or wrong, in words a group can act on ("Add the postal code of the group").
Anything missing or wrong makes the product not ready: its labels print only as a marked draft.
Things that may be right but deserve a look (an in-store barcode, no storage advice, a P-IRT
from another regency) are warnings and do not stop printing. Non-food products (batik, crafts)
need only their name and their producer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.i18n import N_, _, format_date
from coopdesk.products import batches, catalog, codes, permits, producers
from coopdesk.products.records import BatchRecord, PermitRecord, ProducerRecord, ProductRecord
from coopdesk.settings import SettingKey

OK, MISSING, WRONG, WARNING = "ok", "missing", "wrong", "warning"
#: Micro and small producers' food must be halal-certified from this day (verify: PP 39/2021
#: as amended); before it, a missing certificate is not mentioned.
HALAL_DEADLINE: SettingKey[str] = SettingKey("products.halal_deadline", str, "2026-10-17")

ITEM_TITLES: dict[str, str] = {
    "name": N_("Product name"),
    "ingredients": N_("Ingredients list (Komposisi)"),
    "net_content": N_("Net content (Berat bersih / Isi bersih)"),
    "producer": N_("Producer's name and address"),
    "permit": N_("Distribution permit (P-IRT or BPOM MD/ML)"),
    "expiry": N_("Best-before date (shelf life)"),
    "production": N_("Production date and code (batch)"),
    "halal": N_("Halal logo and certificate number"),
    "storage": N_("Storage instructions"),
    "barcode": N_("Barcode (EAN-13)"),
}


@dataclass(frozen=True)
class Check:
    key: str
    status: str
    detail: str = ""

    @property
    def title(self) -> str:
        return _(ITEM_TITLES[self.key])


@dataclass(frozen=True)
class Readiness:
    product_code: str
    checks: tuple[Check, ...]

    @property
    def problems(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status in (MISSING, WRONG))

    @property
    def warnings(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == WARNING)

    @property
    def ready(self) -> bool:
        return not self.problems


def _producer_check(producer: ProducerRecord | None) -> Check:
    if producer is None:
        return Check("producer", MISSING, _("Choose the business group that makes it."))
    lacking = []
    if not producer.city and not producer.regency:
        lacking.append(_("the city or regency"))
    if len(producer.postal_code) != 5:
        lacking.append(_("the 5-digit postal code"))
    if lacking:
        return Check("producer", MISSING, _("Add {what} of {group}.").format(
            what=_(" and ").join(lacking), group=producer.name))
    return Check("producer", OK, f"{producer.name}, {producer.address_line}")


def _permit_checks(product: ProductRecord, producer: ProducerRecord | None,
                   found: list[PermitRecord], today: date) -> list[Check]:
    pirt = permits.current(found, "pirt", today)
    bpom = permits.current(found, "bpom", today)
    chosen = bpom or pirt
    if chosen is None:
        return [Check("permit", MISSING, _("Record the P-IRT number (or BPOM MD/ML number)."))]
    if permits.state(chosen, today) == "expired":
        assert chosen.expires_on is not None
        return [Check("permit", WRONG, _("{permit} expired on {date}: renew it.").format(
            permit=chosen.printed, date=format_date(chosen.expires_on)))]
    checks = [Check("permit", OK, chosen.printed)]
    if chosen.kind == "pirt":
        decoded = codes.Pirt(chosen.number)
        for text in codes.pirt_warnings(decoded, packaging=product.packaging,
                                        regency_code=producer.regency_code if producer else "",
                                        today=today):
            checks.append(Check("permit", WARNING, text))
    else:
        checks += [Check("permit", WARNING, t) for t in codes.bpom_warnings(chosen.number)]
    if permits.state(chosen, today) == "expiring":
        assert chosen.expires_on is not None
        checks.append(Check("permit", WARNING, _("{permit} expires on {date}.").format(
            permit=chosen.printed, date=format_date(chosen.expires_on))))
    return checks


def _halal_check(found: list[PermitRecord], today: date, deadline: date) -> Check | None:
    halal = permits.current(found, "halal", today)
    if halal is not None:
        if permits.state(halal, today) == "expired":
            return Check("halal", WRONG, _("The halal certificate {number} has expired.")
                         .format(number=halal.number))
        return Check("halal", OK, halal.number)
    if today >= deadline:
        return Check("halal", WARNING, _("Since {date} food from micro and small producers must "
                                         "be halal-certified (unless it is not halal, which the "
                                         "label must then say).").format(
            date=format_date(deadline)))
    return None


def _food_checks(product: ProductRecord, batch: BatchRecord | None, today: date) -> list[Check]:
    checks = []
    if not product.ingredients:
        checks.append(Check("ingredients", MISSING, _("List the ingredients, largest first.")))
    else:
        order = catalog.check_ingredient_order(product.ingredients)
        checks.append(Check("ingredients", WRONG, order[0].reason) if order else
                      Check("ingredients", OK))
    checks.append(Check("net_content", OK, product.net.printed) if product.net else
                  Check("net_content", MISSING, _("Enter the net content, e.g. 250 g.")))
    checks.append(Check("expiry", OK, _("{days} days").format(days=product.shelf_life_days))
                  if product.shelf_life_days else
                  Check("expiry", MISSING, _("Enter the shelf life in days.")))
    if batch is None:
        checks.append(Check("production", WARNING, _("No batch chosen: the dates and the code "
                                                     "are left blank to stamp by hand.")))
    elif batch.expires_on < today:
        checks.append(Check("production", WRONG, _("Batch {code} expired on {date}; do not "
                                                   "label it for sale.").format(
            code=batch.code, date=format_date(batch.expires_on))))
    else:
        checks.append(Check("production", OK, batch.code))
    if not product.storage:
        checks.append(Check("storage", WARNING, _("Add how to store it, e.g. “Simpan di tempat "
                                                  "kering dan sejuk”.")))
    return checks


def assess(product: ProductRecord, producer: ProducerRecord | None, found: list[PermitRecord],
           *, batch: BatchRecord | None, today: date, halal_deadline: date) -> Readiness:
    """The readiness of one product's label (with `batch`'s dates when one is chosen)."""
    checks = [Check("name", OK, product.name) if product.name else
              Check("name", MISSING, _("Give the product a name."))]
    checks.append(_producer_check(producer))
    if product.kind == "food":
        checks += _food_checks(product, batch, today)
        checks += _permit_checks(product, producer, found, today)
        halal = _halal_check(found, today, halal_deadline)
        if halal is not None:
            checks.append(halal)
    if product.barcode and codes.is_in_store(product.barcode):
        checks.append(Check("barcode", WARNING, _("{code} is an in-store code: it scans only in "
                                                  "your own shop.").format(code=product.barcode)))
    return Readiness(product.code, tuple(checks))


def readiness(session: Session, product_code: str, *, batch_code: str | None = None,
              today: date | None = None) -> Readiness:
    require(session, Capability.READ)
    product = catalog.get_product(session, product_code)
    producer = (producers.get_producer(session, product.producer_id)
                if product.producer_id is not None else None)
    batch = batches.get_batch(session, product.code, batch_code) if batch_code else None
    deadline = date.fromisoformat(HALAL_DEADLINE.get(session))
    return assess(product, producer, permits.permits_for(session, product.id), batch=batch,
                  today=today or date.today(), halal_deadline=deadline)
