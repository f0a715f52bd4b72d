"""Money coming back: repayments of any amount, early payoff, and undoing a repayment entered by
mistake. Each is one journal entry — cash in; denda, jasa and (with the member on each line) the
principal out of the receivable — with a receipt that shows the split.

A repayment pays what can be paid on its date (instalments due by then and the current one) in
the product's order. More than that is refused, or, if the member wishes, saved as simpanan
sukarela in the same entry. Paying off early settles every instalment: all principal and denda,
and jasa by the product's early-payoff rule; the jasa not charged is recorded as waived.

A loan may also be paid off inside another area's entry — a member's leaving settlement takes it
from their savings — through `plan_payoff_in_entry` and `record_payoff_in_entry`: one entry for
the user's one action, and the loan recorded by the same code as its own payoff. Such a payoff
is not cancelled from the loan: that would reverse the other area's whole entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, UserError
from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger import journal, receipts
from coopdesk.ledger.journal import credit, debit
from coopdesk.ledger.loans import store
from coopdesk.ledger.loans.models import Loan, LoanAllocation, LoanEvent, LoanInstalment
from coopdesk.ledger.loans.position import (
    Arrears,
    InstalmentState,
    Split,
    allocate,
    arrears_of,
    payable_now,
    payoff_split,
)
from coopdesk.ledger.loans.store import PayingLoan
from coopdesk.ledger.models import JournalEntry

EXCESS_CHOICES = ("refuse", "savings")


@dataclass(frozen=True)
class RepaymentPreview:
    """What a repayment would do, shown before it is saved."""

    loan_no: str
    on: date
    amount: int
    split: Split
    due_now: int  # what can be paid on this day (overdue, due, and the current instalment)
    arrears: Arrears
    principal_outstanding: int
    waived: int = 0
    #: The loan's open instalments as of the day, before this payment.
    states: tuple[InstalmentState, ...] = ()

    @property
    def excess(self) -> int:
        return self.split.unallocated

    @property
    def closes(self) -> bool:
        return self.split.principal == self.principal_outstanding and self.excess >= 0 and (
            self.amount - self.excess >= self.due_now)


@dataclass(frozen=True)
class Repayment:
    loan_no: str
    event_id: int
    entry_id: int
    entry_ref: str
    receipt_id: int
    receipt_no: str
    on: date
    amount: int
    penalty: int
    interest: int
    principal: int
    to_savings: int
    waived: int
    closed: bool
    outstanding: int  # principal still owed afterwards


def _active(session: Session, ref: str | int, on: date, *, lock: bool) -> PayingLoan:
    loan = store.paying_loan(session, ref, lock=lock)
    if loan.status == "closed":
        raise UserError(_("Loan {loan} was paid off on {day}; there is nothing to repay.").format(
            loan=loan.loan_no, day=format_date(loan.closed_on) if loan.closed_on else "-"))
    if loan.status == "written_off":
        raise UserError(_("Loan {loan} was written off; record money received for it as a "
                          "recovery.").format(loan=loan.loan_no))
    if loan.status != "active":
        raise UserError(_("Loan {loan} has not been paid out yet.").format(loan=loan.loan_no))
    if loan.disbursed_on is not None and on < loan.disbursed_on:
        raise UserError(_("Loan {loan} was paid out on {day}; a repayment cannot be earlier.")
                        .format(loan=loan.loan_no, day=format_date(loan.disbursed_on)))
    return loan


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise UserError(_("The amount must be more than zero."))


def _check_date(loan: PayingLoan, on: date) -> None:
    """Money events follow each other in time: a payment dated before the loan's last event
    would change what that event was computed from."""
    if loan.last_event is not None and on < loan.last_event:
        raise UserError(
            _("Loan {loan} already has a transaction on {last}; record this one on that day or "
              "later.").format(loan=loan.loan_no, last=format_date(loan.last_event)))


def _preview(session: Session, loan: PayingLoan, amount: int, on: date) -> RepaymentPreview:
    open_ = store.open_instalments(session, loan, on)
    payable = payable_now(open_.states, on)
    split = allocate(payable, amount, open_.terms.allocation_order, open_.terms.allocation_mode)
    return RepaymentPreview(loan.loan_no, on, amount, split, sum(s.total_due for s in payable),
                            arrears_of(open_.states, on), open_.principal_outstanding,
                            states=open_.states)


def preview_repayment(session: Session, ref: str | int, amount: int,
                      on: date | None = None) -> RepaymentPreview:
    """How `amount` paid on `on` would be split; nothing is saved."""
    require(session, Capability.READ)
    _check_amount(amount)
    day = on or date.today()
    return _preview(session, _active(session, ref, day, lock=False), amount, day)


def repay(session: Session, ref: str | int, amount: int, *, on: date | None = None,
          excess: str = "refuse") -> Repayment:
    """Record a repayment of `amount`; `excess="savings"` saves any overpayment as sukarela."""
    require(session, Capability.MONEY)
    _check_amount(amount)
    if excess not in EXCESS_CHOICES:
        raise UserError(_("An overpayment is either refused or saved."))
    day = on or date.today()
    loan = _active(session, ref, day, lock=True)
    _check_date(loan, day)
    preview = _preview(session, loan, amount, day)
    to_savings = preview.excess
    if to_savings and excess == "refuse":
        raise UserError(
            _("{amount} is {excess} more than can be paid on loan {loan} now ({due}). Save the "
              "rest as voluntary savings, or pay the loan off early.").format(
                amount=format_money(amount), excess=format_money(to_savings),
                loan=loan.loan_no, due=format_money(preview.due_now)))
    return _post(session, loan, "repayment", preview, day, to_savings=to_savings)


def payoff_quote(session: Session, ref: str | int, on: date | None = None) -> RepaymentPreview:
    """What paying the loan off on `on` costs: principal, denda, and jasa by the product's rule."""
    require(session, Capability.READ)
    day = on or date.today()
    loan = _active(session, ref, day, lock=False)
    return _payoff_preview(session, loan, day)


def _payoff_preview(session: Session, loan: PayingLoan, day: date) -> RepaymentPreview:
    open_ = store.open_instalments(session, loan, day)
    split, waived = payoff_split(open_.states, day, open_.terms.payoff_rule)
    return RepaymentPreview(loan.loan_no, day, split.amount, split, split.amount,
                            arrears_of(open_.states, day), open_.principal_outstanding, waived,
                            states=open_.states)


def pay_off(session: Session, ref: str | int, *, on: date | None = None) -> Repayment:
    require(session, Capability.MONEY)
    day = on or date.today()
    loan = _active(session, ref, day, lock=True)
    _check_date(loan, day)
    quote = _payoff_preview(session, loan, day)
    return _post(session, loan, "payoff", quote, day, waived=quote.waived)


def _post(session: Session, loan: PayingLoan, kind: str, preview: RepaymentPreview, day: date,
          *, to_savings: int = 0, waived: int = 0) -> Repayment:
    split = preview.split
    amount = _amount(split, to_savings)
    member_no, name = loan.member_no, loan.member_name
    memo = (_("Loan {loan} paid off by {name} ({no})") if kind == "payoff"
            else _("Loan {loan} repayment by {name} ({no})"))
    entry = journal.post_entry(
        session, date=day, source="loan", source_ref=loan.loan_no,
        memo=memo.format(loan=loan.loan_no, name=name, no=member_no)[:255],
        lines=[debit("cash", amount), *_owed_lines(loan.member_id, split, to_savings)])
    title = (_("Loan {loan} paid off") if kind == "payoff"
             else _("Loan {loan} repayment")).format(loan=loan.loan_no)
    receipt = receipts.issue_for_entry(
        session, entry, kind=f"loan.{kind}", title=title, party=f"{name} ({member_no})",
        member_id=loan.member_id, lines=receipt_lines(split, to_savings))
    event_id, closed = _record(session, loan, kind, preview, entry, receipt_no=receipt.number,
                               to_savings=to_savings, waived=waived)
    outstanding = loan.principal - loan.principal_paid - split.principal
    return Repayment(loan.loan_no, event_id, entry.id, entry.reference, receipt.id,
                     receipt.number, day, amount, split.penalty, split.interest, split.principal,
                     to_savings, waived, closed, outstanding)


def _amount(split: Split, to_savings: int) -> int:
    """The money the payment brings: what it pays of the loan, and what it saves."""
    return split.amount - split.unallocated + to_savings


def _owed_lines(member_id: int, split: Split, to_savings: int,
                memo: str | None = None) -> list[journal.Line]:
    """What the payment pays off, each with the member: denda and jasa as income, principal out
    of the receivable (and any overpayment saved as sukarela)."""
    lines = []
    for role, value in (("income.penalty", split.penalty),
                        ("income.loan_interest", split.interest),
                        ("loans.receivable", split.principal),
                        ("savings.sukarela", to_savings)):
        if value:
            lines.append(credit(role, value, member_id=member_id, memo=memo))
    return lines


def receipt_lines(split: Split, to_savings: int) -> list[receipts.ReceiptLine]:
    """The split as the receipt prints it: denda, jasa, pokok (and savings), non-zero only."""
    labelled = ((_("Penalty (denda)"), split.penalty), (_("Interest (jasa)"), split.interest),
                (_("Principal (pokok)"), split.principal),
                (_("Voluntary savings (sukarela)"), to_savings))
    return [receipts.ReceiptLine(label, value) for label, value in labelled if value]


def _record(session: Session, loan: PayingLoan, kind: str, preview: RepaymentPreview,
            entry: journal.PostedEntry, *, receipt_no: str | None, to_savings: int = 0,
            waived: int = 0, note: str = "", **audit_more: Any) -> tuple[int, bool]:
    """What a repayment or payoff does to the loan once its entry is posted, whoever posted it:
    the event, each instalment's share, the instalments paid in full settled (a payoff settles
    them all; the jasa it does not charge is waived), the principal paid down, the audit record.
    Returns the event's id and whether the loan is now closed."""
    split = preview.split
    amount = _amount(split, to_savings)
    paid = {a.instalment_id: a.total for a in split.allocations}
    settled = [s.id for s in preview.states
               if kind == "payoff" or s.total_due - paid.get(s.id, 0) == 0]
    closed = len(settled) == len(preview.states)
    event_id = store.record_payment(
        session, loan, kind, preview.on, split, entry_id=entry.id, receipt_no=receipt_no,
        amount=amount, settled=settled, closed=closed, to_savings=to_savings, waived=waived,
        note=note)
    audit.record(session, f"loans.{kind}", entity="loan", entity_id=loan.loan_no, after={
        "entry": entry.reference, "receipt": receipt_no, "amount": amount,
        "penalty": split.penalty, "interest": split.interest, "principal": split.principal,
        "to_savings": to_savings, "waived": waived, "closed": closed, **audit_more})
    return event_id, closed


# --- paid off inside another area's entry ---------------------------------------------------------


@dataclass(frozen=True)
class PayoffInEntry:
    """A running loan being paid off inside another service's journal entry (a member's leaving
    settlement pays it from their savings): put `lines` in that entry, post it, then
    `record_payoff_in_entry`. The loan stays locked until the transaction ends."""

    loan: PayingLoan
    quote: RepaymentPreview

    @property
    def loan_id(self) -> int:
        return self.loan.id

    @property
    def loan_no(self) -> str:
        return self.loan.loan_no

    @property
    def lines(self) -> tuple[journal.Line, ...]:
        """The credits a payoff books, as `pay_off` books them, each naming the loan: denda and
        jasa as income, principal out of the member's receivable. The caller's entry says where
        the money came from."""
        return tuple(_owed_lines(self.loan.member_id, self.quote.split, 0, memo=self.loan_no))


def plan_payoff_in_entry(session: Session, ref: str | int, on: date) -> PayoffInEntry:
    """Lock running loan `ref` and quote paying it off on `on` (principal, denda, and jasa by the
    product's early-payoff rule), for an entry the caller posts in this transaction."""
    require(session, Capability.MONEY)
    loan = _active(session, ref, on, lock=True)
    _check_date(loan, on)
    return PayoffInEntry(loan, _payoff_preview(session, loan, on))


def record_payoff_in_entry(session: Session, payoff: PayoffInEntry, entry: journal.PostedEntry,
                           *, receipt_no: str | None, note: str) -> int:
    """Record on the loan that `entry`, just posted with `payoff.lines`, paid it off: the event
    (pointing at that entry and its receipt), the payment of each instalment, every instalment
    settled, the loan closed. Returns the event's id."""
    require(session, Capability.MONEY)
    if entry.date != payoff.quote.on or not journal.carries(session, entry, payoff.lines):
        # A loan marked paid while the books still hold its receivable: a programming error.
        raise ValueError(f"entry {entry.reference} does not carry the payoff of loan "
                         f"{payoff.loan_no} on {payoff.quote.on}")
    event_id, _closed = _record(session, payoff.loan, "payoff", payoff.quote, entry,
                                receipt_no=receipt_no, waived=payoff.quote.waived, note=note,
                                part_of=entry.memo)
    return event_id


def in_entry_problem(session: Session, entry_id: int) -> str | None:
    """Why the loans paid off or recovered inside another area's entry `entry_id` cannot be put
    back as they were before it, or None when they can: a loan with a transaction after it."""
    require(session, Capability.READ)
    for event in _events_in_entry(session, entry_id):
        later = session.scalar(select(LoanEvent.id).where(
            LoanEvent.loan_id == event.loan_id, LoanEvent.id > event.id,
            LoanEvent.kind.in_(store.MONEY_EVENTS), LoanEvent.reversed_on.is_(None)).limit(1))
        if later is not None:
            loan = store.get_loan_row(session, event.loan_id)
            return _("Loan {loan} has a transaction after {date}; cancel it on the loan's page "
                     "first.").format(loan=loan.loan_no, date=format_date(event.date))
    return None


def undo_in_entry(session: Session, entry_id: int, reversal: journal.PostedEntry) -> list[str]:
    """Another area has reversed its entry `entry_id` (with `reversal`), inside which loans were
    paid off or recovered (a member's leaving settlement): put each loan back as it was before
    that entry — a payoff's instalments open again and the loan running, a recovery no longer
    counted — and mark the events reversed. Returns the loans' numbers."""
    require(session, Capability.MONEY)
    if reversal.reverses_id != entry_id:
        raise ValueError(f"entry {reversal.reference} does not reverse entry {entry_id}")
    problem = in_entry_problem(session, entry_id)
    if problem is not None:
        raise UserError(problem)
    loans = []
    for event in _events_in_entry(session, entry_id):
        loan = store.get_loan_row(session, event.loan_id, lock=True)
        if event.kind == "recovery":
            loan.recovered -= event.amount
        else:
            _undo_allocations(session, loan, event)
        event.reversed_on = reversal.date
        session.flush()
        audit.record(session, f"loans.undo_{event.kind}", entity="loan", entity_id=loan.loan_no,
                     before={"event": event.id, "amount": event.amount},
                     after={"reversal": reversal.reference, "part_of": reversal.memo})
        loans.append(loan.loan_no)
    return loans


def loans_in_entry(session: Session, entry_id: int) -> tuple[str, ...]:
    """The numbers of the loans paid off or recovered inside another area's entry `entry_id`
    (and not put back since)."""
    require(session, Capability.READ)
    return tuple(session.scalars(select(Loan.loan_no).join(LoanEvent, LoanEvent.loan_id == Loan.id)
                                 .where(*_in_entry(entry_id)).order_by(LoanEvent.id)))


def _in_entry(entry_id: int) -> tuple[Any, ...]:
    return (LoanEvent.entry_id == entry_id, LoanEvent.kind.in_(("payoff", "recovery")),
            LoanEvent.reversed_on.is_(None))


def _events_in_entry(session: Session, entry_id: int) -> list[LoanEvent]:
    return list(session.scalars(select(LoanEvent).where(*_in_entry(entry_id))
                                .order_by(LoanEvent.id)))


# --- undoing a repayment entered by mistake -----------------------------------------------------


def reverse_repayment(session: Session, event_id: int, *, reason: str,
                      on: date | None = None) -> None:
    """Cancel the loan's latest repayment or payoff: a reversing entry, the receipt voided, and
    the instalments as they were before it."""
    require(session, Capability.MONEY)
    if not reason.strip():
        raise UserError(_("Say why the repayment is cancelled; the reason is kept."))
    event = _payment_event(session, event_id)
    loan = store.get_loan_row(session, event.loan_id, lock=True)
    problem = _cancel_problem(session, loan, event)
    if problem is not None:
        raise UserError(problem)
    assert event.entry_id is not None  # a payment event always has its entry
    reversal = journal.reverse_entry(session, event.entry_id, on=on, memo=_(
        "Cancelled repayment of loan {loan}: {reason}").format(loan=loan.loan_no,
                                                              reason=reason.strip())[:255])
    receipt = receipts.receipt_for_entry(session, event.entry_id)
    if receipt is not None:
        receipts.void_receipt(session, receipt.id, reason=reason)
    _undo_allocations(session, loan, event)
    event.reversed_on = reversal.date
    session.flush()
    audit.record(session, "loans.reverse_repayment", entity="loan", entity_id=loan.loan_no,
                 before={"event": event.id, "amount": event.amount},
                 after={"reversal": reversal.reference, "reason": reason.strip()})


def cancel_problem(session: Session, event_id: int) -> str | None:
    """Why repayment or payoff `event_id` cannot be cancelled, or None when it can (the page
    asks before it asks for the reason)."""
    require(session, Capability.READ)
    event = _payment_event(session, event_id)
    return _cancel_problem(session, store.get_loan_row(session, event.loan_id), event)


def _payment_event(session: Session, event_id: int) -> LoanEvent:
    event = session.get(LoanEvent, event_id)
    if event is None or event.kind not in ("repayment", "payoff") or event.entry_id is None:
        raise NotFound(_("There is no repayment {id}.").format(id=event_id))
    return event


def _cancel_problem(session: Session, loan: Loan, event: LoanEvent) -> str | None:
    if event.reversed_on is not None:
        return _("This repayment was already cancelled.")
    entry = session.get(JournalEntry, event.entry_id)
    if entry is not None and entry.source != "loan":
        # Paid inside another area's entry (a leaving settlement): reversing that entry here
        # would undo all of it — the savings paid out too — while that area kept its own record.
        return _("The payment of loan {loan} on {date} is part of another transaction: "
                 "“{memo}” (entry {ref}). Cancelling it here would undo that whole transaction, "
                 "so it cannot be cancelled from the loan. If that transaction was wrong, cancel "
                 "it where it was made: a member's leaving on the member's page.").format(
            loan=loan.loan_no, date=format_date(event.date), memo=entry.memo,
            ref=journal.format_reference(entry.year, entry.number or 0))
    later = session.scalar(select(LoanEvent.id).where(
        LoanEvent.loan_id == loan.id, LoanEvent.id > event.id,
        LoanEvent.kind.in_(store.MONEY_EVENTS), LoanEvent.reversed_on.is_(None)).limit(1))
    if later is not None:
        return _("Only the loan's latest transaction can be cancelled; cancel the later ones "
                 "first.")
    return None


def _undo_allocations(session: Session, loan: Loan, event: LoanEvent) -> None:
    touched = list(session.scalars(select(LoanAllocation.instalment_id).where(
        LoanAllocation.event_id == event.id)))
    if event.kind == "payoff":
        touched += list(session.scalars(select(LoanInstalment.id).where(
            LoanInstalment.loan_id == loan.id, LoanInstalment.settled_on == event.date,
            LoanInstalment.version == loan.schedule_version)))
    session.execute(delete(LoanAllocation).where(LoanAllocation.event_id == event.id))
    if touched:
        session.execute(update(LoanInstalment).where(LoanInstalment.id.in_(touched))
                        .values(settled_on=None))
    loan.principal_paid -= event.principal
    if loan.status == "closed":
        loan.status, loan.closed_on = "active", None
