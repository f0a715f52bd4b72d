"""A member who leaves with a loan in arrears: the settlement deducts what the loans area says it
takes to pay the loan off that day — principal, the unpaid jasa (posted or not) and the denda —
and closes the loan there, in the one entry that pays the rest out."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.errors import UserError
from coopdesk.ledger import savings, savings_leave
from coopdesk.ledger.loans import accrual, lifecycle, quality, repayments, views
from tests.members.factories import deposit, member, row_counts, running_loan, saver_with_loan

LEFT = date(2025, 6, 15)  # instalments 2-4 (March to May) unpaid, the 5th due on 30 June


def _role_sum(book: Book, role: str, member_id: int | None = None) -> int:
    sql = ("SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN account a ON a.id = "
           "p.account_id WHERE a.role = :role")
    if member_id is not None:
        sql += " AND p.member_id = :m"
    with book.read() as s:
        return int(s.execute(text(sql), {"role": role, "m": member_id}).scalar_one())


@pytest.fixture
def borrower(book: Book) -> tuple[str, int, int]:
    return saver_with_loan(book)


def test_the_settlement_deducts_the_loans_own_payoff_figure(book: Book,
                                                          borrower: tuple[str, int, int]) -> None:
    no, _mid, loan_id = borrower
    with book.read() as s:
        preview = savings_leave.settlement(s, no, on=LEFT)
        quote = repayments.payoff_quote(s, loan_id, LEFT)
        late = quality.arrears(s, LEFT, loan_ids=[loan_id])[0]
    [owed] = preview.loans
    # What the loan's page asks to pay it off today, to the rupiah.
    assert (owed.principal, owed.interest, owed.penalty) == (
        quote.split.principal, quote.split.interest, quote.split.penalty)
    assert owed.principal == 1_100_000
    # Three instalments of jasa overdue, and the current one's by the "current" payoff rule.
    assert late.overdue_interest == 3 * 18_000 and owed.interest == 4 * 18_000
    assert owed.penalty == late.penalty > 0 and owed.days_late == late.days_past_due > 60
    assert preview.payout == 2_500_000 - owed.total
    assert [ln.amount for ln in preview.lines()] == [
        200_000, 100_000, 2_200_000, -1_100_000, -72_000, -owed.penalty]
    assert preview.problem is None


def test_leaving_pays_the_rest_and_the_loan_is_paid_off_in_the_loans_area(
        book: Book, borrower: tuple[str, int, int]) -> None:
    no, mid, loan_id = borrower
    with book.transaction() as s:  # the period end booked jasa due but not yet paid
        assert accrual.accrue_income(s, date(2025, 5, 31)) is not None
    cash_before = _role_sum(book, "cash")
    with book.transaction() as s:
        done = savings_leave.leave(s, no, on=LEFT, reason="pindah kota")
    s_ = done.settlement
    [owed] = s_.loans
    assert done.receipt is not None and done.receipt.total == s_.payout
    assert [(ln.label, ln.amount) for ln in done.receipt.lines] == [
        (ln.label, ln.amount) for ln in s_.lines()]
    assert "jasa" in done.receipt.lines[4].label
    assert _role_sum(book, "cash") == cash_before - s_.payout
    assert _role_sum(book, "loans.receivable", mid) == 0
    assert -_role_sum(book, "income.penalty", mid) == owed.penalty
    with book.read() as s:
        assert savings.balances(s, mid).total == 0
        loan = views.get_loan(s, loan_id)
        assert (loan.status, loan.closed_on, loan.outstanding) == ("closed", LEFT, 0)
        assert quality.arrears(s, LEFT, loan_ids=[loan_id]) == []
        payoff = views.loan_detail(s, loan_id, LEFT).events[-1]
        assert (payoff.kind, payoff.amount, payoff.receipt_no) == (
            "payoff", owed.total, done.receipt.number)
        with pytest.raises(UserError, match="paid off"):
            repayments.payoff_quote(s, loan_id, LEFT)
    with book.transaction() as s:  # the next period end takes the accrued jasa back out
        accrual.accrue_income(s, date(2025, 6, 30))
    assert _role_sum(book, "loans.interest_receivable") == 0
    assert -_role_sum(book, "income.loan_interest") == 18_000 + owed.interest  # counted once


def test_a_member_who_owes_more_than_saved_is_told_the_difference(book: Book) -> None:
    m = member(book)
    deposit(book, m.member_no, "pokok", 200_000, date(2025, 1, 6))
    loan = running_loan(book, m.member_no)
    with book.read() as s:
        preview = savings_leave.settlement(s, m.member_no, on=LEFT)
    short = preview.loans[0].total - 200_000
    assert preview.payout == -short
    assert preview.problem and "must be paid first" in preview.problem
    before = row_counts(book)
    with pytest.raises(UserError, match="must be paid first"), book.transaction() as s:
        savings_leave.leave(s, m.member_no, on=LEFT, reason="x")
    assert row_counts(book) == before
    with book.read() as s:
        assert views.get_loan(s, loan.id).status == "active"


def test_an_open_loan_application_must_be_closed_first(book: Book) -> None:
    m = member(book)
    deposit(book, m.member_no, "sukarela", 900_000, date(2025, 1, 6))
    running_loan(book, m.member_no)
    with book.transaction() as s:
        lifecycle.apply_for_loan(s, member_no=m.member_no, product="Modal Usaha",
                                 principal=500_000, term=5, applied_on=date(2025, 3, 1))
    with pytest.raises(UserError, match="application open"), book.transaction() as s:
        savings_leave.leave(s, m.member_no, on=LEFT, reason="x")


def test_leaving_cannot_be_dated_before_the_loans_last_transaction(
        book: Book, borrower: tuple[str, int, int]) -> None:
    no, _mid, _loan = borrower
    with pytest.raises(UserError, match="already has a transaction"), book.transaction() as s:
        savings_leave.leave(s, no, on=date(2025, 2, 20), reason="x")


def test_the_payoff_inside_a_settlement_is_not_cancelled_from_the_loan(
        book: Book, borrower: tuple[str, int, int]) -> None:
    """Reversing the settlement's entry from the loan page would pay the savings back in too,
    while the member stayed 'keluar': the loan page refuses and names the transaction."""
    no, _mid, loan_id = borrower
    with book.transaction() as s:
        savings_leave.leave(s, no, on=LEFT, reason="pindah kota")
    with book.read() as s:
        payoff = views.loan_detail(s, loan_id, LEFT).events[-1]
        problem = repayments.cancel_problem(s, payoff.id)
        loan_no = views.get_loan(s, loan_id).loan_no
        entry = s.execute(text(
            "SELECT e.id FROM journal_entry e JOIN loan_event v ON v.entry_id = e.id "
            "WHERE v.id = :id"), {"id": payoff.id}).scalar_one()
        memos = s.execute(text(
            "SELECT a.role, p.memo FROM posting p JOIN account a ON a.id = p.account_id "
            "WHERE p.entry_id = :e AND (a.role LIKE 'income.%' OR a.role = 'loans.receivable')"),
            {"e": entry}).all()
    assert problem is not None and "part of another transaction" in problem
    assert memos and all(memo == loan_no for _role, memo in memos)  # each line names its loan
    before = row_counts(book)
    with pytest.raises(UserError, match="part of another transaction"), \
            book.transaction() as s:
        repayments.reverse_repayment(s, payoff.id, reason="salah", on=LEFT)
    assert row_counts(book) == before


def test_a_loan_is_not_marked_paid_by_an_entry_without_its_payoff_lines(
        book: Book, borrower: tuple[str, int, int]) -> None:
    """The guard behind record_payoff_in_entry: a loan closed while the books still hold its
    receivable would be a silent error in every later statement."""
    from coopdesk.ledger import journal
    from coopdesk.ledger.journal import credit, debit

    _no, _mid, loan_id = borrower
    before = row_counts(book)
    with pytest.raises(ValueError, match="does not carry the payoff"), \
            book.transaction() as s:
        plan = repayments.plan_payoff_in_entry(s, loan_id, LEFT)
        wrong = journal.post_entry(s, date=LEFT, memo="not the payoff", lines=[
            debit("cash", plan.quote.split.principal),
            credit("loans.receivable", plan.quote.split.principal)])
        repayments.record_payoff_in_entry(s, plan, wrong, receipt_no=None, note="x")
    assert row_counts(book) == before
    with book.read() as s:
        assert views.get_loan(s, loan_id).status == "active"


def _write_off(book: Book, loan_id: int) -> int:
    from coopdesk.ledger.loans import restructure

    with book.transaction() as s:
        return restructure.write_off(s, loan_id, reason="macet",
                                     on=date(2025, 5, 1)).written_off_amount


def test_a_written_off_loan_is_recovered_from_the_savings_on_leaving(
        book: Book, borrower: tuple[str, int, int]) -> None:
    """A write-off is the books' view, not a pardon: the member still owes it, and leaving with
    Rp2.500.000 saved while owing Rp1.100.000 written off pays out only the difference."""
    no, mid, loan_id = borrower
    with book.read() as s:
        owed = views.get_loan(s, loan_id).outstanding
    _write_off(book, loan_id)
    with book.read() as s:
        preview = savings_leave.settlement(s, no, on=LEFT)
    [w] = preview.written_off
    assert (w.still_owed, w.taken, w.left) == (owed, owed, 0) and owed == 1_100_000
    assert preview.payout == 2_500_000 - owed and preview.problem is None
    assert preview.lines()[-1].amount == -owed and "written-off" in preview.lines()[-1].label
    income_before = _role_sum(book, "income.recoveries", mid)
    with book.transaction() as s:
        done = savings_leave.leave(s, no, on=LEFT, reason="pindah kota")
    assert done.receipt is not None and done.receipt.total == 2_500_000 - owed
    assert _role_sum(book, "income.recoveries", mid) - income_before == -owed
    with book.read() as s:
        loan = views.get_loan(s, loan_id)
        assert (loan.recovered, loan.written_off_amount) == (owed, owed)
        event = views.loan_detail(s, loan_id, LEFT).events[-1]
        assert (event.kind, event.amount, event.receipt_no) == (
            "recovery", owed, done.receipt.number)
        assert savings.balances(s, mid).total == 0


def test_savings_short_of_a_written_off_debt_cover_what_they_can(book: Book) -> None:
    """The member may leave: the savings go to the debt, nothing is paid out, and the rest
    stays written off, which the preview says."""
    m = member(book)
    deposit(book, m.member_no, "pokok", 200_000, date(2025, 1, 6))
    deposit(book, m.member_no, "wajib", 100_000, date(2025, 1, 10))
    loan = running_loan(book, m.member_no)
    owed = _write_off(book, loan.id)
    with book.read() as s:
        preview = savings_leave.settlement(s, m.member_no, on=LEFT)
    assert preview.problem is None and preview.payout == 0
    assert preview.still_written_off == owed - 300_000
    assert any("stays written off" in note for note in preview.notes())
    with book.transaction() as s:
        done = savings_leave.leave(s, m.member_no, on=LEFT, reason="merantau")
    assert done.receipt is None  # nothing paid out
    with book.read() as s:
        assert views.get_loan(s, loan.id).recovered == 300_000
        assert savings.balances(s, m.id).total == 0
    assert -_role_sum(book, "income.recoveries", m.id) == 300_000
