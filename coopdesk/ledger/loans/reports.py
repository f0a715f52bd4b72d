"""Loan reports as paper and tables: the loan statement (rekening pinjaman) and the arrears and
loan-quality report grouped by kolektibilitas, as PDF, CSV rows and a spreadsheet sheet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, TableStyle

from coopdesk.i18n import _, format_date, format_money, format_percent, ngettext
from coopdesk.ledger.loans.policy import HEALTH_LABELS, KOL_LABELS, Kolektibilitas
from coopdesk.ledger.loans.position import Arrears
from coopdesk.ledger.loans.printing import facts_table, key_figures
from coopdesk.ledger.loans.quality import ARREARS_HEADER, ArrearsRow, Quality
from coopdesk.ledger.loans.schedule import FREQUENCY_LABELS, METHOD_LABELS, cost_line
from coopdesk.ledger.loans.views import (
    EVENT_LABELS,
    STATUS_LABELS,
    InstalmentLine,
    LoanDetail,
)
from coopdesk.pdf import Letterhead, build_pdf, data_table, paragraph, signature_block
from coopdesk.tabular import Cell, Sheet

LATE = colors.HexColor("#FDECEA")


def _m(amount: int) -> str:
    return format_money(amount, symbol=False) if amount else "-"


def instalment_status(i: InstalmentLine, as_of: Any) -> str:
    if i.superseded_on is not None:
        return _("replaced")
    if i.settled_on is not None and i.settled_on <= as_of:
        return _("paid")
    if i.paid_principal + i.paid_interest:
        return _("late, part paid") if i.due_date < as_of else _("part paid")
    return _("late") if i.due_date < as_of else _("not yet due")


# --- the loan statement --------------------------------------------------------------------------


def statement_pdf(d: LoanDetail, head: Letterhead, arrears: Arrears | None = None,
                  kolektibilitas: Kolektibilitas | None = None) -> bytes:
    """One loan's statement as of a day: its terms, where it stands, every instalment and every
    transaction."""
    loan, t = d.loan, d.loan.terms
    facts = [
        (_("Member"), f"{loan.member_name} ({loan.member_no})"),
        (_("Loan"), f"{loan.loan_no} · {loan.product} · {_(STATUS_LABELS[loan.status])}"),
        (_("Terms"), f"{format_money(loan.principal)} · {loan.term} × "
         f"{_(FREQUENCY_LABELS[t.frequency]).lower()} · {_(METHOD_LABELS[t.method])} · "
         + cost_line(t.method, t.rate, loan.term, t.frequency)),
        (_("Paid out"), format_date(loan.disbursed_on, "long") if loan.disbursed_on else "-"),
    ]
    story: list[Flowable] = [facts_table(facts), Spacer(1, 4 * mm)]
    figures = [(_("Principal paid"), format_money(loan.principal_paid)),
               (_("Principal owed"), format_money(loan.outstanding))]
    if arrears is not None:
        figures += [(_("Overdue"), format_money(arrears.overdue_principal
                                                + arrears.overdue_interest + arrears.penalty)),
                    (_("Days late"), str(arrears.days_past_due))]
    if kolektibilitas is not None:
        figures.append((_("Quality"), _(KOL_LABELS[kolektibilitas])))
    story += [key_figures(figures), Spacer(1, 5 * mm),
              paragraph(_("Instalments"), "heading"), _instalments_table(d)]
    old = [i for i in d.instalments if i.version != loan.schedule_version]
    if old:
        story += [paragraph(_("Earlier schedule (replaced by a rescheduling)"), "heading"),
                  _instalments_table(d, old)]
    story += [paragraph(_("Transactions"), "heading"), _events_table(d)]
    return build_pdf(head, _("Loan statement"), story,
                     subtitle=_("{loan} — as of {date}").format(
                         loan=loan.loan_no, date=format_date(d.as_of, "long")))


def _instalments_table(d: LoanDetail, lines: Sequence[InstalmentLine] | None = None
                       ) -> Flowable:
    rows = lines if lines is not None else d.current
    data = [(str(i.no), format_date(i.due_date, "medium"), _m(i.principal), _m(i.interest),
             _m(i.paid_principal + i.paid_interest), _m(i.paid_penalty), _m(i.penalty_due),
             instalment_status(i, d.as_of)) for i in rows]
    table = data_table(
        [_("No."), _("Due date"), _("Principal"), _("Jasa"), _("Paid"), _("Denda paid"),
         _("Denda due"), _("Status")], data, numeric=(0, 2, 3, 4, 5, 6),
        widths=(9 * mm, 23 * mm, 23 * mm, 19 * mm, 22 * mm, 23 * mm, 26 * mm, 35 * mm),
        font_size=7.5,
        total=("", _("Total"), _m(sum(i.principal for i in rows)),
               _m(sum(i.interest for i in rows)),
               _m(sum(i.paid_principal + i.paid_interest for i in rows)),
               _m(sum(i.paid_penalty for i in rows)), _m(sum(i.penalty_due for i in rows)), ""))
    late = [n for n, i in enumerate(rows, start=1) if i.unpaid and i.due_date < d.as_of]
    table.setStyle(TableStyle([("BACKGROUND", (0, n), (-1, n), LATE) for n in late]))
    return table


def _events_table(d: LoanDetail) -> Flowable:
    data = []
    for e in d.events:
        kind = _(EVENT_LABELS[e.kind]) + (_(" (cancelled)") if e.reversed_on else "")
        notes = [e.note] if e.note else []
        if e.to_savings:
            notes.append(_("{amount} saved as sukarela").format(amount=format_money(e.to_savings)))
        if e.waived:
            notes.append(_("jasa {amount} not charged").format(amount=format_money(e.waived)))
        data.append((format_date(e.date, "medium"), kind, _m(e.amount), _m(e.principal),
                     _m(e.interest), _m(e.penalty + e.fee), e.receipt_no or e.entry_ref or "",
                     "; ".join(notes)))
    return data_table(
        [_("Date"), _("Transaction"), _("Amount"), _("Principal"), _("Jasa"), _("Denda/fee"),
         _("Receipt"), _("Note")], data, numeric=(2, 3, 4, 5), wrap=(1, 7), font_size=7.5,
        widths=(19 * mm, 26 * mm, 21 * mm, 21 * mm, 18 * mm, 21 * mm, 28 * mm, 26 * mm))


# --- arrears and quality -------------------------------------------------------------------------


def arrears_rows(rows: Sequence[ArrearsRow]) -> tuple[Sequence[str], list[Sequence[Cell]]]:
    """CSV for machines, columns exactly as documented (`ARREARS_HEADER`)."""
    return ARREARS_HEADER, [r.csv() for r in rows]


def arrears_sheet(rows: Sequence[ArrearsRow]) -> Sheet:
    header = [_("Loan"), _("Member no."), _("Name"), _("Principal owed"),
              _("Overdue principal"), _("Overdue jasa"), _("Denda"), _("Days late"),
              _("Quality")]
    data: list[Sequence[Cell]] = [(*r.csv()[:8], _(KOL_LABELS[r.kolektibilitas]))
                                  for r in rows]
    return Sheet(_("Arrears"), header, data, money_columns=(3, 4, 5, 6),
                 widths=(16, 12, 28, 16, 16, 14, 12, 10, 26))


def arrears_pdf(quality: Quality, rows: Sequence[ArrearsRow], head: Letterhead) -> bytes:
    """Arrears grouped by kolektibilitas, worst class first, then the allowance each class
    needs and the portfolio's health."""
    story: list[Flowable] = [_quality_table(quality), Spacer(1, 2 * mm),
                             paragraph(_health_line(quality), "body"), Spacer(1, 4 * mm)]
    for kol in reversed(list(Kolektibilitas)):
        group = [r for r in rows if r.kolektibilitas == kol]
        if not group:
            continue
        count = ngettext("{n} loan", "{n} loans", len(group)).format(n=len(group))
        story.append(paragraph(f"{_(KOL_LABELS[kol])} — {count}", "heading"))
        story.append(_group_table(group))
    story.append(signature_block([(_("Treasurer"), ""), (_("Chair"), "")]))
    return build_pdf(head, _("Loan arrears and quality"), story, wide=True,
                     subtitle=_("As of {date}").format(date=format_date(quality.as_of, "long")))


def _group_table(group: Sequence[ArrearsRow]) -> Flowable:
    data = [(r.loan_no, r.member_no, r.name, r.product, _m(r.principal_outstanding),
             _m(r.overdue_principal), _m(r.overdue_interest), _m(r.penalty),
             str(r.days_past_due), _m(r.collateral_value)) for r in group]
    total = ("", "", _("Total"), "", _m(sum(r.principal_outstanding for r in group)),
             _m(sum(r.overdue_principal for r in group)),
             _m(sum(r.overdue_interest for r in group)), _m(sum(r.penalty for r in group)),
             "", "")
    return data_table(
        [_("Loan"), _("Member"), _("Name"), _("Product"), _("Principal owed"),
         _("Overdue principal"), _("Overdue jasa"), _("Denda"), _("Days late"),
         _("Collateral")], data, numeric=(4, 5, 6, 7, 8, 9), wrap=(2, 3), total=total,
        widths=(28 * mm, 18 * mm, 48 * mm, 30 * mm, 30 * mm, 30 * mm, 25 * mm, 20 * mm,
                16 * mm, 20 * mm), font_size=7.5)


def _quality_table(q: Quality) -> Flowable:
    data = [(_(KOL_LABELS[c.kolektibilitas]), str(c.loans), _m(c.outstanding), _m(c.base),
             format_percent(c.percent), _m(c.required)) for c in q.classes]
    return data_table(
        [_("Quality"), _("Loans"), _("Principal owed"), _("Allowance base"), _("Allowance %"),
         _("Allowance required")], data, numeric=(1, 2, 3, 4, 5),
        widths=(80 * mm, 25 * mm, 45 * mm, 45 * mm, 25 * mm, 45 * mm),
        total=(_("Total"), str(q.loans), _m(q.outstanding), "", "", _m(q.required)))


def _health_line(q: Quality) -> str:
    change = q.adjustment
    if change > 0:
        adjust = _("the allowance must grow by {amount}").format(amount=format_money(change))
    elif change < 0:
        adjust = _("the allowance may shrink by {amount}").format(amount=format_money(-change))
    else:
        adjust = _("the allowance is as required")
    return _("Problem loans {ratio} of all loans: {grade}. The allowance in the books is "
             "{balance}; {adjust}.").format(
        ratio=format_percent(q.problem_ratio), grade=_(HEALTH_LABELS[q.health]),
        balance=format_money(q.allowance_balance), adjust=adjust)
