"""ReportLab building blocks shared by every printed page.

Every document carries the letterhead (logo, the cooperative's name, address, phone and legal
number), a title, page numbers ("Halaman 2 dari 5") and the printed-on date in its footer. Text is
set in DejaVu Sans, embedded, so Indonesian and any other Latin text prints the same on every PC.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from coopdesk.i18n import _, format_date
from coopdesk.paths import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_CONDENSED = "DejaVuSansCondensed"
FONT_CONDENSED_BOLD = "DejaVuSansCondensed-Bold"

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
RULE = colors.HexColor("#9AA5B1")
ZEBRA = colors.HexColor("#F3F5F7")
HEADER_BG = colors.HexColor("#E4E7EB")
MARGIN = 15 * mm
LETTERHEAD_HEIGHT = 24 * mm
FOOTER_HEIGHT = 10 * mm

#: A length on the page in PostScript points (1/72 inch): ReportLab's unit for positions and
#: sizes. Never money; money is an int of rupiah (coopdesk.money).
Points = float


@cache
def register_fonts() -> None:
    from reportlab.lib.fonts import addMapping

    for name in (FONT, FONT_BOLD, FONT_ITALIC, FONT_CONDENSED, FONT_CONDENSED_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)
    addMapping(FONT_CONDENSED, 0, 0, FONT_CONDENSED)
    addMapping(FONT_CONDENSED, 1, 0, FONT_CONDENSED_BOLD)
    addMapping(FONT_CONDENSED, 0, 1, FONT_CONDENSED)
    addMapping(FONT_CONDENSED, 1, 1, FONT_CONDENSED_BOLD)


@dataclass(frozen=True)
class Letterhead:
    name: str
    address: str = ""
    phone: str = ""
    legal_no: str = ""
    logo: bytes | None = None

    @classmethod
    def from_book(cls, session: Any) -> Letterhead:
        from coopdesk import settings
        from coopdesk.attachments import attachment_bytes

        logo_id = settings.COOP_LOGO.get(session)
        return cls(
            name=settings.COOP_NAME.get(session),
            address=settings.COOP_ADDRESS.get(session),
            phone=settings.COOP_PHONE.get(session),
            legal_no=settings.COOP_LEGAL_NO.get(session),
            logo=attachment_bytes(session, logo_id) if logo_id else None,
        )


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "muted": ParagraphStyle("muted", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "bold": ParagraphStyle("bold", parent=base, fontName=FONT_BOLD),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=14,
                                leading=18, alignment=TA_CENTER, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13,
                                   alignment=TA_CENTER, textColor=MUTED, spaceAfter=8),
        "heading": ParagraphStyle("heading", parent=base, fontName=FONT_BOLD, fontSize=11,
                                  leading=14, spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8.5, leading=10.5,
                                     alignment=TA_RIGHT),
    }


def paragraph(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped: user data never becomes markup)."""
    from xml.sax.saxutils import escape

    return Paragraph(escape(text).replace("\n", "<br/>"), styles()[style])


@cache
def _logo_reader(data: bytes) -> ImageReader | None:
    try:
        return ImageReader(io.BytesIO(data))
    except Exception:  # a broken logo must not stop a receipt from printing
        return None


def draw_letterhead(canvas: Canvas, head: Letterhead, page_width: float, page_height: float,
                    *, margin: float = MARGIN) -> float:
    """Draw the letterhead at the top of the page; return the y below it."""
    register_fonts()
    top = page_height - margin
    x = margin
    if head.logo:
        reader = _logo_reader(head.logo)
        if reader is not None:
            w, h = reader.getSize()
            size = 18 * mm
            scale = min(size / w, size / h)
            canvas.drawImage(reader, x, top - h * scale, w * scale, h * scale, mask="auto")
            x += size + 4 * mm
    canvas.setFillColor(INK)
    canvas.setFont(FONT_BOLD, 13)
    canvas.drawString(x, top - 5 * mm, head.name or _("(cooperative name not set)"))
    canvas.setFont(FONT, 8.5)
    canvas.setFillColor(MUTED)
    y = top - 9.5 * mm
    for line in filter(None, [head.address, _join_contact(head)]):
        canvas.drawString(x, y, line[:140])
        y -= 3.8 * mm
    rule_y = page_height - margin - LETTERHEAD_HEIGHT + 3 * mm
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.2)
    canvas.line(margin, rule_y, page_width - margin, rule_y)
    canvas.setLineWidth(0.4)
    canvas.line(margin, rule_y - 1.2, page_width - margin, rule_y - 1.2)
    canvas.setFillColor(INK)
    return float(rule_y - 4 * mm)


def _join_contact(head: Letterhead) -> str:
    parts = []
    if head.phone:
        parts.append(_("Phone {phone}").format(phone=head.phone))
    if head.legal_no:
        parts.append(_("Legal entity no. {number}").format(number=head.legal_no))
    return " · ".join(parts)


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Defers each page so the footer can say "page X of Y" once Y is known."""

    printed_on: date = date.today()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        width, _height = self._pagesize
        self.setFont(FONT, 7.5)
        self.setFillColor(MUTED)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.4)
        self.line(MARGIN, MARGIN - 2 * mm, width - MARGIN, MARGIN - 2 * mm)
        self.drawString(MARGIN, MARGIN - 5.5 * mm,
                        _("Printed on {date}").format(date=format_date(self.printed_on, "long")))
        self.drawRightString(width - MARGIN, MARGIN - 5.5 * mm,
                             _("Page {page} of {total}").format(page=self._pageNumber,
                                                                 total=total))


def build_pdf(
    head: Letterhead,
    title: str,
    flowables: Sequence[Flowable],
    *,
    subtitle: str | None = None,
    pagesize: tuple[float, float] = A4,
    wide: bool = False,
    printed_on: date | None = None,
    author: str = "coopdesk",
) -> bytes:
    """A whole document: letterhead and footer on every page, a title, then `flowables`."""
    register_fonts()
    size = landscape(pagesize) if wide else pagesize
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + LETTERHEAD_HEIGHT, bottomMargin=MARGIN + FOOTER_HEIGHT - 4 * mm,
        title=title, author=author, creator="coopdesk", subject=subtitle or title,
    )

    def on_page(canvas: Canvas, _doc: Any) -> None:
        draw_letterhead(canvas, head, size[0], size[1])

    story: list[Flowable] = [Paragraph(_escape(title), styles()["title"])]
    if subtitle:
        story.append(Paragraph(_escape(subtitle), styles()["subtitle"]))
    else:
        story.append(Spacer(1, 4 * mm))
    story.extend(flowables)
    canvas_class = type("_Canvas", (_NumberedCanvas,), {"printed_on": printed_on or date.today()})
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=canvas_class)
    return buffer.getvalue()


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    numeric: Sequence[int] = (),
    widths: Sequence[float] | None = None,
    total: Sequence[Any] | None = None,
    font_size: float = 8.5,
    wrap: Sequence[int] = (),
) -> Table:
    """A table for figures: header repeated on every page, numbers right-aligned, light zebra
    rows, an optional bold total row. Cells are shown as given (format money before)."""
    register_fonts()
    st = styles()
    wrap_cols = set(wrap)

    def cell(value: Any, col: int) -> Any:
        text = "" if value is None else str(value)
        if col in wrap_cols:
            return Paragraph(_escape(text), st["cell_right"] if col in numeric else st["cell"])
        return text

    data: list[list[Any]] = [list(header)]
    data.extend([cell(v, i) for i, v in enumerate(r)] for r in rows)
    if total is not None:
        data.append([cell(v, i) for i, v in enumerate(total)])
    table = Table(data, colWidths=widths, repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, font_size),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, font_size),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
    ]
    for col in numeric:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    for r in range(2, len(data), 2):
        commands.append(("BACKGROUND", (0, r), (-1, r), ZEBRA))
    if total is not None:
        commands += [
            ("FONT", (0, -1), (-1, -1), FONT_BOLD, font_size),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
            ("BACKGROUND", (0, -1), (-1, -1), colors.white),
        ]
    table.setStyle(TableStyle(commands))
    return table


def signature_block(signers: Sequence[tuple[str, str]], *, place_date: str | None = None
                    ) -> Flowable:
    """Signature columns: (role, name) pairs, with room to sign and the name underneath."""
    st = styles()
    cells_top = [Paragraph(_escape(role), st["center"]) for role, _name in signers]
    cells_name = [
        Paragraph(f"<u>{_escape(name)}</u>" if name else "( ............................ )",
                  st["center"])
        for _role, name in signers
    ]
    data: list[list[Any]] = []
    if place_date:
        data.append([""] * (len(signers) - 1) + [Paragraph(_escape(place_date), st["center"])])
    data += [cells_top, [""] * len(signers), cells_name]
    table = Table(data, rowHeights=[None] * (len(data) - 2) + [18 * mm, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([Spacer(1, 8 * mm), table])
