"""Receipts: gapless numbers, the entry's cash as the total, void by reversal, never deleted."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from coopdesk.book import Book
from coopdesk.errors import UserError, ValidationError
from coopdesk.i18n import format_money
from coopdesk.ledger import journal, receipts, receipts_pdf
from coopdesk.ledger.journal import credit, debit
from coopdesk.ledger.receipts import ReceiptLine
from coopdesk.members.models import Member
from coopdesk.pdf import Letterhead

D = date(2025, 3, 3)


def _member(book: Book, no: str = "A00001", name: str = "Siti Rahayu") -> int:
    with book.transaction() as s:
        m = Member(member_no=no, name=name, status="anggota", migrant_status="none")
        s.add(m)
        s.flush()
        return m.id


def _deposit(book: Book, member_id: int, amount: int, on: date = D, **kw: object
             ) -> receipts.Receipt:
    with book.transaction() as s:
        e = journal.post_entry(s, date=on, memo="setor", lines=[
            debit("cash", amount), credit("savings.sukarela", amount, member_id=member_id)])
        return receipts.issue_receipt(s, e.id, kind="savings.deposit",
                                      title="Simpanan sukarela", **kw)  # type: ignore[arg-type]


def _count(book: Book, table: str) -> int:
    with book.read() as s:
        return int(s.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_numbers_are_gapless_per_year_and_the_total_is_the_cash(book: Book) -> None:
    mid = _member(book)
    a = _deposit(book, mid, 150_000)
    b = _deposit(book, mid, 1_001_000)
    c = _deposit(book, mid, 5_000, on=date(2026, 1, 2))
    assert [a.number, b.number, c.number] == ["KW/2025/000001", "KW/2025/000002",
                                              "KW/2026/000001"]
    assert (b.total, b.direction, b.member_no) == (1_001_000, "in", "A00001")
    assert b.party == "Siti Rahayu (A00001)"
    assert b.words == "satu juta seribu rupiah"
    assert b.lines == (ReceiptLine("Simpanan sukarela", 1_001_000),)


def test_a_payment_out_is_direction_out(book: Book) -> None:
    mid = _member(book)
    _deposit(book, mid, 500_000)
    with book.transaction() as s:
        e = journal.post_entry(s, date=D, memo="tarik", lines=[
            debit("savings.sukarela", 200_000, member_id=mid), credit("cash", 200_000)])
        r = receipts.issue_receipt(s, e.id, kind="savings.withdraw", title="Tarik")
    assert (r.direction, r.total) == ("out", 200_000)


def test_lines_show_the_split_and_must_add_up(book: Book) -> None:
    mid = _member(book)
    with book.transaction() as s:
        e = journal.post_entry(s, date=D, memo="angsuran", lines=[
            debit("cash", 265_000), credit("loans.receivable", 250_000, member_id=mid),
            credit("income.loan_interest", 15_000, member_id=mid)])
        entry_id = e.id
    before = _count(book, "receipt"), _count(book, "audit_log")
    with pytest.raises(ValidationError, match="add up"), book.transaction() as s:
        receipts.issue_receipt(s, entry_id, kind="loan.repayment", title="Angsuran",
                               lines=[ReceiptLine("Pokok", 250_000), ReceiptLine("Jasa", 10_000)])
    assert (_count(book, "receipt"), _count(book, "audit_log")) == before
    with book.transaction() as s:
        r = receipts.issue_receipt(s, entry_id, kind="loan.repayment", title="Angsuran",
                                   lines=[ReceiptLine("Pokok", 250_000),
                                          ReceiptLine("Jasa", 15_000)])
    assert r.number == "KW/2025/000001"  # the refused attempt took no number
    assert [ln.amount for ln in r.lines] == [250_000, 15_000]
    with pytest.raises(UserError, match="already has receipt"), book.transaction() as s:
        receipts.issue_receipt(s, entry_id, kind="loan.repayment", title="again")


def test_an_entry_without_cash_needs_direction_and_lines(book: Book) -> None:
    mid = _member(book)
    _deposit(book, mid, 500_000)
    with book.transaction() as s:
        e = journal.post_entry(s, date=D, memo="potong simpanan", lines=[
            debit("savings.sukarela", 100_000, member_id=mid),
            credit("loans.receivable", 100_000, member_id=mid)])
        with pytest.raises(UserError, match="moves no cash"):
            receipts.issue_receipt(s, e.id, kind="loan.repayment", title="x")
        r = receipts.issue_receipt(s, e.id, kind="loan.repayment", title="Potong simpanan",
                                   direction="in", lines=[ReceiptLine("Pokok", 100_000)])
    assert r.total == 100_000


def test_void_reverses_the_entry_and_keeps_the_receipt(book: Book) -> None:
    mid = _member(book)
    r = _deposit(book, mid, 75_000)
    with book.transaction() as s, pytest.raises(UserError, match="why"):
        receipts.void_receipt(s, r.id, reason=" ")
    with book.transaction() as s:
        v = receipts.void_receipt(s, r.id, reason="salah anggota")
    assert v.void and v.void_reason == "salah anggota" and v.number == r.number
    with book.read() as s:
        original = journal.get_entry(s, r.entry_id)
        assert original.reversed_by_id == v.void_entry_id
        assert receipts.receipt_for_entry(s, v.void_entry_id or 0) == v
        balance = s.execute(text("SELECT SUM(amount) FROM posting WHERE member_id = :m"),
                            {"m": mid}).scalar_one()
    assert balance == 0
    with pytest.raises(UserError, match="already void"), book.transaction() as s:
        receipts.void_receipt(s, r.id, reason="again")


def test_void_links_a_reversal_already_posted(book: Book) -> None:
    mid = _member(book)
    r = _deposit(book, mid, 75_000)
    with book.transaction() as s:
        rev = journal.reverse_entry(s, r.entry_id)
        v = receipts.void_receipt(s, r.id, reason="dibatalkan di modul pinjaman")
    assert v.void_entry_id == rev.id


@pytest.mark.parametrize("sql", [
    "DELETE FROM receipt",
    "UPDATE receipt SET total = total + 1",
    "UPDATE receipt SET party = 'someone else'",
    "DELETE FROM receipt_line",
    "UPDATE receipt_line SET amount = 1",
])
def test_the_database_refuses_to_change_or_delete_a_receipt(book: Book, sql: str) -> None:
    mid = _member(book)
    r = _deposit(book, mid, 75_000)
    with pytest.raises(DatabaseError, match="receipt"), book.transaction() as s:
        s.execute(text(sql))
    with book.read() as s:
        assert receipts.get_receipt(s, r.id) == r


def test_a_void_receipt_cannot_be_changed_again(book: Book) -> None:
    mid = _member(book)
    r = _deposit(book, mid, 75_000)
    with book.transaction() as s:
        receipts.void_receipt(s, r.id, reason="x")
    with pytest.raises(DatabaseError, match="receipt"), book.transaction() as s:
        s.execute(text("UPDATE receipt SET status = 'valid', void_reason = NULL"))


def test_find_by_number_and_list(book: Book) -> None:
    mid = _member(book)
    a = _deposit(book, mid, 10_000)
    b = _deposit(book, mid, 20_000)
    with book.read() as s:
        assert receipts.find_receipt(s, "kw/2025/2") == b
        assert [r.number for r in receipts.list_receipts(s, member_id=mid)] == [b.number,
                                                                                a.number]
        with pytest.raises(UserError):
            receipts.find_receipt(s, "KW/2025/000009")


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(("amount", "stamp"), [(5_000_000, False), (5_000_001, True)])
def test_pdf_shows_number_words_figures_and_a_stamp_box_above_the_threshold(
        book: Book, amount: int, stamp: bool) -> None:
    mid = _member(book)
    r = _deposit(book, mid, amount)
    with book.read() as s:
        data = receipts_pdf.render(s, [r.id])
    content = _pdf_text(data)
    assert r.number in content
    assert r.words.capitalize() in content
    assert ("Stamp duty" in content) is stamp
    assert format_money(amount) in content


def test_pdf_of_a_void_receipt_says_so_and_two_fit_an_a4_sheet(book: Book) -> None:
    mid = _member(book)
    a = _deposit(book, mid, 10_000)
    b = _deposit(book, mid, 20_000)
    with book.transaction() as s:
        b = receipts.void_receipt(s, b.id, reason="salah")
    head = Letterhead("Koperasi Uji")
    one = PdfReader(io.BytesIO(receipts_pdf.receipt_pdf([a, b], head)))
    two = PdfReader(io.BytesIO(receipts_pdf.receipt_pdf([a, b], head, two_per_a4=True)))
    assert len(one.pages) == 2 and len(two.pages) == 1
    assert "VOID" in one.pages[1].extract_text() and "VOID" not in one.pages[0].extract_text()
