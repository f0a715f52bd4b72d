"""Drill-down from a statement line: one account's entries in the statement's period.

An income or expense account of a closed year ends the year at zero: the closing entry of
31 December moved its balance to the SHU of the year. Shown as a plain register the year would
end at zero, while the statement shows the year's income. So the closing entries (and their
reversals, when a year was reopened) are put after the year's other entries and marked, and the
year's movement without them, the figure on the statement, is given on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.ledger.models import AccountType
from coopdesk.ledger.reports import account_register
from coopdesk.ledger.statements.balances import closing_entry_ids


@dataclass(frozen=True)
class DrillEntry:
    entry_id: int
    reference: str
    date: date
    memo: str
    member_no: str | None
    amount: int  # signed: positive debit
    balance: int  # running, in the account's normal direction
    closing: bool  # a year-end closing entry (or the reversal of one)


@dataclass(frozen=True)
class AccountPeriod:
    code: str
    name: str
    result_account: bool  # income or expense: the statement shows `moved`, not the balance
    start: date
    end: date
    opening: int
    moved: int  # the period's movement without closing entries, in the normal direction
    closed: int  # what closing entries moved, in the normal direction (negative: out)
    entries: tuple[DrillEntry, ...]  # the latest `limit` ordinary entries, then the closing ones
    left_out: int  # ordinary entries older than those shown

    @property
    def balance(self) -> int:
        return self.opening + self.moved + self.closed


def account_period(session: Session, account: str, start: date, end: date, *,
                   limit: int = 2_000) -> AccountPeriod:
    """`account`'s entries between two days, closing entries last and marked."""
    require(session, Capability.READ)
    reg = account_register(session, account, start=start, end=end)
    sign = 1 if reg.account.debit_normal else -1
    closing_ids = set(closing_entry_ids(session, start, end))
    ordinary = [r for r in reg.rows if r.entry_id not in closing_ids]
    closing = [r for r in reg.rows if r.entry_id in closing_ids]
    moved = sign * sum(r.amount for r in ordinary)
    closed = sign * sum(r.amount for r in closing)
    shown = ordinary[-limit:] if limit else ordinary
    running = reg.opening + sign * sum(r.amount for r in ordinary[:len(ordinary) - len(shown)])
    entries = []
    for r, is_closing in [(r, False) for r in shown] + [(r, True) for r in closing]:
        running += sign * r.amount
        entries.append(DrillEntry(r.entry_id, r.reference, r.date, r.memo, r.member_no,
                                  r.amount, running, is_closing))
    acc = reg.account
    return AccountPeriod(acc.code, acc.name, acc.type in (AccountType.INCOME,
                                                          AccountType.EXPENSE),
                         start, end, reg.opening, moved, closed, tuple(entries),
                         len(ordinary) - len(shown))
