"""The register's reports on paper and in spreadsheets: the ministry's tables, children left behind.

The ministry's table prints as the regency's manpower office lays it out — countries (or education
levels) down, informal and formal by gender across — with each row's share of all placements.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm

from coopdesk.i18n import _, format_date, format_percent
from coopdesk.members.migrant_report import (
    AGE_GROUPS,
    COUNT_COLUMNS,
    CSV_HEADER,
    UNKNOWN,
    ChildrenReport,
    MinistryTable,
)
from coopdesk.members.vocab import CAREGIVER_LABELS, SCHOOL_LEVEL_LABELS, label
from coopdesk.money import decimal_to_fixed
from coopdesk.pdf import Letterhead, build_pdf, data_table, paragraph, signature_block
from coopdesk.tabular import Cell, Sheet


def ministry_title(table: MinistryTable) -> str:
    if table.by == "country":
        return _("Migrant worker placements by destination country, {year}").format(
            year=table.year)
    return _("Migrant worker placements by education, {year}").format(year=table.year)


def ministry_headers() -> list[str]:
    return [_("Informal F"), _("Informal M"), _("Informal total"), _("Formal F"), _("Formal M"),
            _("Formal total"), _("Total")]


def ministry_csv(table: MinistryTable) -> tuple[Sequence[str], list[Sequence[Cell]]]:
    return CSV_HEADER, list(table.csv_rows())


def ministry_sheet(table: MinistryTable) -> Sheet:
    first = _("Country") if table.by == "country" else _("Education")
    return Sheet(
        title=_("Placements {year}").format(year=table.year),
        header=[_("Code"), first, *ministry_headers()],
        rows=[(r.code, r.name, *r.counts()) for r in (*table.rows, table.total)],
        widths=(8, 28, 11, 11, 13, 11, 11, 13, 10),
    )


def ministry_pdf(table: MinistryTable, head: Letterhead) -> bytes:
    first = _("Country") if table.by == "country" else _("Education")
    rows = [
        (r.name, *(str(n) for n in r.counts()),
         format_percent(decimal_to_fixed(table.percent(r, "total"), 1), decimals=1))
        for r in table.rows
    ]
    total = (_("Total"), *(str(n) for n in table.total.counts()),
             format_percent(decimal_to_fixed(table.percent(table.total, "total"), 1), decimals=1)
             if table.total.total else "")
    header = [first, *ministry_headers(), _("Share")]
    widths = (62 * mm, *(24 * mm,) * len(COUNT_COLUMNS), 20 * mm)
    flow = [data_table(header, rows, numeric=range(1, 9), widths=widths, total=total, wrap=(0,))]
    if not rows:
        flow = [paragraph(_("No placements departed in {year}.").format(year=table.year))]
    flow.append(paragraph(_("Counted from the member register: placements whose departure date "
                            "falls in {year}. F = women, M = men.").format(year=table.year),
                          "muted"))
    flow.append(signature_block([(_("Secretary"), ""), (_("Chair"), "")]))
    return build_pdf(head, ministry_title(table), flow, wide=True,
                     subtitle=_("Source: the cooperative's register of migrant workers"))


CHILD_HEADER = ("member_no", "parent", "country", "child", "gender", "birth_date", "age",
                "school_level", "school", "caregiver", "caregiver_name")


def children_csv(report: ChildrenReport) -> tuple[Sequence[str], list[Sequence[Cell]]]:
    return CHILD_HEADER, [
        (c.member_no, c.parent, c.country, c.name, c.gender, c.birth_date, c.age,
         c.school_level, c.school, c.caregiver, c.caregiver_name)
        for c in report.children
    ]


def caregiver_label(code: str) -> str:
    return _("Not recorded") if code == UNKNOWN else label(CAREGIVER_LABELS, code)


def age_group_labels() -> list[str]:
    return [_(text) for text, _low, _high in AGE_GROUPS] + [_("Age not recorded")]


def children_matrix(report: ChildrenReport) -> tuple[list[str], list[list[int]]]:
    """(caregiver labels, one row of counts per age group with its total at the end)."""
    caregivers = report.caregivers
    rows = []
    for g in range(len(AGE_GROUPS) + 1):
        counts = [report.count(g, c) for c in caregivers]
        rows.append([*counts, sum(counts)])
    return [caregiver_label(c) for c in caregivers], rows


def children_pdf(report: ChildrenReport, head: Letterhead) -> bytes:
    caregivers, matrix = children_matrix(report)
    groups = age_group_labels()
    summary = [(groups[g], *(str(n) for n in row)) for g, row in enumerate(matrix) if row[-1]]
    totals = [sum(row[i] for row in matrix) for i in range(len(caregivers) + 1)]
    room = 267 * mm - 60 * mm
    each = room / max(len(caregivers) + 1, 1)
    flow = [
        paragraph(_("By age and caregiver"), "heading"),
        data_table([_("Age"), *caregivers, _("Total")], summary,
                   numeric=range(1, len(caregivers) + 2),
                   widths=(60 * mm, *(each,) * (len(caregivers) + 1)),
                   total=(_("Total"), *(str(n) for n in totals)), wrap=(0,)),
        paragraph(_("The children"), "heading"),
        data_table(
            [_("Member"), _("Parent"), _("Country"), _("Child"), _("Age"), _("School"),
             _("Caregiver")],
            [(c.member_no, c.parent, c.country or "", c.name,
              "" if c.age is None else str(c.age),
              " ".join(filter(None, [label(SCHOOL_LEVEL_LABELS, c.school_level), c.school or ""])),
              " ".join(filter(None, [caregiver_label(c.caregiver or UNKNOWN),
                                     f"({c.caregiver_name})" if c.caregiver_name else ""])))
             for c in report.children],
            widths=(20 * mm, 45 * mm, 16 * mm, 45 * mm, 12 * mm, 62 * mm, 67 * mm),
            wrap=(1, 3, 5, 6), font_size=8,
        ),
        paragraph(_("Personal data: for the village learning house and the cooperative's board "
                    "only."), "muted"),
    ]
    return build_pdf(head, _("Children left behind"), flow, wide=True,
                     subtitle=_("Children under 18 of members working abroad on {date}").format(
                         date=format_date(report.as_of, "long")))
