"""The ministry's tables and the children left behind reproduce a register made by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from coopdesk.access import Actor, Role
from coopdesk.book import Book
from coopdesk.errors import PermissionDenied
from coopdesk.members import household, migrant_report
from coopdesk.members.household import PersonData
from tests.members.factories import member, placement

# A hand-made register: (name, gender, education, placements [(country, sector, departure)]).
REGISTER = [
    ("Siti", "P", "SMP", [("HK", "informal", date(2024, 3, 1)), ("TW", "informal",
                                                                date(2025, 2, 1))]),
    ("Sri", "P", "SD", [("HK", "informal", date(2025, 5, 1))]),
    ("Tri", "P", "D3", [("TW", "formal", date(2025, 8, 1))]),
    ("Budi", "L", "SMK", [("KR", "formal", date(2025, 1, 15))]),
    ("Joko", "L", "S1", [("JP", "formal", date(2025, 9, 9)), ("JP", "formal", date(2025, 12, 1))]),
    ("Agus", "L", None, [("MY", "informal", date(2025, 4, 4))]),
    ("Rini", "P", "SMA", [("SG", "informal", date(2026, 1, 2))]),  # another year
    ("Eko", "L", "SMP", []),
]
# Expected 2025 table by country: code -> (informal F, M, total, formal F, M, total, total).
BY_COUNTRY = {
    "HK": (1, 0, 1, 0, 0, 0, 1),
    "JP": (0, 0, 0, 0, 2, 2, 2),
    "KR": (0, 0, 0, 0, 1, 1, 1),
    "MY": (0, 1, 1, 0, 0, 0, 1),
    "TW": (1, 0, 1, 1, 0, 1, 2),
    "TOTAL": (2, 1, 3, 1, 3, 4, 7),
}
BY_EDUCATION = {
    "SD": (1, 0, 1, 0, 0, 0, 1),
    "SMP": (1, 0, 1, 0, 0, 0, 1),
    "SMK": (0, 0, 0, 0, 1, 1, 1),
    "DIPLOMA": (0, 0, 0, 1, 0, 1, 1),
    "SARJANA": (0, 0, 0, 0, 2, 2, 2),
    "NONE": (0, 1, 1, 0, 0, 0, 1),
    "TOTAL": (2, 1, 3, 1, 3, 4, 7),
}


@pytest.fixture
def register(book: Book) -> Book:
    for name, gender, education, stays in REGISTER:
        m = member(book, name, gender=gender, education=education)
        for country, sector, departure in stays:
            placement(book, m.member_no, country, sector, departure=departure)
    return book


def test_by_country(register: Book) -> None:
    with register.read() as s:
        table = migrant_report.placements_by(s, "country", 2025)
    assert {code: counts for code, _name, *counts in
            [(r[0], r[1], *r[2:]) for r in table.csv_rows()]} == {
        k: list(v) for k, v in BY_COUNTRY.items()}
    assert [r.code for r in table.rows] == ["HK", "JP", "KR", "MY", "TW"]
    assert table.csv_rows()[-1][:2] == ("TOTAL", "Total")
    assert table.percent(table.rows[1], "total") == Decimal(200) / 7


def test_by_education(register: Book) -> None:
    with register.read() as s:
        table = migrant_report.placements_by(s, "education", 2025)
    assert [r.code for r in table.rows] == ["SD", "SMP", "SMK", "DIPLOMA", "SARJANA", "NONE"]
    assert {r[0]: tuple(r[2:]) for r in table.csv_rows()} == BY_EDUCATION


def test_a_year_without_placements_has_only_the_total(register: Book) -> None:
    with register.read() as s:
        table = migrant_report.placements_by(s, "country", 2019)
    assert table.rows == () and table.total.total == 0


def test_children_left_behind_by_age_and_caregiver(book: Book) -> None:
    abroad = member(book, "Siti")
    placement(book, abroad.member_no, "HK", departure=date(2024, 1, 1))
    home = member(book, "Sri")
    placement(book, home.member_no, "TW", departure=date(2020, 1, 1),
              returned=date(2023, 1, 1))
    children = [
        (abroad, "Dewi", date(2021, 6, 1), "grandparent"),
        (abroad, "Rina", date(2016, 6, 1), "grandparent"),
        (abroad, "Agus", date(2012, 1, 1), None),
        (abroad, "Grown", date(2000, 1, 1), "father"),  # an adult: not a child left behind
        (home, "Putri", date(2018, 1, 1), "mother"),  # the parent is home again
    ]
    with book.transaction() as s:
        for parent, name, born, caregiver in children:
            household.add_person(s, parent.member_no,
                                 PersonData("child", name, birth_date=born, caregiver=caregiver))
    with book.read() as s:
        report = migrant_report.children_left_behind(s, date(2025, 7, 1))
    assert [c.name for c in report.children] == ["Agus", "Rina", "Dewi"]
    assert [c.age for c in report.children] == [13, 9, 4]
    assert report.counts == {(0, "grandparent"): 1, (1, "grandparent"): 1, (2, "unknown"): 1}
    assert report.caregivers == ["grandparent", "unknown"]
    with pytest.raises(PermissionDenied), book.read(actor=Actor("tamu", Role.READONLY)) as s:
        migrant_report.children_left_behind(s, date(2025, 7, 1))
