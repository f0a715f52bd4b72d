"""Repayment schedules: pure, exact functions of principal, rate, term, method, start and frequency.

Rates are quoted the way cooperatives quote them, in % per month; a weekly loan's rate per
instalment is the monthly rate × 12/52. Amounts are whole rupiah:

- `flat`: principal P/n and jasa P·r every instalment; each jasa is rounded half-up and the last
  instalment absorbs the rounding, so the jasa adds up to exactly round(P·r·n);
- `declining` (efektif): equal principal, jasa on the balance outstanding before the instalment;
- `annuity` (anuitas): equal instalments A = P·r(1+r)^n / ((1+r)^n − 1) rounded half-up, jasa on
  the balance outstanding, principal the rest; the last instalment pays whatever balance is left.

In every method the principal parts add up to exactly P (the last absorbs the remainder) and the
balance after the last instalment is 0. Due dates are the start date plus k months (or weeks)
counted from the start each time, so they never drift: from 31 January the dues are 28/29
February, 31 March, 30 April, ...
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext
from enum import StrEnum
from fractions import Fraction

from coopdesk.errors import Problem, ValidationError
from coopdesk.i18n import N_, _, format_money, format_percent
from coopdesk.money import (
    decimal_to_fixed,
    round_half_up,
    round_ratio_half_up,
    split_last_absorbs,
)
from coopdesk.tabular import Cell

MAX_TERM = 360
#: Below this an instalment is not worth collecting; it also keeps every rounded part positive.
MIN_PER_INSTALMENT = 1_000
#: A rate above zero below this is a typing slip (and would let flat rounding turn negative).
MIN_RATE = Decimal("0.25")
#: Rate per month × term above this (jasa over 4× the loan at the flat rate) is a typing slip;
#: it also keeps the rounding of annuity schedules within a few rupiah.
MAX_RATE_TIMES_TERM = 4
#: The default sane upper limit in % per month; a cooperative may set its own (see `policy`).
DEFAULT_MAX_RATE = Decimal("5")


class Method(StrEnum):
    FLAT = "flat"
    DECLINING = "declining"
    ANNUITY = "annuity"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    WEEKLY = "weekly"


METHOD_LABELS: dict[Method, str] = {
    Method.FLAT: N_("Flat"),
    Method.DECLINING: N_("Declining balance"),
    Method.ANNUITY: N_("Annuity"),
}
FREQUENCY_LABELS: dict[Frequency, str] = {
    Frequency.MONTHLY: N_("Monthly"),
    Frequency.WEEKLY: N_("Weekly"),
}


@dataclass(frozen=True)
class Instalment:
    no: int
    due_date: date
    principal: int
    interest: int
    balance: int  # principal still owed after this instalment

    @property
    def amount(self) -> int:
        return self.principal + self.interest


@dataclass(frozen=True)
class Schedule:
    principal: int
    rate: Decimal  # % per month
    term: int  # number of instalments
    method: Method
    frequency: Frequency
    start: date
    rows: tuple[Instalment, ...]

    @property
    def total_principal(self) -> int:
        return sum(r.principal for r in self.rows)

    @property
    def total_interest(self) -> int:
        return sum(r.interest for r in self.rows)

    @property
    def total(self) -> int:
        return self.total_principal + self.total_interest

    @property
    def first_amount(self) -> int:
        return self.rows[0].amount

    @property
    def last_due(self) -> date:
        return self.rows[-1].due_date


def period_rate(rate: Decimal, frequency: Frequency) -> Fraction:
    """The rate per instalment as an exact fraction (1.5 % per month → 3/200)."""
    monthly = Fraction(rate) / 100
    return monthly if frequency == Frequency.MONTHLY else monthly * 12 / 52


def add_months(start: date, months: int) -> date:
    """`start + relativedelta(months=months)`: the same day of the month, or the month's last day
    when it is shorter. Computed directly because building a relativedelta per instalment costs
    more than the whole rest of a 360-instalment schedule (tests check both agree)."""
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    return date(year, month0 + 1, min(start.day, monthrange(year, month0 + 1)[1]))


def due_dates(start: date, term: int, frequency: Frequency) -> list[date]:
    """The due dates, each counted from `start` (never from the previous due date)."""
    if frequency == Frequency.MONTHLY:
        return [add_months(start, k) for k in range(1, term + 1)]
    return [start + timedelta(weeks=k) for k in range(1, term + 1)]


def schedule_problems(principal: int, rate: Decimal, term: int, *,
                      max_rate: Decimal = DEFAULT_MAX_RATE,
                      frequency: Frequency = Frequency.MONTHLY) -> list[Problem]:
    """Every reason these figures cannot make a schedule, in plain words; empty when they can."""
    problems: list[Problem] = []
    if isinstance(principal, bool) or not isinstance(principal, int) or principal <= 0:
        problems.append(Problem(_("The loan amount must be more than zero."), column="principal"))
    if isinstance(term, bool) or not isinstance(term, int) or term < 1:
        problems.append(Problem(_("The term must be at least 1 instalment."), column="term"))
    elif term > MAX_TERM:
        problems.append(Problem(_("The term may be at most {n} instalments.").format(n=MAX_TERM),
                                column="term"))
    if not isinstance(rate, Decimal) or not rate.is_finite() or rate < 0:
        problems.append(Problem(_("The rate must be zero or more."), column="rate"))
    elif rate > max_rate:
        problems.append(Problem(
            _("A rate of {rate} per month is above the limit of {limit}; check the rate.")
            .format(rate=format_percent(rate), limit=format_percent(max_rate)), column="rate"))
    elif 0 < rate < MIN_RATE:
        problems.append(Problem(
            _("A rate above zero must be at least {min} per month.").format(
                min=format_percent(MIN_RATE)), column="rate"))
    if not problems and period_rate(rate, frequency) * term > MAX_RATE_TIMES_TERM:
        problems.append(Problem(
            _("{rate} per month over {n} instalments is too much jasa (more than {k} times the "
              "loan); check the rate and the term.").format(
                rate=format_percent(rate), n=term, k=MAX_RATE_TIMES_TERM), column="term"))
    if not problems and principal < MIN_PER_INSTALMENT * term:
        problems.append(Problem(
            _("The amount is too small for {n} instalments: at least {min} per instalment.")
            .format(n=term, min=format_money(MIN_PER_INSTALMENT)), column="principal"))
    return problems


def build_schedule(
    principal: int,
    rate: Decimal,
    term: int,
    method: Method | str,
    start: date,
    *,
    frequency: Frequency | str = Frequency.MONTHLY,
    max_rate: Decimal = DEFAULT_MAX_RATE,
) -> Schedule:
    """The whole schedule; refuses figures that make no sense with every reason at once."""
    try:
        freq = Frequency(frequency)
        problems = []
    except ValueError:
        problems = [Problem(_("“{frequency}” is not a frequency (monthly, weekly).")
                            .format(frequency=frequency), column="frequency")]
        freq = Frequency.MONTHLY
    problems += schedule_problems(principal, rate, term, max_rate=max_rate, frequency=freq)
    try:
        kind = Method(method)
    except ValueError:
        problems.append(Problem(_("“{method}” is not a method (flat, declining, annuity).")
                                .format(method=method), column="method"))
        kind = Method.FLAT
    if problems:
        raise ValidationError(_("The schedule cannot be made."), problems)
    parts, interest = _split(kind, principal, period_rate(rate, freq), term)
    rows = []
    balance = principal
    for k, (due, p, i) in enumerate(zip(due_dates(start, term, freq), parts, interest,
                                        strict=True), start=1):
        balance -= p
        rows.append(Instalment(k, due, p, i, balance))
    return Schedule(principal, rate, term, kind, freq, start, tuple(rows))


def _split(kind: Method, principal: int, r: Fraction, term: int) -> tuple[list[int], list[int]]:
    """Each instalment's principal and jasa."""
    if r == 0:
        return split_last_absorbs(principal, term), [0] * term
    if kind == Method.FLAT:
        return _flat(principal, r, term)
    if kind == Method.DECLINING:
        return _declining(principal, r, term)
    return _annuity(principal, r, term)


def _flat(principal: int, r: Fraction, term: int) -> tuple[list[int], list[int]]:
    each = round_half_up(principal * r)
    total = round_half_up(principal * r * term)
    return split_last_absorbs(principal, term), [each] * (term - 1) + [total - each * (term - 1)]


def _declining(principal: int, r: Fraction, term: int) -> tuple[list[int], list[int]]:
    parts = split_last_absorbs(principal, term)
    interest = []
    balance = principal
    num, den = r.numerator, r.denominator
    for p in parts:
        interest.append(round_ratio_half_up(balance * num, den))
        balance -= p
    return parts, interest


def annuity_payment(principal: int, r: Fraction, term: int) -> int:
    """A = P·r(1+r)^n / ((1+r)^n − 1), rounded half-up to the rupiah."""
    growth = (1 + r) ** term
    return round_half_up(principal * r * growth / (growth - 1))


def _annuity(principal: int, r: Fraction, term: int) -> tuple[list[int], list[int]]:
    payment = annuity_payment(principal, r, term)
    parts, interest = [], []
    balance = principal
    num, den = r.numerator, r.denominator
    for k in range(1, term + 1):
        jasa = round_ratio_half_up(balance * num, den)
        if k == term:
            part = balance
        else:
            # Where (1+r)^n is huge the principal part is under a rupiah and rounding could
            # push the jasa past the instalment: cap it, so instalments stay equal and principal
            # never goes negative.
            jasa = min(jasa, payment)
            part = min(balance, payment - jasa)
        parts.append(part)
        interest.append(jasa)
        balance -= part
    return parts, interest


# --- the true cost, for members ----------------------------------------------------------------


def effective_rate(rate: Decimal, term: int, frequency: Frequency | str = Frequency.MONTHLY
                   ) -> Decimal:
    """The declining-balance rate (% per month) that costs the same as `rate` flat.

    The internal rate of return of the flat instalments (P/n + P·r) against the principal, found
    by bisection to 12 significant digits; 1.5 % flat over 12 months ≈ 2.643 % per month.
    """
    freq = Frequency(frequency)
    r = Decimal(rate) / 100 if freq == Frequency.MONTHLY else Decimal(rate) * 12 / 5200
    if r == 0 or term < 1:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 30
        payment = 1 / Decimal(term) + r  # per rupiah of principal
        lo, hi = Decimal(0), Decimal(1)
        while hi - lo > Decimal("1e-14"):
            mid = (lo + hi) / 2
            if _present_value(payment, mid, term) > 1:
                lo = mid
            else:
                hi = mid
        per_period = (lo + hi) / 2 * 100
        monthly = per_period if freq == Frequency.MONTHLY else per_period * 52 / 12
        return +monthly


def _present_value(payment: Decimal, i: Decimal, term: int) -> Decimal:
    if i == 0:
        return payment * term
    return payment * (1 - (1 + i) ** -term) / i


def cost_line(method: Method | str, rate: Decimal, term: int,
              frequency: Frequency | str = Frequency.MONTHLY) -> str:
    """What a member reads beside the rate: "1,5% flat ≈ 2,64% efektif per bulan (≈ 31,7% per
    tahun)" for flat loans; the rate per month and per year for the others."""
    yearly = decimal_to_fixed(Decimal(rate) * 12, 1)
    if Method(method) == Method.FLAT and rate > 0:
        eff = effective_rate(rate, term, frequency)
        return _("{flat} flat ≈ {effective} effective per month (≈ {yearly} per year)").format(
            flat=format_percent(Decimal(rate)),
            effective=format_percent(decimal_to_fixed(eff, 2)),
            yearly=format_percent(decimal_to_fixed(eff * 12, 1), decimals=1))
    return _("{rate} per month on the balance (≈ {yearly} per year)").format(
        rate=format_percent(Decimal(rate)), yearly=format_percent(yearly, decimals=1))


def schedule_rows(schedule: Schedule) -> tuple[Sequence[str], list[Sequence[Cell]]]:
    """CSV for machines: exactly `no,due_date,principal,interest,installment,balance`."""
    header = ("no", "due_date", "principal", "interest", "installment", "balance")
    return header, [(r.no, r.due_date, r.principal, r.interest, r.amount, r.balance)
                    for r in schedule.rows]
