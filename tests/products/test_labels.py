"""Label sheets: page size, labels per page, skipped positions, barcodes that scan, drafts."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pypdfium2 as pdfium
import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import mm

from coopdesk.book import Book
from coopdesk.errors import NotFound, UserError, ValidationError
from coopdesk.products import batches, calibration, catalog, label_content, printing, templates
from coopdesk.products.records import ProductData
from coopdesk.products.sheets import LabelRun, SheetOptions, render
from tests.products.conftest import TODAY, counts, placements

SHIPPED = {"avery-l7160": (210, 297, 21), "avery-l7163": (210, 297, 14),
           "avery-5160": (215.9, 279.4, 30), "tj-103": (210, 164, 12),
           "thermal-40x30": (40, 30, 1), "thermal-50x30": (50, 30, 1),
           "thermal-60x40": (60, 40, 1), "thermal-100x50": (100, 50, 1)}


def _print(book: Book, **job: object) -> printing.LabelPrint:
    values = {"product_code": "KS-250", "template_id": "avery-l7160", **job}
    with book.read() as s:
        return printing.print_labels(s, printing.LabelJob(**values), today=TODAY)  # type: ignore[arg-type]


def _decode(pdf: bytes, page: int = 0) -> list[tuple[str, str]]:
    image = pdfium.PdfDocument(pdf)[page].render(scale=300 / 72).to_pil()
    return sorted((r.format.name, r.text) for r in zxingcpp.read_barcodes(image))


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)


def test_every_shipped_template_is_listed(book: Book) -> None:
    with book.read() as s:
        found = {t.id: t for t in templates.list_templates(s)}
    for tid, (w, h, n) in SHIPPED.items():
        t = found[tid]
        assert (t.page_width, t.page_height, t.per_page) == (w, h, n)
        assert templates.check_spec(t.spec()) == []
    assert found["tj-103"].verify and not found["avery-l7160"].verify
    assert all(found[t].roll for t in SHIPPED if t.startswith("thermal"))


@pytest.mark.parametrize("template_id", sorted(SHIPPED))
def test_a_full_sheet_has_the_page_size_and_labels_per_page(book: Book, product: str,
                                                            template_id: str) -> None:
    width, height, per_page = SHIPPED[template_id]
    result = _print(book, template_id=template_id, count=per_page * 2 + 1)
    reader = PdfReader(BytesIO(result.pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / mm, 1), round(float(box.height) / mm, 1)) == (
        round(width, 1), round(height, 1))
    assert [len(p) for p in placements(result.pdf)] == [per_page, per_page, 1]
    assert result.pages == 3 and result.labels == per_page * 2 + 1


def test_the_first_labels_sit_where_the_template_says(book: Book, product: str) -> None:
    result = _print(book, count=4)
    first = placements(result.pdf)[0]
    # L7160: 7.21 mm from the left, 15.15 mm from the top, 66.04 mm column pitch.
    assert first[0] == (round(7.21 * mm, 2), round((297 - 15.15 - 38.1) * mm, 2))
    assert first[1][0] == pytest.approx((7.21 + 66.04) * mm, abs=0.01)
    assert first[3] == (first[0][0], pytest.approx(first[0][1] - 38.1 * mm, abs=0.01))


@given(st.integers(0, 20), st.integers(1, 50))
@settings(max_examples=15, deadline=None)
def test_skipped_positions_are_left_empty(skip: int, count: int) -> None:
    template = templates.builtin_templates()[1]
    assert template.id == "avery-l7160"
    content = label_content.LabelContent(title="Uji", ean="8991234567891")
    sheets = render(template, [LabelRun(content, count)], SheetOptions(skip=skip))
    pages = placements(sheets.pdf)
    assert sum(len(p) for p in pages) == count
    slots = [(round(x * mm, 2), round((template.page_height - y - template.label_height) * mm, 2))
             for x, y in template.slots()]
    assert pages[0] == slots[skip:skip + count]
    assert len(pages) == 1 + max(0, (skip + count - 1) // 21)


def test_the_barcode_and_qr_code_scan_as_the_products(book: Book, product: str) -> None:
    for template_id in ("avery-l7160", "thermal-40x30", "thermal-100x50", "avery-l7163"):
        result = _print(book, template_id=template_id, count=1)
        found = set(_decode(result.pdf))
        assert ("EAN13", "8991234567891") in found, template_id
        assert result.fit.barcode_ok
        if template_id != "thermal-40x30":
            assert ("QRCode", "https://sarirasa.example/ks250") in found, template_id


def test_the_barcode_keeps_its_quiet_zones(book: Book, product: str) -> None:
    result = _print(book, template_id="thermal-100x50", count=1)
    image = pdfium.PdfDocument(result.pdf)[0].render(scale=600 / 72).to_pil().convert("L")
    hit = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.EAN13)[0]
    left, right = hit.position.top_left.x, hit.position.top_right.x
    row = hit.position.top_left.y + 5
    module = (right - left) / 95
    pixels = [image.getpixel((x, row)) for x in range(image.width)]
    assert all(p > 128 for p in pixels[int(left - 11 * module) + 1:int(left) - 1])
    assert all(p > 128 for p in pixels[int(right) + 2:int(right + 7 * module)])
    assert module / (600 / 72) == pytest.approx(0.33 * mm, rel=0.05)


def test_label_text_is_indonesian_with_the_batch_dates(book: Book, product: str) -> None:
    with book.transaction() as s:
        b = batches.add_batch(s, product_code=product, produced_on=date(2026, 11, 14),
                              today=TODAY)
    text = _text(_print(book, template_id="thermal-100x50", batch_code=b.code).pdf)
    for words in ("Keripik Singkong Balado", "Berat bersih 250 g", "Komposisi", "Tepung terigu",
                  "Diproduksi oleh", "53195, Indonesia", "P-IRT No. 2063302010123-29",
                  "ID33110018517710724", "Tgl. Produksi: 14 11 2026", "Kode Produksi: 26111401",
                  "Baik digunakan sebelum: 04 2027", "Rp15.000", "HALAL"):
        assert words in " ".join(text.split()), words
    assert "DRAF" not in text


def test_an_incomplete_product_prints_only_as_a_draft(book: Book, group_id: int) -> None:
    with book.transaction() as s:
        catalog.save_product(s, ProductData(code="PY-1", name="Peyek Kacang",
                                            producer_id=group_id))
    result = _print(book, product_code="PY-1", template_id="thermal-60x40")
    assert result.draft and not result.readiness.ready
    assert "DRAF – BELUM LENGKAP" in _text(result.pdf)
    assert any("DRAFT" in n for n in result.notes())


def test_bad_requests_are_refused_and_change_nothing(book: Book, product: str) -> None:
    before = counts(book)
    with pytest.raises(NotFound, match="no label template “nope”"):
        _print(book, template_id="nope")
    with pytest.raises(UserError, match="skip 0 to 20"):
        _print(book, skip=21)
    with pytest.raises(UserError, match="skip 0 to 0"):
        _print(book, template_id="thermal-40x30", skip=1)
    with pytest.raises(UserError, match="from 1 to"):
        _print(book, count=0)
    with pytest.raises(NotFound):
        _print(book, product_code="TIDAK-ADA")
    assert counts(book) == before


def test_calibration_moves_every_label(book: Book, product: str) -> None:
    plain = placements(_print(book, count=2).pdf)[0]
    with book.transaction() as s:
        calibration.save_calibration(s, "avery-l7160", calibration.Calibration(dx=1.5, dy=-2.0))
    moved = placements(_print(book, count=2).pdf)[0]
    for (x0, y0), (x1, y1) in zip(plain, moved, strict=True):
        assert x1 - x0 == pytest.approx(1.5 * mm, abs=0.02)
        assert y1 - y0 == pytest.approx(2.0 * mm, abs=0.02)  # up on paper: dy was negative
    with pytest.raises(UserError, match="20 mm"), book.transaction() as s:
        calibration.save_calibration(s, "avery-l7160", calibration.Calibration(dx=25))
    with pytest.raises(UserError, match=r"0\.9 and 1\.1"), book.transaction() as s:
        calibration.save_calibration(s, "avery-l7160", calibration.Calibration(sx=1.5))


def test_the_pdf_asks_to_print_at_actual_size(book: Book, product: str) -> None:
    reader = PdfReader(BytesIO(_print(book, count=1).pdf))
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"


def test_a_test_print_has_outlines_and_no_labels(book: Book) -> None:
    with book.read() as s:
        pdf = printing.test_print(s, "avery-l7163")
    assert placements(pdf) == [[]]
    reader = PdfReader(BytesIO(pdf))
    ops = [op for _args, op in ContentStream(reader.pages[0].get_contents(), reader).operations]
    assert ops.count(b"S") == 14  # one stroked outline per label position


def test_own_templates_are_checked_saved_and_used(book: Book, product: str) -> None:
    spec = {"name": "Stiker 2 x 5", "page_width": 210, "page_height": 297, "label_width": 90,
            "label_height": 50, "columns": 2, "rows": 5, "left": 10, "top": 10,
            "column_pitch": 100, "row_pitch": 55}
    before = counts(book)
    with pytest.raises(ValidationError) as refused, book.transaction() as s:
        templates.save_template(s, "stiker-besar", {**spec, "column_pitch": 80})
    assert any(p.column == "column_pitch" for p in refused.value.problems)
    with pytest.raises(ValidationError, match="not saved"), book.transaction() as s:
        templates.save_template(s, "stiker-besar", {**spec, "rows": 6})
    with pytest.raises(UserError, match="shipped template"), book.transaction() as s:
        templates.save_template(s, "avery-l7160", spec)
    assert counts(book) == before
    with book.transaction() as s:
        templates.save_template(s, "stiker-besar", spec)
    result = _print(book, template_id="stiker-besar")
    assert [len(p) for p in placements(result.pdf)] == [10]


@given(st.floats(10, 80), st.floats(10, 60), st.tuples(st.integers(1, 4), st.integers(1, 6)),
       st.floats(0, 5), st.floats(0, 5))
@settings(max_examples=60)
def test_a_template_passes_its_check_exactly_when_labels_fit(
    w: float, h: float, grid: tuple[int, int], gap: float, left: float
) -> None:
    cols, rows = grid
    spec = {"name": "t", "page_width": 210.0, "page_height": 297.0, "label_width": w,
            "label_height": h, "columns": cols, "rows": rows, "left": left, "top": left,
            "column_pitch": w + gap, "row_pitch": h + gap}
    fits = (left + (cols - 1) * (w + gap) + w <= 210.01 and left + (rows - 1) * (h + gap) + h
            <= 297.01)
    assert (templates.check_spec(spec) == []) == fits


def test_an_attached_halal_logo_replaces_the_plain_box(book: Book, product: str) -> None:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (120, 140), (30, 120, 60)).save(buffer, "PNG")
    plain = _print(book, template_id="thermal-100x50", count=1)
    assert "HALAL" in _text(plain.pdf) and plain.halal_placeholder
    assert any("plain HALAL box" in n for n in plain.notes())
    with book.transaction() as s:
        printing.set_halal_logo(s, "label-halal.png", buffer.getvalue())
    result = _print(book, template_id="thermal-100x50", count=1)
    reader = PdfReader(BytesIO(result.pdf))
    forms = reader.pages[0]["/Resources"]["/XObject"]
    images = [name for form in forms.values()
              for name, x in form.get_object().get("/Resources", {}).get("/XObject", {}).items()
              if x.get_object()["/Subtype"] == "/Image"]
    assert images, "the logo is drawn inside the label"
    assert not result.halal_placeholder
    assert "HALAL" not in _text(result.pdf).replace("ID3311", "")
    assert "ID33110018517710724" in " ".join(_text(result.pdf).split())
