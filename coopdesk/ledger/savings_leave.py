"""A member leaves: the settlement of their savings against what they owe, in one transaction.

Settlement = pokok + wajib + sukarela − what the member owes on each running loan. What a loan
costs to close is the loans area's own figure — its early-payoff quote on the leaving day
(`coopdesk.ledger.loans.repayments.payoff_quote`): the principal still owed, the jasa due and
unpaid (whether or not a period-end accrual posted it) and the current instalment's jasa as the
product's payoff rule says, and the denda run up so far. So the settlement deducts exactly what
the loan's page asks to pay it off that day. A loan balance in the books that no running loan
explains (an opening balance carried over from paper) is deducted too.

One entry settles it all: the member's savings accounts are emptied, each loan's payoff lines
are the loans area's own (`plan_payoff_in_entry`: principal out of the receivable, jasa and denda
as income, as its payoff books them), and the rest is paid in cash with a receipt that shows each
part. Once the entry is posted the loans area records each loan as paid off by it
(`record_payoff_in_entry`: instalments settled, the jasa not charged waived); such a payoff is
not cancelled from the loan's page. The member is marked "keluar" with the day and the reason.
A member who owes more than their savings must pay the difference first; a loan still being
applied for must be cancelled first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import UserError
from coopdesk.i18n import _, format_money
from coopdesk.ledger import accounts, journal, receipts
from coopdesk.ledger.journal import Line, credit, debit
from coopdesk.ledger.loans.repayments import PayoffInEntry, RepaymentPreview
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
    from coopdesk.ledger.loans import repayments

    require(session, Capability.READ)
    day = on or date.today()
    return _settlement(session, member_no, day, lambda loan_id: repayments.payoff_quote(
        session, loan_id, day))


def _settlement(session: Session, member_no: str, on: date,
                quote: Callable[[int], RepaymentPreview]) -> Settlement:
    """The settlement with each running loan's payoff as `quote` gives it."""
    from coopdesk.ledger.loans import views

    m = member(session, member_no)
    running, pending = [], []
    for loan in views.list_loans(session, member_no=m.member_no):
        if loan.status == "active":
            running.append(LoanOwed(loan.id, loan.loan_no, quote(loan.id)))
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
    from coopdesk.ledger.loans import repayments

    require(session, Capability.MONEY)
    require(session, Capability.REGISTER)
    day = on or date.today()
    if not reason.strip():
        raise UserError(_("Say why the member leaves; it is kept in the register."))
    m = member(session, member_no)
    if m.status == "keluar":
        raise UserError(_("{name} ({no}) has already left.").format(name=m.name, no=m.member_no))
    payoffs: list[PayoffInEntry] = []

    def plan(loan_id: int) -> RepaymentPreview:
        # Locked until the transaction ends: no repayment slips in between quote and payoff.
        payoffs.append(repayments.plan_payoff_in_entry(session, loan_id, day))
        return payoffs[-1].quote

    s = _settlement(session, m.member_no, day, plan)
    if s.problem is not None:
        raise UserError(s.problem)
    if s.payout:
        from coopdesk.users import WITHDRAWAL, require_approval

        require_approval(session, WITHDRAWAL, subject=f"leave:{m.member_no}", amount=s.payout)
    entry, receipt = _post(session, s, m.id, payoffs)
    _close_loans(session, payoffs, entry, receipt)
    row = session.get(Member, m.id)
    assert row is not None
    row.status, row.left_on, row.left_reason = "keluar", day, reason.strip()[:255]
    session.flush()
    audit.record(session, "members.leave", entity="member", entity_id=m.member_no,
                 before={"status": m.status},
                 after={"status": "keluar", "left_on": day, "reason": row.left_reason,
                        "payout": s.payout, "entry": entry.id if entry else None,
                        "loans": [loan.loan_no for loan in s.loans],
                        "receipt": receipt.number if receipt else None})
    return Leaving(s, entry.id if entry else None, receipt)


def _post(session: Session, s: Settlement, member_id: int, payoffs: Iterable[PayoffInEntry]
          ) -> tuple[journal.PostedEntry | None, Receipt | None]:
    lines = _lines(s, member_id, payoffs)
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
    return entry, receipt


def _close_loans(session: Session, payoffs: Iterable[PayoffInEntry],
                 entry: journal.PostedEntry | None, receipt: Receipt | None) -> None:
    """The loans area records each loan as paid off by the settlement's entry."""
    from coopdesk.ledger.loans import repayments

    note = _("Paid off from the member's savings on leaving")
    for payoff in payoffs:
        assert entry is not None  # a loan to pay off always gives the entry lines
        repayments.record_payoff_in_entry(session, payoff, entry, note=note,
                                          receipt_no=receipt.number if receipt else None)


def _lines(s: Settlement, member_id: int, payoffs: Iterable[PayoffInEntry]) -> list[Line]:
    """Empty the member's savings, pay off each loan with the lines the loans area gives (each
    naming its loan), take any other loan balance off the receivable, pay the rest in cash."""
    m = member_id
    lines: list[Line] = [debit(ROLES[k], s.savings.of(k), member_id=m) for k in KINDS
                         if s.savings.of(k)]
    for payoff in payoffs:
        lines += payoff.lines
    if s.other_owed:
        lines.append(credit("loans.receivable", s.other_owed, member_id=m))
    if s.payout:
        lines.append(credit("cash", s.payout))
    return lines
