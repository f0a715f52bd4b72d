"""Savings reports on paper and in spreadsheets: the dues arrears list."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm

from coopdesk.i18n import _, format_date, format_money, month_name
from coopdesk.ledger.savings_dues import Arrears
from coopdesk.pdf import Letterhead, build_pdf, data_table, paragraph, signature_block
from coopdesk.tabular import Cell, Sheet

ARREARS_HEADER = ("member_no", "name", "village", "phone", "joined_on", "months_due", "paid",
                  "months_owed", "amount_owed", "last_paid")


def arrears_title(a: Arrears) -> str:
    return _("Simpanan wajib arrears, {month} {year}").format(month=month_name(a.month),
                                                             year=a.year)


def arrears_rows(a: Arrears) -> tuple[Sequence[str], list[Sequence[Cell]]]:
    return ARREARS_HEADER, [
        (r.member_no, r.name, r.village, r.phone, r.joined_on, r.months_due, r.paid,
         r.months_owed, r.amount_owed, r.last_paid)
        for r in a.rows
    ]


def arrears_sheet(a: Arrears) -> Sheet:
    _header, rows = arrears_rows(a)
    return Sheet(
        title=_("Arrears"),
        header=[_("Member"), _("Name"), _("Village"), _("Phone"), _("Joined"),
                _("Months due"), _("Paid"), _("Months owed"), _("Amount owed"), _("Last paid")],
        rows=rows, money_columns=(6, 8), widths=(10, 28, 16, 16, 12, 11, 14, 12, 14, 12),
    )


def arrears_pdf(a: Arrears, head: Letterhead) -> bytes:
    rows = [
        (r.member_no, r.name, r.village or "", r.phone or "", str(r.months_owed),
         format_money(r.amount_owed),
         format_date(r.last_paid, "short") if r.last_paid else _("never"))
        for r in a.rows
    ]
    table = data_table(
        [_("Member"), _("Name"), _("Village"), _("Phone"), _("Months"), _("Owed"),
         _("Last paid")], rows, numeric=(4, 5),
        widths=(18 * mm, 48 * mm, 28 * mm, 28 * mm, 14 * mm, 25 * mm, 20 * mm), wrap=(1, 2),
        total=("", _("Total"), "", "", str(sum(r.months_owed for r in a.rows)),
               format_money(a.total_owed), ""), font_size=8)
    note = paragraph(_("{n} of {m} members are behind. Monthly simpanan wajib: {amount}; "
                       "payments counted up to {date}.").format(
        n=len(a.rows), m=a.members_counted, amount=format_money(a.monthly),
        date=format_date(a.as_of, "long")), "muted")
    return build_pdf(head, arrears_title(a), [note, table,
                                              signature_block([(_("Treasurer"), "")])])
