"""Commands for the member register: members, placements, households, imports, migrant reports."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coopdesk.cli.context import Context, output_args, parse_date
from coopdesk.cli.registry import arg, command, group
from coopdesk.i18n import N_, _

if TYPE_CHECKING:
    from coopdesk.errors import Problem

group("members", N_("the member register: members, placements abroad, households"))
group("report", N_("reports"))


def say_problems(ctx: Context, problems: list[Problem]) -> None:
    for p in problems:
        where = []
        if p.row is not None:
            where.append(_("row {n}").format(n=p.row))
        if p.column:
            where.append(p.column)
        ctx.note(f"  {', '.join(where)}: {p.reason}" if where else f"  {p.reason}")


_MEMBER_NO = arg("member_no", help=N_("member number"))
_NAME = arg("--name", required=True, help=N_("full name"))
_GENDER = arg("--gender", default=None, help=N_("L or P"))
_BIRTH_DATE = arg("--birth-date", type=parse_date, default=None, metavar="YYYY-MM-DD",
                  help=N_("date of birth"))
_FILE = arg("file", type=Path, metavar="FILE",
            help=N_("a CSV or XLSX file (see “coopdesk members template”)"))

_MEMBER_ARGS = [
    _NAME,
    arg("--no", dest="member_no", default=None, help=N_("member number (default: the next one)")),
    arg("--nik", default=None, help=N_("national identity number (16 digits)")),
    _GENDER,
    _BIRTH_DATE,
    arg("--address", default=None, help=N_("home address")),
    arg("--village", default=None, help=N_("village (desa)")),
    arg("--district", default=None, help=N_("district (kecamatan)")),
    arg("--phone", default=None, help=N_("phone number")),
    arg("--education", default=None, help=N_("SD, SMP, SMA, SMK, D1–D4, S1–S3 or none")),
    arg("--joined", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("date of joining (default: today)")),
    arg("--status", choices=["calon", "anggota"], default="anggota",
        help=N_("calon (prospective member) or anggota (member) (default: anggota)")),
    arg("--migrant-status", default="none",
        help=N_("none, prospective, abroad, returned or family")),
]


def _member_data(args: argparse.Namespace) -> object:
    from coopdesk.errors import UserError
    from coopdesk.members.register import MemberData
    from coopdesk.members.vocab import parse_education, parse_gender, parse_migrant_status

    gender = parse_gender(args.gender) if args.gender else None
    if args.gender and gender is None:
        raise UserError(_("“{value}” is not a gender; use L or P.").format(value=args.gender))
    education = parse_education(args.education) if args.education else None
    if args.education and education is None:
        raise UserError(_("Unknown education level “{value}”.").format(value=args.education))
    migrant = parse_migrant_status(args.migrant_status)
    if migrant is None:
        raise UserError(_("Unknown migrant status “{value}”.").format(value=args.migrant_status))
    return MemberData(
        name=args.name, member_no=args.member_no, nik=args.nik, gender=gender,
        birth_date=args.birth_date, address=args.address, village=args.village,
        district=args.district, phone=args.phone, education=education,
        joined_on=args.joined or date.today(), status=args.status, migrant_status=migrant)


@command("members", "add", help=N_("register a member"), args=_MEMBER_ARGS)
def members_add(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.members import register

    data = _member_data(args)
    assert isinstance(data, register.MemberData)
    view = ctx.book().write(lambda s: register.add_member(s, data))
    ctx.say(_("Registered {name} as member {no}.").format(name=view.name, no=view.member_no))
    for w in view.warnings:
        ctx.note(_("Check: {warning}").format(warning=w))
    return 0


@command("members", "list", help=N_("list members (search by name, number, NIK or village)"),
         args=[arg("--search", default="", help=N_("words to look for")),
               arg("--status", action="append", choices=["calon", "anggota", "keluar"],
                   help=N_("only members with this status (may repeat)")),
               *output_args("csv")])
def members_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.members import register

    with ctx.book().read() as s:
        rows = register.search(s, args.search, statuses=args.status)
    ctx.emit(["csv"], csv=lambda: (
        ("member_no", "name", "nik", "gender", "village", "status", "migrant_status",
         "joined_on"),
        [(r.member_no, r.name, r.nik, r.gender, r.village, r.status, r.migrant_status,
          r.joined_on) for r in rows]))
    return 0


@command("members", "show", help=N_("show a member with placements, household and savings"),
         args=[_MEMBER_NO])
def members_show(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.access import can_see_sensitive
    from coopdesk.i18n import format_money
    from coopdesk.ledger import savings
    from coopdesk.members import countries, household, register
    from coopdesk.members.vocab import (
        CAREGIVER_LABELS,
        MIGRANT_LABELS,
        STATUS_LABELS,
        label,
    )

    with ctx.book().read() as s:
        m = register.get_member(s, args.member_no)
        stays = household.placements(s, m.member_no)
        people = household.household(s, m.member_no) if can_see_sensitive(s) else []
        saved = savings.balances(s, m.id)
    ctx.say(f"{m.member_no}  {m.name}  ({label(STATUS_LABELS, m.status)})")
    ctx.say(f"  NIK {m.nik or '-'} · {m.gender or '-'} · {m.birth_date or '-'} · "
            f"{m.village or '-'}, {m.district or '-'} · {m.phone or '-'}")
    ctx.say("  " + label(MIGRANT_LABELS, m.migrant_status))
    for p in stays:
        ctx.say(f"  - {countries.name(p.country)} ({p.sector}) {p.job or ''} "
                f"{p.departure_date or '?'} → {p.return_date or '…'}")
    for person in people:
        care = label(CAREGIVER_LABELS, person.caregiver) if person.caregiver else ""
        ctx.say(f"  * {person.relation}: {person.name} {person.birth_date or ''} {care}")
    ctx.say(_("  Savings: pokok {p}, wajib {w}, sukarela {s}").format(
        p=format_money(saved.pokok), w=format_money(saved.wajib),
        s=format_money(saved.sukarela)))
    for w in m.warnings:
        ctx.note(_("Check: {warning}").format(warning=w))
    return 0


@command("members", "import", help=N_("import members from CSV or XLSX (all or nothing)"),
         args=[_FILE,
               arg("--check", action="store_true", help=N_("only check the file; save nothing"))])
def members_import(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.errors import ValidationError
    from coopdesk.members import importing

    book = ctx.book()
    try:
        if args.check:
            with book.read() as s:
                preview = importing.preview_import(s, args.file)
            if not preview.ok:
                raise ValidationError(_("The file has {n} problems.").format(
                    n=len(preview.problems)), preview.problems)
            ctx.say(_("The file is good: {members} new members, {placements} new placements.")
                    .format(members=preview.members_new, placements=preview.placements_new))
            warnings = list(preview.warnings)
        else:
            result = book.write(lambda s: importing.import_members(s, args.file))
            ctx.say(_("Imported {members} new members and {placements} new placements from {rows} "
                      "rows.").format(members=result.members_added,
                                      placements=result.placements_added, rows=result.rows))
            warnings = list(result.warnings)
    except ValidationError as exc:
        ctx.note(exc.message)
        say_problems(ctx, exc.problems)
        return exc.exit_code
    if warnings:
        ctx.note(_("Please check ({n}):").format(n=len(warnings)))
        say_problems(ctx, warnings)
    return 0


@command("members", "export", help=N_("export the register to CSV or XLSX"),
         args=[arg("file", type=Path, metavar="FILE",
                   help=N_("the file to write: XLSX if its name ends in .xlsx, else CSV"))])
def members_export(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.members import importing

    count = ctx.book().write(lambda s: importing.export_members(s, args.file))
    ctx.note(_("Exported {n} rows to {path}.").format(n=count, path=args.file))
    return 0


@command("members", "template", help=N_("write a blank import file (XLSX) with instructions"),
         args=[arg("file", type=Path, metavar="FILE.xlsx",
                   help=N_("the XLSX file to write"))], needs_book=False)
def members_template(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.members import importing

    importing.write_template(args.file)
    ctx.wrote(args.file)
    return 0


@command("members", "placement", help=N_("record a stay abroad (placement)"), args=[
    _MEMBER_NO,
    arg("--country", required=True, help=N_("country name or ISO code (HK, TW, MY ...)")),
    arg("--sector", required=True, choices=["formal", "informal"],
        help=N_("formal (factory, plantation, ship ...) or informal (domestic work, care)")),
    arg("--job", default=None, help=N_("the job abroad, e.g. domestic worker")),
    arg("--agency", default=None, help=N_("the placement agency (P3MI)")),
    arg("--departure", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("date of departure")),
    arg("--return", dest="return_date", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("date of return (leave it out while still abroad)")),
])
def members_placement(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.members import countries, household

    data = household.PlacementData(country=args.country, sector=args.sector, job=args.job,
                                   departure_date=args.departure, return_date=args.return_date,
                                   agency=args.agency)
    p = ctx.book().write(lambda s: household.add_placement(s, args.member_no, data))
    ctx.say(_("Recorded a placement in {country} for {no}.").format(
        country=countries.name(p.country), no=args.member_no.upper()))
    return 0


@command("members", "household", help=N_("add a spouse or child to a member's household"), args=[
    _MEMBER_NO,
    arg("--relation", required=True, choices=["spouse", "child"],
        help=N_("spouse (husband or wife) or child")),
    _NAME, _GENDER, _BIRTH_DATE,
    arg("--school", default=None, help=N_("school name")),
    arg("--school-level", default=None,
        choices=["none", "paud", "sd", "smp", "sma", "higher", "left", "done"],
        help=N_("none (not yet in school), paud (PAUD/TK), sd, smp, sma (SMA/SMK), higher "
                "(college), left (left school) or done (finished school)")),
    arg("--caregiver", default=None, help=N_("who cares for the child while a parent is away: "
                                              "mother, father, grandparent, sibling, relative, "
                                              "neighbour, boarding, other")),
    arg("--caregiver-name", default=None, help=N_("the caregiver's name")),
])
def members_household(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.members import household
    from coopdesk.members.vocab import parse_caregiver, parse_gender

    data = household.PersonData(
        relation=args.relation, name=args.name,
        gender=parse_gender(args.gender) if args.gender else None, birth_date=args.birth_date,
        school=args.school, school_level=args.school_level,
        caregiver=(parse_caregiver(args.caregiver) or args.caregiver) if args.caregiver else None,
        caregiver_name=args.caregiver_name)
    ctx.book().write(lambda s: household.add_person(s, args.member_no, data))
    ctx.say(_("Added {name} to the household of {no}.").format(name=args.name,
                                                              no=args.member_no.upper()))
    return 0


@command("report", "migrants", help=N_("the ministry's table of placements in a year"), args=[
    arg("--by", choices=["country", "education"], default="country",
        help=N_("count by country or by education (default: country)")),
    arg("--year", type=int, default=None, help=N_("year of departure (default: this year)")),
    *output_args("csv", "xlsx", "pdf"),
])
def report_migrants(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.members import migrant_report, report_output
    from coopdesk.pdf import Letterhead

    year = args.year or date.today().year
    with ctx.book().read() as s:
        table = migrant_report.placements_by(s, args.by, year)
        head = Letterhead.from_book(s)
    ctx.emit(["csv", "xlsx", "pdf"], csv=lambda: report_output.ministry_csv(table),
             xlsx=lambda: [report_output.ministry_sheet(table)],
             pdf=lambda: report_output.ministry_pdf(table, head))
    return 0


@command("report", "children", help=N_("children left behind by members working abroad"), args=[
    arg("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("date (default: today)")),
    *output_args("csv", "pdf"),
])
def report_children(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.members import migrant_report, report_output
    from coopdesk.pdf import Letterhead

    with ctx.book().read() as s:
        rep = migrant_report.children_left_behind(s, args.as_of or date.today())
        head = Letterhead.from_book(s)
    ctx.emit(["csv", "pdf"], csv=lambda: report_output.children_csv(rep),
             pdf=lambda: report_output.children_pdf(rep, head))
    return 0
