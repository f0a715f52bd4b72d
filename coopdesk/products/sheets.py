"""Placing labels on sheets and rolls: count, used positions skipped, outlines, calibration.

Each label design is drawn once as a PDF form XObject and placed as often as needed, so a sheet
costs little more than its page count (PERFORMANCE.md: drawing every label afresh manages about
170 labels a second). The PDF asks viewers to print at 100 % (`PrintScaling None`): a label
sheet scaled "to fit" no longer meets its labels.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from coopdesk.errors import UserError
from coopdesk.i18n import _
from coopdesk.products.calibration import Calibration
from coopdesk.products.label_content import LabelContent
from coopdesk.products.label_draw import Fit, draw_label
from coopdesk.products.templates import LabelTemplate
from coopdesk.progress import NO_PROGRESS, Progress, report

MAX_LABELS = 100_000
OUTLINE = colors.HexColor("#9AA5B1")


@dataclass(frozen=True)
class LabelRun:
    """`count` labels of one design, placed one after the other."""

    content: LabelContent
    count: int


@dataclass(frozen=True)
class SheetOptions:
    skip: int = 0  # positions already used on the first sheet
    outline: bool = False  # draw every label's outline: a test print on plain paper
    calibration: Calibration = field(default_factory=Calibration)
    title: str = "Label"


@dataclass(frozen=True)
class Sheets:
    pdf: bytes
    pages: int
    labels: int
    fits: tuple[Fit, ...]  # one per design, in the order of the runs


def check_request(template: LabelTemplate, count: int, skip: int) -> None:
    if skip < 0 or (skip and skip >= template.per_page):
        raise UserError(_("A sheet of {template} has {n} labels: you can skip 0 to {most} used "
                          "positions.").format(template=template.name, n=template.per_page,
                                               most=template.per_page - 1))
    if not 1 <= count <= MAX_LABELS:
        raise UserError(_("The number of labels must be from 1 to {most}.").format(
            most=MAX_LABELS))


def _outline(c: Canvas, template: LabelTemplate, used: set[int]) -> None:
    c.saveState()
    c.setStrokeColor(OUTLINE)
    c.setLineWidth(0.5)
    w, h = template.label_width * mm, template.label_height * mm
    radius = template.corner_radius * mm
    for index, (left, top) in enumerate(template.slots()):
        c.setDash(() if index in used else (2, 2))
        c.roundRect(left * mm, -(top * mm) - h, w, h, radius, stroke=1, fill=0)
    c.restoreState()


def render(template: LabelTemplate, runs: Sequence[LabelRun], options: SheetOptions | None = None,
           *, progress: Progress = NO_PROGRESS) -> Sheets:
    """One PDF with every run's labels, filling the template's positions in reading order."""
    options = options or SheetOptions()
    total = sum(r.count for r in runs)
    check_request(template, total if runs else 1, options.skip)
    buffer = io.BytesIO()
    page_size = (template.page_width * mm, template.page_height * mm)
    c = Canvas(buffer, pagesize=page_size, pageCompression=1)
    c.setTitle(options.title)
    c.setCreator("coopdesk")
    c.setViewerPreference("PrintScaling", "None")
    w, h = template.label_width * mm, template.label_height * mm
    fits = []
    for index, run in enumerate(runs):
        c.beginForm(f"label{index}", 0, 0, w, h)
        fits.append(draw_label(c, run.content, w, h))
        c.endForm()
    slots = template.slots()
    per_page = template.per_page
    names = [f"label{i}" for i, run in enumerate(runs) for _n in range(run.count)]
    done = 0
    position = options.skip
    pages = 0
    while done < len(names) or pages == 0:
        take = min(per_page - position, len(names) - done)
        used = set(range(position, position + take))
        _start_page(c, page_size, options.calibration)
        if options.outline:
            _outline(c, template, used)
        for offset, slot in enumerate(sorted(used)):
            _place(c, names[done + offset], slots[slot], h)
        done += take
        c.restoreState()
        c.showPage()
        pages += 1
        position = 0
        report(progress, done, total)
    c.save()
    return Sheets(buffer.getvalue(), pages, total, tuple(fits))


def _start_page(c: Canvas, page_size: tuple[float, float], cal: Calibration) -> None:
    """Put the origin at the page's top-left corner, shifted and stretched for the printer."""
    c.saveState()
    c.translate(cal.dx * mm, page_size[1] - cal.dy * mm)
    c.scale(cal.sx, cal.sy)


def _place(c: Canvas, name: str, slot: tuple[float, float], height: float) -> None:
    left, top = slot
    c.saveState()
    c.translate(left * mm, -top * mm - height)
    c.doForm(name)
    c.restoreState()
