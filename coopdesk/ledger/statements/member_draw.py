"""Drawing member pages on a canvas, fast: what every page shares is drawn once.

The letterhead, the titles, the table headings, the row labels and the footnote are the same on
every member's page, so they are drawn once into a PDF form (XObject) and placed on each page;
a page then costs only its own names and numbers. Numbers are grouped with the language's
separator directly, since formatting hundreds of thousands of them through Babel would take
longer than drawing the pages.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from coopdesk.i18n import _, babel_locale, format_date, month_name
from coopdesk.ledger.statements.member_pages import MemberPage, MemberPages, ShuLine
from coopdesk.ledger.statements.members import SAVINGS_NAMES
from coopdesk.pdf import FONT, FONT_BOLD, Points, draw_letterhead, register_fonts
from coopdesk.pdf.kit import HEADER_BG, INK, MARGIN, MUTED, RULE, ZEBRA
from coopdesk.progress import NO_PROGRESS, Progress, report

W, H = A4
LEFT, RIGHT = MARGIN, W - MARGIN
ROW = 12.2
FORM = "member_page"
SHU_BASIS_X = RIGHT - 130


class Numbers:
    """Whole rupiah grouped like the language writes them: 1.234.567, (1.234.567), -."""

    def __init__(self) -> None:
        self.sep = str(babel_locale().number_symbols.get("latn", {}).get("group", "."))

    def __call__(self, amount: int) -> str:
        if amount == 0:
            return "-"
        text = f"{abs(amount):,}"
        if self.sep != ",":
            text = text.replace(",", self.sep)
        return f"({text})" if amount < 0 else text


class PageDrawer:
    """Draws the member pages of one `MemberPages` on a canvas."""

    SIZE = A4

    def __init__(self, canvas: Canvas, pages: MemberPages, *, printed_on: date) -> None:
        register_fonts()
        self.c = canvas
        self.data = pages
        self.printed_on = printed_on
        self.num = Numbers()
        self.amount_x = [RIGHT - i * 78 for i in range(4, -1, -1)][1:]  # right edges
        self.top = 0.0
        self._form_made = False

    # -- the shared frame ----------------------------------------------------------------------

    def _frame(self) -> None:
        c = self.c
        c.beginForm(FORM)
        self.top = draw_letterhead(c, self.data.head, W, H)
        y = self.top - 8
        c.setFont(FONT_BOLD, 12.5)
        c.drawCentredString(W / 2, y, _("MEMBER'S STATEMENT FOR {year}").format(
            year=self.data.year))
        c.setFont(FONT, 8.5)
        c.setFillColor(MUTED)
        c.drawCentredString(W / 2, y - 12, _("Your savings, loan and SHU as of {date}").format(
            date=format_date(date(self.data.year, 12, 31), "long")))
        c.setFillColor(INK)
        self._frame_member_box(y - 24)
        self._frame_tables()
        self._frame_footer()
        c.endForm()
        self._form_made = True

    def _frame_member_box(self, y: Points) -> None:
        c = self.c
        c.setFillColor(ZEBRA)
        c.setStrokeColor(RULE)
        c.roundRect(LEFT, y - 44, RIGHT - LEFT, 44, 4, stroke=1, fill=1)
        c.setFillColor(MUTED)
        c.setFont(FONT, 8)
        for i, label in enumerate((_("Member no."), _("Name"), _("Village"))):
            c.drawString(LEFT + 8, y - 12 - i * 12, label)
        for i, label in enumerate((_("Member since"), _("Status"))):
            c.drawString(LEFT + 300, y - 12 - i * 12, label)
        c.setFillColor(INK)
        self.box_y = y

    def _band(self, y: Points, labels: list[str], first: str) -> None:
        c = self.c
        c.setFillColor(HEADER_BG)
        c.rect(LEFT, y - 3.5, RIGHT - LEFT, ROW, stroke=0, fill=1)
        c.setFillColor(INK)
        c.setFont(FONT_BOLD, 7.8)
        c.drawString(LEFT + 3, y, first)
        xs = self.amount_x[-len(labels):] if len(labels) <= 4 else self._month_x()
        for x, label in zip(xs, labels, strict=True):
            c.drawRightString(x - 3, y, label)

    def _month_x(self) -> list[Points]:
        return [RIGHT - i * 82 for i in range(4, -1, -1)]

    def _heading(self, y: Points, text: str) -> None:
        self.c.setFont(FONT_BOLD, 9.5)
        self.c.drawString(LEFT, y, text)

    def _frame_tables(self) -> None:
        c = self.c
        y = self.box_y - 62
        self._heading(y, _("Savings"))
        self._band(y - 14, [_("1 January"), _("Paid in"), _("Taken out"), _("31 December")],
                   _("Kind"))
        c.setFont(FONT, 8.2)
        self.savings_y = y - 14 - ROW
        for i, kind in enumerate(self.data.kinds):
            c.drawString(LEFT + 3, self.savings_y - i * ROW, _(SAVINGS_NAMES[kind]))
        total_y = self.savings_y - len(self.data.kinds) * ROW
        c.setFont(FONT_BOLD, 8.2)
        c.drawString(LEFT + 3, total_y, _("Total savings"))
        c.setStrokeColor(INK)
        c.line(LEFT, total_y + ROW - 3.5, RIGHT, total_y + ROW - 3.5)
        y = total_y - 24
        self._heading(y, _("Loan"))
        self._band(y - 14, [_("1 January"), _("Borrowed"), _("Repaid"), _("31 December")],
                   "")
        c.setFont(FONT, 8.2)
        c.drawString(LEFT + 3, y - 14 - ROW, _("Loan principal"))
        c.drawString(LEFT + 3, y - 14 - 2 * ROW, _("Jasa paid on loans this year"))
        self.loan_y = y - 14 - ROW
        y = self.loan_y - 2 * ROW - 20
        self._heading(y, _("Month by month"))
        self._band(y - 14, [_("Wajib"), _("Sukarela in"), _("Sukarela out"),
                            _("Principal repaid"), _("Jasa paid")], _("Month"))
        self.month_y = y - 14 - ROW
        c.setFont(FONT, 8)
        for m in range(12):
            if m % 2:
                c.setFillColor(ZEBRA)
                c.rect(LEFT, self.month_y - m * ROW - 3.5, RIGHT - LEFT, ROW, stroke=0, fill=1)
                c.setFillColor(INK)
            c.drawString(LEFT + 3, self.month_y - m * ROW, month_name(m + 1))
        self._frame_shu(self.month_y - 12 * ROW - 22)

    def _frame_shu(self, y: Points) -> None:
        c = self.c
        self._heading(y, _("Your SHU for {year}").format(year=self.data.year))
        c.setFillColor(HEADER_BG)
        c.rect(LEFT, y - 17.5, RIGHT - LEFT, ROW, stroke=0, fill=1)
        c.setFillColor(INK)
        c.setFont(FONT_BOLD, 7.8)
        c.drawRightString(SHU_BASIS_X - 3, y - 14, _("Counted on"))
        c.drawRightString(RIGHT - 3, y - 14, _("Your share"))
        c.setFont(FONT, 8.2)
        labels = (_("Jasa modal: for your savings"), _("Jasa usaha: for the jasa you paid"))
        for i, label in enumerate(labels):
            c.drawString(LEFT + 3, y - 14 - (i + 1) * ROW, label)
        c.setFont(FONT_BOLD, 8.6)
        c.drawString(LEFT + 3, y - 14 - 3 * ROW, _("Your SHU"))
        c.setStrokeColor(INK)
        c.line(LEFT, y - 14 - 2 * ROW - 3.5, RIGHT, y - 14 - 2 * ROW - 3.5)
        self.shu_y = y - 14 - ROW

    def _frame_footer(self) -> None:
        c = self.c
        y = MARGIN + 30 * mm
        c.setFont(FONT, 7.5)
        c.setFillColor(MUTED)
        c.drawString(LEFT, y + 14, _("These figures are the cooperative's books at 31 December "
                                      "{year}.").format(year=self.data.year))
        c.drawString(LEFT, y + 4, _("If anything is not right, tell the treasurer before the "
                                    "members' meeting."))
        c.setFillColor(INK)
        c.setFont(FONT, 8.5)
        c.drawCentredString(RIGHT - 60, y + 14, _("Treasurer"))
        name = self.data.signers.treasurer
        c.drawCentredString(RIGHT - 60, y - 26, f"( {name} )" if name else
                            "( ............................ )")
        c.setFont(FONT, 7.5)
        c.setFillColor(MUTED)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        c.line(LEFT, MARGIN - 2 * mm, RIGHT, MARGIN - 2 * mm)
        c.drawString(LEFT, MARGIN - 5.5 * mm, _("Printed on {date}").format(
            date=format_date(self.printed_on, "long")))
        c.setFillColor(INK)

    # -- one page ------------------------------------------------------------------------------

    def draw(self, page: MemberPage, number: int, total: int) -> None:
        if not self._form_made:
            self._frame()
        c = self.c
        c.doForm(FORM)
        # One text object for everything the page says: far cheaper than a drawString each.
        self.t = c.beginText()
        self._member(page)
        self._savings(page)
        self._loan(page)
        self._months(page)
        self._shu(page.shu)
        self._font(FONT, 7.5, MUTED)
        self._right(RIGHT, MARGIN - 5.5 * mm, _("Page {page} of {total}").format(
            page=number, total=total))
        c.drawText(self.t)
        c.showPage()

    def _font(self, name: str, size: Points, color: Any = INK) -> None:
        self.t.setFont(name, size)
        self.t.setFillColor(color)
        self._face = pdfmetrics.getFont(name)
        self._size = size

    def _left(self, x: Points, y: Points, text: str) -> None:
        self.t.setTextOrigin(x, y)
        self.t.textOut(text)

    def _right(self, x: Points, y: Points, text: str) -> None:
        self.t.setTextOrigin(x - self._face.stringWidth(text, self._size), y)
        self.t.textOut(text)

    def _member(self, p: MemberPage) -> None:
        y = self.box_y
        self._font(FONT_BOLD, 9)
        self._left(LEFT + 80, y - 12, p.member_no)
        self._left(LEFT + 80, y - 24, p.name[:48])
        self._font(FONT, 9)
        self._left(LEFT + 80, y - 36, (p.village or "-")[:40])
        self._left(LEFT + 380, y - 12, format_date(p.joined_on, "long") if p.joined_on
                   else "-")
        status = _("Member") if p.left_on is None else _("Left on {date}").format(
            date=format_date(p.left_on, "long"))
        self._left(LEFT + 380, y - 24, status)

    def _amounts(self, y: Points, values: tuple[int, ...], xs: list[Points]) -> None:
        for x, v in zip(xs, values, strict=True):
            self._right(x - 3, y, self.num(v))

    def _savings(self, p: MemberPage) -> None:
        xs = self.amount_x
        self._font(FONT, 8.2)
        for i, r in enumerate(p.savings):
            self._amounts(self.savings_y - i * ROW, (r.opening, r.paid_in, r.taken_out,
                                                     r.closing), xs)
        self._font(FONT_BOLD, 8.2)
        totals = tuple(sum(getattr(r, f) for r in p.savings)
                       for f in ("opening", "paid_in", "taken_out"))
        self._amounts(self.savings_y - len(p.savings) * ROW, (*totals, p.savings_total), xs)

    def _loan(self, p: MemberPage) -> None:
        self._font(FONT, 8.2)
        ln = p.loan
        self._amounts(self.loan_y, (ln.opening, ln.lent, ln.repaid, ln.closing), self.amount_x)
        self._amounts(self.loan_y - ROW, (ln.jasa,), self.amount_x[-1:])

    def _months(self, p: MemberPage) -> None:
        self._font(FONT, 8)
        xs = self._month_x()
        for m, r in enumerate(p.months):
            if r.wajib or r.sukarela_in or r.sukarela_out or r.principal_repaid or r.jasa:
                self._amounts(self.month_y - m * ROW, (r.wajib, r.sukarela_in, r.sukarela_out,
                                                       r.principal_repaid, r.jasa), xs)

    def _shu(self, shu: ShuLine | None) -> None:
        y = self.shu_y
        if shu is None:
            self._font(FONT, 8.2, MUTED)
            text = (_("The SHU is shared once the year is closed.")
                    if self.data.shu_state == "open" else _("No SHU for you this year."))
            self._right(RIGHT - 3, y - ROW, text)
            return
        self._font(FONT, 8.2)
        self._right(SHU_BASIS_X - 3, y, self.num(shu.savings_basis))
        self._right(SHU_BASIS_X - 3, y - ROW, self.num(shu.business_basis))
        self._right(RIGHT - 3, y, self.num(shu.jasa_modal))
        self._right(RIGHT - 3, y - ROW, self.num(shu.jasa_usaha))
        self._font(FONT_BOLD, 8.6)
        self._right(RIGHT - 3, y - 2 * ROW, self.num(shu.total))
        self._font(FONT, 7.5, MUTED)
        self._right(RIGHT - 3, y - 3 * ROW, self._shu_state(shu))

    def _shu_state(self, shu: ShuLine) -> str:
        when = format_date(shu.paid_on, "long") if shu.paid_on else ""
        return {
            "proposed": _("As proposed to the members' meeting."),
            "owed": _("Decided by the members' meeting; to be paid to you."),
            "cash": _("Paid to you in cash on {date}.").format(date=when),
            "sukarela": _("Credited to your voluntary savings on {date}.").format(date=when),
        }.get(shu.state, "")

    def draw_all(self, *, first_page: int, total_pages: int,
                 progress: Progress = NO_PROGRESS) -> None:
        count = len(self.data.pages)
        for i, page in enumerate(self.data.pages):
            if i % 50 == 0:
                report(progress, i, count)
            self.draw(page, first_page + i, total_pages)
        report(progress, count, count)
