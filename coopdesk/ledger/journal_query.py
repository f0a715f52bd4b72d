"""Read-only queries behind the journal screen and the home page: lists that may hold millions
of postings, read a block at a time, with the filtering done in SQL.

The journal list is paged the way a lazy table needs it. `count_postings` says how many lines the
filter lets through; `posting_block` reads one block of them, either *next to* a block already
read (keyset paging: "the 200 lines after this one", an index seek, as cheap at the end of the
book as at the start) or, after a jump of the scroll bar, at an offset counted from whichever
end of the list is nearer. Nothing ever reads all the rows, or all their keys: with two million
postings, even the ids alone take seconds to fetch.

Lines are in journal order: by entry date, then entry, then line. With an account chosen, only
that account's lines are listed (its register, without the running balance).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, String, and_, cast, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

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


@dataclass(frozen=True, order=True)
class PostingKey:
    """Where a line sits in journal order."""

    date: date
    entry_id: int
    posting_id: int


@dataclass(frozen=True)
class PostingRow:
    """One line of the journal as the screen shows it."""

    key: PostingKey
    reference: str
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
    def entry_id(self) -> int:
        return self.key.entry_id

    @property
    def date(self) -> date:
        return self.key.date

    @property
    def debit(self) -> int:
        return self.amount if self.amount > 0 else 0

    @property
    def credit(self) -> int:
        return -self.amount if self.amount < 0 else 0


def _conditions(session: Session, flt: JournalFilter) -> list[Any]:
    conditions: list[Any] = []
    if flt.start is not None:
        conditions.append(_date(flt) >= flt.start)
    if flt.end is not None:
        conditions.append(_date(flt) <= flt.end)
    if flt.account:
        conditions.append(Posting.account_id == accounts.resolve(session, flt.account).id)
    for word in flt.text.split():
        pattern = f"%{_escape_like(word)}%"
        conditions.append(or_(
            JournalEntry.memo.ilike(pattern, escape="\\"),
            JournalEntry.source_ref.ilike(pattern, escape="\\"),
            cast(JournalEntry.number, String).like(pattern, escape="\\"),
        ))
    return conditions


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _by_account(flt: JournalFilter) -> bool:
    """With an account and no words to look for, the posting table alone answers: its index
    (account, date, ...) gives the account's lines in date order without touching entries."""
    return bool(flt.account) and not flt.text.strip()


def _date(flt: JournalFilter) -> Any:
    return Posting.date if _by_account(flt) else JournalEntry.date


def _order(flt: JournalFilter) -> tuple[Any, Any, Any]:
    # Entry date and id come from the entry table's date index when listing everything; the
    # posting's own copy of the date when listing one account.
    if _by_account(flt):
        return (Posting.date, Posting.entry_id, Posting.id)
    return (JournalEntry.date, JournalEntry.id, Posting.id)


def _filtered(session: Session, stmt: Select[Any], flt: JournalFilter) -> Select[Any]:
    if not _by_account(flt):
        stmt = stmt.join(JournalEntry, JournalEntry.id == Posting.entry_id)
    conditions = _conditions(session, flt)
    return stmt.where(and_(*conditions)) if conditions else stmt


def count_postings(session: Session, flt: JournalFilter = JournalFilter()) -> int:
    """How many journal lines the filter lets through."""
    require(session, Capability.READ)
    if flt.is_empty:
        return int(session.scalar(select(func.count()).select_from(Posting)) or 0)
    stmt = _filtered(session, select(func.count()).select_from(Posting), flt)
    return int(session.scalar(stmt) or 0)


def posting_block(
    session: Session, flt: JournalFilter, *, limit: int, offset: int = 0,
    after: PostingKey | None = None, before: PostingKey | None = None, from_end: bool = False,
) -> list[PostingRow]:
    """Up to `limit` lines in journal order, skipping `offset` lines: from the start (or from
    the end with `from_end`), or from right after `after`, or right before `before`."""
    require(session, Capability.READ)
    # First the ids alone (a lean index walk, cheap even past a large offset), then the rows.
    stmt = _keyed(session, flt, select(Posting.id).select_from(Posting), after=after,
                  before=before, backwards=from_end or before is not None)
    ids = [int(i) for i in session.scalars(stmt.offset(offset or None).limit(limit))]
    if from_end or before is not None:
        ids.reverse()
    return _rows(session, ids, list_all=bool(flt.account))


def _keyed(session: Session, flt: JournalFilter, stmt: Select[Any], *,
           after: PostingKey | None, before: PostingKey | None, backwards: bool) -> Select[Any]:
    order = _order(flt)
    stmt = _filtered(session, stmt, flt)
    if after is not None:
        stmt = stmt.where(tuple_(*order) > tuple_(after.date, after.entry_id, after.posting_id))
    if before is not None:
        stmt = stmt.where(tuple_(*order) < tuple_(before.date, before.entry_id,
                                                  before.posting_id))
    return stmt.order_by(*([c.desc() for c in order] if backwards else order))


def posting_key_at(session: Session, flt: JournalFilter, *, offset: int,
                   after: PostingKey | None = None) -> PostingKey | None:
    """The key of the line `offset` lines past `after` (or past the start): a landmark that
    lets a later jump deep into the list skip from it instead of counting from the start."""
    require(session, Capability.READ)
    order = _order(flt)
    stmt = _keyed(session, flt, select(*order).select_from(Posting), after=after, before=None,
                  backwards=False)
    row = session.execute(stmt.offset(offset or None).limit(1)).first()
    return PostingKey(row[0], int(row[1]), int(row[2])) if row is not None else None


_FIRST = aliased(Posting)


def _rows(session: Session, ids: list[int], *, list_all: bool) -> list[PostingRow]:
    if not ids:
        return []
    first_id = (select(func.min(_FIRST.id)).where(_FIRST.entry_id == Posting.entry_id)
                .scalar_subquery())
    stmt = (
        select(JournalEntry.date, Posting.entry_id, Posting.id, Posting.account_id,
               Posting.amount, Posting.memo, Member.member_no, JournalEntry.year,
               JournalEntry.number, JournalEntry.memo.label("entry_memo"), JournalEntry.source,
               JournalEntry.reverses_id, first_id.label("first_id"))
        .join(JournalEntry, JournalEntry.id == Posting.entry_id)
        .outerjoin(Member, Member.id == Posting.member_id)
        .where(Posting.id.in_(ids))
    )
    by_id: dict[int, PostingRow] = {}
    for r in session.execute(stmt):
        acc = accounts.by_id(session, r.account_id)
        by_id[r.id] = PostingRow(
            PostingKey(r.date, r.entry_id, r.id), f"{r.year}/{r.number:06d}", r.entry_memo,
            acc.code, acc.name, r.member_no, r.amount, r.memo, r.source, r.reverses_id,
            list_all or r.id == r.first_id)
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
