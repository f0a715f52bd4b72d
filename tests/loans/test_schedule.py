"""Schedules: checked against hand calculations, and their invariants for any sane input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from coopdesk.errors import ValidationError
from coopdesk.i18n import set_language
from coopdesk.ledger.loans.schedule import (
    MAX_RATE_TIMES_TERM,
    Frequency,
    Method,
    add_months,
    annuity_payment,
    build_schedule,
    cost_line,
    effective_rate,
    period_rate,
    schedule_rows,
)
from coopdesk.money import decimal_to_fixed, round_half_up, round_ratio_half_up


def rows(principal: int, rate: str, term: int, method: str,
         start: date) -> list[tuple[int, int, int]]:
    s = build_schedule(principal, Decimal(rate), term, method, start)
    return [(r.principal, r.interest, r.balance) for r in s.rows]


# --- hand calculations -------------------------------------------------------------------------


def test_flat_twelve_months_from_31_january() -> None:
    s = build_schedule(12_000_000, Decimal("1.5"), 12, "flat", date(2025, 1, 31))
    assert [r.due_date for r in s.rows] == [
        date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 31),
        date(2025, 6, 30), date(2025, 7, 31), date(2025, 8, 31), date(2025, 9, 30),
        date(2025, 10, 31), date(2025, 11, 30), date(2025, 12, 31), date(2026, 1, 31)]
    assert {(r.principal, r.interest) for r in s.rows} == {(1_000_000, 180_000)}
    assert s.total_interest == 2_160_000 and s.rows[-1].balance == 0


def test_flat_rounds_each_jasa_half_up_and_the_last_absorbs() -> None:
    # P·r = 18.518,505 → 18.519; total round(55.555,515) = 55.556, so the last jasa is 18.518.
    assert rows(1_234_567, "1.5", 3, "flat", date(2025, 1, 31)) == [
        (411_522, 18_519, 823_045), (411_522, 18_519, 411_523), (411_523, 18_518, 0)]


def test_declining_in_a_leap_year() -> None:
    s = build_schedule(3_000_000, Decimal(2), 3, "declining", date(2024, 1, 31))
    assert [(r.due_date, r.principal, r.interest) for r in s.rows] == [
        (date(2024, 2, 29), 1_000_000, 60_000), (date(2024, 3, 31), 1_000_000, 40_000),
        (date(2024, 4, 30), 1_000_000, 20_000)]


def test_declining_jasa_on_the_balance_rounded_half_up() -> None:
    # 666.667 × 1,5 % = 10.000,005 → 10.000; 333.334 × 1,5 % = 5.000,01 → 5.000.
    assert rows(1_000_000, "1.5", 3, "declining", date(2025, 1, 31)) == [
        (333_333, 15_000, 666_667), (333_333, 10_000, 333_334), (333_334, 5_000, 0)]


def test_annuity_by_hand() -> None:
    # A = 1.000.000 × 0,01 × 1,030301 / 0,030301 = 340.022,11 → 340.022.
    assert annuity_payment(1_000_000, Fraction(1, 100), 3) == 340_022
    assert rows(1_000_000, "1", 3, "annuity", date(2025, 1, 31)) == [
        (330_022, 10_000, 669_978), (333_322, 6_700, 336_656), (336_656, 3_367, 0)]


def test_weekly_flat() -> None:
    # 2 % a month is 2 × 12/52 % a week: 520.000 × 0,4615...% = 2.400 exactly.
    s = build_schedule(520_000, Decimal(2), 4, "flat", date(2025, 3, 3), frequency="weekly")
    assert [(r.due_date, r.principal, r.interest) for r in s.rows] == [
        (date(2025, 3, 10), 130_000, 2_400), (date(2025, 3, 17), 130_000, 2_400),
        (date(2025, 3, 24), 130_000, 2_400), (date(2025, 3, 31), 130_000, 2_400)]


@pytest.mark.parametrize(("method", "expected"), [
    ("flat", (500_000, 7_500)), ("declining", (500_000, 7_500)), ("annuity", (500_000, 7_500))])
def test_one_instalment(method: str, expected: tuple[int, int]) -> None:
    s = build_schedule(500_000, Decimal("1.5"), 1, method, date(2025, 12, 31))
    assert [(r.principal, r.interest, r.due_date) for r in s.rows] == [
        (*expected, date(2026, 1, 31))]


def test_360_instalments() -> None:
    flat = build_schedule(360_000_000, Decimal(1), 360, "flat", date(2025, 1, 31))
    assert len(flat.rows) == 360
    assert {(r.principal, r.interest) for r in flat.rows} == {(1_000_000, 3_600_000)}
    assert flat.rows[-1].due_date == date(2055, 1, 31)
    assert flat.rows[12].due_date == date(2026, 2, 28)
    annuity = build_schedule(360_000_000, Decimal(1), 360, "annuity", date(2025, 1, 31))
    payment = annuity.rows[0].amount
    # 360.000.000 × 0,01 × 1,01^360 / (1,01^360 − 1) = 3.703.005,349 (50-digit Decimal).
    assert payment == annuity_payment(360_000_000, Fraction(1, 100), 360) == 3_703_005
    assert all(r.amount == payment for r in annuity.rows[:-1])
    # The 0,35 rupiah rounded away each month grows with the balance: ≤ (1,01^360 − 1)/0,01.
    assert abs(annuity.rows[-1].amount - payment) <= 3_495
    assert annuity.total_principal == 360_000_000 and annuity.rows[-1].balance == 0


def test_zero_rate_is_an_interest_free_loan() -> None:
    for method in Method:
        s = build_schedule(1_000_000, Decimal(0), 3, method, date(2025, 1, 1))
        assert [r.interest for r in s.rows] == [0, 0, 0]
        assert s.total_principal == 1_000_000


def test_csv_columns_are_exactly_as_documented() -> None:
    header, data = schedule_rows(build_schedule(1_000_000, Decimal(1), 2, "flat",
                                                date(2025, 1, 1)))
    assert header == ("no", "due_date", "principal", "interest", "installment", "balance")
    assert data[0] == (1, date(2025, 2, 1), 500_000, 10_000, 510_000, 500_000)


# --- the true cost ------------------------------------------------------------------------------


def test_flat_rate_shown_with_its_effective_cost() -> None:
    eff = effective_rate(Decimal("1.5"), 12)
    assert decimal_to_fixed(eff, 2) == Decimal("2.64")
    assert decimal_to_fixed(eff * 12, 1) == Decimal("31.7")
    try:
        set_language("id")
        assert cost_line("flat", Decimal("1.5"), 12) == (
            "1,5% flat ≈ 2,64% efektif per bulan (≈ 31,7% per tahun)")
    finally:
        set_language("en")


def test_effective_rate_of_a_declining_loan_is_its_own_rate() -> None:
    assert "2% per month on the balance" in cost_line("declining", Decimal(2), 12)
    assert effective_rate(Decimal(0), 12) == 0


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("principal", "rate", "term", "message"), [
    (0, "1", 12, "more than zero"),
    (-5_000_000, "1", 12, "more than zero"),
    (1_000_000, "1", 0, "at least 1 instalment"),
    (1_000_000, "1", 361, "at most 360"),
    (1_000_000, "12", 12, "above the limit"),
    (1_000_000, "-1", 12, "zero or more"),
    (1_000_000, "0.01", 12, "at least 0,25%"),
    (100_000_000, "2", 300, "too much jasa"),
    (50_000, "1", 60, "too small for 60 instalments"),
])
def test_bad_figures_are_refused_in_plain_words(principal: int, rate: str, term: int,
                                                message: str) -> None:
    set_language("id")
    set_language("en")
    with pytest.raises(ValidationError) as info:
        build_schedule(principal, Decimal(rate), term, "flat", date(2025, 1, 1))
    assert message.replace(",", ".") in str(info.value) or message in str(info.value)


def test_unknown_method_and_frequency_are_refused() -> None:
    with pytest.raises(ValidationError, match="not a method"):
        build_schedule(1_000_000, Decimal(1), 12, "balloon", date(2025, 1, 1))
    with pytest.raises(ValidationError, match="not a frequency"):
        build_schedule(1_000_000, Decimal(1), 12, "flat", date(2025, 1, 1), frequency="daily")


# --- invariants --------------------------------------------------------------------------------

RATES = st.sampled_from(["0", "0.25", "0.5", "1", "1.25", "1.5", "2", "2.5", "3", "5"])


@st.composite
def loans(draw: st.DrawFn) -> tuple[int, Decimal, int, Method, date, Frequency]:
    frequency = draw(st.sampled_from(list(Frequency)))
    rate = Decimal(draw(RATES))
    limit = 360
    r = period_rate(rate, frequency)
    if r:
        limit = min(limit, int(MAX_RATE_TIMES_TERM / r))
    term = draw(st.integers(1, limit))
    principal = draw(st.integers(1_000 * term, 10**11))
    start = draw(st.dates(date(2000, 1, 1), date(2060, 12, 31)))
    return principal, rate, term, draw(st.sampled_from(list(Method))), start, frequency


@settings(max_examples=300, deadline=None)
@given(loans())
def test_every_schedule_pays_exactly_the_principal_and_ends_at_zero(
        loan: tuple[int, Decimal, int, Method, date, Frequency]) -> None:
    principal, rate, term, method, start, frequency = loan
    s = build_schedule(principal, rate, term, method, start, frequency=frequency)
    assert len(s.rows) == term
    assert s.total_principal == principal
    assert s.rows[-1].balance == 0
    assert all(r.principal >= 0 and r.interest >= 0 for r in s.rows)
    balances = [principal] + [r.balance for r in s.rows]
    assert all(a >= b for a, b in pairwise(balances))
    assert all(a.due_date < b.due_date for a, b in pairwise(s.rows))
    if method == Method.FLAT:
        assert s.total_interest == round_half_up(principal * period_rate(rate, frequency) * term)


@settings(max_examples=300, deadline=None)
@given(loans())
def test_annuity_instalments_are_equal_and_the_last_within_rounding(
        loan: tuple[int, Decimal, int, Method, date, Frequency]) -> None:
    principal, rate, term, _method, start, frequency = loan
    s = build_schedule(principal, rate, term, Method.ANNUITY, start, frequency=frequency)
    r = period_rate(rate, frequency)
    if r == 0:
        return
    payment = annuity_payment(principal, r, term)
    assert all(row.amount == payment for row in s.rows[:-1])
    # Each instalment's rounding (under a rupiah) grows with the balance by (1 + r) a period.
    bound = ((1 + r) ** term - 1) / r
    assert abs(s.rows[-1].amount - payment) <= bound


@given(st.dates(date(1990, 1, 1), date(2090, 12, 31)), st.integers(0, 400))
def test_due_dates_are_relativedelta_from_the_start(start: date, months: int) -> None:
    assert add_months(start, months) == start + relativedelta(months=months)


@given(st.integers(-10**15, 10**15), st.integers(1, 10**9))
def test_integer_rounding_rule_matches_the_fraction_rule(numerator: int,
                                                         denominator: int) -> None:
    assert round_ratio_half_up(numerator, denominator) == round_half_up(
        Fraction(numerator, denominator))


def test_integer_rounding_rule_rounds_halves_away_from_zero() -> None:
    assert [round_ratio_half_up(n, 2) for n in (1, 3, -1, -3)] == [1, 2, -1, -2]
    with pytest.raises(ValueError, match="positive"):
        round_ratio_half_up(1, 0)
