"""The demo cooperative shows SHU sharing: every closed year makes a modest surplus, which is
distributed and paid; the current year stays open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coopdesk.book import Book
from coopdesk.demo import DemoPlan, build_demo
from coopdesk.ledger import periods, reports
from coopdesk.ledger import statements as stm
from coopdesk.ledger.shu.distribute import distribution_of

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(("members", "years"), [(120, 2), (120, 3), (60, 4)])
def test_every_closed_year_of_the_demo_shares_a_modest_shu(tmp_path: Path, members: int,
                                                           years: int) -> None:
    with Book.open(tmp_path / "demo.coopdesk", create=True) as book:
        plan = build_demo(book, DemoPlan(members=members, years=years, today=TODAY))
        with book.read() as s:
            closed = {y.year: y.closed for y in periods.list_years(s)}
            figures = {}
            for year in range(TODAY.year - years + 1, TODAY.year):
                income = stm.income_statement(s, year)
                done = distribution_of(s, year)
                figures[year] = (income.amount("TOTAL_INCOME"), income.amount("TOTAL"),
                                 done.pool if done else None)
            owed = reports.account_register(s, "shu.members_payable").closing
            meetings = [r for r in reports.account_register(s, "expense.rat").rows
                        if r.amount > 0]  # the closing entries credit it
    assert plan.counts["shu_years"] == plan.counts["years_closed"] == years - 1
    assert not closed[TODAY.year] and all(closed[y] for y in figures)
    for year, (income, shu, pool) in figures.items():
        assert pool == shu, year  # distributed, all of it
        # A surplus a village cooperative can show its members: neither a loss nor a windfall.
        assert 0.10 * income <= shu <= 0.60 * income, (year, income, shu)
    assert owed == 0  # every member's share paid
    assert [m.date for m in meetings] == [date(y + 1, 3, 14) for y in figures]
