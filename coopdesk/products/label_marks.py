"""The marks on a label besides its text: EAN-13, QR code, halal mark, the group's logo, the
draft cross.

The EAN-13 keeps GS1's quiet zones (11 modules left, 7 right) and a module of 0.264–0.33 mm
(80–100 %) whenever the label is wide enough; its bars are drawn as one path and its digits as
strings, several times faster than rendering ReportLab's widget shape by shape. Pictures (the
halal logo, the group's logo) are files the group keeps in the book; a broken file is skipped,
never a reason to stop printing.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

from reportlab.graphics.barcode.eanbc import Ean13BarcodeWidget
from reportlab.graphics.shapes import Rect, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.lib.validators import isNumber
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from coopdesk.pdf import FONT_CONDENSED, FONT_CONDENSED_BOLD

EAN_MODULES = 113  # 95 of the symbol + 11 quiet on the left + 7 on the right
X_NOMINAL = 0.33 * mm
X_MIN = 0.264 * mm  # 80 % magnification, the smallest GS1 allows
MIN_FONT = 4.0
HALAL_NUMBER_MIN = 5.0
INK = colors.HexColor("#111111")
HALAL_GREEN = colors.HexColor("#1B5E20")
DRAFT_RED = colors.HexColor("#C62828")
DRAFT_TEXT = "DRAF – BELUM LENGKAP"

def barcode_geometry(width: float, height: float) -> tuple[float, float]:
    """(module width, symbol height incl. digits) for a label's inner box."""
    module = min(max(width * 0.62 / EAN_MODULES, X_MIN), X_NOMINAL)
    module = min(module, width / EAN_MODULES)
    tall = module / X_NOMINAL * 22.85 * mm
    return module, min(max(height * 0.3, 7 * mm), tall)


class _Ean13(Ean13BarcodeWidget):  # type: ignore[misc]
    # ReportLab declares the quiet zones as booleans although it reads them as lengths.
    _attrMap = AttrMap(BASE=Ean13BarcodeWidget,
                       lquiet=AttrMapValue(isNumber, desc="left quiet zone length"),
                       rquiet=AttrMapValue(isNumber, desc="right quiet zone length"))


def draw_ean13(c: Canvas, code: str, x: float, y: float, *, module: float, height: float
               ) -> None:
    """EAN-13 with digits, its left edge (quiet zone included) at x; 113 modules wide."""
    font_size = max(module / X_NOMINAL * 8.0, 4.5)
    # Half a module more than 11 and 7: ReportLab rounds the quiet zones down to whole modules.
    widget = _Ean13(
        code[:12], barWidth=module, barHeight=height, fontSize=font_size,
        fontName=FONT_CONDENSED, lquiet=11.5 * module, rquiet=7.5 * module, textColor=INK,
        barFillColor=INK,
    )
    # The widget computes the bars; drawing them as one path is several times faster than
    # rendering the widget's drawing shape by shape.
    bars = c.beginPath()
    c.setFillColor(INK)
    for shape in widget.draw().contents:
        if isinstance(shape, Rect) and shape.fillColor is not None:
            bars.rect(x + shape.x, y + shape.y, shape.width, shape.height)
        elif isinstance(shape, String):
            c.setFont(shape.fontName, shape.fontSize)
            draw = c.drawCentredString if shape.textAnchor == "middle" else c.drawString
            draw(x + shape.x, y + shape.y, shape.text)
    c.drawPath(bars, stroke=0, fill=1)


@lru_cache(maxsize=256)
def _qr_matrix(text: str) -> tuple[bytearray, ...]:
    """segno tries all eight masks for the most readable one: worth keeping for a reprint."""
    import segno

    return tuple(segno.make(text, error="m", micro=False).matrix)


def draw_qr(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    """A QR code (with its 4-module quiet zone) filling a size × size square."""
    matrix = _qr_matrix(text)
    n = len(matrix)
    module = size / (n + 8)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                path.rect(x + (4 + start) * module, y + size - (4 + r + 1) * module,
                          (col - start) * module, module)
            else:
                col += 1
    c.setFillColor(INK)
    c.drawPath(path, stroke=0, fill=1)


def image_reader(data: bytes) -> ImageReader | None:
    try:
        return ImageReader(io.BytesIO(data))
    except Exception:  # a broken logo file must not stop the labels
        return None


def halal_number_size(number: str, width: float) -> float:
    """The font size at which the certificate number fits under the mark (0: it does not, and
    the text prints it with the permits: a number in 4 pt under a large mark looks a misprint)."""
    size = min(width * 0.16, 6.0)
    while size >= HALAL_NUMBER_MIN and stringWidth(number, FONT_CONDENSED, size) > width:
        size -= 0.25
    return size if size >= HALAL_NUMBER_MIN else 0.0


def draw_halal(c: Canvas, number: str, logo: bytes | None, x: float, y: float, *, size: float
               ) -> None:
    """The halal mark in a size-wide column: the attached official logo, or a plain box saying
    HALAL (coopdesk ships no copy of the official artwork); the certificate number under it when
    it fits (else the text prints it with the permits)."""
    num_size = halal_number_size(number, size)
    box = size - num_size * 1.3
    reader = image_reader(logo) if logo else None
    if reader is not None:
        iw, ih = reader.getSize()
        scale = min(size / iw, box / ih)
        c.drawImage(reader, x + (size - iw * scale) / 2, y + size - ih * scale, iw * scale,
                    ih * scale, mask="auto")
    else:
        inset = (size - box) / 2
        c.setStrokeColor(HALAL_GREEN)
        c.setFillColor(HALAL_GREEN)
        c.setLineWidth(max(box * 0.04, 0.5))
        c.roundRect(x + inset, y + num_size * 1.3, box, box, box * 0.18, stroke=1, fill=0)
        word = box * 0.26
        c.setFont(FONT_CONDENSED_BOLD, word)
        c.drawCentredString(x + size / 2, y + num_size * 1.3 + box / 2 - word * 0.35, "HALAL")
    if num_size:
        c.setFillColor(INK)
        c.setFont(FONT_CONDENSED, num_size)
        c.drawCentredString(x + size / 2, y + num_size * 0.25, number)


def draw_draft(c: Canvas, width: float, height: float) -> None:
    """Across the label: this is a draft, not a label to sell with."""
    c.saveState()
    c.setStrokeColor(DRAFT_RED)
    c.setLineWidth(1)
    c.setDash(3, 2)
    # Rounded like the die cut of a sheet label, so the frame's corners stay on the label.
    c.roundRect(1.2, 1.2, width - 2.4, height - 2.4, min(2 * mm, height / 6), stroke=1, fill=0)
    theta = math.atan2(height, width)
    # As large as fits: the turned words' box (length and cap height) inside 90 % of the label.
    length, cap = stringWidth(DRAFT_TEXT, FONT_CONDENSED_BOLD, 1), 0.75
    size = min(0.9 * width / (length * math.cos(theta) + cap * math.sin(theta)),
               0.9 * height / (length * math.sin(theta) + cap * math.cos(theta)))
    c.translate(width / 2, height / 2)
    c.rotate(math.degrees(theta))
    c.setFillColor(DRAFT_RED)
    c.setFillAlpha(0.45)
    c.setFont(FONT_CONDENSED_BOLD, size)
    c.drawCentredString(0, -size * cap / 2, DRAFT_TEXT)
    c.restoreState()


def draw_logo(c: Canvas, reader: ImageReader, x: float, top: float, *, width: float,
              height: float) -> None:
    """The group's logo as large as fits a width × height box, from its top-left corner."""
    iw, ih = reader.getSize()
    scale = min(width / iw, height / ih)
    c.drawImage(reader, x, top - ih * scale, iw * scale, ih * scale, mask="auto")
