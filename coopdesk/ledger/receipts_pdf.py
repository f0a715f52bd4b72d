"""The printed kuitansi: an A5 landscape page (or two per A4 sheet, to cut in half).

Drawn straight on the canvas, so a batch of a meeting's dues receipts prints in a moment. The
page carries the letterhead, the number, the party, the amount in words (terbilang) in a shaded
band and in figures in a box, what it is for (with the split when there are several lines), the
place and date, and signature lines — the receiver of the money signs over the stamp-duty
(meterai) box when the amount is above the threshold. A void receipt prints "BATAL" across it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger import receipts
from coopdesk.ledger.receipts import Receipt
from coopdesk.pdf import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    Letterhead,
    Points,
    draw_letterhead,
    register_fonts,
)

PAGE = landscape(A5)
MARGIN = 10 * mm
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
BAND = colors.HexColor("#EEF1F4")
VOID_RED = colors.Color(0.75, 0.1, 0.1, alpha=0.25)
LABEL_WIDTH = 42 * mm
MAX_LINES = 6


@dataclass(frozen=True)
class ReceiptStyle:
    """What a printed receipt needs from the cooperative's settings."""

    place: str = ""
    treasurer: str = ""
    stamp_threshold: int = 5_000_000
    stamp_label: str = "Rp10.000"
    printed_on: date | None = None

    @classmethod
    def from_book(cls, session: Session) -> ReceiptStyle:
        return cls(
            place=receipts.RECEIPT_PLACE.get(session),
            treasurer=receipts.TREASURER_NAME.get(session),
            stamp_threshold=receipts.STAMP_DUTY_THRESHOLD.get(session),
            stamp_label=receipts.STAMP_DUTY_LABEL.get(session),
        )

    def needs_stamp(self, receipt: Receipt) -> bool:
        return receipt.total > self.stamp_threshold


def receipt_pdf(items: Receipt | Sequence[Receipt], head: Letterhead,
                style: ReceiptStyle | None = None, *, two_per_a4: bool = False) -> bytes:
    """One page per receipt (A5 landscape), or two receipts per A4 portrait sheet."""
    register_fonts()
    style = style or ReceiptStyle()
    batch = [items] if isinstance(items, Receipt) else list(items)
    buffer = io.BytesIO()
    size = A4 if two_per_a4 else PAGE
    title = batch[0].number if len(batch) == 1 else _("Receipts")
    canvas = Canvas(buffer, pagesize=size, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("coopdesk")
    per_page = 2 if two_per_a4 else 1
    for start in range(0, len(batch), per_page):
        for slot, receipt in enumerate(batch[start : start + per_page]):
            canvas.saveState()
            if two_per_a4:
                canvas.translate(0, A4[1] / 2 if slot == 0 else 0)
            draw_receipt(canvas, receipt, head, style)
            canvas.restoreState()
        if two_per_a4:
            _cut_line(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render(session: Session, receipt_ids: Sequence[int], *, two_per_a4: bool = False) -> bytes:
    """Load receipts from the book and print them."""
    items = [receipts.get_receipt(session, rid) for rid in receipt_ids]
    if not items:
        from coopdesk.errors import UserError

        raise UserError(_("There is no receipt to print."))
    return receipt_pdf(items, Letterhead.from_book(session), ReceiptStyle.from_book(session),
                       two_per_a4=two_per_a4)


def _cut_line(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColor(MUTED)
    canvas.setDash(2, 3)
    canvas.setLineWidth(0.4)
    canvas.line(6 * mm, A4[1] / 2, A4[0] - 6 * mm, A4[1] / 2)
    canvas.restoreState()


def draw_receipt(canvas: Canvas, r: Receipt, head: Letterhead, style: ReceiptStyle) -> None:
    """Draw one receipt in an A5 landscape area whose lower left corner is the origin."""
    width, height = PAGE
    y = draw_letterhead(canvas, head, width, height, margin=MARGIN)
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, 15)
    canvas.drawString(MARGIN, y - 4 * mm, _("RECEIPT"))
    canvas.setFont(FONT, 9)
    canvas.drawRightString(width - MARGIN, y - 1.5 * mm, _("No. {number}").format(number=r.number))
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 7)
    canvas.drawRightString(width - MARGIN, y - 5.5 * mm,
                           _("Journal entry {ref}").format(ref=r.entry_reference))
    y -= 13 * mm
    if r.direction == "in":
        y = _field(canvas, y, _("Received from"), r.party)
    else:
        y = _field(canvas, y, _("Received from"), head.name or "-")
        # Up here, not under the split: a settlement's many lines need the room below.
        y = _field(canvas, y, _("Paid to"), r.party)
    y = _words_band(canvas, y, r)
    y = _field(canvas, y, _("For"), r.title)
    if len(r.lines) > 1:
        y = _lines(canvas, y, r)
    if r.note:
        y = _field(canvas, y, _("Note"), r.note, size=8)
    _amount_box(canvas, r)
    _signatures(canvas, r, style)
    _footer(canvas, r, style)
    if r.void:
        _void_mark(canvas, r)


def _fit(text: str, font: str, size: Points, room: Points) -> str:
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


def _field(canvas: Canvas, y: Points, label: str, value: str, *, size: Points = 10) -> Points:
    width = PAGE[0]
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 9)
    canvas.drawString(MARGIN, y, label)
    canvas.drawString(MARGIN + LABEL_WIDTH - 3 * mm, y, ":")
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD if size >= 10 else FONT, size)
    room = width - 2 * MARGIN - LABEL_WIDTH
    canvas.drawString(MARGIN + LABEL_WIDTH, y, _fit(value, FONT_BOLD, size, room))
    canvas.setStrokeColor(colors.HexColor("#CBD2D9"))
    canvas.setLineWidth(0.3)
    canvas.setDash(1, 1.5)
    canvas.line(MARGIN + LABEL_WIDTH, y - 1.6 * mm, width - MARGIN, y - 1.6 * mm)
    canvas.setDash()
    return Points(y - 7.5 * mm)


def _words_band(canvas: Canvas, y: Points, r: Receipt) -> Points:
    """The amount in words, in a shaded band, between hash marks so nothing can be added."""
    width = PAGE[0]
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 9)
    canvas.drawString(MARGIN, y, _("The sum of"))
    canvas.drawString(MARGIN + LABEL_WIDTH - 3 * mm, y, ":")
    words = f"# {r.words.capitalize()} #"
    room = width - 2 * MARGIN - LABEL_WIDTH - 4 * mm
    size = 10.5
    while size > 7 and stringWidth(words, FONT_ITALIC, size) > room:
        size -= 0.5
    lines = [words] if stringWidth(words, FONT_ITALIC, size) <= room else _wrap(words, room, size)
    band_h = (5.2 * len(lines) + 2.4) * mm
    canvas.setFillColor(BAND)
    canvas.rect(MARGIN + LABEL_WIDTH - 1 * mm, y - band_h + 4.2 * mm,
                width - 2 * MARGIN - LABEL_WIDTH + 1 * mm, band_h, stroke=0, fill=1)
    canvas.setFillColor(INK)
    canvas.setFont(FONT_ITALIC, size)
    for i, line in enumerate(lines):
        canvas.drawString(MARGIN + LABEL_WIDTH + 1 * mm, y - i * 5.2 * mm, line)
    return Points(y - band_h - 0.5 * mm)


def _wrap(text: str, room: Points, size: Points) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if stringWidth(trial, FONT_ITALIC, size) <= room:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def _lines(canvas: Canvas, y: Points, r: Receipt) -> Points:
    """The split of the total (a loan repayment's principal and jasa, a settlement). Up to four
    lines at the usual size; more (a settlement less a loan's parts) in smaller, closer rows,
    so the block stays above the signatures."""
    x_label = MARGIN + LABEL_WIDTH
    x_amount = x_label + 90 * mm
    shown = r.lines if len(r.lines) <= MAX_LINES else r.lines[: MAX_LINES - 1]
    rows = len(shown) + (len(r.lines) > len(shown))
    size, step = (8.5, 4.3 * mm) if rows <= 4 else (7.5, 3.4 * mm)
    widest = max(stringWidth(format_money(ln.amount), FONT, size) for ln in r.lines)
    room = x_amount - x_label - 5 * mm - widest
    canvas.setFont(FONT, size)
    y += 2 * mm
    for line in shown:
        canvas.setFillColor(INK)
        canvas.drawString(x_label + 2 * mm, y, _fit(line.label, FONT, size, room))
        canvas.drawRightString(x_amount, y, format_money(line.amount))
        y -= step
    if len(r.lines) > len(shown):
        rest = sum(ln.amount for ln in r.lines[len(shown):])
        canvas.drawString(x_label + 2 * mm, y, _("{n} more lines").format(
            n=len(r.lines) - len(shown)))
        canvas.drawRightString(x_amount, y, format_money(rest))
        y -= step
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.5)
    canvas.line(x_amount - 30 * mm, y + step - 1 * mm, x_amount, y + step - 1 * mm)
    canvas.setFont(FONT_BOLD, size)
    canvas.drawString(x_label + 2 * mm, y, _("Total"))
    canvas.drawRightString(x_amount, y, format_money(r.total))
    return Points(y - 7 * mm)


def _amount_box(canvas: Canvas, r: Receipt) -> None:
    text = f"{format_money(r.total)},-"
    size = 14
    w = max(stringWidth(text, FONT_BOLD, size) + 10 * mm, 55 * mm)
    x, y, h = MARGIN, 22 * mm, 11 * mm
    canvas.setFillColor(BAND)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1)
    canvas.rect(x, y, w, h, stroke=1, fill=1)
    canvas.setLineWidth(0.4)
    canvas.rect(x + 1 * mm, y + 1 * mm, w - 2 * mm, h - 2 * mm, stroke=1, fill=0)
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, size)
    canvas.drawString(x + 5 * mm, y + 3.6 * mm, text)


def _signatures(canvas: Canvas, r: Receipt, style: ReceiptStyle) -> None:
    width = PAGE[0]
    place_date = format_date(r.date, "long")
    if style.place:
        place_date = f"{style.place}, {place_date}"
    right_x = width - MARGIN - 32 * mm
    left_x = right_x - 62 * mm
    top = 46 * mm
    canvas.setFillColor(INK)
    canvas.setFont(FONT, 8.5)
    canvas.drawCentredString(right_x, top + 4.5 * mm, place_date)
    if r.direction == "in":
        signers = [(left_x, _("Paid by"), _party_name(r.party), False),
                   (right_x, _("Received by, Treasurer"), style.treasurer, True)]
    else:
        signers = [(left_x, _("Paid by, Treasurer"), style.treasurer, False),
                   (right_x, _("Received by"), _party_name(r.party), True)]
    for x, role, name, receiver in signers:
        canvas.setFont(FONT, 8.5)
        canvas.drawCentredString(x, top, role)
        if receiver and style.needs_stamp(r):
            _stamp_box(canvas, x - 27 * mm, top - 21 * mm, style)
        canvas.setLineWidth(0.5)
        canvas.setStrokeColor(INK)
        canvas.line(x - 26 * mm, top - 23 * mm, x + 26 * mm, top - 23 * mm)
        canvas.setFont(FONT_BOLD if name else FONT, 8.5)
        canvas.drawCentredString(x, top - 27 * mm, _fit(name or "", FONT_BOLD, 8.5, 52 * mm))


def _party_name(party: str) -> str:
    """The party without its member number, for under a signature line."""
    return party.rsplit(" (", 1)[0] if party.endswith(")") else party


def _stamp_box(canvas: Canvas, x: Points, y: Points, style: ReceiptStyle) -> None:
    canvas.saveState()
    canvas.setStrokeColor(MUTED)
    canvas.setDash(1.5, 1.5)
    canvas.setLineWidth(0.6)
    canvas.rect(x, y, 22 * mm, 17 * mm, stroke=1, fill=0)
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 6.5)
    canvas.drawCentredString(x + 11 * mm, y + 9.5 * mm, _("Stamp duty"))
    canvas.drawCentredString(x + 11 * mm, y + 6.5 * mm, style.stamp_label)
    canvas.restoreState()


def _footer(canvas: Canvas, r: Receipt, style: ReceiptStyle) -> None:
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 6.5)
    printed = style.printed_on or date.today()
    canvas.drawString(MARGIN, 7 * mm, _("Printed on {date} · issued by {user}").format(
        date=format_date(printed, "long"), user=r.created_by))


def _void_mark(canvas: Canvas, r: Receipt) -> None:
    width, height = PAGE
    canvas.saveState()
    canvas.setFillColor(VOID_RED)
    canvas.setFont(FONT_BOLD, 70)
    canvas.translate(width / 2, height / 2 - 8 * mm)
    canvas.rotate(18)
    canvas.drawCentredString(0, 0, _("VOID"))
    canvas.restoreState()
    canvas.setFillColor(colors.HexColor("#9B1C1C"))
    canvas.setFont(FONT_BOLD, 8)
    reason = _("Voided: {reason}").format(reason=r.void_reason or "")
    canvas.drawString(MARGIN, 16 * mm, _fit(reason, FONT_BOLD, 8, 80 * mm))
