"""Exports that independent tools can check: ledger-cli / hledger journal and beancount.

Accounts are the chart's accounts one for one (`Assets:1101 Kas` for ledger, `Assets:1101-Kas`
for beancount, whose names cannot hold spaces), so `ledger balance` or beancount's balances line
up with `coopdesk report trial-balance`. A posting's member goes along as metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopdesk import settings
from coopdesk.access import Capability, require
from coopdesk.ledger import accounts
from coopdesk.ledger.accounts import AccountRow
from coopdesk.ledger.models import AccountType, JournalEntry, Posting
from coopdesk.members.models import Member

COMMODITY = "IDR"
_TOP = {
    AccountType.ASSET: "Assets",
    AccountType.LIABILITY: "Liabilities",
    AccountType.EQUITY: "Equity",
    AccountType.INCOME: "Income",
    AccountType.EXPENSE: "Expenses",
}


def ledger_account(acc: AccountRow) -> str:
    # ledger-cli ends an account name at two spaces or a tab, and ':' separates levels.
    name = re.sub(r"\s+", " ", acc.name.replace(":", "-").replace(";", ",")).strip()
    return f"{_TOP[acc.type]}:{acc.code} {name}"


def beancount_account(acc: AccountRow) -> str:
    words = re.findall(r"[0-9A-Za-z]+", acc.name)
    tail = "-".join(w[:1].upper() + w[1:] for w in words)
    code = re.sub(r"[^0-9A-Za-z-]", "-", acc.code)
    return f"{_TOP[acc.type]}:{code}-{tail}" if tail else f"{_TOP[acc.type]}:{code}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


PostingRow = tuple[int, int, str | None, str | None]


def _entries(session: Session) -> Iterator[tuple[Any, list[PostingRow]]]:
    """Posted entries in date order with (account_id, amount, member_no, memo) postings."""
    stmt = (
        select(JournalEntry.id, JournalEntry.year, JournalEntry.number, JournalEntry.date,
               JournalEntry.memo, JournalEntry.source, JournalEntry.reverses_id,
               Posting.account_id, Posting.amount, Member.member_no, Posting.memo)
        .join(Posting, Posting.entry_id == JournalEntry.id)
        .outerjoin(Member, Member.id == Posting.member_id)
        .where(JournalEntry.status == "posted")
        .order_by(JournalEntry.date, JournalEntry.year, JournalEntry.number, Posting.id)
    )
    current = None
    lines: list[PostingRow] = []
    for row in session.execute(stmt).yield_per(5000):
        if current is None or row.id != current.id:
            if current is not None:
                yield current, lines
            current, lines = row, []
        lines.append((row.account_id, row.amount, row.member_no, row[10]))
    if current is not None:
        yield current, lines


def _first_use(session: Session) -> dict[int, date]:
    from sqlalchemy import func

    return {
        acc: d for acc, d in session.execute(
            select(Posting.account_id, func.min(Posting.date)).group_by(Posting.account_id)
        )
    }


def export_ledger(session: Session, out: IO[str]) -> int:
    """Write a ledger-cli / hledger journal; return the number of entries."""
    require(session, Capability.READ)
    out.write(f"; {settings.COOP_NAME.get(session)} — coopdesk export\n")
    out.write(f"commodity {COMMODITY}\n    format 1,000 {COMMODITY}\n\n")
    chart = accounts.list_accounts(session)
    for acc in chart:
        out.write(f"account {ledger_account(acc)}\n")
    out.write("\n")
    by_id = {a.id: a for a in chart}
    count = 0
    for e, lines in _entries(session):
        count += 1
        memo = e.memo.replace("\n", " ")
        out.write(f"{e.date.isoformat()} * ({e.year}/{e.number:06d}) {memo}\n")
        out.write(f"    ; source: {e.source}\n")
        for account_id, amount, member_no, line_memo in lines:
            out.write(f"    {ledger_account(by_id[account_id])}  {amount} {COMMODITY}")
            notes = []
            if member_no:
                notes.append(f"member: {member_no}")
            if line_memo:
                notes.append(line_memo.replace("\n", " "))
            out.write(f"  ; {' · '.join(notes)}\n" if notes else "\n")
        out.write("\n")
    return count


def export_beancount(session: Session, out: IO[str]) -> int:
    """Write a beancount file; return the number of entries."""
    require(session, Capability.READ)
    out.write(f"option \"title\" {_quote(settings.COOP_NAME.get(session) or 'coopdesk')}\n")
    out.write(f'option "operating_currency" "{COMMODITY}"\n\n')
    chart = accounts.list_accounts(session)
    first = _first_use(session)
    opened = min(first.values(), default=date(2000, 1, 1))
    for acc in chart:
        out.write(f"{opened.isoformat()} open {beancount_account(acc)} {COMMODITY}\n")
        out.write(f"  name: {_quote(acc.name)}\n")
    out.write("\n")
    by_id = {a.id: a for a in chart}
    count = 0
    for e, lines in _entries(session):
        count += 1
        out.write(f"{e.date.isoformat()} * {_quote(e.memo)}\n")
        out.write(f"  entry: \"{e.year}/{e.number:06d}\"\n  source: {_quote(e.source)}\n")
        for account_id, amount, member_no, line_memo in lines:
            out.write(f"  {beancount_account(by_id[account_id])}  {amount} {COMMODITY}\n")
            if member_no:
                out.write(f"    member: {_quote(member_no)}\n")
            if line_memo:
                out.write(f"    memo: {_quote(line_memo)}\n")
        out.write("\n")
    return count
