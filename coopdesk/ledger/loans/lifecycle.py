"""A loan from application to disbursement: apply, approve (maker ≠ checker when the cooperative
turns separation of duties on), reject or cancel, and disburse — cash out and the provisi fee in
one journal entry, the schedule written from the disbursement (or agreed start) date.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, PermissionDenied, Problem, UserError, ValidationError
from coopdesk.i18n import _, format_money
from coopdesk.ledger import journal, receipts
from coopdesk.ledger.journal import credit, debit
from coopdesk.ledger.loans import store
from coopdesk.ledger.loans.models import Loan
from coopdesk.ledger.loans.policy import load_policy
from coopdesk.ledger.loans.products import Product, get_product
from coopdesk.ledger.loans.schedule import (
    DEFAULT_MAX_RATE,
    Schedule,
    build_schedule,
    schedule_problems,
)
from coopdesk.ledger.loans.views import LoanView, loan_view
from coopdesk.members.models import Member
from coopdesk.money import percent_of
from coopdesk.numbering import next_number
from coopdesk.users import LOAN_DISBURSEMENT, SEPARATION_OF_DUTIES, require_approval

SERIES = "PJ"


def _member(session: Session, member_no: str) -> Member:
    member = session.scalar(select(Member).where(Member.member_no == member_no.strip()))
    if member is None:
        raise NotFound(_("There is no member with number {no}.").format(no=member_no))
    if member.status != "anggota":
        raise UserError(_("{name} ({no}) is not a full member now and cannot borrow.").format(
            name=member.name, no=member.member_no))
    return member


def apply_for_loan(
    session: Session, *, member_no: str, product: str | int, principal: int, term: int,
    applied_on: date | None = None, start: date | None = None, purpose: str = "",
    collateral: str = "", collateral_value: int = 0,
) -> LoanView:
    """Record a member's application; the terms are copied from the product now."""
    actor = require(session, Capability.REGISTER)
    member = _member(session, member_no)
    prod = get_product(session, product)
    on = applied_on or date.today()
    problems = _application_problems(session, prod, principal, term, collateral_value)
    if start is not None and start < on:
        problems.append(Problem(_("The schedule cannot start before the application date."),
                                column="start"))
    if problems:
        raise ValidationError(_("The loan application was not saved."), problems)
    loan = Loan(
        loan_no=f"{SERIES}/{on.year}/{next_number(session, SERIES, on.year):04d}",
        member_id=member.id, product_id=prod.id, principal=principal, term=term,
        start_date=start, purpose=purpose.strip()[:255], collateral=collateral.strip()[:255],
        collateral_value=collateral_value, status="applied", applied_on=on,
        applied_by=actor.username, **prod.terms.columns(),
    )
    session.add(loan)
    session.flush()
    store.record_event(session, loan, "applied", on, principal=principal, note=purpose)
    view = loan_view(session, loan)
    audit.record(session, "loans.apply", entity="loan", entity_id=loan.loan_no,
                 after=_audit_view(view))
    return view


def _application_problems(session: Session, prod: Product, principal: int, term: int,
                          collateral_value: int) -> list[Problem]:
    problems: list[Problem] = []
    if not prod.active:
        problems.append(Problem(_("The product “{name}” is no longer offered.").format(
            name=prod.name), column="product"))
    problems += schedule_problems(principal, prod.terms.rate, term,
                                  max_rate=load_policy(session).max_rate,
                                  frequency=prod.terms.frequency)
    if problems:
        return problems
    if not prod.min_term <= term <= prod.max_term:
        problems.append(Problem(
            _("“{name}” lends for {min} to {max} instalments.").format(
                name=prod.name, min=prod.min_term, max=prod.max_term), column="term"))
    if principal < prod.min_amount or (prod.max_amount and principal > prod.max_amount):
        limit = (_("from {min} to {max}").format(min=format_money(prod.min_amount),
                                                  max=format_money(prod.max_amount))
                 if prod.max_amount else
                 _("at least {min}").format(min=format_money(prod.min_amount)))
        problems.append(Problem(_("“{name}” lends {limit}.").format(name=prod.name, limit=limit),
                                column="principal"))
    if collateral_value < 0:
        problems.append(Problem(_("The collateral value may not be negative."),
                                column="collateral_value"))
    return problems


def planned_schedule(loan: LoanView, start: date | None = None) -> Schedule:
    """The schedule as it will be on disbursement (from the agreed start, else `start`)."""
    t = loan.terms
    anchor = loan.start_date or start or date.today()
    return build_schedule(loan.principal, t.rate, loan.term, t.method, anchor,
                          frequency=t.frequency, max_rate=max(t.rate, DEFAULT_MAX_RATE))


def _change_status(session: Session, ref: str | int, expected: tuple[str, ...]) -> Loan:
    loan = store.get_loan_row(session, ref, lock=True)
    if loan.status not in expected:
        raise UserError(_("Loan {loan} is {status}; this cannot be done now.").format(
            loan=loan.loan_no, status=_status_label(loan.status)))
    return loan


def _status_label(status: str) -> str:
    from coopdesk.ledger.loans.views import STATUS_LABELS

    return _(STATUS_LABELS[status]).lower()


def approve_loan(session: Session, ref: str | int, *, on: date | None = None) -> LoanView:
    actor = require(session, Capability.APPROVE)
    loan = _change_status(session, ref, ("applied",))
    if SEPARATION_OF_DUTIES.get(session) and loan.applied_by == actor.username:
        raise PermissionDenied(_("You entered this application; another person must approve "
                                 "it."))
    day = on or date.today()
    if day < loan.applied_on:
        raise UserError(_("A loan cannot be approved before it was applied for."))
    loan.status, loan.approved_on, loan.approved_by = "approved", day, actor.username
    session.flush()
    store.record_event(session, loan, "approved", day)
    audit.record(session, "loans.approve", entity="loan", entity_id=loan.loan_no,
                 before={"status": "applied"}, after={"status": "approved",
                                                      "by": actor.username})
    return loan_view(session, loan)


def reject_loan(session: Session, ref: str | int, *, reason: str,
                on: date | None = None) -> LoanView:
    require(session, Capability.APPROVE)
    return _close_application(session, ref, "rejected", reason, on)


def cancel_loan(session: Session, ref: str | int, *, reason: str,
                on: date | None = None) -> LoanView:
    """Withdraw an application (the member changed their mind) before disbursement."""
    require(session, Capability.REGISTER)
    return _close_application(session, ref, "cancelled", reason, on)


def _close_application(session: Session, ref: str | int, status: str, reason: str,
                       on: date | None) -> LoanView:
    if not reason.strip():
        raise UserError(_("Say why; the reason is kept with the loan."))
    loan = _change_status(session, ref, ("applied", "approved"))
    before = loan.status
    loan.status = status
    session.flush()
    store.record_event(session, loan, status, on or date.today(), note=reason.strip())
    audit.record(session, "loans.reject" if status == "rejected" else "loans.cancel",
                 entity="loan", entity_id=loan.loan_no, before={"status": before},
                 after={"status": status, "reason": reason.strip()})
    return loan_view(session, loan)


def disburse(session: Session, ref: str | int, *, on: date | None = None) -> LoanView:
    """Pay the loan out: one entry — receivable in, cash out, the fee as income — and its
    receipt; the schedule is written from the agreed start date (else this day)."""
    actor = require(session, Capability.MONEY)
    loan = _change_status(session, ref, ("approved",))
    day = on or date.today()
    if day < (loan.approved_on or loan.applied_on):
        raise UserError(_("A loan cannot be paid out before it was approved."))
    if loan.approved_by == actor.username:
        # The approval was the checker's step; paying out one's own approval needs another's.
        require_approval(session, LOAN_DISBURSEMENT, subject=f"loan:{loan.id}",
                         amount=loan.principal)
    start = loan.start_date or day
    if start < day:
        raise UserError(_("The schedule was agreed to start on {start}, before this payout; "
                          "reschedule it instead.").format(start=start.isoformat()))
    plan = build_schedule(loan.principal, loan.rate, loan.term, loan.method, start,
                          frequency=loan.frequency,
                          max_rate=max(loan.rate, load_policy(session).max_rate))
    fee = percent_of(loan.principal, loan.fee_rate)
    member_no, name = store.member_of(session, loan.member_id)
    entry = journal.post_entry(
        session, date=day, source="loan", source_ref=loan.loan_no,
        memo=_("Loan {loan} paid out to {name} ({no})").format(loan=loan.loan_no, name=name,
                                                              no=member_no)[:255],
        lines=_disbursement_lines(loan, fee))
    store.insert_instalments(session, loan, version=1, valid_from=day, rows=[
        (r.no, r.due_date, r.principal, r.interest) for r in plan.rows])
    loan.status, loan.disbursed_on, loan.start_date = "active", day, start
    session.flush()
    receipt = _payout_receipt(session, loan, entry.id, fee)
    store.record_event(session, loan, "disbursed", day, entry_id=entry.id,
                       amount=loan.principal - fee, principal=loan.principal, fee=fee,
                       receipt_no=receipt.number)
    audit.record(session, "loans.disburse", entity="loan", entity_id=loan.loan_no,
                 before={"status": "approved"},
                 after={"status": "active", "entry": entry.reference, "fee": fee,
                        "receipt": receipt.number})
    return loan_view(session, loan)


def _payout_receipt(session: Session, loan: Loan, entry_id: int, fee: int) -> receipts.Receipt:
    """The kuitansi the member signs for the money paid out, the fee shown as deducted."""
    lines = [receipts.ReceiptLine(_("Loan principal"), loan.principal)]
    if fee:
        lines.append(receipts.ReceiptLine(_("Provisi / administration fee"), -fee))
    return receipts.issue_receipt(session, entry_id, kind="loan.disbursement",
                                  member_id=loan.member_id, lines=lines,
                                  title=_("Loan {loan} paid out").format(loan=loan.loan_no))


def _disbursement_lines(loan: Loan, fee: int) -> list[journal.Line]:
    m = loan.member_id
    lines = [debit("loans.receivable", loan.principal, member_id=m)]
    if fee and loan.fee_mode == "cash":
        lines += [credit("cash", loan.principal), debit("cash", fee),
                  credit("income.loan_fees", fee, member_id=m)]
    elif fee:
        lines += [credit("cash", loan.principal - fee),
                  credit("income.loan_fees", fee, member_id=m)]
    else:
        lines.append(credit("cash", loan.principal))
    return lines


def _audit_view(v: LoanView) -> dict[str, object]:
    return {"loan": v.loan_no, "member": v.member_no, "product": v.product,
            "principal": v.principal, "term": v.term, "status": v.status,
            **v.terms.columns()}
