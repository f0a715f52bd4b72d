"""Commands for loans: schedules (no book needed), products, the life cycle, arrears and quality."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from coopdesk.cli.context import Context, output_args, parse_amount_arg, parse_date
from coopdesk.cli.registry import arg, command, group
from coopdesk.i18n import N_, _, format_date, format_money

if TYPE_CHECKING:
    from coopdesk.ledger.loans.repayments import Repayment, RepaymentPreview

group("loan", N_("loans to members: schedules, products, repayments, arrears"))


def _rate(text: str) -> Decimal:
    from coopdesk.errors import UserError
    from coopdesk.money import parse_rate

    try:
        return parse_rate(text)
    except UserError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _term(args: argparse.Namespace) -> tuple[int, str]:
    """--months K or --weeks K: the number of instalments and their frequency."""
    if getattr(args, "weeks", None):
        return int(args.weeks), "weekly"
    return int(args.months), "monthly"


_TERM_ARGS = [
    arg("--months", type=int, default=None, help=N_("number of monthly instalments")),
    arg("--weeks", type=int, default=None, help=N_("number of weekly instalments")),
]
_LOAN = arg("--loan", required=True, help=N_("the loan: its number (PJ/2026/0001) or id"))
_DATE = arg("--date", type=parse_date, default=None, metavar="YYYY-MM-DD",
            help=N_("date (default: today)"))
_AS_OF = arg("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
             help=N_("date (default: today)"))
_PERIOD_END = arg("--as-of", type=parse_date, required=True, metavar="YYYY-MM-DD",
                  help=N_("the last day of the period, e.g. 2026-06-30"))
_PRINCIPAL = arg("--principal", type=parse_amount_arg, required=True, metavar="AMOUNT",
                 help=N_("the amount lent, in rupiah"))
_AMOUNT = arg("--amount", type=parse_amount_arg, required=True, metavar="AMOUNT",
              help=N_("the amount received, in rupiah"))
_REASON = arg("--reason", required=True, help=N_("why; the reason is kept with the loan"))
_METHODS = ["flat", "declining", "annuity"]


def _need_term(args: argparse.Namespace) -> None:
    from coopdesk.errors import UserError

    if (args.months is None) == (args.weeks is None):
        raise UserError(_("Give the term as --months K or as --weeks K."))


# --- schedules without a book ------------------------------------------------------------------


@command("loan", "schedule", needs_book=False, help=N_("print a loan schedule (no book needed)"),
         args=[
             _PRINCIPAL, *_TERM_ARGS,
             arg("--rate", type=_rate, required=True, help=N_("jasa in %% per month, e.g. 1.5")),
             arg("--method", choices=_METHODS, default="flat",
                 help=N_("how jasa is counted: flat (on the whole loan), declining (on what is "
                         "still owed) or annuity (equal instalments) (default: flat)")),
             arg("--start", type=parse_date, default=None, metavar="YYYY-MM-DD",
                 help=N_("start date; the first instalment is due one period later (default: "
                         "today)")),
             *output_args("csv", "pdf"),
         ])
def loan_schedule(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import printing
    from coopdesk.ledger.loans.schedule import build_schedule, cost_line, schedule_rows

    _need_term(args)
    term, frequency = _term(args)
    sched = build_schedule(args.principal, args.rate, term, args.method,
                           args.start or date.today(), frequency=frequency)
    ctx.note(cost_line(args.method, args.rate, term, frequency))
    ctx.emit(["csv", "pdf"], csv=lambda: schedule_rows(sched),
             pdf=lambda: printing.schedule_pdf(sched, _letterhead_if_any(ctx)))
    return 0


def _letterhead_if_any(ctx: Context) -> object:
    """The book's letterhead when there is a book; a plain one when there is none."""
    from coopdesk.errors import UserError
    from coopdesk.pdf import Letterhead

    try:
        with ctx.book().read() as s:
            return Letterhead.from_book(s)
    except UserError:
        return Letterhead(_("Loan schedule simulation"))


# --- products -----------------------------------------------------------------------------------


@command("loan", "product-add", help=N_("add a loan product"), args=[
    arg("name", help=N_("the product's name, e.g. Pinjaman Usaha")),
    arg("--method", choices=_METHODS, required=True,
        help=N_("how jasa is counted: flat (on the whole loan), declining (on what is still "
                "owed) or annuity (equal instalments)")),
    arg("--rate", type=_rate, required=True, help=N_("jasa in %% per month")),
    arg("--weekly", action="store_true", help=N_("weekly instalments (default: monthly)")),
    arg("--fee", type=_rate, default=Decimal(0),
        help=N_("provisi/administration fee, %% of the loan")),
    arg("--fee-cash", action="store_true", help=N_("the fee is paid in cash, not deducted")),
    arg("--penalty-rate", type=_rate, default=None, help=N_("late penalty, %% per day")),
    arg("--penalty-fixed", type=parse_amount_arg, default=None,
        help=N_("late penalty, a fixed amount per late instalment")),
    arg("--grace-days", type=int, default=0, metavar="DAYS",
        help=N_("days after the due date before the late penalty starts (default: 0)")),
    arg("--order", default="penalty,interest,principal",
        help=N_("payment order, e.g. penalty,interest,principal")),
    arg("--by-component", action="store_true",
        help=N_("pay all penalties first, then all jasa, then principal (default: oldest "
                "instalment first)")),
    arg("--payoff", choices=["current", "due", "all"], default="current",
        help=N_("jasa charged on early payoff")),
    arg("--min-term", type=int, default=1, metavar="N",
        help=N_("fewest instalments allowed (default: 1)")),
    arg("--max-term", type=int, default=60, metavar="N",
        help=N_("most instalments allowed (default: 60)")),
    arg("--min-amount", type=int, default=0, metavar="AMOUNT",
        help=N_("smallest loan, in rupiah (default: 0)")),
    arg("--max-amount", type=int, default=0, metavar="AMOUNT",
        help=N_("largest loan, in rupiah (default: 0, no limit)")),
])
def product_add(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import products
    from coopdesk.ledger.loans.schedule import Frequency, Method

    mode = ("fixed" if args.penalty_fixed else "daily" if args.penalty_rate else "none")
    terms = products.Terms(
        Method(args.method), args.rate, Frequency.WEEKLY if args.weekly else Frequency.MONTHLY,
        fee_rate=args.fee, fee_mode="cash" if args.fee_cash else "deduct", penalty_mode=mode,
        penalty_rate=args.penalty_rate or Decimal(0), penalty_fixed=args.penalty_fixed or 0,
        grace_days=args.grace_days, allocation_order=tuple(args.order.split(",")),
        allocation_mode="component" if args.by_component else "instalment",
        payoff_rule=args.payoff)
    p = ctx.book().write(lambda s: products.add_product(
        s, args.name, terms, min_term=args.min_term, max_term=args.max_term,
        min_amount=args.min_amount, max_amount=args.max_amount))
    ctx.say(_("Added loan product {name}.").format(name=p.name))
    return 0


@command("loan", "products", help=N_("list the loan products"), args=[*output_args("csv")])
def product_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import products

    with ctx.book().read() as s:
        rows = products.list_products(s)
    ctx.emit(["csv"], csv=lambda: (
        ("name", "method", "rate", "frequency", "fee", "fee_mode", "penalty_mode",
         "penalty_rate", "penalty_fixed", "grace_days", "min_term", "max_term", "active"),
        [(p.name, p.terms.method.value, p.terms.rate, p.terms.frequency.value,
          p.terms.fee_rate, p.terms.fee_mode, p.terms.penalty_mode, p.terms.penalty_rate,
          p.terms.penalty_fixed, p.terms.grace_days, p.min_term, p.max_term, p.active)
         for p in rows]))
    return 0


# --- the life cycle -------------------------------------------------------------------------------


@command("loan", "new", help=N_("record a loan application"), args=[
    arg("--member", required=True, help=N_("member number")),
    arg("--product", required=True, help=N_("loan product name")),
    _PRINCIPAL, *_TERM_ARGS,
    arg("--start", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("schedule start (default: the day it is paid out)")),
    _DATE, arg("--purpose", default="", help=N_("what the loan is for")),
    arg("--collateral", default="", help=N_("the collateral (jaminan), e.g. BPKB motor")),
    arg("--collateral-value", type=parse_amount_arg, default=0, metavar="AMOUNT",
        help=N_("what the collateral is worth, in rupiah (default: 0)")),
])
def loan_new(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import lifecycle
    from coopdesk.ledger.loans.schedule import cost_line

    _need_term(args)
    term, _frequency = _term(args)  # the product decides the frequency; K counts instalments
    loan = ctx.book().write(lambda s: lifecycle.apply_for_loan(
        s, member_no=args.member, product=args.product, principal=args.principal,
        term=term, applied_on=args.date, start=args.start, purpose=args.purpose,
        collateral=args.collateral, collateral_value=args.collateral_value))
    plan = lifecycle.planned_schedule(loan, args.date)
    ctx.say(_("Loan {loan} (id {id}) applied for by {name}: {amount}, {n} instalments of about "
              "{each}.").format(loan=loan.loan_no, id=loan.id, name=loan.member_name,
                                amount=format_money(loan.principal), n=loan.term,
                                each=format_money(plan.first_amount)))
    ctx.say(cost_line(loan.terms.method, loan.terms.rate, loan.term, loan.terms.frequency))
    return 0


@command("loan", "approve", help=N_("approve a loan application"), args=[_LOAN, _DATE])
def loan_approve(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import lifecycle

    loan = ctx.book().write(lambda s: lifecycle.approve_loan(s, args.loan, on=args.date))
    ctx.say(_("Loan {loan} approved by {user}.").format(loan=loan.loan_no,
                                                        user=loan.approved_by))
    return 0


@command("loan", "reject", help=N_("reject a loan application"),
         args=[_LOAN, _REASON, _DATE])
def loan_reject(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import lifecycle

    loan = ctx.book().write(lambda s: lifecycle.reject_loan(s, args.loan, reason=args.reason,
                                                            on=args.date))
    ctx.say(_("Loan {loan} rejected.").format(loan=loan.loan_no))
    return 0


@command("loan", "cancel", help=N_("withdraw a loan application"),
         args=[_LOAN, _REASON, _DATE])
def loan_cancel(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import lifecycle

    loan = ctx.book().write(lambda s: lifecycle.cancel_loan(s, args.loan, reason=args.reason,
                                                            on=args.date))
    ctx.say(_("Loan {loan} cancelled.").format(loan=loan.loan_no))
    return 0


_RECEIPT = arg("--receipt", type=Path, default=None, metavar="FILE.pdf",
               help=N_("also write the receipt as PDF"))


@command("loan", "disburse", help=N_("pay out an approved loan"), args=[_LOAN, _DATE, _RECEIPT])
def loan_disburse(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import lifecycle

    loan = ctx.book().write(lambda s: lifecycle.disburse(s, args.loan, on=args.date))
    ctx.say(_("Loan {loan} paid out to {name}: {amount}.").format(
        loan=loan.loan_no, name=loan.member_name, amount=format_money(loan.principal)))
    _write_receipt_of_loan_event(ctx, loan.id, "disbursed", args.receipt)
    return 0


def _write_receipt_of_loan_event(ctx: Context, loan_id: int, kind: str,
                                 target: Path | None) -> None:
    if target is None:
        return
    from sqlalchemy import select

    from coopdesk.ledger import receipts, receipts_pdf
    from coopdesk.ledger.loans.models import LoanEvent
    from coopdesk.tabular import atomic_write_bytes

    with ctx.book().read() as s:
        entry_id = s.scalar(select(LoanEvent.entry_id).where(
            LoanEvent.loan_id == loan_id, LoanEvent.kind == kind).order_by(LoanEvent.id.desc()))
        receipt = receipts.receipt_for_entry(s, int(entry_id or 0))
        if receipt is None:
            return
        data = receipts_pdf.render(s, [receipt.id])
    atomic_write_bytes(target, data)
    ctx.wrote(target)


def _say_split(ctx: Context, p: RepaymentPreview) -> None:
    for a in p.split.allocations:
        ctx.say(_("  instalment {no}: penalty {penalty}, jasa {interest}, principal {principal}")
                .format(no=a.no, penalty=format_money(a.penalty),
                        interest=format_money(a.interest), principal=format_money(a.principal)))


def _say_repayment(ctx: Context, r: Repayment) -> None:
    ctx.say(_("Received {amount} on loan {loan} (receipt {receipt}, entry {entry}): penalty "
              "{penalty}, jasa {interest}, principal {principal}.").format(
        amount=format_money(r.amount), loan=r.loan_no, receipt=r.receipt_no, entry=r.entry_ref,
        penalty=format_money(r.penalty), interest=format_money(r.interest),
        principal=format_money(r.principal)))
    if r.to_savings:
        ctx.say(_("Saved {amount} as voluntary savings.").format(
            amount=format_money(r.to_savings)))
    if r.closed:
        ctx.say(_("The loan is paid off."))
    else:
        ctx.say(_("Principal still owed: {amount}.").format(amount=format_money(r.outstanding)))


@command("loan", "repay", help=N_("record a repayment"), args=[
    _LOAN, _AMOUNT, _DATE,
    arg("--save-excess", action="store_true",
        help=N_("save any overpayment as voluntary savings (else it is refused)")),
    arg("--preview", action="store_true", help=N_("only show how it would be split")),
    _RECEIPT,
])
def loan_repay(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import repayments

    if args.preview:
        with ctx.book().read() as s:
            p = repayments.preview_repayment(s, args.loan, args.amount, args.date)
        ctx.say(_("Due now on loan {loan}: {due}; {excess} would be more than that.").format(
            loan=p.loan_no, due=format_money(p.due_now), excess=format_money(p.excess)))
        _say_split(ctx, p)
        return 0
    r = ctx.book().write(lambda s: repayments.repay(
        s, args.loan, args.amount, on=args.date,
        excess="savings" if args.save_excess else "refuse"))
    _say_repayment(ctx, r)
    _write_receipt(ctx, r.receipt_id, args.receipt)
    return 0


def _write_receipt(ctx: Context, receipt_id: int, target: Path | None) -> None:
    if target is None:
        return
    from coopdesk.ledger import receipts_pdf
    from coopdesk.tabular import atomic_write_bytes

    with ctx.book().read() as s:
        data = receipts_pdf.render(s, [receipt_id])
    atomic_write_bytes(target, data)
    ctx.wrote(target)


@command("loan", "payoff", help=N_("pay a loan off early"), args=[
    _LOAN, _DATE, arg("--quote", action="store_true", help=N_("only show what it would cost")),
    _RECEIPT,
])
def loan_payoff(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import repayments

    if args.quote:
        with ctx.book().read() as s:
            q = repayments.payoff_quote(s, args.loan, args.date)
        ctx.say(_("To pay off loan {loan} on {day}: {total} (principal {principal}, jasa "
                  "{interest}, penalty {penalty}); jasa not charged: {waived}.").format(
            loan=q.loan_no, day=format_date(q.on), total=format_money(q.amount),
            principal=format_money(q.split.principal), interest=format_money(q.split.interest),
            penalty=format_money(q.split.penalty), waived=format_money(q.waived)))
        return 0
    r = ctx.book().write(lambda s: repayments.pay_off(s, args.loan, on=args.date))
    _say_repayment(ctx, r)
    _write_receipt(ctx, r.receipt_id, args.receipt)
    return 0


@command("loan", "reverse", help=N_("cancel a repayment entered by mistake (the latest one)"),
         args=[arg("--event", type=int, required=True, help=N_("the repayment's event id")),
               _REASON, _DATE])
def loan_reverse(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import repayments

    ctx.book().write(lambda s: repayments.reverse_repayment(s, args.event, reason=args.reason,
                                                             on=args.date))
    ctx.say(_("The repayment was cancelled and its receipt voided."))
    return 0


@command("loan", "reschedule", help=N_("give a running loan a new schedule"), args=[
    _LOAN, *_TERM_ARGS, _REASON, _DATE,
    arg("--rate", type=_rate, default=None,
        help=N_("new jasa in %% per month (default: as before)")),
    arg("--method", default=None, choices=_METHODS,
        help=N_("new way of counting jasa (default: as before)")),
    arg("--start", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("start of the new schedule; the first instalment is due one period later "
                "(default: the date of the change)")),
])
def loan_reschedule(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import restructure

    _need_term(args)
    term, _frequency = _term(args)
    loan = ctx.book().write(lambda s: restructure.reschedule(
        s, args.loan, term=term, reason=args.reason, on=args.date, rate=args.rate,
        method=args.method, start=args.start))
    ctx.say(_("Loan {loan} rescheduled over {n} instalments.").format(loan=loan.loan_no,
                                                                       n=loan.term))
    return 0


@command("loan", "write-off", help=N_("write a loan off against the allowance"),
         args=[_LOAN, _REASON, _DATE])
def loan_write_off(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import restructure

    loan = ctx.book().write(lambda s: restructure.write_off(s, args.loan, reason=args.reason,
                                                            on=args.date))
    ctx.say(_("Loan {loan} written off: {amount}.").format(
        loan=loan.loan_no, amount=format_money(loan.written_off_amount)))
    return 0


@command("loan", "recover", help=N_("record money received on a written-off loan"),
         args=[_LOAN, _AMOUNT, _DATE, _RECEIPT])
def loan_recover(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import restructure

    r = ctx.book().write(lambda s: restructure.recover(s, args.loan, args.amount, on=args.date))
    ctx.say(_("Recovered {amount} on loan {loan} (receipt {receipt}).").format(
        amount=format_money(r.amount), loan=r.loan_no, receipt=r.receipt_no))
    _write_receipt(ctx, r.receipt_id, args.receipt)
    return 0


# --- reading and reports ---------------------------------------------------------------------


@command("loan", "list", help=N_("list loans"), args=[
    arg("--status", default=None, choices=["applied", "approved", "rejected", "cancelled",
                                           "active", "closed", "written_off"],
        help=N_("only loans with this status (default: all)")),
    arg("--member", default=None, help=N_("only this member's loans")),
    *output_args("csv"),
])
def loan_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import views

    with ctx.book().read() as s:
        rows = views.list_loans(s, status=args.status, member_no=args.member)
    ctx.emit(["csv"], csv=lambda: (
        ("id", "loan", "member_no", "name", "product", "principal", "term", "status",
         "disbursed_on", "principal_outstanding"),
        [(v.id, v.loan_no, v.member_no, v.member_name, v.product, v.principal, v.term,
          v.status, v.disbursed_on, v.outstanding) for v in rows]))
    return 0


@command("loan", "show", help=N_("show a loan: its instalments and transactions"),
         args=[_LOAN, arg("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
                          help=N_("show the loan as it stood on this date (default: today)"))])
def loan_show(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import views
    from coopdesk.ledger.loans.reports import instalment_status

    with ctx.book().read() as s:
        d = views.loan_detail(s, args.loan, args.as_of)
    v = d.loan
    ctx.say(f"{v.loan_no}  {v.member_name} ({v.member_no})  {v.product}  "
            f"{_(views.STATUS_LABELS[v.status])}")
    ctx.say(_("Principal {principal}, paid {paid}, owed {owed}.").format(
        principal=format_money(v.principal), paid=format_money(v.principal_paid),
        owed=format_money(v.outstanding)))
    for i in d.current:
        ctx.say(f"  {i.no:>3}  {i.due_date.isoformat()}  {i.principal:>12}  {i.interest:>10}  "
                f"{i.paid_principal + i.paid_interest:>12}  {i.penalty_due:>8}  "
                f"{instalment_status(i, d.as_of)}")
    for e in d.events:
        ctx.say(f"  [{e.id}] {e.date.isoformat()}  {_(views.EVENT_LABELS[e.kind])}  "
                f"{e.amount or ''}  {e.receipt_no or ''}")
    return 0


@command("loan", "arrears", help=N_("loans in arrears as of a date, with kolektibilitas"), args=[
    _AS_OF,
    arg("--all", action="store_true", help=N_("every running loan, also those not late")),
    *output_args("csv", "pdf", "xlsx"),
])
def loan_arrears(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import quality, reports
    from coopdesk.pdf import Letterhead

    as_of = args.as_of or date.today()
    with ctx.book().read() as s:
        q, rows = quality.loan_quality(s, as_of)
        head = Letterhead.from_book(s)
    shown = rows if args.all else [r for r in rows if r.days_past_due > 0]
    ctx.emit(["csv", "pdf", "xlsx"], csv=lambda: reports.arrears_rows(shown),
             pdf=lambda: reports.arrears_pdf(q, shown, head),
             xlsx=lambda: [reports.arrears_sheet(shown)])
    return 0


@command("loan", "quality", help=N_("loan quality: kolektibilitas, allowance and health"),
         args=[_AS_OF])
def loan_quality(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.i18n import format_percent
    from coopdesk.ledger.loans import quality
    from coopdesk.ledger.loans.policy import HEALTH_LABELS, KOL_LABELS

    as_of = args.as_of or date.today()
    with ctx.book().read() as s:
        q, _rows = quality.loan_quality(s, as_of)
    ctx.say(_("Loan quality as of {date}").format(date=format_date(as_of, "long")))
    for c in q.classes:
        ctx.say(f"  {_(KOL_LABELS[c.kolektibilitas]):<32} {c.loans:>6}  "
                f"{format_money(c.outstanding):>18}  {format_percent(c.percent):>6}  "
                f"{format_money(c.required):>16}")
    ctx.say(_("Problem loans: {ratio} — {grade}.").format(
        ratio=format_percent(q.problem_ratio), grade=_(HEALTH_LABELS[q.health])))
    ctx.say(_("Allowance required {required}, in the books {balance}.").format(
        required=format_money(q.required), balance=format_money(q.allowance_balance)))
    return 0


@command("loan", "allowance", help=N_("post the entry that brings the allowance to what is "
                                      "required"),
         args=[_PERIOD_END])
def loan_allowance(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import quality

    entry = ctx.book().write(lambda s: quality.adjust_allowance(s, args.as_of))
    if entry is None:
        ctx.say(_("The allowance is already as required; nothing was posted."))
    else:
        ctx.say(_("Posted entry {ref}: {memo}").format(ref=entry.reference, memo=entry.memo))
    return 0


@command("loan", "accrue", help=N_("post the jasa and denda owed by performing loans at a period "
                                   "end"),
         args=[_PERIOD_END])
def loan_accrue(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import accrual

    entry = ctx.book().write(lambda s: accrual.accrue_income(s, args.as_of))
    if entry is None:
        ctx.say(_("The jasa and denda receivable are already as owed; nothing was posted."))
    else:
        ctx.say(_("Posted entry {ref}: {memo}").format(ref=entry.reference, memo=entry.memo))
    return 0


@command("loan", "print", help=N_("write a loan's agreement, schedule or statement as PDF"),
         args=[arg("kind", choices=["agreement", "schedule", "statement"],
                   help=N_("which paper: agreement (the loan contract), schedule (the "
                           "instalments) or statement (what was paid and what is owed)")),
               _LOAN,
               arg("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help=N_("for a statement: up to this date (default: today)")),
               arg("--out", type=Path, required=True, metavar="FILE.pdf",
                   help=N_("the PDF file to write"))])
def loan_print(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.loans import documents

    with ctx.book().read() as s:
        data = documents.document(s, args.kind, args.loan, args.as_of)
    ctx.emit_bytes(data)
    return 0


def _allowance_arg(text: str) -> dict[str, Decimal]:
    """lancar=0.5,kurang_lancar=10,diragukan=50,macet=100"""
    out: dict[str, Decimal] = {}
    for part in text.split(","):
        key, _sep, value = part.partition("=")
        out[key.strip()] = _rate(value)
    return out


@command("loan", "rules", help=N_("show or change the loan rules: kolektibilitas days, "
                                  "allowance percentages, health limits, rate limit"), args=[
    arg("--kurang-lancar-days", type=int, default=None, metavar="DAYS",
        help=N_("a loan more than this many days late is kurang lancar")),
    arg("--diragukan-days", type=int, default=None, metavar="DAYS",
        help=N_("a loan more than this many days late is diragukan (macet if the collateral "
                "does not cover enough)")),
    arg("--macet-days", type=int, default=None, metavar="DAYS",
        help=N_("a loan more than this many days late is macet")),
    arg("--collateral-cover", type=_rate, default=None,
        help=N_("%% of the principal owed the collateral must cover for diragukan")),
    arg("--allowance", type=_allowance_arg, default=None, metavar="CLASS=PCT,...",
        help=N_("e.g. lancar=0.5,kurang_lancar=10,diragukan=50,macet=100")),
    arg("--max-rate", type=_rate, default=None, help=N_("highest jasa %% per month")),
])
def loan_rules(ctx: Context, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from coopdesk.i18n import format_percent
    from coopdesk.ledger.loans import policy
    from coopdesk.ledger.loans.policy import KOL_LABELS, Kolektibilitas

    with ctx.book().read() as s:
        p = policy.load_policy(s)
    changes = {k: v for k, v in (("kurang_lancar_days", args.kurang_lancar_days),
                                  ("diragukan_days", args.diragukan_days),
                                  ("macet_days", args.macet_days),
                                  ("collateral_cover", args.collateral_cover),
                                  ("max_rate", args.max_rate)) if v is not None}
    if args.allowance:
        changes["allowance"] = tuple((k, args.allowance.get(k.value, p.allowance_percent(k)))
                                     for k in Kolektibilitas)
    if changes:
        p = ctx.book().write(lambda s: policy.save_policy(s, replace(p, **changes)))
    ctx.say(_("Kurang lancar after {a} days late, diragukan after {b} (if collateral covers "
              "{cover}), macet after {c}.").format(a=p.kurang_lancar_days, b=p.diragukan_days,
                                                   c=p.macet_days,
                                                   cover=format_percent(p.collateral_cover)))
    for kol, pct in p.allowance:
        ctx.say(f"  {_(KOL_LABELS[kol]):<32} {format_percent(pct):>6}")
    a, b, c = (format_percent(x) for x in p.health_limits)
    ctx.say(_("Health: sehat up to {a} problem loans, cukup sehat up to {b}, kurang sehat up "
              "to {c}.").format(a=a, b=b, c=c))
    ctx.say(_("Highest jasa: {rate} per month.").format(rate=format_percent(p.max_rate)))
    return 0
