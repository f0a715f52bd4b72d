"""NIK: sixteen digits with region, birth date (+40 for women) and serial; errors and warnings."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdesk.members import nik

WOMAN_1985 = "3302264705850001"  # Banyumas, Sumpiuh; 7 May 1985, a woman


@pytest.mark.parametrize(("value", "problem"), [
    (WOMAN_1985, None),
    ("3302260705850001", None),  # the same date, a man
    ("3302262902000003", None),  # 29 February 2000
    ("330226470585001", "16 digits"),
    ("33022647058500011", "16 digits"),
    ("33022647O5850001", "16 digits"),
    ("３３０２２６４７０５８５０００１", "16 digits"),  # full-width digits are not ASCII
    ("0002264705850001", "region"),
    ("3300264705850001", "region"),
    ("3302263205850001", "date of birth"),  # day 32
    ("3302267205850001", "date of birth"),  # day 72 - 40 = 32
    ("3302260713850001", "date of birth"),  # month 13
    ("3302263102850001", "date of birth"),  # 31 February
    ("3302262902010001", "date of birth"),  # 29 February 1901 / 2001: no leap year
    ("3302264705850000", "last four"),
])
def test_nik_validation_table(value: str, problem: str | None) -> None:
    found = nik.error(value)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_clean_removes_spaces_dots_and_dashes() -> None:
    assert nik.clean("3302 2647.0585-0001") == WOMAN_1985


@pytest.mark.parametrize(("birth", "gender", "warnings"), [
    (date(1985, 5, 7), "P", 0),
    (date(1985, 5, 8), "P", 1),  # another day
    (date(1986, 5, 7), "P", 1),  # another year
    (date(1985, 5, 7), "L", 1),  # a woman's NIK, recorded as a man
    (date(1984, 5, 8), "L", 2),
    (None, None, 0),
])
def test_disagreement_with_the_register_is_a_warning(birth: date | None, gender: str | None,
                                                      warnings: int) -> None:
    assert len(nik.warnings(WOMAN_1985, birth_date=birth, gender=gender)) == warnings


@given(st.dates(date(1930, 1, 1), date(2010, 12, 31)), st.booleans(),
       st.integers(1, 9999))
def test_a_composed_nik_is_valid_and_agrees_with_its_own_data(birth: date, female: bool,
                                                              serial: int) -> None:
    value = nik.make("330226", birth, female, serial)
    assert nik.error(value) is None
    parts = nik.parse(value)
    assert parts.matches(birth) and parts.female is female
    assert nik.warnings(value, birth_date=birth, gender="P" if female else "L") == []
