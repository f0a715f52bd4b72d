"""Notes to the financial statements (catatan atas laporan keuangan): a skeleton filled with the
book's own figures, for the board to complete in its own words.

The numbered notes follow the usual order for a savings-and-loan cooperative under SAK EP:
general information, accounting policies, cash, loans to members (with loan quality and the
allowance), members' savings, equity, the SHU and its proposed distribution, and events after
the reporting date. Where only the board can write the text, the board's words kept for the year
are printed (`notes_text`), or, while there are none, the note says so in brackets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from coopdesk import settings
from coopdesk.access import Capability, require
from coopdesk.i18n import _, format_date, format_money, format_percent
from coopdesk.ledger.models import FinancialYear
from coopdesk.ledger.reports import account_balances
from coopdesk.ledger.statements.mapping import load_mapping
from coopdesk.ledger.statements.members import SAVINGS_NAMES, SAVINGS_ROLES, balances, role_ids
from coopdesk.ledger.statements.notes_text import EVENTS, GENERAL, POLICIES, board_texts, filled
from coopdesk.ledger.statements.output import shown
from coopdesk.ledger.statements.portfolio import Portfolio, portfolio
from coopdesk.members.models import Member
from coopdesk.pdf import FONT_BOLD, Letterhead, build_pdf, data_table, paragraph, register_fonts


@dataclass(frozen=True)
class NoteTable:
    header: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]
    total: tuple[str | int, ...] | None = None


@dataclass(frozen=True)
class Note:
    title: str
    paragraphs: tuple[str, ...]
    tables: tuple[NoteTable, ...] = field(default=())


@dataclass(frozen=True)
class Notes:
    year: int
    notes: tuple[Note, ...]


def members_at(session: Session, day: date) -> int:
    """Members of the cooperative on `day` (joined by then and not left)."""
    return int(session.scalar(select(func.count()).select_from(Member).where(
        Member.status != "calon", or_(Member.joined_on.is_(None), Member.joined_on <= day),
        or_(Member.left_on.is_(None), Member.left_on > day))) or 0)


def _general(session: Session, year: int, board: str) -> Note:
    end = date(year, 12, 31)
    name = settings.COOP_NAME.get(session)
    legal = settings.COOP_LEGAL_NO.get(session)
    return Note(_("General information"), (
        _("{name} is a cooperative under Law 25/1992 on cooperatives{legal}, at {address}.")
        .format(name=name, address=settings.COOP_ADDRESS.get(session) or "-",
                legal=_(", legal entity no. {no}").format(no=legal) if legal else ""),
        _("Members at {date}: {members} (a year earlier: {before}).").format(
            date=format_date(end, "long"), members=members_at(session, end),
            before=members_at(session, date(year - 1, 12, 31))),
        *filled(board, GENERAL),
    ))


def _policies(session: Session, year: int, board: str) -> Note:
    m = load_mapping(session)
    pokok = next((a for a in m.accounts.values() if a.role == "savings.pokok"), None)
    where = _("equity")
    if pokok is not None and m.line[pokok.id] not in ("PRINCIPAL_SAVINGS", "MANDATORY_SAVINGS"):
        where = _("liabilities")
    return Note(_("Accounting policies"), (
        _("The statements follow SAK EP (the Indonesian financial accounting standard for "
          "private entities), as Permenkop UKM 2/2024 asks of savings-and-loan cooperatives."),
        _("The financial year runs from 1 January to 31 December {year}. Amounts are in whole "
          "rupiah. Transactions in other currencies are booked in rupiah at the day's rate.")
        .format(year=year),
        _("Principal (pokok) and mandatory (wajib) savings are shown in {where}; voluntary "
          "(sukarela) and term (berjangka) savings are liabilities.").format(where=where),
        _("Loans to members are shown at the principal outstanding, less an allowance for "
          "losses set by each loan's quality (kolektibilitas)."),
        _("The SHU of the year is income less expenses and tax; it is shared as the members' "
          "meeting decides under the statutes."),
        _("The cash-flow statement uses the direct method."),
        *filled(board, POLICIES),
    ))


def _account_table(session: Session, year: int, line: str) -> NoteTable:
    m = load_mapping(session)
    now = account_balances(session, date(year, 12, 31))
    before = account_balances(session, date(year - 1, 12, 31))
    rows = tuple((f"{a.code} {a.name}", now.get(a.id, 0), before.get(a.id, 0))
                 for a in sorted(m.on_line(line), key=lambda a: a.code)
                 if now.get(a.id, 0) or before.get(a.id, 0))
    return NoteTable((_("Account"), str(year), str(year - 1)), rows, (
        _("Total"), sum(r[1] for r in rows), sum(r[2] for r in rows)))


def _loans(session: Session, year: int) -> Note:
    p: Portfolio = portfolio(session, date(year, 12, 31))
    paragraphs = [_("Loans to members {receivable}, less the allowance for loan losses "
                    "{allowance}: {net} net.").format(
        receivable=format_money(p.receivable), allowance=format_money(p.allowance),
        net=format_money(p.receivable - p.allowance))]
    tables = []
    if p.classes:
        tables.append(NoteTable(
            (_("Quality (kolektibilitas)"), _("Loans"), _("Outstanding"), _("Allowance %"),
             _("Allowance required")),
            tuple((c.name, c.loans, c.outstanding, format_percent(c.percent), c.required)
                  for c in p.classes),
            (_("Total"), p.loans, p.classified, "", p.required)))
        paragraphs.append(_("Problem loans are {ratio} of all loans: {health}.").format(
            ratio=format_percent(p.problem_ratio or Decimal(0)), health=p.health))
    if p.unclassified:
        paragraphs.append(_("{amount} of the receivable has no loan record and is not "
                            "classified.").format(amount=format_money(p.unclassified)))
    return Note(_("Loans to members"), tuple(paragraphs), tuple(tables))


def _savings(session: Session, year: int) -> Note:
    ids = role_ids(session, SAVINGS_ROLES.values())
    now = balances(session, ids.values(), date(year, 12, 31))
    before = balances(session, ids.values(), date(year - 1, 12, 31))
    rows = []
    for kind, role in SAVINGS_ROLES.items():
        acc = ids.get(role)
        if acc is None:
            continue
        held = [-v for (_m, a), v in now.items() if a == acc and v < 0]
        total_now = sum(-v for (_m, a), v in now.items() if a == acc)
        total_before = sum(-v for (_m, a), v in before.items() if a == acc)
        rows.append((_(SAVINGS_NAMES[kind]), len(held), total_now, total_before))
    return Note(_("Members' savings"), (
        _("Savings held by members at the year end, by kind (members holding any)."),),
        (NoteTable((_("Kind"), _("Members"), str(year), str(year - 1)), tuple(rows), (
            _("Total"), "", sum(r[2] for r in rows), sum(r[3] for r in rows))),))


def _shu(session: Session, year: int) -> Note:
    from coopdesk.ledger.shu.compute import compute

    fy = session.get(FinancialYear, year)
    if fy is None or fy.status != "closed":
        return Note(_("SHU of the year and its distribution"), (
            _("The year is not closed yet; the distribution is shown once it is."),))
    result = compute(session, year)
    return Note(_("SHU of the year and its distribution"), (
        _("The SHU of {year} is shared as proposed to the members' meeting:").format(year=year),
        *result.notes),
        (NoteTable((_("Part"), _("Share"), _("Amount")),
                   tuple((p.name, format_percent(Decimal(p.percent)), p.amount)
                         for p in result.parts), (_("Total"), "100%", result.pool)),))


def _equity(session: Session, year: int) -> Note:
    from coopdesk.ledger.shu.loss import covered_in

    paragraphs = [_("The changes in equity are shown in the statement of changes in equity. The "
                    "reserve grows each year by its part of the SHU and is not shared among "
                    "members.")]
    for cover in covered_in(session, year):
        paragraphs.append(_("On {date} the members' meeting covered {amount} of the loss of "
                            "{loss_year} from the reserve.").format(
            date=format_date(cover.on, "long"), amount=format_money(cover.amount),
            loss_year=cover.year))
    return Note(_("Equity"), tuple(paragraphs))


def build_notes(session: Session, year: int, *, texts: Mapping[str, str] | None = None
                ) -> Notes:
    """The notes of `year`, with the board's words kept for the year (or `texts`, e.g. still
    being written, for a preview)."""
    require(session, Capability.READ)
    board = {**board_texts(session, year), **(texts or {})}
    cash = _account_table(session, year, "CASH")
    after = Note(_("Events after the reporting date"), filled(board[EVENTS], EVENTS))
    return Notes(year, (
        _general(session, year, board[GENERAL]), _policies(session, year, board[POLICIES]),
        Note(_("Cash and cash equivalents"), (_("Cash on hand and in banks."),), (cash,)),
        _loans(session, year), _savings(session, year), _equity(session, year),
        _shu(session, year), after))


def _cell(value: str | int) -> str:
    return shown(value) if isinstance(value, int) else value


def _table(t: NoteTable) -> Flowable:
    register_fonts()
    numeric = tuple(range(1, len(t.header)))
    # Each figure column as wide as its heading needs (a long heading would run into the next
    # one), the account or class column takes the rest.
    widths = [max(26 * mm, stringWidth(h, FONT_BOLD, 8.5) + 5 * mm) for h in t.header[1:]]
    return data_table(list(t.header), [tuple(_cell(v) for v in r) for r in t.rows],
                      numeric=numeric, wrap=(0,), widths=(175 * mm - sum(widths), *widths),
                      total=tuple(_cell(v) for v in t.total) if t.total else None)


def notes_flowables(notes: Notes) -> list[Flowable]:
    parts: list[Flowable] = []
    for number, note in enumerate(notes.notes, start=1):
        block: list[Flowable] = [paragraph(f"{number}. {note.title}", "heading")]
        block += [paragraph(p) for p in note.paragraphs]
        for t in note.tables:
            block += [Spacer(1, 2 * mm), _table(t)]
        parts.append(KeepTogether(block))
        parts.append(Spacer(1, 2 * mm))
    return parts


def notes_pdf(notes: Notes, head: Letterhead) -> bytes:
    return build_pdf(head, _("NOTES TO THE FINANCIAL STATEMENTS"), notes_flowables(notes),
                     subtitle=_("For the year ended {date}").format(
                         date=format_date(date(notes.year, 12, 31), "long")))


def as_text(notes: Notes) -> Sequence[str]:
    """The notes as plain lines (for a screen that shows text)."""
    lines = []
    for number, note in enumerate(notes.notes, start=1):
        lines.append(f"{number}. {note.title}")
        lines += [f"   {p}" for p in note.paragraphs]
    return lines
