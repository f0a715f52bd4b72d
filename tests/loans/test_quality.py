"""Arrears, kolektibilitas, the allowance and portfolio health — as of any date."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from coopdesk.book import Book
from coopdesk.errors import UserError, ValidationError
from coopdesk.ledger.loans import policy, quality, repayments, restructure, views
from coopdesk.ledger.loans.policy import Health, Kolektibilitas, Policy
from tests.loans.conftest import balances, fingerprint, new_loan

K = Kolektibilitas
P = Policy()


@pytest.mark.parametrize(("days", "collateral", "expected"), [
    (0, 0, K.LANCAR), (90, 0, K.LANCAR), (91, 0, K.KURANG_LANCAR),
    (180, 0, K.KURANG_LANCAR), (181, 750_000, K.DIRAGUKAN), (181, 749_999, K.MACET),
    (630, 1_000_000, K.DIRAGUKAN), (631, 1_000_000, K.MACET), (2_000, 0, K.MACET),
])
def test_kolektibilitas_at_the_boundaries(days: int, collateral: int,
                                          expected: Kolektibilitas) -> None:
    assert P.classify(days, 1_000_000, collateral) == expected


@pytest.mark.parametrize(("ratio", "grade"), [
    ("0", Health.SEHAT), ("5", Health.SEHAT), ("5.01", Health.CUKUP_SEHAT),
    ("10", Health.CUKUP_SEHAT), ("10.01", Health.KURANG_SEHAT), ("15", Health.KURANG_SEHAT),
    ("15.01", Health.TIDAK_SEHAT), ("100", Health.TIDAK_SEHAT),
])
def test_health_grade_at_the_boundaries(ratio: str, grade: Health) -> None:
    assert P.grade(Decimal(ratio)) == grade


def test_thresholds_are_the_cooperatives_settings(coop: Book) -> None:
    with coop.transaction() as s:
        policy.save_policy(s, Policy(kurang_lancar_days=30, diragukan_days=60, macet_days=90))
    loan = new_loan(coop)
    with coop.read() as s:  # first instalment due 28 Feb, unpaid: 45 days late on 14 April
        row = quality.arrears(s, date(2025, 4, 14))[0]
    assert row.days_past_due == 45 and row.kolektibilitas == K.KURANG_LANCAR
    with pytest.raises(ValidationError, match="must grow"), coop.transaction() as s:
        policy.save_policy(s, Policy(kurang_lancar_days=90, diragukan_days=60))
    del loan


def test_arrears_as_of_an_earlier_date_ignore_later_payments(coop: Book) -> None:
    loan = new_loan(coop)
    with coop.transaction() as s:
        repayments.repay(s, loan.id, 2_500_000, on=date(2025, 4, 30))
    with coop.read() as s:
        before = quality.arrears(s, date(2025, 4, 29))[0]
        after = quality.arrears(s, date(2025, 5, 1))[0]
    assert before.days_past_due == 60 and before.overdue_principal == 2_000_000
    assert before.principal_outstanding == 12_000_000
    assert before.penalty == 1_180 * (60 - 3) + 1_180 * (29 - 3)
    # 2.500.000 paid February and March in full (with their denda) and 39.700 of April's jasa.
    assert after.days_past_due == 1
    assert after.principal_outstanding == 10_000_000
    assert after.overdue_interest == 180_000 - 39_700


def test_loans_not_yet_paid_out_or_closed_are_not_in_the_portfolio(coop: Book) -> None:
    loan = new_loan(coop, principal=2_000_000, term=1)
    with coop.transaction() as s:
        repayments.repay(s, loan.id, 2_030_000, on=date(2025, 2, 28))
    with coop.read() as s:
        assert [r.loan_no for r in quality.arrears(s, date(2025, 2, 27))] == [loan.loan_no]
        assert quality.arrears(s, date(2025, 1, 30)) == []
        assert quality.arrears(s, date(2025, 2, 28)) == []


def _portfolio(coop: Book) -> None:
    """One good loan, one 100 days late (kurang lancar), one 199 days late without collateral
    (macet), one 199 days late fully covered by collateral (diragukan)."""
    good = new_loan(coop, principal=10_000_000, term=10, member="A001", on=date(2025, 1, 1))
    for i in range(1, 10):
        with coop.transaction() as s:
            due = date(2025, 1 + i, 1) if i < 12 else date(2026, 1, 1)
            repayments.repay(s, good.id, 1_150_000, on=due)
    new_loan(coop, principal=4_000_000, term=4, member="A002", on=date(2025, 6, 24))
    new_loan(coop, principal=2_000_000, term=2, member="A003", on=date(2025, 3, 14))
    new_loan(coop, product="Efektif", principal=1_000_000, term=1, member="A001",
             on=date(2025, 3, 14), collateral_value=5_000_000)


def test_quality_allowance_and_health_of_a_portfolio(coop: Book) -> None:
    _portfolio(coop)
    as_of = date(2025, 10, 30)
    with coop.read() as s:
        q, rows = quality.loan_quality(s, as_of)
    kinds = {(r.member_no, r.product): (r.principal_outstanding, r.days_past_due,
                                         r.kolektibilitas) for r in rows}
    assert kinds == {("A001", "Modal Usaha"): (1_000_000, 0, K.LANCAR),
                     ("A002", "Modal Usaha"): (4_000_000, 98, K.KURANG_LANCAR),
                     ("A003", "Modal Usaha"): (2_000_000, 199, K.MACET),
                     ("A001", "Efektif"): (1_000_000, 199, K.DIRAGUKAN)}
    by = {c.kolektibilitas: c for c in q.classes}
    assert by[K.LANCAR].outstanding == 1_000_000 and by[K.LANCAR].required == 5_000
    assert by[K.KURANG_LANCAR].required == 400_000
    assert by[K.DIRAGUKAN].base == 0 and by[K.DIRAGUKAN].required == 0  # covered by collateral
    assert by[K.MACET].required == 2_000_000
    assert q.problem_ratio == Decimal("87.50") and q.health == Health.TIDAK_SEHAT
    assert q.required == 2_405_000 and q.adjustment == 2_405_000


def test_the_allowance_entry_brings_the_books_to_what_is_required(coop: Book) -> None:
    _portfolio(coop)
    as_of = date(2025, 10, 30)
    with coop.transaction() as s:
        entry = quality.adjust_allowance(s, as_of)
    assert entry is not None
    assert balances(coop)["loans.allowance"] == -2_405_000
    assert balances(coop)["expense.allowance"] == 2_405_000
    with coop.transaction() as s:
        assert quality.adjust_allowance(s, as_of) is None
    # Writing off the macet loan uses the allowance; the next adjustment releases the rest.
    with coop.read() as s:
        macet = next(r for r in quality.arrears(s, as_of) if r.member_no == "A003")
    with coop.transaction() as s:
        restructure.write_off(s, macet.loan_id, reason="Pindah tanpa kabar", on=as_of)
    assert balances(coop)["loans.allowance"] == -405_000
    with coop.transaction() as s:
        assert quality.adjust_allowance(s, as_of) is None


def test_a_write_off_beyond_the_allowance_is_an_expense(coop: Book) -> None:
    loan = new_loan(coop, principal=3_000_000, term=3)
    with coop.transaction() as s:
        restructure.write_off(s, loan.id, reason="Bencana", on=date(2025, 12, 1))
    b = balances(coop)
    assert b["expense.allowance"] == 3_000_000 and "loans.receivable" not in b
    with coop.read() as s:
        assert views.get_loan(s, loan.id).written_off_amount == 3_000_000


def test_rescheduling_keeps_the_old_schedule_and_carries_arrears(coop: Book) -> None:
    loan = new_loan(coop)
    with coop.transaction() as s:
        repayments.repay(s, loan.id, 1_180_000, on=date(2025, 2, 28))
    on = date(2025, 5, 10)
    with coop.read() as s:
        late = quality.arrears(s, on)[0]
    entries_before = fingerprint(coop)[4]
    with coop.transaction() as s:
        restructure.reschedule(s, loan.id, term=20, reason="Panen gagal", on=on)
    with coop.read() as s:
        d = views.loan_detail(s, loan.id, on)
        after = quality.arrears(s, on)[0]
    old = [i for i in d.instalments if i.version == 1]
    new = d.current
    assert len(old) == 12 and all(i.superseded_on == on for i in old if i.no > 1)
    assert len(new) == 20 and sum(i.principal for i in new) == 11_000_000
    assert new[0].due_date == date(2025, 6, 10)
    # 11.000.000 × 1,5 % jasa, plus the March and April jasa still unpaid.
    assert new[0].interest == 165_000 + late.overdue_interest == 165_000 + 360_000
    assert new[0].penalty_due == late.penalty
    assert after.days_past_due == 0 and after.principal_outstanding == 11_000_000
    assert fingerprint(coop)[4] == entries_before  # no money moved: no journal entry
    with pytest.raises(UserError, match="reason"), coop.transaction() as s:
        restructure.reschedule(s, loan.id, term=10, reason="")


@pytest.mark.slow
def test_arrears_of_many_loans_stay_consistent_with_each_loan(coop: Book) -> None:
    ids = [new_loan(coop, principal=1_000_000 * (n + 1), term=6, member=f"A00{n % 3 + 1}",
                    on=date(2025, 1, 1) + timedelta(days=7 * n)).id for n in range(6)]
    with coop.transaction() as s:
        repayments.repay(s, ids[0], 300_000, on=date(2025, 3, 1))
    as_of = date(2025, 6, 1)
    with coop.read() as s:
        together = {r.loan_id: r for r in quality.arrears(s, as_of)}
        for loan_id in ids:
            alone = quality.arrears(s, as_of, loan_ids=[loan_id])[0]
            assert alone == together[loan_id]


def test_jasa_and_denda_owed_by_performing_loans_are_accrued_and_trued_up(coop: Book) -> None:
    from coopdesk.ledger.loans import accrual

    loan = new_loan(coop)  # first instalment due 28 Feb: 180.000 jasa, denda from 4 March
    month_end = date(2025, 3, 31)
    with coop.transaction() as s:
        entry = accrual.accrue_income(s, month_end)
    assert entry is not None
    b = balances(coop, month_end)
    # February's jasa and 28 days of denda (4–31 March on 1.180.000); March is due that day.
    assert b["loans.interest_receivable"] == 180_000
    assert b["loans.penalty_receivable"] == 28 * 1_180
    with coop.transaction() as s:
        assert accrual.accrue_income(s, month_end) is None
        repayments.repay(s, loan.id, 2_500_000, on=date(2025, 4, 10))
    with coop.transaction() as s:  # paid up by April's end: the receivables go back to zero
        accrual.accrue_income(s, date(2025, 4, 15))
    b = balances(coop, date(2025, 4, 15))
    assert "loans.interest_receivable" not in b and "loans.penalty_receivable" not in b


def test_loans_in_a_problem_class_accrue_nothing(coop: Book) -> None:
    from coopdesk.ledger.loans import accrual

    new_loan(coop)
    with coop.read() as s:
        a = accrual.accrual(s, date(2025, 8, 31))  # 184 days late: diragukan or worse
    assert a.interest_due == 0 and a.penalty_due == 0
