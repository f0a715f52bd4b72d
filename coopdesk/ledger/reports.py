"""Reports as data: the trial balance as of a date and an account's register with running balance.

Both read only posted postings (postings exist in the table only for posted entries once a
transaction commits), through the covering index (account, date, amount).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.ledger import accounts, snapshots
from coopdesk.ledger.accounts import AccountRow
from coopdesk.ledger.models import Account, JournalEntry, Posting
from coopdesk.members.models import Member


@dataclass(frozen=True)
class TrialBalanceRow:
    code: str
    name: str
    type: str
    balance: int  # signed: positive debit, negative credit

    @property
    def debit(self) -> int:
        return self.balance if self.balance > 0 else 0

    @property
    def credit(self) -> int:
        return -self.balance if self.balance < 0 else 0


@dataclass(frozen=True)
class TrialBalance:
    as_of: date
    rows: tuple[TrialBalanceRow, ...]

    @property
    def total_debit(self) -> int:
        return sum(r.debit for r in self.rows)

    @property
    def total_credit(self) -> int:
        return sum(r.credit for r in self.rows)

    @property
    def balanced(self) -> bool:
        return self.total_debit == self.total_credit


def account_balances(session: Session, as_of: date, *, since: date | None = None) -> dict[int, int]:
    """Signed balance of every account with postings dated up to `as_of` (from `since`, when
    given: the movement within the period). Uses the month-end snapshots when there are any."""
    closing = snapshots.balances_as_of(session, as_of)
    if since is None:
        return closing
    opening = snapshots.balances_as_of(session, since - timedelta(days=1))
    moved = {acc: closing.get(acc, 0) - opening.get(acc, 0) for acc in closing.keys() | opening}
    return {acc: amount for acc, amount in moved.items() if amount}


def trial_balance(session: Session, as_of: date, *, include_zero: bool = False) -> TrialBalance:
    require(session, Capability.READ)
    balances = account_balances(session, as_of)
    rows = []
    for acc in session.execute(
        select(Account.id, Account.code, Account.name, Account.type).order_by(Account.code)
    ):
        balance = balances.get(acc.id, 0)
        if balance or include_zero:
            rows.append(TrialBalanceRow(acc.code, acc.name, acc.type, balance))
    return TrialBalance(as_of, tuple(rows))


@dataclass(frozen=True)
class RegisterRow:
    entry_id: int
    reference: str
    date: date
    memo: str
    member_no: str | None
    amount: int  # signed: positive debit
    balance: int  # running, in the account's normal direction


@dataclass(frozen=True)
class Register:
    account: AccountRow
    start: date | None
    end: date | None
    opening: int
    rows: tuple[RegisterRow, ...]

    @property
    def closing(self) -> int:
        return self.rows[-1].balance if self.rows else self.opening


def account_register(
    session: Session,
    account: str,
    *,
    start: date | None = None,
    end: date | None = None,
    member_id: int | None = None,
) -> Register:
    """Every posting to `account` (code or role) between two dates, with the running balance
    shown the way the account grows (debits for assets and expenses, credits otherwise)."""
    require(session, Capability.READ)
    acc = accounts.resolve(session, account)
    sign = 1 if acc.debit_normal else -1
    opening = 0
    if start is not None:
        q = select(func.coalesce(func.sum(Posting.amount), 0)).where(
            Posting.account_id == acc.id, Posting.date < start
        )
        if member_id is not None:
            q = q.where(Posting.member_id == member_id)
        opening = sign * int(session.scalar(q) or 0)
    stmt = (
        select(Posting.entry_id, JournalEntry.year, JournalEntry.number, Posting.date,
               JournalEntry.memo, Posting.memo.label("line_memo"), Member.member_no,
               Posting.amount)
        .join(JournalEntry, JournalEntry.id == Posting.entry_id)
        .outerjoin(Member, Member.id == Posting.member_id)
        .where(Posting.account_id == acc.id)
        .order_by(Posting.date, Posting.entry_id, Posting.id)
    )
    if start is not None:
        stmt = stmt.where(Posting.date >= start)
    if end is not None:
        stmt = stmt.where(Posting.date <= end)
    if member_id is not None:
        stmt = stmt.where(Posting.member_id == member_id)
    balance = opening
    rows = []
    for r in session.execute(stmt):
        balance += sign * r.amount
        rows.append(RegisterRow(r.entry_id, f"{r.year}/{r.number:06d}", r.date,
                                r.line_memo or r.memo, r.member_no, r.amount, balance))
    return Register(acc, start, end, opening, tuple(rows))
