"""Voiding a receipt: see first what it does, then a reversing entry; the receipt stays, BATAL.
Receipts whose area keeps its own records are voided there; a void never leaves savings below
zero."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from coopdesk.access import Actor, Role
from coopdesk.book import Book
from coopdesk.errors import PermissionDenied, UserError
from coopdesk.ledger import journal, receipts, savings, savings_leave
from coopdesk.ledger.loans import repayments
from tests.members.factories import member, running_loan

D = date(2025, 3, 10)


def _move(book: Book, no: str, amount: int, *, out: bool = False,
          kind: savings.Kind = "sukarela") -> savings.Movement:
    with book.transaction() as s:
        if out:
            return savings.withdraw(s, member_no=no, kind=kind, amount=amount, on=D)
        return savings.deposit(s, member_no=no, kind=kind, amount=amount, on=D)


def _entries(book: Book) -> int:
    with book.read() as s:
        return int(s.execute(text("SELECT COUNT(*) FROM journal_entry")).scalar_one())


def test_the_preview_shows_the_balance_before_and_after(book: Book) -> None:
    m = member(book)
    _move(book, m.member_no, 300_000)
    paid = _move(book, m.member_no, 200_000)
    with book.read() as s:
        p = receipts.preview_void(s, paid.receipt.id, on=date(2025, 4, 1))
    assert p.problem is None and p.reverses and p.on == date(2025, 4, 1)
    assert [(c.member_no, c.before, c.after) for c in p.changes] == [
        (m.member_no, 500_000, 300_000)]
    assert "sukarela" in p.changes[0].account.lower()
    entries = _entries(book)
    with book.transaction() as s:
        v = receipts.void_receipt(s, paid.receipt.id, reason="salah jumlah", on=date(2025, 4, 1))
    assert v.void and v.number == paid.receipt.number and _entries(book) == entries + 1
    with book.read() as s:
        reversal = journal.get_entry(s, v.void_entry_id or 0)
        assert reversal.date == date(2025, 4, 1) and reversal.reverses_id == paid.entry_id
        assert savings.balances(s, m.id).sukarela == 300_000


def test_money_taken_out_since_must_be_voided_first(book: Book) -> None:
    m = member(book)
    paid = _move(book, m.member_no, 200_000)
    taken = _move(book, m.member_no, 150_000, out=True)
    with book.read() as s:
        assert "payment out first" in (receipts.preview_void(s, paid.receipt.id).problem or "")
    entries = _entries(book)
    with pytest.raises(UserError, match="payment out first"), book.transaction() as s:
        receipts.void_receipt(s, paid.receipt.id, reason="x")
    assert _entries(book) == entries
    with book.transaction() as s:
        receipts.void_receipt(s, taken.receipt.id, reason="tidak jadi")
        receipts.void_receipt(s, paid.receipt.id, reason="tidak jadi")
    with book.read() as s:
        assert savings.balances(s, m.id).sukarela == 0


def test_a_void_is_not_dated_before_its_receipt(book: Book) -> None:
    m = member(book)
    paid = _move(book, m.member_no, 10_000)
    with pytest.raises(UserError, match="earlier day"), book.transaction() as s:
        receipts.void_receipt(s, paid.receipt.id, reason="x", on=date(2025, 3, 9))


def test_loan_and_settlement_receipts_are_voided_by_their_own_area(book: Book) -> None:
    m = member(book)
    _move(book, m.member_no, 2_000_000)
    loan = running_loan(book, m.member_no)
    with book.transaction() as s:
        paid = repayments.repay(s, loan.id, 118_000, on=date(2025, 2, 28))
    with pytest.raises(UserError, match="Pinjaman"), book.transaction() as s:
        receipts.void_receipt(s, paid.receipt_id, reason="x")
    with book.transaction() as s:  # the loans area's cancel voids its receipt itself
        repayments.reverse_repayment(s, paid.event_id, reason="salah input")
        assert receipts.get_receipt(s, paid.receipt_id).void
    with book.transaction() as s:
        left = savings_leave.leave(s, m.member_no, on=date(2025, 3, 15), reason="pindah")
    assert left.receipt is not None
    with pytest.raises(UserError, match="leaving"), book.transaction() as s:
        receipts.void_receipt(s, left.receipt.id, reason="x")


def test_voiding_needs_the_right_to_move_money(book: Book) -> None:
    m = member(book)
    paid = _move(book, m.member_no, 10_000)
    with pytest.raises(PermissionDenied), book.transaction(Actor("op", Role.OPERATOR)) as s:
        receipts.void_receipt(s, paid.receipt.id, reason="x")
    with book.read() as s:
        assert not receipts.get_receipt(s, paid.receipt.id).void
