"""Small helpers that register members for the tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from coopdesk.book import Book
from coopdesk.members import household, register
from coopdesk.members.register import MemberData

JOINED = date(2025, 1, 6)


def member(book: Book, name: str = "Siti Rahayu", **fields: Any) -> register.MemberView:
    fields.setdefault("joined_on", JOINED)
    fields.setdefault("gender", "P")
    with book.transaction() as s:
        return register.add_member(s, MemberData(name=name, **fields),
                                   today=date(2025, 12, 31))


def placement(book: Book, member_no: str, country: str, sector: str = "informal", *,
              departure: date | None = None, returned: date | None = None) -> None:
    with book.transaction() as s:
        household.add_placement(s, member_no, household.PlacementData(
            country=country, sector=sector, departure_date=departure, return_date=returned),
            today=date(2025, 12, 31))
