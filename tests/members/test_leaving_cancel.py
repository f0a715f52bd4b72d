"""A leaving recorded by mistake (the wrong member chosen, a member who changed their mind) is
cancelled as a whole: the settlement's entry reversed, its receipt voided, every loan it paid off
or recovered as it was before, and the member a member again — or, when something stands in the
way, nothing changes and the treasurer is told what."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.errors import UserError
from coopdesk.ledger import receipts, reports, savings, savings_leave
from coopdesk.ledger.loans import repayments, restructure, views
from tests.members.factories import deposit, member, row_counts, running_loan, saver_with_loan

LEFT = date(2025, 6, 15)
UNDONE = date(2025, 6, 20)


def _state(book: Book, no: str, mid: int, loan_id: int) -> dict[str, Any]:
    """Everything a leaving changes, as the pages show it."""
    with book.read() as s:
        detail = views.loan_detail(s, loan_id, UNDONE)
        loan = detail.loan
        status, left_on = s.execute(text(
            "SELECT status, left_on FROM member WHERE id = :m"), {"m": mid}).one()
        return {
            "member": (status, left_on),
            "savings": savings.balances(s, mid),
            "loan": (loan.status, loan.principal_paid, loan.closed_on, loan.recovered),
            "instalments": detail.current,
            "balanced": reports.trial_balance(s, UNDONE).balanced,
        }


def _cash(book: Book) -> int:
    with book.read() as s:
        return int(s.execute(text(
            "SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN account a "
            "ON a.id = p.account_id WHERE a.role = 'cash'")).scalar_one())


def test_cancelling_a_leaving_puts_the_savings_the_loan_and_the_member_back(book: Book) -> None:
    no, mid, loan_id = saver_with_loan(book)
    before, cash_before = _state(book, no, mid, loan_id), _cash(book)
    with book.transaction() as s:
        done = savings_leave.leave(s, no, on=LEFT, reason="salah pilih anggota")
    assert done.receipt is not None
    left = _state(book, no, mid, loan_id)
    assert left["member"][0] == "keluar" and left["loan"][0] == "closed"
    assert left["savings"].total == 0

    with book.read() as s:
        plan = savings_leave.leaving_undo(s, no, on=UNDONE)
    assert plan.problem is None and plan.loans == (views_loan_no(book, loan_id),)
    assert plan.payout == done.receipt.total and plan.savings_back == 2_500_000

    with book.transaction() as s:
        undone = savings_leave.cancel_leaving(s, no, reason="salah pilih anggota", on=UNDONE)
    after = _state(book, no, mid, loan_id)
    assert after == before | {"member": ("anggota", None)}
    assert _cash(book) == cash_before  # the payout came back to the till
    with book.read() as s:
        receipt = receipts.get_receipt(s, done.receipt.id)
        assert receipt.void and receipt.void_entry_id == undone.reversal_id
        payoff = views.loan_detail(s, loan_id, UNDONE).events[-1]
        assert payoff.kind == "payoff" and payoff.reversed_on == UNDONE
    # The loan runs again as if the leaving never happened: a repayment is taken, and the
    # member may leave again later, settled afresh.
    with book.transaction() as s:
        assert repayments.repay(s, loan_id, 100_000, on=UNDONE).principal > 0
    with book.transaction() as s:
        again = savings_leave.leave(s, no, on=UNDONE, reason="pindah kota")
    assert again.receipt is not None and again.receipt.id != done.receipt.id


def views_loan_no(book: Book, loan_id: int) -> str:
    with book.read() as s:
        return views.get_loan(s, loan_id).loan_no


def test_a_recovery_taken_on_leaving_is_no_longer_counted(book: Book) -> None:
    no, mid, loan_id = saver_with_loan(book)
    with book.transaction() as s:
        owed = restructure.write_off(s, loan_id, reason="macet",
                                     on=date(2025, 5, 1)).written_off_amount
    with book.transaction() as s:
        savings_leave.leave(s, no, on=LEFT, reason="merantau")
    with book.read() as s:
        assert views.get_loan(s, loan_id).recovered == owed
    with book.transaction() as s:
        savings_leave.cancel_leaving(s, no, reason="belum jadi merantau", on=UNDONE)
    with book.read() as s:
        loan = views.get_loan(s, loan_id)
        assert (loan.status, loan.recovered) == ("written_off", 0)
        assert savings.balances(s, mid).total == 2_500_000
        assert reports.trial_balance(s, UNDONE).balanced


def test_a_member_who_left_with_nothing_is_simply_a_member_again(book: Book) -> None:
    m = member(book)
    with book.transaction() as s:
        done = savings_leave.leave(s, m.member_no, on=LEFT, reason="salah")
    assert done.entry_id is None
    entries = row_counts(book)[0]
    with book.transaction() as s:
        savings_leave.cancel_leaving(s, m.member_no, reason="salah pilih", on=UNDONE)
    with book.read() as s:
        assert savings.member(s, m.member_no).status == "anggota"
    assert row_counts(book)[0] == entries  # no money moved either way


@pytest.mark.parametrize("case", ["not left", "no reason", "before the leaving"])
def test_what_stands_in_the_way_is_said_and_nothing_changes(book: Book, case: str) -> None:
    no, _mid, _loan_id = saver_with_loan(book)
    if case != "not left":
        with book.transaction() as s:
            savings_leave.leave(s, no, on=LEFT, reason="pindah")
    reason = "  " if case == "no reason" else "salah"
    on = date(2025, 6, 1) if case == "before the leaving" else UNDONE
    expected = {"not left": "has not left", "no reason": "Say why",
                "before the leaving": "cannot be cancelled on an earlier day"}[case]
    before = row_counts(book)
    with pytest.raises(UserError, match=expected), book.transaction() as s:
        savings_leave.cancel_leaving(s, no, reason=reason, on=on)
    assert row_counts(book) == before


def test_a_loan_with_a_later_transaction_holds_the_cancellation_back(book: Book) -> None:
    """Savings short of a written-off debt: the leaving recovers what they hold, and money
    received for the loan later must be cancelled on the loan first."""
    m = member(book)
    deposit(book, m.member_no, "pokok", 200_000, date(2025, 1, 6))
    loan = running_loan(book, m.member_no)
    with book.transaction() as s:
        restructure.write_off(s, loan.id, reason="macet", on=date(2025, 5, 1))
    with book.transaction() as s:
        savings_leave.leave(s, m.member_no, on=LEFT, reason="merantau")
    with book.transaction() as s:
        restructure.recover(s, loan.id, 50_000, on=UNDONE)
    with book.read() as s:
        plan = savings_leave.leaving_undo(s, m.member_no, on=UNDONE)
        loan_no = views.get_loan(s, loan.id).loan_no
    assert plan.problem is not None and loan_no in plan.problem
    before = row_counts(book)
    with pytest.raises(UserError, match="has a transaction after"), book.transaction() as s:
        savings_leave.cancel_leaving(s, m.member_no, reason="salah", on=UNDONE)
    assert row_counts(book) == before
