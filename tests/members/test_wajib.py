"""The simpanan wajib amount changes over the years: each month is owed at its own amount."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from coopdesk.access import Actor, Role
from coopdesk.book import Book
from coopdesk.cli import main
from coopdesk.errors import PermissionDenied, UserError
from coopdesk.ledger import savings, savings_dues
from coopdesk.ledger.savings_wajib import (
    DuesTable,
    WajibChange,
    WajibSchedule,
    month_index,
    set_wajib_amount,
    wajib_schedule,
)
from tests.members.factories import member

JULY = date(2025, 7, 1)


def _raise_in_july(book: Book) -> None:
    with book.transaction() as s:
        set_wajib_amount(s, 15_000, from_month=date(2025, 7, 20), note="RAT 2025")


def _pay(book: Book, no: str, amount: int | None, on: date) -> savings.Movement:
    with book.transaction() as s:
        return savings.deposit(s, member_no=no, kind="wajib", amount=amount, on=on)


def test_a_mid_year_change_counts_each_month_at_its_own_amount(book: Book) -> None:
    exact = member(book, "Exact")  # paid January to June at the old amount
    part = member(book, "Part")  # and 10.000 more: July not paid in full
    ahead = member(book, "Ahead")  # ten months at the old amount: short after the change
    _raise_in_july(book)
    _pay(book, exact.member_no, 60_000, date(2025, 6, 10))
    _pay(book, part.member_no, 70_000, date(2025, 6, 10))
    _pay(book, ahead.member_no, 100_000, date(2025, 1, 10))
    with book.read() as s:
        september = savings_dues.arrears(s, 2025, 9, as_of=date(2025, 9, 30))
        june = savings_dues.arrears(s, 2025, 6, as_of=date(2025, 6, 30))
    got = {r.name: (r.months_due, r.months_owed, r.amount_owed) for r in september.rows}
    # Jan-Jun at 10.000 and Jul-Sep at 15.000: 105.000 due.
    assert got == {"Exact": (9, 3, 45_000), "Part": (9, 3, 35_000), "Ahead": (9, 1, 5_000)}
    assert (september.monthly, june.monthly) == (15_000, 10_000)
    assert june.rows == ()


def test_the_dues_grid_and_the_counter_prefill_the_months_amount(book: Book) -> None:
    m = member(book)
    _raise_in_july(book)
    with book.read() as s:
        assert [d.amount for d in savings_dues.dues_sheet(s, date(2025, 6, 30))] == [10_000]
        assert [d.amount for d in savings_dues.dues_sheet(s, JULY)] == [15_000]
        assert savings.default_amount(s, m.member_no, "wajib", date(2025, 6, 30)) == 10_000
        assert savings.default_amount(s, m.member_no, "wajib", date(2025, 12, 31)) == 15_000
    assert _pay(book, m.member_no, None, date(2025, 8, 10)).amount == 15_000


def test_deciding_again_for_a_month_replaces_it_and_is_audited(book: Book) -> None:
    with book.transaction() as s:
        set_wajib_amount(s, 12_000, from_month=date(2026, 1, 1))
        set_wajib_amount(s, 15_000, from_month=JULY, note="RAT 2025")
        after = set_wajib_amount(s, 20_000, from_month=date(2026, 1, 31), note="RAT 2026")
        audited = s.execute(text("SELECT COUNT(*) FROM audit_log WHERE action = "
                                 "'savings.wajib_amount'")).scalar_one()
    assert after == WajibSchedule(10_000, (WajibChange(JULY, 15_000, "RAT 2025"),
                                           WajibChange(date(2026, 1, 1), 20_000, "RAT 2026")))
    assert audited == 3
    assert [after.amount_for(y, m) for y, m in ((2025, 6), (2025, 7), (2025, 12), (2027, 1))] \
        == [10_000, 15_000, 15_000, 20_000]


def test_only_those_who_may_change_settings_set_the_amount(book: Book) -> None:
    treasurer = Actor("bendahara", Role.BENDAHARA)
    with pytest.raises(PermissionDenied), book.transaction(treasurer) as s:
        set_wajib_amount(s, 15_000, from_month=JULY)
    with pytest.raises(UserError, match="more than zero"), book.transaction() as s:
        set_wajib_amount(s, 0, from_month=JULY)
    with book.read() as s:
        assert wajib_schedule(s).changes == ()


def test_the_command_line_records_and_lists_the_history(book_url: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["savings", "settings", "--db", book_url, "--wajib", "15000", "--from",
                 "2025-07", "--note", "RAT 2025"], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    lines = out.getvalue().splitlines()
    assert "at first" in lines[1] and "Rp10,000" in lines[1]
    assert "July 2025" in lines[2] and "Rp15,000" in lines[2] and "RAT 2025" in lines[2]
    code = main(["savings", "settings", "--db", book_url, "--note", "x"], stdout=out,
                stderr=err)
    assert code == 1 and "--wajib" in err.getvalue()


amounts = st.integers(1, 50_000)


@given(base=amounts, changes=st.lists(st.tuples(st.integers(0, 35), amounts), max_size=4),
       start=st.integers(0, 30), length=st.integers(1, 30), paid=st.integers(0, 2_000_000))
def test_payments_clear_the_oldest_months_first(base: int, changes: list[tuple[int, int]],
                                                start: int, length: int, paid: int) -> None:
    """Against counting month by month: how many months a sum pays in full, and what is due."""
    first = month_index(2024, 1)
    found = {k: a for k, a in changes}
    schedule = WajibSchedule(base, tuple(
        WajibChange(date(2024 + k // 12, k % 12 + 1, 1), a) for k, a in sorted(found.items())))
    table = DuesTable.build(schedule, first, first + 70)
    begin, end = first + start, first + start + length - 1
    months = schedule.amounts(begin, end)
    assert months == [schedule.amount_for(i // 12, i % 12 + 1) for i in range(begin, end + 1)]
    left, covered = paid, 0
    for amount in months:
        if left < amount:
            break
        left -= amount
        covered += 1
    assert table.months_covered(begin, end, paid) == covered
    assert table.due(begin, end) == sum(months)
