"""Label readiness (BPOM 31/2018): complete products are ready, incomplete ones say what to fix."""

from __future__ import annotations

from datetime import date

from coopdesk.book import Book
from coopdesk.products import alerts, batches, catalog, overview, permits, producers, readiness
from coopdesk.products.records import ProducerData, ProductData
from tests.products.conftest import TODAY, keripik


def _state(book: Book, code: str, **kw: object) -> readiness.Readiness:
    with book.read() as s:
        return readiness.readiness(s, code, today=TODAY, **kw)  # type: ignore[arg-type]


def test_a_complete_product_is_ready(book: Book, product: str) -> None:
    state = _state(book, product)
    assert state.ready, state.problems
    assert {c.key for c in state.checks if c.status == "ok"} >= {
        "name", "producer", "ingredients", "net_content", "expiry", "permit", "halal"}


def test_an_incomplete_product_lists_every_missing_item(book: Book) -> None:
    with book.transaction() as s:
        group = producers.add_producer(s, ProducerData(name="KUB Baru", address="Desa Kemiri"))
        catalog.save_product(s, ProductData(code="PY-1", name="Peyek", producer_id=group.id))
    state = _state(book, "PY-1")
    assert not state.ready
    missing = {c.key: c.detail for c in state.problems}
    assert set(missing) == {"producer", "ingredients", "net_content", "expiry", "permit"}
    assert "postal code" in missing["producer"] and "city" in missing["producer"]


def test_an_expired_permit_is_wrong_and_a_renewed_one_fixes_it(book: Book, group_id: int
                                                               ) -> None:
    with book.transaction() as s:
        catalog.save_product(s, keripik(group_id))
        permits.add_permit(s, kind="pirt", number="2063302010123-24", product_code="KS-250")
    state = _state(book, "KS-250")
    assert [(c.key, c.status) for c in state.problems] == [("permit", "wrong")]
    assert "expired" in state.problems[0].detail
    with book.transaction() as s:
        permits.add_permit(s, kind="pirt", number="2063302010123-29", product_code="KS-250")
    assert _state(book, "KS-250").ready


def test_pirt_disagreements_are_warnings_not_problems(book: Book, group_id: int) -> None:
    with book.transaction() as s:
        catalog.save_product(s, keripik(group_id, packaging=1))
        permits.add_permit(s, kind="pirt", number="2063301010123-29", product_code="KS-250")
    state = _state(book, "KS-250")
    assert state.ready
    texts = " ".join(c.detail for c in state.warnings)
    assert "packaging" in texts and "3301" in texts


def test_an_expired_batch_cannot_be_labelled_for_sale(book: Book, product: str) -> None:
    with book.transaction() as s:
        b = batches.add_batch(s, product_code=product, produced_on=date(2026, 1, 5), today=TODAY)
    assert b.expires_on < TODAY
    state = _state(book, product, batch_code=b.code)
    assert [(c.key, c.status) for c in state.problems] == [("production", "wrong")]


def test_non_food_needs_only_a_name_and_a_producer(book: Book, group_id: int) -> None:
    with book.transaction() as s:
        catalog.save_product(s, ProductData(code="BT-01", name="Batik tulis Banyumasan",
                                            kind="nonfood", producer_id=group_id, price=350_000))
    state = _state(book, "BT-01")
    assert state.ready and {c.key for c in state.checks} == {"name", "producer"}


def test_the_halal_deadline_is_a_warning(book: Book, group_id: int) -> None:
    with book.transaction() as s:
        catalog.save_product(s, keripik(group_id))
        permits.add_permit(s, kind="pirt", number="2063302010123-29", product_code="KS-250")
    after = _state(book, "KS-250")
    assert after.ready and any(c.key == "halal" for c in after.warnings)
    with book.read() as s:
        before = readiness.readiness(s, "KS-250", today=date(2026, 1, 1))
    assert not any(c.key == "halal" for c in before.checks)


def test_the_overview_marks_ready_and_permit_status(book: Book, product: str, group_id: int
                                                    ) -> None:
    with book.transaction() as s:
        catalog.save_product(s, ProductData(code="GK-1", name="Gula Kelapa",
                                            producer_id=group_id))
    with book.read() as s:
        rows = {o.product.code: o for o in overview.product_overview(s, today=TODAY)}
    assert rows[product].ready and rows[product].permit_status == "ok"
    assert not rows["GK-1"].ready and rows["GK-1"].permit_status == "none"
    assert "Distribution permit (P-IRT or BPOM MD/ML)" in rows["GK-1"].missing


def test_alerts_for_batches_and_permits(book: Book, product: str, group_id: int) -> None:
    with book.transaction() as s:
        near = batches.add_batch(s, product_code=product, produced_on=date(2026, 6, 10),
                                 today=TODAY)
        gone = batches.add_batch(s, product_code=product, produced_on=date(2026, 3, 1),
                                 today=TODAY)
        batches.add_batch(s, product_code=product, produced_on=date(2026, 11, 1), today=TODAY)
        closed = batches.add_batch(s, product_code=product, produced_on=date(2026, 3, 2),
                                   today=TODAY)
        batches.close_batch(s, product, closed.code, TODAY)
        permits.add_permit(s, kind="slhs", number="SLHS/0042/2024", producer_id=group_id,
                           issued_on=date(2024, 1, 20))
    with book.read() as s:
        found = alerts.alerts(s, TODAY)
    kinds = [(a.kind, a.subject) for a in found]
    assert kinds == [("batch_expired", gone.code), ("batch_near", near.code),
                     ("permit_expiring", "SLHS/0042/2024")]
    assert found[0].urgent and "Take it off sale" in found[0].message
    assert "expires in 53 days" in found[2].message


def test_a_renewed_permit_stops_alerting(book: Book, group_id: int) -> None:
    with book.transaction() as s:
        permits.add_permit(s, kind="nib", number="9120123456789", producer_id=group_id,
                           expires_on=date(2026, 12, 1))
    with book.read() as s:
        assert [a.kind for a in alerts.alerts(s, TODAY)] == ["permit_expiring"]
    with book.transaction() as s:
        permits.add_permit(s, kind="nib", number="9120123456780", producer_id=group_id,
                           expires_on=date(2031, 12, 1))
    with book.read() as s:
        assert alerts.alerts(s, TODAY) == []
