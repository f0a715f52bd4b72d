"""The exports load in independent tools and agree with coopdesk's trial balance."""

from __future__ import annotations

import io
import re
from datetime import date

from beancount import loader
from beancount.core import convert, realization

from coopdesk.book import Book
from coopdesk.ledger import accounts, export, journal, reports
from coopdesk.ledger.journal import NewEntry, credit, debit
from coopdesk.members.models import Member


def _fill(book: Book) -> None:
    with book.transaction() as s:
        m = Member(member_no="A00001", name="Siti Rahayu", status="anggota")
        s.add(m)
        s.flush()
        journal.post_entries(s, [
            NewEntry(date(2025, 1, 5), "Simpanan pokok A00001",
                     (debit("cash", 200_000), credit("savings.pokok", 200_000, member_id=m.id))),
            NewEntry(date(2025, 2, 10), 'Beli ATK "kertas"; tinta',
                     (debit("expense.office", 35_000), credit("cash", 35_000))),
            NewEntry(date(2025, 3, 1), "Pinjaman A00001",
                     (debit("loans.receivable", 1_000_000, member_id=m.id),
                      credit("cash", 1_000_000))),
            NewEntry(date(2025, 3, 20), "Hibah", (debit("bank", 5_000_000),
                                                  credit("equity.grants", 5_000_000))),
            NewEntry(date(2025, 4, 1), "Penyisihan",
                     (debit("expense.allowance", 10_000), credit("loans.allowance", 10_000))),
        ])


def test_beancount_export_balances_equal_the_trial_balance(book: Book) -> None:
    _fill(book)
    buffer = io.StringIO()
    with book.read() as s:
        count = export.export_beancount(s, buffer)
        tb = reports.trial_balance(s, date(2025, 12, 31))
        names = {a.code: export.beancount_account(a) for a in accounts.list_accounts(s)}
    assert count == 5
    entries, errors, _options = loader.load_string(buffer.getvalue())
    assert errors == []
    real = realization.realize(entries)
    for row in tb.rows:
        node = realization.get(real, names[row.code])
        balance = node.balance.reduce(convert.get_units)
        assert balance.get_currency_units("IDR").number == row.balance, row.code
    assert '"A00001"' in buffer.getvalue()


def test_ledger_export_lists_every_account_and_entry(book: Book) -> None:
    _fill(book)
    buffer = io.StringIO()
    with book.read() as s:
        assert export.export_ledger(s, buffer) == 5
        tb = reports.trial_balance(s, date(2025, 12, 31))
    text = buffer.getvalue()
    assert "    Assets:1101 Kas  200000 IDR" in text
    assert "; member: A00001" in text
    assert "Beli ATK" in text
    # Every amount of the trial balance is the sum of that account's lines in the export.
    for row in tb.rows:
        prefix = f"    {_top(row.type)}:{row.code} "
        total = sum(int(re.search(r"  (-?\d+) IDR", line).group(1))  # type: ignore[union-attr]
                    for line in text.splitlines() if line.startswith(prefix))
        assert total == row.balance


def _top(kind: str) -> str:
    return {"asset": "Assets", "liability": "Liabilities", "equity": "Equity",
            "income": "Income", "expense": "Expenses"}[kind]
