"""Where a loan stands on a date, and how a payment is split: pure functions on plain data.

An instalment's state as of a day comes from its schedule row and the allocations of payments
dated up to that day. The late penalty (denda) is replayed from those payments, so it is exact on
any date without storing anything: with a daily penalty, every day after the grace period adds
rate % of what was still unpaid of the instalment's principal and jasa before that day's payment
(paying on the fourth day of a three-day grace costs one day); a fixed penalty is charged once
when something is still unpaid at the end of the grace period. The sum is rounded half-up once.

A payment is split by the product's order (default denda → jasa → pokok) over the instalments
that can be paid now: those due up to the payment date, oldest first, and the current one (the
first to fall due on or after it). Either instalment by instalment (`instalment` mode: the
oldest is cleared first) or component by component (`component` mode: all denda first, then all
jasa, then principal).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from coopdesk.ledger.loans.products import Terms
from coopdesk.money import round_ratio_half_up

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Paid:
    """Part of one payment allocated to one instalment."""

    date: date
    principal: int = 0
    interest: int = 0
    penalty: int = 0


@dataclass(frozen=True)
class InstalmentState:
    id: int
    no: int
    due_date: date
    principal: int
    interest: int
    paid_principal: int
    paid_interest: int
    paid_penalty: int
    penalty_accrued: int

    @property
    def principal_due(self) -> int:
        return self.principal - self.paid_principal

    @property
    def interest_due(self) -> int:
        return self.interest - self.paid_interest

    @property
    def penalty_due(self) -> int:
        return max(self.penalty_accrued - self.paid_penalty, 0)

    @property
    def total_due(self) -> int:
        return self.principal_due + self.interest_due + self.penalty_due

    def component_due(self, component: str) -> int:
        if component == "principal":
            return self.principal_due
        if component == "interest":
            return self.interest_due
        return self.penalty_due


def penalty_accrued(due_date: date, amount: int, payments: Iterable[tuple[date, int]],
                    as_of: date, terms: Terms) -> int:
    """Denda accrued on one instalment of `amount` (principal + jasa) up to `as_of` inclusive,
    given its payments of principal and jasa as (date, amount) in date order."""
    if terms.penalty_mode == "none" or amount <= 0:
        return 0
    grace_end = due_date + timedelta(days=terms.grace_days)
    if as_of <= grace_end:
        return 0
    if terms.penalty_mode == "fixed":
        unpaid = amount - sum(p for d, p in payments if d <= grace_end)
        return terms.penalty_fixed if unpaid > 0 else 0
    rate = Fraction(terms.penalty_rate) / 100
    if rate == 0:
        return 0
    unpaid_days = 0  # Σ unpaid × days
    unpaid = amount
    cursor = grace_end + ONE_DAY  # the first day that accrues
    for day, paid in payments:
        if day > as_of:
            break
        if day >= cursor:  # the days up to and including the payment's day accrue on `unpaid`
            unpaid_days += unpaid * ((day - cursor).days + 1)
            cursor = day + ONE_DAY
        unpaid = max(unpaid - paid, 0)
    if as_of >= cursor and unpaid > 0:
        unpaid_days += unpaid * ((as_of - cursor).days + 1)
    return round_ratio_half_up(unpaid_days * rate.numerator, rate.denominator)


def instalment_state(iid: int, no: int, due_date: date, principal: int, interest: int, *,
                     paid: Sequence[Paid], as_of: date, terms: Terms,
                     carried_penalty: int = 0) -> InstalmentState:
    """The state of one instalment as of `as_of` (allocations after that day are ignored);
    `carried_penalty` is denda brought over from a schedule a rescheduling replaced."""
    upto = [p for p in paid if p.date <= as_of]
    accrued = carried_penalty + penalty_accrued(
        due_date, principal + interest, [(p.date, p.principal + p.interest) for p in upto],
        as_of, terms)
    return InstalmentState(
        iid, no, due_date, principal, interest,
        paid_principal=sum(p.principal for p in upto),
        paid_interest=sum(p.interest for p in upto),
        paid_penalty=sum(p.penalty for p in upto),
        penalty_accrued=accrued,
    )


# --- where a loan stands ---------------------------------------------------------------------


@dataclass(frozen=True)
class Arrears:
    overdue_principal: int
    overdue_interest: int
    penalty: int
    days_past_due: int
    oldest_due: date | None


def arrears_of(states: Iterable[InstalmentState], as_of: date) -> Arrears:
    """What is past due on `as_of`: instalments due before that day, still unpaid."""
    principal = interest = penalty = 0
    oldest: date | None = None
    for s in states:
        penalty += s.penalty_due
        if s.due_date >= as_of:
            continue
        principal += s.principal_due
        interest += s.interest_due
        if s.principal_due + s.interest_due > 0 and (oldest is None or s.due_date < oldest):
            oldest = s.due_date
    days = (as_of - oldest).days if oldest is not None else 0
    return Arrears(principal, interest, penalty, days, oldest)


def current_no(states: Sequence[InstalmentState], as_of: date) -> int | None:
    """The current instalment: the first to fall due on or after `as_of` (its period holds it)."""
    upcoming = [s for s in states if s.due_date >= as_of]
    return min(upcoming, key=lambda s: (s.due_date, s.no)).no if upcoming else None


def payable_now(states: Sequence[InstalmentState], as_of: date) -> list[InstalmentState]:
    """Instalments a repayment on `as_of` may pay: every one due by then and the current one
    (so a member may pay this period's instalment before its due date)."""
    current = current_no(states, as_of)
    ordered = sorted(states, key=lambda s: (s.due_date, s.no))
    return [s for s in ordered if (s.due_date <= as_of or s.no == current) and s.total_due > 0]


# --- splitting a payment ---------------------------------------------------------------------


@dataclass(frozen=True)
class Allocation:
    instalment_id: int
    no: int
    penalty: int = 0
    interest: int = 0
    principal: int = 0

    @property
    def total(self) -> int:
        return self.penalty + self.interest + self.principal


@dataclass(frozen=True)
class Split:
    amount: int
    allocations: tuple[Allocation, ...]
    unallocated: int  # more than can be paid now: refused, or saved as sukarela

    @property
    def penalty(self) -> int:
        return sum(a.penalty for a in self.allocations)

    @property
    def interest(self) -> int:
        return sum(a.interest for a in self.allocations)

    @property
    def principal(self) -> int:
        return sum(a.principal for a in self.allocations)


def allocate(payable: Sequence[InstalmentState], amount: int, order: Sequence[str],
             mode: str = "instalment") -> Split:
    """Split `amount` over `payable` (oldest first) in the given component order."""
    if mode == "component":
        steps = [(c, s) for c in order for s in payable]
    else:
        steps = [(c, s) for s in payable for c in order]
    taken: dict[int, dict[str, int]] = {s.id: {} for s in payable}
    left = amount
    for component, state in steps:
        if left <= 0:
            break
        pay = min(left, state.component_due(component))
        if pay > 0:
            taken[state.id][component] = pay
            left -= pay
    allocations = tuple(
        Allocation(s.id, s.no, taken[s.id].get("penalty", 0), taken[s.id].get("interest", 0),
                   taken[s.id].get("principal", 0))
        for s in payable if taken[s.id]
    )
    return Split(amount, allocations, left)


def payoff_split(states: Sequence[InstalmentState], as_of: date, rule: str) -> tuple[Split, int]:
    """Everything needed to close the loan on `as_of`: all principal and denda, and jasa by the
    early-payoff rule (`current`: up to the current instalment; `due`: only jasa already due;
    `all`: all of it). Returns the split and the jasa waived."""
    ordered = sorted(states, key=lambda s: (s.due_date, s.no))
    current = current_no(ordered, as_of)
    allocations = []
    waived = 0
    for s in ordered:
        charge_interest = (rule == "all" or s.due_date <= as_of
                           or (rule == "current" and s.no == current))
        interest = s.interest_due if charge_interest else 0
        waived += s.interest_due - interest
        a = Allocation(s.id, s.no, s.penalty_due, interest, s.principal_due)
        if a.total:
            allocations.append(a)
    total = sum(a.total for a in allocations)
    return Split(total, tuple(allocations), 0), waived
