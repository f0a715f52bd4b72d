"""Commands for products and labels: groups, products, permits, batches, label templates, printing.

    coopdesk producers add --name "KUB Sari Rasa" --city Sumpiuh --postal-code 53195 ...
    coopdesk products import produk.xlsx
    coopdesk products check KS-250            # exit 1 when a mandatory label item is missing
    coopdesk batch add --product KS-250 --produced 2026-11-14
    coopdesk labels templates
    coopdesk labels calibrate avery-l7160 --printer "EPSON L3110" --dx 0.8 --dy -1.2
    coopdesk print labels --product KS-250 --batch 26111401 --template avery-l7160 --out label.pdf
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from coopdesk.cli.context import Context, output_args, parse_date
from coopdesk.cli.registry import Arg, arg, command, group
from coopdesk.i18n import N_, _, format_date, ngettext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

group("producers", N_("business groups that make products"))
group("products", N_("products and their label readiness"))
group("permit", N_("permits: P-IRT, BPOM, halal, NIB, SLHS"))
group("batch", N_("production batches"))
group("labels", N_("label sheets and rolls"))
group("print", N_("print documents and labels"))

_PRODUCT = arg("--product", required=True, help=N_("product code"))
_TEMPLATE = arg("template", help=N_("the label template's id (see “coopdesk labels templates”)"))
_PDF_OUT = arg("--out", type=Path, required=True, metavar="FILE.pdf",
               help=N_("the PDF file to write"))


def _read_file(path: Path) -> tuple[str, bytes]:
    from coopdesk.errors import UserError

    try:
        return path.name, path.read_bytes()
    except OSError as exc:
        raise UserError(_("Cannot read “{path}”: {error}").format(
            path=path, error=exc.strerror)) from None


# --- producers ---------------------------------------------------------------------------------


@command("producers", "add", help=N_("add a business group (producer)"), args=[
    arg("--name", required=True, help=N_("the group's name")),
    arg("--address", default="", help=N_("street and village, printed on the labels")),
    arg("--city", default="", help=N_("town or city, printed on the labels")),
    arg("--postal-code", default="", help=N_("5 digits")),
    arg("--regency", default="", help=N_("kabupaten, e.g. Banyumas")),
    arg("--regency-code", default="", help=N_("4 digits as in a P-IRT number (Banyumas: 3302)")),
    arg("--phone", default="", help=N_("phone number")),
    arg("--nib", default="", help=N_("13-digit business number")),
    arg("--logo", type=Path, default=None, help=N_("the group's logo (PNG or JPEG)")),
])
def producers_add(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import producers
    from coopdesk.products.records import ProducerData

    data = ProducerData(args.name, args.address, args.city, args.postal_code, args.regency,
                        args.regency_code, args.phone, args.nib)
    logo = _read_file(args.logo) if args.logo else None

    def add(s: Session) -> None:
        group_ = producers.add_producer(s, data)
        if logo:
            producers.set_producer_logo(s, group_.id, *logo)

    ctx.book().write(add)
    ctx.say(_("Added the business group {name}.").format(name=data.name))
    return 0


@command("producers", "logo", help=N_("keep a group's logo (PNG or JPEG): labels print it where "
                                     "there is room"),
         args=[arg("--name", required=True, help=N_("the group's name")),
               arg("file", type=Path, metavar="FILE", help=N_("the logo image (PNG or JPEG)"))])
def producers_logo(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import producers

    name, data = _read_file(args.file)

    def keep(s: Session) -> str:
        group_ = producers.find_producer(s, args.name)
        producers.set_producer_logo(s, group_.id, name, data)
        return group_.name

    ctx.say(_("The logo of {name} is kept in the book.").format(name=ctx.book().write(keep)))
    return 0


@command("producers", "list", help=N_("list the business groups"), args=output_args("csv"))
def producers_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import producers

    with ctx.book().read() as s:
        rows = producers.list_producers(s)
    ctx.emit(["csv"], csv=lambda: (
        ("id", "name", "address", "city", "postal_code", "regency", "regency_code", "nib"),
        [(p.id, p.name, p.address, p.city, p.postal_code, p.regency, p.regency_code, p.nib)
         for p in rows]))
    return 0


# --- products ----------------------------------------------------------------------------------


@command("products", "import", help=N_("import products from a CSV or XLSX file (all or none)"),
         args=[arg("file", type=Path, metavar="FILE", help=N_("the CSV or XLSX file"))])
def products_import(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import importer

    result = ctx.book().write(lambda s: importer.import_products(s, args.file))
    for warning in result.warnings:
        ctx.note(_("warning: {problem}").format(problem=warning))
    ctx.say(_("Imported: {added} added, {updated} updated, {same} unchanged; {permits} permits "
              "recorded.").format(added=result.added, updated=result.updated,
                                  same=result.unchanged, permits=result.permits_added))
    return 0


@command("products", "list", help=N_("list products with their label readiness"), args=[
    arg("--search", default="",
        help=N_("words to look for in the name, code, brand or barcode (default: all products)")),
    *output_args("csv")])
def products_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import overview

    with ctx.book().read() as s:
        rows = overview.product_overview(s, args.search)
    ctx.emit(["csv"], csv=lambda: (
        ("code", "name", "brand", "producer", "ready", "missing", "permit", "price", "barcode"),
        [(o.product.code, o.product.name, o.product.brand, o.product.producer_name, o.ready,
          "; ".join(o.missing), o.permit_status, o.product.price, o.product.barcode)
         for o in rows]))
    return 0


@command("products", "check", help=N_("check a product's label (exit 1 if anything mandatory "
                                      "is missing)"),
         args=[arg("code", help=N_("product code")),
               arg("--batch", default=None, help=N_("production code of a batch"))])
def products_check(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import readiness

    with ctx.book().read() as s:
        state = readiness.readiness(s, args.code, batch_code=args.batch)
    marks = {"ok": "✓", "missing": "✗", "wrong": "✗", "warning": "!"}
    words = {"ok": _("ok"), "missing": _("missing"), "wrong": _("wrong"),
             "warning": _("check")}
    for c in state.checks:
        detail = f": {c.detail}" if c.detail else ""
        ctx.say(f"{marks[c.status]} {c.title} — {words[c.status]}{detail}")
    if state.ready:
        ctx.say(_("The label of {code} has every mandatory item.").format(code=state.product_code))
        return 0
    ctx.say(_("The label of {code} is missing {n} mandatory item(s); it prints only as a "
              "draft.").format(code=state.product_code, n=len(state.problems)))
    return 1


@command("products", "alerts", help=N_("batches near or past expiry, permits expiring"),
         args=[arg("--today", type=parse_date, default=None, help=argparse.SUPPRESS)])
def products_alerts(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import alerts

    with ctx.book().read() as s:
        found = alerts.alerts(s, args.today)
    for a in found:
        ctx.say(("‼ " if a.urgent else "! ") + a.message)
    if not found:
        ctx.say(_("No alerts: no batch near expiry, no permit expiring within 90 days."))
    return 0


@command("products", "suggest-barcode",
         help=N_("suggest a free in-store barcode (200…) for a group without a GS1 number"))
def products_suggest_barcode(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import catalog

    with ctx.book().read() as s:
        ctx.say(catalog.suggest_in_store_barcode(s))
    return 0


# --- permits -----------------------------------------------------------------------------------


@command("permit", "add", help=N_("record a permit or certificate"), args=[
    arg("--kind", required=True, choices=["pirt", "bpom", "halal", "nib", "slhs"],
        help=N_("which permit: pirt (P-IRT), bpom, halal, nib or slhs")),
    arg("--number", required=True, help=N_("the number as written on the permit")),
    arg("--product", default=None, help=N_("product code (P-IRT, BPOM, halal)")),
    arg("--producer", default=None, help=N_("business group name (NIB, SLHS)")),
    arg("--issued", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("the day it was issued")),
    arg("--expires", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("the day it expires (default: for P-IRT from its number, for SLHS 3 years after "
                "--issued)")),
    arg("--scan", type=Path, default=None, help=N_("scanned certificate (PDF or picture)")),
])
def permit_add(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import codes, permits, producers
    from coopdesk.products.records import PermitRecord

    scan = _read_file(args.scan) if args.scan else None

    def add(s: Session) -> PermitRecord:
        owner = producers.find_producer(s, args.producer).id if args.producer else None
        return permits.add_permit(s, kind=args.kind, number=args.number,
                                  product_code=args.product, producer_id=owner,
                                  issued_on=args.issued, expires_on=args.expires, scan=scan)

    record = ctx.book().write(add)
    if record.kind == "pirt":
        p = codes.Pirt(record.number)
        ctx.say(_("{printed}: packaging {packaging}, food type {food}, region {region}, valid "
                  "until the end of {year}.").format(
            printed=p.printed, packaging=p.packaging, food=p.food_type_name or p.food_type,
            region=p.region, year=p.expiry_year))
    else:
        ctx.say(_("Recorded {permit}.").format(permit=record.printed))
    return 0


# --- batches -----------------------------------------------------------------------------------


@command("batch", "add", help=N_("record a production batch"), args=[
    _PRODUCT,
    arg("--produced", type=parse_date, required=True, metavar="YYYY-MM-DD",
        help=N_("production date YYYY-MM-DD")),
    arg("--code", default=None, help=N_("production code (default: YYMMDDNN)")),
    arg("--quantity", type=int, default=None, help=N_("how many were made")),
    arg("--expires", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("expiry date, if earlier than the shelf life gives")),
    arg("--today", type=parse_date, default=None, help=argparse.SUPPRESS),
])
def batch_add(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import batches

    b = ctx.book().write(lambda s: batches.add_batch(
        s, product_code=args.product, produced_on=args.produced, code=args.code,
        quantity=args.quantity, expires_on=args.expires, today=args.today))
    ctx.say(_("Batch {code} of {product}: produced {made}, best before {expires}.").format(
        code=b.code, product=b.product_code, made=format_date(b.produced_on),
        expires=format_date(b.expires_on)))
    return 0


@command("batch", "list", help=N_("list batches"), args=[
    arg("--product", default=None, help=N_("only this product's batches (product code)")),
    arg("--open", action="store_true", help=N_("only batches not closed")),
    *output_args("csv")])
def batch_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import batches

    with ctx.book().read() as s:
        rows = batches.list_batches(s, args.product, include_closed=not args.open)
    ctx.emit(["csv"], csv=lambda: (
        ("product", "code", "produced_on", "expires_on", "quantity", "closed_on"),
        [(b.product_code, b.code, b.produced_on, b.expires_on, b.quantity, b.closed_on)
         for b in rows]))
    return 0


@command("batch", "close", help=N_("mark a batch sold out or withdrawn"), args=[
    _PRODUCT, arg("--code", required=True, help=N_("production code of the batch")),
    arg("--on", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("the day it sold out or was withdrawn (default: today)"))])
def batch_close(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import batches

    b = ctx.book().write(lambda s: batches.close_batch(s, args.product, args.code, args.on))
    ctx.say(_("Batch {code} of {product} is closed.").format(code=b.code,
                                                             product=b.product_code))
    return 0


# --- labels ------------------------------------------------------------------------------------


@command("labels", "templates", help=N_("list the label sheets and rolls"),
         args=output_args("csv"))
def labels_templates(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import templates

    with ctx.book().read() as s:
        rows = templates.list_templates(s)
    ctx.emit(["csv"], csv=lambda: (
        ("id", "name", "page_mm", "label_mm", "per_page", "kind", "check_with_test_print"),
        [(t.id, t.name, f"{t.page_width:g}x{t.page_height:g}",
          f"{t.label_width:g}x{t.label_height:g}", t.per_page,
          "roll" if t.roll else ("own" if not t.builtin else "sheet"), t.verify) for t in rows]))
    return 0


def _pair(text: str) -> tuple[float, float]:
    """`63.5x38.1` → (63.5, 38.1)."""
    try:
        a, b = text.lower().replace("×", "x").split("x")
        return float(a.replace(",", ".")), float(b.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not two sizes; write them as WIDTHxHEIGHT, e.g. 63.5x38.1.").format(
                text=text)) from None


def _grid(text: str) -> tuple[int, int]:
    columns, rows = _pair(text)
    if columns != int(columns) or rows != int(rows):
        raise argparse.ArgumentTypeError(
            _("“{text}” is not COLUMNSxROWS, e.g. 3x7.").format(text=text))
    return int(columns), int(rows)


@command("labels", "add-template", help=N_("add your own label sheet or roll (sizes in mm)"),
         args=[
    arg("id", help=N_("a short name, e.g. stiker-24")),
    arg("--name", required=True, help=N_("the name shown in the list of templates")),
    arg("--page", type=_pair, required=True, metavar="WxH", help=N_("page size, e.g. 210x297")),
    arg("--label", type=_pair, required=True, metavar="WxH", help=N_("label size")),
    arg("--grid", type=_grid, required=True, metavar="COLSxROWS", help=N_("e.g. 3x8")),
    arg("--margins", type=_pair, required=True, metavar="LEFTxTOP",
        help=N_("from the page's left and top edges to the first label")),
    arg("--pitch", type=_pair, default=None, metavar="XxY",
        help=N_("from one label to the next, across and down (default: the label size)")),
    arg("--radius", type=float, default=0.0, help=N_("corner radius")),
    arg("--roll", action="store_true", help=N_("a roll: one label per page")),
])
def labels_add_template(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import templates

    pitch = args.pitch or args.label
    spec = {"name": args.name, "page_width": args.page[0], "page_height": args.page[1],
            "label_width": args.label[0], "label_height": args.label[1],
            "columns": args.grid[0], "rows": args.grid[1], "left": args.margins[0],
            "top": args.margins[1], "column_pitch": pitch[0], "row_pitch": pitch[1],
            "corner_radius": args.radius, "roll": args.roll}
    t = ctx.book().write(lambda s: templates.save_template(s, args.id, spec))
    ctx.say(_("Saved the template {id}: {n} labels per page.").format(id=t.id, n=t.per_page))
    return 0


@command("labels", "delete-template", help=N_("delete one of your own templates"),
         args=[arg("id", help=N_("the id of one of your own templates"))])
def labels_delete_template(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import templates

    ctx.book().write(lambda s: templates.delete_template(s, args.id))
    ctx.say(_("Deleted the template {id}.").format(id=args.id))
    return 0


def _printer_arg() -> Arg:
    return arg("--printer", default=None, metavar="NAME",
               help=N_("the printer as your computer names it (default: the calibration for "
                       "any printer without its own)"))


@command("labels", "calibrate", help=N_("save how a printer is off for a template"), args=[
    _TEMPLATE, _printer_arg(),
    arg("--dx", type=float, default=0.0, help=N_("move right by this many mm (left: negative)")),
    arg("--dy", type=float, default=0.0, help=N_("move down by this many mm (up: negative)")),
    arg("--sx", type=float, default=1.0, help=N_("stretch across (1 = as measured)")),
    arg("--sy", type=float, default=1.0, help=N_("stretch down (1 = as measured)")),
])
def labels_calibrate(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import calibration

    cal = calibration.Calibration(args.dx, args.dy, args.sx, args.sy)
    ctx.book().write(lambda s: calibration.save_calibration(s, args.template, cal,
                                                            args.printer))
    ctx.say(_("Saved the calibration of {template} for the printer “{printer}”.").format(
        template=args.template, printer=calibration.printer_key(args.printer)))
    return 0


@command("labels", "calibrations", help=N_("list the saved printer calibrations"),
         args=[arg("--template", default=None, help=N_("only this template's calibrations")),
               *output_args("csv")])
def labels_calibrations(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import calibration

    with ctx.book().read() as s:
        rows = calibration.list_calibrations(s, args.template)
    ctx.emit(["csv"], csv=lambda: (
        ("template", "printer", "dx_mm", "dy_mm", "sx", "sy"),
        [(r.template_id, r.printer, *(Decimal(str(v)) for v in (
            r.calibration.dx, r.calibration.dy, r.calibration.sx, r.calibration.sy)))
         for r in rows]))
    return 0


@command("labels", "test-print", help=N_("outlines of every label position, for a test print"),
         args=[_TEMPLATE, _printer_arg(), _PDF_OUT])
def labels_test_print(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import printing

    with ctx.book().read() as s:
        data = printing.test_print(s, args.template, args.printer)
    ctx.emit_bytes(data)
    ctx.note(_("Print it at 100% (actual size) on plain paper and hold it against a label "
               "sheet."))
    return 0


@command("labels", "halal-logo", help=N_("keep the official halal logo file in the book"),
         args=[arg("file", type=Path, metavar="FILE",
                   help=N_("the official halal logo image (PNG or JPEG)"))])
def labels_halal_logo(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import printing

    name, data = _read_file(args.file)
    ctx.book().write(lambda s: printing.set_halal_logo(s, name, data))
    ctx.say(_("The halal logo is kept in the book; certified products' labels print it."))
    return 0


@command("print", "labels", help=N_("print a product's labels to a PDF"), args=[
    _PRODUCT,
    arg("--batch", default=None,
        help=N_("production code of the batch whose dates go on the labels (default: left "
                "blank to stamp by hand)")),
    arg("--template", required=True, help=N_("see “coopdesk labels templates”")),
    arg("--count", type=int, default=None, help=N_("number of labels (default: one sheet)")),
    arg("--skip", type=int, default=0, help=N_("used positions to skip on the first sheet")),
    arg("--outline", action="store_true", help=N_("draw the outline of every label")),
    arg("--no-price", action="store_true", help=N_("leave the price off")),
    arg("--english", action="store_true", help=N_("add English after the Indonesian words")),
    _printer_arg(),
    _PDF_OUT,
    arg("--today", type=parse_date, default=None, help=argparse.SUPPRESS),
])
def print_labels(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.products import printing

    job = printing.LabelJob(args.product, args.template, args.batch, args.count, args.skip,
                            args.outline, not args.no_price, args.english, args.printer)
    with ctx.book().read() as s:
        result = printing.print_labels(s, job, today=args.today or date.today())
    ctx.emit_bytes(result.pdf)
    for line in result.notes():
        ctx.note(line)
    ctx.say(ngettext("{labels} label on {pages} page(s).", "{labels} labels on {pages} page(s).",
                     result.labels).format(labels=result.labels, pages=result.pages))
    return 0
