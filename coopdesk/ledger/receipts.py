"""Receipts (kuitansi): a numbered paper for every cash movement, voided never deleted.

Every area that takes or pays cash issues its receipts here (savings, loan repayments, sales).
The receipt belongs to one posted journal entry; its money is the entry's money.

Issuing — in the same transaction that posted the entry::

    entry = journal.post_entry(session, date=..., memo=..., lines=[...], source="loan")
    receipt = receipts.issue_receipt(
        session, entry.id,
        kind="loan.repayment",                      # a stable code for the kind of receipt
        title=_("Loan repayment L-0042, instalment 3"),  # what it is for, as printed
        lines=[ReceiptLine(_("Principal"), 250_000),     # optional: how the total splits
               ReceiptLine(_("Interest (jasa)"), 15_000)],
        member_id=member_id,                         # optional: found from the entry's lines
    )
    receipt.number   # "KW/2026/000123": gapless per year (series KW, coopdesk.numbering)

- The total is the cash that moved: the sum of the entry's lines on the `cash` and `bank`
  accounts. Money in (a debit to cash) gives direction "in" — the member paid the cooperative;
  money out gives "out" — the cooperative paid the member. An entry without a cash or bank line
  (e.g. savings moved to pay a loan) needs `direction=` and `lines=`, whose sum is the total.
- `lines` must add up to the total; lines may be negative (a settlement: savings returned less a
  loan still owed). Without `lines` the receipt has one line: the title and the total.
- The party printed ("received from" / "paid to") defaults to the member's name and number.
- One receipt per entry; an entry that is a reversal, or was reversed, gets none.
- `issue_for_entry(session, entry, ..., party=..., member_id=...)` takes the `PostedEntry` just
  posted instead of its id and reads nothing back (a service that issues on every call).

Voiding — `void_receipt(session, receipt_id, reason=..., on=...)` reverses the entry (a linked
reversal through `journal.reverse_entry`, dated `on`, today by default) and marks the receipt
void with the reason; the receipt and its number stay and print "BATAL". `preview_void` tells
what it would do (each member balance before and after) or why it cannot: a receipt of an area
that keeps its own state beside the journal (a loan's schedule; see `VOIDED_ELSEWHERE`) is voided
through that area's service, which reverses first — `void_receipt` then links that reversal
instead of posting another; and a void that would leave a member's savings below zero (the money
was taken out since) is refused.

Reading — `get_receipt`, `find_receipt` (by number), `receipt_for_entry`, `list_receipts`.
Printing — `coopdesk.ledger.receipts_pdf.receipt_pdf(receipts, head, style)` or, with a session,
`receipts_pdf.render(session, receipt_ids)`.
Bulk — `issue_receipts(session, [ReceiptRequest, ...])` for many freshly posted entries at once
(batch dues, imports, the demo).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, cast

from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, actor_of, require
from coopdesk.db import utcnow
from coopdesk.errors import NotFound, Problem, UserError, ValidationError
from coopdesk.i18n import N_, _, format_date, format_money
from coopdesk.ledger import accounts, journal
from coopdesk.ledger.models import JournalEntry, Posting
from coopdesk.ledger.receipts_models import ReceiptLineRecord, ReceiptRecord
from coopdesk.ledger.terbilang import rupiah_in_words
from coopdesk.members.models import Member
from coopdesk.numbering import take_numbers
from coopdesk.progress import NO_PROGRESS, Progress, report
from coopdesk.settings import SettingKey

SERIES = "KW"
CASH_ROLES = ("cash", "bank")
Direction = Literal["in", "out"]

#: Receipts for more than this many rupiah need a stamp-duty (meterai) box (UU 10/2020).
STAMP_DUTY_THRESHOLD: SettingKey[int] = SettingKey("receipts.stamp_duty_above", int, 5_000_000)
STAMP_DUTY_LABEL: SettingKey[str] = SettingKey("receipts.stamp_duty_label", str, "Rp10.000")
#: The treasurer's name printed under the signature line, and the place before the date.
TREASURER_NAME: SettingKey[str] = SettingKey("receipts.treasurer_name", str, "")
RECEIPT_PLACE: SettingKey[str] = SettingKey("receipts.place", str, "")


@dataclass(frozen=True)
class ReceiptLine:
    label: str
    amount: int


@dataclass(frozen=True)
class Receipt:
    id: int
    number: str
    date: date
    entry_id: int
    entry_reference: str
    member_id: int | None
    member_no: str | None
    party: str
    direction: Direction
    kind: str
    title: str
    total: int
    lines: tuple[ReceiptLine, ...]
    note: str | None
    created_by: str
    void: bool = False
    void_reason: str | None = None
    void_entry_id: int | None = None
    voided_at: datetime | None = None

    @property
    def words(self) -> str:
        """The total in Indonesian words: "satu juta seribu rupiah"."""
        return rupiah_in_words(self.total)


@dataclass(frozen=True)
class ReceiptRequest:
    """One receipt to issue in bulk (`issue_receipts`), for an entry the caller just posted."""

    entry_id: int
    date: date
    total: int
    direction: Direction
    kind: str
    title: str
    party: str
    member_id: int | None = None
    lines: tuple[ReceiptLine, ...] = field(default=())
    note: str | None = None


def format_number(year: int, seq: int) -> str:
    return f"{SERIES}/{year}/{seq:06d}"


# --- issuing -----------------------------------------------------------------------------------


def issue_receipt(
    session: Session,
    entry_id: int,
    *,
    kind: str,
    title: str,
    lines: Sequence[ReceiptLine] = (),
    member_id: int | None = None,
    party: str | None = None,
    direction: Direction | None = None,
    note: str | None = None,
) -> Receipt:
    """Issue the receipt for posted entry `entry_id` (see the module docstring)."""
    require(session, Capability.MONEY)
    entry = journal.get_entry(session, entry_id)
    _check_receiptable(session, entry)
    if member_id is None:
        members = {ln.member_id for ln in entry.lines if ln.member_id is not None}
        member_id = members.pop() if len(members) == 1 else None
    return issue_for_entry(session, entry, kind=kind, title=title, lines=lines,
                           member_id=member_id, party=party or _party(session, member_id),
                           direction=direction, note=note)


def issue_for_entry(
    session: Session,
    entry: journal.PostedEntry,
    *,
    kind: str,
    title: str,
    party: str,
    member_id: int | None,
    lines: Sequence[ReceiptLine] = (),
    direction: Direction | None = None,
    note: str | None = None,
) -> Receipt:
    """The receipt for `entry` as `journal.post_entry` returned it a moment ago in this
    transaction. The cash it moved is taken from the entry's own lines, not read back: a service
    that posts and issues on every call (a loan repayment) pays for no extra reads. The database
    still refuses a second receipt for one entry."""
    require(session, Capability.MONEY)
    if entry.reverses_id is not None or entry.reversed_by_id is not None:
        _check_receiptable(session, entry)  # says which, in the user's words
    cash = sum(ln.amount for ln in entry.lines if _is_cash(session, ln.account_code))
    direction = _direction(cash, direction, lines)
    total = abs(cash) if cash else sum(ln.amount for ln in lines)
    the_lines = tuple(lines) or (ReceiptLine(title, total),)
    _check_lines(the_lines, total)
    request = ReceiptRequest(
        entry_id=entry.id, date=entry.date, total=total, direction=direction, kind=kind[:40],
        title=title.strip()[:160] or kind[:160], party=party[:120], member_id=member_id,
        lines=the_lines, note=(note or None) and note[:255],
    )
    receipt_id, number, who = _insert_one(session, request)
    member_no = next((ln.member_no for ln in entry.lines
                      if member_id is not None and ln.member_id == member_id), None)
    if member_no is None and member_id is not None:
        member_no = session.connection().execute(_MEMBER_NO, {"id": member_id}).scalar_one()
    receipt = Receipt(
        id=receipt_id, number=number, date=entry.date, entry_id=entry.id,
        entry_reference=entry.reference, member_id=member_id, member_no=member_no,
        party=request.party, direction=direction, kind=request.kind, title=request.title,
        total=total, lines=tuple(ReceiptLine(ln.label[:160], ln.amount) for ln in the_lines),
        note=request.note, created_by=who,
    )
    audit.record(session, "receipts.issue", entity="receipt", entity_id=number,
                 after=_audit_view(receipt))
    return receipt


def issue_receipts(session: Session, requests: Sequence[ReceiptRequest], *,
                   progress: Progress = NO_PROGRESS, chunk: int = 5000) -> list[int]:
    """Issue many receipts at once for entries the caller posted in this transaction.

    Each request's total must equal the cash its entry moved (checked in one query per chunk);
    numbers are taken per year in the order given. Returns the receipt ids in that order.
    """
    require(session, Capability.MONEY)
    ids: list[int] = []
    for start in range(0, len(requests), chunk):
        part = requests[start : start + chunk]
        _check_bulk(session, part)
        ids.extend(_insert(session, part))
        report(progress, min(start + chunk, len(requests)), len(requests))
    if ids:
        audit.record(session, "receipts.issue_many", entity="receipt",
                     entity_id=f"{ids[0]}-{ids[-1]}", after={"count": len(ids)})
    return ids


def _is_cash(session: Session, account_code: str) -> bool:
    return accounts.resolve(session, account_code).role in CASH_ROLES


def _check_receiptable(session: Session, entry: journal.PostedEntry) -> None:
    if entry.reverses_id is not None:
        raise UserError(_("Entry {ref} is a reversal; it gets no receipt.").format(
            ref=entry.reference))
    if entry.reversed_by_id is not None:
        raise UserError(_("Entry {ref} was reversed; it gets no receipt.").format(
            ref=entry.reference))
    existing = session.scalar(select(ReceiptRecord.number)
                              .where(ReceiptRecord.entry_id == entry.id))
    if existing is not None:
        raise UserError(_("Entry {ref} already has receipt {number}.").format(
            ref=entry.reference, number=existing))


def _direction(cash: int, given: Direction | None, lines: Sequence[ReceiptLine]) -> Direction:
    if cash:
        found: Direction = "in" if cash > 0 else "out"
        if given is not None and given != found:
            raise UserError(_("The entry moves cash the other way from what the receipt says."))
        return found
    if given is None or not lines:
        raise UserError(_("The entry moves no cash; say the direction and the lines of the "
                          "receipt."))
    return given


def _check_lines(lines: Sequence[ReceiptLine], total: int) -> None:
    problems = []
    if total <= 0:
        problems.append(Problem(_("A receipt must be for more than zero.")))
    for i, line in enumerate(lines, start=1):
        if not line.label.strip():
            problems.append(Problem(_("Line {n} has no description.").format(n=i)))
        if isinstance(line.amount, bool) or not isinstance(line.amount, int) or not line.amount:
            problems.append(Problem(_("Line {n}: the amount must be whole rupiah, not zero.")
                                    .format(n=i)))
    if not problems and sum(ln.amount for ln in lines) != total:
        problems.append(Problem(_("The lines add up to {sum}, but the receipt is for {total}.")
                                .format(sum=format_money(sum(ln.amount for ln in lines)),
                                        total=format_money(total))))
    if problems:
        raise ValidationError(_("The receipt was not issued."), problems)


def _party(session: Session, member_id: int | None) -> str:
    if member_id is None:
        return "-"
    row = session.execute(select(Member.member_no, Member.name)
                          .where(Member.id == member_id)).one_or_none()
    if row is None:
        raise NotFound(_("There is no member with id {id}.").format(id=member_id))
    return f"{row.name} ({row.member_no})"[:120]


_RECEIPT = cast(Table, ReceiptRecord.__table__)
_LINE = cast(Table, ReceiptLineRecord.__table__)
# Built once: building a statement costs more than running it, and receipts are issued on every
# repayment and deposit.
_CASH_MOVED = (
    select(Posting.entry_id, func.sum(Posting.amount))
    .where(Posting.entry_id.in_(bindparam("entries", expanding=True)),
           Posting.account_id.in_(bindparam("accounts", expanding=True)))
    .group_by(Posting.entry_id)
)
_INSERT_MANY = insert(_RECEIPT).returning(_RECEIPT.c.id, sort_by_parameter_order=True)
_INSERT_ONE = insert(_RECEIPT).returning(_RECEIPT.c.id)
_INSERT_LINES = insert(_LINE)
_MEMBER_NO = select(Member.member_no).where(Member.id == bindparam("id"))
_COLUMNS = ("number", "year", "seq", "date", "entry_id", "member_id", "party", "direction", "kind",
            "title", "total", "note", "status", "created_by", "created_at")
_SQLITE_INSERT = (f"INSERT INTO receipt ({', '.join(_COLUMNS)}) "
                  f"VALUES ({', '.join(':' + c for c in _COLUMNS)}) RETURNING id")
# `coopdesk.numbering.take_numbers`'s upsert, on the cursor as the journal takes its numbers.
_SQLITE_NEXT = ("INSERT INTO document_counter (series, year, last) VALUES (?, ?, 1) ON CONFLICT "
                "(series, year) DO UPDATE SET last = last + 1 RETURNING last")
_SQLITE_LINES = "INSERT INTO receipt_line (receipt_id, position, label, amount) VALUES (?, ?, ?, ?)"


def _check_bulk(session: Session, requests: Sequence[ReceiptRequest]) -> None:
    cash_ids = [accounts.resolve(session, role).id for role in CASH_ROLES]
    entry_ids = [r.entry_id for r in requests]
    cash = dict(session.connection().execute(
        _CASH_MOVED, {"entries": entry_ids, "accounts": cash_ids}).all())
    problems = []
    for i, r in enumerate(requests, start=1):
        moved = int(cash.get(r.entry_id, 0))
        expected = r.total if r.direction == "in" else -r.total
        if moved and moved != expected:
            problems.append(Problem(_("Entry {id} moved {cash} in cash, not {total}.").format(
                id=r.entry_id, cash=format_money(moved), total=format_money(r.total)), row=i))
        lines = r.lines or (ReceiptLine(r.title, r.total),)
        if sum(ln.amount for ln in lines) != r.total or r.total <= 0:
            problems.append(Problem(_("The lines of receipt {n} do not add up to its total.")
                                    .format(n=i), row=i))
    if problems:
        raise ValidationError(_("No receipts were issued."), problems)


def _row(r: ReceiptRequest, seq: int, who: str, now: datetime) -> dict[str, object]:
    return {"number": format_number(r.date.year, seq), "year": r.date.year, "seq": seq,
            "date": r.date, "entry_id": r.entry_id, "member_id": r.member_id,
            "party": r.party[:120], "direction": r.direction, "kind": r.kind[:40],
            "title": r.title[:160], "total": r.total, "note": (r.note or None) and r.note[:255],
            "status": "valid", "created_by": who, "created_at": now}


def _line_rows(receipt_id: int, r: ReceiptRequest) -> list[dict[str, object]]:
    return [{"receipt_id": receipt_id, "position": pos, "label": ln.label[:160],
             "amount": ln.amount}
            for pos, ln in enumerate(r.lines or (ReceiptLine(r.title, r.total),), start=1)]


def _insert(session: Session, requests: Sequence[ReceiptRequest]) -> list[int]:
    by_year: dict[int, list[int]] = {}
    for i, r in enumerate(requests):
        by_year.setdefault(r.date.year, []).append(i)
    seqs = [0] * len(requests)
    for year, positions in by_year.items():
        first = take_numbers(session, SERIES, year, len(positions))
        for k, i in enumerate(positions):
            seqs[i] = first + k
    who, now = actor_of(session).username, utcnow()
    conn = session.connection()
    rows = [_row(r, seq, who, now) for r, seq in zip(requests, seqs, strict=True)]
    ids = list(conn.scalars(_INSERT_MANY, rows))
    conn.execute(_INSERT_LINES, [row for rid, r in zip(ids, requests, strict=True)
                                 for row in _line_rows(rid, r)])
    return ids


def _insert_one(session: Session, r: ReceiptRequest) -> tuple[int, str, str]:
    """One receipt and its lines; (id, number, who issued it). On SQLite straight on the
    sqlite3 cursor, as the journal posts, with values in the forms SQLAlchemy reads back."""
    who, conn = actor_of(session).username, session.connection()
    if conn.dialect.name != "sqlite":
        row = _row(r, take_numbers(session, SERIES, r.date.year), who, utcnow())
        receipt_id = int(conn.execute(_INSERT_ONE, row).scalar_one())
        conn.execute(_INSERT_LINES, _line_rows(receipt_id, r))
        return receipt_id, str(row["number"]), who
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    seq = int(cur.execute(_SQLITE_NEXT, (SERIES, r.date.year)).fetchone()[0])
    row = _row(r, seq, who, utcnow())
    moment = cast(datetime, row["created_at"]).replace(tzinfo=None)  # UTC, as DateTime writes it
    row.update(date=r.date.isoformat(), created_at=moment.strftime("%Y-%m-%d %H:%M:%S.%f"))
    receipt_id = int(cur.execute(_SQLITE_INSERT, row).fetchone()[0])
    cur.executemany(_SQLITE_LINES, [(receipt_id, line["position"], line["label"], line["amount"])
                                    for line in _line_rows(receipt_id, r)])
    cur.close()
    return receipt_id, str(row["number"]), who


# --- voiding -----------------------------------------------------------------------------------

#: Receipts whose area keeps its own state beside the journal (a loan's instalments, a member's
#: leaving): voiding them here would reverse the money but leave that state behind, so they are
#: voided through their area's own service, which reverses first and then calls `void_receipt`.
VOIDED_ELSEWHERE: dict[str, str] = {
    "loan.": N_("Receipt {number} belongs to a loan: cancel the repayment on the loan's page "
                "(Pinjaman), which voids its receipt too."),
    "savings.settlement": N_("Receipt {number} settled a member's leaving: cancel the leaving "
                             "on the member's page (Anggota), which voids its receipt too."),
}


@dataclass(frozen=True)
class BalanceChange:
    """What voiding does to one member's account: e.g. their simpanan sukarela."""

    member_no: str | None
    account: str
    before: int
    after: int


@dataclass(frozen=True)
class VoidPreview:
    """What voiding a receipt would do, shown before the user confirms; `problem` says why it
    cannot be voided, if it cannot."""

    receipt: Receipt
    on: date
    reverses: bool  # False: the entry was already reversed (by its area); only the mark is new
    changes: tuple[BalanceChange, ...]
    problem: str | None


def preview_void(session: Session, receipt_id: int, *, on: date | None = None) -> VoidPreview:
    """What `void_receipt` would do on `on` (today by default); nothing is saved."""
    require(session, Capability.READ)
    receipt = get_receipt(session, receipt_id)
    on = on or date.today()
    entry = journal.get_entry(session, receipt.entry_id)
    reverses = entry.reversed_by_id is None
    changes = _member_changes(session, entry) if reverses else ()
    return VoidPreview(receipt, on, reverses, changes,
                       _void_problem(receipt, entry, on, changes))


def _member_changes(session: Session, entry: journal.PostedEntry) -> tuple[BalanceChange, ...]:
    """Each member account the entry touched, with its balance now and after the reversal
    (positive: what the cooperative holds for the member, or what the member owes it)."""
    found = []
    for line in entry.lines:
        if line.member_id is None:
            continue
        account = accounts.resolve(session, line.account_code)
        sign = 1 if account.debit_normal else -1
        now = sign * int(session.scalar(select(func.coalesce(func.sum(Posting.amount), 0)).where(
            Posting.member_id == line.member_id, Posting.account_id == account.id)) or 0)
        found.append(BalanceChange(line.member_no, account.name, now,
                                   now - sign * line.amount))
    return tuple(found)


def _void_problem(r: Receipt, entry: journal.PostedEntry, on: date,
                  changes: Sequence[BalanceChange]) -> str | None:
    if r.void:
        return _("Receipt {number} is already void.").format(number=r.number)
    if entry.reversed_by_id is not None:
        return None  # the area reversed it already: only the mark is left to set
    for prefix, message in VOIDED_ELSEWHERE.items():
        if r.kind.startswith(prefix):
            return _(message).format(number=r.number)
    if on < r.date:
        return _("The receipt is dated {date}; it cannot be voided on an earlier day.").format(
            date=format_date(r.date))
    for c in changes:
        if c.after < 0 and c.member_no is not None:
            # e.g. a deposit whose money was taken out since: the withdrawal goes first
            return _("Voiding would leave {member} with {amount} in {account}; void the later "
                     "payment out first.").format(member=c.member_no, amount=format_money(
                         c.after), account=c.account)
    return None


def void_receipt(session: Session, receipt_id: int, *, reason: str,
                 on: date | None = None) -> Receipt:
    """Void a receipt: reverse its entry (or link the reversal already posted), keep the paper."""
    require(session, Capability.MONEY)
    if not reason.strip():
        raise UserError(_("Say why the receipt is voided; the reason is printed on it."))
    record = session.get(ReceiptRecord, receipt_id, with_for_update=True)
    if record is None:
        raise NotFound(_("There is no receipt {id}.").format(id=receipt_id))
    check = preview_void(session, receipt_id, on=on)
    if check.problem is not None:
        raise UserError(check.problem)
    entry = journal.get_entry(session, record.entry_id)
    if entry.reversed_by_id is not None:
        reversal_id = entry.reversed_by_id
    else:
        memo = _("Void receipt {number}: {reason}").format(number=record.number,
                                                           reason=reason.strip())
        reversal_id = journal.reverse_entry(session, entry.id, on=on or date.today(),
                                            memo=memo[:255]).id
    before = {"status": record.status}
    record.status = "void"
    record.void_entry_id = reversal_id
    record.void_reason = reason.strip()[:255]
    record.voided_at = utcnow()
    record.voided_by = actor_of(session).username
    session.flush()
    audit.record(session, "receipts.void", entity="receipt", entity_id=record.number,
                 before=before, after={"status": "void", "reason": record.void_reason,
                                       "reversal": reversal_id})
    return get_receipt(session, receipt_id)


# --- reading -----------------------------------------------------------------------------------


def _rows_to_receipts(
    session: Session, rows: Sequence[tuple[ReceiptRecord, str | None, int, int | None]]
) -> list[Receipt]:
    ids = [r[0].id for r in rows]
    lines: dict[int, list[ReceiptLine]] = {}
    if ids:
        for chunk_start in range(0, len(ids), 5000):
            chunk = ids[chunk_start : chunk_start + 5000]
            for rl in session.execute(
                select(ReceiptLineRecord.receipt_id, ReceiptLineRecord.label,
                       ReceiptLineRecord.amount)
                .where(ReceiptLineRecord.receipt_id.in_(chunk))
                .order_by(ReceiptLineRecord.receipt_id, ReceiptLineRecord.position)
            ):
                lines.setdefault(rl.receipt_id, []).append(ReceiptLine(rl.label, rl.amount))
    return [
        Receipt(
            id=rec.id, number=rec.number, date=rec.date, entry_id=rec.entry_id,
            entry_reference=journal.format_reference(year, number or 0),
            member_id=rec.member_id, member_no=member_no, party=rec.party,
            direction=cast(Direction, rec.direction), kind=rec.kind, title=rec.title,
            total=rec.total, lines=tuple(lines.get(rec.id, ())), note=rec.note,
            created_by=rec.created_by, void=rec.status == "void", void_reason=rec.void_reason,
            void_entry_id=rec.void_entry_id, voided_at=rec.voided_at,
        )
        for rec, member_no, year, number in rows
    ]


def _query(session: Session, *conditions: object, limit: int | None = None,
           newest_first: bool = False) -> list[Receipt]:
    stmt = (
        select(ReceiptRecord, Member.member_no, JournalEntry.year, JournalEntry.number)
        .join(JournalEntry, JournalEntry.id == ReceiptRecord.entry_id)
        .outerjoin(Member, Member.id == ReceiptRecord.member_id)
        .where(*conditions)  # type: ignore[arg-type]
    )
    order = (ReceiptRecord.year.desc(), ReceiptRecord.seq.desc()) if newest_first else (
        ReceiptRecord.year, ReceiptRecord.seq)
    stmt = stmt.order_by(*order)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = [(r[0], r[1], r[2], r[3]) for r in session.execute(stmt)]
    return _rows_to_receipts(session, rows)


def get_receipt(session: Session, receipt_id: int) -> Receipt:
    require(session, Capability.READ)
    found = _query(session, ReceiptRecord.id == receipt_id)
    if not found:
        raise NotFound(_("There is no receipt {id}.").format(id=receipt_id))
    return found[0]


def find_receipt(session: Session, number: str) -> Receipt:
    """A receipt by its number as printed: "KW/2026/000123" (the leading zeros may be left out)."""
    require(session, Capability.READ)
    text = number.strip().upper()
    parts = text.split("/")
    if len(parts) == 3 and parts[0] == SERIES and parts[1].isdigit() and parts[2].isdigit():
        text = format_number(int(parts[1]), int(parts[2]))
    found = _query(session, ReceiptRecord.number == text)
    if not found:
        raise NotFound(_("There is no receipt {number}.").format(number=number))
    return found[0]


def receipt_for_entry(session: Session, entry_id: int) -> Receipt | None:
    """The receipt of an entry, or of the entry it reverses (a void receipt); None if none."""
    require(session, Capability.READ)
    found = _query(session, ReceiptRecord.entry_id == entry_id)
    if not found:
        found = _query(session, ReceiptRecord.void_entry_id == entry_id)
    return found[0] if found else None


def list_receipts(session: Session, *, member_id: int | None = None, start: date | None = None,
                  end: date | None = None, kind: str | None = None, limit: int | None = 500,
                  newest_first: bool = True, search: str | None = None,
                  kind_prefix: str | None = None) -> list[Receipt]:
    """Receipts, newest first; `search` matches the number or the party (a member's name or
    number), as typed: "000123", "siti", "A00042"; `kind_prefix` keeps one area's ("savings.")."""
    require(session, Capability.READ)
    conditions: list[object] = []
    if kind_prefix:
        conditions.append(ReceiptRecord.kind.startswith(kind_prefix, autoescape=True))
    if search and search.strip():
        like = f"%{search.strip()}%"
        conditions.append(ReceiptRecord.number.ilike(like) | ReceiptRecord.party.ilike(like))
    if member_id is not None:
        conditions.append(ReceiptRecord.member_id == member_id)
    if start is not None:
        conditions.append(ReceiptRecord.date >= start)
    if end is not None:
        conditions.append(ReceiptRecord.date <= end)
    if kind is not None:
        conditions.append(ReceiptRecord.kind == kind)
    return _query(session, *conditions, limit=limit, newest_first=newest_first)


def _audit_view(r: Receipt) -> dict[str, object]:
    return {"number": r.number, "entry": r.entry_id, "member": r.member_no, "party": r.party,
            "direction": r.direction, "kind": r.kind, "total": r.total,
            "lines": [[ln.label, ln.amount] for ln in r.lines]}
