"""The demo's products: some complete, some missing an item, batches near expiry."""

from __future__ import annotations

from datetime import date

from coopdesk.book import Book
from coopdesk.demo import DemoPlan, products_step, setup_step, steps
from coopdesk.products import alerts, overview, printing


def test_the_demo_groups_products_and_alerts(empty_book_url: str) -> None:
    today = date(2026, 11, 28)
    with Book.open(empty_book_url) as book:
        plan = DemoPlan(members=5, years=1, seed=3, today=today)
        with book.transaction() as s:
            setup_step.run(s, plan)
            products_step.run(s, plan)
        with book.read() as s:
            rows = {o.product.code: o for o in overview.product_overview(s, today=today)}
            found = alerts.alerts(s, today)
            label = printing.print_labels(s, printing.LabelJob("KS-250", "avery-l7160"),
                                          today=today)
    assert {"KS-250", "GK-500", "PY-100", "BT-01"} <= set(rows)
    assert rows["KS-250"].ready and rows["BT-01"].ready
    assert not rows["PY-100"].ready and rows["KT-150"].permit_status == "expired"
    kinds = {a.kind for a in found}
    assert {"batch_near", "permit_expiring", "permit_expired"} <= kinds
    assert not label.draft and label.labels == 21


def test_the_products_step_is_in_the_demo() -> None:
    assert ("products", products_step.run) in steps()
