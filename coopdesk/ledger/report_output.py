"""The trial balance and account register as CSV rows, spreadsheet sheets and PDF pages."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm

from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger.reports import Register, TrialBalance
from coopdesk.pdf import Letterhead, build_pdf, data_table, signature_block
from coopdesk.tabular import Cell, Sheet

TB_HEADER = ("code", "name", "debit", "credit")


def trial_balance_rows(tb: TrialBalance) -> tuple[Sequence[str], list[Sequence[Cell]]]:
    rows: list[Sequence[Cell]] = [(r.code, r.name, r.debit, r.credit) for r in tb.rows]
    rows.append(("TOTAL", "", tb.total_debit, tb.total_credit))
    return TB_HEADER, rows


def trial_balance_sheet(tb: TrialBalance) -> Sheet:
    _header, rows = trial_balance_rows(tb)
    return Sheet(
        title=_("Trial balance"),
        header=[_("Code"), _("Account"), _("Debit"), _("Credit")],
        rows=rows, money_columns=(2, 3), widths=(10, 40, 18, 18),
    )


def trial_balance_pdf(tb: TrialBalance, head: Letterhead) -> bytes:
    rows = [(r.code, r.name, _money_or_blank(r.debit), _money_or_blank(r.credit))
            for r in tb.rows]
    table = data_table(
        [_("Code"), _("Account"), _("Debit"), _("Credit")], rows, numeric=(2, 3),
        widths=(20 * mm, 90 * mm, 35 * mm, 35 * mm), wrap=(1,),
        total=("", _("Total"), format_money(tb.total_debit), format_money(tb.total_credit)),
    )
    return build_pdf(
        head, _("Trial balance"),
        [table, signature_block([(_("Treasurer"), ""), (_("Chair"), "")])],
        subtitle=_("As of {date}").format(date=format_date(tb.as_of, "long")),
    )


def _money_or_blank(amount: int) -> str:
    return format_money(amount) if amount else ""


REGISTER_HEADER = ("date", "entry", "memo", "member_no", "debit", "credit", "balance")


def register_rows(reg: Register) -> tuple[Sequence[str], list[Sequence[Cell]]]:
    rows: list[Sequence[Cell]] = [
        (r.date, r.reference, r.memo, r.member_no, max(r.amount, 0), max(-r.amount, 0),
         r.balance)
        for r in reg.rows
    ]
    return REGISTER_HEADER, rows


def register_pdf(reg: Register, head: Letterhead) -> bytes:
    rows = [(format_date(r.date, "short"), r.reference, r.memo, r.member_no or "",
             _money_or_blank(max(r.amount, 0)), _money_or_blank(max(-r.amount, 0)),
             format_money(r.balance)) for r in reg.rows]
    opening = ("", "", _("Opening balance"), "", "", "", format_money(reg.opening))
    table = data_table(
        [_("Date"), _("Entry"), _("Description"), _("Member"), _("Debit"), _("Credit"),
         _("Balance")],
        [opening, *rows], numeric=(4, 5, 6), wrap=(2,),
        widths=(18 * mm, 22 * mm, 58 * mm, 18 * mm, 22 * mm, 22 * mm, 24 * mm), font_size=7.5,
    )
    period = ""
    if reg.start or reg.end:
        period = " — ".join(format_date(d, "long") for d in (reg.start, reg.end) if d)
    return build_pdf(head, _("Account register: {account}").format(account=reg.account.label),
                     [table], subtitle=period or None)
