"""The double-entry journal: post balanced entries, reverse them, never change them.

An entry is two or more lines whose amounts (positive debit, negative credit) sum to zero. Posting
checks every invariant first and refuses with all the problems at once; the database checks the
balance again when the entry turns posted, and refuses any later change (see migration 0001).
Numbers are gapless per financial year. A correction is a reversal: a new entry with every line
negated, linked to the one it cancels.

Entries are written with SQL Core statements rather than ORM objects: posting is the hot path of
every money service, and of imports that post thousands of entries in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, actor_of, require
from coopdesk.db import utcnow
from coopdesk.errors import NotFound, Problem, UserError, ValidationError
from coopdesk.i18n import _, format_money
from coopdesk.ledger import accounts, periods
from coopdesk.ledger.models import JournalEntry, Posting
from coopdesk.members.models import Member
from coopdesk.money import MAX_AMOUNT
from coopdesk.numbering import take_numbers
from coopdesk.progress import NO_PROGRESS, Progress, report

SERIES = "JU"  # jurnal umum: the journal's number series


@dataclass(frozen=True)
class Line:
    """One line of an entry: an account (code or role), a signed amount, an optional member."""

    account: str
    amount: int
    member_id: int | None = None
    memo: str | None = None


def debit(account: str, amount: int, *, member_id: int | None = None,
          memo: str | None = None) -> Line:
    return Line(account, amount, member_id, memo)


def credit(account: str, amount: int, *, member_id: int | None = None,
           memo: str | None = None) -> Line:
    return Line(account, -amount, member_id, memo)


@dataclass(frozen=True)
class NewEntry:
    date: date
    memo: str
    lines: tuple[Line, ...]
    source: str = "manual"
    source_ref: str | None = None


@dataclass(frozen=True)
class PostedLine:
    account_code: str
    account_name: str
    amount: int
    member_id: int | None
    member_no: str | None
    memo: str | None

    @property
    def debit(self) -> int:
        return self.amount if self.amount > 0 else 0

    @property
    def credit(self) -> int:
        return -self.amount if self.amount < 0 else 0


@dataclass(frozen=True)
class PostedEntry:
    id: int
    year: int
    number: int
    date: date
    memo: str
    source: str
    source_ref: str | None
    reverses_id: int | None
    created_by: str
    lines: tuple[PostedLine, ...] = field(default=())
    reversed_by_id: int | None = None

    @property
    def reference(self) -> str:
        """The entry's number as people write it: 2026/000123."""
        return format_reference(self.year, self.number)

    @property
    def total(self) -> int:
        return sum(line.debit for line in self.lines)


def format_reference(year: int, number: int) -> str:
    return f"{year}/{number:06d}"


# --- invariants --------------------------------------------------------------------------------


def entry_problems(session: Session, entry: NewEntry) -> list[str]:
    """Every reason `entry` cannot be posted, in plain words; empty when it can."""
    problems: list[str] = []
    if len(entry.lines) < 2:
        problems.append(_("An entry needs at least two lines."))
    total = 0
    bad_amount = False
    for i, line in enumerate(entry.lines, start=1):
        if isinstance(line.amount, bool) or not isinstance(line.amount, int):
            problems.append(_("Line {n}: the amount must be whole rupiah.").format(n=i))
            bad_amount = True
            continue
        if line.amount == 0:
            problems.append(_("Line {n}: the amount is zero.").format(n=i))
        if abs(line.amount) >= MAX_AMOUNT:
            problems.append(_("Line {n}: the amount is too large.").format(n=i))
        total += line.amount
        try:
            acc = accounts.resolve(session, line.account)
        except NotFound as exc:
            problems.append(_("Line {n}: {problem}").format(n=i, problem=exc.message))
            continue
        if not acc.active:
            problems.append(
                _("Line {n}: account {code} {name} is inactive.").format(
                    n=i, code=acc.code, name=acc.name
                )
            )
    if total != 0 and not bad_amount:
        problems.append(
            _("The entry does not balance: debits and credits differ by {diff}.").format(
                diff=format_money(abs(total))
            )
        )
    date_problem = periods.posting_problem(session, entry.date)
    if date_problem:
        problems.append(date_problem)
    if len(entry.memo) > 255:
        problems.append(_("The description may have at most 255 characters."))
    return problems


def _check(session: Session, entries: Sequence[NewEntry]) -> None:
    found: list[Problem] = []
    for i, entry in enumerate(entries, start=1):
        for p in entry_problems(session, entry):
            found.append(Problem(p, row=i if len(entries) > 1 else None))
    if found:
        if len(entries) == 1:
            raise ValidationError(_("The entry was not posted."), found)
        raise ValidationError(_("No entries were posted."), found)


# --- posting -----------------------------------------------------------------------------------


def post_entry(
    session: Session,
    entry: NewEntry | None = None,
    *,
    date: date | None = None,
    memo: str = "",
    lines: Sequence[Line] = (),
    source: str = "manual",
    source_ref: str | None = None,
    reverses_id: int | None = None,
) -> PostedEntry:
    """Post one balanced entry and return it with its number."""
    if entry is None:
        if date is None:
            raise UserError(_("An entry needs a date."))
        entry = NewEntry(date, memo, tuple(lines), source, source_ref)
    ids, numbers = _post(session, [entry], reverses=[reverses_id])
    posted = _as_posted(session, ids[0], numbers[0], entry, reverses_id)
    audit.record(session, "ledger.post_entry", entity="journal_entry", entity_id=posted.id,
                 after=_audit_view(posted))
    return posted


def post_entries(
    session: Session, entries: Iterable[NewEntry], *, progress: Progress = NO_PROGRESS,
    chunk: int = 2000,
) -> list[int]:
    """Post many entries in the caller's one transaction: all of them, or none."""
    batch = list(entries)
    if not batch:
        return []
    ids: list[int] = []
    for start in range(0, len(batch), chunk):
        ids.extend(_post(session, batch[start : start + chunk], reverses=None)[0])
        report(progress, min(start + chunk, len(batch)), len(batch))
    audit.record(session, "ledger.post_entries", entity="journal_entry",
                 entity_id=f"{ids[0]}-{ids[-1]}", after={"count": len(ids)})
    return ids


_ENTRY = cast(Table, JournalEntry.__table__)
_POSTING = cast(Table, Posting.__table__)
# Built once: constructing statements costs more than running them on the posting hot path.
_INSERT_ONE = insert(_ENTRY).returning(_ENTRY.c.id)
_INSERT_POSTINGS = insert(_POSTING)
# The number is written with the draft, so turning it posted changes no indexed column: the
# unique (year, number) index is written once per entry instead of twice.
_MARK_POSTED = update(_ENTRY).where(_ENTRY.c.id == bindparam("entry_id")).values(status="posted")


def _post(session: Session, entries: Sequence[NewEntry],
          reverses: Sequence[int | None] | None) -> tuple[list[int], list[int]]:
    """Write entries as drafts, their postings, then number and post them; (ids, numbers)."""
    require(session, Capability.MONEY)
    _check(session, entries)
    for year in sorted({e.date.year for e in entries}):
        periods.ensure_postable(session, date_of_year(year, entries))
    who = actor_of(session).username
    postings = [
        [(accounts.resolve(session, line.account).id, line.member_id, line.amount, line.memo)
         for line in e.lines]
        for e in entries
    ]
    write = _write_sqlite if session.get_bind().dialect.name == "sqlite" else _write_core
    return write(session, entries, postings, reverses, who)


# (account_id, member_id, amount, memo) for each line of each entry
_Lines = list[list[tuple[int, int | None, int, str | None]]]


def _write_core(session: Session, entries: Sequence[NewEntry], lines: _Lines,
                reverses: Sequence[int | None] | None, who: str) -> tuple[list[int], list[int]]:
    """Any database, through SQLAlchemy Core (PostgreSQL)."""
    conn = session.connection()
    now = utcnow()
    numbers = _numbers(entries, lambda year, n: take_numbers(session, SERIES, year, n))
    rows = [
        {
            "year": e.date.year, "number": numbers[i], "date": e.date, "memo": e.memo,
            "source": e.source, "source_ref": e.source_ref, "status": "draft",
            "reverses_id": reverses[i] if reverses else None,
            "created_by": who, "created_at": now,
        }
        for i, e in enumerate(entries)
    ]
    if len(rows) == 1:
        ids = [conn.execute(_INSERT_ONE, rows[0]).scalar_one()]
    else:
        ids = list(conn.scalars(
            insert(_ENTRY).returning(_ENTRY.c.id, sort_by_parameter_order=True), rows))
    conn.execute(_INSERT_POSTINGS, [
        {"entry_id": entry_id, "account_id": acc, "member_id": member, "date": e.date,
         "amount": amount, "memo": memo}
        for entry_id, e, entry_lines in zip(ids, entries, lines, strict=True)
        for acc, member, amount, memo in entry_lines
    ])
    params = [{"entry_id": i} for i in ids]
    conn.execute(_MARK_POSTED, params[0] if len(params) == 1 else params)
    return ids, numbers


def _numbers(entries: Sequence[NewEntry], take: Callable[[int, int], int]) -> list[int]:
    """Gapless numbers per year, in the order the entries were given."""
    by_year: dict[int, list[int]] = {}
    for i, e in enumerate(entries):
        by_year.setdefault(e.date.year, []).append(i)
    numbers = [0] * len(entries)
    for year, positions in by_year.items():
        first = take(year, len(positions))
        for k, i in enumerate(positions):
            numbers[i] = first + k
    return numbers


def _write_sqlite(session: Session, entries: Sequence[NewEntry], lines: _Lines,
                  reverses: Sequence[int | None] | None, who: str) -> tuple[list[int], list[int]]:
    """The same statements as `_write_core`, straight on the sqlite3 cursor: SQLAlchemy's
    per-statement overhead was three quarters of the cost of posting one entry. Values are
    written in the forms SQLAlchemy's SQLite types use, so both paths read back the same."""
    cur = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    now = utcnow().replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")

    def take(year: int, n: int) -> int:
        last = cur.execute(
            "INSERT INTO document_counter (series, year, last) VALUES (?, ?, ?) "
            "ON CONFLICT (series, year) DO UPDATE SET last = last + excluded.last RETURNING last",
            (SERIES, year, n)).fetchone()[0]
        return int(last) - n + 1

    numbers = _numbers(entries, take)
    ids = []
    for i, e in enumerate(entries):
        ids.append(cur.execute(
            "INSERT INTO journal_entry (year, number, date, memo, source, source_ref, status, "
            "reverses_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?) "
            "RETURNING id",
            (e.date.year, numbers[i], e.date.isoformat(), e.memo, e.source, e.source_ref,
             reverses[i] if reverses else None, who, now),
        ).fetchone()[0])
    cur.executemany(
        "INSERT INTO posting (entry_id, account_id, member_id, date, amount, memo) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(entry_id, acc, member, e.date.isoformat(), amount, memo)
         for entry_id, e, entry_lines in zip(ids, entries, lines, strict=True)
         for acc, member, amount, memo in entry_lines],
    )
    cur.executemany("UPDATE journal_entry SET status = 'posted' WHERE id = ?",
                    [(entry_id,) for entry_id in ids])
    cur.close()
    return ids, numbers


def _as_posted(session: Session, entry_id: int, number: int, e: NewEntry,
               reverses_id: int | None) -> PostedEntry:
    lines = []
    member_nos = _member_numbers(session, {ln.member_id for ln in e.lines if ln.member_id})
    for ln in e.lines:
        acc = accounts.resolve(session, ln.account)
        lines.append(PostedLine(acc.code, acc.name, ln.amount, ln.member_id,
                                member_nos.get(ln.member_id) if ln.member_id else None, ln.memo))
    return PostedEntry(
        id=entry_id, year=e.date.year, number=number, date=e.date, memo=e.memo, source=e.source,
        source_ref=e.source_ref, reverses_id=reverses_id,
        created_by=actor_of(session).username, lines=tuple(lines),
    )


# Built once and run on the connection, not through the ORM: every posting that names a member
# asks it, and the ORM's per-statement work cost a millisecond, as much as the rest of a post.
_MEMBER_NOS = select(Member.id, Member.member_no).where(
    Member.id.in_(bindparam("ids", expanding=True)))


def _member_numbers(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    if not ids:
        return {}
    wanted = sorted(i for i in ids if i)
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        # An expanding IN is compiled afresh on every call; the driver's cursor skips that.
        cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        marks = ", ".join("?" * len(wanted))
        found = cur.execute(f"SELECT id, member_no FROM member WHERE id IN ({marks})", wanted)
        numbers: dict[int | None, str] = {int(i): str(no) for i, no in found}
        cur.close()
        return numbers
    return {r.id: r.member_no for r in conn.execute(_MEMBER_NOS, {"ids": wanted})}


def date_of_year(year: int, entries: Sequence[NewEntry]) -> date:
    return next(e.date for e in entries if e.date.year == year)


# --- reading -----------------------------------------------------------------------------------


def carries(session: Session, entry: PostedEntry, lines: Sequence[Line]) -> bool:
    """Whether posted `entry` holds every one of `lines` (account, amount, member and memo): how
    a service that records its part of another service's entry checks that part is there."""
    posted = Counter((ln.account_code, ln.amount, ln.member_id, ln.memo) for ln in entry.lines)
    wanted = Counter((accounts.resolve(session, ln.account).code, ln.amount, ln.member_id,
                      ln.memo) for ln in lines)
    return not wanted - posted


def get_entry(session: Session, entry_id: int) -> PostedEntry:
    je = session.get(JournalEntry, entry_id)
    if je is None or je.status != "posted" or je.number is None:
        raise NotFound(_("There is no journal entry {id}.").format(id=entry_id))
    rows = session.execute(
        select(Posting.account_id, Posting.amount, Posting.member_id, Member.member_no,
               Posting.memo)
        .outerjoin(Member, Member.id == Posting.member_id)
        .where(Posting.entry_id == entry_id)
        .order_by(Posting.id)
    ).all()
    lines = []
    for account_id, amount, member_id, member_no, memo in rows:
        acc = accounts.by_id(session, account_id)
        lines.append(PostedLine(acc.code, acc.name, amount, member_id, member_no, memo))
    reversed_by = session.scalar(select(JournalEntry.id).where(JournalEntry.reverses_id == je.id))
    return PostedEntry(
        id=je.id, year=je.year, number=je.number, date=je.date, memo=je.memo, source=je.source,
        source_ref=je.source_ref, reverses_id=je.reverses_id, created_by=je.created_by,
        lines=tuple(lines), reversed_by_id=reversed_by,
    )


def find_entry(session: Session, year: int, number: int) -> PostedEntry:
    entry_id = session.scalar(
        select(JournalEntry.id).where(JournalEntry.year == year, JournalEntry.number == number)
    )
    if entry_id is None:
        raise NotFound(
            _("There is no journal entry {ref}.").format(ref=format_reference(year, number))
        )
    return get_entry(session, entry_id)


# --- corrections -------------------------------------------------------------------------------


def reverse_entry(
    session: Session, entry_id: int, *, on: date | None = None, memo: str | None = None
) -> PostedEntry:
    """Cancel a posted entry with a linked entry that negates every line."""
    original = get_entry(session, entry_id)
    if original.reversed_by_id is not None:
        other = get_entry(session, original.reversed_by_id)
        raise UserError(
            _("Entry {ref} was already reversed by entry {other}.").format(
                ref=original.reference, other=other.reference
            )
        )
    if original.reverses_id is not None:
        raise UserError(
            _("Entry {ref} is itself a reversal; post a new entry instead of reversing it.")
            .format(ref=original.reference)
        )
    when = on or original.date
    if on is None and periods.posting_problem(session, when):
        when = date.today()
    lines = tuple(
        Line(line.account_code, -line.amount, line.member_id, line.memo) for line in original.lines
    )
    text = memo or _("Reversal of {ref}: {memo}").format(ref=original.reference,
                                                        memo=original.memo)
    entry = NewEntry(when, text[:255], lines, original.source, original.source_ref)
    ids, numbers = _post(session, [entry], reverses=[original.id])
    posted = _as_posted(session, ids[0], numbers[0], entry, original.id)
    audit.record(session, "ledger.reverse_entry", entity="journal_entry", entity_id=original.id,
                 after=_audit_view(posted))
    return posted


def _audit_view(entry: PostedEntry) -> dict[str, object]:
    return {
        "id": entry.id, "ref": entry.reference, "date": entry.date, "memo": entry.memo,
        "source": entry.source, "source_ref": entry.source_ref, "reverses": entry.reverses_id,
        "lines": [[ln.account_code, ln.amount, ln.member_no] for ln in entry.lines],
    }
