"""Informasi Nilai Gizi: %AKG, checks, the spreadsheet columns, and the table on the label."""

from __future__ import annotations

import csv
import dataclasses
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from coopdesk.book import Book
from coopdesk.errors import ValidationError
from coopdesk.pdf import register_fonts
from coopdesk.products import catalog, importer, nutrition, printing, templates
from coopdesk.products.label_nutrition import (
    TABULAR,
    VERTICAL,
    NutritionTable,
    _Rule,
    _Text,
    preferred_form,
)
from coopdesk.products.nutrition import (
    ROUNDING,
    FactRow,
    NutritionFacts,
    facts,
    percent_akg,
    rounded,
)
from coopdesk.products.records import Nutrition
from tests.products.conftest import TODAY, counts

FULL = Nutrition("25 g", (("energy", Decimal(120)), ("fat", Decimal(6)),
                          ("protein", Decimal(1)), ("carbohydrate", Decimal(16)),
                          ("sugar", Decimal("2.5")), ("sodium", Decimal(95))), Decimal(10))


@pytest.mark.parametrize(("amount", "reference", "percent"), [
    ("6", 67, 9), ("1", 60, 2), ("16", 325, 5), ("95", 1500, 6), ("0.3", 67, 0),
    ("33.5", 67, 50), ("0.335", 67, 1), ("67", 67, 100), ("0", 60, 0)])
def test_percent_akg_is_rounded_half_up(amount: str, reference: int, percent: int) -> None:
    assert percent_akg(Decimal(amount), reference) == percent


@pytest.mark.parametrize(("key", "amount", "printed"), [
    # energy: 0 below 5 kkal, to 5 up to 50, to 10 above
    ("energy", "4.9", "0"), ("energy", "5", "5"), ("energy", "42", "40"), ("energy", "50", "50"),
    ("energy", "52", "50"), ("energy", "123.6", "120"), ("energy", "125", "130"),
    # fat: 0 below 0.5 g, to 0.5 g below 5 g, to the gram from 5 g
    ("fat", "0.49", "0"), ("fat", "0.5", "0,5"), ("fat", "4.38", "4,5"), ("fat", "4.74", "4,5"),
    ("fat", "4.99", "5"), ("fat", "5", "5"), ("fat", "5.4", "5"), ("fat", "78.73", "79"),
    # protein, carbohydrate, sugar: 0 below 0.5 g, "< 1" below 1 g, then to the gram
    ("protein", "0.4", "0"), ("protein", "0.5", "< 1"), ("carbohydrate", "0.99", "< 1"),
    ("sugar", "1", "1"), ("sugar", "2.5", "3"), ("carbohydrate", "21.25", "21"),
    # sodium: 0 below 5 mg, to 5 up to 140, to 10 above
    ("sodium", "4", "0"), ("sodium", "66", "65"), ("sodium", "140", "140"),
    ("sodium", "142", "140"), ("sodium", "154", "150"), ("sodium", "1234", "1230"),
])
def test_amounts_are_printed_rounded_as_bpom_rounds_them(key: str, amount: str,
                                                          printed: str) -> None:
    assert rounded(key, Decimal(amount)) == printed


@given(key=st.sampled_from(sorted(ROUNDING)),
       amount=st.decimals(min_value=5, max_value=5000, places=3))
def test_a_rounded_amount_is_within_half_a_step(key: str, amount: Decimal) -> None:
    """Past the amounts printed as 0 (or "< 1"), every nutrient prints a multiple of its step,
    never more than half a step away from the amount given."""
    printed = Decimal(rounded(key, amount).replace(",", "."))
    step = ROUNDING[key].step(amount)
    assert abs(printed - amount) <= step / 2 and printed % step == 0


def test_a_laboratorys_decimals_do_not_reach_the_label() -> None:
    lab = Nutrition("30 g", (("energy", Decimal("123.6")), ("fat", Decimal("6.27")),
                             ("protein", Decimal("0.7")), ("sodium", Decimal("93.4"))))
    f = facts(lab)
    assert f.energy is not None and f.energy.amount == "120 kkal"
    assert [(r.amount, r.akg) for r in f.rows] == [
        ("6 g", "9%"), ("< 1 g", "1%"), ("95 mg", "6%")]  # %AKG from the amount given


def test_the_printed_facts_follow_bpoms_order_and_words() -> None:
    f = facts(FULL)
    assert f.energy == FactRow("energy", "Energi total", "120 kkal", "")
    assert [(r.words, r.amount, r.akg) for r in f.rows] == [
        ("Lemak total", "6 g", "9%"), ("Protein", "1 g", "2%"),
        ("Karbohidrat total", "16 g", "5%"), ("Gula", "3 g", ""),  # 2.5 g, to the gram
        ("Garam (Natrium)", "95 mg", "6%")]
    assert (f.serving, f.servings) == ("25 g", "10")
    assert f.footnote.startswith("*Persen AKG berdasarkan kebutuhan energi 2150 kkal.")
    # The book's reference amounts (a setting) change the percentages and the footnote.
    other = facts(FULL, {"energy": 2000, "fat": 60})
    assert other.rows[0].akg == "10%" and "2000 kkal" in other.footnote


@pytest.mark.parametrize(("table", "column", "words"), [
    (Nutrition("", (("fat", Decimal(6)),)), "nutrition_serving", "serving size"),
    (Nutrition("25 g", (("fat", Decimal(-1)),)), "nutrition_fat_g", "below zero"),
    (Nutrition("25 g", (("carbohydrate", Decimal(5)), ("sugar", Decimal(6)))),
     "nutrition_sugar_g", "part of the carbohydrate"),
    (Nutrition("25 g", (), Decimal(0)), "nutrition_servings_per_pack", "more than zero"),
    (Nutrition("x" * 41, ()), "nutrition_serving", "longer than 40"),
])
def test_a_wrong_table_is_refused_with_its_column(table: Nutrition, column: str,
                                                  words: str) -> None:
    found = nutrition.check_nutrition(table)
    assert any(p.column == column and words in p.reason for p in found), found


@given(st.decimals(0, 10_000, places=2), st.decimals(0, 10_000, places=2))
def test_sugar_is_refused_exactly_when_above_the_carbohydrate(sugar: Decimal,
                                                              carbohydrate: Decimal) -> None:
    table = Nutrition("25 g", (("carbohydrate", carbohydrate), ("sugar", sugar)))
    refused = any(p.column == "nutrition_sugar_g" for p in nutrition.check_nutrition(table))
    assert refused == (sugar > carbohydrate)


# --- the spreadsheet ----------------------------------------------------------------------------

HEADER = ["code", "name", "nutrition_serving", "nutrition_servings_per_pack",
          "nutrition_energy_kcal", "nutrition_fat_g", "nutrition_protein_g",
          "nutrition_carbohydrate_g", "nutrition_sugar_g", "nutrition_sodium_mg"]


def _file(path: Path, header: list[str], *rows: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _import(book: Book, path: Path) -> importer.ImportResult:
    with book.transaction() as s:
        return importer.import_products(s, path)


def _nutrition_of(book: Book, code: str) -> Nutrition | None:
    with book.read() as s:
        return catalog.get_product(s, code).nutrition


def test_the_nutrition_columns_are_imported(book: Book, tmp_path: Path) -> None:
    _import(book, _file(tmp_path / "a.csv", HEADER,
                        ["KS-1", "Keripik", "25 g", "10", "120", "6", "1", "16", "2,5", "95"],
                        ["GK-1", "Gula Kelapa", "", "", "", "", "", "", "", ""]))
    assert _nutrition_of(book, "KS-1") == FULL
    assert _nutrition_of(book, "GK-1") is None


def test_indonesian_nutrition_headers(book: Book, tmp_path: Path) -> None:
    header = ["Kode", "Nama", "Takaran saji", "Jumlah sajian per kemasan", "Energi total (kkal)",
              "Lemak total (g)", "Protein (g)", "Karbohidrat total (g)", "Gula (g)",
              "Garam (Natrium) (mg)"]
    _import(book, _file(tmp_path / "id.csv", header,
                        ["KS-1", "Keripik", "25 g", "10", "120", "6", "1", "16", "2.5", "95"]))
    assert _nutrition_of(book, "KS-1") == FULL


def test_a_bad_nutrition_cell_stops_the_whole_file(book: Book, tmp_path: Path) -> None:
    before = counts(book)
    path = _file(tmp_path / "bad.csv", HEADER,
                 ["KS-1", "Keripik", "25 g", "10", "120", "6", "1", "16", "2", "95"],
                 ["KS-2", "Keripik", "25 g", "", "120", "enam", "1", "16", "2", "95"],
                 ["KS-3", "Keripik", "25 g", "", "", "", "", "5", "7", ""],
                 ["KS-4", "Keripik", "", "", "120", "", "", "", "", ""])
    with pytest.raises(ValidationError) as refused:
        _import(book, path)
    found = {(p.row, p.column) for p in refused.value.problems}
    assert found == {(3, "nutrition_fat_g"), (4, "nutrition_sugar_g"),
                     (5, "nutrition_serving")}, refused.value.problems
    assert counts(book) == before


def test_a_file_without_nutrition_columns_keeps_the_table(book: Book, product: str,
                                                         tmp_path: Path) -> None:
    kept = _nutrition_of(book, product)
    assert kept is not None
    _import(book, _file(tmp_path / "price.csv", ["code", "name", "price"],
                        [product, "Keripik Singkong Balado", "17500"]))
    assert _nutrition_of(book, product) == kept
    # A file that has the columns but leaves them empty says: no table.
    _import(book, _file(tmp_path / "none.csv", HEADER,
                        [product, "Keripik Singkong Balado", *[""] * 8]))
    assert _nutrition_of(book, product) is None


# --- on the label -------------------------------------------------------------------------------


def _print(book: Book, template_id: str) -> printing.LabelPrint:
    job = printing.LabelJob("KS-250", template_id, count=1)
    with book.read() as s:
        return printing.print_labels(s, job, today=TODAY)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())


@pytest.fixture
def full_table(book: Book, product: str) -> str:
    with book.transaction() as s:
        record = catalog.get_product(s, product)
        catalog.save_product(s, dataclasses.replace(record, nutrition=FULL),
                             product_id=record.id)
    return product


@pytest.mark.parametrize(("width", "height", "form"), [
    (40, 30, "linear"), (63.5, 38.1, "linear"), (99.1, 38.1, "tabular"), (100, 50, "tabular"),
    (105, 148, "vertical")])
def test_the_format_follows_the_labels_area(width: float, height: float, form: str) -> None:
    assert preferred_form(width, height) == form


def test_a_roomy_label_prints_bpoms_vertical_table(book: Book, full_table: str) -> None:
    spec = {"name": "A6", "page_width": 105, "page_height": 148, "label_width": 105,
            "label_height": 148, "columns": 1, "rows": 1, "left": 0, "top": 0,
            "column_pitch": 105, "row_pitch": 148, "roll": True}
    with book.transaction() as s:
        templates.save_template(s, "a6", spec)
    result = _print(book, "a6")
    assert result.fit.nutrition_form == VERTICAL and not result.fit.dropped
    text = _text(result.pdf)
    order = ["INFORMASI NILAI GIZI", "Takaran saji", "25 g", "Jumlah sajian per kemasan", "10",
             "JUMLAH PER SAJIAN", "Energi total", "120 kkal", "%AKG*", "Lemak total", "6 g",
             "9%", "Protein", "1 g", "2%", "Karbohidrat total", "16 g", "5%", "Gula", "3 g",
             "Garam (Natrium)", "95 mg", "6%", "*Persen AKG berdasarkan kebutuhan energi 2150"]
    at = 0
    for words in order:
        found = text.find(words, at)
        assert found >= 0, (words, text[at:at + 200])
        at = found + len(words)


def test_a_wide_roll_label_prints_the_tabular_table(book: Book, full_table: str) -> None:
    result = _print(book, "thermal-100x50")
    assert result.fit.nutrition_form == TABULAR
    text = _text(result.pdf)
    for words in ("INFORMASI NILAI GIZI", "JUMLAH PER SAJIAN", "%AKG*", "Karbohidrat total",
                  "3 g", "95 mg", "Kebutuhan energi Anda mungkin lebih tinggi"):
        assert words in text, words
    # Everything mandatory is still there beside the table.
    for words in ("Keripik Singkong Balado", "Berat bersih 250 g", "Komposisi",
                  "Diproduksi oleh", "P-IRT No.", "Baik digunakan sebelum"):
        assert words in text, words


def test_a_small_label_gives_the_linear_format_or_leaves_it_out(book: Book,
                                                               full_table: str) -> None:
    small = _print(book, "avery-l7160")
    if "nutrition" in small.fit.dropped:
        assert any("nutrition box was left out" in n for n in small.notes())
        assert "INFORMASI NILAI GIZI" not in _text(small.pdf)
    else:
        assert small.fit.nutrition_form == "linear"
        assert "Lemak total 6 g (9% AKG*)" in _text(small.pdf)


def _extent(item: _Text, size: float) -> tuple[float, float]:
    width = stringWidth(item.text, item.font, size * item.scale)
    left = {"left": item.x, "right": item.x - width, "centre": item.x - width / 2}[item.align]
    return left, left + width


rows = st.lists(st.sampled_from(["fat", "protein", "carbohydrate", "sugar", "sodium"]),
                unique=True, min_size=1)


@given(rows, st.booleans(), st.decimals(0, 99_999, places=1),
       st.tuples(st.floats(4, 9), st.floats(60, 400)), st.sampled_from([VERTICAL, TABULAR]))
@settings(max_examples=80, deadline=None)
def test_a_laid_out_table_keeps_every_word_inside_its_box_and_columns_aligned(
        keys: list[str], energy: bool, amount: Decimal, size_width: tuple[float, float],
        form: str) -> None:
    register_fonts()
    size, width = size_width
    values = tuple((k, amount) for k in (["energy"] if energy else []) + keys)
    f = facts(Nutrition("1 sendok makan (15 g)", values, Decimal(12)))
    table = NutritionTable(f, size, form)
    w, h = table.wrap(width, 10_000)
    if table.sheet is None:
        return  # too narrow at this size: the label tries a smaller size or the linear format
    assert w <= width + 1e-6
    texts = [i for i in table.sheet.items if isinstance(i, _Text)]
    for item in texts:
        left, right = _extent(item, size)
        assert left > 0 and right < w, (item, w)
        assert item.scale * size * 0.7 < item.y < h, item
    for rule in (i for i in table.sheet.items if isinstance(i, _Rule)):
        assert min(rule.x0, rule.x1) >= 0 and max(rule.x0, rule.x1) <= w
        assert 0 < rule.y0 <= h and 0 < rule.y1 <= h
    if form == TABULAR:
        # Each nutrient's heading, amount and %AKG share one centre: the columns line up.
        centres = {}
        for item in texts:
            if item.align == "centre":
                centres.setdefault(round(item.x, 3), []).append(item.text)
        assert len(centres) == len(values)


def test_the_table_is_a_box_of_text_not_a_picture(book: Book, full_table: str) -> None:
    """The words stay text (searchable, sharp at any printer resolution)."""
    result = _print(book, "thermal-100x50")
    assert "Lemak total" in _text(result.pdf)
    empty = NutritionFacts("25 g", "", None, (), 2150)
    assert NutritionTable(empty, 6, TABULAR).wrap(200, 1000)[1] > 1000  # nothing to tabulate
