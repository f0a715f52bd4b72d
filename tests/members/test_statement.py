"""A member's statement: opening balance, every movement with its receipt, closing balance."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from coopdesk.book import Book
from coopdesk.ledger import member_statement, receipts, savings
from coopdesk.pdf import Letterhead
from tests.members.factories import member


def test_statement_over_a_period(book: Book) -> None:
    m = member(book)
    with book.transaction() as s:
        savings.deposit(s, member_no=m.member_no, kind="pokok", on=date(2025, 1, 6))
        for month in range(1, 7):
            savings.deposit(s, member_no=m.member_no, kind="wajib", on=date(2025, month, 10))
        savings.deposit(s, member_no=m.member_no, kind="sukarela", amount=300_000,
                        on=date(2025, 2, 1))
        out = savings.withdraw(s, member_no=m.member_no, kind="sukarela", amount=50_000,
                               on=date(2025, 4, 1))
        wrong = savings.deposit(s, member_no=m.member_no, kind="sukarela", amount=9_000,
                                on=date(2025, 4, 2))
        receipts.void_receipt(s, wrong.receipt.id, reason="salah", on=date(2025, 4, 3))
    with book.read() as s:
        st = member_statement.member_statement(s, m.member_no, start=date(2025, 3, 1),
                                               end=date(2025, 5, 31))
    pokok, wajib, sukarela = st.sections
    assert (pokok.opening, pokok.lines, pokok.closing) == (200_000, (), 200_000)
    assert (wajib.opening, len(wajib.lines), wajib.closing) == (20_000, 3, 50_000)
    assert [ln.balance for ln in wajib.lines] == [30_000, 40_000, 50_000]
    assert sukarela.opening == 300_000
    assert [(ln.amount_in, ln.amount_out) for ln in sukarela.lines] == [
        (0, 50_000), (9_000, 0), (0, 9_000)]
    assert sukarela.lines[0].reference == out.receipt.number
    assert "Void of receipt " + wrong.receipt.number in sukarela.lines[2].description
    assert st.closing_total == 200_000 + 50_000 + 250_000
    data = member_statement.statement_pdf(st, Letterhead("Koperasi Uji"), treasurer="Sri")
    content = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert m.member_no in content and out.receipt.number in content and "Rp500,000" in content
