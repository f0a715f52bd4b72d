"""What is printed and written: CSV columns and final totals, spreadsheets, signed PDFs, the
member pages and the meeting pack, whose figures must be the ledger's."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2 as pdfium
import pytest

from coopdesk.book import Book
from coopdesk.ledger import closing, reports, shu
from coopdesk.ledger import statements as stm
from coopdesk.ledger.statements import meeting, member_pages, output, pdf
from coopdesk.ledger.statements.lines import StatementKind
from coopdesk.pdf import Letterhead
from coopdesk.progress import Cancelled
from tests.statements.factory import a_year, add_members

JAN = date(2026, 1, 10)


def _text(data: bytes, page: int) -> str:
    doc = pdfium.PdfDocument(data)
    return str(doc[page].get_textpage().get_text_range())


def _pages(data: bytes) -> int:
    return len(pdfium.PdfDocument(data))


@pytest.fixture
def year_book(book: Book) -> Book:
    with book.transaction() as s:
        members = add_members(s, 5)
        add_members(s, 1, start=90, status="keluar", left_on=date(2024, 6, 1))  # left before
        a_year(s, members)
        closing.close_year(s, 2025, today=JAN)
        pdf.save_signers(s, pdf.Signers("Siti Aminah", "Sri Wahyuni", "Bambang", "Kuntili"))
    return book


@pytest.mark.parametrize("kind", list(StatementKind))
def test_csv_has_the_columns_and_ends_with_the_total(year_book: Book,
                                                     kind: StatementKind) -> None:
    with year_book.read() as s:
        st = stm.build(s, kind, 2025)
    header, rows = output.statement_rows(st)
    assert tuple(header) == ("line", "name", "amount", "previous")
    codes = [r[0] for r in rows]
    assert codes[-1] == ("LIABILITIES_EQUITY" if kind is StatementKind.BALANCE_SHEET
                         else "TOTAL")
    if kind is StatementKind.BALANCE_SHEET:
        assert "ASSETS" in codes
        by_code = {r[0]: r for r in rows}
        assert by_code["ASSETS"][2] == by_code["LIABILITIES_EQUITY"][2]
    assert all(isinstance(r[2], int) and isinstance(r[3], int) for r in rows)


def test_statement_pdf_is_signed_and_shows_both_years(year_book: Book) -> None:
    with year_book.read() as s:
        st = stm.income_statement(s, 2025)
        head = Letterhead.from_book(s)
        signers = pdf.Signers.from_book(s)
    data = pdf.statement_pdf(st, head, signers, printed_on=date(2026, 3, 1))
    assert _pages(data) == 1
    text = _text(data, 0)
    for expected in ("Koperasi Uji Coba", "Siti Aminah", "Sri Wahyuni", "Bambang", "2025",
                     "2024", "Kuntili, 1 March 2026"):
        assert expected in text


def test_the_sheet_keeps_headings_and_amounts(year_book: Book, tmp_path: object) -> None:
    from pathlib import Path

    from openpyxl import load_workbook

    from coopdesk.tabular import write_xlsx

    with year_book.read() as s:
        st = stm.balance_sheet(s, date(2025, 12, 31))
    target = Path(str(tmp_path)) / "neraca.xlsx"
    write_xlsx(target, [output.statement_sheet(st)])
    ws = load_workbook(target).active
    values = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert values["ASSETS"][2] == st.amount("ASSETS")
    assert values["H_ASSETS"][2] is None


def test_one_member_page_per_member_with_the_ledgers_figures(year_book: Book) -> None:
    with year_book.read() as s:
        pages = member_pages.gather(s, 2025)
        registers = {p.member_no: {
            role: reports.account_register(s, role, member_id=_member_id(s, p.member_no),
                                           end=date(2025, 12, 31)).closing
            for role in ("savings.pokok", "savings.wajib", "savings.sukarela",
                         "loans.receivable")} for p in pages.pages}
        result = shu.compute(s, 2025)
    assert [p.member_no for p in pages.pages] == [f"A{n:05d}" for n in range(1, 6)]
    for page in pages.pages:
        kinds = {r.kind: r.closing for r in page.savings}
        ledger = registers[page.member_no]
        assert kinds["pokok"] == ledger["savings.pokok"]
        assert kinds["wajib"] == ledger["savings.wajib"]
        assert kinds["sukarela"] == ledger["savings.sukarela"]
        assert page.loan.closing == ledger["loans.receivable"]
        assert sum(m.jasa for m in page.months) == page.loan.jasa
        assert page.shu is not None and page.shu.state == "proposed"
        assert page.shu.total == result.member(page.member_no).total
    data = member_pages.pages_pdf(pages)
    assert _pages(data) == 5
    assert "A00003" in _text(data, 2) and "Page 3 of 5" in _text(data, 2)


def _member_id(session: object, member_no: str) -> int:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from coopdesk.members.models import Member

    assert isinstance(session, Session)
    return int(session.scalar(select(Member.id).where(Member.member_no == member_no)) or 0)


def test_the_meeting_pack_has_the_statements_and_a_page_per_member(year_book: Book) -> None:
    with year_book.read() as s:
        pack = meeting.gather_pack(s, 2025)
    seen: list[tuple[int, int]] = []
    data = meeting.pack_pdf(pack, progress=lambda d, t: seen.append((d, t)) or True)
    total = _pages(data)
    front = total - 5
    assert front >= 6  # cover, four statements, notes, SHU
    assert seen[-1] == (5, 5)
    texts = [_text(data, i) for i in range(total)]
    assert "STATEMENT OF FINANCIAL POSITION" in texts[1]
    assert any("SHU OF THE YEAR AND ITS DISTRIBUTION" in t for t in texts[:front])
    assert [t.count("MEMBER'S STATEMENT FOR 2025") for t in texts[front:]] == [1] * 5
    assert f"Page {total} of {total}" in texts[-1]
    assert "A00005" in texts[-1]


def test_printing_the_pack_can_be_cancelled(year_book: Book) -> None:
    with year_book.read() as s:
        pages = member_pages.gather(s, 2025)
    with pytest.raises(Cancelled):
        member_pages.pages_pdf(pages, progress=lambda d, t: d == 0)


def test_shu_csv_ends_with_the_total_of_the_shares(year_book: Book) -> None:
    from coopdesk.ledger.shu import output as shu_output

    with year_book.read() as s:
        result = shu.compute(s, 2025)
    header, rows = shu_output.member_rows(result)
    assert tuple(header) == ("member_no", "name", "savings_basis", "business_basis",
                             "jasa_modal", "jasa_usaha", "total")
    assert rows[-1][0] == "TOTAL"
    assert rows[-1][6] == sum(int(r[6] or 0) for r in rows[:-1]) == (
        result.jasa_usaha + result.jasa_modal)
    assert io.BytesIO(shu_output.shu_pdf(result, Letterhead("K"))).getvalue()[:4] == b"%PDF"
