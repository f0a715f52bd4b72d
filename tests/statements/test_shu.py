"""SHU: the parts add up to the pool, members' shares to JUA + JMA exactly, the domain notes'
worked example comes out to the rupiah, and distribution and payout move the money right."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopdesk.book import Book
from coopdesk.errors import UserError, ValidationError
from coopdesk.ledger import closing, journal, reports, shu
from coopdesk.ledger.journal import Line
from coopdesk.ledger.shu import rules as shu_rules
from coopdesk.ledger.shu.compute import _share
from coopdesk.ledger.shu.rules import LeaversRule, SavingsMethod, ShuRules
from coopdesk.ledger.statements import members as member_figures
from tests.statements.factory import a_year, add_members, pay_jasa, save, spend

JAN = date(2026, 1, 10)
RAT = date(2026, 3, 20)
EXAMPLE_SPLIT = {"reserve": Decimal(40), "jasa_usaha": Decimal(25), "jasa_modal": Decimal(20),
                 "board": Decimal(5), "staff": Decimal(5), "education": Decimal("2.5"),
                 "social": Decimal("2.5")}


def _worked_example(book: Book) -> list[int]:
    """The domain notes' example: SHU Rp60.000.000; the member did Rp5.000.000 of business out
    of Rp75.000.000 and holds Rp2.000.000 of savings out of Rp100.000.000."""
    with book.transaction() as s:
        me, other = add_members(s, 2)
        save(s, me, "savings.pokok", 500_000, date(2025, 1, 5))
        save(s, me, "savings.wajib", 1_500_000, date(2025, 2, 5))
        save(s, other, "savings.pokok", 500_000, date(2025, 1, 5))
        save(s, other, "savings.wajib", 97_500_000, date(2025, 2, 5))
        save(s, me, "savings.sukarela", 9_000_000, date(2025, 2, 5))  # not counted
        pay_jasa(s, me, 5_000_000, date(2025, 6, 1))
        pay_jasa(s, other, 70_000_000, date(2025, 6, 2))
        spend(s, "expense.salaries", 15_000_000, date(2025, 12, 1))
        closing.close_year(s, 2025, today=JAN)
    return [me, other]


def test_the_worked_example_of_the_domain_notes(book: Book) -> None:
    me, _other = _worked_example(book)
    rules = ShuRules().with_split(EXAMPLE_SPLIT)
    with book.read() as s:
        result = shu.compute(s, 2025, rules=rules)
    assert result.pool == 60_000_000
    assert (result.jasa_usaha, result.jasa_modal) == (15_000_000, 12_000_000)
    assert (result.business_total, result.savings_total) == (75_000_000, 100_000_000)
    mine = next(m for m in result.members if m.member_id == me)
    assert (mine.business_basis, mine.savings_basis) == (5_000_000, 2_000_000)
    assert (mine.jasa_usaha, mine.jasa_modal, mine.total) == (1_000_000, 240_000, 1_240_000)
    assert sum(p.amount for p in result.parts) == result.pool
    assert result.members_total == result.jasa_usaha + result.jasa_modal


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12),
       st.lists(st.fractions(min_value=0, max_value=10**9), min_size=1, max_size=40))
def test_shares_sum_exactly_to_what_is_shared(total: int, weights: list[Fraction]) -> None:
    shares, unshared = _share(total, weights)
    assert sum(shares) + unshared == total
    assert all(s >= 0 for s in shares)
    if any(weights):
        assert unshared == 0
        weight_sum = sum(weights)
        for s, w in zip(shares, weights, strict=True):
            assert abs(s - total * w / weight_sum) < 1  # never a rupiah away from the exact
    else:
        assert shares == [0] * len(weights)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**11),
       st.lists(st.integers(min_value=0, max_value=1000), min_size=2, max_size=7))
def test_parts_add_up_to_the_pool_for_any_split(pool: int, tenths: list[int]) -> None:
    from coopdesk.ledger.shu.compute import split_pool

    keys = ["reserve", "jasa_usaha", "jasa_modal", "board", "staff", "education", "social"]
    percents = [Decimal(t) / 10 for t in tenths[:-1]]
    rest = 100 - sum(percents)
    if rest < 0:
        percents = [p * 100 / sum(percents) for p in percents] if sum(percents) else percents
        rest = 100 - sum(percents)
    split = dict(zip(keys, [*percents, rest], strict=False))
    rules = ShuRules(parts=()).with_split(split)
    parts = split_pool(pool, rules)
    assert sum(p.amount for p in parts) == pool
    assert all(p.amount >= 0 for p in parts)


def test_members_shares_sum_to_jua_plus_jma_in_a_real_book(book: Book) -> None:
    with book.transaction() as s:
        members = add_members(s, 7)
        a_year(s, members)
        journal.post_entry(s, date=date(2025, 9, 1), memo="jual", lines=[
            Line("cash", 1_234_567), Line("income.sales", -1_234_567)])
        closing.close_year(s, 2025, today=JAN)
    with book.read() as s:
        result = shu.compute(s, 2025)
    assert result.pool == 15_000 * 28 + 1_234_567 - 155_000
    assert sum(p.amount for p in result.parts) == result.pool
    assert result.members_total == result.jasa_usaha + result.jasa_modal
    assert len(result.members) == 7


def test_what_if_changes_the_shares_but_not_the_book(book: Book) -> None:
    me, _other = _worked_example(book)
    with book.read() as s:
        now, then = shu.compare(s, 2025, ShuRules().with_split(EXAMPLE_SPLIT))
    assert now.jasa_modal == 9_000_000 and then.jasa_modal == 12_000_000
    assert next(m for m in then.members if m.member_id == me).total == 1_240_000
    with book.read() as s:
        assert shu_rules.load(s) == ShuRules()


def test_rules_must_add_up_to_a_hundred_percent(book: Book) -> None:
    wrong = ShuRules().with_split({"reserve": Decimal(45)})
    assert any("105" in p for p in shu_rules.problems(wrong))
    with pytest.raises(ValidationError, match="not accepted"), book.transaction() as s:
        shu_rules.save(s, wrong)
    right = ShuRules().with_split({"reserve": Decimal(30), "regional": Decimal(10)})
    with book.transaction() as s:
        shu_rules.save(s, right)
    with book.read() as s:
        assert shu_rules.load(s) == right
    assert shu_rules.parse_split("reserve=40, jasa_usaha=25%") == {
        "reserve": Decimal(40), "jasa_usaha": Decimal(25)}
    with pytest.raises(UserError, match="name=percent"):
        shu_rules.parse_split("reserve:40")


def test_an_open_year_is_not_shared(book: Book) -> None:
    with pytest.raises(UserError, match="Close the year 2025 first"), book.read() as s:
        shu.compute(s, 2025)


def test_members_who_left_follow_the_statutes_rule(book: Book) -> None:
    with book.transaction() as s:
        stay = add_members(s, 1)[0]
        gone = add_members(s, 1, start=2, status="keluar", left_on=date(2025, 10, 1))[0]
        for m in (stay, gone):
            save(s, m, "savings.wajib", 1_000_000, date(2025, 1, 5))
            pay_jasa(s, m, 500_000, date(2025, 3, 1))
        journal.post_entry(s, date=date(2025, 11, 1), memo="tarik", lines=[
            Line("savings.wajib", 1_000_000, gone), Line("cash", -1_000_000)])
        closing.close_year(s, 2025, today=JAN)
    with book.read() as s:
        by_rule = {rule: {m.member_id: m for m in shu.compute(
            s, 2025, rules=ShuRules(leavers=rule, savings_method=SavingsMethod.MONTH_AVERAGE)
        ).members} for rule in LeaversRule}
    assert gone not in by_rule[LeaversRule.EXCLUDE]
    assert by_rule[LeaversRule.BUSINESS_ONLY][gone].jasa_modal == 0
    assert by_rule[LeaversRule.BUSINESS_ONLY][gone].jasa_usaha > 0
    assert by_rule[LeaversRule.INCLUDE][gone].jasa_modal > 0
    # Month average: ten month ends of Rp1.000.000, then none.
    assert by_rule[LeaversRule.INCLUDE][gone].savings_basis == round(10 * 1_000_000 / 12)
    assert by_rule[LeaversRule.INCLUDE][stay].savings_basis == 1_000_000


def test_month_end_sums_are_twelve_times_the_average(book: Book) -> None:
    with book.transaction() as s:
        m = add_members(s, 1)[0]
        save(s, m, "savings.wajib", 120_000, date(2025, 1, 31))
        save(s, m, "savings.wajib", 60_000, date(2025, 7, 1))
        wajib = member_figures.role_ids(s, ["savings.wajib"]).values()
        sums = member_figures.month_end_sums(s, wajib, 2025)
    assert sums[m] == 12 * 120_000 + 6 * 60_000


def test_distribution_moves_the_shu_to_funds_and_members(book: Book) -> None:
    me, other = _worked_example(book)
    rules = ShuRules().with_split(EXAMPLE_SPLIT)
    with book.transaction() as s:
        done = shu.distribute(s, 2025, on=RAT, rules=rules)
    with book.read() as s:
        entry = journal.get_entry(s, done.entry_id)
        tb = {r.code: r.balance for r in reports.trial_balance(s, RAT).rows}
        payable = reports.account_register(s, "shu.members_payable", member_id=me)
        assert shu.compute(s, 2025).rules == rules  # the applied rules are kept
    assert entry.source == "shu" and entry.date == RAT
    assert tb.get("3150", 0) == 0
    assert tb["3130"] == -24_000_000
    assert tb["2150"] == -(15_000_000 + 12_000_000)
    assert payable.closing == 1_240_000
    assert done.members == 2 and done.members_total == 27_000_000
    with pytest.raises(UserError, match="already distributed"), book.transaction() as s:
        shu.distribute(s, 2025, on=RAT, rules=rules)
    with pytest.raises(ValidationError, match="cannot be reopened"), book.transaction() as s:
        closing.reopen_year(s, 2025, reason="x")
    assert other


def test_distribution_date_must_follow_the_year(book: Book) -> None:
    _worked_example(book)
    with pytest.raises(UserError, match="later year"), book.transaction() as s:
        shu.distribute(s, 2025, on=date(2025, 12, 31))


def test_paying_out_in_cash_and_to_sukarela(book: Book) -> None:
    me, other = _worked_example(book)
    with book.transaction() as s:
        shu.distribute(s, 2025, on=RAT, rules=ShuRules().with_split(EXAMPLE_SPLIT))
        paid = shu.pay_out(s, 2025, to="sukarela", on=date(2026, 3, 21), member_nos=["A00001"])
    assert paid.members == 1 and paid.total == 1_240_000
    with pytest.raises(UserError, match="already paid"), book.transaction() as s:
        shu.pay_out(s, 2025, to="cash", on=date(2026, 3, 21), member_nos=["A00001"])
    with book.transaction() as s:
        rest = shu.pay_out(s, 2025, to="cash", on=date(2026, 3, 22))
    assert rest.members == 1 and rest.total == 27_000_000 - 1_240_000
    with book.read() as s:
        sukarela = reports.account_register(s, "savings.sukarela", member_id=me)
        payable = reports.account_register(s, "shu.members_payable")
        assert reports.account_register(s, "shu.members_payable", member_id=other).closing == 0
    assert sukarela.closing == 9_000_000 + 1_240_000
    assert payable.closing == 0


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12),
       st.lists(st.integers(min_value=0, max_value=10**10), min_size=1, max_size=30))
def test_whole_number_weights_share_exactly_like_fractions(total: int, weights: list[int]
                                                           ) -> None:
    """The SHU shares on whole-number weights (savings, or twelve month ends); money's integer
    path must give exactly what the Fraction path gives."""
    from coopdesk.money import largest_remainder

    if not any(weights):
        weights = [*weights, 1]
    assert largest_remainder(total, weights) == largest_remainder(
        total, [Fraction(w) for w in weights])


def test_a_supervisor_may_look_at_the_shu_but_not_distribute_it(book: Book) -> None:
    from coopdesk.access import Actor, Role
    from coopdesk.errors import PermissionDenied

    _worked_example(book)
    supervisor = Actor("pengawas", Role.PENGAWAS)
    with book.read(actor=supervisor) as s:
        assert shu.compute(s, 2025).pool == 60_000_000
    with pytest.raises(PermissionDenied), book.transaction(actor=supervisor) as s:
        shu.distribute(s, 2025, on=RAT)
    with pytest.raises(PermissionDenied), book.transaction(actor=supervisor) as s:
        shu_rules.save(s, ShuRules())
