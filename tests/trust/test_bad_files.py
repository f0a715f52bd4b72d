"""Bad files: hundreds of malformed rows of many kinds (formula-looking cells, huge cells, wrong
types, impossible dates, broken encodings) and files that are not what they claim (an XLSX that
is no zip, a zip bomb, binary junk). Each is refused with a plain reason that names the row, and
nothing is imported partly. What coopdesk writes out neutralises formula-looking cells."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.errors import ValidationError
from coopdesk.ledger import accounts, journal, periods
from coopdesk.ledger.journal import Line, NewEntry, credit, debit
from coopdesk.members import importing
from coopdesk.money import MAX_AMOUNT
from coopdesk.products import importer, producers
from coopdesk.products.records import ProducerData
from coopdesk.tabular import (
    MAX_ROWS,
    FileRefused,
    Sheet,
    looks_like_formula,
    read_table,
    write_csv,
    write_xlsx,
)
from tests.trust.bad_rows import (
    MEMBER_BAD,
    MEMBER_COLUMNS,
    MEMBER_GOOD,
    PRODUCT_BAD,
    PRODUCT_COLUMNS,
    PRODUCT_GOOD,
    member_row,
    product_row,
)
from tests.trust.conftest import Figures

D = date(2025, 3, 1)


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    if path.suffix == ".xlsx":
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(list(columns))
        for i, r in enumerate(rows, start=2):
            for j, c in enumerate(columns, start=1):
                cell = ws.cell(i, j, r[c])
                cell.data_type = "s"  # text that looks like a formula, as a user typed it
        wb.save(path)
        return path
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows([r[c] for c in columns] for r in rows)
    return path


def _count(book: Book, *tables: str) -> tuple[int, ...]:
    with book.read() as s:
        return tuple(int(s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one())
                     for t in tables)


def _every_bad_row_named(problems: list[object], bad_rows: range, what: str) -> None:
    named = {getattr(p, "row", None) for p in problems}
    missed = [n for n in bad_rows if n not in named]
    assert missed == [], f"{what}: rows accepted though malformed: {missed}"
    reasons = [getattr(p, "reason", "") for p in problems]
    assert all(r and len(r) > 10 and "Traceback" not in r for r in reasons)


# --- members ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_malformed_member_rows_are_each_refused_and_nothing_is_imported(
        book: Book, tmp_path: Path, suffix: str, figures: Figures) -> None:
    good = dict(MEMBER_GOOD, member_no="A00001", name="Sri Wahyuni")
    rows = [good] + [member_row(i, c, v) for i, (c, v) in enumerate(MEMBER_BAD, start=1)]
    path = _write(tmp_path / f"anggota{suffix}", MEMBER_COLUMNS, rows)
    before = _count(book, "member", "placement", "audit_log")
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        importing.import_members(s, path)
    assert "Nothing was imported" in str(info.value)
    problems = info.value.problems
    _every_bad_row_named(problems, range(3, len(rows) + 2), "members")
    assert 2 not in {p.row for p in problems}  # the good row is not blamed
    assert _count(book, "member", "placement", "audit_log") == before
    figures.record(f"bad_rows.members{suffix}.{book.dialect}", rows=len(MEMBER_BAD),
                   problems=len(problems))


@pytest.mark.parametrize(("column", "value"), [
    ("name", "Siti\x07Rahayu"), ("address", "RT 02\x1bRW 01"), ("name", "Siti \ufffd"),
    ("village", "Kun\x00tili"),
])
def test_damaged_characters_refuse_the_whole_file(book: Book, tmp_path: Path, column: str,
                                                  value: str) -> None:
    rows = [dict(MEMBER_GOOD, member_no="A00001"), member_row(2, column, value)]
    path = _write(tmp_path / "anggota.csv", MEMBER_COLUMNS, rows)
    with pytest.raises(FileRefused, match=r"anggota\.csv") as info, book.transaction() as s:
        importing.import_members(s, path)
    assert "Row 3" in str(info.value) or "not a CSV" in str(info.value)
    assert _count(book, "member") == (0,)


def test_a_file_mixing_encodings_is_refused(book: Book, tmp_path: Path) -> None:
    path = tmp_path / "campur.csv"
    first = ",".join(MEMBER_GOOD[c] for c in MEMBER_COLUMNS).replace("Siti", "Séti")
    second = first.replace("B00000", "B00001").replace("Séti", "Sri")
    path.write_bytes((",".join(MEMBER_COLUMNS) + "\n" + first + "\n").encode("utf-8")
                     + second.replace("Sri", "Sr\xeet").encode("latin-1") + b"\n")
    with pytest.raises(FileRefused, match="mixes two text encodings"), \
            book.transaction() as s:
        importing.import_members(s, path)


def test_a_formula_cell_without_a_saved_value_is_not_taken_for_an_empty_cell(
        tmp_path: Path) -> None:
    """A formula comes back as its text, so an import refuses it as a formula rather than
    reading an empty cell (no value was ever saved by the script that wrote the file)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["member_no", "nik"])
    ws.append(["A00001", "=CONCAT(\"3302\",\"264705850001\")"])
    wb.save(tmp_path / "rumus.xlsx")
    cell = read_table(tmp_path / "rumus.xlsx").rows[0].cells["nik"]
    assert cell.startswith("=CONCAT")
    assert looks_like_formula(cell)


def test_an_old_excel_csv_in_windows_1252_is_read_right(tmp_path: Path) -> None:
    path = tmp_path / "lama.csv"
    path.write_bytes("nama;desa\nSéti Rahayu;Kuntili\n".encode("cp1252"))
    table = read_table(path)
    assert table.rows[0].cells == {"nama": "Séti Rahayu", "desa": "Kuntili"}


# --- products --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_malformed_product_rows_are_each_refused_and_nothing_is_imported(
        book: Book, tmp_path: Path, suffix: str, figures: Figures) -> None:
    with book.transaction() as s:
        producers.add_producer(s, ProducerData(
            name="KUB Sari Rasa", address="Jl. Raya Kuntili No. 5", city="Sumpiuh",
            postal_code="53195", regency="Banyumas", regency_code="3302"))
    rows = [dict(PRODUCT_GOOD, code="OK-1")]
    rows += [product_row(i, c, v) for i, (c, v) in enumerate(PRODUCT_BAD, start=1)]
    path = _write(tmp_path / f"produk{suffix}", PRODUCT_COLUMNS, rows)
    before = _count(book, "product", "permit", "audit_log")
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        importer.import_products(s, path)
    problems = info.value.problems
    _every_bad_row_named(problems, range(3, len(rows) + 2), "products")
    assert 2 not in {p.row for p in problems}
    assert _count(book, "product", "permit", "audit_log") == before
    figures.record(f"bad_rows.products{suffix}.{book.dialect}", rows=len(PRODUCT_BAD),
                   problems=len(problems))


# --- journal ---------------------------------------------------------------------------------


def _bad_entries() -> list[NewEntry]:
    ok = (debit("cash", 10_000), credit("savings.sukarela", 10_000))
    entries = []
    for diff in (1, -1, 999, 10**9):
        entries.append(NewEntry(D, "tidak seimbang", (debit("cash", 10_000),
                                                      credit("bank", 10_000 + diff))))
    entries += [NewEntry(D, "satu baris", (debit("cash", 5),))]
    entries += [NewEntry(D, "kosong", ())]
    for amount in (0, 10.5, Decimal("10.5"), Decimal("10"), "10000", None, True, float("nan"),
                   MAX_AMOUNT, -MAX_AMOUNT, 10**30):
        entries.append(NewEntry(D, f"jumlah {amount!r}",
                                (Line("cash", amount), Line("bank", -amount if isinstance(
                                    amount, int) and not isinstance(amount, bool) else amount))))
    for account in ("9999", "", "cash ", "savings.unknown", "=1+1", "1101; DROP TABLE posting",
                    "x" * 500):
        entries.append(NewEntry(D, f"akun {account[:10]}", (debit(account, 100),
                                                            credit("cash", 100))))
    entries.append(NewEntry(D, "tidak aktif", (debit("9105", 100), credit("cash", 100))))
    for day in (date(2019, 1, 1), date(2024, 12, 31), date(2099, 1, 1), date(1, 1, 1),
                date(2025, 1, 15)):  # the last: in the closed January
        entries.append(NewEntry(day, f"tanggal {day}", ok))
    for memo in ("x" * 256, "y" * 10_000):
        entries.append(NewEntry(D, memo, ok))
    return entries


def test_malformed_journal_entries_are_each_refused_and_nothing_is_posted(
        book: Book, figures: Figures) -> None:
    with book.transaction() as s:
        accounts.add_account(s, "9105", "Akun lama", "expense")
        accounts.set_active(s, "9105", False)
        periods.lock_through(s, date(2025, 1, 31))
    bad = _bad_entries()
    good = NewEntry(D, "baik", (debit("cash", 1), credit("savings.sukarela", 1)))
    before = _count(book, "journal_entry", "posting", "audit_log")
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        journal.post_entries(s, [good, *bad, good])
    _every_bad_row_named(info.value.problems, range(2, len(bad) + 2), "journal")
    assert {p.row for p in info.value.problems} <= set(range(2, len(bad) + 2))
    assert _count(book, "journal_entry", "posting", "audit_log") == before
    figures.record(f"bad_rows.journal.{book.dialect}", rows=len(bad),
                   problems=len(info.value.problems))


# --- files that are not what they say ---------------------------------------------------------


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))


def _not_a_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "just a zip")


def _broken_xml(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["code", "name"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zin, \
            zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            zout.writestr(info, data)


BAD_FILES = {
    "text.xlsx": lambda p: p.write_text("code,name\nA,B\n"),
    "junk.xlsx": lambda p: p.write_bytes(bytes(range(256)) * 40),
    "half.xlsx": lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 100),
    "bomb.xlsx": _zip_bomb,
    "zip.xlsx": _not_a_workbook,
    "broken.xlsx": _broken_xml,
    "empty.csv": lambda p: p.write_bytes(b""),
    "nul.csv": lambda p: p.write_bytes(b"code,name\nA\x00,B\n"),
    "image.csv": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
    "huge.csv": lambda p: p.open("wb").truncate(51 * 1024 * 1024),
    "rows.csv": lambda p: p.write_bytes(b"code\n" + b"A\n" * (MAX_ROWS + 1)),
    "missing.csv": lambda p: None,
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_files_that_are_not_tables_are_refused_plainly(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    BAD_FILES[name](path)
    with pytest.raises(FileRefused) as info:
        read_table(path)
    assert name in str(info.value)


@pytest.mark.parametrize("name", ["bomb.xlsx", "broken.xlsx", "nul.csv"])
def test_a_refused_file_imports_nothing(book: Book, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    BAD_FILES[name](path)
    before = _count(book, "member", "audit_log")
    with pytest.raises(FileRefused), book.transaction() as s:
        importing.import_members(s, path)
    assert _count(book, "member", "audit_log") == before


# --- what goes out ---------------------------------------------------------------------------


DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", "=HYPERLINK(\"x\")"]
HARMLESS = ["-5", "+62", "1.500.000", "Siti", "", "12,5"]


def test_exports_neutralise_formula_cells(tmp_path: Path) -> None:
    rows = [[v] for v in DANGEROUS + HARMLESS]
    out = io.StringIO()
    write_csv(out, ["value"], rows)
    written = [r[0] for r in csv.reader(io.StringIO(out.getvalue(), newline=""))][1:]
    assert written == ["'" + v.replace("\r", "\n") for v in DANGEROUS] + HARMLESS
    write_xlsx(tmp_path / "x.xlsx", [Sheet("s", ["value"], rows)])
    ws = load_workbook(tmp_path / "x.xlsx").worksheets[0]
    cells = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    # (XML, and so XLSX, keeps a carriage return as a line feed.)
    assert cells == ["'" + v.replace("\r", "\n") for v in DANGEROUS] + [
        v or None for v in HARMLESS]


@given(st.text(max_size=30))
def test_no_written_cell_can_start_a_formula(value: str) -> None:
    out = io.StringIO()
    write_csv(out, ["v"], [[value]])
    (cell,) = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1] or [""]
    assert not looks_like_formula(cell)
