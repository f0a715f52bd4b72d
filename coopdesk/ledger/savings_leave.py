"""A member leaves: the settlement of their savings against what they owe, in one transaction.

Settlement = pokok + wajib + sukarela − what the member owes on each running loan. What a loan
costs to close is the loans area's own figure — its early-payoff quote on the leaving day
(`coopdesk.ledger.loans.repayments.payoff_quote`): the principal still owed, the jasa due and
unpaid (whether or not a period-end accrual posted it) and the current instalment's jasa as the
product's payoff rule says, and the denda run up so far. So the settlement deducts exactly what
the loan's page asks to pay it off that day. A loan balance in the books that no running loan
explains (an opening balance carried over from paper) is deducted too.

One entry settles it all: the member's savings accounts are emptied, the loans' principal leaves
the receivable and their jasa and denda are income (as a repayment books them), and the rest is
paid in cash with a receipt that shows each part. The loans are recorded as paid off on that day
in the loans area (their instalments settled, the jasa not charged waived). The member is marked
"keluar" with the day and the reason. A member who owes more than their savings must pay the
difference first; a loan still being applied for must be cancelled first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import UserError
from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger import accounts, journal, receipts
from coopdesk.ledger.journal import Line, credit, debit
from coopdesk.ledger.loans.repayments import RepaymentPreview
from coopdesk.ledger.models import Posting
from coopdesk.ledger.receipts import Receipt, ReceiptLine
from coopdesk.ledger.savings import KIND_LABELS, KINDS, ROLES, Balances, balances, member
from coopdesk.members.models import Member


@dataclass(frozen=True)
class LoanOwed:
    """One running loan as the settlement closes it: the loans area's payoff quote."""

    loan_id: int
    loan_no: str
    payoff: RepaymentPreview

    @property
    def principal(self) -> int:
        return self.payoff.split.principal

    @property
    def interest(self) -> int:
        return self.payoff.split.interest

    @property
    def penalty(self) -> int:
        return self.payoff.split.penalty

    @property
    def total(self) -> int:
        return self.payoff.split.amount

    @property
    def waived(self) -> int:
        return self.payoff.waived

    @property
    def days_late(self) -> int:
        return self.payoff.arrears.days_past_due


@dataclass(frozen=True)
class Settlement:
    member_no: str
    name: str
    on: date
    savings: Balances
    loans: tuple[LoanOwed, ...] = ()
    other_owed: int = 0  # loan balance in the books beyond the running loans
    pending: tuple[str, ...] = ()  # loans applied for or approved, not paid out

    @property
    def owed_total(self) -> int:
        return sum(loan.total for loan in self.loans) + self.other_owed

    @property
    def payout(self) -> int:
        return self.savings.total - self.owed_total

    @property
    def problem(self) -> str | None:
        """Why the member cannot leave yet, or None."""
        if self.pending:
            return _("{name} has a loan application open ({loans}); cancel or reject it "
                     "first.").format(name=self.name, loans=", ".join(self.pending))
        if self.payout < 0:
            return _("{name} owes {owed} but has {saved} in savings: {short} must be paid "
                     "first.").format(name=self.name, owed=format_money(self.owed_total),
                                      saved=format_money(self.savings.total),
                                      short=format_money(-self.payout))
        return None

    def lines(self) -> tuple[ReceiptLine, ...]:
        """The split as the preview and the receipt show it: savings, less each debt."""
        parts = [ReceiptLine(_(KIND_LABELS[k]), self.savings.of(k)) for k in KINDS
                 if self.savings.of(k)]
        for loan in self.loans:
            parts += [ReceiptLine(label.format(loan=loan.loan_no), -amount) for label, amount in (
                (_("Less: loan {loan} principal"), loan.principal),
                (_("Less: loan {loan} jasa (interest)"), loan.interest),
                (_("Less: loan {loan} denda (penalty)"), loan.penalty)) if amount]
        if self.other_owed:
            parts.append(ReceiptLine(_("Less: other loan owed in the books"), -self.other_owed))
        return tuple(parts)


def settlement(session: Session, member_no: str, *, on: date | None = None) -> Settlement:
    """What leaving on `on` (today by default) would pay out: a preview; nothing is saved."""
    from coopdesk.ledger.loans import repayments, views

    require(session, Capability.READ)
    m = member(session, member_no)
    on = on or date.today()
    running, pending = [], []
    for loan in views.list_loans(session, member_no=m.member_no):
        if loan.status == "active":
            running.append(LoanOwed(loan.id, loan.loan_no,
                                    repayments.payoff_quote(session, loan.id, on)))
        elif loan.status in ("applied", "approved"):
            pending.append(loan.loan_no)
    booked = _receivable(session, m.id)
    other = max(booked - sum(loan.payoff.principal_outstanding for loan in running), 0)
    return Settlement(m.member_no, m.name, on, balances(session, m.id), tuple(running), other,
                      tuple(pending))


def _receivable(session: Session, member_id: int) -> int:
    account = accounts.resolve(session, "loans.receivable")
    return int(session.scalar(select(func.coalesce(func.sum(Posting.amount), 0)).where(
        Posting.member_id == member_id, Posting.account_id == account.id)) or 0)


@dataclass(frozen=True)
class Leaving:
    settlement: Settlement
    entry_id: int | None
    receipt: Receipt | None


def leave(session: Session, member_no: str, *, on: date | None = None, reason: str) -> Leaving:
    """Settle and mark the member keluar, all in the caller's one transaction."""
    require(session, Capability.MONEY)
    require(session, Capability.REGISTER)
    on = on or date.today()
    if not reason.strip():
        raise UserError(_("Say why the member leaves; it is kept in the register."))
    m = member(session, member_no)
    if m.status == "keluar":
        raise UserError(_("{name} ({no}) has already left.").format(name=m.name, no=m.member_no))
    _lock_loans(session, m.member_no, on)
    s = settlement(session, m.member_no, on=on)
    if s.problem is not None:
        raise UserError(s.problem)
    if s.payout:
        from coopdesk.users import WITHDRAWAL, require_approval

        require_approval(session, WITHDRAWAL, subject=f"leave:{m.member_no}", amount=s.payout)
    entry_id, receipt = _post(session, s, m.id)
    if s.loans:
        _close_loans(session, s, entry_id, receipt.number if receipt else None)
    row = session.get(Member, m.id)
    assert row is not None
    row.status, row.left_on, row.left_reason = "keluar", on, reason.strip()[:255]
    session.flush()
    audit.record(session, "members.leave", entity="member", entity_id=m.member_no,
                 before={"status": m.status},
                 after={"status": "keluar", "left_on": on, "reason": row.left_reason,
                        "payout": s.payout, "entry": entry_id,
                        "loans": [loan.loan_no for loan in s.loans],
                        "receipt": receipt.number if receipt else None})
    return Leaving(s, entry_id, receipt)


def _lock_loans(session: Session, member_no: str, on: date) -> None:
    """Hold the member's running loans until the transaction ends (no repayment slips in
    between the quote and the payoff) and keep their events in date order."""
    from coopdesk.ledger.loans import store, views

    for loan in views.list_loans(session, status="active", member_no=member_no):
        paying = store.paying_loan(session, loan.id, lock=True)
        if paying.last_event is not None and on < paying.last_event:
            raise UserError(_("Loan {loan} already has a transaction on {last}; the member can "
                              "leave on that day or later.").format(
                loan=loan.loan_no, last=format_date(paying.last_event)))


def _post(session: Session, s: Settlement, member_id: int) -> tuple[int | None, Receipt | None]:
    lines = _lines(s, member_id)
    if not lines:
        return None, None
    entry = journal.post_entry(
        session, date=s.on, memo=_("Settlement on leaving: {name} ({no})").format(
            name=s.name, no=s.member_no)[:255], lines=lines, source="savings",
        source_ref=s.member_no)
    receipt = None
    if s.payout:
        receipt = receipts.issue_receipt(
            session, entry.id, kind="savings.settlement", member_id=member_id,
            title=_("Settlement of savings on leaving the cooperative"), lines=s.lines())
    return entry.id, receipt


def _lines(s: Settlement, member_id: int) -> list[Line]:
    """Empty the member's savings, pay off the loans as a repayment books them (principal out of
    the receivable, jasa and denda as income, each line with the member), pay the rest in cash."""
    m = member_id
    lines: list[Line] = [debit(ROLES[k], s.savings.of(k), member_id=m) for k in KINDS
                         if s.savings.of(k)]
    principal = sum(loan.principal for loan in s.loans) + s.other_owed
    for role, amount in (("income.penalty", sum(loan.penalty for loan in s.loans)),
                         ("income.loan_interest", sum(loan.interest for loan in s.loans)),
                         ("loans.receivable", principal)):
        if amount:
            lines.append(credit(role, amount, member_id=m))
    if s.payout:
        lines.append(credit("cash", s.payout))
    return lines


def _close_loans(session: Session, s: Settlement, entry_id: int | None,
                 receipt_no: str | None) -> None:
    """Record in the loans area that each loan was paid off by this settlement: the event, the
    payment of each instalment and every instalment settled, as its own payoff records them."""
    from coopdesk.ledger.loans import store

    note = _("Paid off from the member's savings on leaving")
    for loan in s.loans:
        q = loan.payoff
        paying = store.paying_loan(session, loan.loan_id, lock=True)
        event_id = store.record_event(
            session, paying, "payoff", s.on, entry_id=entry_id, note=note, receipt_no=receipt_no,
            amount=loan.total, principal=loan.principal, interest=loan.interest,
            penalty=loan.penalty, waived=loan.waived)
        store.record_allocations(session, paying, event_id, s.on, q.split.allocations)
        store.mark_settled(session, [state.id for state in q.states], s.on)
        store.record_paid_down(session, paying, loan.principal, s.on)
        audit.record(session, "loans.payoff", entity="loan", entity_id=loan.loan_no, after={
            "entry": entry_id, "receipt": receipt_no, "amount": loan.total,
            "penalty": loan.penalty, "interest": loan.interest, "principal": loan.principal,
            "waived": loan.waived, "closed": True, "from_savings": True})
