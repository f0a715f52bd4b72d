"""Importing products: every row checked first, all or nothing, the same file twice adds nothing."""

from __future__ import annotations

import csv
import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from coopdesk.book import Book
from coopdesk.errors import ValidationError
from coopdesk.products import catalog, importer, permits
from tests.products.conftest import counts

HEADER = ["code", "name", "brand", "category", "packaging", "net_content", "net_unit",
          "ingredients", "allergens", "pirt_no", "halal_no", "bpom_no", "shelf_life_days",
          "barcode", "price", "producer"]
GOOD = [
    ["KS-250", "Keripik Singkong Balado", "Sari Rasa", "Keripik", "2", "250", "g",
     "Singkong 80%; Minyak sawit 10%; Cabai merah; Garam; Pengawet natrium benzoat", "",
     "2063302010123-29", "ID33110018517710724", "", "180", "899123456789", "15000",
     "KUB Sari Rasa"],
    ["GK-500", "Gula Kelapa", "Sari Rasa", "Gula", "daun", "0,5", "kg", "Nira kelapa", "",
     "6093302020123-28", "", "", "365", "", "22000", "kub sari rasa"],
    ["PY-100", "Peyek Kacang", "", "", "plastik", "100 g", "",
     "Tepung beras 40%; Kacang tanah 30%; Telur; Daun jeruk", "susu", "", "", "", "60", "",
     "10000", ""],
]


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _import(book: Book, path: Path) -> importer.ImportResult:
    with book.transaction() as s:
        return importer.import_products(s, path)


def test_a_good_file_is_imported_whole(book: Book, group_id: int, tmp_path: Path) -> None:
    result = _import(book, _csv(tmp_path / "produk.csv", GOOD))
    assert (result.added, result.updated, result.unchanged, result.permits_added) == (3, 0, 0, 3)
    with book.read() as s:
        ks = catalog.get_product(s, "KS-250")
        gk = catalog.get_product(s, "GK-500")
        py = catalog.get_product(s, "PY-100")
        found = permits.permits_for(s, ks.id)
    assert ks.barcode == "8991234567891" and ks.price == 15_000 and ks.shelf_life_days == 180
    assert [(i.name, i.quantity_text) for i in ks.ingredients[:2]] == [("Singkong", "80%"),
                                                                      ("Minyak sawit", "10%")]
    assert ks.ingredients[-1].additive_class == "Pengawet"
    assert (gk.packaging, gk.net_amount, gk.net_unit) == (6, Decimal("0.5"), "kg")
    assert (py.net_amount, py.net_unit, py.producer_id) == (Decimal(100), "g", group_id)
    # Peanut and egg found in the ingredients, milk declared in the allergens column.
    assert py.all_allergens == ("egg", "peanut", "milk")
    assert {(p.kind, p.number) for p in found} == {("pirt", "206330201012329"),
                                                   ("halal", "ID33110018517710724")}


def test_the_same_file_twice_changes_nothing(book: Book, group_id: int, tmp_path: Path) -> None:
    path = _csv(tmp_path / "produk.csv", GOOD)
    _import(book, path)
    before = counts(book)
    again = _import(book, path)
    assert (again.added, again.updated, again.unchanged, again.permits_added) == (0, 0, 3, 0)
    assert counts(book) == before


def test_a_changed_row_updates_its_product(book: Book, group_id: int, tmp_path: Path) -> None:
    _import(book, _csv(tmp_path / "a.csv", GOOD))
    changed = [row[:] for row in GOOD]
    changed[1][14] = "25000"
    result = _import(book, _csv(tmp_path / "b.csv", changed))
    assert (result.added, result.updated, result.unchanged) == (0, 1, 2)
    with book.read() as s:
        assert catalog.get_product(s, "GK-500").price == 25_000


def test_xlsx_with_indonesian_headers(book: Book, group_id: int, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Kode", "Nama", "Kemasan", "Berat bersih", "Satuan", "Komposisi", "No PIRT",
               "Umur simpan", "Kode batang", "Harga", "Produsen"])
    ws.append(["KS-1", "Keripik Singkong", 2, 250, "gram", "Singkong; Garam", "2063302010123-29",
               180, 8991234567891, 15000, "KUB Sari Rasa"])
    wb.save(tmp_path / "produk.xlsx")
    result = _import(book, tmp_path / "produk.xlsx")
    assert result.added == 1
    with book.read() as s:
        p = catalog.get_product(s, "KS-1")
    assert (p.barcode, p.net_unit, p.shelf_life_days) == ("8991234567891", "g", 180)


BAD_ROWS = [
    (["XX-1", "Produk", "", "", "9", "250", "g", "Garam", "", "", "", "", "30", "", "", ""],
     "packaging", "packaging code"),
    (["XX-1", "Produk", "", "", "2", "250", "ons", "Garam", "", "", "", "", "30", "", "", ""],
     "net_unit", "not a unit"),
    (["XX-1", "Produk", "", "", "2", "250", "g", "Garam 5%; Gula 10%", "", "", "", "", "30", "",
      "", ""], "ingredients", "largest amount"),
    (["XX-1", "Produk", "", "", "2", "250", "g", "Garam", "kelapa", "", "", "", "30", "", "",
      ""], "allergens", "not an allergen"),
    (["XX-1", "Produk", "", "", "2", "250", "g", "Garam", "", "123", "", "", "30", "", "", ""],
     "pirt_no", "15 digits"),
    (["XX-1", "Produk", "", "", "2", "250", "g", "Garam", "", "", "KH-0001", "", "30", "", "",
      ""], "halal_no", "KH"),
    (["XX-1", "Produk", "", "", "2", "250", "g", "Garam", "", "", "", "", "0", "", "", ""],
     "shelf_life_days", "from 1"),
    (["XX-1", "Produk", "", "", "2", "250", "g", "Garam", "", "", "", "", "30", "8991234567890",
      "", ""], "barcode", "should be 1"),
    (["XX-1", "Produk", "", "", "2", "250", "g", "Garam", "", "", "", "", "30", "", "-5", ""],
     "price", "negative"),
    (["XX-1", "", "", "", "2", "250", "g", "Garam", "", "", "", "", "30", "", "", ""],
     "name", "needs a name"),
    (["XX-1", "Produk", "", "", "2", "250", "g", "Garam", "", "", "", "", "30", "", "",
      "Kelompok Lain"], "producer", "no business group"),
    (["XX-1", "=HYPERLINK(\"x\")", "", "", "2", "250", "g", "Garam", "", "", "", "", "30", "",
      "", ""], "name", "formula"),
    (["KS-250", "Dobel", "", "", "2", "250", "g", "Garam", "", "", "", "", "30", "", "", ""],
     "code", "also on row 2"),
]


@pytest.mark.parametrize("case", BAD_ROWS)
def test_one_bad_row_and_nothing_is_imported(book: Book, group_id: int, tmp_path: Path,
                                             case: tuple[list[str], str, str]) -> None:
    row, column, words = case
    before = counts(book)
    path = _csv(tmp_path / "bad.csv", [GOOD[0], row, GOOD[1]])
    with pytest.raises(ValidationError) as refused:
        _import(book, path)
    assert any(p.row == 3 and p.column == column and words in p.reason
               for p in refused.value.problems), refused.value.problems
    assert counts(book) == before


def test_a_file_without_the_code_column_is_refused(book: Book, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no column code"):
        _import(book, _csv(tmp_path / "x.csv", [["Keripik"]], header=["name"]))


def test_columns_missing_from_the_file_leave_the_product_as_it_was(
    book: Book, group_id: int, product: str, tmp_path: Path
) -> None:
    with book.read() as s:
        before = catalog.get_product(s, product)
    path = _csv(tmp_path / "price.csv", [["KS-250", "Keripik Singkong Balado", "17500"]],
                header=["code", "name", "price"])
    result = _import(book, path)
    with book.read() as s:
        after = catalog.get_product(s, product)
    assert result.updated == 1 and after.price == 17_500
    assert after == dataclasses.replace(before, price=17_500)
