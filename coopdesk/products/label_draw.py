"""Laying out and drawing one label at any size, from a 40 × 30 mm roll label up to an A6 sheet.

The label is split into an upper part (text on the left; the halal mark and the QR code in a
column on the right) and a bottom strip (the EAN-13 on the right; left of it the production and
expiry dates and the price, or whichever of them fits at a readable size, the rest joining the
text; the barcode is centred when nothing fits beside it). The text size is the largest, between
4 and 9 pt, at which everything fits. When even 4 pt is too large, things give way in this order:
the nutrition table, the QR code, the storage and usage notes, the large title, the price, the
street of the address, the ingredients, the address; only then is the text cut at the edge (the
result says so, and the print warns). Mandatory items are the last to go.

Two things are only printed where the label has room to spare, so they never push anything out:
the nutrition table in BPOM's tabular or vertical format (else its linear format) and the group's
logo beside the title. Each is kept only while the text keeps most of the size it has without it
(`KEEP_TABLE`, `KEEP_LOGO`); the logo is the first thing given up. Everything is drawn once per
label design and reused (see `sheets`).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from coopdesk.pdf import FONT_CONDENSED, register_fonts
from coopdesk.products.label_blocks import Block, Flow, date_blocks, flow_blocks
from coopdesk.products.label_content import LabelContent
from coopdesk.products.label_marks import (
    EAN_MODULES,
    INK,
    MIN_FONT,
    X_MIN,
    barcode_geometry,
    draw_draft,
    draw_ean13,
    draw_halal,
    draw_logo,
    draw_qr,
    halal_number_size,
    image_reader,
)
from coopdesk.products.label_nutrition import (
    LINEAR,
    TABULAR,
    TOO_TALL,
    VERTICAL,
    NutritionTable,
    preferred_form,
)

MAX_FONT = 9.0
#: The nutrition table (not its linear form) is kept while the text keeps 85 % of its size and
#: the 4.3 pt at which capitals are still 1 mm high, BPOM's least for nutrition information.
KEEP_TABLE, TABLE_MIN_FONT = 0.85, 4.3
KEEP_LOGO = 0.97  # the logo is kept only where it costs the text next to nothing
STRIP_MIN_FONT = 5.0  # the dates beside the barcode, else they join the text
LOGO_EM = 3.3  # the logo's height in ems: about the title and net content lines beside it
LOGO_MAX_ASPECT = 2.4  # a wider logo is drawn smaller rather than pushing the title aside
GAP = 1.2 * mm
DESCENT = 0.12  # ems kept below a paragraph for its last line's descenders (about 0.07 em)
#: What gives way, in this order, when a label is too small for everything at 4 pt.
ORDER = ("nutrition", "qr", "notes", "big_title", "price", "street", "ingredients", "address")
_DROPS = tuple(frozenset(ORDER[:n]) for n in range(len(ORDER) + 1))
_REPORTED = ("logo", "nutrition", "qr", "notes", "price", "street", "ingredients", "address")
_DRAWING = threading.Lock()

Laid = list[tuple[Flowable, float]]


@dataclass(frozen=True)
class Fit:
    """How the content went onto the label."""

    fits: bool
    font_size: float
    dropped: tuple[str, ...] = ()  # "logo", "nutrition", "qr", ...: left out for lack of room
    module_mm: float | None = None  # the barcode's module width
    nutrition_form: str = ""  # "vertical", "tabular" or "linear" when the table is printed

    @property
    def barcode_ok(self) -> bool:
        return self.module_mm is None or self.module_mm >= X_MIN / mm - 1e-9


def _style(size: float, scale: float) -> ParagraphStyle:
    fs = size * scale
    return ParagraphStyle("label", fontName=FONT_CONDENSED, fontSize=fs, leading=fs * 1.13,
                          textColor=INK)


@lru_cache(maxsize=4096)
def _paragraph(block: Block, size: float, width: float) -> tuple[Flowable, float]:
    """A block set at a size and wrapped: kept, because a preview redrawn after changing the
    count or the skipped positions lays out the same text again."""
    inner = width - block.indent * size - (2.4 * size * 0.3 if block.boxed else 0)
    if block.table is not None:
        table = NutritionTable(block.table, size, block.form)
        return table, table.wrap(inner, TOO_TALL)[1]
    para = Paragraph(block.markup, _style(size, block.scale))
    _w, h = para.wrap(inner, 10_000)
    return para, h + (size * 0.6 if block.boxed else 0)


def _measure(blocks: list[Block], size: float, width: float) -> tuple[float, Laid]:
    laid = []
    total = 0.0
    for block in blocks:
        para, h = _paragraph(block, round(size, 3), round(width, 3))
        laid.append((para, h))
        total += h
    total += size * 0.22 * max(len(blocks) - 1, 0)
    # A paragraph's last baseline sits 0.13 em above its foot and descenders reach about 0.2 em
    # below the baseline: keep room for them, or the clip cuts the bottom line's g, j, p, y.
    if blocks:
        total += size * blocks[-1].scale * DESCENT
    return total, laid


def _fit(blocks: list[Block], width: float, height: float, top: float = MAX_FONT, *,
         smallest_first: bool = False) -> tuple[float, Laid, bool]:
    """The largest font size (MIN_FONT..top, to 0.15 pt) at which `blocks` fit in width × height.

    Wrapped text grows about with the square of the size, so each guess is the last size times
    the square root of room over need: three or four measurements instead of a bisection's eight
    (a table too wide for the width says nothing about the size, so that guess bisects).
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
    best: tuple[float, Laid] | None = None
    for _ in range(6):
        jump = size * math.sqrt(height / total) * 0.995 if total < TOO_TALL else (lo + hi) / 2
        guess = min(max(jump, lo + 0.05), hi - 0.05)
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


def _draw_blocks(c: Canvas, laid: Laid, blocks: list[Block], *, x: float, top: float,
                 width: float, size: float) -> None:
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
                para.drawOn(c, x + block.indent * size, y)
        y -= size * 0.22


# --- the layout ---------------------------------------------------------------------------------


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
    flow: Flow
    side: float
    text_w: float
    blocks: list[Block]
    size: float
    laid: Laid
    fits: bool


def _attempt(content: LabelContent, iw: float, upper_h: float, flow: Flow, *,
             smallest_first: bool = False) -> _Plan:
    side = _side_size(content, iw, upper_h, "qr" not in flow.drop)
    text_w = iw - (side + GAP if side else 0)
    flow = replace(flow, halal_number=bool(content.halal_number) and not halal_number_size(
        content.halal_number, side))
    blocks = flow_blocks(content, flow)
    size, laid, fits = _fit(blocks, text_w, upper_h, smallest_first=smallest_first)
    return _Plan(flow, side, text_w, blocks, size, laid, fits)


def _plan(content: LabelContent, iw: float, upper_h: float, base: Flow, *, form: str,
          logo_em: float) -> _Plan:
    """The plain layout that fits (giving way as little as it must); then, if nothing gave way,
    the nutrition table in BPOM's format for the label, and the logo, where they cost the text
    little enough."""
    plan = None
    for level, drop in enumerate(_DROPS):
        plan = _attempt(content, iw, upper_h, replace(base, drop=drop), smallest_first=level > 0)
        if plan.fits:
            break
    assert plan is not None
    if plan.flow.drop or not plan.fits:
        return plan
    forms = {VERTICAL: (VERTICAL, TABULAR), TABULAR: (TABULAR,), LINEAR: ()}[form]
    for table in forms if content.nutrition is not None else ():
        tried = _attempt(content, iw, upper_h, replace(base, form=table))
        if tried.fits and tried.size >= max(TABLE_MIN_FONT, plan.size * KEEP_TABLE):
            plan = tried
            break
    if logo_em:
        tried = _attempt(content, iw, upper_h, replace(plan.flow, logo_em=logo_em))
        if tried.fits and tried.size >= plan.size * KEEP_LOGO:
            plan = tried
    return plan


@dataclass(frozen=True)
class _Strip:
    blocks: list[Block]
    size: float = 0.0
    laid: Laid | None = None
    dates: bool = False  # holds the dates
    price: bool = False  # holds the price


def _strip(content: LabelContent, width: float, height: float) -> _Strip:
    """What fits left of the barcode at a readable size: dates and price, the dates, the price."""
    if not content.ean or width < 8 * mm:
        return _Strip([])
    tried = set()
    for dates, price in ((True, True), (True, False), (False, True)):
        blocks = date_blocks(content, stacked=True, dates=dates, price=price)
        key = tuple(b.markup for b in blocks)
        if not blocks or key in tried:
            continue
        tried.add(key)
        size, laid, fits = _fit(blocks, width, height)
        if fits and size >= STRIP_MIN_FONT:
            return _Strip(blocks, size, laid, dates, price and bool(content.price))
    return _Strip([])


def _match_strip(strip: _Strip, width: float, height: float, text_size: float) -> _Strip:
    """The strip no larger than a quarter above the text's size: dates in 7 pt beside 5 pt text
    look shouted, not important."""
    top = max(text_size * 1.25, STRIP_MIN_FONT)
    if not strip.laid or strip.size <= top:
        return strip
    size, laid, _fits = _fit(strip.blocks, width, height, top=top)
    return replace(strip, size=size, laid=laid)


def _logo_em(reader: ImageReader | None) -> float:
    if reader is None:
        return 0.0
    w, h = reader.getSize()
    return LOGO_EM * min(max(float(w) / max(float(h), 1.0), 0.5), LOGO_MAX_ASPECT)


# --- drawing ------------------------------------------------------------------------------------


def _draw_text(c: Canvas, plan: _Plan, logo: ImageReader | None, x: float, *, top: float,
               height: float) -> None:
    c.saveState()
    clip = c.beginPath()
    clip.rect(x, top - height, plan.text_w, height)
    c.clipPath(clip, stroke=0, fill=0)
    _draw_blocks(c, plan.laid, plan.blocks, x=x, top=top, width=plan.text_w, size=plan.size)
    c.restoreState()
    if logo is not None and plan.flow.logo_em:
        beside = [h for (_p, h), b in zip(plan.laid, plan.blocks, strict=True) if b.indent]
        tall = sum(beside) + plan.size * 0.22 * (len(beside) - 1)
        draw_logo(c, logo, x, top, width=plan.flow.logo_em * plan.size, height=tall)


def _draw_side(c: Canvas, content: LabelContent, plan: _Plan, right: float, top: float) -> None:
    sx, sy = right - plan.side, top
    if content.halal_number:
        sy -= plan.side
        draw_halal(c, content.halal_number, content.halal_logo, sx, sy, size=plan.side)
        sy -= GAP
    if content.qr and "qr" not in plan.flow.drop:
        draw_qr(c, content.qr, sx, sy - plan.side, plan.side)


def _dropped(content: LabelContent, plan: _Plan, logo: ImageReader | None) -> tuple[str, ...]:
    had = {"logo": logo is not None and not plan.flow.logo_em, "nutrition": content.nutrition,
           "qr": content.qr, "notes": content.notes, "price": content.price and plan.flow.price,
           "street": content.address != content.address_short
           and "address" not in plan.flow.drop,
           "ingredients": content.ingredients, "address": content.address}
    return tuple(d for d in _REPORTED if had[d] and (d == "logo" or d in plan.flow.drop))


def draw_label(c: Canvas, content: LabelContent, width: float, height: float) -> Fit:
    """Draw `content` in a width × height label whose bottom-left corner is at (0, 0)."""
    register_fonts()
    # A safe zone inside the die cut: sheets shift a millimetre or so in the printer.
    pad = min(max(min(width, height) * 0.06, 1.5 * mm), 3 * mm)
    iw, ih = width - 2 * pad, height - 2 * pad
    module, bar_h = barcode_geometry(iw, ih) if content.ean else (0.0, 0.0)
    bar_w = module * EAN_MODULES
    strip = _strip(content, iw - bar_w - GAP, bar_h)
    upper_h = ih - (bar_h + GAP if content.ean else 0)
    logo = image_reader(content.logo) if content.logo else None
    base = Flow(dates=not strip.dates, price=not strip.price)
    plan = _plan(content, iw, upper_h, base, form=preferred_form(width / mm, height / mm),
                 logo_em=_logo_em(logo))
    strip = _match_strip(strip, iw - bar_w - GAP, bar_h, plan.size)
    top = pad + ih
    _draw_text(c, plan, logo, pad, top=top, height=upper_h)
    if plan.side:
        _draw_side(c, content, plan, pad + iw, top)
    if content.ean:
        left = pad + iw - bar_w if strip.blocks else pad + (iw - bar_w) / 2
        draw_ean13(c, content.ean, left, pad, module=module, height=bar_h)
        if strip.laid:
            # Down to the barcode's foot: the price ends level with the digits.
            tall = sum(h for _p, h in strip.laid) + strip.size * 0.22 * (len(strip.laid) - 1)
            _draw_blocks(c, strip.laid, strip.blocks, x=pad, top=pad + tall,
                         width=iw - bar_w - GAP, size=strip.size)
    if content.draft:
        draw_draft(c, width, height)
    form = plan.flow.form if content.nutrition and "nutrition" not in plan.flow.drop else ""
    return Fit(plan.fits, round(plan.size, 2), _dropped(content, plan, logo),
               module / mm if content.ean else None, form)
