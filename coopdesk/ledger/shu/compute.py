"""Sharing a closed year's SHU: the pool, each part of the split, and each member's share.

    SHU_member = V_member / ΣV · JUA  +  S_member / ΣS · JMA

where JUA and JMA are the jasa usaha and jasa modal parts of the pool, V a member's business with
the cooperative in the year and S their savings (see `rules`). Every amount is whole rupiah and
nothing is lost to rounding: the parts add up to the pool, and the members' shares add up to
JUA + JMA exactly (largest remainder, `coopdesk.money.largest_remainder`). A part that cannot be
shared (nobody did business, nobody saved) stays with the cooperative as undistributed SHU.

The computation only reads; a what-if is the same computation with other rules.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.errors import UserError
from coopdesk.i18n import _, format_money
from coopdesk.ledger.models import FinancialYear
from coopdesk.ledger.shu import rules as shu_rules
from coopdesk.ledger.shu.loss import loss_note, open_loss_note, open_losses
from coopdesk.ledger.shu.models import ShuDistribution
from coopdesk.ledger.shu.rules import (
    BUSINESS_KINDS,
    JASA_MODAL,
    JASA_USAHA,
    LeaversRule,
    SavingsMethod,
    ShuRules,
)
from coopdesk.ledger.statements import members as mf
from coopdesk.ledger.statements.build import year_result
from coopdesk.money import largest_remainder, round_ratio_half_up


@dataclass(frozen=True)
class PartAmount:
    key: str
    name: str
    percent: str  # as the rules hold it (a Decimal's text), for showing
    account: str
    amount: int


@dataclass(frozen=True)
class MemberShare:
    member_id: int
    member_no: str
    name: str
    savings_basis: int  # S, rounded to the rupiah for showing (shares use the exact value)
    business_basis: int  # V
    jasa_modal: int
    jasa_usaha: int
    left: bool = False

    @property
    def total(self) -> int:
        return self.jasa_modal + self.jasa_usaha


@dataclass(frozen=True)
class ShuResult:
    year: int
    pool: int  # the SHU of the year (0 when the year made a loss)
    result: int  # the year's result itself, negative for a loss
    parts: tuple[PartAmount, ...]
    jasa_usaha: int  # JUA
    jasa_modal: int  # JMA
    savings_total: int
    business_total: int
    members: tuple[MemberShare, ...]
    unshared: int  # JUA or JMA nobody could receive; stays as undistributed SHU
    rules: ShuRules
    notes: tuple[str, ...] = ()

    @property
    def members_total(self) -> int:
        return sum(m.total for m in self.members)

    def member(self, member_no: str) -> MemberShare:
        for m in self.members:
            if m.member_no == member_no:
                return m
        raise KeyError(member_no)


def _savings_basis(session: Session, rules: ShuRules, year: int) -> tuple[dict[int, int], int]:
    """Each member's savings counted for jasa modal, times a scale: the month average is kept
    as the sum of the twelve month ends (scale 12), so the shares are computed on whole
    numbers, exactly, and fast."""
    roles = mf.role_ids(session, [mf.SAVINGS_ROLES[k] for k in rules.savings_kinds])
    if rules.savings_method is SavingsMethod.MONTH_AVERAGE:
        sums = mf.month_end_sums(session, roles.values(), year)
        return {m: max(v, 0) for m, v in sums.items()}, 12
    totals = mf.member_totals(session, roles.values(), date(year, 12, 31))
    return {m: max(-v, 0) for m, v in totals.items()}, 1


def _business_basis(session: Session, rules: ShuRules, year: int) -> dict[int, int]:
    roles = mf.role_ids(session, [BUSINESS_KINDS[k] for k in rules.business_kinds])
    out: dict[int, int] = {}
    moved = mf.movements(session, roles.values(), date(year, 1, 1), date(year, 12, 31))
    for (member, _acc), (debit, credit) in moved.items():
        out[member] = out.get(member, 0) - (debit + credit)
    return {m: max(v, 0) for m, v in out.items()}


def _share(total: int, weights: Sequence[int | Fraction]) -> tuple[list[int], int]:
    """Shares of `total` by weights, and what could not be shared (no weight at all)."""
    if total and not any(weights):
        return [0] * len(weights), total
    return largest_remainder(total, weights), 0


def _eligible(rules: ShuRules, row: mf.MemberRow, year_end: date) -> tuple[bool, bool]:
    """(gets jasa usaha, gets jasa modal) for a member under the leavers rule."""
    if row.status == "calon":
        return False, False
    if not row.left_by(year_end) or rules.leavers is LeaversRule.INCLUDE:
        return True, True
    if rules.leavers is LeaversRule.BUSINESS_ONLY:
        return True, False
    return False, False


def compute(session: Session, year: int, *, rules: ShuRules | None = None,
            allow_open: bool = False) -> ShuResult:
    """The SHU of a closed `year` shared by `rules` (by default the cooperative's own, or the
    ones the meeting applied when the year's SHU was already distributed)."""
    require(session, Capability.READ)
    fy = session.get(FinancialYear, year)
    if fy is None:
        raise UserError(_("The financial year {year} is not in the book.").format(year=year))
    if fy.status != "closed" and not allow_open:
        raise UserError(_("Close the year {year} first: the SHU is shared from a closed year's "
                          "figures.").format(year=year))
    if rules is None:
        done = session.get(ShuDistribution, year)
        rules = (shu_rules.from_json(json.loads(done.rules)) if done
                 else shu_rules.load(session))
    found = shu_rules.problems(rules)
    if found:
        raise UserError("\n".join(found))
    return _compute(session, year, rules, year_result(session, year))


def split_pool(pool: int, rules: ShuRules) -> tuple[PartAmount, ...]:
    """The pool shared among the parts of the split, adding up to the pool exactly."""
    amounts = largest_remainder(pool, [p.percent for p in rules.parts])
    return tuple(PartAmount(p.key, p.label, str(p.percent), p.account, a)
                 for p, a in zip(rules.parts, amounts, strict=True))


def _compute(session: Session, year: int, rules: ShuRules, result: int) -> ShuResult:
    pool = max(result, 0)
    parts = split_pool(pool, rules)
    jua = sum(p.amount for p in parts if p.key == JASA_USAHA)
    jma = sum(p.amount for p in parts if p.key == JASA_MODAL)
    year_end = date(year, 12, 31)
    rows = mf.members(session)
    savings, scale = _savings_basis(session, rules, year)
    business = _business_basis(session, rules, year)
    gets = [_eligible(rules, r, year_end) for r in rows]
    s_weights = [savings.get(r.id, 0) if g[1] else 0 for r, g in zip(rows, gets, strict=True)]
    v_weights = [business.get(r.id, 0) if g[0] else 0 for r, g in zip(rows, gets, strict=True)]
    modal, unshared_modal = _share(jma, s_weights)
    usaha, unshared_usaha = _share(jua, v_weights)
    shares = tuple(
        MemberShare(r.id, r.member_no, r.name, round_ratio_half_up(s, scale), v, jm, ju,
                    r.left_by(year_end))
        for r, s, v, jm, ju in zip(rows, s_weights, v_weights, modal, usaha, strict=True)
        if s or v or jm or ju
    )
    notes = _notes(session, year, result, unshared_usaha, unshared_modal)
    return ShuResult(year, pool, result, parts, jua, jma,
                     round_ratio_half_up(sum(s_weights), scale), sum(v_weights), shares,
                     unshared_usaha + unshared_modal, rules, notes)


def _notes(session: Session, year: int, result: int, unshared_usaha: int, unshared_modal: int
           ) -> tuple[str, ...]:
    notes = []
    if result < 0:
        notes.append(_("The year {year} closed with a loss of {amount}; there is no SHU to "
                       "share.").format(year=year, amount=format_money(-result)))
        notes.append(loss_note(session, year))
    notes += [open_loss_note(state) for state in open_losses(session, year)]
    if unshared_usaha:
        notes.append(_("No member did business counted for jasa usaha; {amount} stays with the "
                       "cooperative.").format(amount=format_money(unshared_usaha)))
    if unshared_modal:
        notes.append(_("No member held savings counted for jasa modal; {amount} stays with the "
                       "cooperative.").format(amount=format_money(unshared_modal)))
    return tuple(notes)


def compare(session: Session, year: int, alternative: ShuRules, *, allow_open: bool = False
            ) -> tuple[ShuResult, ShuResult]:
    """What-if: the year's SHU under the cooperative's rules and under `alternative`."""
    return (compute(session, year, allow_open=allow_open),
            compute(session, year, rules=alternative, allow_open=allow_open))
