"""The pure engine: denda replayed from payments, and how a payment is split."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from coopdesk.ledger.loans.position import (
    InstalmentState,
    allocate,
    arrears_of,
    payable_now,
    payoff_split,
    penalty_accrued,
)
from coopdesk.ledger.loans.products import COMPONENTS, Terms
from coopdesk.ledger.loans.schedule import Method

DAILY = Terms(Method.FLAT, Decimal(1), penalty_rate=Decimal("0.1"), grace_days=3)
DUE = date(2025, 3, 10)


def test_daily_denda_by_hand() -> None:
    # 1.000.000 due 10 March; grace to 13 March; 14–20 March is 7 days × 1.000 = 7.000.
    assert penalty_accrued(DUE, 1_000_000, [], date(2025, 3, 13), DAILY) == 0
    assert penalty_accrued(DUE, 1_000_000, [], date(2025, 3, 14), DAILY) == 1_000
    assert penalty_accrued(DUE, 1_000_000, [], date(2025, 3, 20), DAILY) == 7_000


def test_denda_follows_what_is_still_unpaid() -> None:
    # 600.000 paid on 16 March: 14–16 March on 1.000.000 (the payment's day still counts),
    # 17–20 March on 400.000: 3.000 + 1.600.
    paid = [(date(2025, 3, 16), 600_000)]
    assert penalty_accrued(DUE, 1_000_000, paid, date(2025, 3, 20), DAILY) == 4_600
    # Paid in full within the grace period: nothing, however late the question is asked.
    assert penalty_accrued(DUE, 1_000_000, [(date(2025, 3, 12), 1_000_000)],
                           date(2025, 12, 31), DAILY) == 0


def test_denda_rounds_once_half_up() -> None:
    # 333 × 0,1 % = 0,333 a day; 3 days = 0,999 → 1 (not 0 + 0 + 0).
    assert penalty_accrued(DUE, 333, [], date(2025, 3, 16), DAILY) == 1


def test_fixed_denda_once_if_anything_is_unpaid_after_grace() -> None:
    fixed = Terms(Method.FLAT, Decimal(1), penalty_mode="fixed", penalty_fixed=25_000,
                  grace_days=5)
    assert penalty_accrued(DUE, 500_000, [], date(2025, 3, 15), fixed) == 0
    assert penalty_accrued(DUE, 500_000, [], date(2025, 3, 16), fixed) == 25_000
    assert penalty_accrued(DUE, 500_000, [], date(2025, 9, 16), fixed) == 25_000
    assert penalty_accrued(DUE, 500_000, [(date(2025, 3, 15), 500_000)],
                           date(2025, 9, 16), fixed) == 0


@given(st.integers(1, 10**9), st.lists(st.tuples(st.integers(0, 400), st.integers(0, 10**8)),
                                       max_size=6), st.integers(0, 400), st.integers(0, 400))
def test_denda_never_shrinks_as_days_pass(amount: int, raw: list[tuple[int, int]],
                                          a: int, b: int) -> None:
    payments = sorted((DUE + timedelta(days=d), p) for d, p in raw)
    early, late = sorted((a, b))
    first = penalty_accrued(DUE, amount, payments, DUE + timedelta(days=early), DAILY)
    second = penalty_accrued(DUE, amount, payments, DUE + timedelta(days=late), DAILY)
    assert 0 <= first <= second


# --- splitting ---------------------------------------------------------------------------------


def state(no: int, due: date, principal: int = 1_000_000, interest: int = 180_000, *,
          penalty: int = 0, paid: int = 0) -> InstalmentState:
    return InstalmentState(no, no, due, principal, interest, 0, paid, 0, penalty)


THREE = [state(1, date(2025, 1, 31), penalty=5_000), state(2, date(2025, 2, 28), penalty=2_000),
         state(3, date(2025, 3, 31))]


def test_instalment_mode_clears_the_oldest_instalment_first() -> None:
    split = allocate(THREE, 1_300_000, COMPONENTS)
    assert [(a.no, a.penalty, a.interest, a.principal) for a in split.allocations] == [
        (1, 5_000, 180_000, 1_000_000), (2, 2_000, 113_000, 0)]
    assert split.unallocated == 0


def test_component_mode_pays_all_denda_then_all_jasa() -> None:
    split = allocate(THREE, 400_000, COMPONENTS, "component")
    assert [(a.no, a.penalty, a.interest, a.principal) for a in split.allocations] == [
        (1, 5_000, 180_000, 0), (2, 2_000, 180_000, 0), (3, 0, 33_000, 0)]


def test_the_order_is_the_products() -> None:
    split = allocate(THREE[:1], 1_000_000, ("principal", "interest", "penalty"))
    assert (split.allocations[0].principal, split.allocations[0].interest) == (1_000_000, 0)


def test_payable_now_is_what_is_due_and_the_current_instalment() -> None:
    assert [s.no for s in payable_now(THREE, date(2025, 2, 10))] == [1, 2]
    assert [s.no for s in payable_now(THREE, date(2025, 2, 28))] == [1, 2]
    assert [s.no for s in payable_now(THREE, date(2025, 3, 1))] == [1, 2, 3]


def test_arrears_count_days_from_the_oldest_unpaid_due_date() -> None:
    late = arrears_of(THREE, date(2025, 3, 10))
    assert late.days_past_due == 38 and late.oldest_due == date(2025, 1, 31)
    assert (late.overdue_principal, late.overdue_interest, late.penalty) == (
        2_000_000, 360_000, 7_000)


def test_payoff_waives_jasa_after_the_current_instalment() -> None:
    split, waived = payoff_split(THREE, date(2025, 2, 10), "current")
    assert split.amount == 3_000_000 + 2 * 180_000 + 7_000 and waived == 180_000


instalments = st.lists(
    st.builds(lambda i, p, j, d: state(i, date(2025, 1, 1) + timedelta(days=30 * i), p, j,
                                       penalty=d),
              st.integers(1, 12), st.integers(0, 10**7), st.integers(0, 10**6),
              st.integers(0, 10**5)),
    min_size=1, max_size=8, unique_by=lambda s: s.no).map(
    lambda xs: sorted(xs, key=lambda s: s.no))


@given(instalments, st.integers(1, 10**8), st.permutations(COMPONENTS),
       st.sampled_from(["instalment", "component"]))
def test_a_split_pays_exactly_the_amount_and_never_more_than_is_due(
        states: list[InstalmentState], amount: int, order: list[str], mode: str) -> None:
    split = allocate(states, amount, order, mode)
    assert sum(a.total for a in split.allocations) + split.unallocated == amount
    assert split.unallocated >= 0
    by_id = {s.id: s for s in states}
    for a in split.allocations:
        s = by_id[a.instalment_id]
        assert 0 <= a.penalty <= s.penalty_due and 0 <= a.interest <= s.interest_due
        assert 0 <= a.principal <= s.principal_due
    if split.unallocated:
        assert sum(a.total for a in split.allocations) == sum(s.total_due for s in states)
    if mode == "instalment":  # a later instalment gets money only once earlier ones are clear
        paid = {a.instalment_id: a.total for a in split.allocations}
        seen_short = False
        for s in states:
            if seen_short:
                assert paid.get(s.id, 0) == 0
            if paid.get(s.id, 0) < s.total_due:
                seen_short = True
