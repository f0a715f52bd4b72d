"""Products are checked when saved: bad input is refused with clear words and changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdesk.access import Actor, Role
from coopdesk.book import Book
from coopdesk.errors import PermissionDenied, UserError, ValidationError
from coopdesk.products import catalog, permits, producers
from coopdesk.products.records import Ingredient, ProducerData
from tests.products.conftest import counts, keripik


def test_a_saved_product_reads_back_whole(book: Book, group_id: int) -> None:
    with book.transaction() as s:
        saved = catalog.save_product(s, keripik(group_id, barcode="899123456789"))
    with book.read() as s:
        again = catalog.get_product(s, "ks-250")
    assert again == saved
    assert saved.barcode == "8991234567891"  # the check digit was added
    assert saved.net is not None and saved.net.printed == "Berat bersih 250 g"
    assert [i.printed for i in saved.ingredients][-1] == "Pengawet natrium benzoat"
    assert saved.all_allergens == ("gluten",)
    assert saved.producer_name == "KUB Sari Rasa"


def test_liquids_say_isi_bersih_with_a_decimal_comma(book: Book, group_id: int) -> None:
    with book.transaction() as s:
        p = catalog.save_product(s, keripik(group_id, net_amount=Decimal("1.5"), net_unit="L"))
    assert p.net is not None and p.net.printed == "Isi bersih 1,5 L"


@pytest.mark.parametrize(("changes", "column", "words"), [
    ({"barcode": "8991234567890"}, "barcode", "should be 1"),
    ({"barcode": "12345"}, "barcode", "13 digits"),
    ({"shelf_life_days": 0}, "shelf_life_days", "from 1"),
    ({"name": "  "}, "name", "needs a name"),
    ({"code": "KS 250!"}, "code", "product code"),
    ({"net_unit": "ons"}, "net_unit", "g or kg"),
    ({"packaging": 9}, "packaging", "1 to 8"),
    ({"price": -1}, "price", "negative"),
    ({"allergens": ("kelapa",)}, "allergens", "not an allergen"),
    ({"ingredients": (Ingredient("Garam", Decimal(5), "%"), Ingredient("Gula", Decimal(10), "%"))},
     "ingredients", "largest amount to the smallest"),
    ({"ingredients": (Ingredient("Gula", Decimal(60), "%"), Ingredient("Garam", Decimal(50), "%"))},
     "ingredients", "more than 100%"),
])
def test_bad_input_is_refused_and_changes_nothing(book: Book, group_id: int, changes: dict,
                                                  column: str, words: str) -> None:
    before = counts(book)
    with pytest.raises(ValidationError) as refused, book.transaction() as s:
        catalog.save_product(s, keripik(group_id, **changes))
    assert any(p.column == column and words in p.reason for p in refused.value.problems), \
        refused.value.problems
    assert counts(book) == before


def test_every_problem_is_listed_at_once(book: Book, group_id: int) -> None:
    with pytest.raises(ValidationError) as refused, book.transaction() as s:
        catalog.save_product(s, keripik(group_id, name="", barcode="1", shelf_life_days=0))
    assert {p.column for p in refused.value.problems} >= {"name", "barcode", "shelf_life_days"}


def test_codes_and_barcodes_are_unique(book: Book, product: str, group_id: int) -> None:
    before = counts(book)
    with pytest.raises(ValidationError, match="KS-250"), book.transaction() as s:
        catalog.save_product(s, keripik(group_id, code="ks-250", barcode=""))
    with pytest.raises(ValidationError) as refused, book.transaction() as s:
        catalog.save_product(s, keripik(group_id, code="KS-500"))
    assert "already belongs to product KS-250" in str(refused.value)
    assert counts(book) == before


def test_updating_a_product_is_audited(book: Book, product: str) -> None:
    with book.read() as s:
        p = catalog.get_product(s, product)
    before = counts(book)
    with book.transaction() as s:
        catalog.save_product(s, keripik(p.producer_id, price=17_500), product_id=p.id)
    with book.read() as s:
        assert catalog.get_product(s, product).price == 17_500
    assert counts(book)["audit_log"] == before["audit_log"] + 1


def test_reading_is_allowed_to_all_but_changing_needs_register(book: Book, product: str) -> None:
    reader = Actor("tamu", Role.READONLY)
    with book.read(reader) as s:
        assert catalog.get_product(s, product).code == product
    with pytest.raises(PermissionDenied), book.transaction(reader) as s:
        catalog.set_active(s, product, False)
    with pytest.raises(PermissionDenied), book.transaction(reader) as s:
        producers.add_producer(s, ProducerData(name="Lain"))


def test_the_in_store_barcode_suggested_is_free(book: Book, group_id: int) -> None:
    with book.read() as s:
        first = catalog.suggest_in_store_barcode(s)
    assert first == "2000000000015"
    with book.transaction() as s:
        catalog.save_product(s, keripik(group_id, barcode=first))
    with book.read() as s:
        assert catalog.suggest_in_store_barcode(s) == "2000000000022"


def test_group_checks(book: Book) -> None:
    with pytest.raises(ValidationError) as refused, book.transaction() as s:
        producers.add_producer(s, ProducerData(name="X", postal_code="531", regency_code="33",
                                               nib="12"))
    assert {p.column for p in refused.value.problems} == {"postal_code", "regency_code", "nib"}


def test_permit_numbers_are_checked_and_kept_canonical(book: Book, product: str) -> None:
    before = counts(book)
    with pytest.raises(UserError, match="15 digits"), book.transaction() as s:
        permits.add_permit(s, kind="pirt", number="12345", product_code=product)
    with pytest.raises(UserError, match="KH"), book.transaction() as s:
        permits.add_permit(s, kind="halal", number="KH0001", product_code=product)
    with pytest.raises(UserError, match="already recorded"), book.transaction() as s:
        permits.add_permit(s, kind="pirt", number="P-IRT No. 2063302010123-29",
                           product_code=product)
    assert counts(book) == before


def test_a_scanned_permit_is_kept_in_the_book(book: Book, product: str, group_id: int) -> None:
    with book.transaction() as s:
        p = permits.add_permit(s, kind="nib", number="9120123456789", producer_id=group_id,
                               scan=("nib.pdf", b"%PDF-1.4 scan"))
    with book.read() as s:
        from coopdesk.attachments import attachment_bytes

        assert p.attachment_id is not None
        assert attachment_bytes(s, p.attachment_id) == b"%PDF-1.4 scan"
        found = permits.permits_for(s, catalog.get_product(s, product).id)
    assert {q.kind for q in found} == {"pirt", "halal", "nib"}


amounts = st.lists(st.integers(1, 100), min_size=1, max_size=8)


@given(amounts)
def test_ingredient_order_is_accepted_exactly_when_non_increasing(values: list[int]) -> None:
    ingredients = tuple(Ingredient(f"bahan {i}", Decimal(v), "g") for i, v in enumerate(values))
    problems = catalog.check_ingredient_order(ingredients)
    assert (not problems) == (values == sorted(values, reverse=True))


@given(amounts, st.lists(st.booleans(), min_size=8, max_size=8))
def test_ingredients_without_amounts_do_not_break_the_order(values: list[int],
                                                             blanks: list[bool]) -> None:
    ordered = sorted(values, reverse=True)
    ingredients = tuple(Ingredient(f"b{i}") if blanks[i] else Ingredient(f"b{i}", Decimal(v), "kg")
                        for i, v in enumerate(ordered))
    assert catalog.check_ingredient_order(ingredients) == []


def test_grams_and_kilograms_are_compared_on_one_scale() -> None:
    ok = (Ingredient("Singkong", Decimal(1), "kg"), Ingredient("Garam", Decimal(20), "g"))
    bad = (Ingredient("Garam", Decimal(20), "g"), Ingredient("Singkong", Decimal(1), "kg"))
    assert catalog.check_ingredient_order(ok) == []
    assert catalog.check_ingredient_order(bad) != []
