"""Read-only queries behind the journal screen and the home page: lists that may hold millions
of postings, fetched in pieces, with the filtering done in SQL.

The journal list is read the way a lazy table needs it: first the *keys* of every matching
posting in display order (`posting_keys`, a compact array of ids), then the rows of just the
block of ids the screen is about to show (`posting_rows`). Keys are 8 bytes each, so even two
million postings cost 16 MB and one index scan; the rows (with account names and memos) are only
ever built for the few hundred a person scrolls past.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, String, and_, cast, func, or_, select
from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.errors import NotFound
from coopdesk.ledger import accounts
from coopdesk.ledger.models import JournalEntry, Posting
from coopdesk.members.models import Member


@dataclass(frozen=True)
class JournalFilter:
    """What the journal shows: a date range, one account, and words in the description."""

    start: date | None = None
    end: date | None = None
    account: str | None = None  # a code or a role
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.start or self.end or self.account or self.text.strip())


@dataclass(frozen=True)
class PostingRow:
    """One line of the journal as the screen shows it."""

    posting_id: int
    entry_id: int
    reference: str
    date: date
    entry_memo: str
    account_code: str
    account_name: str
    member_no: str | None
    amount: int  # signed: positive debit
    line_memo: str | None
    source: str
    reverses_id: int | None
    first_line: bool  # the entry's first line: the screen shows the entry's date and memo there

    @property
    def debit(self) -> int:
        return self.amount if self.amount > 0 else 0

    @property
    def credit(self) -> int:
        return -self.amount if self.amount < 0 else 0


def _keys_query(session: Session, flt: JournalFilter) -> Select[Any]:
    """Posting ids in journal order: by date, then entry, then line."""
    stmt = select(Posting.id).join(JournalEntry, JournalEntry.id == Posting.entry_id)
    conditions = []
    if flt.start is not None:
        conditions.append(JournalEntry.date >= flt.start)
    if flt.end is not None:
        conditions.append(JournalEntry.date <= flt.end)
    if flt.account:
        acc = accounts.resolve(session, flt.account)
        # Whole entries that touch the account, so each shown entry still balances on screen.
        touching = select(Posting.entry_id).where(Posting.account_id == acc.id)
        if flt.start is not None:
            touching = touching.where(Posting.date >= flt.start)
        if flt.end is not None:
            touching = touching.where(Posting.date <= flt.end)
        conditions.append(Posting.entry_id.in_(touching))
    words = flt.text.split()
    for word in words:
        pattern = f"%{_escape_like(word)}%"
        conditions.append(or_(
            JournalEntry.memo.ilike(pattern, escape="\\"),
            JournalEntry.source_ref.ilike(pattern, escape="\\"),
            cast(JournalEntry.number, String).like(pattern, escape="\\"),
        ))
    if conditions:
        stmt = stmt.where(and_(*conditions))
    return stmt.order_by(JournalEntry.date, JournalEntry.id, Posting.id)


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def posting_keys(session: Session, flt: JournalFilter = JournalFilter()) -> array[int]:
    """The ids of every posting the filter lets through, in journal order."""
    require(session, Capability.READ)
    result = session.connection().execute(_keys_query(session, flt))
    keys: array[int] = array("q")
    while chunk := result.fetchmany(50_000):
        keys.extend(int(r[0]) for r in chunk)
    return keys


def posting_rows(session: Session, ids: Sequence[int]) -> list[PostingRow]:
    """The rows for `ids`, in the same order (ids no longer present are left out)."""
    require(session, Capability.READ)
    if not ids:
        return []
    stmt = (
        select(Posting.id, Posting.entry_id, Posting.account_id, Posting.amount, Posting.memo,
               Member.member_no, JournalEntry.year, JournalEntry.number, JournalEntry.date,
               JournalEntry.memo.label("entry_memo"), JournalEntry.source,
               JournalEntry.reverses_id,
               select(func.min(Posting.id)).where(Posting.entry_id == JournalEntry.id)
               .correlate(JournalEntry).scalar_subquery().label("first_id"))
        .join(JournalEntry, JournalEntry.id == Posting.entry_id)
        .outerjoin(Member, Member.id == Posting.member_id)
        .where(Posting.id.in_(list(ids)))
    )
    by_id: dict[int, PostingRow] = {}
    for r in session.execute(stmt):
        acc = accounts.by_id(session, r.account_id)
        by_id[r.id] = PostingRow(
            r.id, r.entry_id, f"{r.year}/{r.number:06d}", r.date, r.entry_memo, acc.code,
            acc.name, r.member_no, r.amount, r.memo, r.source, r.reverses_id,
            r.id == r.first_id)
    return [by_id[i] for i in ids if i in by_id]


# --- the home page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookSummary:
    members: int
    cash: int
    bank: int
    entries_this_month: int
    month: date  # the first day of the month counted


def book_summary(session: Session, today: date) -> BookSummary:
    """Members, money in hand and in the bank, and this month's entries: the home page figures."""
    require(session, Capability.READ)
    members = session.scalar(
        select(func.count()).select_from(Member).where(Member.status == "anggota")) or 0
    month = today.replace(day=1)
    entries = session.scalar(
        select(func.count()).select_from(JournalEntry).where(
            JournalEntry.date >= month, JournalEntry.date <= today,
            JournalEntry.status == "posted")) or 0
    return BookSummary(int(members), _balance(session, "cash", today),
                       _balance(session, "bank", today), int(entries), month)


def _balance(session: Session, role: str, as_of: date) -> int:
    try:
        acc = accounts.resolve(session, role)
    except NotFound:  # a chart without that role: nothing to show, not an error
        return 0
    total = session.scalar(
        select(func.coalesce(func.sum(Posting.amount), 0)).where(
            Posting.account_id == acc.id, Posting.date <= as_of))
    return int(total or 0)
