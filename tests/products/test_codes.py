"""Numbers on a label: EAN-13 check digits, P-IRT decoding, halal, BPOM and NIB numbers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdesk.products import codes
from coopdesk.products.codes import CodeError

twelve_digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


@pytest.mark.parametrize(("first12", "check"), [
    ("899123456789", 1),  # the GS1 Indonesia example from the design notes
    ("400638133393", 1),  # 4006381333931, the textbook example
    ("978020137962", 4),  # ISBN 978-0-201-37962-4 as EAN-13
    ("501234567890", 0),
    ("899999999999", 5),
    ("000000000000", 0),
    ("200000000001", 5),
])
def test_ean13_check_digit_table(first12: str, check: int) -> None:
    assert codes.ean13_check_digit(first12) == check
    assert codes.is_valid_ean13(first12 + str(check))
    assert codes.parse_ean13(first12) == first12 + str(check)


def test_a_wrong_check_digit_is_refused_naming_the_right_one() -> None:
    with pytest.raises(CodeError, match="should be 1"):
        codes.parse_ean13("8991234567890")


@pytest.mark.parametrize("text", ["899123", "89912345678912", "89912345678A1", ""])
def test_malformed_barcodes_are_refused(text: str) -> None:
    with pytest.raises(CodeError):
        codes.parse_ean13(text)


def test_spaces_and_dashes_in_a_barcode_are_forgiven() -> None:
    assert codes.parse_ean13(" 8 991234-567891 ") == "8991234567891"


@given(twelve_digits)
def test_every_completed_code_is_valid(first12: str) -> None:
    full = codes.parse_ean13(first12)
    assert codes.is_valid_ean13(full) and full.startswith(first12)


@given(twelve_digits, st.integers(0, 12), st.integers(1, 9))
def test_any_single_digit_slip_is_caught(first12: str, position: int, delta: int) -> None:
    full = codes.parse_ean13(first12)
    slipped = full[:position] + str((int(full[position]) + delta) % 10) + full[position + 1:]
    assert not codes.is_valid_ean13(slipped)


@given(st.integers(1, 10**9 - 1))
def test_in_store_codes_are_valid_and_in_the_200_range(sequence: int) -> None:
    code = codes.in_store_ean13(sequence)
    assert codes.is_valid_ean13(code) and code.startswith("200") and codes.is_in_store(code)


@pytest.mark.parametrize(("text", "expected"), [
    ("2063302010123-29", (2, "06", "3302", "01", "0123", 2029)),
    ("P-IRT No. 1153302020001-27", (1, "15", "3302", "02", "0001", 2027)),
    ("6093302 0201 23 28", (6, "09", "3302", "02", "0123", 2028)),
    ("PIRT 3013374050456-30", (3, "01", "3374", "05", "0456", 2030)),
])
def test_pirt_decoding_table(text: str, expected: tuple[int, str, str, str, str, int]) -> None:
    p = codes.parse_pirt(text)
    assert (p.packaging, p.food_type, p.region, p.product_sequence, p.producer_sequence,
            p.expiry_year) == expected
    assert p.printed == f"P-IRT No. {p.digits[:13]}-{p.digits[13:]}"
    assert codes.pirt_expiry(p) == date(expected[-1], 12, 31)


def test_pirt_food_type_is_named_when_known() -> None:
    assert codes.parse_pirt("2063302010123-29").food_type_name == "Tepung dan hasil olahnya"
    assert codes.parse_pirt("2993302010123-29").food_type_name is None


@pytest.mark.parametrize(("text", "message"), [
    ("123", "15 digits"),
    ("20633020101234-29", "15 digits"),
    ("2063302O10123-29", "only digits"),
    ("9063302010123-29", "packaging"),
    ("0063302010123-29", "packaging"),
])
def test_bad_pirt_numbers_are_refused(text: str, message: str) -> None:
    with pytest.raises(CodeError, match=message):
        codes.parse_pirt(text)


def test_pirt_warnings_for_packaging_region_and_an_expired_year() -> None:
    p = codes.parse_pirt("2063302010123-24")
    assert codes.pirt_warnings(p, packaging=2, regency_code="3302", today=date(2024, 6, 1)) == []
    found = codes.pirt_warnings(p, packaging=1, regency_code="3301", today=date(2026, 1, 1))
    assert len(found) == 3
    assert "packaging" in found[0] and "glass" in found[0] and "plastic" in found[0]
    assert "3302" in found[1] and "3301" in found[1]
    assert "2024" in found[2]


def test_halal_numbers_start_with_id_and_kh_numbers_are_refused() -> None:
    assert codes.parse_halal("ID 3311 0018 5177 10724") == "ID33110018517710724"
    with pytest.raises(CodeError, match="KH"):
        codes.parse_halal("KH-12345/2022")
    with pytest.raises(CodeError, match="starts with ID"):
        codes.parse_halal("MUI-01020")


def test_bpom_numbers_are_read_loosely_and_warned_about() -> None:
    assert codes.parse_bpom("BPOM RI MD 224510001234") == "MD 224510001234"
    assert codes.parse_bpom("ml 1234 5678 9012") == "ML 123456789012"
    assert codes.bpom_warnings("MD 224510001234") == []
    assert codes.bpom_warnings("MD 2245") != []
    with pytest.raises(CodeError, match="MD"):
        codes.parse_bpom("SP 12345")


def test_nib_has_thirteen_digits() -> None:
    assert codes.parse_nib("9120 1234 56789") == "9120123456789"
    with pytest.raises(CodeError, match="13 digits"):
        codes.parse_nib("12345")
