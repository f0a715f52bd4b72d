"""Importing members: all or nothing, every problem listed, idempotent, export is a fixed point."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.errors import ValidationError
from coopdesk.members import importing

HEADER = ("member_no,name,nik,gender,birth_date,village,joined_on,education,migrant_status,"
          "destination_country,sector,departure_date,return_date,address,phone")
GOOD = [
    "A00001,Siti Rahayu,3302264705850001,P,1985-05-07,Kuntili,2024-01-05,SMP,returned,HK,"
    "informal,2015-03-02,2019-03-01,RT 02 RW 01,+62 812-555-0101",
    "A00001,,,,,,,,,TW,informal,02/06/2020,2023-06-01,,",
    "A00002,Budi Santoso,3302260101800002,L,01/01/1980,Kemiri,2024-01-05,S1,abroad,Korea Selatan,"
    "formal,2024-02-01,,,",
    "A00003,Sri Wahyuni,,F,1990-12-31,Kuntili,2024-03-01,D3,none,,,,,,",
]


def _csv(tmp_path: Path, rows: list[str], name: str = "anggota.csv", header: str = HEADER
         ) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _counts(book: Book) -> tuple[int, int, int]:
    with book.read() as s:
        return tuple(int(s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one())
                     for t in ("member", "placement", "audit_log"))  # type: ignore[return-value]


def test_a_good_file_is_imported(book: Book, tmp_path: Path) -> None:
    with book.transaction() as s:
        result = importing.import_members(s, _csv(tmp_path, GOOD))
    assert (result.members_added, result.placements_added, result.rows) == (3, 3, 4)
    with book.read() as s:
        rows = s.execute(text("SELECT m.member_no, p.country, p.sector, p.departure_date "
                              "FROM placement p JOIN member m ON m.id = p.member_id "
                              "ORDER BY p.id")).all()
    assert [(r[0], r[1], r[2], str(r[3])) for r in rows] == [
        ("A00001", "HK", "informal", "2015-03-02"), ("A00001", "TW", "informal", "2020-06-02"),
        ("A00002", "KR", "formal", "2024-02-01")]


def test_importing_the_same_file_twice_adds_nothing(book: Book, tmp_path: Path) -> None:
    path = _csv(tmp_path, GOOD)
    with book.transaction() as s:
        importing.import_members(s, path)
    members, placements, _audit = _counts(book)
    with book.transaction() as s:
        again = importing.import_members(s, path)
    assert (again.members_added, again.placements_added) == (0, 0)
    assert _counts(book)[:2] == (members, placements)


BAD_ROWS = [
    ("A00009,Bad Nik,33022647058500,P,1985-05-07,Kuntili,2024-01-05,SMP,none,,,,,,", "nik"),
    ("A00009,Atlantis,,P,1985-05-07,Kuntili,2024-01-05,SMP,abroad,Atlantis,informal,2020-01-01"
     ",,,", "destination_country"),
    ("A00009,Bad Date,,P,1985-02-30,Kuntili,2024-01-05,SMP,none,,,,,,", "birth_date"),
    ("A00009,Bad Date,,P,1985-05-07,Kuntili,31/31/2024,SMP,none,,,,,,", "joined_on"),
    ("A00001,Siti Rahmawati,,P,1985-05-07,Kuntili,2024-01-05,SMP,returned,,,,,,", "name"),
    ("A00009,,,P,1985-05-07,Kuntili,2024-01-05,SMP,none,,,,,,", "name"),
    ("A00009,No Gender,,X,1985-05-07,Kuntili,2024-01-05,SMP,none,,,,,,", "gender"),
    ("A00009,=HYPERLINK(\"http://x\"),,P,1985-05-07,Kuntili,2024-01-05,SMP,none,,,,,,", "name"),
    ("A00009,@SUM(A1),,P,1985-05-07,Kuntili,2024-01-05,SMP,none,,,,,,", "name"),
    ("A00009,Minus,,P,1985-05-07,Kuntili,2024-01-05,SMP,none,,,,,-2+3,", "address"),
    ("A00009,Bad Sector,,P,1985-05-07,Kuntili,2024-01-05,SMP,abroad,HK,domestic,2020-01-01,,,",
     "sector"),
    ("A00009,Bad Status,,P,1985-05-07,Kuntili,2024-01-05,SMP,astronaut,,,,,,",
     "migrant_status"),
    ("A00009,Back Before Leaving,,P,1985-05-07,Kuntili,2024-01-05,SMP,abroad,HK,informal,"
     "2020-01-01,2019-01-01,,", "return_date"),
    (",No Number,,P,1985-05-07,Kuntili,2024-01-05,SMP,none,,,,,,", "member_no"),
    ("A00009,Same Nik,3302264705850001,P,1985-05-07,Kuntili,2024-01-05,SMP,none,,,,,,", "nik"),
]


@pytest.mark.parametrize(("row", "column"), BAD_ROWS)
def test_one_bad_row_leaves_the_book_unchanged(book: Book, tmp_path: Path, row: str,
                                               column: str) -> None:
    before = _counts(book)
    path = _csv(tmp_path, [*GOOD, row])
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        importing.import_members(s, path)
    assert _counts(book) == before
    assert [(p.row, p.column) for p in info.value.problems] == [(len(GOOD) + 2, column)]


def test_a_member_repeated_with_conflicting_data_is_a_problem(book: Book, tmp_path: Path
                                                               ) -> None:
    conflicting = GOOD[0].replace("Kuntili", "Kemiri").replace(",HK,", ",SG,")
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        importing.import_members(s, _csv(tmp_path, [*GOOD, conflicting]))
    assert [(p.row, p.column) for p in info.value.problems] == [(6, "village")]
    assert "row 2" in info.value.problems[0].reason


def test_a_row_contradicting_the_register_is_a_problem(book: Book, tmp_path: Path) -> None:
    with book.transaction() as s:
        importing.import_members(s, _csv(tmp_path, GOOD))
    changed = GOOD[3].replace("Sri Wahyuni", "Sri Wahyuningsih")
    with pytest.raises(ValidationError, match="member form"), book.transaction() as s:
        importing.import_members(s, _csv(tmp_path, [changed], name="again.csv"))


def test_every_problem_is_listed_with_row_and_column(book: Book, tmp_path: Path) -> None:
    rows = [r for r, _c in BAD_ROWS[:4]]
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        importing.import_members(s, _csv(tmp_path, rows))
    assert len({p.row for p in info.value.problems}) == 4


def test_missing_columns_are_named(book: Book, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="member_no"), book.transaction() as s:
        importing.import_members(s, _csv(tmp_path, ["Siti"], header="nama_lengkap"))


def test_indonesian_headers_and_an_xlsx_file(book: Book, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["No Anggota", "Nama", "NIK", "Jenis Kelamin", "Tanggal Lahir", "Desa",
               "Tanggal Masuk", "Pendidikan", "Status Migran", "Negara Tujuan", "Sektor",
               "Tanggal Berangkat", "Tanggal Pulang"])
    from datetime import datetime

    ws.append(["A00001", "Siti Rahayu", "3302264705850001", "Perempuan",
               datetime(1985, 5, 7), "Kuntili", datetime(2024, 1, 5), "SLTP", "purna",
               "Hongkong", "informal", datetime(2015, 3, 2), datetime(2019, 3, 1)])
    path = tmp_path / "anggota.xlsx"
    wb.save(path)
    with book.transaction() as s:
        result = importing.import_members(s, path)
    assert (result.members_added, result.placements_added) == (1, 1)
    with book.read() as s:
        row = s.execute(text("SELECT gender, education, migrant_status FROM member")).one()
    assert tuple(row) == ("P", "SMP", "returned")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_is_a_fixed_point(book: Book, tmp_path: Path, suffix: str) -> None:
    with book.transaction() as s:
        importing.import_members(s, _csv(tmp_path, GOOD))
    first = tmp_path / f"export1{suffix}"
    with book.transaction() as s:
        importing.export_members(s, first)
        again = importing.import_members(s, first)
    assert (again.members_added, again.placements_added) == (0, 0)
    second = tmp_path / f"export2{suffix}"
    with book.transaction() as s:
        importing.export_members(s, second)
    if suffix == ".csv":
        assert first.read_bytes() == second.read_bytes()
        rows = list(csv.reader(io.StringIO(first.read_text())))
        assert tuple(rows[0][:13]) == importing.REQUIRED
        assert len(rows) == 1 + 4
    else:
        from coopdesk.tabular import read_table

        assert read_table(first) == read_table(second)


def test_the_template_reads_back_as_a_good_file(book: Book, tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    importing.write_template(path)
    with book.read() as s:
        preview = importing.preview_import(s, path)
    assert preview.ok and preview.members_new == 1 and preview.placements_new == 1
