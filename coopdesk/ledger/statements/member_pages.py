"""One page per member for the members' meeting: their savings by kind at the year end, the year's
movements month by month, their loan, and their share of the SHU.

The figures of every member are gathered in a handful of grouped queries over the postings
(`members`), then each page is drawn on a ReportLab canvas (`member_draw`): platypus would lay
out thousands of near-identical pages at half the speed. Pages come in member-number order; a
member is on the pack when they were a member at some time during the year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.i18n import _
from coopdesk.ledger.models import FinancialYear
from coopdesk.ledger.shu.models import ShuDistribution, ShuMemberShare
from coopdesk.ledger.statements import members as mf
from coopdesk.ledger.statements.pdf import Signers
from coopdesk.pdf import Letterhead
from coopdesk.progress import NO_PROGRESS, Progress

LOAN_ROLE, INTEREST_ROLE = mf.LOAN_ROLE, mf.INTEREST_ROLE


@dataclass(frozen=True)
class SavingsRow:
    kind: str
    opening: int
    paid_in: int
    taken_out: int

    @property
    def closing(self) -> int:
        return self.opening + self.paid_in - self.taken_out


@dataclass(frozen=True)
class MonthRow:
    wajib: int
    sukarela_in: int
    sukarela_out: int
    principal_repaid: int
    jasa: int


@dataclass(frozen=True)
class LoanSummary:
    opening: int
    lent: int
    repaid: int
    jasa: int

    @property
    def closing(self) -> int:
        return self.opening + self.lent - self.repaid


@dataclass(frozen=True)
class ShuLine:
    savings_basis: int
    business_basis: int
    jasa_modal: int
    jasa_usaha: int
    state: str  # "proposed" (not yet decided), "owed", "cash", "sukarela"
    paid_on: date | None = None

    @property
    def total(self) -> int:
        return self.jasa_modal + self.jasa_usaha


@dataclass(frozen=True)
class MemberPage:
    member_no: str
    name: str
    village: str | None
    joined_on: date | None
    left_on: date | None
    savings: tuple[SavingsRow, ...]
    months: tuple[MonthRow, ...]  # January .. December
    loan: LoanSummary
    shu: ShuLine | None

    @property
    def savings_total(self) -> int:
        return sum(r.closing for r in self.savings)


@dataclass(frozen=True)
class MemberPages:
    year: int
    head: Letterhead
    signers: Signers
    kinds: tuple[str, ...]  # savings kinds shown, in order
    shu_state: str  # "open" (year not closed), "proposed", "distributed"
    pages: tuple[MemberPage, ...]


def _in_year(row: mf.MemberRow, start: date, end: date) -> bool:
    if row.status == "calon":
        return False
    if row.joined_on is not None and row.joined_on > end:
        return False
    return not (row.left_on is not None and row.left_on < start)


def _shu_lines(session: Session, year: int) -> tuple[str, dict[int, ShuLine]]:
    fy = session.get(FinancialYear, year)
    if fy is None or fy.status != "closed":
        return "open", {}
    if session.get(ShuDistribution, year) is not None:
        t = ShuMemberShare
        shares = session.connection().execute(
            select(t.member_id, t.savings_basis, t.business_basis, t.jasa_modal, t.jasa_usaha,
                   t.paid_to, t.paid_on).where(t.year == year))
        return "distributed", {r.member_id: ShuLine(
            int(r.savings_basis), int(r.business_basis), int(r.jasa_modal), int(r.jasa_usaha),
            r.paid_to or "owed", r.paid_on) for r in shares}
    from coopdesk.ledger.shu.compute import compute

    result = compute(session, year)
    return "proposed", {m.member_id: ShuLine(m.savings_basis, m.business_basis, m.jasa_modal,
                                             m.jasa_usaha, "proposed")
                        for m in result.members}


@dataclass(frozen=True)
class _Figures:
    ids: dict[str, int]
    opening: mf.PerMemberAccount
    moved: dict[tuple[int, int], tuple[int, int]]
    monthly: dict[tuple[int, int, int], tuple[int, int]]


def _figures(session: Session, year: int) -> _Figures:
    ids = mf.role_ids(session, [*mf.SAVINGS_ROLES.values(), LOAN_ROLE, INTEREST_ROLE])
    start, end = date(year, 1, 1), date(year, 12, 31)
    monthly_ids = [ids[r] for r in ("savings.wajib", "savings.sukarela", LOAN_ROLE,
                                    INTEREST_ROLE) if r in ids]
    return _Figures(ids, mf.balances(session, ids.values(), date(year - 1, 12, 31)),
                    mf.movements(session, ids.values(), start, end),
                    mf.monthly(session, monthly_ids, year))


def _kinds(session: Session, fig: _Figures, year: int) -> tuple[str, ...]:
    """Pokok, wajib and sukarela always; other kinds when anyone holds or moved them."""
    used = {a for (_m, a) in fig.opening} | {a for (_m, a) in fig.moved}
    return tuple(k for k, role in mf.SAVINGS_ROLES.items() if role in fig.ids and (
        k in ("pokok", "wajib", "sukarela") or fig.ids[role] in used))


def _page(row: mf.MemberRow, fig: _Figures, kinds: tuple[str, ...],
          shu: ShuLine | None) -> MemberPage:
    m = row.id
    savings = []
    for kind in kinds:
        acc = fig.ids[mf.SAVINGS_ROLES[kind]]
        debit, credit = fig.moved.get((m, acc), (0, 0))
        savings.append(SavingsRow(kind, -fig.opening.get((m, acc), 0), -credit, debit))
    loan_acc, jasa_acc = fig.ids.get(LOAN_ROLE, -1), fig.ids.get(INTEREST_ROLE, -1)
    lent, repaid = fig.moved.get((m, loan_acc), (0, 0))
    jasa_d, jasa_c = fig.moved.get((m, jasa_acc), (0, 0))
    loan = LoanSummary(fig.opening.get((m, loan_acc), 0), lent, -repaid, -(jasa_d + jasa_c))
    wajib, sukarela = fig.ids.get("savings.wajib", -1), fig.ids.get("savings.sukarela", -1)
    months = []
    for month in range(1, 13):
        w = fig.monthly.get((m, wajib, month), (0, 0))
        s = fig.monthly.get((m, sukarela, month), (0, 0))
        ln = fig.monthly.get((m, loan_acc, month), (0, 0))
        j = fig.monthly.get((m, jasa_acc, month), (0, 0))
        months.append(MonthRow(-(w[0] + w[1]), -s[1], s[0], -ln[1], -(j[0] + j[1])))
    return MemberPage(row.member_no, row.name, row.village, row.joined_on, row.left_on,
                      tuple(savings), tuple(months), loan, shu)


def gather(session: Session, year: int, *, member_nos: Iterable[str] | None = None,
           progress: Progress = NO_PROGRESS) -> MemberPages:
    """Every member page of `year` (or of the members named), in member-number order."""
    require(session, Capability.READ)
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = [r for r in mf.members(session, member_nos=member_nos)
            if member_nos is not None or _in_year(r, start, end)]
    fig = _figures(session, year)
    kinds = _kinds(session, fig, year)
    state, shu = _shu_lines(session, year)
    pages = tuple(_page(r, fig, kinds, shu.get(r.id)) for r in rows)
    return MemberPages(year, Letterhead.from_book(session), Signers.from_book(session), kinds,
                       state, pages)


def pages_pdf(pages: MemberPages, *, progress: Progress = NO_PROGRESS,
              printed_on: date | None = None) -> bytes:
    """The member pages alone, as one PDF."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from coopdesk.ledger.statements.member_draw import PageDrawer

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PageDrawer.SIZE, pageCompression=0)
    canvas.setTitle(_("Member statements {year}").format(year=pages.year))
    canvas.setCreator("coopdesk")
    drawer = PageDrawer(canvas, pages, printed_on=printed_on or date.today())
    drawer.draw_all(first_page=1, total_pages=len(pages.pages), progress=progress)
    canvas.save()
    return buffer.getvalue()
