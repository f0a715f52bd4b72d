"""The member register: checks, adding and changing, searching, placements and households."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from coopdesk.access import Actor, Role
from coopdesk.book import Book
from coopdesk.errors import PermissionDenied, ValidationError
from coopdesk.members import household, register
from coopdesk.members.household import PersonData, PlacementData
from coopdesk.members.register import MemberData
from tests.members.factories import member, placement

TODAY = date(2025, 12, 31)


def test_member_numbers_follow_the_series(book: Book) -> None:
    a = member(book, "Siti")
    b = member(book, "Budi", gender="L")
    c = member(book, "Tri", member_no="a00010")
    d = member(book, "Dwi")
    assert [a.member_no, b.member_no, c.member_no, d.member_no] == [
        "A00001", "A00002", "A00010", "A00011"]


def test_every_problem_is_listed_and_nothing_is_saved(book: Book) -> None:
    bad = MemberData(name=" ", member_no="A 1", nik="1234", gender="X",
                     birth_date=date(2030, 1, 1), phone="call me", education="PhD",
                     migrant_status="astronaut")
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        register.add_member(s, bad, today=TODAY)
    columns = {p.column for p in info.value.problems}
    assert columns == {"name", "member_no", "nik", "gender", "birth_date", "phone", "education",
                       "migrant_status"}
    with book.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM member")).scalar_one() == 0


def test_a_nik_that_disagrees_is_saved_with_a_warning(book: Book) -> None:
    view = member(book, nik="3302264705850001", birth_date=date(1985, 5, 8))
    assert view.nik == "3302264705850001"
    assert len(view.warnings) == 1 and "birth date" in view.warnings[0]


def test_number_and_nik_must_be_unique(book: Book) -> None:
    member(book, nik="3302264705850001")
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        register.add_member(s, MemberData(name="Other", member_no="A00001",
                                          nik="3302 2647 0585 0001"), today=TODAY)
    assert {p.column for p in info.value.problems} == {"member_no", "nik"}


def test_update_changes_and_audits(book: Book) -> None:
    view = member(book, village="Kuntili")
    with book.transaction() as s:
        changed = register.update_member(s, view.member_no,
                                         view.data().__class__(**{**vars(view.data()),
                                                                  "village": "Kemiri"}),
                                         today=TODAY)
    assert changed.village == "Kemiri"
    with book.read() as s:
        actions = s.execute(text("SELECT action FROM audit_log WHERE entity = 'member' "
                                 "ORDER BY id")).scalars().all()
    assert actions == ["members.add", "members.update"]


def test_search_by_name_village_number_and_nik(book: Book) -> None:
    member(book, "Siti Rahayu", village="Kuntili", nik="3302264705850001")
    member(book, "Sri Wahyuni", village="Kemiri")
    member(book, "Budi Santoso", village="Kuntili", gender="L")
    with book.read() as s:
        def names(q: str) -> list[str]:
            return [r.name for r in register.search(s, q)]

        assert names("") == ["Budi Santoso", "Siti Rahayu", "Sri Wahyuni"]
        assert names("kuntili") == ["Budi Santoso", "Siti Rahayu"]
        assert names("SRI") == ["Sri Wahyuni"]
        assert names("a00002") == ["Sri Wahyuni"]
        assert names("330226") == ["Siti Rahayu"]
        assert names("siti kuntili") == ["Siti Rahayu"]
        assert names("100%") == []
        assert register.search(s, "", limit=1, offset=1)[0].name == "Siti Rahayu"


def test_nik_is_masked_and_not_searchable_without_the_right(book: Book) -> None:
    member(book, nik="3302264705850001")
    reader = Actor("tamu", Role.READONLY)
    with book.read(actor=reader) as s:
        row = register.search(s, "")[0]
        assert row.nik == "************0001"
        assert register.search(s, "330226") == []
        assert register.get_member(s, "A00001").nik == "************0001"


def test_placements_keep_the_migrant_status_in_step(book: Book) -> None:
    m = member(book, migrant_status="prospective")
    placement(book, m.member_no, "Arab Saudi", "formal", departure=date(2025, 2, 1))
    with book.read() as s:
        assert register.get_member(s, m.member_no).migrant_status == "abroad"
        stays = household.placements(s, m.member_no)
    assert stays[0].country == "SA"
    with book.transaction() as s:
        household.update_placement(s, stays[0].id, PlacementData(
            "SA", "formal", departure_date=date(2025, 2, 1), return_date=date(2025, 11, 1)))
    with book.read() as s:
        assert register.get_member(s, m.member_no).migrant_status == "returned"


@pytest.mark.parametrize(("data", "column"), [
    (PlacementData("Atlantis", "formal"), "destination_country"),
    (PlacementData("HK", "domestic"), "sector"),
    (PlacementData("HK", "informal", departure_date=date(2025, 5, 1),
                   return_date=date(2025, 4, 1)), "return_date"),
    (PlacementData("HK", "informal", return_date=date(2025, 4, 1)), "departure_date"),
])
def test_bad_placements_are_refused(book: Book, data: PlacementData, column: str) -> None:
    m = member(book)
    with pytest.raises(ValidationError) as info, book.transaction() as s:
        household.add_placement(s, m.member_no, data, today=TODAY)
    assert info.value.problems[0].column == column


def test_household_is_personal_data(book: Book) -> None:
    m = member(book)
    child = PersonData("child", "Dewi", birth_date=date(2015, 2, 2), caregiver="grandparent")
    with book.transaction() as s:
        household.add_person(s, m.member_no, PersonData("spouse", "Joko"))
        household.add_person(s, m.member_no, child)
    with book.read() as s:
        assert [p.name for p in household.household(s, m.member_no)] == ["Joko", "Dewi"]
    with pytest.raises(PermissionDenied), book.read(actor=Actor("tamu", Role.READONLY)) as s:
        household.household(s, m.member_no)
    with pytest.raises(ValidationError), book.transaction() as s:
        household.add_person(s, m.member_no, PersonData("child", "X", caregiver="robot"))


def test_a_photo_is_kept_in_the_book(book: Book) -> None:
    from coopdesk.errors import UserError

    m = member(book)
    picture = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with book.transaction() as s:
        register.set_photo(s, m.member_no, "siti.png", picture)
    with book.read() as s:
        assert register.photo(s, m.member_no) == picture
    with pytest.raises(UserError, match="PNG or JPEG"), book.transaction() as s:
        register.set_photo(s, m.member_no, "notes.txt", b"hello")
