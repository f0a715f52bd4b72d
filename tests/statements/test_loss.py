"""Covering a year's loss from the reserve: one entry, reserve to the SHU account, as the members'
meeting decides; refused in plain words when the year is not closed, made no loss, or the reserve
is too small; shown on lines of its own in the statement of changes in equity."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from coopdesk.access import Actor, Role
from coopdesk.audit import AuditRecord
from coopdesk.book import Book
from coopdesk.cli import main
from coopdesk.errors import PermissionDenied, UserError, ValidationError
from coopdesk.ledger import closing, journal, reports, shu
from coopdesk.ledger import statements as stm
from coopdesk.ledger.journal import Line
from coopdesk.ledger.shu import loss
from coopdesk.ledger.statements import notes
from tests.statements.factory import a_year, add_members

JAN = date(2026, 1, 10)
RAT = date(2026, 3, 14)
LOSS = 155_000 - 45_000  # a_year with two members: jasa 15.000 + 30.000, costs 155.000


def _reserve(s: object, amount: int) -> None:
    """A reserve built by earlier years' SHU (posted as the grant it stands for here)."""
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    journal.post_entry(s, date=date(2025, 1, 2), memo="cadangan dari SHU tahun-tahun lalu",
                       lines=[Line("bank", amount), Line("shu.reserve", -amount)])


def _loss_year(book: Book, reserve: int, *, close: bool = True) -> None:
    with book.transaction() as s:
        a_year(s, add_members(s, 2))
        if reserve:
            _reserve(s, reserve)
        if close:
            closing.close_year(s, 2025, today=JAN)


def _balance(book: Book, role: str) -> int:
    with book.read() as s:
        return reports.account_register(s, role).closing


def test_the_meeting_covers_the_loss_from_the_reserve_in_one_entry(book: Book) -> None:
    _loss_year(book, 500_000)
    with book.read() as s:
        assert stm.income_statement(s, 2025).amount("TOTAL") == -LOSS
        state = loss.loss_state(s, 2025)
    assert (state.loss, state.covered, state.reserve) == (LOSS, 0, 500_000)
    with book.transaction() as s:
        done = loss.cover_loss(s, 2025, on=RAT)
        entry = journal.get_entry(s, done.entry_id)
    assert (done.amount, done.remaining, done.reserve_left) == (LOSS, 0, 500_000 - LOSS)
    assert entry.date == RAT and entry.source == "shu_loss" and entry.source_ref == "2025"
    assert sorted((ln.account_code, ln.amount) for ln in entry.lines) == [
        ("3130", LOSS), ("3150", -LOSS)]
    assert _balance(book, "shu.reserve") == 500_000 - LOSS
    assert _balance(book, "shu.current_year") == 0  # the loss is gone from undistributed SHU
    with book.read() as s:
        bs = stm.balance_sheet(s, date(2026, 3, 31))
        assert bs.amount("RETAINED_SHU") == 0 and bs.amount("RESERVE") == 500_000 - LOSS
        assert bs.amount("ASSETS") == bs.amount("LIABILITIES_EQUITY")
        assert loss.loss_state(s, 2025).remaining == 0
        trail = s.scalar(select(AuditRecord.after).where(AuditRecord.action == "shu.cover_loss"))
    assert trail is not None and str(done.entry_id) in trail
    with pytest.raises(UserError, match="already covered"), book.transaction() as s:
        loss.cover_loss(s, 2025, on=RAT)


def test_the_equity_statement_shows_the_cover_on_lines_of_its_own(book: Book) -> None:
    _loss_year(book, 500_000)
    with book.transaction() as s:
        loss.cover_loss(s, 2025, on=RAT)
    with book.read() as s:
        equity = stm.equity_statement(s, 2026)
        end = stm.balance_sheet(s, date(2026, 12, 31))
    assert equity.amount("EQ_RESERVE_USED") == -LOSS
    assert equity.amount("EQ_LOSS_COVERED") == LOSS
    # Neither an addition to the reserve nor SHU distributed:
    assert equity.amount("EQ_RESERVE") == 0 and equity.amount("EQ_SHU_DISTRIBUTED") == 0
    assert equity.amount("TOTAL") == end.amount("EQUITY") == equity.amount("EQ_OPENING")
    assert [a.code for a in equity.line("EQ_RESERVE_USED").accounts] == ["3130"]


def test_part_of_the_loss_may_be_covered_and_the_rest_later(book: Book) -> None:
    _loss_year(book, 500_000)
    with book.transaction() as s:
        first = loss.cover_loss(s, 2025, on=RAT, amount=40_000)
    assert (first.amount, first.remaining) == (40_000, LOSS - 40_000)
    with book.read() as s:
        note = next(n for n in shu.compute(s, 2025).notes if "reserve" in n)
    assert "carried forward" in note
    with pytest.raises(UserError, match="up to the loss still open"), book.transaction() as s:
        loss.cover_loss(s, 2025, on=RAT, amount=LOSS)
    with book.transaction() as s:
        rest = loss.cover_loss(s, 2025, on=date(2026, 4, 1))
    assert rest.amount == LOSS - 40_000 and rest.remaining == 0
    assert _balance(book, "shu.current_year") == 0


@pytest.mark.parametrize(("reserve", "message"), [
    (0, r"reserve holds only Rp0; it cannot cover Rp110,000 of the loss of 2025\.$"),
    (30_000, r"reserve holds only Rp30,000; .* may cover Rp30,000 from it"),
])
def test_a_reserve_too_small_is_refused_and_the_book_unchanged(book: Book, reserve: int,
                                                                message: str) -> None:
    _loss_year(book, reserve)
    with pytest.raises(UserError, match=message), book.transaction() as s:
        loss.cover_loss(s, 2025, on=RAT)
    assert _balance(book, "shu.reserve") == reserve
    assert _balance(book, "shu.current_year") == -LOSS


def test_a_year_not_closed_or_without_a_loss_is_refused(book: Book) -> None:
    _loss_year(book, 500_000, close=False)
    with pytest.raises(UserError, match="Close the year 2025 first"), book.transaction() as s:
        loss.cover_loss(s, 2025, on=RAT)
    with book.transaction() as s:
        journal.post_entry(s, date=date(2025, 12, 1), memo="jasa bank",
                           lines=[Line("bank", 1_000_000), Line("income.other", -1_000_000)])
        closing.close_year(s, 2025, today=JAN)
    with pytest.raises(UserError, match="made no loss"), book.transaction() as s:
        loss.cover_loss(s, 2025, on=RAT)


def test_the_cover_is_dated_after_the_year_and_needs_the_right_to_move_money(book: Book
                                                                                ) -> None:
    _loss_year(book, 500_000)
    with pytest.raises(UserError, match="later year"), book.transaction() as s:
        loss.cover_loss(s, 2025, on=date(2025, 12, 31))
    watcher = Actor("pengawas", Role.PENGAWAS)
    with pytest.raises(PermissionDenied), book.transaction(actor=watcher) as s:
        loss.cover_loss(s, 2025, on=RAT)
    with book.read(actor=watcher) as s:
        assert loss.loss_state(s, 2025).remaining == LOSS


def test_a_year_whose_loss_was_covered_cannot_be_reopened(book: Book) -> None:
    _loss_year(book, 500_000)
    with book.transaction() as s:
        loss.cover_loss(s, 2025, on=RAT)
    with pytest.raises(ValidationError, match="covered from the reserve"), \
            book.transaction() as s:
        closing.reopen_year(s, 2025, reason="koreksi")


def test_the_notes_of_the_meeting_year_tell_of_the_cover(book: Book) -> None:
    _loss_year(book, 500_000)
    with book.transaction() as s:
        loss.cover_loss(s, 2025, on=RAT)
    with book.read() as s:
        equity = next(n for n in notes.build_notes(s, 2026).notes if n.title == "Equity")
        shu_note = next(n for n in notes.build_notes(s, 2025).notes if n.title.startswith("SHU"))
    assert any("14 March 2026" in p and "loss of 2025" in p for p in equity.paragraphs)
    assert any("covered the loss from the reserve" in p for p in shu_note.paragraphs)


def test_cover_loss_from_the_command_line(book_url: str) -> None:
    with Book.open(book_url) as book:
        _loss_year(book, 100_000)

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        return main(["--db", book_url, *args], stdout=out, stderr=err), out.getvalue(), \
            err.getvalue()

    code, out, err = run("shu", "cover-loss", "--year", "2025", "--amount", "200000",
                         "--date", "2026-03-14")
    assert code == 1 and "up to the loss still open" in err
    code, out, _ = run("shu", "cover-loss", "--year", "2025", "--amount", "50000",
                       "--date", "2026-03-14")
    assert code == 0 and "Covered Rp" in out and "carried forward" in out
    code, out, _ = run("report", "equity", "--year", "2026")
    rows = {line.split(",")[0]: line.split(",")[-2] for line in out.splitlines()[1:]}
    assert rows["EQ_RESERVE_USED"] == "-50000" and rows["EQ_LOSS_COVERED"] == "50000"


def test_a_later_years_shu_says_which_earlier_loss_is_still_open(book: Book) -> None:
    """The loss of 2025 stays open until the reserve covers it: the SHU of 2026 says so, with
    what is left, and stops saying it once it is covered."""
    _loss_year(book, 500_000)
    with book.transaction() as s:  # 2026 makes a profit
        journal.post_entry(s, date=date(2026, 2, 1), memo="jasa", lines=[
            Line("bank", 300_000), Line("income.loan_interest", -300_000)])

    def open_notes() -> list[str]:
        with book.read() as s:
            return [n for n in shu.compute(s, 2026, allow_open=True).notes
                    if "not yet covered" in n]

    assert open_notes() == ["The loss of 2025 is not yet covered: Rp110,000. The reserve is "
                            "there for it; the members' meeting may cover it once this year's "
                            "reserve part is set aside."]
    with book.transaction() as s:
        loss.cover_loss(s, 2025, on=RAT, amount=40_000)
    assert [n.split(". ")[0] for n in open_notes()] == [
        "The loss of 2025 is not yet covered: Rp70,000"]
    with book.transaction() as s:
        loss.cover_loss(s, 2025, on=RAT)
    assert open_notes() == []
    with book.read() as s:  # the loss year's own SHU page keeps its own words
        assert not any("not yet covered" in n for n in shu.compute(s, 2025).notes)
