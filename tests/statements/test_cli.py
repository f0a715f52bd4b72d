"""The command line for statements, the year-end close, the SHU and the meeting pack, as a
treasurer types it."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from coopdesk.book import Book
from coopdesk.cli import main
from coopdesk.ledger import journal, reports
from coopdesk.ledger.journal import Line
from tests.statements.factory import a_year, add_members


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def url(book_url: str) -> str:
    with Book.open(book_url) as book, book.transaction() as s:
        a_year(s, add_members(s, 4))
        journal.post_entry(s, date=date(2025, 9, 1), memo="jual",
                           lines=[Line("cash", 500_000), Line("income.sales", -500_000)])
    return book_url


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_four_statements_as_csv(url: str) -> None:
    code, out, _ = run("--db", url, "report", "balance-sheet", "--as-of", "2025-12-31")
    rows = {r["line"]: r for r in _csv(out)}
    assert code == 0 and rows["ASSETS"]["amount"] == rows["LIABILITIES_EQUITY"]["amount"]
    assert list(rows)[-1] == "LIABILITIES_EQUITY"
    for name in ("income-statement", "equity", "cash-flow"):
        code, out, _ = run("--db", url, "report", name, "--year", "2025")
        lines = _csv(out)
        assert code == 0 and lines[-1]["line"] == "TOTAL"
        assert set(lines[0]) == {"line", "name", "amount", "previous"}


def test_statements_as_pdf_and_xlsx(url: str, tmp_path: Path) -> None:
    pdf_file, xlsx_file = tmp_path / "laba.pdf", tmp_path / "kas.xlsx"
    assert run("--db", url, "report", "income-statement", "--year", "2025", "--out",
               str(pdf_file))[0] == 0
    assert len(pdfium.PdfDocument(pdf_file)) == 1
    assert run("--db", url, "report", "cash-flow", "--year", "2025", "--format", "xlsx",
               "--out", str(xlsx_file))[0] == 0
    assert xlsx_file.read_bytes()[:2] == b"PK"


def test_close_shu_and_print_from_the_command_line(url: str, tmp_path: Path) -> None:
    code, out, _ = run("--db", url, "year", "check", "--year", "2025")
    assert code == 0 and "can be closed" in out
    code, out, err = run("--db", url, "shu", "compute", "--year", "2025")
    assert code == 1 and "Close the year 2025 first" in err
    code, out, _ = run("--db", url, "year", "close", "--year", "2025")
    assert code == 0 and "Closed 2025" in out
    code, out, _ = run("--db", url, "shu", "compute", "--year", "2025")
    rows = _csv(out)
    assert rows[-1]["member_no"] == "TOTAL" and len(rows) == 5
    code, out, _ = run("--db", url, "shu", "compute", "--year", "2025", "--split",
                       "jasa_modal=20,social=0")
    assert code == 0
    code, out, err = run("--db", url, "shu", "distribute", "--year", "2025", "--to",
                         "sukarela", "--date", "2026-03-15")
    assert code == 0 and "Paid" in out and "4 members" in out
    with Book.open(url) as book, book.read() as s:
        assert reports.account_register(s, "shu.members_payable").closing == 0
    pack = tmp_path / "rat.pdf"
    code, out, _ = run("--db", url, "print", "rat", "--year", "2025", "--out", str(pack))
    assert code == 0 and "4 member pages" in out
    pages = tmp_path / "anggota.pdf"
    code, _, _ = run("--db", url, "print", "statements", "--year", "2025", "--member",
                     "A00002", "--out", str(pages))
    assert code == 0 and len(pdfium.PdfDocument(pages)) == 1


def test_the_year_cannot_close_twice_and_reopens_with_a_reason(url: str) -> None:
    assert run("--db", url, "year", "close", "--year", "2025")[0] == 0
    code, _, err = run("--db", url, "year", "close", "--year", "2025")
    assert code == 1 and "already closed" in err
    code, out, _ = run("--db", url, "year", "reopen", "--year", "2025", "--reason",
                       "salah catat")
    assert code == 0 and "Reopened 2025" in out


def test_mapping_and_signers(url: str) -> None:
    code, out, _ = run("--db", url, "report", "map", "3101", "OTHER_LIABILITIES")
    assert code == 0
    code, out, _ = run("--db", url, "report", "mapping")
    row = next(r for r in _csv(out) if r["code"] == "3101")
    assert row["line"] == "OTHER_LIABILITIES" and row["chosen"] == "1"
    code, _, err = run("--db", url, "report", "map", "3101", "CASH")
    assert code == 1 and "not a line" in err
    code, out, _ = run("--db", url, "report", "signers", "--chair", "Siti", "--place", "Kuntili")
    assert code == 0 and "Siti" in out and "Kuntili" in out


def test_shu_settings_refuse_a_split_that_is_not_a_hundred(url: str) -> None:
    code, _, err = run("--db", url, "shu", "settings", "--split", "reserve=50")
    assert code == 1 and "110" in err
    code, out, _ = run("--db", url, "shu", "settings", "--split", "reserve=30,regional=10",
                       "--method", "month_average", "--leavers", "business_only")
    assert code == 0 and "Regional development fund: 10%" in out
    code, out, _ = run("--db", url, "shu", "settings")
    assert "average of the twelve month ends" in out and "Reserve (cadangan): 30%" in out
