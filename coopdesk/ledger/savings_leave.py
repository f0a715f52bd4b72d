"""A member leaves: the settlement of their savings against what they owe, in one transaction.

Settlement = pokok + wajib + sukarela − what the member owes the cooperative as the ledger shows
it (loan principal, jasa and denda receivables carrying the member's id). One entry pays it out:
the member's savings accounts are emptied, their receivables cleared, and the rest paid in cash;
a receipt shows each part. The member is marked "keluar" with the day and the reason. A member
who owes more than their savings must pay the difference first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, UserError
from coopdesk.i18n import N_, _, format_money
from coopdesk.ledger import accounts, journal, receipts
from coopdesk.ledger.journal import Line, credit, debit
from coopdesk.ledger.models import Posting
from coopdesk.ledger.receipts import Receipt, ReceiptLine
from coopdesk.ledger.savings import KIND_LABELS, KINDS, ROLES, Balances, balances, member
from coopdesk.members.models import Member

#: What a member may owe, by the role of the account, as the settlement receipt names it.
OWED_ROLES: dict[str, str] = {
    "loans.receivable": N_("Less: loan still owed"),
    "loans.interest_receivable": N_("Less: loan interest (jasa) owed"),
    "loans.penalty_receivable": N_("Less: penalties (denda) owed"),
}


@dataclass(frozen=True)
class Settlement:
    member_no: str
    name: str
    savings: Balances
    owed: tuple[tuple[str, int], ...]  # (account role, amount owed)

    @property
    def owed_total(self) -> int:
        return sum(a for _r, a in self.owed)

    @property
    def payout(self) -> int:
        return self.savings.total - self.owed_total

    def lines(self) -> tuple[ReceiptLine, ...]:
        parts = [ReceiptLine(_(KIND_LABELS[k]), self.savings.of(k)) for k in KINDS
                 if self.savings.of(k)]
        parts += [ReceiptLine(_(OWED_ROLES[role]), -amount) for role, amount in self.owed]
        return tuple(parts)


def settlement(session: Session, member_no: str, *, on: date | None = None) -> Settlement:
    """What leaving would pay out (a preview; nothing is saved)."""
    require(session, Capability.READ)
    m = member(session, member_no)
    saved = balances(session, m.id, as_of=on)
    owed = []
    for role in OWED_ROLES:
        try:
            account = accounts.resolve(session, role)
        except NotFound:
            continue  # a chart without this account: nothing can be owed on it
        stmt = select(func.sum(Posting.amount)).where(Posting.member_id == m.id,
                                                      Posting.account_id == account.id)
        if on is not None:
            stmt = stmt.where(Posting.date <= on)
        amount = int(session.scalar(stmt) or 0)
        if amount > 0:
            owed.append((role, amount))
    return Settlement(m.member_no, m.name, saved, tuple(owed))


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
    s = settlement(session, m.member_no)
    if s.payout < 0:
        raise UserError(_("{name} owes {owed} but has {saved} in savings: {short} must be paid "
                          "first.").format(name=m.name, owed=format_money(s.owed_total),
                                           saved=format_money(s.savings.total),
                                           short=format_money(-s.payout)))
    entry_id, receipt = None, None
    if s.payout:
        from coopdesk.users import WITHDRAWAL, require_approval

        require_approval(session, WITHDRAWAL, subject=f"leave:{m.member_no}", amount=s.payout)
    lines = _lines(s, m.id)
    if lines:
        entry = journal.post_entry(
            session, date=on, memo=_("Settlement on leaving: {name} ({no})").format(
                name=m.name, no=m.member_no)[:255], lines=lines, source="savings",
            source_ref=m.member_no)
        entry_id = entry.id
        if s.payout:
            receipt = receipts.issue_receipt(
                session, entry.id, kind="savings.settlement", member_id=m.id,
                title=_("Settlement of savings on leaving the cooperative"), lines=s.lines())
    row = session.get(Member, m.id)
    assert row is not None
    row.status, row.left_on, row.left_reason = "keluar", on, reason.strip()[:255]
    session.flush()
    audit.record(session, "members.leave", entity="member", entity_id=m.member_no,
                 before={"status": m.status},
                 after={"status": "keluar", "left_on": on, "reason": row.left_reason,
                        "payout": s.payout, "entry": entry_id,
                        "receipt": receipt.number if receipt else None})
    return Leaving(s, entry_id, receipt)


def _lines(s: Settlement, member_id: int) -> list[Line]:
    """Empty the member's savings, clear what they owe, pay the rest in cash."""
    lines: list[Line] = [debit(ROLES[k], s.savings.of(k), member_id=member_id) for k in KINDS
                         if s.savings.of(k)]
    lines += [credit(role, amount, member_id=member_id) for role, amount in s.owed]
    if s.payout:
        lines.append(credit("cash", s.payout))
    return lines
