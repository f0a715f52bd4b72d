"""The four statements: they balance, they agree with each other and with the ledger, they put
each account where the cooperative says, and they show the previous year beside."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopdesk.book import Book
from coopdesk.errors import UserError
from coopdesk.ledger import closing, journal, reports
from coopdesk.ledger import statements as stm
from coopdesk.ledger.journal import Line, NewEntry
from coopdesk.ledger.statements import mapping
from tests.statements.factory import a_year, add_members, lend, repay, save, spend

ROLES = ["cash", "bank", "loans.receivable", "loans.allowance", "inventory", "fixed_assets",
         "savings.sukarela", "savings.pokok", "savings.wajib", "equity.grants", "shu.reserve",
         "shu.fund.social", "suspense", "income.loan_interest", "income.sales",
         "expense.salaries", "expense.cogs", "expense.allowance", "shu.current_year"]


class _Rollback(Exception):
    """Leaves the book as it was after an example."""


@st.composite
def entries(draw: st.DrawFn) -> NewEntry:
    day = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)))
    size = draw(st.integers(min_value=1, max_value=3))
    lines: list[Line] = []
    for _ in range(size):
        a, b = draw(st.lists(st.sampled_from(ROLES), min_size=2, max_size=2, unique=True))
        amount = draw(st.integers(min_value=1, max_value=10**9))
        lines += [Line(a, amount), Line(b, -amount)]
    return NewEntry(day, "acak", tuple(lines))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(entries(), min_size=1, max_size=12), st.booleans(),
       st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)))
def test_the_statements_balance_and_agree_for_any_book(book: Book, plan: list[NewEntry],
                                                       close: bool, as_of: date) -> None:
    with pytest.raises(_Rollback), book.transaction() as s:
        journal.post_entries(s, sorted(plan, key=lambda e: e.date))
        if close:
            closing.close_year(s, 2025, today=date(2026, 1, 15))
        for day in (as_of, date(2025, 12, 31), date(2026, 12, 31)):
            bs = stm.balance_sheet(s, day)
            assert bs.amount("ASSETS") == bs.amount("LIABILITIES_EQUITY")
            assert bs.line("ASSETS").previous == bs.line("LIABILITIES_EQUITY").previous
        for year in (2025, 2026):
            income = stm.income_statement(s, year)
            equity = stm.equity_statement(s, year)
            cash = stm.cash_flow(s, year)
            end = stm.balance_sheet(s, date(year, 12, 31))
            assert equity.amount("EQ_SHU") == income.amount("TOTAL") == end.amount(
                "SHU_CURRENT")
            assert equity.amount("TOTAL") == end.amount("EQUITY")
            assert equity.amount("EQ_OPENING") == end.line("EQUITY").previous
            assert cash.amount("TOTAL") == end.amount("CASH")
            assert cash.amount("CF_OPENING") == end.line("CASH").previous
        raise _Rollback


def test_statements_of_an_ordinary_year(book: Book) -> None:
    with book.transaction() as s:
        members = add_members(s, 3)
        a_year(s, members)
    with book.read() as s:
        bs = stm.balance_sheet(s, date(2025, 12, 31))
        income = stm.income_statement(s, 2025)
        cash = stm.cash_flow(s, 2025)
    assert bs.amount("PRINCIPAL_SAVINGS") == 300_000
    assert bs.amount("MANDATORY_SAVINGS") == 60_000
    assert bs.amount("VOLUNTARY_SAVINGS") == 300_000
    assert bs.amount("LOANS_RECEIVABLE") == 3 * 750_000
    assert income.amount("LOAN_INTEREST") == 90_000
    assert income.amount("TOTAL_EXPENSES") == 155_000
    assert income.amount("TOTAL") == 90_000 - 155_000
    assert bs.amount("SHU_CURRENT") == income.amount("TOTAL")
    assert cash.amount("CF_LOANS_DISBURSED") == -3_000_000
    assert cash.amount("CF_LOANS_REPAID") == 750_000
    assert cash.amount("CF_LOAN_INCOME") == 90_000
    assert cash.amount("CF_SAVINGS_IN") == 660_000
    assert cash.amount("CF_EXPENSES") == -155_000
    assert cash.final.code == "TOTAL" and cash.amount("TOTAL") == bs.amount("CASH")
    assert [ln.code for ln in bs.lines if ln.has_amount][-1] == "LIABILITIES_EQUITY"


def test_previous_year_is_shown_beside_and_closed_years_keep_their_income(book: Book) -> None:
    with book.transaction() as s:
        members = add_members(s, 2)
        a_year(s, members, 2025)
        closing.close_year(s, 2025, today=date(2026, 1, 5))
        repay(s, members[0], 100_000, 7_000, date(2026, 4, 1))
    with book.read() as s:
        income = stm.income_statement(s, 2026)
        bs = stm.balance_sheet(s, date(2026, 6, 30))
    assert income.line("LOAN_INTEREST").previous == 15_000 + 30_000
    assert income.amount("LOAN_INTEREST") == 7_000
    assert income.line("TOTAL").previous == 45_000 - 155_000
    assert bs.previous_end == date(2025, 12, 31)
    assert bs.line("SHU_CURRENT").previous == 45_000 - 155_000
    assert bs.amount("SHU_CURRENT") == 7_000
    # The closed year's loss now sits in the SHU account, shown with earlier SHU.
    assert bs.amount("RETAINED_SHU") == 45_000 - 155_000


def test_lines_keep_their_accounts_for_drill_down(book: Book) -> None:
    with book.transaction() as s:
        members = add_members(s, 1)
        save(s, members[0], "savings.pokok", 100_000, date(2025, 1, 10))
        journal.post_entry(s, date=date(2025, 1, 11), memo="ke bank",
                           lines=[Line("bank", 60_000), Line("cash", -60_000)])
    with book.read() as s:
        cash = stm.balance_sheet(s, date(2025, 12, 31)).line("CASH")
    assert {(a.code, a.amount) for a in cash.accounts} == {("1101", 40_000), ("1110", 60_000)}
    assert sum(a.amount for a in cash.accounts) == cash.amount


def test_the_cooperative_may_move_an_account_to_another_line(book: Book) -> None:
    with book.transaction() as s:
        members = add_members(s, 1)
        save(s, members[0], "savings.pokok", 100_000, date(2025, 1, 10))
        mapping.set_line(s, "3101", "OTHER_LIABILITIES")
    with book.read() as s:
        bs = stm.balance_sheet(s, date(2025, 12, 31))
        rows = {r.code: r for r in mapping.mapping_rows(s)}
    assert bs.amount("PRINCIPAL_SAVINGS") == 0
    assert bs.amount("OTHER_LIABILITIES") == 100_000
    assert bs.amount("ASSETS") == bs.amount("LIABILITIES_EQUITY")
    assert rows["3101"].line == "OTHER_LIABILITIES" and rows["3101"].chosen
    with book.transaction() as s:
        mapping.reset_line(s, "3101")
    with book.read() as s:
        assert stm.balance_sheet(s, date(2025, 12, 31)).amount("PRINCIPAL_SAVINGS") == 100_000


@pytest.mark.parametrize(("account", "line", "message"), [
    ("1101", "VOLUNTARY_SAVINGS", "not a line"),
    ("4101", "CASH", "not a line"),
    ("3101", "SHU_CURRENT", "not a line"),
    ("1101", "NONSENSE", "not a line"),
])
def test_a_wrong_mapping_is_refused(book: Book, account: str, line: str, message: str) -> None:
    with pytest.raises(UserError, match=message), book.transaction() as s:
        mapping.set_line(s, account, line)


def test_a_new_account_lands_on_a_sensible_line(book: Book) -> None:
    from coopdesk.ledger import accounts

    with book.transaction() as s:
        accounts.add_account(s, "1111", "Bank BRI", "asset")
        accounts.add_account(s, "5210", "Beban sewa kantor", "expense")
        journal.post_entry(s, date=date(2025, 2, 1), memo="sewa",
                           lines=[Line("5210", 500_000), Line("1111", -500_000)])
    with book.read() as s:
        bs = stm.balance_sheet(s, date(2025, 12, 31))
        income = stm.income_statement(s, 2025)
    assert bs.amount("CASH") == -500_000
    assert income.amount("GENERAL") == 500_000


def test_cash_flow_of_a_loan_with_its_fee_taken_at_disbursement(book: Book) -> None:
    with book.transaction() as s:
        members = add_members(s, 1)
        save(s, members[0], "savings.sukarela", 2_000_000, date(2025, 1, 5))
        journal.post_entry(s, date=date(2025, 2, 1), memo="cair", lines=[
            Line("loans.receivable", 1_000_000, members[0]),
            Line("income.loan_fees", -20_000, members[0]), Line("cash", -980_000)])
    with book.read() as s:
        cash = stm.cash_flow(s, 2025)
        tb = reports.trial_balance(s, date(2025, 12, 31))
    assert cash.amount("CF_LOANS_DISBURSED") == -1_000_000
    assert cash.amount("CF_LOAN_INCOME") == 20_000
    assert cash.amount("CF_NET") == 2_000_000 - 980_000
    assert cash.amount("TOTAL") == next(r.balance for r in tb.rows if r.code == "1101")


def test_reading_statements_needs_the_right_to_read(book: Book) -> None:
    from coopdesk.access import Actor, Role
    from coopdesk.errors import PermissionDenied

    nobody = Actor("tamu", Role.READONLY)
    with book.read(actor=nobody) as s:
        stm.balance_sheet(s, date(2025, 12, 31))
    with pytest.raises(PermissionDenied), book.transaction(actor=nobody) as s:
        mapping.set_line(s, "3101", "OTHER_LIABILITIES")
    with book.transaction() as s:
        lend(s, add_members(s, 1)[0], 10_000, date(2025, 1, 2))
        spend(s, "expense.office", 1_000, date(2025, 1, 3))


def test_a_closed_years_cash_flow_is_kept_and_follows_the_mapping(book: Book) -> None:
    from coopdesk.ledger.statements import balances

    with book.transaction() as s:
        a_year(s, add_members(s, 3))
        live = stm.cash_flow(s, 2025)
        closing.close_year(s, 2025, today=date(2026, 1, 5))
        kept = s.scalar(text_count("cash_flow_cache"))
    assert kept and kept > 0
    with book.read() as s:
        assert stm.cash_flow(s, 2025).lines == live.lines
    with book.transaction() as s:
        mapping.set_line(s, "1110", "OTHER_RECEIVABLES")  # the bank is no longer cash
        ids = mapping.load_mapping(s).cash_accounts()
        fresh = balances.year_cash_flows(s, 2025, ids)
        assert fresh == balances.cash_counterparts(s, date(2025, 1, 1), date(2025, 12, 31), ids)
        closing.reopen_year(s, 2025, reason="koreksi")
        assert s.scalar(text_count("cash_flow_cache")) == 0


def text_count(table: str) -> object:
    from sqlalchemy import text

    return text(f"SELECT COUNT(*) FROM {table}")


def test_month_end_snapshots_do_not_change_the_statements(book: Book,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from coopdesk.ledger import snapshots

    with book.transaction() as s:
        a_year(s, add_members(s, 4))
    with book.read() as s:
        before = [stm.build(s, k, 2025) for k in stm.StatementKind]
    monkeypatch.setattr(snapshots, "WORTH_IT", 0)
    with book.transaction() as s:
        assert snapshots.refresh(s, through=date(2025, 12, 31)) > 0
        lend(s, add_members(s, 1, start=50)[0], 70_000, date(2025, 3, 3))  # after the snapshot
    with book.read() as s:
        after = [stm.build(s, k, 2025) for k in stm.StatementKind]
    assert after[0].amount("LOANS_RECEIVABLE") == before[0].amount("LOANS_RECEIVABLE") + 70_000
    assert [st.amount("TOTAL") for st in after[1:]] == [
        before[1].amount("TOTAL"), before[2].amount("TOTAL"), before[3].amount("TOTAL") - 70_000]
