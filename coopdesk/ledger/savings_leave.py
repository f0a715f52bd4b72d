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

A loan written off earlier is still a debt of the member's: what the savings have left after
the running loans goes to it, as a recovery (income of the year, as the loans area's `recover`
books it; `plan_recovery_in_entry` / `record_recovery_in_entry`). A written-off debt the savings
cannot cover does not stop the member leaving: it stays written off, and the preview says how
much.
A member who owes more than their savings must pay the difference first; a loan still being
applied for must be cancelled first.

A leaving recorded by mistake is cancelled as a whole (`cancel_leaving`): the settlement's entry
is reversed (the savings come back, the payout returns to the till), its receipt voided, each loan
it paid off or recovered put back as it was (the loans area's `undo_in_entry`), and the member is
a member again. The audit trail's record of the leaving names the entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.audit import AuditRecord
from coopdesk.errors import UserError
from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger import accounts, journal, receipts
from coopdesk.ledger.journal import Line, credit, debit
from coopdesk.ledger.loans.repayments import PayoffInEntry, RepaymentPreview
from coopdesk.ledger.loans.restructure import RecoveryInEntry
from coopdesk.ledger.models import Posting
from coopdesk.ledger.receipts import Receipt, ReceiptLine
from coopdesk.ledger.savings import KIND_LABELS, KINDS, ROLES, Balances, balances, member
from coopdesk.members.models import Member

LEAVE_ACTION = "members.leave"


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
class WrittenOffOwed:
    """A written-off loan with money still owed, and how much of it the savings recover."""

    loan_id: int
    loan_no: str
    still_owed: int  # written off and not yet recovered, before this settlement
    taken: int  # recovered from the savings by this settlement

    @property
    def left(self) -> int:
        """What stays written off after the settlement."""
        return self.still_owed - self.taken


@dataclass(frozen=True)
class Settlement:
    member_no: str
    name: str
    on: date
    savings: Balances
    loans: tuple[LoanOwed, ...] = ()
    other_owed: int = 0  # loan balance in the books beyond the running loans
    pending: tuple[str, ...] = ()  # loans applied for or approved, not paid out
    written_off: tuple[WrittenOffOwed, ...] = ()

    @property
    def owed_total(self) -> int:
        return sum(loan.total for loan in self.loans) + self.other_owed

    @property
    def recovered_total(self) -> int:
        return sum(w.taken for w in self.written_off)

    @property
    def still_written_off(self) -> int:
        """Written-off debt the savings do not cover: it stays written off."""
        return sum(w.left for w in self.written_off)

    @property
    def payout(self) -> int:
        return self.savings.total - self.owed_total - self.recovered_total

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

    def notes(self) -> tuple[str, ...]:
        """What the treasurer should know before settling, in plain words."""
        return (
            *(_("Loan {loan} is {days} days late.").format(loan=loan.loan_no,
                                                          days=loan.days_late)
              for loan in self.loans if loan.days_late),
            *(_("Loan {loan} is paid off early: jasa not charged {amount}.").format(
                loan=loan.loan_no, amount=format_money(loan.waived))
              for loan in self.loans if loan.waived),
            *(_("Loan {loan} was written off: the savings cover {taken} of the {owed} still "
                "owed; {left} stays written off, and the member still owes it.").format(
                loan=w.loan_no, taken=format_money(w.taken), owed=format_money(w.still_owed),
                left=format_money(w.left))
              for w in self.written_off if w.left),
        )

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
        parts += [ReceiptLine(_("Less: written-off loan {loan}").format(loan=w.loan_no),
                              -w.taken) for w in self.written_off if w.taken]
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
    running, pending, written_off = [], [], []
    for loan in views.list_loans(session, member_no=m.member_no):
        if loan.status == "active":
            running.append(LoanOwed(loan.id, loan.loan_no, quote(loan.id)))
        elif loan.status in ("applied", "approved"):
            pending.append(loan.loan_no)
        elif loan.status == "written_off" and loan.written_off_amount > loan.recovered:
            written_off.append((loan.id, loan.loan_no, loan.written_off_amount - loan.recovered))
    booked = _receivable(session, m.id)
    other = max(booked - sum(loan.payoff.principal_outstanding for loan in running), 0)
    saved = balances(session, m.id)
    # Written-off debts take what the running loans leave, oldest loan first.
    room = max(saved.total - sum(loan.total for loan in running) - other, 0)
    recoveries = []
    for loan_id, loan_no, owed in written_off:
        taken = min(owed, room)
        room -= taken
        recoveries.append(WrittenOffOwed(loan_id, loan_no, owed, taken))
    return Settlement(m.member_no, m.name, on, saved, tuple(running), other, tuple(pending),
                      tuple(recoveries))


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
    from coopdesk.ledger.loans import restructure

    recoveries = [restructure.plan_recovery_in_entry(session, w.loan_id, w.taken, day)
                  for w in s.written_off if w.taken]
    if s.payout:
        from coopdesk.users import WITHDRAWAL, require_approval

        require_approval(session, WITHDRAWAL, subject=f"leave:{m.member_no}", amount=s.payout)
    entry, receipt = _post(session, s, m.id, payoffs, recoveries)
    _close_loans(session, payoffs, recoveries, entry, receipt)
    row = session.get(Member, m.id)
    assert row is not None
    row.status, row.left_on, row.left_reason = "keluar", day, reason.strip()[:255]
    session.flush()
    audit.record(session, LEAVE_ACTION, entity="member", entity_id=m.member_no,
                 before={"status": m.status},
                 after={"status": "keluar", "left_on": day, "reason": row.left_reason,
                        "payout": s.payout, "entry": entry.id if entry else None,
                        "loans": [loan.loan_no for loan in s.loans],
                        "recovered": {w.loan_no: w.taken for w in s.written_off if w.taken},
                        "receipt": receipt.number if receipt else None})
    return Leaving(s, entry.id if entry else None, receipt)


def _post(session: Session, s: Settlement, member_id: int, payoffs: Iterable[PayoffInEntry],
          recoveries: Iterable[RecoveryInEntry]
          ) -> tuple[journal.PostedEntry | None, Receipt | None]:
    lines = _lines(s, member_id, payoffs, recoveries)
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
                 recoveries: Iterable[RecoveryInEntry], entry: journal.PostedEntry | None,
                 receipt: Receipt | None) -> None:
    """The loans area records each loan as paid off, or recovered, by the settlement's entry."""
    from coopdesk.ledger.loans import repayments, restructure

    note = _("Paid off from the member's savings on leaving")
    receipt_no = receipt.number if receipt else None
    for payoff in payoffs:
        assert entry is not None  # a loan to pay off always gives the entry lines
        repayments.record_payoff_in_entry(session, payoff, entry, note=note,
                                          receipt_no=receipt_no)
    for recovery in recoveries:
        assert entry is not None  # likewise a recovery
        restructure.record_recovery_in_entry(
            session, recovery, entry, receipt_no=receipt_no,
            note=_("Recovered from the member's savings on leaving"))


def _lines(s: Settlement, member_id: int, payoffs: Iterable[PayoffInEntry],
           recoveries: Iterable[RecoveryInEntry]) -> list[Line]:
    """Empty the member's savings, pay off each loan and recover each written-off one with the
    lines the loans area gives (each naming its loan), take any other loan balance off the
    receivable, pay the rest in cash."""
    m = member_id
    lines: list[Line] = [debit(ROLES[k], s.savings.of(k), member_id=m) for k in KINDS
                         if s.savings.of(k)]
    for payoff in payoffs:
        lines += payoff.lines
    if s.other_owed:
        lines.append(credit("loans.receivable", s.other_owed, member_id=m))
    for recovery in recoveries:
        lines += recovery.lines
    if s.payout:
        lines.append(credit("cash", s.payout))
    return lines


# --- a leaving recorded by mistake ----------------------------------------------------------------


@dataclass(frozen=True)
class LeavingUndo:
    """What cancelling a member's leaving does (a preview), or did."""

    member_no: str
    name: str
    left_on: date | None
    entry: journal.PostedEntry | None  # the settlement's entry; None when it moved no money
    receipt: Receipt | None  # the settlement's receipt, voided by the cancellation
    loans: tuple[str, ...]  # loans the settlement paid off or recovered, put back
    problem: str | None = None
    reversal_id: int | None = None

    @property
    def savings_back(self) -> int:
        """What the member's savings accounts get back."""
        if self.entry is None:
            return 0
        # The settlement's only debits naming the member are those emptying their savings.
        return sum(ln.debit for ln in self.entry.lines if ln.member_id is not None)

    @property
    def payout(self) -> int:
        """The cash paid out on leaving, which the member brings back."""
        return self.receipt.total if self.receipt is not None else 0


def undo_lines(plan: LeavingUndo) -> list[str]:
    """What cancelling the leaving does, in plain words, for the preview (app and CLI)."""
    lines = [_("{name} ({no}) left on {date}.").format(
        name=plan.name, no=plan.member_no,
        date=format_date(plan.left_on) if plan.left_on else "-")]
    if plan.entry is None:
        lines.append(_("The leaving moved no money; only the membership comes back."))
        return lines
    lines.append(_("Entry {ref} is reversed: {amount} goes back into the member's savings.")
                 .format(ref=plan.entry.reference, amount=format_money(plan.savings_back)))
    if plan.receipt is not None:
        lines.append(_("Receipt {number} is voided: the member brings back the {amount} paid "
                       "out.").format(number=plan.receipt.number,
                                      amount=format_money(plan.payout)))
    lines += [_("Loan {loan} is as it was before the leaving.").format(loan=loan)
              for loan in plan.loans]
    return lines


def leaving_undo(session: Session, member_no: str, *, on: date | None = None) -> LeavingUndo:
    """What cancelling `member_no`'s leaving on `on` (today by default) would do; nothing is
    saved. `problem` says why it cannot be done, if it cannot."""
    require(session, Capability.READ)
    m = member(session, member_no)
    day = on or date.today()
    entry_id = _settlement_entry_id(session, m.member_no)
    entry = journal.get_entry(session, entry_id) if entry_id is not None else None
    receipt = receipts.receipt_for_entry(session, entry_id) if entry_id is not None else None
    from coopdesk.ledger.loans import repayments

    loans = repayments.loans_in_entry(session, entry_id) if entry_id is not None else ()
    problem = None
    if m.status != "keluar":
        problem = _("{name} ({no}) has not left the cooperative.").format(
            name=m.name, no=m.member_no)
    elif entry is not None and day < entry.date:
        problem = _("The leaving was settled on {date}; it cannot be cancelled on an earlier "
                    "day.").format(date=format_date(entry.date))
    elif entry_id is not None:
        problem = repayments.in_entry_problem(session, entry_id)
    left_on = session.scalar(select(Member.left_on).where(Member.id == m.id))
    return LeavingUndo(m.member_no, m.name, left_on, entry, receipt, loans, problem)


def cancel_leaving(session: Session, member_no: str, *, reason: str,
                   on: date | None = None) -> LeavingUndo:
    """Undo a leaving recorded by mistake, all in the caller's one transaction (see the module
    docstring); the reversal is dated `on`, today by default."""
    from coopdesk.ledger.loans import repayments

    require(session, Capability.MONEY)
    require(session, Capability.REGISTER)
    if not reason.strip():
        raise UserError(_("Say why the leaving is cancelled; the reason is kept."))
    day = on or date.today()
    plan = leaving_undo(session, member_no, on=day)
    if plan.problem is not None:
        raise UserError(plan.problem)
    reversal = None
    if plan.entry is not None:
        if plan.entry.reversed_by_id is not None:  # reversed in the journal already
            reversal = journal.get_entry(session, plan.entry.reversed_by_id)
        else:
            reversal = journal.reverse_entry(session, plan.entry.id, on=day, memo=_(
                "Leaving of {name} ({no}) cancelled: {reason}").format(
                name=plan.name, no=plan.member_no, reason=reason.strip())[:255])
        if plan.receipt is not None and not plan.receipt.void:
            receipts.void_receipt(session, plan.receipt.id, reason=reason, on=day)
        repayments.undo_in_entry(session, plan.entry.id, reversal)
    row = session.scalar(select(Member).where(Member.member_no == plan.member_no)
                         .with_for_update())
    assert row is not None
    before = {"status": row.status, "left_on": row.left_on, "reason": row.left_reason}
    row.status, row.left_on, row.left_reason = "anggota", None, None
    session.flush()
    audit.record(session, "members.cancel_leave", entity="member", entity_id=plan.member_no,
                 before=before, after={"status": "anggota", "reason": reason.strip(),
                                       "reversal": reversal.reference if reversal else None,
                                       "loans": list(plan.loans)})
    return LeavingUndo(plan.member_no, plan.name, plan.left_on, plan.entry, plan.receipt,
                       plan.loans, None, reversal.id if reversal else None)


def _settlement_entry_id(session: Session, member_no: str) -> int | None:
    """The entry that settled the member's latest leaving, as its audit record names it."""
    after = session.scalar(select(AuditRecord.after).where(
        AuditRecord.action == LEAVE_ACTION, AuditRecord.entity_id == member_no)
        .order_by(AuditRecord.id.desc()).limit(1))
    if after is None:
        return None
    entry_id = json.loads(after).get("entry")
    return int(entry_id) if entry_id is not None else None
