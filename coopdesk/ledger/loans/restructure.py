"""When a loan goes wrong: rescheduling (a new schedule for what is still owed, the old one kept),
writing off to the allowance, and recovering money after a write-off.

Rescheduling moves no money, so it posts nothing: the unpaid instalments are marked replaced on
that day, and a new schedule version is written for the outstanding principal; jasa already due
and unpaid is added to the first new instalment's jasa and unpaid denda is carried with it.
A write-off moves the outstanding principal out of the receivable against the allowance (the
part the allowance does not cover is an expense of the year); a recovery afterwards is income.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import UserError
from coopdesk.i18n import _, format_money
from coopdesk.ledger import journal, receipts
from coopdesk.ledger.journal import credit, debit
from coopdesk.ledger.loans import store
from coopdesk.ledger.loans.models import Loan, LoanInstalment
from coopdesk.ledger.loans.policy import load_policy
from coopdesk.ledger.loans.position import arrears_of
from coopdesk.ledger.loans.repayments import Repayment
from coopdesk.ledger.loans.schedule import Method, build_schedule
from coopdesk.ledger.loans.views import LoanView, loan_view


def reschedule(session: Session, ref: str | int, *, term: int, reason: str,
               on: date | None = None, rate: Decimal | None = None,
               method: Method | str | None = None, start: date | None = None) -> LoanView:
    """Give a running loan a new schedule for its outstanding principal (a board decision)."""
    require(session, Capability.APPROVE)
    if not reason.strip():
        raise UserError(_("Say why the loan is rescheduled; the reason is kept with the loan."))
    day = on or date.today()
    loan = store.get_loan_row(session, ref, lock=True)
    if loan.status != "active":
        raise UserError(_("Only a running loan can be rescheduled."))
    store.check_event_date(session, loan, day)
    open_ = store.open_instalments(session, loan, day)
    late = arrears_of(open_.states, day)
    outstanding = open_.principal_outstanding
    new_rate = loan.rate if rate is None else rate
    new_method = Method(method or loan.method)
    plan = build_schedule(outstanding, new_rate, term, new_method, start or day,
                          frequency=loan.frequency, max_rate=load_policy(session).max_rate)
    session.execute(update(LoanInstalment).where(
        LoanInstalment.loan_id == loan.id, LoanInstalment.version == loan.schedule_version,
        LoanInstalment.settled_on.is_(None)).values(superseded_on=day))
    version = loan.schedule_version + 1
    rows = [(r.no, r.due_date, r.principal, r.interest) for r in plan.rows]
    no, due, principal, interest = rows[0]
    rows[0] = (no, due, principal, interest + late.overdue_interest)
    store.insert_instalments(session, loan, version=version, valid_from=day, rows=rows,
                             carried_penalty=late.penalty)
    before = {"term": loan.term, "rate": loan.rate, "method": loan.method,
              "version": loan.schedule_version}
    loan.term, loan.rate, loan.method, loan.schedule_version = term, new_rate, new_method, version
    session.flush()
    store.record_event(session, loan, "rescheduled", day, principal=outstanding,
                       interest=late.overdue_interest, penalty=late.penalty, note=reason.strip())
    audit.record(session, "loans.reschedule", entity="loan", entity_id=loan.loan_no,
                 before=before, after={"term": term, "rate": new_rate, "method": new_method,
                                       "version": version, "outstanding": outstanding,
                                       "reason": reason.strip()})
    return loan_view(session, loan)


def allowance_balance(session: Session, as_of: date) -> int:
    """The allowance for loan losses on `as_of`, as a positive amount (it is a credit balance)."""
    return -store.role_balance(session, "loans.allowance", as_of)


def write_off(session: Session, ref: str | int, *, reason: str,
              on: date | None = None) -> LoanView:
    """Write the outstanding principal off against the allowance (a board decision)."""
    require(session, Capability.APPROVE)
    require(session, Capability.MONEY)
    if not reason.strip():
        raise UserError(_("Say why the loan is written off; the reason is kept with the loan."))
    day = on or date.today()
    loan = store.get_loan_row(session, ref, lock=True)
    if loan.status != "active":
        raise UserError(_("Only a running loan can be written off."))
    store.check_event_date(session, loan, day)
    outstanding = loan.principal - loan.principal_paid
    from_allowance = min(outstanding, max(allowance_balance(session, day), 0))
    lines = [credit("loans.receivable", outstanding, member_id=loan.member_id)]
    if from_allowance:
        lines.append(debit("loans.allowance", from_allowance))
    if outstanding > from_allowance:
        lines.append(debit("expense.allowance", outstanding - from_allowance))
    member_no, name = store.member_of(session, loan.member_id)
    entry = journal.post_entry(
        session, date=day, source="loan", source_ref=loan.loan_no, lines=lines,
        memo=_("Loan {loan} of {name} ({no}) written off: {reason}").format(
            loan=loan.loan_no, name=name, no=member_no, reason=reason.strip())[:255])
    loan.status, loan.written_off_on, loan.written_off_amount = "written_off", day, outstanding
    session.flush()
    store.record_event(session, loan, "written_off", day, entry_id=entry.id,
                       principal=outstanding, note=reason.strip())
    audit.record(session, "loans.write_off", entity="loan", entity_id=loan.loan_no,
                 before={"status": "active"},
                 after={"status": "written_off", "amount": outstanding,
                        "from_allowance": from_allowance, "entry": entry.reference,
                        "reason": reason.strip()})
    return loan_view(session, loan)


def _recoverable(session: Session, ref: str | int, amount: int, on: date) -> Loan:
    """Written-off loan `ref`, locked, once `amount` received for it on `on` is checked."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise UserError(_("The amount must be more than zero."))
    loan = store.get_loan_row(session, ref, lock=True)
    if loan.status != "written_off":
        raise UserError(_("Loan {loan} was not written off; record a repayment instead.")
                        .format(loan=loan.loan_no))
    left = loan.written_off_amount - loan.recovered
    if amount > left:
        raise UserError(_("Only {left} of loan {loan} is still written off.").format(
            left=format_money(left), loan=loan.loan_no))
    store.check_event_date(session, loan, on)
    return loan


def recover(session: Session, ref: str | int, amount: int, *,
            on: date | None = None) -> Repayment:
    """Money received for a written-off loan: income of the year it comes in."""
    require(session, Capability.MONEY)
    day = on or date.today()
    loan = _recoverable(session, ref, amount, day)
    member_no, name = store.member_of(session, loan.member_id)
    entry = journal.post_entry(
        session, date=day, source="loan", source_ref=loan.loan_no,
        memo=_("Recovery on written-off loan {loan} from {name} ({no})").format(
            loan=loan.loan_no, name=name, no=member_no)[:255],
        lines=[debit("cash", amount), credit("income.recoveries", amount,
                                             member_id=loan.member_id)])
    loan.recovered += amount
    session.flush()
    event_id = store.record_event(session, loan, "recovery", day, entry_id=entry.id,
                                  amount=amount, principal=amount)
    receipt = receipts.issue_receipt(
        session, entry.id, kind="loan.recovery", member_id=loan.member_id,
        title=_("Recovery on written-off loan {loan}").format(loan=loan.loan_no))
    store.set_receipt_no(session, event_id, receipt.number)
    audit.record(session, "loans.recover", entity="loan", entity_id=loan.loan_no,
                 after={"amount": amount, "entry": entry.reference, "receipt": receipt.number})
    return Repayment(loan.loan_no, event_id, entry.id, entry.reference, receipt.id,
                     receipt.number, day, amount, 0, 0, amount, 0, 0, False,
                     loan.written_off_amount - loan.recovered)


# --- recovered inside another area's entry -------------------------------------------------------


@dataclass(frozen=True)
class RecoveryInEntry:
    """Money for a written-off loan taken inside another service's journal entry (a member's
    leaving settlement takes it from their savings): put `lines` in that entry, post it, then
    `record_recovery_in_entry`. The loan stays locked until the transaction ends."""

    loan_id: int
    loan_no: str
    member_id: int
    amount: int
    on: date

    @property
    def lines(self) -> tuple[journal.Line, ...]:
        """The income a recovery books, as `recover` books it, naming the loan. The caller's
        entry says where the money came from."""
        return (credit("income.recoveries", self.amount, member_id=self.member_id,
                       memo=self.loan_no),)


def plan_recovery_in_entry(session: Session, ref: str | int, amount: int,
                           on: date) -> RecoveryInEntry:
    """Lock written-off loan `ref` and check that `amount` of it can be recovered on `on`, for
    an entry the caller posts in this transaction."""
    require(session, Capability.MONEY)
    loan = _recoverable(session, ref, amount, on)
    return RecoveryInEntry(loan.id, loan.loan_no, loan.member_id, amount, on)


def record_recovery_in_entry(session: Session, plan: RecoveryInEntry,
                             entry: journal.PostedEntry, *, receipt_no: str | None,
                             note: str) -> int:
    """Record on the loan that `entry`, just posted with `plan.lines`, recovered `plan.amount`
    of it: the event (pointing at that entry and its receipt) and the amount recovered. Returns
    the event's id."""
    require(session, Capability.MONEY)
    if entry.date != plan.on or not journal.carries(session, entry, plan.lines):
        # A recovery counted on the loan that no income in the books shows: a programming error.
        raise ValueError(f"entry {entry.reference} does not carry the recovery of "
                         f"{plan.amount} on loan {plan.loan_no} on {plan.on}")
    loan = store.get_loan_row(session, plan.loan_id, lock=True)
    loan.recovered += plan.amount
    session.flush()
    event_id = store.record_event(session, loan, "recovery", plan.on, entry_id=entry.id,
                                  amount=plan.amount, principal=plan.amount, note=note,
                                  receipt_no=receipt_no)
    audit.record(session, "loans.recover", entity="loan", entity_id=loan.loan_no,
                 after={"amount": plan.amount, "entry": entry.reference, "receipt": receipt_no,
                        "part_of": entry.memo})
    return event_id
