"""The Informasi Nilai Gizi laid out on a label, in BPOM's three formats.

BPOM chooses the format by the label's area (PerBPOM 22/2019, 16/2020 for micro and small
producers) *(verify the limits)*: the vertical table above 100 cm², the horizontal (tabular) table
up to 100 cm², and the linear format, one run of text, for 30 cm² and less. `preferred_form`
gives that choice; the label layout falls back to the linear format, and then leaves the table
out, when the preferred one does not fit beside the mandatory items.

A table is a platypus Flowable, so the label's text flow measures and draws it like a paragraph:
`wrap` lays it out for a width and font size (an impossible width gives an impossible height,
which makes the flow try a smaller size), `draw` replays the laid-out strings and rules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from coopdesk.pdf import FONT_CONDENSED, FONT_CONDENSED_BOLD
from coopdesk.products.label_marks import INK
from coopdesk.products.nutrition import (
    AKG,
    PER_SERVING,
    SERVING,
    SERVINGS,
    TITLE,
    FactRow,
    NutritionFacts,
)

VERTICAL, TABULAR, LINEAR = "vertical", "tabular", "linear"
TOO_TALL = 1e6
R, B = FONT_CONDENSED, FONT_CONDENSED_BOLD


def preferred_form(width_mm: float, height_mm: float) -> str:
    """BPOM's format for a label of this size."""
    area_cm2 = width_mm * height_mm / 100
    return VERTICAL if area_cm2 > 100 else TABULAR if area_cm2 > 30 else LINEAR


def _nb(text: str) -> str:
    return escape(text).replace(" ", "\u00a0")


def linear_markup(f: NutritionFacts) -> str:
    """The linear format: every item in one run of text, %AKG in brackets."""
    head = [f"{SERVING} {_nb(f.serving)}"] if f.serving else []
    if f.servings:
        head.append(f"{SERVINGS} {_nb(f.servings)}")
    items = [f"{escape(r.words)} {_nb(r.amount)}" + (f" ({_nb(r.akg)}\u00a0AKG*)" if r.akg else "")
             for r in ([f.energy] if f.energy else []) + list(f.rows)]
    text = f"<b>{TITLE}</b> " + ", ".join(head)
    text += f"{'. ' if head else ''}<b>{PER_SERVING}:</b> " + ", ".join(items) + "."
    if any(r.akg for r in f.rows):
        text += f" <font size='-1'>{escape(f.footnote)}</font>"
    return text


@dataclass(frozen=True)
class _Text:
    x: float
    text: str
    font: str = R
    align: str = "left"  # "left", "right" or "centre" of x
    scale: float = 1.0  # of the table's size
    y: float = 0.0  # baseline, from the table's top down: set by _Sheet.line


@dataclass(frozen=True)
class _Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    weight: float


@dataclass
class _Sheet:
    """Strings and rules laid out from the top-left, and the cursor going down."""

    size: float
    width: float
    y: float = 0.0

    def __post_init__(self) -> None:
        self.items: list[_Text | _Rule] = []
        self.pad = self.size * 0.45

    def line(self, *texts: _Text, scale: float = 1.0) -> None:
        """One line `scale` × the size high, its texts on one baseline."""
        fs = self.size * scale
        base = self.y + fs * 0.93
        self.items += [replace(t, y=base) for t in texts]
        self.y += fs * 1.2

    def rule(self, weight: float, x0: float | None = None, x1: float | None = None) -> None:
        self.y += weight / 2 + self.size * 0.12
        self.items.append(_Rule(x0 if x0 is not None else self.pad, self.y,
                                x1 if x1 is not None else self.width - self.pad, self.y, weight))
        self.y += weight / 2 + self.size * 0.12

    def footnote(self, f: NutritionFacts) -> None:
        fs = self.size * 0.8
        for text in simpleSplit(f.footnote, R, fs, self.width - 2 * self.pad):
            self.line(_Text(self.pad, text, scale=0.8), scale=0.8)

    @property
    def heavy(self) -> float:
        return max(self.size * 0.22, 0.9)

    @property
    def light(self) -> float:
        return max(self.size * 0.06, 0.3)


def _w(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


def _head_lines(f: NutritionFacts) -> list[tuple[str, str]]:
    lines = [(SERVING, f.serving)] if f.serving else []
    return lines + ([(SERVINGS, f.servings)] if f.servings else [])


def _vertical(f: NutritionFacts, fs: float, avail: float) -> _Sheet | None:
    """BPOM's vertical table: name, amount and %AKG in three columns, a rule under each row."""
    rows = list(f.rows)
    named = rows + ([f.energy] if f.energy else [])
    gap = fs * 1.2
    name_w = max([_w(r.words, B, fs) for r in named] + [0.0])
    amount_w = max([_w(r.amount, R, fs) for r in named] + [0.0])
    akg_w = max([_w(r.akg, R, fs) for r in rows] + [_w(AKG + "*", B, fs)])
    heads = [_w(a, R, fs) + gap + _w(b, R, fs) for a, b in _head_lines(f)]
    inner = max(name_w + gap + amount_w + gap + akg_w, _w(TITLE, B, fs * 1.15), *heads)
    if inner + fs * 0.9 > avail:
        return None
    sheet = _Sheet(fs, min(avail, max(inner + fs * 0.9, fs * 24)))
    right = sheet.width - sheet.pad
    amount_x = right - akg_w - gap
    sheet.y = sheet.pad * 0.6
    sheet.line(_Text(sheet.pad, TITLE, B, scale=1.15), scale=1.15)
    for words, value in _head_lines(f):
        sheet.line(_Text(sheet.pad, words), _Text(right, value, align="right"))
    sheet.rule(sheet.heavy)
    sheet.line(_Text(sheet.pad, PER_SERVING, B))
    if f.energy:
        sheet.line(_Text(sheet.pad, f.energy.words, B),
                   _Text(amount_x, f.energy.amount, B, "right"))
    sheet.rule(sheet.heavy if rows else sheet.light)
    if rows:
        sheet.line(_Text(right, AKG + "*", B, "right"))
    for r in rows:
        sheet.rule(sheet.light)
        sheet.line(_Text(sheet.pad, r.words), _Text(amount_x, r.amount, align="right"),
                   _Text(right, r.akg, align="right"))
    if any(r.akg for r in rows):
        sheet.rule(sheet.heavy)
        sheet.footnote(f)
    sheet.y += sheet.pad * 0.6
    return sheet


def _split(words: str) -> list[str]:
    """A heading on two lines, split at the space nearest its middle."""
    if " " not in words:
        return [words]
    cuts = [i for i, ch in enumerate(words) if ch == " "]
    cut = min(cuts, key=lambda i: abs(i - len(words) / 2))
    return [words[:cut], words[cut + 1:]]


@dataclass(frozen=True)
class _Grid:
    """The tabular table's columns: the first holds the row names, then one per nutrient."""

    cols: list[FactRow]
    heads: list[list[str]]  # each nutrient's heading, on one or two lines
    names: list[str]  # the first column's heading lines
    first: float
    widths: list[float]


def _grid(f: NutritionFacts, fs: float, avail: float) -> _Grid | None:
    """Headings on one line if the columns fit so, else on two; widths that fill `avail`."""
    cols = ([f.energy] if f.energy else []) + list(f.rows)
    cpad = fs * 0.7
    for heads, names in (([[c.words] for c in cols], [PER_SERVING]),
                         ([_split(c.words) for c in cols], _split(PER_SERVING))):
        first = max(_w(n, B, fs) for n in [*names, AKG + "*"]) + cpad
        widths = [max(*(_w(h, R, fs) for h in head), _w(c.amount, B, fs), _w(c.akg, R, fs)) + cpad
                  for c, head in zip(cols, heads, strict=True)]
        spare = avail - fs * 0.9 - first - sum(widths)
        if spare >= 0:
            return _Grid(cols, heads, names, first, [w + spare / len(cols) for w in widths])
    return None


def _grid_rows(sheet: _Sheet, g: _Grid) -> None:
    x0 = sheet.pad + g.first
    centres = [x0 + sum(g.widths[:i]) + w / 2 for i, w in enumerate(g.widths)]
    top = sheet.y
    for n in range(max(len(h) for h in g.heads)):
        sheet.line(*([_Text(sheet.pad, g.names[n], B)] if n < len(g.names) else []),
                   *(_Text(x, h[n], align="centre")
                     for x, h in zip(centres, g.heads, strict=True) if n < len(h)))
    sheet.rule(sheet.light)
    sheet.line(*(_Text(x, c.amount, B, "centre") for x, c in zip(centres, g.cols, strict=True)))
    if any(c.akg for c in g.cols):
        sheet.rule(sheet.light)
        sheet.line(_Text(sheet.pad, AKG + "*", B),
                   *(_Text(x, c.akg, align="centre")
                     for x, c in zip(centres, g.cols, strict=True)))
    for i in range(len(g.widths)):  # before each nutrient's column
        x = x0 + sum(g.widths[:i])
        sheet.items.append(_Rule(x, top, x, sheet.y, sheet.light))


def _tabular(f: NutritionFacts, fs: float, avail: float) -> _Sheet | None:
    """BPOM's horizontal table: a column per nutrient, amounts and %AKG under the headings."""
    grid = _grid(f, fs, avail) if f.rows or f.energy else None
    if grid is None:
        return None
    head = "   ".join(f"{a} {b}" for a, b in _head_lines(f))
    sheet = _Sheet(fs, avail)
    sheet.y = sheet.pad * 0.6
    beside = _w(TITLE, B, fs * 1.1) + fs * 1.5 + _w(head, R, fs) <= avail - 2 * sheet.pad
    sheet.line(_Text(sheet.pad, TITLE, B, scale=1.1),
               *([_Text(avail - sheet.pad, head, align="right")] if beside else []), scale=1.1)
    if head and not beside:  # under the title, each part on its own lines
        for part in (f"{a} {b}" for a, b in _head_lines(f)):
            for text in simpleSplit(part, R, fs, avail - 2 * sheet.pad):
                sheet.line(_Text(sheet.pad, text))
    sheet.rule(sheet.heavy)
    _grid_rows(sheet, grid)
    if any(c.akg for c in grid.cols):
        sheet.rule(sheet.heavy)
        sheet.footnote(f)
    sheet.y += sheet.pad * 0.6
    return sheet


class NutritionTable(Flowable):  # type: ignore[misc]
    """The vertical or the tabular ING at a font size, boxed, as wide as it needs (tabular:
    the whole width)."""

    def __init__(self, facts: NutritionFacts, size: float, form: str) -> None:
        super().__init__()
        self.facts, self.size, self.form = facts, size, form
        self.sheet: _Sheet | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        make = _vertical if self.form == VERTICAL else _tabular
        self.sheet = make(self.facts, self.size, availWidth)
        if self.sheet is None:
            self.width, self.height = availWidth, TOO_TALL
        else:
            self.width, self.height = self.sheet.width, self.sheet.y
        return self.width, self.height

    def draw(self) -> None:
        if self.sheet is None:
            return
        c, h = self.canv, self.height
        c.setStrokeColor(INK)
        c.setFillColor(INK)
        c.setLineWidth(max(self.size * 0.08, 0.4))
        c.rect(0, 0, self.width, h, stroke=1, fill=0)
        for item in self.sheet.items:
            if isinstance(item, _Rule):
                c.setLineWidth(item.weight)
                c.line(item.x0, h - item.y0, item.x1, h - item.y1)
                continue
            c.setFont(item.font, self.size * item.scale)
            draw = {"left": c.drawString, "right": c.drawRightString,
                    "centre": c.drawCentredString}[item.align]
            draw(item.x, h - item.y, item.text)
