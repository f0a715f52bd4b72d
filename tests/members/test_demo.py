"""The demo's register and savings: migrant histories, households, dues with gaps, remittances."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.demo import (
    DemoPlan,
    journal_step,
    members_step,
    savings_register,
    savings_step,
    setup_step,
)
from coopdesk.ledger import receipts, savings_dues, savings_wajib

TODAY = date(2026, 6, 15)


def _build(url: str, seed: int = 3) -> Book:
    book = Book.open(url)
    plan = DemoPlan(members=60, years=3, seed=seed, today=TODAY)
    with book.transaction() as s:
        for step in (setup_step.run, members_step.run, savings_register.run, journal_step.run,
                     savings_step.run):
            step(s, plan)
    return book


def _facts(book: Book) -> dict[str, object]:
    with book.read() as s:
        def one(sql: str) -> object:
            return s.execute(text(sql)).scalar_one()

        return {
            "unbalanced": one("SELECT COUNT(*) FROM (SELECT entry_id FROM posting GROUP BY "
                              "entry_id HAVING SUM(amount) <> 0) x"),
            "countries": one("SELECT COUNT(DISTINCT country) FROM placement"),
            "open": one("SELECT COUNT(*) FROM placement WHERE return_date IS NULL"),
            "children_cared": one("SELECT COUNT(*) FROM household_person WHERE caregiver IS NOT "
                                  "NULL"),
            "receipts": one("SELECT COUNT(*) FROM receipt"),
            "remittances": one("SELECT COUNT(*) FROM remittance"),
            "currencies": one("SELECT COUNT(DISTINCT currency) FROM remittance"),
            "negative": one(
                "SELECT COUNT(*) FROM (SELECT p.member_id FROM posting p JOIN account a ON "
                "a.id = p.account_id WHERE a.role LIKE 'savings.%' GROUP BY p.member_id, "
                "p.account_id HAVING SUM(p.amount) > 0) x"),
            "entries": one("SELECT COUNT(*) FROM journal_entry"),
        }


def test_the_demo_register_and_savings_are_realistic_and_deterministic(empty_book_url: str
                                                                         ) -> None:
    with _build(empty_book_url) as book:
        facts = _facts(book)
        with book.read() as s:
            behind = savings_dues.arrears(s, 2026, 5, as_of=TODAY)
    assert facts["unbalanced"] == 0 and facts["negative"] == 0
    assert facts["countries"] >= 4 and facts["open"] >= 1 and facts["children_cared"] >= 1
    assert facts["receipts"] > 100 and facts["remittances"] > 0 and facts["currencies"] >= 2
    assert 0 < len(behind.rows) < behind.members_counted  # gaps, but not everyone behind


def test_the_demo_meeting_raised_the_wajib_and_each_month_is_paid_at_its_amount(
        empty_book_url: str) -> None:
    with _build(empty_book_url) as book, book.read() as s:
        schedule = savings_wajib.wajib_schedule(s)
        single = [(r.date, r.total) for r in receipts.list_receipts(
            s, kind="savings.wajib.deposit", limit=None) if r.total in (10_000, 15_000)]
        sheet = savings_dues.dues_sheet(s, TODAY)
        before = savings_dues.arrears(s, 2026, 3, as_of=date(2026, 3, 31))
    [raised] = schedule.changes
    assert (raised.valid_from, raised.amount) == (date(2026, 4, 1), schedule.base + 5_000)
    # Before April no month cost 15.000; from April on, the month just due does.
    assert {total for day, total in single if day < raised.valid_from} == {10_000}
    assert 15_000 in {total for day, total in single if day >= date(2026, 4, 10)}
    assert {line.amount for line in sheet} == {15_000}
    assert before.monthly == 10_000



def test_the_same_seed_gives_the_same_book(tmp_path: Path) -> None:
    paths = [tmp_path / "a.coopdesk", tmp_path / "b.coopdesk"]
    for path in paths:
        Book.open(path, create=True).close()
    with _build(str(paths[0])) as a, _build(str(paths[1])) as b:
        assert _facts(a) == _facts(b)
