"""Permits and certificates: P-IRT, BPOM MD/ML and halal per product; NIB and SLHS per group.

Each keeps its number (checked, see `codes`), its issue and expiry dates and, optionally, the
scanned certificate kept in the book. A P-IRT without an expiry date expires at the end of the
year its last two digits name; an SLHS is valid three years; a halal certificate stays valid
while ingredients and process are unchanged (UU 6/2023), so it has no expiry unless one is given.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.attachments import add_attachment
from coopdesk.errors import NotFound, UserError
from coopdesk.i18n import N_, _
from coopdesk.products import codes
from coopdesk.products.catalog import _by_code
from coopdesk.products.models import PERMIT_KINDS, Permit, Producer, Product
from coopdesk.products.records import PermitRecord

PRODUCT_PERMITS = ("pirt", "bpom", "halal")
GROUP_PERMITS = ("nib", "slhs")
WARN_DAYS = 90
SLHS_YEARS = 3

PERMIT_NAMES: dict[str, str] = {
    "pirt": N_("P-IRT (home industry food permit)"),
    "bpom": N_("BPOM MD/ML registration"),
    "halal": N_("Halal certificate"),
    "nib": N_("NIB (business identity number)"),
    "slhs": N_("SLHS (hygiene certificate)"),
}


def record_of(p: Permit) -> PermitRecord:
    return PermitRecord(p.id, p.kind, p.number, p.producer_id, p.product_id, p.issued_on,
                        p.expires_on, p.attachment_id)


def _default_expiry(kind: str, number: str, issued_on: date | None) -> date | None:
    if kind == "pirt":
        return codes.pirt_expiry(codes.Pirt(number))
    if kind == "slhs" and issued_on is not None:
        return issued_on + relativedelta(years=SLHS_YEARS)
    return None


def _owner(session: Session, kind: str, product_code: str | None, producer_id: int | None
           ) -> tuple[int | None, int | None]:
    """(producer_id, product_id) the permit belongs to."""
    if kind in PRODUCT_PERMITS:
        if not product_code:
            raise UserError(_("A {permit} belongs to a product: name the product.").format(
                permit=_(PERMIT_NAMES[kind])))
        product = _by_code(session, product_code)
        return product.producer_id, product.id
    if producer_id is None or session.get(Producer, producer_id) is None:
        raise UserError(_("A {permit} belongs to a business group: choose the group.").format(
            permit=_(PERMIT_NAMES[kind])))
    return producer_id, None


def add_permit(
    session: Session, *, kind: str, number: str, product_code: str | None = None,
    producer_id: int | None = None, issued_on: date | None = None,
    expires_on: date | None = None, scan: tuple[str, bytes] | None = None,
) -> PermitRecord:
    """Record a permit; the number is checked and kept in its canonical form."""
    require(session, Capability.REGISTER)
    if kind not in PERMIT_KINDS:
        raise UserError(_("“{kind}” is not a kind of permit.").format(kind=kind))
    canonical = codes.parse_permit_number(kind, number)
    owner, product_id = _owner(session, kind, product_code, producer_id)
    expires = expires_on or _default_expiry(kind, canonical, issued_on)
    if issued_on is not None and expires is not None and expires < issued_on:
        raise UserError(_("The permit cannot expire before it was issued."))
    same = select(Permit.id).where(Permit.kind == kind, Permit.number == canonical)
    same = same.where(Permit.product_id == product_id if product_id is not None
                      else Permit.producer_id == owner)
    if session.scalar(same) is not None:
        raise UserError(_("This {permit} ({number}) is already recorded.").format(
            permit=_(PERMIT_NAMES[kind]), number=canonical))
    row = Permit(kind=kind, number=canonical, producer_id=owner, product_id=product_id,
                 issued_on=issued_on, expires_on=expires)
    if scan is not None:
        row.attachment_id = add_attachment(session, "permit_scan", scan[0], scan[1])
    session.add(row)
    session.flush()
    audit.record(session, "products.add_permit", entity="permit", entity_id=row.id,
                 after={"kind": kind, "number": canonical, "product_id": product_id,
                        "producer_id": owner, "issued_on": issued_on, "expires_on": expires})
    return record_of(row)


def attach_scan(session: Session, permit_id: int, filename: str, data: bytes) -> PermitRecord:
    require(session, Capability.REGISTER)
    row = _get(session, permit_id)
    before = row.attachment_id
    row.attachment_id = add_attachment(session, "permit_scan", filename, data)
    session.flush()
    audit.record(session, "products.permit_scan", entity="permit", entity_id=row.id,
                 before={"attachment_id": before}, after={"attachment_id": row.attachment_id})
    return record_of(row)


def remove_permit(session: Session, permit_id: int) -> None:
    require(session, Capability.REGISTER)
    row = _get(session, permit_id)
    before = {"kind": row.kind, "number": row.number, "product_id": row.product_id,
              "producer_id": row.producer_id}
    session.delete(row)
    session.flush()
    audit.record(session, "products.remove_permit", entity="permit", entity_id=permit_id,
                 before=before)


def _get(session: Session, permit_id: int) -> Permit:
    row = session.get(Permit, permit_id)
    if row is None:
        raise NotFound(_("There is no permit number {id}.").format(id=permit_id))
    return row


def permits_for(session: Session, product_id: int) -> list[PermitRecord]:
    """The product's own permits and its group's (NIB, SLHS), newest expiry first per kind."""
    require(session, Capability.READ)
    producer_id = session.scalar(select(Product.producer_id).where(Product.id == product_id))
    cond = Permit.product_id == product_id
    if producer_id is not None:
        cond = or_(cond, (Permit.producer_id == producer_id) & Permit.product_id.is_(None))
    rows = session.scalars(select(Permit).where(cond).order_by(Permit.kind, Permit.id))
    return [record_of(p) for p in rows]


def permits_of_group(session: Session, producer_id: int) -> list[PermitRecord]:
    require(session, Capability.READ)
    rows = session.scalars(select(Permit).where(Permit.producer_id == producer_id,
                                                Permit.product_id.is_(None)))
    return [record_of(p) for p in rows]


def state(permit: PermitRecord, today: date, warn_days: int = WARN_DAYS) -> str:
    """"expired", "expiring" (within `warn_days`) or "ok"."""
    if permit.expires_on is None:
        return "ok"
    if permit.expires_on < today:
        return "expired"
    if (permit.expires_on - today).days <= warn_days:
        return "expiring"
    return "ok"


def current(permits: list[PermitRecord], kind: str, today: date) -> PermitRecord | None:
    """The permit of this kind to print: a valid one if any, the latest otherwise."""
    of_kind = [p for p in permits if p.kind == kind]
    valid = [p for p in of_kind if state(p, today) != "expired"]
    pool = valid or of_kind
    return max(pool, key=lambda p: (p.expires_on or date.max, p.id)) if pool else None
