"""Repayments: how a payment is split, what is refused, early payoff, and undoing a mistake.

The loan in most stories: Rp12.000.000 "Modal Usaha" (flat 1,5 %, denda 0,1 % a day after 3 days
of grace), paid out 31 January 2025: 12 instalments of 1.000.000 principal + 180.000 jasa, due
28 Feb, 31 Mar, 30 Apr, ... 2025.
"""

from __future__ import annotations

from datetime import date

import pytest

from coopdesk.book import Book
from coopdesk.errors import UserError
from coopdesk.ledger import journal, receipts
from coopdesk.ledger.loans import repayments, restructure, views
from tests.loans.conftest import balances, fingerprint, new_loan

FEB, MAR, APR = date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)


def _repay(book: Book, loan_id: int, amount: int, on: date,
           excess: str = "refuse") -> repayments.Repayment:
    with book.transaction() as s:
        return repayments.repay(s, loan_id, amount, on=on, excess=excess)


def _lines(book: Book, r: repayments.Repayment) -> list[tuple[str, int, bool]]:
    with book.read() as s:
        entry = journal.get_entry(s, r.entry_id)
    return [(ln.account_code, ln.amount, ln.member_id is not None) for ln in entry.lines]


def test_a_partial_payment_pays_jasa_before_principal(coop: Book) -> None:
    loan = new_loan(coop)
    r = _repay(coop, loan.id, 400_000, FEB)
    assert (r.penalty, r.interest, r.principal) == (0, 180_000, 220_000)
    assert _lines(coop, r) == [("1101", 400_000, False), ("4101", -180_000, True),
                               ("1120", -220_000, True)]


def test_a_late_payment_pays_denda_first_then_jasa_then_principal(coop: Book) -> None:
    loan = new_loan(coop)
    # Due 28 Feb, grace to 3 Mar: 4–10 March is 7 days × 0,1 % × 1.180.000 = 8.260.
    r = _repay(coop, loan.id, 1_188_260, date(2025, 3, 10))
    assert (r.penalty, r.interest, r.principal) == (8_260, 180_000, 1_000_000)
    with coop.read() as s:
        first = views.loan_detail(s, loan.id, date(2025, 3, 10)).current[0]
    assert first.settled_on == date(2025, 3, 10)


def test_paying_within_the_grace_period_costs_no_denda(coop: Book) -> None:
    loan = new_loan(coop)
    r = _repay(coop, loan.id, 1_180_000, date(2025, 3, 3))
    assert r.penalty == 0 and r.principal == 1_000_000


def test_one_payment_covers_several_instalments_oldest_first(coop: Book) -> None:
    loan = new_loan(coop)
    # On 30 April: Feb (61 days late), Mar (30) and Apr (due today) are payable.
    with coop.read() as s:
        p = repayments.preview_repayment(s, loan.id, 3_600_000, APR)
    assert [a.no for a in p.split.allocations] == [1, 2, 3]
    feb, mar, apr = p.split.allocations
    assert feb.penalty == 1_180 * (61 - 3) and mar.penalty == 1_180 * (30 - 3)
    assert (feb.interest, feb.principal, mar.interest, mar.principal) == (
        180_000, 1_000_000, 180_000, 1_000_000)
    assert apr.penalty == 0 and apr.interest == 180_000
    assert apr.principal == 3_600_000 - feb.total - mar.total - 180_000
    r = _repay(coop, loan.id, 3_600_000, APR)
    assert r.principal == 2_000_000 + apr.principal


def test_component_mode_pays_every_penalty_and_jasa_before_any_principal(coop: Book) -> None:
    from decimal import Decimal

    from coopdesk.ledger.loans import products
    from coopdesk.ledger.loans.products import Terms
    from coopdesk.ledger.loans.schedule import Method

    with coop.transaction() as s:
        products.add_product(s, "Vertikal", Terms(Method.FLAT, Decimal("1.5"), penalty_rate=
                                                  Decimal("0.1"), grace_days=3,
                                                  allocation_mode="component"))
    loan = new_loan(coop, product="Vertikal")
    with coop.read() as s:
        p = repayments.preview_repayment(s, loan.id, 900_000, APR)
    by_no = {a.no: a for a in p.split.allocations}
    assert (by_no[1].penalty, by_no[2].penalty) == (68_440, 31_860)
    assert by_no[1].interest == by_no[2].interest == by_no[3].interest == 180_000
    assert (by_no[1].principal, by_no[2].principal, by_no[3].principal) == (259_700, 0, 0)
    assert 4 not in by_no  # May is not payable on 30 April: April is the current instalment


def test_an_overpayment_is_refused_unless_the_member_saves_it(coop: Book) -> None:
    loan = new_loan(coop)
    before = fingerprint(coop)
    with pytest.raises(UserError, match="more than can be paid") as info:
        _repay(coop, loan.id, 2_000_000, date(2025, 2, 20))
    assert "Rp820,000" in str(info.value)
    assert fingerprint(coop) == before
    r = _repay(coop, loan.id, 2_000_000, date(2025, 2, 20), excess="savings")
    assert (r.interest, r.principal, r.to_savings) == (180_000, 1_000_000, 820_000)
    assert ("2101", -820_000, True) in _lines(coop, r)
    with coop.read() as s:
        receipt = receipts.get_receipt(s, r.receipt_id)
    assert [ln.amount for ln in receipt.lines] == [180_000, 1_000_000, 820_000]


@pytest.mark.parametrize("amount", [0, -50_000])
def test_zero_or_negative_amounts_are_refused(coop: Book, amount: int) -> None:
    loan = new_loan(coop)
    before = fingerprint(coop)
    with pytest.raises(UserError, match="more than zero"):
        _repay(coop, loan.id, amount, FEB)
    assert fingerprint(coop) == before


def test_repaying_a_closed_loan_is_refused(coop: Book) -> None:
    loan = new_loan(coop, principal=2_000_000, term=1)
    _repay(coop, loan.id, 2_030_000, FEB)
    before = fingerprint(coop)
    with pytest.raises(UserError, match="paid off on"):
        _repay(coop, loan.id, 10_000, MAR)
    assert fingerprint(coop) == before


def test_a_repayment_cannot_be_dated_before_the_last_one(coop: Book) -> None:
    loan = new_loan(coop)
    _repay(coop, loan.id, 1_180_000, MAR)
    with pytest.raises(UserError, match="already has a transaction"):
        _repay(coop, loan.id, 100_000, FEB)
    with pytest.raises(UserError, match="cannot be earlier"):
        _repay(coop, loan.id, 100_000, date(2025, 1, 1))


def test_a_fixed_penalty_is_charged_once_per_late_instalment(coop: Book) -> None:
    loan = new_loan(coop, product="Anuitas", principal=10_000_000, term=10)
    with coop.read() as s:
        first = views.loan_detail(s, loan.id).current[0]
        on_time = repayments.preview_repayment(s, loan.id, first.amount,
                                               date(2025, 3, 5))  # 5 days of grace
        late = repayments.preview_repayment(s, loan.id, first.amount, date(2025, 4, 20))
    assert on_time.split.penalty == 0
    assert late.arrears.penalty == 2 * 10_000  # Feb and Mar both past their grace
    assert late.split.penalty == 10_000  # the payment reaches only February


# --- early payoff ------------------------------------------------------------------------------


@pytest.mark.parametrize(("rule", "jasa"), [("current", 2 * 180_000), ("due", 180_000),
                                             ("all", 11 * 180_000)])
def test_payoff_charges_jasa_by_the_products_rule(coop: Book, rule: str, jasa: int) -> None:
    from decimal import Decimal

    from coopdesk.ledger.loans import products
    from coopdesk.ledger.loans.products import Terms
    from coopdesk.ledger.loans.schedule import Method

    with coop.transaction() as s:
        products.add_product(s, f"Lunas {rule}", Terms(Method.FLAT, Decimal("1.5"),
                                                       penalty_mode="none", payoff_rule=rule))
    loan = new_loan(coop, product=f"Lunas {rule}")
    _repay(coop, loan.id, 1_180_000, FEB)
    mid_april = date(2025, 4, 15)
    with coop.read() as s:  # 31 March is due and unpaid; 30 April is the current instalment
        quote = repayments.payoff_quote(s, loan.id, mid_april)
    assert quote.split.principal == 11_000_000 and quote.split.interest == jasa
    assert quote.waived == 11 * 180_000 - jasa
    with coop.transaction() as s:
        r = repayments.pay_off(s, loan.id, on=mid_april)
    assert r.closed and r.amount == 11_000_000 + jasa and r.waived == quote.waived
    assert "loans.receivable" not in balances(coop)


def test_payoff_is_the_loans_last_transaction(coop: Book) -> None:
    loan = new_loan(coop)
    with coop.transaction() as s:
        repayments.pay_off(s, loan.id, on=MAR)
    with pytest.raises(UserError, match="paid off"), coop.transaction() as s:
        repayments.payoff_quote(s, loan.id, APR)


# --- undoing a repayment ---------------------------------------------------------------------


def test_cancelling_the_latest_repayment_restores_the_loan_and_voids_the_receipt(
        coop: Book) -> None:
    loan = new_loan(coop, principal=2_000_000, term=1)
    r = _repay(coop, loan.id, 2_030_000, FEB)
    assert r.closed
    with coop.transaction() as s:
        repayments.reverse_repayment(s, r.event_id, reason="Salah ketik")
    with coop.read() as s:
        again = views.get_loan(s, loan.id)
        receipt = receipts.get_receipt(s, r.receipt_id)
        entry = journal.get_entry(s, r.entry_id)
    assert again.status == "active" and again.outstanding == 2_000_000
    assert receipt.void and entry.reversed_by_id is not None
    assert "loans.receivable" in balances(coop)
    again_paid = _repay(coop, loan.id, 2_030_000, FEB)
    assert again_paid.closed
    with pytest.raises(UserError, match="already cancelled"), coop.transaction() as s:
        repayments.reverse_repayment(s, r.event_id, reason="lagi")


def test_only_the_latest_repayment_can_be_cancelled(coop: Book) -> None:
    loan = new_loan(coop)
    first = _repay(coop, loan.id, 1_180_000, FEB)
    _repay(coop, loan.id, 1_180_000, MAR)
    with pytest.raises(UserError, match="latest"), coop.transaction() as s:
        repayments.reverse_repayment(s, first.event_id, reason="x")


def test_a_written_off_loan_takes_recoveries_not_repayments(coop: Book) -> None:
    loan = new_loan(coop, principal=3_000_000, term=3)
    with coop.transaction() as s:
        restructure.write_off(s, loan.id, reason="Meninggal dunia", on=date(2025, 12, 31))
    with pytest.raises(UserError, match="recovery"):
        _repay(coop, loan.id, 100_000, date(2026, 1, 5))
    with coop.transaction() as s:
        rec = restructure.recover(s, loan.id, 500_000, on=date(2026, 2, 1))
    assert rec.outstanding == 2_500_000
    b = balances(coop)
    assert b["income.recoveries"] == -500_000 and "loans.receivable" not in b
    with pytest.raises(UserError, match="still written off"), coop.transaction() as s:
        restructure.recover(s, loan.id, 2_600_000, on=date(2026, 2, 2))
