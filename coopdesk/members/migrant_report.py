"""The ministry's tables, straight from the register, and the children left behind.

`placements_by(session, "country" | "education", year)` counts the placements that departed in
`year`, split by sector (informal, formal) and gender (F, M), one row per destination country (ISO
code) or education group (SD, SMP, SMA, SMK, DIPLOMA, SARJANA, NONE), rows with nothing left out,
and a total — the layout the regency's manpower office uses. A member with no gender recorded
counts in the totals only; a member with no education recorded counts as NONE.

`children_left_behind(session, as_of)` lists the children (under 18) of members abroad on that
day — by a placement that has begun and not ended, or a register status of "abroad" — with who
cares for them, and counts them by age group and caregiver for the village's learning house.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.errors import UserError
from coopdesk.i18n import N_, _
from coopdesk.members import countries
from coopdesk.members.models import HouseholdPerson, Member, Placement
from coopdesk.members.vocab import EDUCATION_GROUP_LABELS, EDUCATION_GROUPS, education_group
from coopdesk.tabular import Cell

By = Literal["country", "education"]
CSV_HEADER = ("code", "name", "informal_f", "informal_m", "informal_total", "formal_f",
              "formal_m", "formal_total", "total")
COUNT_COLUMNS = CSV_HEADER[2:]


@dataclass(frozen=True)
class MinistryRow:
    code: str
    name: str
    informal_f: int = 0
    informal_m: int = 0
    informal_other: int = 0  # no gender recorded
    formal_f: int = 0
    formal_m: int = 0
    formal_other: int = 0

    @property
    def informal_total(self) -> int:
        return self.informal_f + self.informal_m + self.informal_other

    @property
    def formal_total(self) -> int:
        return self.formal_f + self.formal_m + self.formal_other

    @property
    def total(self) -> int:
        return self.informal_total + self.formal_total

    def counts(self) -> tuple[int, ...]:
        """The counts in CSV column order (informal F, M, total, formal F, M, total, total)."""
        return tuple(getattr(self, c) for c in COUNT_COLUMNS)


@dataclass(frozen=True)
class MinistryTable:
    by: By
    year: int
    rows: tuple[MinistryRow, ...]
    total: MinistryRow

    def percent(self, row: MinistryRow, column: str) -> Decimal:
        """`row`'s share of its column's total, in percent (0 when the column is empty)."""
        whole = getattr(self.total, column)
        return Decimal(0) if not whole else Decimal(100) * getattr(row, column) / whole

    def csv_rows(self) -> list[tuple[Cell, ...]]:
        return [(r.code, r.name, *r.counts()) for r in (*self.rows, self.total)]


def _key(by: By, country: str, education: str | None) -> str:
    return country if by == "country" else education_group(education)


def placements_by(session: Session, by: By, year: int) -> MinistryTable:
    require(session, Capability.READ)
    if by not in ("country", "education"):
        raise UserError(_("Group the table by country or by education."))
    stmt = (
        select(Placement.country, Member.education, Placement.sector, Member.gender,
               func.count())
        .join(Member, Member.id == Placement.member_id)
        .where(Placement.departure_date >= date(year, 1, 1),
               Placement.departure_date <= date(year, 12, 31))
        .group_by(Placement.country, Member.education, Placement.sector, Member.gender)
    )
    counts: dict[str, Counter[str]] = {}
    for country, education, sector, gender, n in session.execute(stmt):
        suffix = {"P": "f", "L": "m"}.get(gender or "", "other")
        column = f"{sector}_{suffix}"
        counts.setdefault(_key(by, country, education), Counter())[column] += n
    rows = [MinistryRow(code, _name(by, code), **counter) for code, counter in counts.items()]
    rows = [r for r in rows if r.total]
    if by == "education":
        rows.sort(key=lambda r: EDUCATION_GROUPS.index(r.code))
    else:
        rows.sort(key=lambda r: r.code)
    total = MinistryRow("TOTAL", _("Total"), **{
        f: sum(getattr(r, f) for r in rows) for f in
        ("informal_f", "informal_m", "informal_other", "formal_f", "formal_m", "formal_other")})
    return MinistryTable(by, year, tuple(rows), total)


def _name(by: By, code: str) -> str:
    return countries.name(code) if by == "country" else _(EDUCATION_GROUP_LABELS[code])


# --- children left behind ------------------------------------------------------------------------

AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    (N_("0–5 years (under school age)"), 0, 5),
    (N_("6–12 years (primary school age)"), 6, 12),
    (N_("13–15 years (junior high age)"), 13, 15),
    (N_("16–17 years (senior high age)"), 16, 17),
)
UNKNOWN = "unknown"


@dataclass(frozen=True)
class ChildLeftBehind:
    member_no: str
    parent: str
    country: str | None
    name: str
    gender: str | None
    birth_date: date | None
    age: int | None
    school_level: str | None
    school: str | None
    caregiver: str | None
    caregiver_name: str | None


@dataclass(frozen=True)
class ChildrenReport:
    as_of: date
    children: tuple[ChildLeftBehind, ...]
    counts: dict[tuple[int, str], int] = field(default_factory=dict)  # (age group, caregiver)

    def count(self, group: int, caregiver: str) -> int:
        return self.counts.get((group, caregiver), 0)

    @property
    def caregivers(self) -> list[str]:
        """Caregiver codes that occur, in the vocabulary's order ("unknown" last)."""
        from coopdesk.members.vocab import CAREGIVER_LABELS

        seen = {c for _g, c in self.counts}
        return [c for c in (*CAREGIVER_LABELS, UNKNOWN) if c in seen]


def age_group(age: int | None) -> int:
    """Index into AGE_GROUPS, or len(AGE_GROUPS) when the age is unknown."""
    for i, (_label, low, high) in enumerate(AGE_GROUPS):
        if age is not None and low <= age <= high:
            return i
    return len(AGE_GROUPS)


def _age(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def children_left_behind(session: Session, as_of: date) -> ChildrenReport:
    """Children under 18 of members abroad on `as_of` (personal data: needs SENSITIVE)."""
    require(session, Capability.SENSITIVE)
    abroad = (
        select(Placement.member_id, func.max(Placement.country).label("country"))
        .where(Placement.departure_date <= as_of,
               or_(Placement.return_date.is_(None), Placement.return_date > as_of))
        .group_by(Placement.member_id)
        .subquery()
    )
    stmt = (
        select(Member.member_no, Member.name.label("parent"), abroad.c.country, HouseholdPerson)
        .join(HouseholdPerson, HouseholdPerson.member_id == Member.id)
        .outerjoin(abroad, abroad.c.member_id == Member.id)
        .where(HouseholdPerson.relation == "child",
               or_(abroad.c.member_id.is_not(None), Member.migrant_status == "abroad"),
               Member.status != "keluar")
        .order_by(Member.member_no, HouseholdPerson.birth_date)
    )
    children: list[ChildLeftBehind] = []
    counts: Counter[tuple[int, str]] = Counter()
    for member_no, parent, country, child in session.execute(stmt):
        age = _age(child.birth_date, as_of)
        if age is not None and (age < 0 or age >= 18):
            continue
        children.append(ChildLeftBehind(
            member_no, parent, country, child.name, child.gender, child.birth_date, age,
            child.school_level, child.school, child.caregiver, child.caregiver_name))
        counts[(age_group(age), child.caregiver or UNKNOWN)] += 1
    return ChildrenReport(as_of, tuple(children), dict(counts))
