"""The business group's logo on labels: printed where there is room, the first thing given up,
never at the cost of a mandatory item."""

from __future__ import annotations

import dataclasses
import io
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from coopdesk.book import Book
from coopdesk.cli import main
from coopdesk.errors import UserError
from coopdesk.products import label_content, printing, producers
from coopdesk.products.label_blocks import Block
from coopdesk.products.label_draw import _measure, draw_label
from coopdesk.products.records import Ingredient, ProducerRecord
from tests.products.conftest import TODAY, counts, png


def _images(pdf: bytes) -> list[tuple[int, int]]:
    """(width, height) in pixels of every picture drawn inside the labels."""
    reader = PdfReader(BytesIO(pdf))
    found = []
    for form in reader.pages[0]["/Resources"]["/XObject"].values():
        for ref in form.get_object().get("/Resources", {}).get("/XObject", {}).values():
            x = ref.get_object()
            if x["/Subtype"] == "/Image":
                found.append((int(x["/Width"]), int(x["/Height"])))
    return found


def _print(book: Book, template_id: str) -> printing.LabelPrint:
    with book.read() as s:
        return printing.print_labels(s, printing.LabelJob("KS-250", template_id, count=1),
                                     today=TODAY)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())


def _set_logo(book: Book, group_id: int) -> None:
    with book.transaction() as s:
        producers.set_producer_logo(s, group_id, "logo.png", png(300, 150, (200, 40, 40)))


def test_a_roomy_label_prints_the_groups_logo(book: Book, product: str, group_id: int) -> None:
    plain = _print(book, "thermal-100x50")
    assert _images(plain.pdf) == []
    _set_logo(book, group_id)
    result = _print(book, "thermal-100x50")
    assert (300, 150) in _images(result.pdf)
    assert "logo" not in result.fit.dropped
    assert not any("group's logo" in n for n in result.notes())
    assert _text(result.pdf) == _text(plain.pdf)  # the same words, none pushed out
    assert result.fit.dropped == plain.fit.dropped


def test_a_small_label_leaves_the_logo_out_first_and_says_so(book: Book, product: str,
                                                              group_id: int) -> None:
    before = _print(book, "thermal-40x30")
    _set_logo(book, group_id)
    small = _print(book, "thermal-40x30")
    assert _images(small.pdf) == []
    assert small.fit.dropped[0] == "logo"
    assert small.fit.dropped[1:] == before.fit.dropped
    assert small.fit.font_size == before.fit.font_size
    assert any("The group's logo was left out" in n for n in small.notes())


def _content(**changes: object) -> label_content.LabelContent:
    group = ProducerRecord(name="KUB Sari Rasa", address="Jl. Raya Kuntili No. 5",
                           city="Sumpiuh", postal_code="53195", regency="Banyumas")
    base = label_content.LabelContent(
        title="Keripik Singkong Balado", brand="Sari Rasa", net="Berat bersih 250 g",
        ingredients=tuple((i.name, bool(i.allergen)) for i in (
            Ingredient("Singkong"), Ingredient("Minyak sawit"),
            Ingredient("Tepung terigu", allergen="gluten"), Ingredient("Garam"))),
        notes=("Simpan di tempat kering dan sejuk.",), producer="Diproduksi oleh: KUB Sari Rasa",
        address=group.address_line, address_short=group.short_address,
        permits=("P-IRT No. 2063302010123-29",), halal_number="ID33110018517710724",
        production="Tgl. Produksi: 14 11 2026", batch_code="Kode Produksi: 26111401",
        expiry="Baik digunakan sebelum: 04 2027", price="Rp15.000", ean="8991234567891",
        qr="https://sarirasa.example/ks250")
    return dataclasses.replace(base, **changes)


@given(st.floats(30, 110), st.floats(25, 80), st.integers(40, 400), st.integers(40, 400),
       st.booleans())
@settings(max_examples=60, deadline=None)
def test_the_logo_never_pushes_anything_out(width: float, height: float, logo_w: int,
                                            logo_h: int, long_text: bool) -> None:
    content = _content()
    if long_text:
        content = dataclasses.replace(content, notes=content.notes * 4)
    canvas = Canvas(io.BytesIO(), pagesize=(width * mm, height * mm))
    without = draw_label(canvas, content, width * mm, height * mm)
    with_logo = draw_label(canvas, dataclasses.replace(content, logo=png(logo_w, logo_h)),
                           width * mm, height * mm)
    assert tuple(d for d in with_logo.dropped if d != "logo") == without.dropped
    assert with_logo.fits == without.fits
    assert with_logo.font_size >= without.font_size * 0.97 - 0.01
    if without.dropped:
        assert "logo" in with_logo.dropped  # it goes first, before anything else gives way


def test_a_file_that_is_not_a_picture_is_refused(book: Book, group_id: int) -> None:
    before = counts(book)
    with pytest.raises(UserError, match="not a PNG or JPEG"), book.transaction() as s:
        producers.set_producer_logo(s, group_id, "logo.pdf", b"%PDF-1.4 not a picture")
    with pytest.raises(UserError, match="not a PNG or JPEG"), book.transaction() as s:
        producers.set_producer_logo(s, group_id, "logo.png", png()[:40])  # cut short
    assert counts(book) == before


def test_the_logo_from_the_command_line(book_url: str, product: str, tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(png(200, 200))
    out, err = io.StringIO(), io.StringIO()
    code = main(["--lang", "en", "producers", "logo", "--name", "kub sari rasa", str(path),
                 "--db", book_url], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert "The logo of KUB Sari Rasa is kept" in out.getvalue()
    pdf = tmp_path / "label.pdf"
    code = main(["--lang", "en", "print", "labels", "--product", product, "--template",
                 "thermal-100x50", "--out", str(pdf), "--db", book_url],
                stdout=io.StringIO(), stderr=err)
    assert code == 0, err.getvalue()
    assert (200, 200) in _images(pdf.read_bytes())


def test_the_measured_height_covers_the_last_lines_descenders() -> None:
    """What the layout measures is what the clip lets through: the g, j, p and y of the bottom
    line are drawn inside the measured height (they were cut off on full labels)."""
    import pypdfium2 as pdfium

    from coopdesk.pdf import register_fonts

    register_fonts()
    blocks = [Block("<b>Baik digunakan sebelum: gjpqy</b>")]
    size, margin = 8.0, 20.0
    total, laid = _measure(blocks, size, 200)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(220, total + 2 * margin))
    laid[0][0].drawOn(canvas, 10, margin + total - laid[0][1])
    canvas.save()
    scale = 4
    image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=scale).to_pil().convert("L")
    inked = [y for y in range(image.height)
             if any(image.getpixel((x, y)) < 128 for x in range(0, image.width, 2))]
    lowest = (image.height - 1 - max(inked)) / scale  # points above the page's foot
    assert lowest >= margin - 0.1  # a quarter-point pixel; uncorrected they reach 0.5 pt below
