"""Per-member figures read from the postings: savings, loans, jasa paid, SHU owed.

Every journal line that concerns a member carries `member_id` (their savings, their loan, the jasa
they paid, the SHU owed to them), so what a member holds and did in a year is a grouped sum over
postings to an account role, with no need for the savings or loans modules' own tables. Each
function answers for all members at once, so a report over thousands of members costs a handful
of queries, not thousands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from coopdesk.errors import NotFound
from coopdesk.i18n import N_
from coopdesk.ledger import accounts
from coopdesk.ledger.models import Posting
from coopdesk.members.models import Member

SAVINGS_NAMES = {
    "pokok": N_("Principal savings (pokok)"),
    "wajib": N_("Mandatory savings (wajib)"),
    "sukarela": N_("Voluntary savings (sukarela)"),
    "berjangka": N_("Term savings (berjangka)"),
}
SAVINGS_ROLES = {
    "pokok": "savings.pokok",
    "wajib": "savings.wajib",
    "sukarela": "savings.sukarela",
    "berjangka": "savings.berjangka",
}
LOAN_ROLE = "loans.receivable"
INTEREST_ROLE = "income.loan_interest"
SHU_PAYABLE_ROLE = "shu.members_payable"

#: (member id, account id) -> amount
PerMemberAccount = dict[tuple[int, int], int]


def _rows(session: Session, stmt: Any) -> Any:
    """Rows of a plain column query through Core: the ORM's loading machinery adds nothing to
    sums and costs seconds on the hundreds of thousands of rows a meeting pack reads."""
    return session.connection().execute(stmt)


def role_ids(session: Session, roles: Iterable[str]) -> dict[str, int]:
    """The account id of each role the chart has (roles it lacks are left out)."""
    out = {}
    for role in roles:
        try:
            out[role] = accounts.resolve(session, role).id
        except NotFound:
            continue
    return out


def balances(session: Session, account_ids: Iterable[int], as_of: date) -> PerMemberAccount:
    """Signed balance per (member, account) of postings dated up to `as_of`."""
    ids = list(account_ids)
    if not ids:
        return {}
    stmt = (select(Posting.member_id, Posting.account_id, func.sum(Posting.amount))
            .where(Posting.account_id.in_(ids), Posting.member_id.is_not(None),
                   Posting.date <= as_of)
            .group_by(Posting.member_id, Posting.account_id))
    return {(cast(int, m), a): int(t) for m, a, t in _rows(session, stmt) if t}


def member_totals(session: Session, account_ids: Iterable[int], as_of: date) -> dict[int, int]:
    """Signed balance per member over all the given accounts, postings dated up to `as_of`."""
    ids = list(account_ids)
    if not ids:
        return {}
    stmt = (select(Posting.member_id, func.sum(Posting.amount))
            .where(Posting.account_id.in_(ids), Posting.member_id.is_not(None),
                   Posting.date <= as_of)
            .group_by(Posting.member_id))
    return {cast(int, m): int(t) for m, t in _rows(session, stmt) if t}


def movements(session: Session, account_ids: Iterable[int], start: date, end: date
              ) -> dict[tuple[int, int], tuple[int, int]]:
    """Per (member, account): (sum of debits, sum of credits as a negative) between two days."""
    ids = list(account_ids)
    if not ids:
        return {}
    debit = func.sum(case((Posting.amount > 0, Posting.amount), else_=0))
    credit = func.sum(case((Posting.amount < 0, Posting.amount), else_=0))
    stmt = (select(Posting.member_id, Posting.account_id, debit, credit)
            .where(Posting.account_id.in_(ids), Posting.member_id.is_not(None),
                   Posting.date >= start, Posting.date <= end)
            .group_by(Posting.member_id, Posting.account_id))
    return {(cast(int, m), a): (int(d or 0), int(c or 0)) for m, a, d, c in _rows(session, stmt)}


def monthly(session: Session, account_ids: Iterable[int], year: int
            ) -> dict[tuple[int, int, int], tuple[int, int]]:
    """Per (member, account, month) of `year`: (sum of debits, sum of credits as a negative)."""
    ids = list(account_ids)
    if not ids:
        return {}
    month = extract("month", Posting.date)
    debit = func.sum(case((Posting.amount > 0, Posting.amount), else_=0))
    credit = func.sum(case((Posting.amount < 0, Posting.amount), else_=0))
    stmt = (select(Posting.member_id, Posting.account_id, month, debit, credit)
            .where(Posting.account_id.in_(ids), Posting.member_id.is_not(None),
                   Posting.date >= date(year, 1, 1), Posting.date <= date(year, 12, 31))
            .group_by(Posting.member_id, Posting.account_id, month))
    return {(cast(int, m), a, int(mo)): (int(d or 0), int(c or 0))
            for m, a, mo, d, c in _rows(session, stmt)}


def month_end_sums(session: Session, account_ids: Iterable[int], year: int) -> dict[int, int]:
    """Per member, the sum over the twelve month ends of `year` of their (credit) balance on
    the given accounts: twelve times their month-average balance, kept whole so no rounding
    happens before the shares are computed.

    A posting from before the year counts in all twelve month ends, one in month k in the
    month ends k..12 (13 - k of them): one pass over the postings, weighted in SQL.
    """
    ids = list(account_ids)
    if not ids:
        return {}
    start = date(year, 1, 1)
    weight = case((Posting.date < start, 12), else_=13 - extract("month", Posting.date))
    stmt = (select(Posting.member_id, func.sum(Posting.amount * weight))
            .where(Posting.account_id.in_(ids), Posting.member_id.is_not(None),
                   Posting.date <= date(year, 12, 31))
            .group_by(Posting.member_id))
    return {cast(int, m): -int(t) for m, t in _rows(session, stmt) if t}


@dataclass(frozen=True)
class MemberRow:
    id: int
    member_no: str
    name: str
    village: str | None
    status: str
    joined_on: date | None
    left_on: date | None

    def left_by(self, day: date) -> bool:
        """True when the member had left the cooperative on or before `day`."""
        return self.status == "keluar" and (self.left_on is None or self.left_on <= day)


def members(session: Session, *, member_nos: Iterable[str] | None = None) -> list[MemberRow]:
    """Members in member-number order (all of them, or the ones named)."""
    stmt = select(Member.id, Member.member_no, Member.name, Member.village, Member.status,
                  Member.joined_on, Member.left_on).order_by(Member.member_no)
    if member_nos is not None:
        stmt = stmt.where(Member.member_no.in_(list(member_nos)))
    return [MemberRow(*r) for r in _rows(session, stmt)]
