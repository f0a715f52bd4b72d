"""Batches: one production run of a product, with the dates and the code its labels print.

A batch is produced on a day that is not in the future and carries a code unique for its product
(suggested `YYMMDDNN`: the production date and a running number of that day). Its expiry is the
production date plus the product's shelf life; a group may set it earlier (a cautious cook), never
later (the shelf life is what the permit was granted for).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, UserError
from coopdesk.i18n import _, format_date
from coopdesk.products.catalog import _by_code
from coopdesk.products.models import Batch, Product
from coopdesk.products.records import BatchRecord
from coopdesk.settings import SettingKey

BATCH_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9./-]{0,19}")
#: Batches expiring within this many days are shown as near expiry.
EXPIRY_WARNING_DAYS: SettingKey[int] = SettingKey("products.expiry_warning_days", int, 30)


def _record(b: Batch, product_code: str) -> BatchRecord:
    return BatchRecord(b.id, b.product_id, product_code, b.code, b.produced_on, b.expires_on,
                       b.quantity, b.closed_on)


def suggest_code(session: Session, product_code: str, produced_on: date) -> str:
    """`YYMMDDNN`: the production date and the next running number of that day (01, 02, …)."""
    require(session, Capability.READ)
    product = _by_code(session, product_code)
    stem = produced_on.strftime("%y%m%d")
    taken = set(session.scalars(select(Batch.code).where(
        Batch.product_id == product.id, Batch.code.like(f"{stem}%"))))
    for n in range(1, 100):
        if f"{stem}{n:02d}" not in taken:
            return f"{stem}{n:02d}"
    return f"{stem}{len(taken) + 1}"


def latest_expiry(produced_on: date, shelf_life_days: int) -> date:
    return produced_on + timedelta(days=shelf_life_days)


def add_batch(
    session: Session, *, product_code: str, produced_on: date, code: str | None = None,
    quantity: int | None = None, expires_on: date | None = None, today: date | None = None,
) -> BatchRecord:
    """Record a production run; refuse a future date, a taken code or a too-late expiry."""
    require(session, Capability.REGISTER)
    product = _by_code(session, product_code)
    today = today or date.today()
    if produced_on > today:
        raise UserError(_("The production date {date} is in the future; a batch is recorded on "
                          "or after the day it is made.").format(date=format_date(produced_on)))
    if quantity is not None and quantity < 0:
        raise UserError(_("The quantity must not be negative."))
    expires = _expiry(product, produced_on, expires_on)
    batch_code = (code or "").strip() or suggest_code(session, product.code, produced_on)
    if not BATCH_CODE.fullmatch(batch_code):
        raise UserError(_("A production code is 1 to 20 letters or digits (e.g. 25011401)."))
    if session.scalar(select(Batch.id).where(Batch.product_id == product.id,
                                             Batch.code == batch_code)) is not None:
        raise UserError(_("Product {product} already has a batch with the code {code}.")
                        .format(product=product.code, code=batch_code))
    row = Batch(product_id=product.id, code=batch_code, produced_on=produced_on,
                expires_on=expires, quantity=quantity)
    session.add(row)
    session.flush()
    audit.record(session, "products.add_batch", entity="product_batch", entity_id=row.id,
                 after={"product": product.code, "code": batch_code, "produced_on": produced_on,
                        "expires_on": expires, "quantity": quantity})
    return _record(row, product.code)


def _expiry(product: Product, produced_on: date, expires_on: date | None) -> date:
    if product.shelf_life_days is None:
        if expires_on is None:
            raise UserError(_("Product {code} has no shelf life yet: set it (in days) or give "
                              "the expiry date.").format(code=product.code))
        latest = None
    else:
        latest = latest_expiry(produced_on, product.shelf_life_days)
    expires = expires_on or latest
    assert expires is not None
    if expires < produced_on:
        raise UserError(_("The expiry date cannot be before the production date."))
    if latest is not None and expires > latest:
        raise UserError(_("The expiry date {date} is later than the shelf life allows ({days} "
                          "days: {latest} at the latest).").format(
            date=format_date(expires), days=product.shelf_life_days,
            latest=format_date(latest)))
    return expires


def close_batch(session: Session, product_code: str, code: str, on: date | None = None
                ) -> BatchRecord:
    """Mark a batch sold out or withdrawn: it no longer raises expiry alerts."""
    require(session, Capability.REGISTER)
    product = _by_code(session, product_code)
    row = _get(session, product.id, code)
    row.closed_on = on or date.today()
    session.flush()
    audit.record(session, "products.close_batch", entity="product_batch", entity_id=row.id,
                 after={"closed_on": row.closed_on})
    return _record(row, product.code)


def _get(session: Session, product_id: int, code: str) -> Batch:
    row = session.scalar(select(Batch).where(Batch.product_id == product_id,
                                             Batch.code == code.strip()))
    if row is None:
        raise NotFound(_("There is no batch with the code “{code}”.").format(code=code))
    return row


def get_batch(session: Session, product_code: str, code: str) -> BatchRecord:
    require(session, Capability.READ)
    product = _by_code(session, product_code)
    return _record(_get(session, product.id, code), product.code)


def list_batches(session: Session, product_code: str | None = None, *,
                 include_closed: bool = True) -> list[BatchRecord]:
    require(session, Capability.READ)
    query = select(Batch, Product.code).join(Product, Product.id == Batch.product_id)
    if product_code:
        query = query.where(Batch.product_id == _by_code(session, product_code).id)
    if not include_closed:
        query = query.where(Batch.closed_on.is_(None))
    rows = session.execute(query.order_by(Batch.produced_on.desc(), Batch.code.desc()))
    return [_record(b, pcode) for b, pcode in rows]


def expiry_state(batch: BatchRecord, today: date, warn_days: int) -> str:
    """"expired", "near" (within `warn_days`) or "ok"; a closed batch is always "ok"."""
    if batch.closed_on is not None:
        return "ok"
    if batch.expires_on < today:
        return "expired"
    if (batch.expires_on - today).days <= warn_days:
        return "near"
    return "ok"


def needs_full_date(produced_on: date, expires_on: date) -> bool:
    """Shelf life of three months or less: the label shows day, month and year."""
    return expires_on <= produced_on + relativedelta(months=3)


def printed_date(value: date) -> str:
    """`14 01 2025`, the form labels use."""
    return value.strftime("%d %m %Y")


def printed_expiry(produced_on: date, expires_on: date) -> str:
    """`28 11 2026`, or `10 2026` when the shelf life is longer than three months.

    A month and year alone are read as "good until the end of that month", so the month printed
    is the last one that ends on or before the expiry date: the label never promises more.
    """
    if needs_full_date(produced_on, expires_on):
        return printed_date(expires_on)
    month_end = expires_on + relativedelta(day=31)
    shown = expires_on if month_end == expires_on else expires_on - relativedelta(months=1)
    return shown.strftime("%m %Y")
