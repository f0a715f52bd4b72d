"""Savings: deposits and withdrawals keep the ledger balanced and the rules of each kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.errors import UserError, ValidationError
from coopdesk.ledger import journal, savings, savings_dues, savings_leave
from coopdesk.ledger.journal import credit, debit
from coopdesk.ledger.savings import Remittance
from tests.members.factories import member

D = date(2025, 3, 10)


def _counts(book: Book) -> tuple[int, ...]:
    with book.read() as s:
        return tuple(int(s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one())
                     for t in ("journal_entry", "receipt", "audit_log"))


def _deposit(book: Book, no: str, kind: savings.Kind, amount: int | None = None,
             on: date = D, **kw: object) -> savings.Movement:
    with book.transaction() as s:
        return savings.deposit(s, member_no=no, kind=kind, amount=amount, on=on,
                               **kw)  # type: ignore[arg-type]


def test_pokok_is_paid_once_and_makes_a_prospective_member_a_member(book: Book) -> None:
    m = member(book, status="calon", joined_on=None)
    first = _deposit(book, m.member_no, "pokok", 150_000)
    assert (first.amount, first.balance_after) == (150_000, 150_000)
    with pytest.raises(UserError, match="still to pay is Rp50,000"):
        _deposit(book, m.member_no, "pokok", 100_000)
    rest = _deposit(book, m.member_no, "pokok")  # the default: what is still due
    assert rest.amount == 50_000
    with book.read() as s:
        row = s.execute(text("SELECT status, joined_on FROM member")).one()
    assert (row[0], str(row[1])) == ("anggota", "2025-03-10")
    with pytest.raises(UserError, match="already paid"):
        _deposit(book, m.member_no, "pokok", 1)


def test_each_deposit_is_one_balanced_entry_with_its_receipt(book: Book) -> None:
    m = member(book)
    mv = _deposit(book, m.member_no, "wajib")
    assert mv.amount == 10_000 and mv.receipt.total == 10_000
    with book.read() as s:
        e = journal.get_entry(s, mv.entry_id)
    assert [(ln.account_code, ln.amount, ln.member_no) for ln in e.lines] == [
        ("1101", 10_000, None), ("3102", -10_000, m.member_no)]
    assert mv.receipt.entry_id == e.id and mv.receipt.direction == "in"


def test_sukarela_never_goes_below_zero(book: Book) -> None:
    m = member(book)
    _deposit(book, m.member_no, "sukarela", 100_000)
    before = _counts(book)
    with pytest.raises(UserError, match="cannot be taken out"), book.transaction() as s:
        savings.withdraw(s, member_no=m.member_no, kind="sukarela", amount=100_001, on=D)
    assert _counts(book) == before
    with book.transaction() as s:
        out = savings.withdraw(s, member_no=m.member_no, kind="sukarela", amount=100_000, on=D)
    assert out.balance_after == 0 and out.receipt.direction == "out"


@pytest.mark.parametrize("kind", ["pokok", "wajib"])
def test_a_current_member_cannot_take_out_pokok_or_wajib(book: Book, kind: savings.Kind
                                                        ) -> None:
    m = member(book)
    _deposit(book, m.member_no, kind, 10_000)
    with pytest.raises(UserError, match="only when a member leaves"), book.transaction() as s:
        savings.withdraw(s, member_no=m.member_no, kind=kind, amount=5_000, on=D)


def test_a_remittance_keeps_currency_amount_rate_and_channel(book: Book) -> None:
    m = member(book)
    mv = _deposit(book, m.member_no, "sukarela", remittance=Remittance(
        "hkd", Decimal("1000.50"), Decimal("2050"), "Western Union"))
    assert mv.amount == 2_051_025
    assert mv.receipt.note and "HKD" in mv.receipt.note
    with book.read() as s:
        kept = savings.remittances(s, m.id)[mv.entry_id]
    assert (kept.currency, kept.foreign_amount, kept.rate, kept.channel) == (
        "HKD", Decimal("1000.50"), Decimal("2050"), "Western Union")
    derived = _deposit(book, m.member_no, "sukarela", 5_430_000,
                       remittance=Remittance("TWD", Decimal("10000")))
    with book.read() as s:
        assert savings.remittances(s, m.id)[derived.entry_id].rate == Decimal("543")


@pytest.mark.parametrize(("remittance", "amount", "message"), [
    (Remittance("IDR", Decimal(100), Decimal(1)), None, "foreign currency"),
    (Remittance("KRW", Decimal("100.5"), Decimal(12)), None, "decimals"),
    (Remittance("MYR", Decimal(100), Decimal(3500)), 500_000, "check the rate"),
    (Remittance("MYR", Decimal(100)), None, "exchange rate"),
])
def test_bad_remittances_are_refused(book: Book, remittance: Remittance, amount: int | None,
                                     message: str) -> None:
    m = member(book)
    with pytest.raises(UserError, match=message):
        _deposit(book, m.member_no, "sukarela", amount, remittance=remittance)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["in", "out"]), st.integers(1, 5_000_000)),
                min_size=1, max_size=12))
def test_any_sequence_keeps_the_ledger_balanced_and_sukarela_never_negative(
        book: Book, steps: list[tuple[str, int]]) -> None:
    m = member(book, "Hypo")  # a new member for each example; the book is shared
    expected = 0
    with book.read() as s:
        start = savings.balances(s, m.id).sukarela
    for direction, amount in steps:
        try:
            with book.transaction() as s:
                if direction == "in":
                    savings.deposit(s, member_no=m.member_no, kind="sukarela", amount=amount,
                                    on=D)
                else:
                    savings.withdraw(s, member_no=m.member_no, kind="sukarela", amount=amount,
                                     on=D)
            expected += amount if direction == "in" else -amount
        except UserError:
            assert direction == "out" and amount > start + expected
    with book.read() as s:
        assert savings.balances(s, m.id).sukarela == start + expected >= 0
        unbalanced = s.execute(text("SELECT entry_id FROM posting GROUP BY entry_id "
                                    "HAVING SUM(amount) <> 0")).all()
        cash = s.execute(text("SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN account a "
                              "ON a.id = p.account_id WHERE a.role = 'cash'")).scalar_one()
        savings_total = s.execute(text(
            "SELECT COALESCE(SUM(p.amount), 0) FROM posting p JOIN account a ON a.id = "
            "p.account_id WHERE a.role LIKE 'savings.%'")).scalar_one()
    assert unbalanced == []
    assert cash == -savings_total


def test_arrears_count_months_from_joining_and_allow_paying_ahead(book: Book) -> None:
    monthly = 10_000
    never = member(book, "Never", joined_on=date(2025, 1, 20))
    behind = member(book, "Behind", joined_on=date(2025, 1, 6))
    ahead = member(book, "Ahead", joined_on=date(2025, 1, 6))
    member(book, "Later", joined_on=date(2025, 7, 1))
    _deposit(book, behind.member_no, "wajib", 2 * monthly, on=date(2025, 2, 10))
    _deposit(book, behind.member_no, "wajib", 5_000, on=date(2025, 3, 10))
    _deposit(book, ahead.member_no, "wajib", 12 * monthly, on=date(2025, 1, 10))
    with book.read() as s:
        a = savings_dues.arrears(s, 2025, 4, as_of=date(2025, 4, 30))
    got = {r.name: (r.months_due, r.paid, r.months_owed, r.amount_owed) for r in a.rows}
    assert got == {"Never": (4, 0, 4, 40_000), "Behind": (4, 25_000, 2, 15_000)}
    assert [r.name for r in a.rows] == ["Never", "Behind"]
    assert a.members_counted == 3 and a.total_owed == 55_000
    with book.read() as s:
        assert [r.name for r in savings_dues.arrears(s, 2025, 4, as_of=date(2025, 4, 30),
                                                     min_months=3).rows] == ["Never"]
        # Payments after `as_of` do not count.
        early = savings_dues.arrears(s, 2025, 2, as_of=date(2025, 2, 1))
    assert {r.name for r in early.rows} == {"Never", "Behind"}
    assert {r.months_due for r in early.rows} == {1}  # February is due only from the 10th
    assert never.member_no != ahead.member_no


def test_batch_dues_are_one_transaction_all_or_nothing(book: Book) -> None:
    a = member(book, "A")
    b = member(book, "B")
    gone = member(book, "Gone")
    with book.transaction() as s:
        savings_leave.leave(s, gone.member_no, on=D, reason="pindah")
    with book.read() as s:
        sheet = savings_dues.dues_sheet(s, D)
    assert [(line.name, line.amount, line.months_owed) for line in sheet] == [
        ("A", 10_000, 3), ("B", 10_000, 3)]
    before = _counts(book)
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        savings_dues.record_dues(s, on=D, payments=[(a.member_no, 10_000),
                                                    (gone.member_no, 10_000), ("Z9", 5)])
    assert [p.row for p in info.value.problems] == [2, 3]
    assert _counts(book) == before
    with book.transaction() as s:
        result = savings_dues.record_dues(s, on=D, payments=[(a.member_no, 30_000),
                                                             (b.member_no, 0)])
    assert (result.count, result.total) == (1, 30_000)
    with book.read() as s:
        assert savings_dues.arrears(s, 2025, 3, as_of=D).rows[0].name == "B"
        numbers = s.execute(text("SELECT number FROM receipt ORDER BY id")).scalars().all()
    assert numbers == ["KW/2025/000001"]


def test_leaving_settles_savings_against_the_loan_owed(book: Book) -> None:
    m = member(book)
    _deposit(book, m.member_no, "pokok", 200_000)
    _deposit(book, m.member_no, "wajib", 120_000)
    _deposit(book, m.member_no, "sukarela", 500_000)
    with book.transaction() as s:
        journal.post_entry(s, date=D, memo="pinjaman", source="loan", lines=[
            debit("loans.receivable", 300_000, member_id=m.id), credit("cash", 300_000)])
    with book.read() as s:
        preview = savings_leave.settlement(s, m.member_no)
    assert (preview.savings.total, preview.owed_total, preview.payout) == (820_000, 300_000,
                                                                           520_000)
    with book.transaction() as s:
        done = savings_leave.leave(s, m.member_no, on=date(2025, 6, 30), reason="pindah kota")
    assert done.receipt is not None and done.receipt.total == 520_000
    assert [ln.amount for ln in done.receipt.lines] == [200_000, 120_000, 500_000, -300_000]
    with book.read() as s:
        after = savings.balances(s, m.id)
        owed = s.execute(text("SELECT SUM(p.amount) FROM posting p JOIN account a ON a.id = "
                              "p.account_id WHERE a.role = 'loans.receivable'")).scalar_one()
        row = s.execute(text("SELECT status, left_on, left_reason FROM member")).one()
    assert after.total == 0 and owed == 0
    assert (row[0], str(row[1]), row[2]) == ("keluar", "2025-06-30", "pindah kota")
    with pytest.raises(UserError, match="has left"):
        _deposit(book, m.member_no, "sukarela", 1_000)


def test_a_member_who_owes_more_than_saved_cannot_leave_yet(book: Book) -> None:
    m = member(book)
    _deposit(book, m.member_no, "pokok", 200_000)
    with book.transaction() as s:
        journal.post_entry(s, date=D, memo="pinjaman", lines=[
            debit("loans.receivable", 500_000, member_id=m.id), credit("cash", 500_000)])
    before = _counts(book)
    with pytest.raises(UserError, match="Rp300,000 must be paid first"), \
            book.transaction() as s:
        savings_leave.leave(s, m.member_no, on=D, reason="x")
    assert _counts(book) == before
