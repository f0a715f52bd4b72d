"""The members' meeting pack (RAT): one PDF with everything the annual meeting approves.

A cover with the contents; the four statements, each signed by the chair, the treasurer and the
supervisor; the notes; the SHU and its proposed split; the loan quality summary; then one page per
member in member-number order (`member_pages`). The front part is laid out by platypus, the
member pages are drawn straight on the same canvas afterwards; the front is laid out twice (once
to count its pages) so every footer can say "page X of Y" without holding thousands of pages.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer
from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.errors import UserError
from coopdesk.i18n import _, format_date, format_money, format_percent
from coopdesk.ledger.shu.compute import ShuResult, compute
from coopdesk.ledger.shu.output import split_flowables
from coopdesk.ledger.statements.build import build_all
from coopdesk.ledger.statements.member_draw import PageDrawer
from coopdesk.ledger.statements.member_pages import MemberPages, gather
from coopdesk.ledger.statements.model import Statement
from coopdesk.ledger.statements.notes import Notes, build_notes, notes_flowables
from coopdesk.ledger.statements.pdf import statements_flowables
from coopdesk.ledger.statements.portfolio import Portfolio, portfolio
from coopdesk.pdf import FONT, data_table, draw_letterhead, paragraph, register_fonts
from coopdesk.pdf.kit import FOOTER_HEIGHT, LETTERHEAD_HEIGHT, MARGIN, MUTED, RULE
from coopdesk.progress import NO_PROGRESS, Progress, report


@dataclass(frozen=True)
class MeetingPack:
    year: int
    statements: tuple[Statement, ...]
    notes: Notes
    shu: ShuResult | None
    shu_message: str | None  # why there is no SHU split to show
    portfolio: Portfolio
    members: MemberPages


def gather_pack(session: Session, year: int, *, progress: Progress = NO_PROGRESS
                ) -> MeetingPack:
    """Everything the meeting pack shows, read in one consistent view of the book."""
    require(session, Capability.READ)
    sts = build_all(session, year)
    report(progress, 1, 4)
    shu: ShuResult | None = None
    message = None
    try:
        shu = compute(session, year)
    except UserError as exc:
        message = exc.message
    report(progress, 2, 4)
    pack_notes = build_notes(session, year)
    loans = portfolio(session, date(year, 12, 31))
    report(progress, 3, 4)
    members = gather(session, year)
    report(progress, 4, 4)
    return MeetingPack(year, sts, pack_notes, shu, message, loans, members)


def _cover(pack: MeetingPack) -> list[Flowable]:
    items = [st.title for st in pack.statements] + [
        _("Notes to the financial statements"), _("SHU of the year and its distribution"),
        _("Loan quality"),
        _("Members' pages ({n})").format(n=len(pack.members.pages))]
    parts: list[Flowable] = [
        Spacer(1, 30 * mm),
        paragraph(_("ANNUAL MEMBERS' MEETING (RAT)"), "title"),
        paragraph(_("Financial year {year}").format(year=pack.year), "subtitle"),
        paragraph(pack.members.head.name, "subtitle"), Spacer(1, 14 * mm),
        paragraph(_("Contents"), "heading")]
    parts += [paragraph(f"{i}. {item}") for i, item in enumerate(items, start=1)]
    return parts


def _quality(p: Portfolio) -> list[Flowable]:
    parts: list[Flowable] = [paragraph(_("Loan quality at {date}").format(
        date=format_date(p.as_of, "long")), "heading")]
    if p.classes:
        rows = [(c.name, str(c.loans), format_money(c.outstanding), format_percent(c.percent),
                 format_money(c.required)) for c in p.classes]
        parts.append(data_table(
            [_("Quality (kolektibilitas)"), _("Loans"), _("Outstanding"), _("Allowance %"),
             _("Allowance required")], rows, numeric=(1, 2, 3, 4),
            widths=(60 * mm, 18 * mm, 35 * mm, 27 * mm, 35 * mm),
            total=(_("Total"), str(p.loans), format_money(p.classified), "",
                   format_money(p.required))))
        parts.append(Spacer(1, 2 * mm))
        parts.append(paragraph(_("Problem loans are {ratio} of all loans: {health}.").format(
            ratio=format_percent(p.problem_ratio or Decimal(0)), health=p.health)))
    else:
        parts.append(paragraph(_("No loans are recorded in the loans register; the ledger "
                                 "shows the balances below.")))
    parts.append(paragraph(_("Loans receivable in the ledger {receivable}; allowance for loan "
                             "losses {allowance}.").format(
        receivable=format_money(p.receivable), allowance=format_money(p.allowance))))
    return parts


def front_story(pack: MeetingPack, *, signed_on: date) -> list[Flowable]:
    story = [*_cover(pack), PageBreak()]
    story += statements_flowables(pack.statements, pack.members.signers, signed_on=signed_on)
    story += [PageBreak(), paragraph(_("NOTES TO THE FINANCIAL STATEMENTS"), "title"),
              Spacer(1, 3 * mm), *notes_flowables(pack.notes), PageBreak(),
              paragraph(_("SHU OF THE YEAR AND ITS DISTRIBUTION"), "title"), Spacer(1, 3 * mm)]
    if pack.shu is not None:
        story += split_flowables(pack.shu)
    else:
        story.append(paragraph(pack.shu_message or "", "body"))
    story += [Spacer(1, 6 * mm), *_quality(pack.portfolio)]
    return story


def _footer(canvas: Canvas, total: int, printed_on: date) -> None:
    width = A4[0]
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(MUTED)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, MARGIN - 2 * mm, width - MARGIN, MARGIN - 2 * mm)
    canvas.drawString(MARGIN, MARGIN - 5.5 * mm, _("Printed on {date}").format(
        date=format_date(printed_on, "long")))
    canvas.drawRightString(width - MARGIN, MARGIN - 5.5 * mm, _("Page {page} of {total}")
                           .format(page=canvas.getPageNumber(), total=total))
    canvas.restoreState()


def _layout(pack: MeetingPack, target: io.BytesIO, total: int, printed_on: date,
            canvasmaker: Callable[..., Canvas] = Canvas) -> int:
    """Lay the front part out; return how many pages it took."""
    register_fonts()
    doc = SimpleDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + LETTERHEAD_HEIGHT, bottomMargin=MARGIN + FOOTER_HEIGHT - 4 * mm,
        title=_("Members' meeting pack {year}").format(year=pack.year), author="coopdesk",
        creator="coopdesk")
    pages = [0]

    def on_page(canvas: Canvas, _doc: Any) -> None:
        draw_letterhead(canvas, pack.members.head, A4[0], A4[1])
        _footer(canvas, total, printed_on)
        pages[0] = canvas.getPageNumber()

    doc.build(front_story(pack, signed_on=printed_on), onFirstPage=on_page,
              onLaterPages=on_page, canvasmaker=canvasmaker)
    return pages[0]


def pack_pdf(pack: MeetingPack, *, progress: Progress = NO_PROGRESS,
             printed_on: date | None = None) -> bytes:
    """The whole meeting pack as one PDF."""
    on = printed_on or date.today()
    front = _layout(pack, io.BytesIO(), 0, on)
    total = front + len(pack.members.pages)

    class _PackCanvas(Canvas):  # type: ignore[misc]
        """Draws the member pages after the front part, before the file is written."""

        def save(self) -> None:
            drawer = PageDrawer(self, pack.members, printed_on=on)
            drawer.draw_all(first_page=front + 1, total_pages=total, progress=progress)
            super().save()

    buffer = io.BytesIO()
    _layout(pack, buffer, total, on, canvasmaker=_PackCanvas)
    return buffer.getvalue()
