"""The product list at a glance: every product with its label readiness and permit status.

Read in four flat queries (products, groups, permits, batch counts) and assessed in memory, so
the list stays quick with hundreds of products instead of asking the book once per product.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.products import catalog, permits, producers, readiness
from coopdesk.products.models import Batch, Permit
from coopdesk.products.records import PermitRecord, ProductOverview

Permits = dict[int, list[PermitRecord]]


def _permits(session: Session) -> tuple[Permits, Permits]:
    by_product: Permits = defaultdict(list)
    by_group: Permits = defaultdict(list)
    for p in session.scalars(select(Permit)):
        record = permits.record_of(p)
        if p.product_id is not None:
            by_product[p.product_id].append(record)
        elif p.producer_id is not None:
            by_group[p.producer_id].append(record)
    return by_product, by_group


def permit_status(found: list[PermitRecord], today: date) -> str:
    """"none", "expired", "expiring" or "ok" for the permit a label would print."""
    chosen = permits.current(found, "bpom", today) or permits.current(found, "pirt", today)
    if chosen is None:
        return "none"
    return permits.state(chosen, today)


def product_overview(session: Session, search: str = "", *, today: date | None = None,
                     include_inactive: bool = False) -> list[ProductOverview]:
    require(session, Capability.READ)
    day = today or date.today()
    deadline = date.fromisoformat(readiness.HALAL_DEADLINE.get(session))
    groups = {g.id: g for g in producers.list_producers(session)}
    by_product, by_group = _permits(session)
    counts = dict(session.execute(select(Batch.product_id, func.count()).group_by(
        Batch.product_id)).all())
    rows = []
    for product in catalog.list_products(session, search, include_inactive=include_inactive):
        group = groups.get(product.producer_id) if product.producer_id is not None else None
        found = by_product.get(product.id, []) + (by_group.get(group.id, []) if group else [])
        state = readiness.assess(product, group, found, batch=None, today=day,
                                 halal_deadline=deadline)
        rows.append(ProductOverview(
            product, tuple(c.title for c in state.problems),
            tuple(c.detail for c in state.warnings if c.key != "production"),
            permit_status(found, day) if product.kind == "food" else "ok",
            counts.get(product.id, 0)))
    return rows
