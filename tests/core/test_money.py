"""The rounding rules, each by a table of worked cases and by its invariant."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdesk.i18n import set_language
from coopdesk.money import (
    AmountError,
    largest_remainder,
    parse_amount,
    percent_of,
    round_half_up,
    split_last_absorbs,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.5"), 1), (Decimal("1.5"), 2), (Decimal("2.5"), 3), (Decimal("-0.5"), -1),
        (Decimal("-2.5"), -3), (Decimal("2.4999"), 2), (Fraction(1, 3), 0), (Fraction(2, 3), 1),
        (7, 7), (Decimal("1e3"), 1000),
    ],
)
def test_round_half_up_table(value: Decimal | Fraction | int, expected: int) -> None:
    assert round_half_up(value) == expected


def test_round_half_up_refuses_float() -> None:
    with pytest.raises(TypeError):
        round_half_up(0.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "rate", "expected"),
    [(1_000_000, Decimal("1.5"), 15_000), (333_333, Decimal("1.5"), 5_000),
     (100, Decimal("0.5"), 1), (99, Decimal("0.5"), 0), (1_000_000, Decimal("0"), 0)],
)
def test_percent_of(amount: int, rate: Decimal, expected: int) -> None:
    assert percent_of(amount, rate) == expected


def test_split_last_absorbs_example() -> None:
    assert split_last_absorbs(1_000_000, 3) == [333_333, 333_333, 333_334]
    assert split_last_absorbs(100, 1) == [100]


@given(st.integers(0, 10**12), st.integers(1, 400))
def test_split_last_absorbs_sums_to_total(total: int, parts: int) -> None:
    shares = split_last_absorbs(total, parts)
    assert sum(shares) == total
    assert len(shares) == parts
    assert all(s == shares[0] for s in shares[:-1])


def test_largest_remainder_example() -> None:
    assert largest_remainder(100, [1, 1, 1]) == [34, 33, 33]
    assert largest_remainder(10, [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")]) == [5, 3, 2]
    assert largest_remainder(0, [0, 0]) == [0, 0]


@given(
    st.integers(0, 10**12),
    st.lists(st.integers(0, 10**9), min_size=1, max_size=60).filter(lambda w: sum(w) > 0),
)
def test_largest_remainder_sums_exactly_and_stays_within_one(total: int, weights: list[int]
                                                             ) -> None:
    shares = largest_remainder(total, weights)
    assert sum(shares) == total
    wsum = sum(weights)
    for share, w in zip(shares, weights, strict=True):
        exact = Fraction(total * w, wsum)
        assert exact - 1 < share < exact + 1
        if w == 0:
            assert share == 0


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1500000", "id", 1_500_000), ("1.500.000", "id", 1_500_000),
        ("Rp 1.500.000,00", "id", 1_500_000), ("Rp1.500.000", "id", 1_500_000),
        ("1,500,000", "en", 1_500_000), ("1,500,000.00", "en", 1_500_000),
        ("  250000 ", "en", 250_000),
    ],
)
def test_parse_amount_accepts(text: str, lang: str, expected: int) -> None:
    set_language(lang)
    try:
        assert parse_amount(text) == expected
    finally:
        set_language("en")


@pytest.mark.parametrize(
    "text", ["", "abc", "1.5", "12,50", "1.500.000,50", "-5000", "0", "1e6", "Rp", "1..000",
             "10000000000000000"],
)
def test_parse_amount_refuses(text: str) -> None:
    set_language("id")
    try:
        with pytest.raises(AmountError):
            parse_amount(text)
    finally:
        set_language("en")


def test_parse_amount_negative_when_allowed() -> None:
    assert parse_amount("-5000", allow_negative=True) == -5000
