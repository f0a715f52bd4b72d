"""A member's stays abroad (placements) and household (spouse, children, children's caregivers).

Placements are the village register of migrant workers: where, which sector, when, through which
agency. The household is there for the third pillar, care for children left behind: who looks
after each child while a parent works abroad. Children's records are personal data: reading or
changing them needs `Capability.SENSITIVE`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, Problem, ValidationError
from coopdesk.i18n import _
from coopdesk.members import countries
from coopdesk.members.models import HouseholdPerson, Member, Placement
from coopdesk.members.register import member_id
from coopdesk.members.vocab import CAREGIVER_LABELS, SCHOOL_LEVEL_LABELS


@dataclass(frozen=True)
class PlacementData:
    country: str  # ISO alpha-2, or a name `countries.resolve` knows
    sector: str
    job: str | None = None
    departure_date: date | None = None
    return_date: date | None = None
    agency: str | None = None
    has_passport: bool = False
    has_contract: bool = False
    has_insurance: bool = False


@dataclass(frozen=True)
class PlacementView(PlacementData):
    id: int = 0
    member_id: int = 0

    @property
    def country_name(self) -> str:
        return countries.name(self.country)

    def abroad_on(self, day: date) -> bool:
        return (self.departure_date is not None and self.departure_date <= day
                and (self.return_date is None or self.return_date > day))


@dataclass(frozen=True)
class PersonData:
    relation: str  # spouse | child
    name: str
    gender: str | None = None
    birth_date: date | None = None
    school: str | None = None
    school_level: str | None = None
    caregiver: str | None = None
    caregiver_name: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class PersonView(PersonData):
    id: int = 0
    member_id: int = 0

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


# --- placements --------------------------------------------------------------------------------


def check_placement(data: PlacementData, *, today: date | None = None) -> tuple[PlacementData,
                                                                                list[Problem]]:
    """The placement with its country resolved to a code, and every problem found."""
    today = today or date.today()
    problems: list[Problem] = []
    code = countries.resolve(data.country)
    if code is None:
        problems.append(Problem(_("Unknown country “{value}”; use a country name or its "
                                  "two-letter code (HK, TW, MY).").format(value=data.country),
                                column="destination_country"))
    if data.sector not in ("formal", "informal"):
        problems.append(Problem(_("The sector is formal or informal."), column="sector"))
    if data.departure_date and data.departure_date > today + timedelta(days=730):
        problems.append(Problem(_("The departure is more than two years ahead; check the date."),
                                column="departure_date"))
    if data.return_date and data.return_date > today + timedelta(days=3650):
        problems.append(Problem(_("The return date is too far ahead; check the date."),
                                column="return_date"))
    if data.return_date and data.departure_date and data.return_date < data.departure_date:
        problems.append(Problem(_("The return date is before the departure date."),
                                column="return_date"))
    if data.return_date and not data.departure_date:
        problems.append(Problem(_("A return date needs a departure date."),
                                column="departure_date"))
    for column, value, limit in (("job", data.job, 80), ("agency", data.agency, 120)):
        if value is not None and len(value) > limit:
            problems.append(Problem(_("At most {n} characters.").format(n=limit), column=column))
    cleaned = replace(data, country=code or data.country, job=_text(data.job),
                      agency=_text(data.agency))
    return cleaned, problems


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None


def add_placement(session: Session, member_no: str, data: PlacementData, *,
                  today: date | None = None) -> PlacementView:
    require(session, Capability.REGISTER)
    mid = member_id(session, member_no)
    clean, problems = check_placement(data, today=today)
    if problems:
        raise ValidationError(_("The placement was not saved."), problems)
    row = Placement(member_id=mid, **asdict(clean))
    session.add(row)
    session.flush()
    view = _placement_view(row)
    audit.record(session, "members.add_placement", entity="placement", entity_id=row.id,
                 after={"member": member_no, **asdict(clean)})
    sync_migrant_status(session, mid, today=today)
    return view


def sync_migrant_status(session: Session, member_id_: int, *, today: date | None = None) -> str:
    """Keep the register's migrant status in step with the placements: a placement under way
    makes the member "abroad"; when the last one has ended, "abroad" becomes "returned"."""
    today = today or date.today()
    member = session.get(Member, member_id_)
    assert member is not None
    stays = [_placement_view(p) for p in session.scalars(
        select(Placement).where(Placement.member_id == member_id_))]
    status = member.migrant_status
    if any(p.abroad_on(today) for p in stays):
        status = "abroad"
    elif status == "abroad" and stays and all(p.return_date and p.return_date <= today
                                               for p in stays):
        status = "returned"
    if status != member.migrant_status:
        audit.record(session, "members.migrant_status", entity="member",
                     entity_id=member.member_no, before={"migrant_status": member.migrant_status},
                     after={"migrant_status": status})
        member.migrant_status = status
        session.flush()
    return status


def update_placement(session: Session, placement_id: int, data: PlacementData) -> PlacementView:
    require(session, Capability.REGISTER)
    row = _placement(session, placement_id)
    clean, problems = check_placement(data)
    if problems:
        raise ValidationError(_("The placement was not saved."), problems)
    before = asdict(_placement_view(row))
    for key, value in asdict(clean).items():
        setattr(row, key, value)
    session.flush()
    audit.record(session, "members.update_placement", entity="placement", entity_id=row.id,
                 before=before, after=asdict(clean))
    sync_migrant_status(session, row.member_id)
    return _placement_view(row)


def remove_placement(session: Session, placement_id: int) -> None:
    """Remove a placement entered by mistake (register data, not money; the trail keeps it)."""
    require(session, Capability.REGISTER)
    row = _placement(session, placement_id)
    before = asdict(_placement_view(row))
    session.delete(row)
    session.flush()
    audit.record(session, "members.remove_placement", entity="placement", entity_id=placement_id,
                 before=before)
    sync_migrant_status(session, before["member_id"])


def _placement(session: Session, placement_id: int) -> Placement:
    row = session.get(Placement, placement_id)
    if row is None:
        raise NotFound(_("There is no placement {id}.").format(id=placement_id))
    return row


def _placement_view(p: Placement) -> PlacementView:
    return PlacementView(
        country=p.country, sector=p.sector, job=p.job, departure_date=p.departure_date,
        return_date=p.return_date, agency=p.agency, has_passport=p.has_passport,
        has_contract=p.has_contract, has_insurance=p.has_insurance, id=p.id,
        member_id=p.member_id,
    )


def placements(session: Session, member_no: str) -> list[PlacementView]:
    """A member's placements, the most recent departure first."""
    require(session, Capability.READ)
    mid = member_id(session, member_no)
    rows = session.scalars(select(Placement).where(Placement.member_id == mid)
                           .order_by(Placement.departure_date.desc(), Placement.id.desc()))
    return [_placement_view(p) for p in rows]


# --- household ---------------------------------------------------------------------------------


def check_person(data: PersonData, *, today: date | None = None) -> list[Problem]:
    today = today or date.today()
    problems: list[Problem] = []
    if data.relation not in ("spouse", "child"):
        problems.append(Problem(_("A household member is a spouse or a child."),
                                column="relation"))
    if not data.name.strip():
        problems.append(Problem(_("Enter the name."), column="name"))
    elif len(data.name.strip()) > 120:
        problems.append(Problem(_("A name may have at most 120 characters."), column="name"))
    if data.gender is not None and data.gender not in ("L", "P"):
        problems.append(Problem(_("Gender is L (male) or P (female)."), column="gender"))
    if data.birth_date is not None and data.birth_date > today:
        problems.append(Problem(_("The birth date is in the future."), column="birth_date"))
    if data.caregiver is not None and data.caregiver not in CAREGIVER_LABELS:
        problems.append(Problem(_("Unknown caregiver “{value}”.").format(value=data.caregiver),
                                column="caregiver"))
    if data.school_level is not None and data.school_level not in SCHOOL_LEVEL_LABELS:
        problems.append(Problem(_("Unknown school level “{value}”.").format(
            value=data.school_level), column="school_level"))
    return problems


def _clean_person(data: PersonData) -> PersonData:
    return replace(data, name=" ".join(data.name.split()), school=_text(data.school),
                   caregiver_name=_text(data.caregiver_name), notes=_text(data.notes))


def add_person(session: Session, member_no: str, data: PersonData) -> PersonView:
    require(session, Capability.REGISTER)
    require(session, Capability.SENSITIVE)
    mid = member_id(session, member_no)
    problems = check_person(data)
    if problems:
        raise ValidationError(_("The household member was not saved."), problems)
    clean = _clean_person(data)
    row = HouseholdPerson(member_id=mid, **asdict(clean))
    session.add(row)
    session.flush()
    audit.record(session, "members.add_household", entity="household_person", entity_id=row.id,
                 after={"member": member_no, **asdict(clean)})
    return _person_view(row)


def update_person(session: Session, person_id: int, data: PersonData) -> PersonView:
    require(session, Capability.REGISTER)
    require(session, Capability.SENSITIVE)
    row = _person(session, person_id)
    problems = check_person(data)
    if problems:
        raise ValidationError(_("The household member was not saved."), problems)
    before = asdict(_person_view(row))
    clean = _clean_person(data)
    for key, value in asdict(clean).items():
        setattr(row, key, value)
    session.flush()
    audit.record(session, "members.update_household", entity="household_person",
                 entity_id=row.id, before=before, after=asdict(clean))
    return _person_view(row)


def remove_person(session: Session, person_id: int) -> None:
    require(session, Capability.REGISTER)
    require(session, Capability.SENSITIVE)
    row = _person(session, person_id)
    before = asdict(_person_view(row))
    session.delete(row)
    session.flush()
    audit.record(session, "members.remove_household", entity="household_person",
                 entity_id=person_id, before=before)


def _person(session: Session, person_id: int) -> HouseholdPerson:
    row = session.get(HouseholdPerson, person_id)
    if row is None:
        raise NotFound(_("There is no household member {id}.").format(id=person_id))
    return row


def _person_view(p: HouseholdPerson) -> PersonView:
    return PersonView(
        relation=p.relation, name=p.name, gender=p.gender, birth_date=p.birth_date,
        school=p.school, school_level=p.school_level, caregiver=p.caregiver,
        caregiver_name=p.caregiver_name, notes=p.notes, id=p.id, member_id=p.member_id,
    )


def household(session: Session, member_no: str) -> list[PersonView]:
    """The spouse first, then the children from the eldest."""
    require(session, Capability.SENSITIVE)
    mid = member_id(session, member_no)
    rows = session.scalars(
        select(HouseholdPerson).where(HouseholdPerson.member_id == mid)
        .order_by(HouseholdPerson.relation.desc(), HouseholdPerson.birth_date,
                  HouseholdPerson.id))
    return [_person_view(p) for p in rows]


def member_of_person(session: Session, person_id: int) -> str:
    """The member number a household member belongs to."""
    row = session.execute(select(Member.member_no).join(
        HouseholdPerson, HouseholdPerson.member_id == Member.id)
        .where(HouseholdPerson.id == person_id)).scalar()
    if row is None:
        raise NotFound(_("There is no household member {id}.").format(id=person_id))
    return row
