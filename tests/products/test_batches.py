"""Batches: production codes, expiry from the shelf life, and the date forms a label prints."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdesk.book import Book
from coopdesk.errors import UserError
from coopdesk.products import batches
from tests.products.conftest import TODAY, counts


@pytest.mark.parametrize(("produced", "expires", "printed"), [
    (date(2025, 1, 14), date(2025, 3, 14), "14 03 2025"),  # two months: day, month, year
    (date(2025, 1, 14), date(2025, 4, 14), "14 04 2025"),  # exactly three months
    (date(2025, 1, 14), date(2025, 4, 15), "03 2025"),  # longer: a month that ends in time
    (date(2025, 1, 14), date(2026, 11, 28), "10 2026"),
    (date(2025, 1, 14), date(2026, 11, 30), "11 2026"),  # the last day: that month is safe
    (date(2024, 2, 1), date(2025, 2, 28), "02 2025"),
])
def test_expiry_date_forms(produced: date, expires: date, printed: str) -> None:
    assert batches.printed_expiry(produced, expires) == printed


@given(st.dates(date(2000, 1, 1), date(2090, 1, 1)), st.integers(1, 3650))
def test_a_printed_expiry_never_promises_more_than_the_batch(produced: date, days: int) -> None:
    expires = produced + timedelta(days=days)
    text = batches.printed_expiry(produced, expires)
    parts = [int(x) for x in text.split()]
    if len(parts) == 3:
        assert date(parts[2], parts[1], parts[0]) == expires
    else:
        month, year = parts
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        assert last <= expires
        assert (expires - last).days < 31


def test_production_dates_print_day_month_year() -> None:
    assert batches.printed_date(date(2025, 1, 14)) == "14 01 2025"


def test_a_batch_gets_the_suggested_code_and_the_full_shelf_life(book: Book, product: str
                                                                ) -> None:
    with book.transaction() as s:
        first = batches.add_batch(s, product_code=product, produced_on=date(2026, 11, 14),
                                  quantity=200, today=TODAY)
        second = batches.add_batch(s, product_code=product, produced_on=date(2026, 11, 14),
                                   today=TODAY)
    assert (first.code, second.code) == ("26111401", "26111402")
    assert first.expires_on == date(2026, 11, 14) + timedelta(days=180)
    assert first.quantity == 200


def test_an_earlier_expiry_is_allowed_a_later_one_refused(book: Book, product: str) -> None:
    with book.transaction() as s:
        early = batches.add_batch(s, product_code=product, produced_on=date(2026, 11, 1),
                                  expires_on=date(2027, 1, 1), code="A1", today=TODAY)
    assert early.expires_on == date(2027, 1, 1)
    before = counts(book)
    with pytest.raises(UserError, match="later than the shelf life allows"), \
            book.transaction() as s:
        batches.add_batch(s, product_code=product, produced_on=date(2026, 11, 1),
                          expires_on=date(2027, 12, 1), code="A2", today=TODAY)
    with pytest.raises(UserError, match="before the production date"), book.transaction() as s:
        batches.add_batch(s, product_code=product, produced_on=date(2026, 11, 1),
                          expires_on=date(2026, 10, 1), code="A3", today=TODAY)
    assert counts(book) == before


def test_a_batch_in_the_future_is_refused(book: Book, product: str) -> None:
    before = counts(book)
    with pytest.raises(UserError, match="in the future"), book.transaction() as s:
        batches.add_batch(s, product_code=product, produced_on=TODAY + timedelta(days=1),
                          today=TODAY)
    assert counts(book) == before


def test_production_codes_are_unique_per_product(book: Book, product: str) -> None:
    with book.transaction() as s:
        batches.add_batch(s, product_code=product, produced_on=TODAY, code="B-7", today=TODAY)
    before = counts(book)
    with pytest.raises(UserError, match="already has a batch with the code B-7"), \
            book.transaction() as s:
        batches.add_batch(s, product_code=product, produced_on=TODAY, code="B-7", today=TODAY)
    assert counts(book) == before


def test_a_closed_batch_is_no_longer_near_expiry(book: Book, product: str) -> None:
    with book.transaction() as s:
        b = batches.add_batch(s, product_code=product, produced_on=date(2026, 6, 1),
                              today=TODAY)
    assert batches.expiry_state(b, TODAY, 30) == "near"
    with book.transaction() as s:
        closed = batches.close_batch(s, product, b.code, TODAY)
    assert batches.expiry_state(closed, TODAY, 30) == "ok"
    assert batches.expiry_state(b, b.expires_on + timedelta(days=1), 30) == "expired"
