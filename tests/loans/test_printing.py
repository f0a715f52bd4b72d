"""Printed loan papers carry what the member and the supervisors need to read on them."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from sqlalchemy import inspect

from coopdesk.book import Book
from coopdesk.i18n import set_language
from coopdesk.ledger.loans import documents, repayments
from coopdesk.ledger.loans.models import Loan
from tests.loans.conftest import new_loan


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_a_large_loans_agreement_has_a_stamp_duty_box_and_the_schedule(coop: Book) -> None:
    small = new_loan(coop, principal=5_000_000, term=10, disburse=False)
    large = new_loan(coop, principal=24_000_000, term=24, member="A002", disburse=False)
    with coop.read() as s:
        small_text = text_of(documents.document(s, "agreement", small.id))
        large_text = text_of(documents.document(s, "agreement", large.id))
    assert "Meterai" not in small_text and "Meterai Rp10.000" in large_text
    assert "Appendix: repayment schedule" in large_text
    assert "1.5% flat ≈ 2.62% effective per month" in large_text.replace("\n", " ")
    assert "Rp24,000,000" in large_text and "Anggota 2 (A002)" in large_text


def test_the_statement_in_indonesian_shows_where_the_loan_stands(coop: Book) -> None:
    loan = new_loan(coop)
    with coop.transaction() as s:
        repayments.repay(s, loan.id, 1_180_000, on=date(2025, 2, 28))
    set_language("id")
    try:
        with coop.read() as s:
            text = text_of(documents.document(s, "statement", loan.id, date(2025, 4, 15)))
    finally:
        set_language("en")
    assert "Rekening Pinjaman" in text and "Pencairan" in text and "Angsuran" in text
    assert "Kurang lancar" not in text and "Lancar" in text
    assert "terlambat" in text  # the March instalment


def test_the_loan_tables_match_their_models(book: Book) -> None:
    with book.engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("loan")}
    assert columns == {c.name for c in Loan.__table__.columns}
