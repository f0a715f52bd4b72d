"""Distributing a year's SHU as the members' meeting decided, and paying members their shares.

The distribution is one journal entry, dated on the meeting's day (in a later, open year): the
SHU of the year (`shu.current_year`) goes to the reserve, to each fund (`shu.fund.*`), and to each
member's SHU payable (`shu.members_payable`, one line per member, with `member_id`); what nobody
could receive stays as undistributed SHU (`shu.retained`). The rules applied and every member's
share are kept beside it.

Paying out moves a member's share from the payable to cash (a cash payment) or to their voluntary
savings (credited to sukarela): one entry per member, so each has its own reference for a receipt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, actor_of, require
from coopdesk.errors import NotFound, UserError
from coopdesk.i18n import _
from coopdesk.ledger import journal
from coopdesk.ledger.journal import Line, NewEntry
from coopdesk.ledger.models import FinancialYear
from coopdesk.ledger.shu import rules as shu_rules
from coopdesk.ledger.shu.compute import ShuResult, compute
from coopdesk.ledger.shu.models import ShuDistribution, ShuMemberShare
from coopdesk.ledger.shu.rules import JASA_MODAL, JASA_USAHA, ShuRules
from coopdesk.progress import NO_PROGRESS, Progress, report

SOURCE = "shu"
SHU_ROLE = "shu.current_year"
RETAINED_ROLE = "shu.retained"


class PayTo(StrEnum):
    CASH = "cash"
    SUKARELA = "sukarela"


@dataclass(frozen=True)
class Distribution:
    year: int
    decided_on: date
    entry_id: int
    pool: int
    members_total: int
    members: int
    unshared: int


def distribution_lines(result: ShuResult) -> list[Line]:
    """The distribution entry: the pool out of the SHU account, into parts and members."""
    lines = [Line(SHU_ROLE, result.pool)]
    for part in result.parts:
        if part.key not in (JASA_USAHA, JASA_MODAL) and part.amount:
            lines.append(Line(part.account, -part.amount))
    for m in result.members:
        if m.total:
            lines.append(Line(shu_rules.MEMBERS_PAYABLE, -m.total, m.member_id))
    if result.unshared:
        lines.append(Line(RETAINED_ROLE, -result.unshared))
    return lines


def _check_distributable(session: Session, year: int, on: date, result: ShuResult) -> None:
    if session.get(ShuDistribution, year) is not None:
        raise UserError(_("The SHU of {year} was already distributed.").format(year=year))
    if on.year <= year:
        raise UserError(_("The SHU of {year} is distributed after the members' meeting, in a "
                          "later year; choose a date in {next} or after.").format(
                              year=year, next=year + 1))
    if result.pool <= 0:
        raise UserError(_("The year {year} has no SHU to distribute.").format(year=year))


def distribute(session: Session, year: int, *, on: date, rules: ShuRules | None = None
               ) -> Distribution:
    """Post the distribution of `year`'s SHU decided by the meeting on `on`, and keep every
    member's share. `rules` (by default the cooperative's) are stored as the ones applied."""
    require(session, Capability.MONEY)
    chosen = rules or shu_rules.load(session)
    shu_rules.check(session, chosen)
    result = compute(session, year, rules=chosen)
    _check_distributable(session, year, on, result)
    ids = journal.post_entries(session, [NewEntry(
        on, _("SHU distribution for {year} as decided by the members' meeting").format(
            year=year), tuple(distribution_lines(result)), source=SOURCE,
        source_ref=str(year))])
    session.add(ShuDistribution(
        year=year, decided_on=on, entry_id=ids[0], pool=result.pool,
        jasa_usaha=result.jasa_usaha, jasa_modal=result.jasa_modal, unshared=result.unshared,
        rules=shu_rules.dumps(chosen), created_by=actor_of(session).username))
    session.flush()
    rows = [{"year": year, "member_id": m.member_id, "savings_basis": m.savings_basis,
             "business_basis": m.business_basis, "jasa_modal": m.jasa_modal,
             "jasa_usaha": m.jasa_usaha, "total": m.total} for m in result.members]
    if rows:
        session.execute(insert(ShuMemberShare), rows)
    audit.record(session, "shu.distribute", entity="shu_distribution", entity_id=year,
                 after={"entry": ids[0], "pool": result.pool, "members": len(rows),
                        "members_total": result.members_total, "unshared": result.unshared,
                        "rules": shu_rules.to_json(chosen)})
    return Distribution(year, on, ids[0], result.pool, result.members_total, len(rows),
                        result.unshared)


@dataclass(frozen=True)
class Payout:
    year: int
    to: PayTo
    members: int
    total: int
    entry_ids: tuple[int, ...]


def _unpaid(session: Session, year: int, member_nos: Iterable[str] | None
            ) -> list[tuple[ShuMemberShare, str, str]]:
    from coopdesk.members.models import Member

    stmt = (select(ShuMemberShare, Member.member_no, Member.status)
            .join(Member, Member.id == ShuMemberShare.member_id)
            .where(ShuMemberShare.year == year).order_by(Member.member_no))
    wanted = None if member_nos is None else set(member_nos)
    rows = [(s, no, status) for s, no, status in session.execute(stmt)
            if wanted is None or no in wanted]
    if wanted is not None:
        missing = wanted - {no for _s, no, _st in rows}
        if missing:
            raise NotFound(_("No SHU of {year} is owed to member(s) {nos}.").format(
                year=year, nos=", ".join(sorted(missing))))
        paid = [no for s, no, _st in rows if s.paid_entry_id is not None]
        if paid:
            raise UserError(_("The SHU of {year} was already paid to {nos}.").format(
                year=year, nos=", ".join(paid)))
    return [(s, no, status) for s, no, status in rows
            if s.paid_entry_id is None and s.total > 0]


_SHARES = cast(Table, ShuMemberShare.__table__)
_MARK_PAID = (update(_SHARES)
              .where(_SHARES.c.year == bindparam("y"), _SHARES.c.member_id == bindparam("m"))
              .values(paid_entry_id=bindparam("e"), paid_to=bindparam("to"),
                      paid_on=bindparam("on")))


def pay_out(session: Session, year: int, *, to: PayTo | str, on: date,
            member_nos: Iterable[str] | None = None, leavers_in_cash: bool = False,
            progress: Progress = NO_PROGRESS) -> Payout:
    """Pay the members' shares of `year` still owed (all, or the members named) in cash or
    by crediting their voluntary savings. Members who left have no savings to credit: with
    `leavers_in_cash` they are paid in cash, else crediting them is refused."""
    require(session, Capability.MONEY)
    how = PayTo(to)
    fy = session.get(FinancialYear, year)
    if session.get(ShuDistribution, year) is None or fy is None:
        raise UserError(_("Distribute the SHU of {year} first.").format(year=year))
    todo = _unpaid(session, year, member_nos)
    left = {no for _s, no, status in todo if status == "keluar"}
    if how is PayTo.SUKARELA and left and not leavers_in_cash:
        raise UserError(_("Members {nos} have left the cooperative; pay them in cash.")
                        .format(nos=", ".join(sorted(left)[:10])))
    ways = [PayTo.CASH if how is PayTo.CASH or no in left else PayTo.SUKARELA
            for _s, no, _st in todo]
    entries = [NewEntry(on, _("SHU {year} for member {no}").format(year=year, no=no), (
        Line(shu_rules.MEMBERS_PAYABLE, s.total, s.member_id),
        Line("cash", -s.total) if way is PayTo.CASH
        else Line("savings.sukarela", -s.total, s.member_id),
    ), source=SOURCE, source_ref=f"{year}/{no}")
        for (s, no, _status), way in zip(todo, ways, strict=True)]
    ids = journal.post_entries(session, entries, progress=progress) if entries else []
    params = [{"y": year, "m": s.member_id, "e": entry_id, "to": way.value, "on": on}
              for (s, _no, _st), entry_id, way in zip(todo, ids, ways, strict=True)]
    if params:
        session.connection().execute(_MARK_PAID, params)
    total = sum(s.total for s, _no, _st in todo)
    report(progress, len(todo), len(todo))
    audit.record(session, "shu.pay_out", entity="shu_distribution", entity_id=year,
                 after={"to": how.value, "members": len(todo), "total": total,
                        "in_cash": sum(1 for w in ways if w is PayTo.CASH)})
    return Payout(year, how, len(todo), total, tuple(ids))


def distribution_of(session: Session, year: int) -> ShuDistribution | None:
    return session.get(ShuDistribution, year)
