"""Label figures (issue 5): 10,000 labels on A4 sheets, and the preview of one sheet.

The reference is plain ReportLab drawing every label afresh (five lines of text, an EAN-13 and a
QR code drawn by segno), as PERFORMANCE.md measured it, in the same run; coopdesk draws each
design once as a form XObject and places it, so its cost is mostly the pages. The products carry
a nutrition table and their group a logo, so each design's layout tries the richer forms too.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from benchmarks.harness import Bench
from coopdesk.book import Book
from coopdesk.ledger.setup import Cooperative, create_cooperative
from coopdesk.products import batches, catalog, permits, printing, producers
from coopdesk.products.label_marks import draw_ean13, draw_qr
from coopdesk.products.records import Ingredient, Nutrition, ProducerData, ProductData
from coopdesk.products.sheets import LabelRun, render
from coopdesk.products.templates import builtin_templates

TODAY = date(2026, 11, 28)
LABELS = 10_000
DESIGNS = 10  # ten products (or batches) in one run


def run(bench: Bench) -> None:
    path = _book(bench)
    with Book.open(path) as book:
        _many_labels(bench, book)
        _preview(bench, book)


def _book(bench: Bench) -> Path:
    path = bench.workdir / "products.coopdesk"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with Book.open(path, create=True) as book, book.transaction() as s:
        create_cooperative(s, Cooperative("Koperasi Benchmark"), first_year=2026)
        group = producers.add_producer(s, ProducerData(
            name="KUB Sari Rasa", address="Jl. Raya Kuntili No. 5", city="Sumpiuh",
            postal_code="53195", regency="Banyumas", regency_code="3302"))
        producers.set_producer_logo(s, group.id, "logo.png", _logo())
        for n in range(DESIGNS):
            code = f"KS-{n:02d}"
            catalog.save_product(s, ProductData(
                code=code, name=f"Keripik Singkong Rasa {n}", brand="Sari Rasa", packaging=2,
                net_amount=Decimal(250), net_unit="g",
                ingredients=(Ingredient("Singkong"), Ingredient("Minyak sawit"),
                             Ingredient("Tepung terigu", allergen="gluten"), Ingredient("Garam")),
                storage="Simpan di tempat kering.", shelf_life_days=180, price=15_000,
                nutrition=Nutrition("25 g", tuple((k, Decimal(v)) for k, v in (
                    ("energy", 120 + n), ("fat", 6), ("protein", 1), ("carbohydrate", 16),
                    ("sugar", 2), ("sodium", 95))), Decimal(10)),
                barcode=catalog.suggest_in_store_barcode(s),
                qr_content=f"https://sarirasa.example/{code}", producer_id=group.id))
            permits.add_permit(s, kind="pirt", number="2063302010123-29", product_code=code)
            batches.add_batch(s, product_code=code, produced_on=TODAY, code="26112801",
                              today=TODAY)
    return path


def _logo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (240, 240), (27, 94, 32)).save(buffer, "PNG")
    return buffer.getvalue()


def _many_labels(bench: Bench, book: Book) -> None:
    template = next(t for t in builtin_templates() if t.id == "avery-l7160")
    total = 2_000 if bench.quick else LABELS
    with book.read() as s:
        contents = [printing.content_for(s, f"KS-{n:02d}", "26112801", today=TODAY)[0]
                    for n in range(DESIGNS)]
    runs = [LabelRun(c, total // DESIGNS) for c in contents]
    seconds = bench.time(lambda: render(template, runs), repeat=3)
    n_ref = 200 if bench.quick else 600
    per_ref = bench.time(lambda: _reference(n_ref), repeat=3, warmup=1) / n_ref
    bench.record(f"{total:,} labels (EAN-13 + QR, {DESIGNS} designs) on A4 L7160 sheets",
                 seconds, at_least_per_s=(500, total),
                 reference=("raw ReportLab, each label drawn afresh", per_ref * total),
                 extra=f"reference {1 / per_ref:,.0f} labels/s on {n_ref} labels")


def _reference(count: int) -> bytes:
    """Every label drawn from scratch: 5 lines of text, EAN-13 and a segno QR (3 × 8 on A4)."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4)
    w, h = 70 * mm, 37 * mm
    for i in range(count):
        slot = i % 24
        if i and slot == 0:
            c.showPage()
        x, y = (slot % 3) * w, A4[1] - (slot // 3 + 1) * h
        c.setFont("Helvetica-Bold", 8)
        c.drawString(x + 3 * mm, y + h - 5 * mm, "Keripik Singkong Balado")
        c.setFont("Helvetica", 6)
        for line in range(4):
            c.drawString(x + 3 * mm, y + h - (9 + 3 * line) * mm, f"Baris keterangan {line}")
        draw_ean13(c, "2000000000015", x + 3 * mm, y + 2 * mm, module=0.3 * mm, height=9 * mm)
        draw_qr(c, f"https://sarirasa.example/{i}", x + w - 17 * mm, y + h - 17 * mm, 15 * mm)
    c.save()
    return buffer.getvalue()


def _preview(bench: Bench, book: Book) -> None:
    import pypdfium2 as pdfium

    job = printing.LabelJob("KS-00", "avery-l7160", batch_code="26112801")

    def pdf_only() -> bytes:
        with book.read() as s:
            return printing.print_labels(s, job, today=TODAY).pdf

    def preview() -> None:
        page = pdfium.PdfDocument(pdf_only())[0]
        page.render(scale=1.5).to_pil()

    bench.record("one L7160 sheet (21 labels) as PDF, from the book", bench.time(pdf_only),
                 target_s=0.2)
    bench.record("one sheet preview: PDF + picture at 108 dpi", bench.time(preview),
                 target_s=0.2)
