"""Malformed rows of many kinds, for the importers of members and products and for the journal.

Each case is (column, bad value): the row is a good row with that one cell spoiled, so the
importer must name that row (and, where it can tell, that column)."""

from __future__ import annotations

FORMULAS = ["=1+1", "=HYPERLINK(\"http://x.example\",\"klik\")", "@SUM(A1:A9)", "+A1", "-A1",
            "=cmd|' /C calc'!A0"]
HUGE = "x" * 5000

MEMBER_COLUMNS = ("member_no", "name", "nik", "gender", "birth_date", "village", "joined_on",
                  "education", "migrant_status", "destination_country", "sector",
                  "departure_date", "return_date", "address", "phone")
MEMBER_GOOD = {
    "member_no": "B00000", "name": "Siti Rahayu", "nik": "", "gender": "P",
    "birth_date": "1985-05-07", "village": "Kuntili", "joined_on": "2024-01-05",
    "education": "SMP", "migrant_status": "returned", "destination_country": "HK",
    "sector": "informal", "departure_date": "2015-03-02", "return_date": "2019-03-01",
    "address": "RT 02 RW 01", "phone": "+62 812-555-0101",
}
MEMBER_BAD: list[tuple[str, str]] = [
    *[("member_no", v) for v in ["", "A 00 01", "X" * 21, "A0001;", "A#1", *FORMULAS, HUGE]],
    *[("name", v) for v in ["", "   ", "x" * 121, *FORMULAS, HUGE]],
    *[("nik", v) for v in ["123", "33022647058500011", "330226470585000", "3302264705850001.0",
                           "3.302264705850001E+15", "abcdefghijklmnop", "33022647058500O1",
                           *FORMULAS, HUGE]],
    *[("gender", v) for v in ["X", "2", "?", *FORMULAS]],
    *[("birth_date", v) for v in ["1985-02-30", "31/31/2024", "12345", "2090-01-01", "kemarin",
                                  "0000-00-00", "1985-13-01", "30/02/1985", *FORMULAS]],
    *[("village", v) for v in [*FORMULAS, HUGE]],
    *[("joined_on", v) for v in ["1800-01-01", "abc", "2024-02-30", *FORMULAS]],
    *[("education", v) for v in ["PhD", "kuliah", "12", *FORMULAS]],
    *[("migrant_status", v) for v in ["astronaut", "yes", *FORMULAS]],
    *[("destination_country", v) for v in ["Atlantis", "XX", "123", *FORMULAS]],
    *[("sector", v) for v in ["domestic", "12", *FORMULAS]],
    *[("departure_date", v) for v in ["abc", "2031-13-01", "2099-01-01", *FORMULAS]],
    *[("return_date", v) for v in ["2014-01-01", "abc", *FORMULAS]],
    *[("address", v) for v in [*FORMULAS, HUGE]],
    *[("phone", v) for v in ["abc", "0812-ABC", *FORMULAS, HUGE]],
]

PRODUCT_COLUMNS = ("code", "name", "brand", "category", "packaging", "net_content", "net_unit",
                   "ingredients", "allergens", "pirt_no", "halal_no", "bpom_no",
                   "shelf_life_days", "barcode", "price", "producer")
PRODUCT_GOOD = {
    "code": "XX-0", "name": "Keripik Singkong", "brand": "Sari Rasa", "category": "Keripik",
    "packaging": "2", "net_content": "250", "net_unit": "g", "ingredients": "Singkong; Garam",
    "allergens": "", "pirt_no": "", "halal_no": "", "bpom_no": "", "shelf_life_days": "180",
    "barcode": "", "price": "15000", "producer": "KUB Sari Rasa",
}
PRODUCT_BAD: list[tuple[str, str]] = [
    *[("code", v) for v in ["", *FORMULAS, HUGE]],
    *[("name", v) for v in ["", *FORMULAS, HUGE]],
    *[("packaging", v) for v in ["9", "kardus besar", "-1", *FORMULAS]],
    *[("net_content", v) for v in ["banyak", "-250", "0", *FORMULAS]],
    *[("net_unit", v) for v in ["ons", "liter?", *FORMULAS]],
    *[("ingredients", v) for v in ["Garam 5%; Gula 10%", *FORMULAS]],
    *[("allergens", v) for v in ["kelapa", *FORMULAS]],
    *[("pirt_no", v) for v in ["123", "abc", *FORMULAS]],
    *[("halal_no", v) for v in ["KH-0001", *FORMULAS]],
    *[("shelf_life_days", v) for v in ["0", "-5", "setahun", "1.5", *FORMULAS]],
    *[("barcode", v) for v in ["8991234567890", "12345", "abcdefghijklm", *FORMULAS]],
    *[("price", v) for v in ["-5", "gratis", "1,5", "1e9", *FORMULAS]],
    *[("producer", v) for v in ["Kelompok Lain", *FORMULAS]],
]


def member_row(i: int, column: str, value: str) -> dict[str, str]:
    row = dict(MEMBER_GOOD, member_no=f"B{i:05d}")
    row[column] = value
    return row


def product_row(i: int, column: str, value: str) -> dict[str, str]:
    row = dict(PRODUCT_GOOD, code=f"XX-{i}")
    row[column] = value
    return row
