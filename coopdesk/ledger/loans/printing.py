"""Printed loan papers: the repayment schedule and the loan agreement (with the schedule as its
appendix). Builders take plain data (a `Schedule`, a `LoanView`, the member's particulars) and
return PDF bytes; they know nothing of the database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from coopdesk.i18n import _, format_date, format_money, format_percent
from coopdesk.ledger.loans.products import COMPONENT_LABELS, PAYOFF_LABELS, Terms
from coopdesk.ledger.loans.schedule import (
    FREQUENCY_LABELS,
    METHOD_LABELS,
    Frequency,
    Schedule,
    cost_line,
)
from coopdesk.ledger.loans.views import LoanView
from coopdesk.pdf import FONT, Letterhead, Points, build_pdf, data_table, paragraph
from coopdesk.pdf.kit import HEADER_BG, INK, RULE, styles

LABEL_WIDTH = 52 * mm
VALUE_WIDTH = 128 * mm


def facts_table(pairs: Sequence[tuple[str, str]], *, widths: tuple[Points, Points] = (
        LABEL_WIDTH, VALUE_WIDTH)) -> Table:
    """Label–value lines, as on a form: labels muted on the left, values on the right."""
    data = [[paragraph(label, "muted"), paragraph(value, "body")] for label, value in pairs]
    table = Table(data, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
    ]))
    return table


def _term_text(term: int, frequency: Frequency) -> str:
    if frequency == Frequency.WEEKLY:
        return _("{n} weeks").format(n=term)
    return _("{n} months").format(n=term)


def schedule_facts(s: Schedule) -> list[tuple[str, str]]:
    return [
        (_("Loan amount"), format_money(s.principal)),
        (_("Term"), _term_text(s.term, s.frequency) + " · "
         + _(FREQUENCY_LABELS[s.frequency]).lower() + " · " + _(METHOD_LABELS[s.method])),
        (_("Jasa"), cost_line(s.method, s.rate, s.term, s.frequency)),
        (_("Instalment"), _("{amount} (first), due from {first} to {last}").format(
            amount=format_money(s.first_amount), first=format_date(s.rows[0].due_date, "long"),
            last=format_date(s.last_due, "long"))),
        (_("Total jasa"), format_money(s.total_interest)),
        (_("Total to repay"), format_money(s.total)),
    ]


def schedule_table(s: Schedule) -> Table:
    rows = [(str(r.no), format_date(r.due_date, "medium"), format_money(r.principal, symbol=False),
             format_money(r.interest, symbol=False), format_money(r.amount, symbol=False),
             format_money(r.balance, symbol=False)) for r in s.rows]
    return data_table(
        [_("No."), _("Due date"), _("Principal"), _("Jasa"), _("Instalment"), _("Principal left")],
        rows, numeric=(0, 2, 3, 4, 5),
        widths=(14 * mm, 34 * mm, 32 * mm, 30 * mm, 34 * mm, 36 * mm),
        total=("", _("Total"), format_money(s.total_principal, symbol=False),
               format_money(s.total_interest, symbol=False), format_money(s.total, symbol=False),
               ""))


def schedule_pdf(s: Schedule, head: Letterhead | object, *, loan: LoanView | None = None,
                 printed_on: date | None = None) -> bytes:
    """The repayment schedule: the figures, the true cost, and one line per instalment."""
    assert isinstance(head, Letterhead)
    facts: list[tuple[str, str]] = []
    if loan is not None:
        facts += [(_("Loan"), f"{loan.loan_no} · {loan.product}"),
                  (_("Member"), f"{loan.member_name} ({loan.member_no})")]
    facts += schedule_facts(s)
    subtitle = (_("Simulation — not an agreement") if loan is None
                else _("Loan {loan}").format(loan=loan.loan_no))
    story: list[Flowable] = [facts_table(facts), Spacer(1, 5 * mm), schedule_table(s)]
    return build_pdf(head, _("Loan repayment schedule"), story, subtitle=subtitle,
                     printed_on=printed_on)


# --- the agreement --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """The borrower as the agreement names them."""

    name: str
    member_no: str
    address: str = ""
    nik: str = ""


@dataclass(frozen=True)
class AgreementData:
    loan: LoanView
    schedule: Schedule
    borrower: Party
    chair: str = ""
    place: str = ""
    stamp_above: int = 5_000_000
    stamp_label: str = "Rp10.000"


def _penalty_text(t: Terms) -> str:
    if t.penalty_mode == "daily" and t.penalty_rate:
        return _("{rate} of the overdue amount for every day late after {grace} days of grace.")\
            .format(rate=format_percent(t.penalty_rate, decimals=3), grace=t.grace_days)
    if t.penalty_mode == "fixed" and t.penalty_fixed:
        return _("{amount} for every instalment still unpaid {grace} days after its due date.")\
            .format(amount=format_money(t.penalty_fixed), grace=t.grace_days)
    return _("No late penalty.")


def _fee_text(loan: LoanView) -> str:
    t = loan.terms
    if not t.fee_rate:
        return _("No provisi or administration fee.")
    from coopdesk.money import percent_of

    fee = percent_of(loan.principal, t.fee_rate)
    how = (_("deducted from the amount paid out") if t.fee_mode == "deduct"
           else _("paid in cash when the loan is paid out"))
    return _("Provisi/administration fee {rate} of the loan, {amount}, {how}.").format(
        rate=format_percent(t.fee_rate), amount=format_money(fee), how=how)


def _articles(d: AgreementData) -> list[tuple[str, str]]:
    loan, s, t = d.loan, d.schedule, d.loan.terms
    order = " → ".join(_(COMPONENT_LABELS[c]) for c in t.allocation_order)
    purpose = _(" for {purpose}").format(purpose=loan.purpose) if loan.purpose else ""
    articles = [
        (_("The loan"), _("The Cooperative lends the Borrower {amount}{purpose}, and the "
                          "Borrower accepts it.").format(amount=format_money(loan.principal),
                                                         purpose=purpose)),
        (_("Term and instalments"), _(
            "The Borrower repays in {n} {frequency} instalments of {amount} (the first), from "
            "{first} to {last}, by the {method} method at {cost}. The schedule attached is part "
            "of this agreement.").format(
            n=s.term, frequency=_(FREQUENCY_LABELS[s.frequency]).lower(),
            amount=format_money(s.first_amount), first=format_date(s.rows[0].due_date, "long"),
            last=format_date(s.last_due, "long"), method=_(METHOD_LABELS[s.method]).lower(),
            cost=cost_line(s.method, s.rate, s.term, s.frequency))),
        (_("Fees"), _fee_text(loan)),
        (_("Late payment"), _penalty_text(t) + " " + _(
            "Each payment pays, in this order: {order}, the oldest instalment first.").format(
            order=order)),
        (_("Paying off early"), _("The Borrower may pay off at any time: the principal still "
                                  "owed, any penalty, and {rule}.").format(
            rule=_(PAYOFF_LABELS[t.payoff_rule]))),
    ]
    if loan.collateral or loan.collateral_value:
        articles.append((_("Collateral"), _(
            "As security the Borrower hands over: {what} (valued at {value}), returned when the "
            "loan is paid off.").format(what=loan.collateral or "-",
                                        value=format_money(loan.collateral_value))))
    articles.append((_("Disputes"), _(
        "Should the Borrower be unable to pay, both parties first seek a solution by "
        "deliberation (musyawarah), following the Cooperative's statutes (AD/ART).")))
    return articles


def agreement_pdf(d: AgreementData, head: Letterhead, *, printed_on: date | None = None
                  ) -> bytes:
    """The loan agreement in plain words, signatures (with a stamp-duty box when the loan is
    large), and the repayment schedule as its appendix."""
    loan = d.loan
    b = d.borrower
    story: list[Flowable] = [
        paragraph(_("Between the Cooperative, represented by its chair, and the member named "
                    "below (the Borrower):"), "body"),
        Spacer(1, 2 * mm),
        facts_table([(_("Borrower"), f"{b.name} ({b.member_no})"),
                     (_("Address"), b.address or "-"),
                     (_("Identity card (NIK)"), b.nik or "...................................."),
                     (_("Loan product"), loan.product)]),
        Spacer(1, 3 * mm),
    ]
    for i, (title, text) in enumerate(_articles(d), start=1):
        story.append(KeepTogether([
            paragraph(_("Article {n} — {title}").format(n=i, title=title), "heading"),
            paragraph(text, "body")]))
    story.append(Spacer(1, 3 * mm))
    story.append(paragraph(_("Made in two copies of equal force, one for each party."), "body"))
    place_date = f"{d.place + ', ' if d.place else ''}{format_date(loan.applied_on, 'long')}"
    story.append(_signatures(d, place_date))
    story += [PageBreak(), paragraph(_("Appendix: repayment schedule"), "heading"),
              Spacer(1, 2 * mm), schedule_table(d.schedule)]
    return build_pdf(head, _("Loan agreement"), story,
                     subtitle=_("No. {loan}").format(loan=loan.loan_no), printed_on=printed_on)


def _signatures(d: AgreementData, place_date: str) -> Flowable:
    """Three signatures; above a large loan the Borrower signs over a stamp-duty box."""
    def name(text: str) -> Any:
        if not text:
            return paragraph("( ............................ )", "center")
        return Paragraph(f"<u>{_escape(text)}</u>", styles()["center"])

    stamp = _stamp_box(d.stamp_label) if d.loan.principal > d.stamp_above else ""
    data = [["", "", paragraph(place_date, "center")],
            [paragraph(_("The Borrower"), "center"), paragraph(_("Spouse / witness"), "center"),
             paragraph(_("For the Cooperative, the chair"), "center")],
            [stamp, "", ""],
            [name(d.borrower.name), name(""), name(d.chair)]]
    table = Table(data, colWidths=[60 * mm] * 3, rowHeights=[None, None, 24 * mm, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("ALIGN", (0, 2), (0, 2), "CENTER")]))
    return KeepTogether([Spacer(1, 6 * mm), table])


def _stamp_box(label: str) -> Table:
    text = _("Meterai {label}").format(label=label)
    table = Table([[paragraph(text, "muted")]], colWidths=[32 * mm], rowHeights=[18 * mm])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, RULE),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return table


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def key_figures(pairs: Sequence[tuple[str, str]]) -> Table:
    """A row of boxed key figures (label above, figure below) for the top of a statement."""
    labels = [paragraph(label, "muted") for label, _v in pairs]
    values = [paragraph(value, "bold") for _l, value in pairs]
    width = 180 * mm / max(len(pairs), 1)
    table = Table([labels, values], colWidths=[width] * len(pairs))
    commands: list[Any] = [
        ("BOX", (0, 0), (-1, -1), 0.6, RULE), ("INNERGRID", (0, 0), (-1, -1), 0.3, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), FONT, 8), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    table.setStyle(TableStyle(commands))
    return table

