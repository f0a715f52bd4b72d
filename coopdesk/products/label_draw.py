"""Laying out and drawing one label at any size, from a 40 × 30 mm roll label up to an A6 sheet.

The label is split into an upper part (text on the left; the halal mark and the QR code in a
column on the right) and a bottom strip (production and expiry on the left, the EAN-13 on the
right). The text size is the largest, between 4 and 9 pt, at which everything fits; when even
4 pt is too large, the nutrition box and then the QR code give way, and only then is the text
cut at the edge (the result says so, and the print warns). The barcode keeps GS1's quiet zones
(11 modules left, 7 right) and a module of 0.264–0.33 mm (80–100 %) whenever the label is wide
enough. Everything is drawn once per label design and reused (see `sheets`).
"""

from __future__ import annotations

import dataclasses
import io
import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.eanbc import Ean13BarcodeWidget
from reportlab.graphics.shapes import Rect, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.pagesizes import mm
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.lib.validators import isNumber
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from coopdesk.pdf import FONT_CONDENSED, FONT_CONDENSED_BOLD, register_fonts
from coopdesk.products.label_content import (
    ALLERGEN_LIST,
    INGREDIENTS,
    LabelContent,
)
from coopdesk.products.terms import NUTRIENTS

EAN_MODULES = 113  # 95 of the symbol + 11 quiet on the left + 7 on the right
X_NOMINAL = 0.33 * mm
X_MIN = 0.264 * mm  # 80 % magnification, the smallest GS1 allows
MIN_FONT, MAX_FONT = 4.0, 9.0
INK = colors.HexColor("#111111")
HALAL_GREEN = colors.HexColor("#1B5E20")
DRAFT_RED = colors.HexColor("#C62828")
DRAFT_TEXT = "DRAF – BELUM LENGKAP"
_DRAWING = threading.Lock()


@dataclass(frozen=True)
class Fit:
    """How the content went onto the label."""

    fits: bool
    font_size: float
    dropped: tuple[str, ...] = ()  # "nutrition", "qr": left out for lack of room
    module_mm: float | None = None  # the barcode's module width

    @property
    def barcode_ok(self) -> bool:
        return self.module_mm is None or self.module_mm >= X_MIN / mm - 1e-9


@dataclass(frozen=True)
class _Block:
    markup: str
    scale: float = 1.0
    boxed: bool = False


def _style(size: float, scale: float) -> ParagraphStyle:
    fs = size * scale
    return ParagraphStyle("label", fontName=FONT_CONDENSED, fontSize=fs, leading=fs * 1.13,
                          textColor=INK)


def _e(text: str) -> str:
    return escape(text).replace("\n", " ")


def _nb(text: str) -> str:
    """Keep dates and numbers on one line."""
    return text.replace("  ", " ").replace(" ", "\u00a0")


def _ingredient_markup(c: LabelContent) -> str:
    if not c.ingredients:
        return ""
    names = [f"<b>{_e(t)}</b>" if bold else _e(t) for t, bold in c.ingredients]
    return f"<b>{_e(c.word(INGREDIENTS))}:</b> " + ", ".join(names) + "."


def _allergen_markup(c: LabelContent) -> str:
    parts = [_e(c.allergen_note)] if c.allergen_note else []
    if c.extra_allergens:
        named = ", ".join(f"<b>{_e(a)}</b>" for a in c.extra_allergens)
        parts.append(f"{ALLERGEN_LIST}: {named}.")
    return " ".join(parts)


def _nutrition_markup(c: LabelContent) -> str:
    n = c.nutrition
    if n is None:
        return ""
    words = {k: (w, u) for k, w, u in NUTRIENTS}
    rows = [f"{words[k][0]} {_nb(str(v).replace('.', ','))}\u00a0{words[k][1]}"
            for k, v in n.values if k in words]
    serving = f" (takaran saji {_e(n.serving)})" if n.serving else ""
    return f"<b>INFORMASI NILAI GIZI</b>{serving}: " + " · ".join(rows)


def _date_blocks(c: LabelContent, *, stacked: bool) -> list[_Block]:
    """Production date and code, expiry, price: one per line in the strip, joined in the flow."""
    blocks = []
    made = [_nb(_e(t)) for t in (c.production, c.batch_code) if t]
    if made:
        blocks += [_Block(m) for m in made] if stacked else [_Block(" · ".join(made))]
    if c.expiry:
        words, _sep, when = c.expiry.partition(":")
        blocks.append(_Block(f"<b>{_e(words)}: {_nb(_e(when.strip()))}</b>"))
    if c.price:
        blocks.append(_Block(f"<b>{_e(c.price)}</b>", 1.25))
    return blocks


def _flow_blocks(c: LabelContent, *, dates: bool, drop: frozenset[str], halal_number: bool
                 ) -> list[_Block]:
    title = f"<b>{_e(c.title)}</b>"
    if c.brand:
        title += f" <font size='-2'>{_e(c.brand)}</font>"
    small = "big_title" in drop
    blocks = [_Block(title, 1.15 if small else 1.55)]
    if c.net:
        blocks.append(_Block(f"<b>{_nb(_e(c.net))}</b>", 1.0 if small else 1.15))
    if "ingredients" not in drop:
        blocks += [_Block(m) for m in (_ingredient_markup(c), _allergen_markup(c)) if m]
    if "notes" not in drop:
        blocks += [_Block(_e(n)) for n in c.notes]
    if c.producer:
        name, _sep, rest = c.producer.partition(":")
        where = "" if "address" in drop else f", {_e(c.address)}"
        blocks.append(_Block(f"{_e(name)}: <b>{_e(rest.strip())}</b>{where}"))
    numbers = [*c.permits, *([f"Halal {c.halal_number}"] if halal_number else [])]
    if numbers:
        blocks.append(_Block("<b>" + " · ".join(_nb(_e(p)) for p in numbers) + "</b>"))
    if "nutrition" not in drop and c.nutrition is not None:
        blocks.append(_Block(_nutrition_markup(c), boxed=True))
    if dates:
        blocks += _date_blocks(c, stacked=False)
    return blocks


@lru_cache(maxsize=4096)
def _paragraph(block: _Block, size: float, width: float) -> tuple[Paragraph, float]:
    """A block set at a size and wrapped: kept, because a preview redrawn after changing the
    count or the skipped positions lays out the same text again."""
    inner = width - (2.4 * size * 0.3 if block.boxed else 0)
    para = Paragraph(block.markup, _style(size, block.scale))
    _w, h = para.wrap(inner, 10_000)
    return para, h + (size * 0.6 if block.boxed else 0)


def _measure(blocks: list[_Block], size: float, width: float
             ) -> tuple[float, list[tuple[Paragraph, float]]]:
    laid = []
    total = 0.0
    for block in blocks:
        para, h = _paragraph(block, round(size, 3), round(width, 3))
        laid.append((para, h))
        total += h
    total += size * 0.22 * max(len(blocks) - 1, 0)
    return total, laid


def _fit(blocks: list[_Block], width: float, height: float, top: float = MAX_FONT, *,
         smallest_first: bool = False) -> tuple[float, list[tuple[Paragraph, float]], bool]:
    """The largest font size (MIN_FONT..top, to 0.15 pt) at which `blocks` fit in width × height.

    Wrapped text grows about with the square of the size, so each guess is the last size times
    the square root of room over need: three or four measurements instead of a bisection's eight.
    `smallest_first` tries MIN_FONT first, to give up at once on a layout that cannot fit.
    """
    if smallest_first:
        total, laid = _measure(blocks, MIN_FONT, width)
        if total > height:
            return MIN_FONT, laid, False
    total, laid = _measure(blocks, top, width)
    if total <= height:
        return top, laid, True
    lo, hi, size = MIN_FONT, top, top
    best: tuple[float, list[tuple[Paragraph, float]]] | None = None
    for _ in range(6):
        guess = min(max(size * math.sqrt(height / total) * 0.995, lo + 0.05), hi - 0.05)
        total, laid = _measure(blocks, guess, width)
        if total <= height:
            lo, best = guess, (guess, laid)
        else:
            hi = guess
        size = guess
        if hi - lo < 0.15:
            break
    if best is not None:
        return best[0], best[1], True
    total, laid = _measure(blocks, MIN_FONT, width)
    return MIN_FONT, laid, total <= height


def _draw_blocks(c: Canvas, laid: list[tuple[Paragraph, float]], blocks: list[_Block], *,
                 x: float, top: float, width: float, size: float) -> None:
    y = top
    for (para, h), block in zip(laid, blocks, strict=True):
        y -= h
        # Paragraphs are shared through the cache; drawing one points it at a canvas.
        with _DRAWING:
            if block.boxed:
                pad = size * 0.3
                c.setStrokeColor(INK)
                c.setLineWidth(0.4)
                c.rect(x, y, width, h, stroke=1, fill=0)
                para.drawOn(c, x + pad * 1.2, y + pad)
            else:
                para.drawOn(c, x, y)
        y -= size * 0.22


# --- barcode, QR, halal -------------------------------------------------------------------------


def _barcode_geometry(width: float, height: float) -> tuple[float, float]:
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


def _logo_reader(data: bytes) -> ImageReader | None:
    try:
        return ImageReader(io.BytesIO(data))
    except Exception:  # a broken logo file must not stop the labels
        return None


def halal_number_size(number: str, width: float) -> float:
    """The font size at which the certificate number fits under the mark (0: it does not)."""
    size = min(width * 0.16, 6.0)
    while size >= MIN_FONT and stringWidth(number, FONT_CONDENSED, size) > width:
        size -= 0.25
    return size if size >= MIN_FONT else 0.0


def draw_halal(c: Canvas, number: str, logo: bytes | None, x: float, y: float, *, size: float
               ) -> None:
    """The halal mark in a size-wide column: the attached official logo, or a plain box saying
    HALAL (coopdesk ships no copy of the official artwork); the certificate number under it when
    it fits (else the text prints it with the permits)."""
    num_size = halal_number_size(number, size)
    box = size - num_size * 1.3
    reader = _logo_reader(logo) if logo else None
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
    c.rect(1.2, 1.2, width - 2.4, height - 2.4, stroke=1, fill=0)
    angle = math.degrees(math.atan2(height, width))
    diagonal = math.hypot(width, height)
    size = diagonal * 0.82 / max(stringWidth(DRAFT_TEXT, FONT_CONDENSED_BOLD, 1), 1)
    c.translate(width / 2, height / 2)
    c.rotate(angle)
    c.setFillColor(DRAFT_RED)
    c.setFillAlpha(0.45)
    c.setFont(FONT_CONDENSED_BOLD, size)
    c.drawCentredString(0, -size * 0.35, DRAFT_TEXT)
    c.restoreState()


# --- the label ----------------------------------------------------------------------------------

#: What gives way, in this order, when a label is too small for everything at 4 pt.
_DROPS: tuple[frozenset[str], ...] = tuple(frozenset(d) for d in (
    (), ("nutrition",), ("nutrition", "qr"), ("nutrition", "qr", "notes"),
    ("nutrition", "qr", "notes", "address"),
    ("nutrition", "qr", "notes", "address", "ingredients"),
    ("nutrition", "qr", "notes", "address", "ingredients", "big_title"),
))


def _side_size(content: LabelContent, width: float, height: float, with_qr: bool) -> float:
    items = int(bool(content.halal_number)) + int(with_qr and bool(content.qr))
    if not items:
        return 0.0
    size: float = min(height * (0.55 if items == 1 else 0.5), width * 0.24, 18 * mm)
    if items == 2 and 2 * size + 1.5 * mm > height:
        size = (height - 1.5 * mm) / 2
    return size


@dataclass(frozen=True)
class _Plan:
    drop: frozenset[str]
    side: float
    text_w: float
    blocks: list[_Block]
    size: float
    laid: list[tuple[Paragraph, float]]
    fits: bool


def _plan(content: LabelContent, iw: float, upper_h: float, dates: bool) -> _Plan:
    plan = None
    for level, drop in enumerate(_DROPS):
        side = _side_size(content, iw, upper_h, "qr" not in drop)
        text_w = iw - (side + 1.2 * mm if side else 0)
        halal_text = bool(content.halal_number) and not halal_number_size(
            content.halal_number, side)
        blocks = _flow_blocks(content, dates=dates, drop=drop, halal_number=halal_text)
        size, laid, fits = _fit(blocks, text_w, upper_h, smallest_first=level > 0)
        plan = _Plan(drop, side, text_w, blocks, size, laid, fits)
        if fits:
            break
    assert plan is not None
    return plan


def _strip(content: LabelContent, width: float, height: float
           ) -> tuple[list[_Block], float, list[tuple[Paragraph, float]]]:
    """The dates (and price) left of the barcode; without the price, or nothing, if too tight."""
    if not content.ean or width < 16 * mm:
        return [], 0.0, []
    for c in (content, dataclasses.replace(content, price="")):
        blocks = _date_blocks(c, stacked=True)
        size, laid, fits = _fit(blocks, width, height, top=7.0)
        if fits:
            return blocks, size, laid
    return [], 0.0, []


def draw_label(c: Canvas, content: LabelContent, width: float, height: float) -> Fit:
    """Draw `content` in a width × height label whose bottom-left corner is at (0, 0)."""
    register_fonts()
    pad = min(max(min(width, height) * 0.05, 1.2 * mm), 3 * mm)
    iw, ih = width - 2 * pad, height - 2 * pad
    gap = 1.2 * mm
    module, bar_h = _barcode_geometry(iw, ih) if content.ean else (0.0, 0.0)
    bar_w = module * EAN_MODULES
    strip_w = iw - bar_w - gap
    strip, s_size, s_laid = _strip(content, strip_w, bar_h)
    upper_h = ih - (bar_h + gap if content.ean else 0)
    flow_content = content
    if strip and content.price and not any(content.price in b.markup for b in strip):
        flow_content = dataclasses.replace(content, production="", batch_code="", expiry="")
    plan = _plan(flow_content, iw, upper_h, dates=not strip or flow_content is not content)
    top = pad + ih
    c.saveState()
    clip = c.beginPath()
    clip.rect(pad, top - upper_h, iw, upper_h)
    c.clipPath(clip, stroke=0, fill=0)
    _draw_blocks(c, plan.laid, plan.blocks, x=pad, top=top, width=plan.text_w, size=plan.size)
    c.restoreState()
    fits = plan.fits
    if plan.side:
        sx, sy = pad + iw - plan.side, top
        if content.halal_number:
            sy -= plan.side
            draw_halal(c, content.halal_number, content.halal_logo, sx, sy, size=plan.side)
            sy -= gap
        if content.qr and "qr" not in plan.drop:
            draw_qr(c, content.qr, sx, sy - plan.side, plan.side)
    if content.ean:
        draw_ean13(c, content.ean, pad + iw - bar_w, pad, module=module, height=bar_h)
        if strip:
            _draw_blocks(c, s_laid, strip, x=pad, top=pad + bar_h, width=strip_w, size=s_size)
    if content.draft:
        draw_draft(c, width, height)
    dropped = tuple(d for d in ("nutrition", "qr", "notes", "address", "ingredients")
                    if d in plan.drop and _had(content, d))
    return Fit(fits, round(plan.size, 2), dropped, module / mm if content.ean else None)


def _had(content: LabelContent, item: str) -> bool:
    return bool({"nutrition": content.nutrition, "qr": content.qr, "notes": content.notes,
                 "address": content.address, "ingredients": content.ingredients}[item])
