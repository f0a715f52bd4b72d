"""Members in and out of spreadsheets: import (all or nothing), export, and the blank template.

One row per placement: `member_no, name, nik, gender, birth_date, village, joined_on, education,
migrant_status, destination_country, sector, departure_date, return_date` and, optionally,
`address, phone, district, job, agency`. Indonesian headers (`no_anggota`, `nama`, `negara_tujuan`,
...) are accepted too. More rows with the same member number add placements; the member's own
cells may be left blank on those rows but must not contradict the first.

`preview_import` reads and checks the whole file without saving anything and lists every problem
with its row, column and reason; `import_members` saves only when there is none. A member already
in the register is left as it is (a row that contradicts it is a problem: change members in the
form), and a placement already recorded is not added again, so importing the same file twice adds
nothing the second time — and exporting, then importing the export, changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.db import utcnow
from coopdesk.errors import Problem, ValidationError
from coopdesk.i18n import _
from coopdesk.members.household import PlacementData, check_placement
from coopdesk.members.models import Member, Placement
from coopdesk.members.register import MemberData, check_member
from coopdesk.members.vocab import (
    parse_date_text,
    parse_education,
    parse_gender,
    parse_migrant_status,
    parse_sector,
)
from coopdesk.progress import NO_PROGRESS, Progress, report
from coopdesk.tabular import Cell, Sheet, read_table, write_csv, write_xlsx

REQUIRED = ("member_no", "name", "nik", "gender", "birth_date", "village", "joined_on",
            "education", "migrant_status", "destination_country", "sector", "departure_date",
            "return_date")
OPTIONAL = ("address", "phone", "district", "job", "agency")
COLUMNS = REQUIRED + OPTIONAL
MUST_HAVE = ("member_no", "name")  # the columns a file cannot leave out
MEMBER_FIELDS = ("name", "nik", "gender", "birth_date", "village", "joined_on", "education",
                 "migrant_status", "address", "phone", "district")

INDONESIAN = {
    "member_no": "no_anggota", "name": "nama", "nik": "nik", "gender": "jenis_kelamin",
    "birth_date": "tanggal_lahir", "village": "desa", "joined_on": "tanggal_masuk",
    "education": "pendidikan", "migrant_status": "status_migran",
    "destination_country": "negara_tujuan", "sector": "sektor",
    "departure_date": "tanggal_berangkat", "return_date": "tanggal_pulang", "address": "alamat",
    "phone": "telepon", "district": "kecamatan", "job": "pekerjaan", "agency": "agensi",
}
_MORE_ALIASES = {
    "nomor anggota": "member_no", "no. anggota": "member_no", "no": "member_no",
    "nama lengkap": "name", "jk": "gender", "l/p": "gender", "tgl lahir": "birth_date",
    "desa/kelurahan": "village", "kelurahan": "village", "tgl masuk": "joined_on",
    "status pmi": "migrant_status", "negara": "destination_country", "tgl berangkat":
    "departure_date", "tgl pulang": "return_date", "no hp": "phone", "hp": "phone",
    "no. hp": "phone", "p3mi": "agency", "agen": "agency", "jabatan": "job",
}


def _aliases() -> dict[str, str]:
    found = dict(_MORE_ALIASES)
    for canonical, indonesian in INDONESIAN.items():
        for name in (canonical, indonesian):
            found[name] = canonical
            found[name.replace("_", " ")] = canonical
    return found


@dataclass(frozen=True)
class ImportRow:
    """One row as it will be saved (for the preview table)."""

    row: int
    member: MemberData
    placement: PlacementData | None
    new_member: bool
    new_placement: bool


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[ImportRow, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    members_new: int = 0
    placements_new: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Plan:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    first: dict[str, tuple[int, MemberData]] = field(default_factory=dict)
    placements: set[tuple[object, ...]] = field(default_factory=set)
    members: dict[str, Member] = field(default_factory=dict)  # already in the register
    niks: dict[str, str] = field(default_factory=dict)  # NIK -> member_no, in the register
    file_niks: dict[str, str] = field(default_factory=dict)  # NIK -> member_no, in the file


# --- reading a file -----------------------------------------------------------------------------


def _looks_like_formula(value: str) -> bool:
    """Text a spreadsheet would run. Unlike tabular's check, "+62 812-555" is a phone number."""
    if value[:1] in ("=", "@", "\t", "\r"):
        return True
    if value[:1] in ("+", "-") and len(value) > 1:
        return value[1:].strip("0123456789 .,-()") != ""
    return False


def _cells(number: int, raw: dict[str, str], problems: list[Problem]) -> dict[str, str]:
    cells: dict[str, str] = {}
    for column in COLUMNS:
        value = raw.get(column, "").strip()
        if value.startswith("'"):
            value = value[1:]  # a spreadsheet's "this is text" mark, as our export writes it
        if value and _looks_like_formula(value):
            problems.append(Problem(_("Looks like a spreadsheet formula; type the value "
                                      "itself."), number, column))
            value = ""
        cells[column] = "" if value == "-" else value
    return cells


def _parse_member(number: int, c: dict[str, str], problems: list[Problem]) -> MemberData:
    def bad(column: str, reason: str) -> None:
        problems.append(Problem(reason, number, column))

    def day(column: str) -> date | None:
        if not c[column]:
            return None
        parsed = parse_date_text(c[column])
        if parsed is None:
            bad(column, _("“{value}” is not a date; write YYYY-MM-DD or DD/MM/YYYY.").format(
                value=c[column]))
        return parsed

    gender = parse_gender(c["gender"]) if c["gender"] else None
    if c["gender"] and gender is None:
        bad("gender", _("“{value}” is not a gender; use L or P (or M or F).").format(
            value=c["gender"]))
    education = parse_education(c["education"]) if c["education"] else None
    if c["education"] and education is None:
        bad("education", _("Unknown education level “{value}”; use SD, SMP, SMA, SMK, D1–D4, "
                           "S1–S3 or none.").format(value=c["education"]))
    migrant = parse_migrant_status(c["migrant_status"]) if c["migrant_status"] else ""
    if migrant is None:
        bad("migrant_status", _("Unknown migrant status “{value}”; use none, prospective, "
                                "abroad, returned or family.").format(value=c["migrant_status"]))
    return MemberData(
        name=c["name"], member_no=c["member_no"] or None, nik=c["nik"] or None, gender=gender,
        birth_date=day("birth_date"), address=c["address"] or None,
        village=c["village"] or None, district=c["district"] or None,
        phone=c["phone"] or None, education=education, joined_on=day("joined_on"),
        migrant_status=migrant or "",  # blank: "none", or the first row's when repeated
    ).cleaned()


def _parse_placement(number: int, c: dict[str, str], problems: list[Problem]
                     ) -> PlacementData | None:
    placement_cells = ("destination_country", "sector", "departure_date", "return_date", "job",
                       "agency")
    if not any(c[k] for k in placement_cells):
        return None
    found: list[Problem] = []
    if not c["destination_country"]:
        found.append(Problem(_("A placement needs the destination country."), number,
                             "destination_country"))
    sector = parse_sector(c["sector"])
    if sector is None:
        found.append(Problem(_("The sector is formal or informal."), number, "sector"))
    dates: dict[str, date | None] = {}
    for column in ("departure_date", "return_date"):
        dates[column] = parse_date_text(c[column]) if c[column] else None
        if c[column] and dates[column] is None:
            found.append(Problem(_("“{value}” is not a date; write YYYY-MM-DD or DD/MM/YYYY.")
                                 .format(value=c[column]), number, column))
    data = PlacementData(country=c["destination_country"], sector=sector or "",
                         job=c["job"] or None, departure_date=dates["departure_date"],
                         return_date=dates["return_date"], agency=c["agency"] or None)
    if c["destination_country"] and sector is not None and not found:
        data, more = check_placement(data)
        found += [replace(p, row=number) for p in more]
    problems.extend(found)
    return data if not found else None


def _merge(plan: _Plan, number: int, member: MemberData) -> MemberData:
    """A later row of the same member: blanks take the first row's values, others must agree."""
    no = member.member_no or ""
    if no not in plan.first:
        plan.first[no] = (number, member)
        return member
    first_row, first = plan.first[no]
    merged = {}
    for name in MEMBER_FIELDS:
        mine, theirs = getattr(member, name), getattr(first, name)
        if mine not in (None, "") and theirs not in (None, "") and mine != theirs:
            plan.problems.append(Problem(
                _("Member {no} appears again with different data: row {first} says “{theirs}”, "
                  "this row says “{mine}”.").format(no=no, first=first_row, theirs=theirs,
                                                    mine=mine), number, name))
        merged[name] = theirs if theirs not in (None, "") else mine
    return replace(first, **merged)


def _existing(session: Session) -> tuple[dict[str, Member], dict[str, str], set[tuple[object,
                                                                                      ...]]]:
    members = {m.member_no: m for m in session.scalars(select(Member))}
    niks = {m.nik: m.member_no for m in members.values() if m.nik}
    by_id = {m.id: m.member_no for m in members.values()}
    placed: set[tuple[object, ...]] = {
        (by_id[p.member_id], p.country, p.departure_date, p.sector)
        for p in session.scalars(select(Placement))
    }
    return members, niks, placed


def _against_register(plan: _Plan, number: int, member: MemberData, existing: Member | None
                      ) -> None:
    no = member.member_no or ""
    if member.nik and plan.niks.get(member.nik, no) != no:
        plan.problems.append(Problem(_("Member {other} already has this NIK.").format(
            other=plan.niks[member.nik]), number, "nik"))
    if existing is None:
        return
    for name in MEMBER_FIELDS:
        mine, theirs = getattr(member, name), getattr(existing, name)
        if mine not in (None, "") and mine != theirs:
            plan.problems.append(Problem(
                _("Member {no} is already in the register with {column} “{theirs}”; change "
                  "members in the member form, not by import.").format(
                    no=no, column=name, theirs=theirs if theirs is not None else ""),
                number, name))


def preview_import(session: Session, path: Path, *, progress: Progress = NO_PROGRESS
                   ) -> ImportPreview:
    """Read and check the whole file; save nothing."""
    require(session, Capability.REGISTER)
    require(session, Capability.SENSITIVE)
    table = read_table(path, aliases=_aliases())
    missing = [c for c in MUST_HAVE if c not in table.header]
    if missing:
        raise ValidationError(
            _("The file has no column {columns}; the first row must name the columns.")
            .format(columns=", ".join(missing)),
            [Problem(_("Missing column."), 1, c) for c in missing])
    members, niks, placed = _existing(session)
    plan = _Plan(placements=placed, members=members, niks=niks)
    for i, raw in enumerate(table.rows):
        if i % 1000 == 0:
            report(progress, i, len(table.rows))
        _plan_row(plan, raw.number, raw.cells)
    report(progress, len(table.rows), len(table.rows))
    new_members = {r.member.member_no for r in plan.rows if r.new_member}
    return ImportPreview(
        rows=tuple(plan.rows), problems=tuple(sorted(plan.problems, key=_where)),
        warnings=tuple(plan.warnings), members_new=len(new_members),
        placements_new=sum(1 for r in plan.rows if r.new_placement),
    )


def _where(p: Problem) -> tuple[int, int]:
    return (p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else len(COLUMNS))


def _plan_row(plan: _Plan, number: int, raw: dict[str, str]) -> None:
    before = len(plan.problems)
    c = _cells(number, raw, plan.problems)
    if not c["member_no"]:
        plan.problems.append(Problem(_("The member number is missing."), number, "member_no"))
        return
    member = _parse_member(number, c, plan.problems)
    placement = _parse_placement(number, c, plan.problems)
    repeat = member.member_no in plan.first
    member = _merge(plan, number, member)
    if not member.migrant_status:
        member = replace(member, migrant_status="none")
    if not repeat:
        check = check_member(None, member)
        plan.problems += [replace(p, row=number) for p in check.errors
                          if p.column not in _problem_columns(plan, number)]
        plan.warnings += [replace(p, row=number) for p in check.warnings]
        _against_register(plan, number, member, plan.members.get(member.member_no or ""))
        if member.nik and plan.file_niks.setdefault(member.nik, member.member_no or "") != (
                member.member_no):
            plan.problems.append(Problem(_("Member {other} in this file has the same NIK.")
                                         .format(other=plan.file_niks[member.nik]), number,
                                         "nik"))
    if len(plan.problems) > before:
        return
    key = None
    if placement is not None:
        key = (member.member_no, placement.country, placement.departure_date, placement.sector)
    new_placement = key is not None and key not in plan.placements
    if key is not None:
        plan.placements.add(key)
    plan.rows.append(ImportRow(number, member, placement,
                               new_member=member.member_no not in plan.members and not repeat,
                               new_placement=new_placement))


def _problem_columns(plan: _Plan, number: int) -> set[str | None]:
    return {p.column for p in plan.problems if p.row == number}


# --- saving -------------------------------------------------------------------------------------

_MEMBER = cast(Table, Member.__table__)
_PLACEMENT = cast(Table, Placement.__table__)


@dataclass(frozen=True)
class ImportResult:
    members_added: int
    placements_added: int
    rows: int
    warnings: tuple[Problem, ...]


def import_members(session: Session, path: Path, *, progress: Progress = NO_PROGRESS
                   ) -> ImportResult:
    """Import the file if every row is good; otherwise refuse with every problem."""
    preview = preview_import(session, path, progress=progress)
    if not preview.ok:
        raise ValidationError(_("Nothing was imported: the file has {n} problems.").format(
            n=len(preview.problems)), preview.problems)
    now = utcnow()
    new_rows = [r for r in preview.rows if r.new_member]
    member_rows = [
        {**{f.name: getattr(r.member, f.name) for f in fields(MemberData)},
         "status": "anggota", "created_at": now, "updated_at": now}
        for r in new_rows
    ]
    ids: dict[str, int] = {}
    if member_rows:
        inserted = session.scalars(
            insert(_MEMBER).returning(_MEMBER.c.id, sort_by_parameter_order=True), member_rows)
        ids = {r.member.member_no or "": i for r, i in zip(new_rows, inserted, strict=True)}
    wanted = [r for r in preview.rows if r.new_placement and r.placement is not None]
    if wanted:
        others = {r.member.member_no for r in wanted} - set(ids)
        known = {no: i for no, i in session.execute(
            select(Member.member_no, Member.id).where(Member.member_no.in_(others)))}
        ids.update(known)
        session.connection().execute(insert(_PLACEMENT), [
            {**_placement_row(r.placement), "member_id": ids[r.member.member_no or ""],
             "created_at": now}
            for r in wanted if r.placement is not None
        ])
    audit.record(session, "members.import", entity="member", entity_id=path.name,
                 after={"file": path.name, "sha256": _digest(path), "rows": len(preview.rows),
                        "members": len(member_rows), "placements": len(wanted)})
    return ImportResult(len(member_rows), len(wanted), len(preview.rows), preview.warnings)


def _placement_row(p: PlacementData) -> dict[str, object]:
    # Not dataclasses.asdict: it deep-copies every value, a third of the import's own time.
    return {f.name: getattr(p, f.name) for f in fields(PlacementData)}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- exporting ----------------------------------------------------------------------------------


def export_rows(session: Session) -> list[list[Cell]]:
    """Every member, one row per placement (a member without placements has one row)."""
    require(session, Capability.SENSITIVE)
    by_member: dict[int, list[Placement]] = {}
    for stay in session.scalars(select(Placement).order_by(Placement.departure_date,
                                                           Placement.id)):
        by_member.setdefault(stay.member_id, []).append(stay)
    rows: list[list[Cell]] = []
    for m in session.scalars(select(Member).order_by(Member.member_no)):
        base: dict[str, Cell] = {
            "member_no": m.member_no, "name": m.name, "nik": m.nik, "gender": m.gender,
            "birth_date": m.birth_date, "village": m.village, "joined_on": m.joined_on,
            "education": m.education, "migrant_status": m.migrant_status,
            "address": m.address, "phone": m.phone, "district": m.district,
        }
        stays: list[Placement | None] = list(by_member.get(m.id, ())) or [None]
        for p in stays:
            place: dict[str, Cell] = {} if p is None else {
                "destination_country": p.country, "sector": p.sector,
                "departure_date": p.departure_date, "return_date": p.return_date,
                "job": p.job, "agency": p.agency}
            rows.append([{**base, **place}.get(c) for c in COLUMNS])
    return rows


def export_members(session: Session, path: Path) -> int:
    """Write the register to CSV or XLSX (by the file's extension); return the rows written."""
    rows = export_rows(session)
    if path.suffix.lower() == ".xlsx":
        write_xlsx(path, [Sheet(_("Members"), list(COLUMNS), rows,
                                widths=[10, 28, 19, 6, 12, 16, 12, 9, 13, 9, 9, 12, 12, 30, 16,
                                        16, 16, 24])])
    else:
        write_csv(path, list(COLUMNS), rows)
    audit.record(session, "members.export", entity="member", entity_id=path.name,
                 after={"rows": len(rows)})
    return len(rows)


def write_template(path: Path, *, today: date | None = None) -> None:
    """A blank import file with Indonesian headers, an example row, and a sheet of the values."""
    example: Sequence[Cell] = [
        "A00001", "Siti Rahayu", "3302264705850001", "P", date(1985, 5, 7), "Kuntili",
        today or date.today(), "SMP", "returned", "HK", "informal", date(2015, 3, 2),
        date(2019, 3, 1), "RT 02 RW 01, Kuntili", "081234567890", "Sumpiuh",
        "Pekerja rumah tangga", "PT Contoh Jaya",
    ]
    guide = [
        ["jenis_kelamin", "L / P (M / F)"],
        ["pendidikan", "SD, SMP, SMA, SMK, D1, D2, D3, D4, S1, S2, S3, none"],
        ["status_migran", "none, prospective (calon), abroad (aktif), returned (purna), "
                          "family (keluarga)"],
        ["negara_tujuan", "HK, TW, MY, SG, SA, KR, JP ... / Hong Kong, Taiwan, Malaysia ..."],
        ["sektor", "formal / informal"],
        ["tanggal", "YYYY-MM-DD / DD/MM/YYYY"],
        [_("more placements"), _("one row per placement, with the same no_anggota")],
    ]
    write_xlsx(path, [
        Sheet(_("Members"), [INDONESIAN[c] for c in COLUMNS], [example],
              widths=[12, 24, 19, 14, 14, 14, 14, 11, 14, 14, 9, 17, 15, 26, 15, 14, 20, 20]),
        Sheet(_("Guide"), [_("Column"), _("Values")], guide, widths=[22, 80]),
    ])
