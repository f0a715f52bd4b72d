"""The member register: add, change, find and read members.

`check_member` finds every problem in a member's data at once — errors that refuse the save and
warnings that only ask the treasurer to look again (a NIK that disagrees with the birth date) —
so the form can show them as the user types and the import can list them per row. The list and
its search are plain SQL on indexed columns, returning keys first and rows on demand, so the
member list stays instant with ten thousand members.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, can_see_sensitive, mask, redact, require
from coopdesk.db import utcnow
from coopdesk.errors import NotFound, Problem, ValidationError
from coopdesk.i18n import _
from coopdesk.members import nik as nik_rules
from coopdesk.members.models import MEMBER_STATUSES, MIGRANT_STATUSES, Member
from coopdesk.members.vocab import EDUCATION_CODES

MEMBER_NO = re.compile(r"[A-Za-z0-9][A-Za-z0-9./-]{0,19}")
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,28}")
MIN_AGE = 15  # older than any village child; a younger "member" is a typing slip


@dataclass(frozen=True)
class MemberData:
    """A member's register data, parsed (as the form or the import hands it over)."""

    name: str
    member_no: str | None = None  # None: the next free number
    nik: str | None = None
    gender: str | None = None
    birth_date: date | None = None
    address: str | None = None
    village: str | None = None
    district: str | None = None
    phone: str | None = None
    education: str | None = None
    joined_on: date | None = None
    status: str = "anggota"
    migrant_status: str = "none"
    notes: str | None = None

    def cleaned(self) -> MemberData:
        def text(value: str | None) -> str | None:
            if value is None:
                return None
            tidy = " ".join(value.split())
            return tidy or None

        return replace(
            self, name=" ".join(self.name.split()),
            member_no=text(self.member_no.upper()) if self.member_no else None,
            nik=nik_rules.clean(self.nik) or None if self.nik else None,
            address=text(self.address), village=text(self.village),
            district=text(self.district), phone=text(self.phone), notes=text(self.notes),
            education=self.education.upper() if self.education else None,
        )


@dataclass(frozen=True)
class Check:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class MemberRow:
    """One line of the member list."""

    id: int
    member_no: str
    name: str
    nik: str | None  # masked for roles that may not see personal data
    gender: str | None
    village: str | None
    status: str
    migrant_status: str
    joined_on: date | None


@dataclass(frozen=True)
class MemberView:
    """A member as the form shows it (personal data masked for roles without the right)."""

    id: int
    member_no: str
    name: str
    nik: str | None
    gender: str | None
    birth_date: date | None
    address: str | None
    village: str | None
    district: str | None
    phone: str | None
    education: str | None
    joined_on: date | None
    left_on: date | None
    left_reason: str | None
    status: str
    migrant_status: str
    notes: str | None
    warnings: tuple[str, ...] = ()

    def data(self) -> MemberData:
        """The editable part, for a form to start from."""
        keys = MemberData.__dataclass_fields__
        return MemberData(**{k: v for k, v in asdict(self).items() if k in keys})


# --- checking ------------------------------------------------------------------------------------


def check_member(session: Session | None, data: MemberData, *, member_id: int | None = None,
                 today: date | None = None) -> Check:
    """Every error and warning in `data` (cleaned first); with a session, also uniqueness."""
    d = data.cleaned()
    errors = _identity_errors(d) + _date_errors(d, today or date.today()) + _code_errors(d)
    warnings: list[Problem] = []
    if d.nik:
        problem = nik_rules.error(d.nik)
        if problem:
            errors.append(Problem(problem, column="nik"))
        else:
            warnings += [Problem(w, column="nik") for w in
                         nik_rules.warnings(d.nik, birth_date=d.birth_date, gender=d.gender)]
    if session is not None:
        errors += _uniqueness(session, d, member_id)
    return Check(errors, warnings)


def _identity_errors(d: MemberData) -> list[Problem]:
    found = []
    if not d.name:
        found.append(Problem(_("Enter the member's name."), column="name"))
    elif len(d.name) > 120:
        found.append(Problem(_("A name may have at most 120 characters."), column="name"))
    if d.member_no is not None and not MEMBER_NO.fullmatch(d.member_no):
        found.append(Problem(_("A member number has letters, digits, dots, dashes or slashes "
                               "(at most 20), e.g. A00012."), column="member_no"))
    if d.phone is not None and not PHONE.fullmatch(d.phone):
        found.append(Problem(_("A phone number has digits only (a leading + is fine)."),
                             column="phone"))
    for column, value, limit in (("address", d.address, 255), ("village", d.village, 80),
                                 ("district", d.district, 80), ("notes", d.notes, 500)):
        if value is not None and len(value) > limit:
            found.append(Problem(_("At most {n} characters.").format(n=limit), column=column))
    return found


def _date_errors(d: MemberData, today: date) -> list[Problem]:
    found = []
    if d.birth_date is not None:
        if d.birth_date > today:
            found.append(Problem(_("The birth date is in the future."), column="birth_date"))
        elif d.birth_date > _years_before(today, MIN_AGE):
            found.append(Problem(_("A member must be at least {n} years old.").format(
                n=MIN_AGE), column="birth_date"))
        elif d.birth_date.year < 1900:
            found.append(Problem(_("The birth date is too long ago; check the year."),
                                 column="birth_date"))
    if d.joined_on is not None:
        if d.joined_on > today + timedelta(days=366):
            found.append(Problem(_("The joining date is more than a year ahead; check the "
                                   "date."), column="joined_on"))
        if d.birth_date is not None and d.joined_on < d.birth_date:
            found.append(Problem(_("The member joined before being born; check both dates."),
                                 column="joined_on"))
    return found


def _code_errors(d: MemberData) -> list[Problem]:
    found = []
    if d.gender is not None and d.gender not in ("L", "P"):
        found.append(Problem(_("Gender is L (male) or P (female)."), column="gender"))
    if d.education is not None and d.education not in EDUCATION_CODES:
        found.append(Problem(_("Unknown education level “{value}”.").format(
            value=d.education), column="education"))
    if d.status not in MEMBER_STATUSES:
        found.append(Problem(_("Unknown member status “{value}”.").format(value=d.status),
                             column="status"))
    if d.migrant_status not in MIGRANT_STATUSES:
        found.append(Problem(_("Unknown migrant status “{value}”.").format(
            value=d.migrant_status), column="migrant_status"))
    return found


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _uniqueness(session: Session, d: MemberData, member_id: int | None) -> list[Problem]:
    found: list[Problem] = []
    if d.member_no:
        other = session.scalar(select(Member.id).where(Member.member_no == d.member_no))
        if other is not None and other != member_id:
            found.append(Problem(_("Member number {no} is already taken.").format(
                no=d.member_no), column="member_no"))
    if d.nik:
        row = session.execute(select(Member.id, Member.member_no)
                              .where(Member.nik == d.nik)).first()
        if row is not None and row.id != member_id:
            found.append(Problem(_("Member {no} already has this NIK.").format(no=row.member_no),
                                 column="nik"))
    return found


# --- changing -----------------------------------------------------------------------------------


def next_member_no(session: Session, prefix: str = "A") -> str:
    """The next number in the `A00001` series (after the highest one used)."""
    numbers = session.scalars(select(Member.member_no).where(Member.member_no.like(f"{prefix}%")))
    highest = max((int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{highest + 1:05d}"


def add_member(session: Session, data: MemberData, *, today: date | None = None) -> MemberView:
    """Register a member; refuse with every problem at once. Warnings come back on the view."""
    require(session, Capability.REGISTER)
    d = data.cleaned()
    if d.member_no is None:
        d = replace(d, member_no=next_member_no(session))
    check = check_member(session, d, today=today)
    if not check.ok:
        raise ValidationError(_("The member was not saved."), check.errors)
    member = Member(**_columns(d), created_at=utcnow(), updated_at=utcnow())
    session.add(member)
    session.flush()
    view = _view(session, member, check)
    audit.record(session, "members.add", entity="member", entity_id=member.member_no,
                 after=_audit_view(view))
    return view


def update_member(session: Session, member_no: str, data: MemberData, *,
                  today: date | None = None) -> MemberView:
    """Change a member's register data (the number may change too, if the new one is free)."""
    require(session, Capability.REGISTER)
    member = _get(session, member_no)
    d = data.cleaned()
    if d.member_no is None:
        d = replace(d, member_no=member.member_no)
    if d.nik is not None and "*" in d.nik:  # a masked NIK shown to the user, left as it was
        d = replace(d, nik=member.nik)
    check = check_member(session, d, member_id=member.id, today=today)
    if not check.ok:
        raise ValidationError(_("The member was not saved."), check.errors)
    before = _audit_view(_view(session, member, Check()))
    for key, value in _columns(d).items():
        setattr(member, key, value)
    member.updated_at = utcnow()
    session.flush()
    view = _view(session, member, check)
    audit.record(session, "members.update", entity="member", entity_id=member.member_no,
                 before=before, after=_audit_view(view))
    return view


def _columns(d: MemberData) -> dict[str, object]:
    return {
        "member_no": d.member_no, "name": d.name, "nik": d.nik, "gender": d.gender,
        "birth_date": d.birth_date, "address": d.address, "village": d.village,
        "district": d.district, "phone": d.phone, "education": d.education,
        "joined_on": d.joined_on, "status": d.status, "migrant_status": d.migrant_status,
        "notes": d.notes,
    }


def _audit_view(v: MemberView) -> dict[str, object]:
    view = asdict(v)
    view.pop("warnings")
    return view


def set_photo(session: Session, member_no: str, filename: str, data: bytes) -> int:
    """Keep a photo of the member in the book (PNG or JPEG); returns its attachment id."""
    from coopdesk.attachments import add_attachment
    from coopdesk.errors import UserError

    require(session, Capability.REGISTER)
    if not (data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8")):
        raise UserError(_("The photo must be a PNG or JPEG picture."))
    member = _get(session, member_no)
    before = member.photo_id
    member.photo_id = add_attachment(session, "member_photo", filename, data)
    member.updated_at = utcnow()
    session.flush()
    audit.record(session, "members.photo", entity="member", entity_id=member.member_no,
                 before={"photo": before}, after={"photo": member.photo_id, "file": filename})
    return member.photo_id


def photo(session: Session, member_no: str) -> bytes | None:
    """The member's photo, or None."""
    from coopdesk.attachments import attachment_bytes

    require(session, Capability.READ)
    member = _get(session, member_no)
    return attachment_bytes(session, member.photo_id) if member.photo_id else None


# --- reading -----------------------------------------------------------------------------------


def _get(session: Session, member_no: str) -> Member:
    member = session.scalar(select(Member).where(Member.member_no == member_no.strip().upper()))
    if member is None:
        raise NotFound(_("There is no member {no}.").format(no=member_no))
    return member


def member_id(session: Session, member_no: str) -> int:
    """The id of member `member_no` (for services that post on the member's behalf)."""
    found = session.scalar(select(Member.id).where(Member.member_no == member_no.strip().upper()))
    if found is None:
        raise NotFound(_("There is no member {no}.").format(no=member_no))
    return found


def _view(session: Session, m: Member, check: Check) -> MemberView:
    return MemberView(
        id=m.id, member_no=m.member_no, name=m.name, nik=redact(session, m.nik),
        gender=m.gender, birth_date=m.birth_date, address=m.address, village=m.village,
        district=m.district, phone=m.phone, education=m.education, joined_on=m.joined_on,
        left_on=m.left_on, left_reason=m.left_reason, status=m.status,
        migrant_status=m.migrant_status, notes=m.notes,
        warnings=tuple(p.reason for p in check.warnings),
    )


def get_member(session: Session, member_no: str) -> MemberView:
    require(session, Capability.READ)
    m = _get(session, member_no)
    check = Check(warnings=[Problem(w) for w in nik_rules.warnings(
        m.nik, birth_date=m.birth_date, gender=m.gender)]) if m.nik else Check()
    return _view(session, m, check)


def get_member_by_id(session: Session, member_id_: int) -> MemberView:
    require(session, Capability.READ)
    m = session.get(Member, member_id_)
    if m is None:
        raise NotFound(_("There is no member with id {id}.").format(id=member_id_))
    return _view(session, m, Check())


_ROW_COLUMNS = (Member.id, Member.member_no, Member.name, Member.nik, Member.gender,
                Member.village, Member.status, Member.migrant_status, Member.joined_on)


def _search_filter(session: Session, text: str) -> ColumnElement[bool] | None:
    words = text.split()
    if not words:
        return None
    # SQLite's LIKE ignores case already; lower() on both sides would only slow it down.
    sqlite = session.get_bind().dialect.name == "sqlite"
    conditions = []
    for word in words:
        like = f"%{_escape_like(word)}%"
        prefix = f"{_escape_like(word)}%"
        if sqlite:
            options = [Member.name.like(like, escape="\\"),
                       Member.village.like(like, escape="\\"),
                       Member.member_no.like(prefix, escape="\\")]
        else:
            options = [Member.name.ilike(like, escape="\\"),
                       Member.village.ilike(like, escape="\\"),
                       Member.member_no.ilike(prefix, escape="\\")]
        if word.isdigit() and can_see_sensitive(session):
            options.append(Member.nik.like(f"{word}%"))
        conditions.append(or_(*options))
    return and_(*conditions)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(session: Session, stmt: Select[tuple[int]], text: str,
              statuses: Sequence[str] | None) -> Select[tuple[int]]:
    where = _search_filter(session, text)
    if where is not None:
        stmt = stmt.where(where)
    if statuses:
        stmt = stmt.where(Member.status.in_(statuses))
    return stmt


def search_ids(session: Session, text: str = "", *, statuses: Sequence[str] | None = None
               ) -> list[int]:
    """Ids of the members matching every word of `text` (name, village, number, NIK), in list
    order (by name). A word matches a name or village anywhere, a number or NIK at its start."""
    require(session, Capability.READ)
    stmt = _filtered(session, select(Member.id), text, statuses)
    return list(session.scalars(stmt.order_by(Member.name, Member.member_no)))


def rows_by_ids(session: Session, ids: Sequence[int]) -> list[MemberRow]:
    """The list rows of these members, in the order given."""
    require(session, Capability.READ)
    if not ids:
        return []
    found = {r.id: r for r in session.execute(select(*_ROW_COLUMNS).where(Member.id.in_(ids)))}
    show_nik = can_see_sensitive(session)
    return [
        MemberRow(r.id, r.member_no, r.name, r.nik if show_nik or r.nik is None
                  else mask(r.nik), r.gender, r.village, r.status,
                  r.migrant_status, r.joined_on)
        for i in ids if (r := found.get(i)) is not None
    ]


def search(session: Session, text: str = "", *, statuses: Sequence[str] | None = None,
           limit: int | None = None, offset: int = 0) -> list[MemberRow]:
    """Matching members as list rows (by name), a page at a time."""
    ids = search_ids(session, text, statuses=statuses)
    end = None if limit is None else offset + limit
    return rows_by_ids(session, ids[offset:end])


def count_members(session: Session, *, statuses: Sequence[str] | None = None) -> int:
    require(session, Capability.READ)
    stmt = select(func.count()).select_from(Member)
    if statuses:
        stmt = stmt.where(Member.status.in_(statuses))
    return int(session.scalar(stmt) or 0)


def villages(session: Session) -> list[str]:
    """The villages already in the register (for the form's completion)."""
    require(session, Capability.READ)
    return [v for v in session.scalars(select(Member.village).distinct()
                                       .order_by(Member.village)) if v]
