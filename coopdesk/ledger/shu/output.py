"""The SHU on paper and in files: the split, and every member's share with its bases.

CSV columns `member_no,name,savings_basis,business_basis,jasa_modal,jasa_usaha,total`, one row per
member in member-number order, then a `TOTAL` row whose shares add up to JUA + JMA exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from coopdesk.i18n import _, format_money, format_percent
from coopdesk.ledger.shu.compute import ShuResult
from coopdesk.ledger.shu.rules import describe
from coopdesk.pdf import Letterhead, build_pdf, data_table, paragraph
from coopdesk.tabular import Cell

MEMBER_HEADER = ("member_no", "name", "savings_basis", "business_basis", "jasa_modal",
                 "jasa_usaha", "total")


def member_rows(result: ShuResult) -> tuple[Sequence[str], list[Sequence[Cell]]]:
    rows: list[Sequence[Cell]] = [
        (m.member_no, m.name, m.savings_basis, m.business_basis, m.jasa_modal, m.jasa_usaha,
         m.total) for m in result.members]
    rows.append(("TOTAL", "", result.savings_total, result.business_total,
                 sum(m.jasa_modal for m in result.members),
                 sum(m.jasa_usaha for m in result.members), result.members_total))
    return MEMBER_HEADER, rows


def split_table(result: ShuResult) -> Flowable:
    rows = [(p.name, format_percent(Decimal(p.percent)), format_money(p.amount))
            for p in result.parts]
    return data_table([_("Part"), _("Share"), _("Amount")], rows, numeric=(1, 2),
                      widths=(100 * mm, 30 * mm, 45 * mm),
                      total=(_("SHU of the year"), "100%", format_money(result.pool)))


def split_flowables(result: ShuResult) -> list[Flowable]:
    """The pool, the split and the rules applied: the SHU page of the meeting pack."""
    parts: list[Flowable] = [
        paragraph(_("SHU of {year}: {amount}").format(year=result.year,
                                                      amount=format_money(result.pool)),
                  "heading"),
        split_table(result), Spacer(1, 4 * mm),
        paragraph(_("How the members' part is shared"), "heading"),
        data_table([_("Rule"), _("As the statutes say")], describe(result.rules),
                   widths=(70 * mm, 105 * mm), wrap=(1,)),
        Spacer(1, 3 * mm),
        paragraph(_("Members' shares: {n} members receive {total} (jasa usaha {jua} shared by "
                    "business of {v}; jasa modal {jma} shared by savings of {s}).").format(
            n=sum(1 for m in result.members if m.total), total=format_money(
                result.members_total), jua=format_money(result.jasa_usaha),
            v=format_money(result.business_total), jma=format_money(result.jasa_modal),
            s=format_money(result.savings_total))),
    ]
    for note in result.notes:
        parts.append(paragraph(note, "muted"))
    return parts


def members_table(result: ShuResult) -> Flowable:
    rows = [(m.member_no, m.name, format_money(m.savings_basis, symbol=False),
             format_money(m.business_basis, symbol=False),
             format_money(m.jasa_modal, symbol=False), format_money(m.jasa_usaha, symbol=False),
             format_money(m.total, symbol=False)) for m in result.members]
    total = ("", _("Total"), format_money(result.savings_total, symbol=False),
             format_money(result.business_total, symbol=False),
             format_money(sum(m.jasa_modal for m in result.members), symbol=False),
             format_money(sum(m.jasa_usaha for m in result.members), symbol=False),
             format_money(result.members_total, symbol=False))
    return data_table(
        [_("No."), _("Name"), _("Savings"), _("Business"), _("Jasa modal"), _("Jasa usaha"),
         _("SHU")], rows, numeric=(2, 3, 4, 5, 6), total=total, font_size=7.5,
        widths=(17 * mm, 50 * mm, 24 * mm, 22 * mm, 21 * mm, 21 * mm, 22 * mm))


def shu_pdf(result: ShuResult, head: Letterhead) -> bytes:
    return build_pdf(
        head, _("SHU distribution {year}").format(year=result.year),
        [*split_flowables(result), Spacer(1, 4 * mm),
         paragraph(_("Each member's share"), "heading"), members_table(result)],
        subtitle=_("Sisa hasil usaha for the financial year {year}").format(year=result.year))
