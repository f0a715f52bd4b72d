"""The journal's promises: balanced entries, gapless numbers, immutability, reversals, periods."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, IntegrityError

from coopdesk.book import Book
from coopdesk.errors import UserError, ValidationError
from coopdesk.ledger import journal, periods, reports
from coopdesk.ledger.journal import Line, NewEntry, credit, debit

D = date(2025, 3, 1)


def _post(
    book: Book, amount: int = 100_000, on: date = D, memo: str = "test"
) -> journal.PostedEntry:
    with book.transaction() as s:
        return journal.post_entry(s, date=on, memo=memo,
                                  lines=[debit("cash", amount), credit("savings.sukarela", amount)])


def _count(book: Book, table: str) -> int:
    with book.read() as s:
        return int(s.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_post_balanced_entry(book: Book) -> None:
    e = _post(book, 250_000, memo="Setoran sukarela")
    assert (e.year, e.number) == (2025, 1)
    assert [(ln.account_code, ln.amount) for ln in e.lines] == [("1101", 250_000),
                                                                ("2101", -250_000)]
    with book.read() as s:
        again = journal.get_entry(s, e.id)
    assert again == e


def test_numbers_are_gapless_per_year_even_after_a_refused_entry(book: Book) -> None:
    a = _post(book)
    with pytest.raises(ValidationError), book.transaction() as s:
        journal.post_entry(s, date=D, memo="bad", lines=[debit("cash", 5), credit("bank", 4)])
    b = _post(book)
    c = _post(book, on=date(2026, 1, 5))
    assert (a.number, b.number) == (1, 2)
    assert (c.year, c.number) == (2026, 1)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([debit("cash", 100), credit("bank", 90)], "does not balance"),
        ([debit("cash", 100)], "at least two lines"),
        ([debit("cash", 100), credit("9999", 100)], "no account with code 9999"),
        ([debit("cash", 0), credit("bank", 0)], "amount is zero"),
        ([Line("cash", 10.5), Line("bank", -10.5)], "whole rupiah"),  # type: ignore[arg-type]
        ([debit("nonsense.role", 5), credit("cash", 5)], "no account for"),
    ],
)
def test_bad_entries_are_refused_and_change_nothing(book: Book, lines: list[Line],
                                                    message: str) -> None:
    before = _count(book, "posting"), _count(book, "journal_entry"), _count(book, "audit_log")
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        journal.post_entry(s, date=D, memo="x", lines=lines)
    assert message in str(info.value)
    assert (_count(book, "posting"), _count(book, "journal_entry"),
            _count(book, "audit_log")) == before


def test_every_problem_is_listed_at_once(book: Book) -> None:
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        journal.post_entry(s, date=date(2019, 1, 1), memo="x",
                           lines=[debit("cash", 100), credit("9999", 90)])
    text_ = str(info.value)
    assert "9999" in text_ and "before the book's first financial year" in text_


def test_database_refuses_to_change_or_delete_posted_entries(book: Book) -> None:
    e = _post(book)
    statements = [
        f"UPDATE posting SET amount = amount + 1 WHERE entry_id = {e.id}",
        f"DELETE FROM posting WHERE entry_id = {e.id}",
        f"UPDATE journal_entry SET memo = 'changed' WHERE id = {e.id}",
        f"DELETE FROM journal_entry WHERE id = {e.id}",
        "INSERT INTO posting (entry_id, account_id, date, amount) "
        f"VALUES ({e.id}, 1, '2025-03-01', 5)",
    ]
    for sql in statements:
        with pytest.raises(DatabaseError, match="posted journal entry"), book.transaction() as s:
            s.execute(text(sql))
    with book.read() as s:
        assert journal.get_entry(s, e.id) == e


def test_database_refuses_to_post_an_unbalanced_entry_written_around_the_service(book: Book
                                                                              ) -> None:
    with pytest.raises((DatabaseError, IntegrityError), match="unbalanced"), \
            book.transaction() as s:
        s.execute(text(
            "INSERT INTO journal_entry (id, year, date, memo, source, status, created_by, "
            "created_at) VALUES (9001, 2025, '2025-03-01', 'sneaky', 'manual', 'draft', 'x', "
            "'2025-03-01 00:00:00')"))
        s.execute(text("INSERT INTO posting (entry_id, account_id, date, amount) VALUES "
                       "(9001, 1, '2025-03-01', 100), (9001, 2, '2025-03-01', -99)"))
        s.execute(text("UPDATE journal_entry SET status = 'posted', number = 99 WHERE id = 9001"))


def test_reversal_cancels_and_links(book: Book) -> None:
    e = _post(book, 75_000)
    with book.transaction() as s:
        r = journal.reverse_entry(s, e.id)
    assert r.reverses_id == e.id
    assert [ln.amount for ln in r.lines] == [-ln.amount for ln in e.lines]
    with book.read() as s:
        assert journal.get_entry(s, e.id).reversed_by_id == r.id
        tb = reports.trial_balance(s, date(2025, 12, 31))
    assert tb.rows == ()
    with pytest.raises(UserError, match="already reversed"), book.transaction() as s:
        journal.reverse_entry(s, e.id)
    with pytest.raises(UserError, match="itself a reversal"), book.transaction() as s:
        journal.reverse_entry(s, r.id)


def test_closed_period_refuses_postings_until_reopened(book: Book) -> None:
    _post(book, on=date(2025, 1, 20))
    with book.transaction() as s:
        periods.lock_through(s, date(2025, 1, 31))
    with pytest.raises(ValidationError, match="closed"):
        _post(book, on=date(2025, 1, 31))
    _post(book, on=date(2025, 2, 1))
    with pytest.raises(UserError, match="reason"), book.transaction() as s:
        periods.reopen_period(s, 2025, reason=" ")
    with book.transaction() as s:
        periods.reopen_period(s, 2025, reason="koreksi kas Januari")
    _post(book, on=date(2025, 1, 31))


def test_a_date_far_in_the_future_is_taken_for_a_slip(book: Book) -> None:
    with pytest.raises(ValidationError, match="more than a year ahead"):
        _post(book, on=date(2099, 1, 1))


def test_batch_posting_is_all_or_nothing(book: Book) -> None:
    good = NewEntry(D, "ok", (debit("cash", 10), credit("bank", 10)))
    bad = NewEntry(D, "bad", (debit("cash", 10), credit("bank", 9)))
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        journal.post_entries(s, [good, good, bad, good])
    assert info.value.problems[0].row == 3
    assert _count(book, "journal_entry") == 0
    with book.transaction() as s:
        ids = journal.post_entries(s, [good] * 5)
    with book.read() as s:
        numbers = [journal.get_entry(s, i).number for i in ids]
    assert numbers == [1, 2, 3, 4, 5]


ACCOUNTS = ["cash", "bank", "savings.sukarela", "savings.pokok", "income.other",
            "expense.office", "loans.receivable"]


@st.composite
def entries(draw: st.DrawFn) -> NewEntry:
    n = draw(st.integers(1, 4))
    amounts = draw(st.lists(st.integers(1, 10**10), min_size=n, max_size=n))
    debit_accounts = draw(st.lists(st.sampled_from(ACCOUNTS), min_size=n, max_size=n))
    credit_account = draw(st.sampled_from(ACCOUNTS))
    lines = [debit(a, x) for a, x in zip(debit_accounts, amounts, strict=True)]
    lines.append(credit(credit_account, sum(amounts)))
    day = draw(st.dates(date(2025, 1, 1), date(2026, 6, 30)))
    return NewEntry(day, "prop", tuple(lines))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(entries(), st.booleans()), min_size=1, max_size=6))
def test_postings_and_reversals_keep_every_entry_balanced(book: Book,
                                                          plan: list[tuple[NewEntry, bool]]
                                                          ) -> None:
    """Any sequence of postings and reversals: every entry sums to zero, the trial balance is
    zero, and each account's balance equals the sum of its postings."""
    with book.transaction() as s:
        for entry, reverse in plan:
            posted = journal.post_entry(s, entry)
            if reverse:
                journal.reverse_entry(s, posted.id)
    with book.read() as s:
        unbalanced = s.execute(text(
            "SELECT entry_id FROM posting GROUP BY entry_id HAVING SUM(amount) <> 0")).all()
        assert unbalanced == []
        tb = reports.trial_balance(s, date(2026, 12, 31))
        assert tb.total_debit == tb.total_credit
        sums = dict(s.execute(text(
            "SELECT a.code, SUM(p.amount) FROM posting p JOIN account a ON a.id = p.account_id "
            "GROUP BY a.code")).all())
        assert {r.code: r.balance for r in tb.rows} == {k: v for k, v in sums.items() if v}
