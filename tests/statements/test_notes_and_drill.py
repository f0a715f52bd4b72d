"""The board's words in the notes, kept per year and printed in the notes and the meeting pack;
and the drill-down from a closed year's income line, which shows the year's figure, not zero."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from coopdesk.access import Actor, Role
from coopdesk.audit import AuditRecord
from coopdesk.book import Book
from coopdesk.cli import main
from coopdesk.errors import PermissionDenied, UserError
from coopdesk.ledger import closing, periods
from coopdesk.ledger import statements as stm
from coopdesk.ledger.statements import drill, meeting, notes, notes_text
from coopdesk.members.models import Member
from coopdesk.pdf import Letterhead
from tests.statements.factory import a_year, add_members, repay

JAN = date(2026, 1, 10)
EVENTS = ("Pada 5 Februari 2026 banjir merusak kios unit usaha.\n\n"
          "Kerugian ditaksir Rp3.000.000 & belum dibukukan.")


def _text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    return "\n".join(str(doc[i].get_textpage().get_text_range()) for i in range(len(doc)))


def _note(n: notes.Notes, title: str) -> notes.Note:
    return next(x for x in n.notes if x.title == title)


@pytest.fixture
def closed(book: Book) -> Book:
    with book.transaction() as s:
        a_year(s, add_members(s, 3))
        closing.close_year(s, 2025, today=JAN)
    return book


def test_the_board_fills_the_bracketed_places_per_year(closed: Book) -> None:
    with closed.read() as s:
        empty = notes.build_notes(s, 2025)
    prompt = _note(empty, "Events after the reporting date").paragraphs
    assert prompt[0].startswith("[The board writes here") and prompt[0].endswith("]")
    with closed.transaction() as s:
        kept = notes_text.save_board_texts(s, 2025, {"events": EVENTS + "\n\n\n",
                                                     "general": "  Berdiri tahun 2019.  "})
    assert kept == {"general": "Berdiri tahun 2019.", "policies": "", "events": EVENTS}
    with closed.read() as s:
        filled = notes.build_notes(s, 2025)
        next_year = notes.build_notes(s, 2026)
        trail = s.scalar(select(AuditRecord.after).where(
            AuditRecord.action == "settings.change",
            AuditRecord.entity_id == "statements.notes.2025"))
    events = _note(filled, "Events after the reporting date").paragraphs
    assert events == tuple(EVENTS.split("\n\n"))
    assert "Berdiri tahun 2019." in _note(filled, "General information").paragraphs
    assert not any("[" in p for p in _note(filled, "General information").paragraphs)
    # Policies still wait for the board; the other year is untouched.
    assert _note(filled, "Accounting policies").paragraphs[-1].startswith("[")
    assert _note(next_year, "Events after the reporting date").paragraphs == prompt
    assert trail is not None and "banjir merusak kios" in trail
    with closed.transaction() as s:
        notes_text.save_board_texts(s, 2025, {"events": " "})
    with closed.read() as s:
        assert _note(notes.build_notes(s, 2025), "Events after the reporting date"
                     ).paragraphs == prompt


def test_the_board_text_is_printed_in_the_notes_and_the_meeting_pack(closed: Book) -> None:
    with closed.transaction() as s:
        notes_text.save_board_texts(s, 2025, {"events": EVENTS})
    with closed.read() as s:
        notes_pdf = notes.notes_pdf(notes.build_notes(s, 2025), Letterhead.from_book(s))
        pack = meeting.pack_pdf(meeting.gather_pack(s, 2025))
    for text in (_text(notes_pdf), _text(pack)):
        assert "banjir merusak kios" in text
        assert "Rp3.000.000 & belum dibukukan" in text  # escaped, not taken as markup
        assert "The board writes here any event" not in text


def test_a_preview_shows_texts_not_yet_kept(closed: Book) -> None:
    with closed.read() as s:
        shown = notes.build_notes(s, 2025, texts={"policies": "Aset tetap disusutkan 4 tahun."})
        kept = notes_text.board_texts(s, 2025)
    assert "Aset tetap disusutkan 4 tahun." in _note(shown, "Accounting policies").paragraphs
    assert kept["policies"] == ""


@pytest.mark.parametrize(("texts", "message"), [
    ({"foreword": "x"}, "no place “foreword”"),
    ({"events": "x" * 5_001}, "too long"),
])
def test_a_wrong_place_or_a_text_too_long_is_refused(closed: Book, texts: dict[str, str],
                                                      message: str) -> None:
    with pytest.raises(UserError, match=message), closed.transaction() as s:
        notes_text.save_board_texts(s, 2025, texts)
    with closed.read() as s:
        assert notes_text.board_texts(s, 2025)["events"] == ""


def test_writing_the_notes_is_the_boards_work(closed: Book) -> None:
    for role in (Role.PENGAWAS, Role.OPERATOR):
        with pytest.raises(PermissionDenied), closed.transaction(actor=Actor("x", role)) as s:
            notes_text.save_board_texts(s, 2025, {"events": "x"})
    with closed.transaction(actor=Actor("bendahara", Role.BENDAHARA)) as s:
        notes_text.save_board_texts(s, 2025, {"events": "Tidak ada."})
    with pytest.raises(UserError, match="2031 is not in the book"), closed.transaction() as s:
        notes_text.save_board_texts(s, 2031, {"events": "x"})


def test_the_notes_from_the_command_line(book_url: str) -> None:
    with Book.open(book_url) as book, book.transaction() as s:
        periods.open_year(s, 2025)

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        return main(["--db", book_url, *args], stdout=out, stderr=err), out.getvalue(), \
            err.getvalue()

    code, out, _ = run("report", "note", "--year", "2025", "--place", "events", "--text",
                       "Tidak ada kejadian penting.")
    assert code == 0 and "Tidak ada kejadian penting." in out
    code, out, _ = run("report", "note", "--year", "2025")
    assert code == 0 and "(not written yet)" in out and "Tidak ada kejadian penting." in out
    code, _, err = run("report", "note", "--year", "2025", "--text", "x")
    assert code == 1 and "--place" in err


# --- drill-down -------------------------------------------------------------------------------


def test_drilling_into_a_closed_years_income_shows_the_years_figure(closed: Book) -> None:
    with closed.transaction() as s:
        member = s.scalar(select(Member.id).order_by(Member.id).limit(1))
        assert member is not None
        repay(s, member, 10_000, 5_000, date(2026, 2, 1))  # next year: not in the period
    with closed.read() as s:
        line = stm.income_statement(s, 2025).line("LOAN_INTEREST")
        period = drill.account_period(s, "4101", date(2025, 1, 1), date(2025, 12, 31))
    assert line.amount == 15_000 + 30_000 + 45_000
    assert period.result_account and period.moved == line.amount
    assert period.closed == -line.amount and period.balance == 0
    assert [e.closing for e in period.entries] == [False] * 3 + [True]
    ordinary = period.entries[:3]
    assert [e.balance for e in ordinary] == [15_000, 45_000, 90_000]  # up to the figure shown
    assert period.entries[-1].balance == 0 and "closing" in period.entries[-1].memo


def test_drilling_into_a_balance_sheet_account_keeps_its_balance(closed: Book) -> None:
    with closed.read() as s:
        bs = stm.balance_sheet(s, date(2025, 12, 31))
        period = drill.account_period(s, "1101", date(2025, 1, 1), date(2025, 12, 31))
        latest = drill.account_period(s, "1101", date(2025, 1, 1), date(2025, 12, 31),
                                      limit=2)
    assert not period.result_account and period.closed == 0
    assert period.balance == bs.line("CASH").accounts[0].amount
    assert period.entries[-1].balance == period.balance
    assert len(latest.entries) == 2 and latest.left_out == len(period.entries) - 2
    assert latest.entries[-1].balance == period.balance  # the running balance stays true
