"""A member's savings statement: each kind of savings with every movement and balance over a period.

Read straight from the journal (the member's postings to the savings accounts, through the index
on member, account and date) with each entry's receipt number, so a member can match every line to
the kuitansi in their hand. Deposits funded by a remittance show what arrived from abroad.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from coopdesk.access import Capability, require
from coopdesk.i18n import _, format_date, format_money, format_number
from coopdesk.ledger import accounts, journal
from coopdesk.ledger.models import JournalEntry, Posting
from coopdesk.ledger.receipts_models import ReceiptRecord
from coopdesk.ledger.savings import (
    KIND_LABELS,
    KINDS,
    ROLES,
    Kind,
    RemittanceView,
    member,
    remittances,
)
from coopdesk.members.models import Member
from coopdesk.pdf import Letterhead, Points, build_pdf, data_table, paragraph, signature_block
from coopdesk.tabular import Cell


@dataclass(frozen=True)
class StatementLine:
    date: date
    reference: str  # the receipt number, else the journal entry's
    description: str
    amount_in: int
    amount_out: int
    balance: int


@dataclass(frozen=True)
class KindSection:
    kind: Kind
    opening: int
    lines: tuple[StatementLine, ...]

    @property
    def total_in(self) -> int:
        return sum(ln.amount_in for ln in self.lines)

    @property
    def total_out(self) -> int:
        return sum(ln.amount_out for ln in self.lines)

    @property
    def closing(self) -> int:
        return self.opening + self.total_in - self.total_out


@dataclass(frozen=True)
class MemberStatement:
    member_no: str
    name: str
    village: str | None
    joined_on: date | None
    status: str
    start: date | None
    end: date
    sections: tuple[KindSection, ...]

    @property
    def closing_total(self) -> int:
        return sum(s.closing for s in self.sections)


def member_statement(session: Session, member_no: str, *, start: date | None = None,
                     end: date | None = None) -> MemberStatement:
    """The statement from `start` (default: the beginning) to `end` (default: today)."""
    require(session, Capability.READ)
    m = member(session, member_no)
    end = end or date.today()
    info = session.execute(select(Member.village, Member.joined_on)
                           .where(Member.id == m.id)).one()
    ids = {accounts.resolve(session, ROLES[k]).id: k for k in KINDS}
    opening = dict.fromkeys(KINDS, 0)
    if start is not None:
        for account, total in session.execute(
            select(Posting.account_id, func.sum(Posting.amount))
            .where(Posting.member_id == m.id, Posting.account_id.in_(ids),
                   Posting.date < start).group_by(Posting.account_id)
        ):
            opening[ids[account]] = -int(total)
    movements = _movements(session, m.id, ids, start, end)
    notes = remittances(session, m.id)
    sections = []
    for kind in KINDS:
        balance = opening[kind]
        lines = []
        for row in movements.get(kind, ()):
            amount = -row.amount
            balance += amount
            lines.append(StatementLine(
                row.date, row.receipt or journal.format_reference(row.year, row.number),
                _describe(row, notes.get(row.entry_id), f": {m.name} ({m.member_no})"),
                max(amount, 0), max(-amount, 0),
                balance))
        sections.append(KindSection(kind, opening[kind], tuple(lines)))
    return MemberStatement(m.member_no, m.name, info.village, info.joined_on, m.status, start,
                           end, tuple(sections))


@dataclass(frozen=True)
class _Row:
    entry_id: int
    date: date
    amount: int
    year: int
    number: int
    memo: str
    receipt: str | None
    title: str | None
    voids: str | None


def _movements(session: Session, member_id: int, ids: dict[int, Kind], start: date | None,
               end: date) -> dict[Kind, list[_Row]]:
    receipt = aliased(ReceiptRecord)
    voided = aliased(ReceiptRecord)
    stmt = (
        select(Posting.account_id, Posting.entry_id, Posting.date, Posting.amount,
               JournalEntry.year, JournalEntry.number, JournalEntry.memo, receipt.number,
               receipt.title, voided.number)
        .join(JournalEntry, JournalEntry.id == Posting.entry_id)
        .outerjoin(receipt, receipt.entry_id == Posting.entry_id)
        # Through the reversed entry's receipt (a unique key): SQLite's statistics see the void
        # column as mostly empty, judge its index useless and would scan every receipt per line.
        .outerjoin(voided, (voided.entry_id == JournalEntry.reverses_id)
                   & (voided.void_entry_id == Posting.entry_id))
        .where(Posting.member_id == member_id, Posting.account_id.in_(ids),
               Posting.date <= end)
        .order_by(Posting.date, Posting.entry_id, Posting.id)
    )
    if start is not None:
        stmt = stmt.where(Posting.date >= start)
    found: dict[Kind, list[_Row]] = {}
    for account, *rest in session.execute(stmt):
        found.setdefault(ids[account], []).append(_Row(*rest))
    return found


def _describe(row: _Row, remit: RemittanceView | None, who: str) -> str:
    if row.voids:
        text = _("Void of receipt {number}").format(number=row.voids)
    else:
        text = row.title or row.memo.removesuffix(who)  # the statement is the member's already
    if remit is not None:
        text = _("remittance {currency} {amount}").format(
            currency=remit.currency, amount=format_number(remit.foreign_amount)) + " · " + text
    return text


# --- output ---------------------------------------------------------------------------------------

CSV_HEADER = ("kind", "date", "reference", "description", "in", "out", "balance")


def statement_rows(st: MemberStatement) -> tuple[Sequence[str], list[Sequence[Cell]]]:
    rows: list[Sequence[Cell]] = []
    for s in st.sections:
        rows.append((s.kind, st.start, "", "opening", None, None, s.opening))
        rows += [(s.kind, ln.date, ln.reference, ln.description, ln.amount_in or None,
                  ln.amount_out or None, ln.balance) for ln in s.lines]
    return CSV_HEADER, rows


def _fit(text: str, room: Points, size: Points = 7.5) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from coopdesk.pdf import FONT

    if stringWidth(text, FONT, size) <= room:
        return text
    while text and stringWidth(text + "…", FONT, size) > room:
        text = text[:-1]
    return text + "…"


def _money(amount: int) -> str:
    return format_money(amount) if amount else ""


def statement_pdf(st: MemberStatement, head: Letterhead, *, treasurer: str = "") -> bytes:
    period = (_("{start} to {end}").format(start=format_date(st.start, "long"),
                                            end=format_date(st.end, "long"))
              if st.start else _("Up to {end}").format(end=format_date(st.end, "long")))
    flow: list[Flowable] = [_identity(st, period), Spacer(1, 3 * mm), _summary(st)]
    widths = (20 * mm, 30 * mm, 66 * mm, 22 * mm, 22 * mm, 25 * mm)
    for s in st.sections:
        flow.append(paragraph(_(KIND_LABELS[s.kind]), "heading"))
        # Plain cells, descriptions cut to the column: a wrapped Paragraph per row would make a
        # ten-year statement several times slower to lay out.
        rows = [(format_date(ln.date, "short"), ln.reference, _fit(ln.description, 64 * mm),
                 _money(ln.amount_in), _money(ln.amount_out), format_money(ln.balance))
                for ln in s.lines]
        opening = ("", "", _("Opening balance"), "", "", format_money(s.opening))
        flow.append(data_table(
            [_("Date"), _("Receipt"), _("Description"), _("In"), _("Out"), _("Balance")],
            [opening, *rows], numeric=(3, 4, 5), widths=widths, font_size=7.5,
            total=("", "", _("Closing balance"), _money(s.total_in), _money(s.total_out),
                   format_money(s.closing))))
    flow.append(signature_block([(_("Treasurer"), treasurer)]))
    return build_pdf(head, _("Savings statement"), flow,
                     subtitle=f"{st.name} ({st.member_no}) · {period}")


def _identity(st: MemberStatement, period: str) -> Flowable:
    from reportlab.platypus import Table, TableStyle

    from coopdesk.members.vocab import STATUS_LABELS, label
    from coopdesk.pdf import FONT, FONT_BOLD

    rows = [
        (_("Member"), f"{st.member_no} — {st.name}"),
        (_("Village"), st.village or "-"),
        (_("Joined"), format_date(st.joined_on, "long") if st.joined_on else "-"),
        (_("Status"), label(STATUS_LABELS, st.status)),
        (_("Period"), period),
    ]
    table = Table(rows, colWidths=(35 * mm, 150 * mm), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (0, -1), FONT, 8.5), ("FONT", (1, 0), (1, -1), FONT_BOLD, 8.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _summary(st: MemberStatement) -> Flowable:
    rows = [(_(KIND_LABELS[s.kind]), format_money(s.opening), _money(s.total_in),
             _money(s.total_out), format_money(s.closing)) for s in st.sections]
    return data_table(
        [_("Savings"), _("Opening"), _("In"), _("Out"), _("Closing")], rows,
        numeric=(1, 2, 3, 4), widths=(75 * mm, 27 * mm, 27 * mm, 27 * mm, 29 * mm),
        total=(_("Total"), format_money(sum(s.opening for s in st.sections)),
               _money(sum(s.total_in for s in st.sections)),
               _money(sum(s.total_out for s in st.sections)), format_money(st.closing_total)))
