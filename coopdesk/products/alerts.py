"""Alerts for the home page: batches near or past their expiry, permits expiring or expired.

Two indexed range queries (batch expiry, permit expiry), so the home page stays instant however
many batches a group has recorded over the years. Closed batches (sold out or withdrawn) do not
raise alerts; permits warn 90 days ahead, batches `EXPIRY_WARNING_DAYS` ahead (30 by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from coopdesk.access import Capability, require
from coopdesk.i18n import N_, _, format_date, ngettext
from coopdesk.products.batches import EXPIRY_WARNING_DAYS
from coopdesk.products.codes import printed_permit
from coopdesk.products.models import Batch, Permit, Producer, Product
from coopdesk.products.permits import WARN_DAYS

#: How an alert names a permit before its number (P-IRT and BPOM numbers name themselves).
SHORT_NAMES = {"halal": N_("halal certificate"), "nib": "NIB", "slhs": "SLHS"}


@dataclass(frozen=True)
class Alert:
    kind: str  # batch_expired, batch_near, permit_expired, permit_expiring
    due: date
    days: int  # days from today to `due` (negative: already past)
    product_code: str
    subject: str  # the batch code or the permit number
    message: str

    @property
    def urgent(self) -> bool:
        return self.days < 0


def _when(days: int, due: date) -> str:
    if days < 0:
        return ngettext("{n} day ago ({date})", "{n} days ago ({date})", -days).format(
            n=-days, date=format_date(due))
    if days == 0:
        return _("today ({date})").format(date=format_date(due))
    return ngettext("in {n} day ({date})", "in {n} days ({date})", days).format(
        n=days, date=format_date(due))


def batch_alerts(session: Session, today: date) -> list[Alert]:
    warn = EXPIRY_WARNING_DAYS.get(session)
    rows = session.execute(
        select(Batch.code, Batch.expires_on, Batch.quantity, Product.code, Product.name)
        .join(Product, Product.id == Batch.product_id)
        .where(Batch.closed_on.is_(None), Batch.expires_on <= today + timedelta(days=warn),
               Product.active.is_(True))
        .order_by(Batch.expires_on, Product.code)
    ).all()
    found = []
    for code, expires, _qty, pcode, pname in rows:
        days = (expires - today).days
        if days < 0:
            text = _("{product}, batch {code}: expired {when}. Take it off sale.")
        else:
            text = _("{product}, batch {code}: expires {when}.")
        found.append(Alert("batch_expired" if days < 0 else "batch_near", expires, days, pcode,
                           code, text.format(product=pname, code=code,
                                             when=_when(days, expires))))
    return found


def permit_alerts(session: Session, today: date) -> list[Alert]:
    # A permit that was renewed (a later one of the same kind for the same owner) is quiet.
    newer = aliased(Permit)
    renewed = exists().where(
        newer.kind == Permit.kind, newer.id != Permit.id,
        or_(newer.product_id == Permit.product_id,
            and_(newer.product_id.is_(None), Permit.product_id.is_(None),
                 newer.producer_id == Permit.producer_id)),
        or_(newer.expires_on.is_(None), newer.expires_on > Permit.expires_on))
    rows = session.execute(
        select(Permit.kind, Permit.number, Permit.expires_on, Product.code, Product.name,
               Producer.name)
        .outerjoin(Product, Product.id == Permit.product_id)
        .outerjoin(Producer, Producer.id == Permit.producer_id)
        .where(Permit.expires_on.is_not(None),
               Permit.expires_on <= today + timedelta(days=WARN_DAYS), ~renewed,
               or_(Permit.product_id.is_(None), Product.active.is_(True)))
        .order_by(Permit.expires_on)
    ).all()
    found = []
    for kind, number, expires, pcode, pname, group in rows:
        assert expires is not None  # the query asked for permits with an expiry date
        days = (expires - today).days
        owner = pname or group or ""
        permit = printed_permit(kind, number)
        if kind in SHORT_NAMES:
            permit = f"{_(SHORT_NAMES[kind])} {permit}"
        if days < 0:
            text = _("{owner}: {permit} expired {when}. Renew it.")
        else:
            text = _("{owner}: {permit} expires {when}.")
        found.append(Alert("permit_expired" if days < 0 else "permit_expiring", expires, days,
                           pcode or "", number,
                           text.format(owner=owner, permit=permit, when=_when(days, expires))))
    return found


def alerts(session: Session, today: date | None = None) -> list[Alert]:
    """Every alert, the most urgent (earliest date) first."""
    require(session, Capability.READ)
    day = today or date.today()
    return sorted(batch_alerts(session, day) + permit_alerts(session, day),
                  key=lambda a: (a.due, a.kind))
