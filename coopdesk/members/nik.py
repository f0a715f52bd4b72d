"""The NIK (Nomor Induk Kependudukan): the 16-digit national identity number, read and checked.

Digits 1–2 are the province, 3–4 the regency, 5–6 the district; 7–8 the day of birth (plus 40
for women), 9–10 the month, 11–12 the year's last two digits; 13–16 a serial number. A NIK that
is not sixteen digits, or names an impossible date, is an error. One that disagrees with the
birth date or gender in the register is only a warning: paper records are often imperfect and
the treasurer must still be able to register the member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coopdesk.i18n import _

LENGTH = 16


@dataclass(frozen=True)
class NikParts:
    province: str
    regency: str
    district: str
    birth_day: int
    birth_month: int
    birth_year_2: int  # the last two digits of the year of birth
    female: bool
    serial: str

    def matches(self, birth: date) -> bool:
        return (birth.day, birth.month, birth.year % 100) == (
            self.birth_day, self.birth_month, self.birth_year_2)


def clean(text: str) -> str:
    """A NIK as typed, with spaces, dots and dashes removed."""
    return "".join(ch for ch in text if ch not in " .-\u00a0\t")


def parse(nik: str) -> NikParts:
    """Read a cleaned NIK; raise ValueError with a plain reason when it is malformed."""
    if len(nik) != LENGTH or not nik.isascii() or not nik.isdigit():
        raise ValueError(_("A NIK has exactly 16 digits."))
    day = int(nik[6:8])
    female = day > 40
    if female:
        day -= 40
    month = int(nik[8:10])
    year2 = int(nik[10:12])
    if nik[:2] == "00" or nik[2:4] == "00":
        raise ValueError(_("The NIK's region code (first four digits) is not valid."))
    if not 1 <= month <= 12 or not 1 <= day <= 31 or not _possible(day, month, year2):
        raise ValueError(_("Digits 7 to 12 of the NIK are not a date of birth."))
    if nik[12:] == "0000":
        raise ValueError(_("The NIK's last four digits cannot all be zero."))
    return NikParts(nik[:2], nik[2:4], nik[4:6], day, month, year2, female, nik[12:])


def _possible(day: int, month: int, year2: int) -> bool:
    # The century is unknown: a 29 February is possible when either 19yy or 20yy is a leap year.
    for century in (1900, 2000):
        try:
            date(century + year2, month, day)
            return True
        except ValueError:
            continue
    return False


def error(nik: str) -> str | None:
    """Why `nik` (cleaned) is malformed, or None."""
    try:
        parse(nik)
    except ValueError as exc:
        return str(exc)
    return None


def warnings(nik: str, *, birth_date: date | None, gender: str | None) -> list[str]:
    """Disagreements between a well-formed NIK and the recorded birth date and gender."""
    try:
        parts = parse(nik)
    except ValueError:
        return []
    found: list[str] = []
    if birth_date is not None and not parts.matches(birth_date):
        found.append(_("The NIK gives the birth date {nik_date} (day-month-year), the register "
                       "{date}; check both.")
                     .format(nik_date=f"{parts.birth_day:02d}-{parts.birth_month:02d}-"
                                      f"{parts.birth_year_2:02d}",
                             date=birth_date.strftime("%d-%m-%y")))
    if gender in ("L", "P") and parts.female != (gender == "P"):
        found.append(_("The NIK is a woman's (day of birth plus 40) but the gender is male; "
                       "check both.") if parts.female else
                     _("The NIK is a man's but the gender is female; check both."))
    return found


def make(region6: str, birth: date, female: bool, serial: int) -> str:
    """Compose a NIK (for tests and the demo): region code, birth date, gender, serial."""
    day = birth.day + (40 if female else 0)
    return f"{region6}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
