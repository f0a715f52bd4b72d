"""Year-end close: the closing entry zeroes income and expenses into the SHU of the year, the
year is locked, the next opened; a year not ready is refused with its reasons; reopening is an
explicit, recorded action."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from coopdesk.access import Actor, Role
from coopdesk.audit import AuditRecord
from coopdesk.book import Book
from coopdesk.errors import PermissionDenied, UserError, ValidationError
from coopdesk.ledger import closing, journal, periods, reports
from coopdesk.ledger import statements as stm
from coopdesk.ledger.accounts import AccountType
from coopdesk.ledger.journal import Line
from tests.statements.factory import a_year, add_members, save

JAN = date(2026, 1, 10)


def _closed_book(book: Book) -> tuple[list[int], closing.YearClose]:
    with book.transaction() as s:
        members = add_members(s, 3)
        a_year(s, members)
        journal.post_entry(s, date=date(2025, 8, 1), memo="jual", lines=[
            Line("cash", 400_000), Line("income.sales", -400_000)])
        done = closing.close_year(s, 2025, today=JAN)
    return members, done


def test_closing_leaves_income_and_expense_at_zero_and_equity_grows_by_the_shu(book: Book
                                                                                ) -> None:
    with book.transaction() as s:
        members = add_members(s, 3)
        a_year(s, members)
        journal.post_entry(s, date=date(2025, 8, 1), memo="jual", lines=[
            Line("cash", 400_000), Line("income.sales", -400_000)])
    with book.read() as s:
        before = stm.balance_sheet(s, date(2025, 12, 31))
        shu = stm.income_statement(s, 2025).amount("TOTAL")
        equity_before = _equity_accounts(s)
    with book.transaction() as s:
        done = closing.close_year(s, 2025, today=JAN)
    assert done.shu == shu == 90_000 + 400_000 - 155_000
    with book.read() as s:
        tb = reports.trial_balance(s, date(2025, 12, 31))
        after = stm.balance_sheet(s, date(2025, 12, 31))
        entry = journal.get_entry(s, done.entry_id or 0)
        shu_account = reports.account_register(s, "shu.current_year")
        years = {y.year: y for y in periods.list_years(s)}
    with book.read() as s:
        equity_after = _equity_accounts(s)
    assert equity_after - equity_before == shu  # the equity accounts grew by the SHU exactly
    kinds = {r.code: r.type for r in tb.rows}
    assert all(kinds[code] not in (AccountType.INCOME, AccountType.EXPENSE) for code in kinds)
    assert shu_account.closing == shu
    assert entry.source == "closing" and entry.date == date(2025, 12, 31)
    assert after.amount("EQUITY") == before.amount("EQUITY")
    assert after.amount("SHU_CURRENT") == shu
    assert after.amount("ASSETS") == after.amount("LIABILITIES_EQUITY")
    assert years[2025].closed and not years[2026].closed


def _equity_accounts(session: object) -> int:
    """The credit balance of the equity accounts themselves (no unclosed income or expense)."""
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    tb = reports.trial_balance(session, date(2025, 12, 31))
    return -sum(r.balance for r in tb.rows if r.type == AccountType.EQUITY)


def test_a_closed_year_refuses_postings(book: Book) -> None:
    _closed_book(book)
    with pytest.raises(ValidationError, match="2025 is closed"), book.transaction() as s:
        journal.post_entry(s, date=date(2025, 6, 1), memo="terlambat",
                           lines=[Line("cash", 1_000), Line("income.other", -1_000)])
    with book.transaction() as s:
        journal.post_entry(s, date=date(2026, 1, 2), memo="tahun baru",
                           lines=[Line("cash", 1_000), Line("income.other", -1_000)])


def test_closing_is_refused_with_every_reason(book: Book) -> None:
    with book.transaction() as s:
        periods.open_year(s, 2026)
        periods.open_year(s, 2027)
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        closing.close_year(s, 2026, today=date(2026, 6, 1))
    text = str(info.value)
    assert "earlier years first: 2025" in text
    assert "has not ended yet" in text
    with book.read() as s:
        ready = closing.checklist(s, 2025, today=JAN)
    assert ready.ready and not ready.problems


def test_an_unbalanced_import_stops_the_close(book: Book) -> None:
    from sqlalchemy import text

    with book.transaction() as s:
        save(s, add_members(s, 1)[0], "savings.pokok", 100_000, date(2025, 2, 1))
    # An import written around the journal (the database refuses to post it unbalanced, so it
    # is left a draft): the close must refuse until it is dealt with.
    with book.transaction() as s:
        s.execute(text(
            "INSERT INTO journal_entry (id, year, date, memo, source, status, created_by, "
            "created_at) VALUES (9001, 2025, '2025-03-01', 'impor', 'import', 'draft', 'x', "
            "'2025-03-01 00:00:00')"))
        s.execute(text("INSERT INTO posting (entry_id, account_id, date, amount) VALUES "
                       "(9001, 1, '2025-03-01', 100), (9001, 2, '2025-03-01', -99)"))
    with book.read() as s:
        check = closing.checklist(s, 2025, today=JAN)
    assert not check.ready
    assert any("draft" in p for p in check.problems)
    assert any("does not balance" in p for p in check.problems)
    with pytest.raises(ValidationError, match="cannot be closed"), book.transaction() as s:
        closing.close_year(s, 2025, today=JAN)


def test_closing_needs_the_right_to_close(book: Book) -> None:
    clerk = Actor("operator", Role.OPERATOR)
    with pytest.raises(PermissionDenied), book.transaction(actor=clerk) as s:
        closing.close_year(s, 2025, today=JAN)


def test_locked_months_do_not_stop_the_close(book: Book) -> None:
    with book.transaction() as s:
        save(s, add_members(s, 1)[0], "savings.wajib", 10_000, date(2025, 2, 1))
        journal.post_entry(s, date=date(2025, 3, 1), memo="jasa bank",
                           lines=[Line("bank", 5_000), Line("income.other", -5_000)])
        periods.lock_through(s, date(2025, 12, 31))
        done = closing.close_year(s, 2025, today=JAN)
    assert done.shu == 5_000 and done.entry_id is not None


def test_reopening_is_recorded_and_reverses_the_closing_entry(book: Book) -> None:
    _members, done = _closed_book(book)
    with pytest.raises(UserError, match="reason"), book.transaction() as s:
        closing.reopen_year(s, 2025, reason="  ")
    with book.transaction() as s:
        closing.reopen_year(s, 2025, reason="koreksi beban listrik Desember")
        journal.post_entry(s, date=date(2025, 12, 30), memo="listrik",
                           lines=[Line("expense.utilities", 10_000), Line("cash", -10_000)])
        again = closing.close_year(s, 2025, today=JAN)
    assert again.shu == done.shu - 10_000
    with book.read() as s:
        assert stm.income_statement(s, 2025).amount("TOTAL") == again.shu
        assert reports.account_register(s, "shu.current_year").closing == again.shu
        actions = list(s.scalars(select(AuditRecord.action).where(
            AuditRecord.action.in_(["ledger.close_year", "ledger.reopen_year"]))
            .order_by(AuditRecord.id)))
        reason = s.scalar(select(AuditRecord.after).where(
            AuditRecord.action == "ledger.reopen_year"))
    assert actions == ["ledger.close_year", "ledger.reopen_year", "ledger.close_year"]
    assert "koreksi beban listrik" in (reason or "")


def test_a_year_cannot_be_reopened_under_a_closed_later_year(book: Book) -> None:
    _closed_book(book)
    with book.transaction() as s:
        closing.close_year(s, 2026, today=date(2027, 1, 3))
    with pytest.raises(ValidationError, match="later years first: 2026"), \
            book.transaction() as s:
        closing.reopen_year(s, 2025, reason="x")
