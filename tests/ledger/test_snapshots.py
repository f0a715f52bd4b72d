"""Month-end snapshots give exactly the balances a plain sum of postings gives, whatever is
posted after them (back-dated entries included)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.ledger import journal, reports, snapshots
from coopdesk.ledger.journal import NewEntry, credit, debit

ACCOUNTS = ["cash", "bank", "savings.sukarela", "savings.wajib", "income.other",
            "expense.office"]


def _plain(book: Book, as_of: date) -> dict[int, int]:
    with book.read() as s:
        rows = s.execute(text("SELECT account_id, SUM(amount) FROM posting WHERE date <= :d "
                              "GROUP BY account_id"), {"d": as_of}).all()
    return {acc: int(total) for acc, total in rows if total}


entry = st.builds(
    lambda d, a, b, x: NewEntry(d, "e", (debit(a, x), credit(b, x))),
    st.dates(date(2025, 1, 1), date(2026, 10, 31)),
    st.sampled_from(ACCOUNTS), st.sampled_from(ACCOUNTS), st.integers(1, 10**9),
)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(entry, min_size=1, max_size=25),
       after=st.lists(entry, max_size=10),
       days=st.lists(st.dates(date(2024, 12, 1), date(2026, 12, 31)), min_size=1, max_size=6))
def test_snapshot_balances_equal_plain_sums(book: Book, monkeypatch: pytest.MonkeyPatch,
                                            before: list[NewEntry], after: list[NewEntry],
                                            days: list[date]) -> None:
    monkeypatch.setattr(snapshots, "WORTH_IT", 0)
    with book.transaction() as s:
        journal.post_entries(s, before)
        snapshots.refresh(s, through=date(2026, 9, 30))
    with book.transaction() as s:
        journal.post_entries(s, after)  # some land in months that already have snapshots
    for as_of in days:
        with book.read() as s:
            assert snapshots.balances_as_of(s, as_of) == _plain(book, as_of)
            tb = reports.trial_balance(s, as_of)
        assert tb.balanced


def test_refresh_writes_month_ends_only_for_big_books(book: Book,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with book.transaction() as s:
        journal.post_entries(s, [NewEntry(date(2025, 1, 5), "e", (debit("cash", 5),
                                                                   credit("bank", 5)))])
        assert snapshots.refresh(s, through=date(2025, 6, 30)) == 0
    monkeypatch.setattr(snapshots, "WORTH_IT", 1)
    with book.transaction() as s:
        assert snapshots.refresh(s, through=date(2025, 6, 30)) == 6
        months = s.execute(text("SELECT DISTINCT month_end FROM balance_snapshot "
                                "ORDER BY month_end")).scalars().all()
    assert [str(m)[:10] for m in months] == [
        "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"]
