"""Simpanan wajib as dues: who is behind (arrears), and a meeting's collections in one save.

Arrears for a month: every member owes, for each month from the month they joined up to that
month, the wajib amount in force in that month (`coopdesk.ledger.savings_wajib`) — a month counts
once its due day (a setting) has come by `as_of`, so on 5 March with dues by the 10th, March is
not yet owed; what they paid is the sum of their wajib postings (up to `as_of`, by default today,
so a late payment clears an old month). Payments clear the oldest months first: the months owed
are those not paid in full. Paying ahead or in part is fine. The sums come from one aggregate
query over the postings and a running total of the dues, so the whole cooperative's list takes a
fraction of a second.

`dues_sheet` gives the batch grid (every active member, this month's amount prefilled), and
`record_dues` saves a meeting's collections as one transaction: one entry and one receipt per
member who paid, all or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import Problem, UserError, ValidationError
from coopdesk.i18n import _, format_money, month_name
from coopdesk.ledger import accounts, journal, receipts
from coopdesk.ledger.journal import NewEntry, credit, debit
from coopdesk.ledger.models import Posting
from coopdesk.ledger.receipts import ReceiptRequest
from coopdesk.ledger.savings import KIND_LABELS, WAJIB_DUE_DAY
from coopdesk.ledger.savings_wajib import DuesTable, month_index, wajib_schedule
from coopdesk.members.models import Member
from coopdesk.progress import NO_PROGRESS, Progress, report


@dataclass(frozen=True)
class ArrearsRow:
    member_id: int
    member_no: str
    name: str
    village: str | None
    phone: str | None
    joined_on: date
    months_due: int
    paid: int
    months_owed: int
    amount_owed: int
    last_paid: date | None


@dataclass(frozen=True)
class Arrears:
    year: int
    month: int
    as_of: date
    monthly: int
    rows: tuple[ArrearsRow, ...]  # members behind, most months owed first
    members_counted: int

    @property
    def total_owed(self) -> int:
        return sum(r.amount_owed for r in self.rows)


def month_end(year: int, month: int) -> date:
    return date(year, month, 1) + relativedelta(months=1, days=-1)


def _last_due(year: int, month: int, as_of: date, due_day: int) -> tuple[int, int]:
    """The last month whose dues have fallen due by `as_of`, at the latest (year, month)."""
    latest = (as_of.year, as_of.month)
    if as_of.day < due_day:
        latest = (as_of.year - 1, 12) if as_of.month == 1 else (as_of.year, as_of.month - 1)
    return min((year, month), latest)


def _paid_by_member(session: Session, as_of: date) -> dict[int, tuple[int, date | None]]:
    wajib = accounts.resolve(session, "savings.wajib").id
    stmt = (select(Posting.member_id, func.sum(Posting.amount), func.max(Posting.date))
            .where(Posting.account_id == wajib, Posting.date <= as_of,
                   Posting.member_id.is_not(None))
            .group_by(Posting.member_id))
    return {m: (-int(total), last) for m, total, last in session.execute(stmt)
            if m is not None}


def arrears(session: Session, year: int, month: int, *, as_of: date | None = None,
            min_months: int = 1) -> Arrears:
    """Members behind with simpanan wajib for `month` (see the module docstring)."""
    require(session, Capability.READ)
    end = month_end(year, month)
    as_of = as_of or date.today()
    due_through = month_index(*_last_due(year, month, as_of, WAJIB_DUE_DAY.get(session)))
    schedule = wajib_schedule(session)
    monthly = schedule.amount_for(year, month)
    if min((monthly, schedule.base, *(c.amount for c in schedule.changes))) <= 0:
        raise UserError(_("The monthly simpanan wajib is not set."))
    paid = _paid_by_member(session, as_of)
    members = session.execute(
        select(Member.id, Member.member_no, Member.name, Member.village, Member.phone,
               Member.joined_on)
        .where(Member.status == "anggota", Member.joined_on.is_not(None),
               Member.joined_on <= end)
    ).all()
    first = min((month_index(m.joined_on.year, m.joined_on.month) for m in members),
                default=due_through)
    dues = DuesTable.build(schedule, first, max(due_through, first))
    rows = []
    for m in members:
        start = month_index(m.joined_on.year, m.joined_on.month)
        due_months = max(due_through - start + 1, 0)
        total_paid, last = paid.get(m.id, (0, None))
        # Payments clear the oldest months first, each at the amount of its own month.
        owed_months = due_months - dues.months_covered(start, due_through, total_paid)
        if owed_months >= min_months:
            short = max(dues.due(start, due_through) - total_paid, 0)
            rows.append(ArrearsRow(m.id, m.member_no, m.name, m.village, m.phone, m.joined_on,
                                   due_months, total_paid, owed_months, short, last))
    rows.sort(key=lambda r: (-r.months_owed, r.name, r.member_no))
    return Arrears(year, month, as_of, monthly, tuple(rows), len(members))


# --- the meeting's batch -------------------------------------------------------------------------


@dataclass(frozen=True)
class DuesLine:
    """One line of the batch grid: a member and what to prefill."""

    member_id: int
    member_no: str
    name: str
    village: str | None
    amount: int  # prefilled: the wajib in force in the meeting's month
    months_owed: int  # before this payment, as of the meeting's day


def dues_sheet(session: Session, on: date) -> list[DuesLine]:
    """Every current member, by name, with this month's wajib prefilled and their arrears."""
    require(session, Capability.READ)
    behind = {r.member_id: r.months_owed
              for r in arrears(session, on.year, on.month, as_of=on).rows}
    monthly = wajib_schedule(session).amount_for(on.year, on.month)
    rows = session.execute(
        select(Member.id, Member.member_no, Member.name, Member.village)
        .where(Member.status == "anggota").order_by(Member.name, Member.member_no))
    return [DuesLine(r.id, r.member_no, r.name, r.village, monthly, behind.get(r.id, 0))
            for r in rows]


@dataclass(frozen=True)
class BatchResult:
    count: int
    total: int
    entry_ids: tuple[int, ...]
    receipt_ids: tuple[int, ...]


def record_dues(session: Session, *, on: date, payments: Sequence[tuple[str, int]],
                progress: Progress = NO_PROGRESS) -> BatchResult:
    """Save a meeting's wajib collections: (member_no, amount) pairs; zero amounts are skipped.
    One entry and one receipt per member, all in the caller's one transaction, or none."""
    require(session, Capability.MONEY)
    wanted = [(no.strip().upper(), amount) for no, amount in payments if amount]
    if not wanted:
        raise UserError(_("No dues to save: every amount is empty."))
    found = {r.member_no: r for r in session.execute(
        select(Member.id, Member.member_no, Member.name, Member.status)
        .where(Member.member_no.in_({no for no, _a in wanted})))}
    problems = _dues_problems(wanted, found)
    if problems:
        raise ValidationError(_("No dues were saved."), problems)
    label = _(KIND_LABELS["wajib"])
    period = f"{month_name(on.month)} {on.year}"
    entries = [
        NewEntry(on, _("Deposit {kind}: {name} ({no})").format(
            kind=label, name=found[no].name, no=no)[:255],
            (debit("cash", amount), credit("savings.wajib", amount, member_id=found[no].id)),
            source="savings", source_ref=no)
        for no, amount in wanted
    ]
    entry_ids = journal.post_entries(session, entries, progress=progress)
    report(progress, len(wanted), len(wanted))
    title = _("Deposit: {kind}").format(kind=label) + f" ({period})"
    receipt_ids = receipts.issue_receipts(session, [
        ReceiptRequest(entry_id=eid, date=on, total=amount, direction="in",
                       kind="savings.wajib.deposit", title=title,
                       party=f"{found[no].name} ({no})", member_id=found[no].id)
        for eid, (no, amount) in zip(entry_ids, wanted, strict=True)
    ])
    total = sum(a for _n, a in wanted)
    audit.record(session, "savings.record_dues", entity="journal_entry",
                 entity_id=f"{entry_ids[0]}-{entry_ids[-1]}",
                 after={"date": on, "members": len(wanted), "total": total})
    return BatchResult(len(wanted), total, tuple(entry_ids), tuple(receipt_ids))


def _dues_problems(wanted: Sequence[tuple[str, int]], found: dict[str, Any]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for i, (no, amount) in enumerate(wanted, start=1):
        m = found.get(no)
        if m is None:
            problems.append(Problem(_("There is no member {no}.").format(no=no), row=i))
        elif m.status == "keluar":
            problems.append(Problem(_("{name} ({no}) has left the cooperative.").format(
                name=m.name, no=no), row=i))
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            problems.append(Problem(_("The amount for {no} must be whole rupiah.").format(no=no),
                                    row=i))
        if no in seen:
            problems.append(Problem(_("{no} appears twice.").format(no=no), row=i))
        seen.add(no)
    return problems


def describe(result: BatchResult) -> str:
    return _("Saved dues of {n} members, {total} in all.").format(
        n=result.count, total=format_money(result.total))
