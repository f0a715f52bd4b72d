"""Loan products: the kinds of loan a cooperative offers, with the terms each loan copies.

A product names a method (flat, declining, annuity), a rate in % per month, the instalment
frequency, term and amount limits, the provisi/administration fee (% of principal, deducted from
the disbursement or paid in cash), the late penalty (denda: % per day of the overdue amount after
N grace days, or a fixed amount per late instalment), the order a payment is allocated in, and
the early-payoff rule. Products are settings: changing them needs the settings capability.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, Problem, ValidationError
from coopdesk.i18n import N_, _, format_percent
from coopdesk.ledger.loans.models import LoanProduct, LoanTermsMixin
from coopdesk.ledger.loans.policy import load_policy
from coopdesk.ledger.loans.schedule import MAX_TERM, MIN_RATE, Frequency, Method

COMPONENTS = ("penalty", "interest", "principal")
FEE_MODES = ("deduct", "cash")
PENALTY_MODES = ("daily", "fixed", "none")
ALLOCATION_MODES = ("instalment", "component")
PAYOFF_RULES = ("current", "due", "all")
#: Above this a daily penalty is surely a slip (0.1 % per day is already 3 % a month).
MAX_PENALTY_PER_DAY = Decimal(1)

PAYOFF_LABELS = {
    "current": N_("jasa up to the current instalment"),
    "due": N_("only jasa already due"),
    "all": N_("all remaining jasa"),
}
COMPONENT_LABELS = {"penalty": N_("penalty (denda)"), "interest": N_("interest (jasa)"),
                    "principal": N_("principal (pokok)")}


@dataclass(frozen=True)
class Terms:
    method: Method
    rate: Decimal  # % per month
    frequency: Frequency = Frequency.MONTHLY
    fee_rate: Decimal = Decimal(0)  # % of principal
    fee_mode: str = "deduct"
    penalty_mode: str = "daily"
    penalty_rate: Decimal = Decimal(0)  # % of the overdue amount per day
    penalty_fixed: int = 0  # per late instalment
    grace_days: int = 0
    allocation_order: tuple[str, ...] = COMPONENTS
    allocation_mode: str = "instalment"
    payoff_rule: str = "current"

    def columns(self) -> dict[str, Any]:
        values = asdict(self)
        values["method"] = self.method.value
        values["frequency"] = self.frequency.value
        values["allocation_order"] = ",".join(self.allocation_order)
        return values


class HasTerms(Protocol):
    """Anything carrying a loan's terms as columns: a product, a loan, or a plain row."""

    @property
    def method(self) -> str: ...
    @property
    def rate(self) -> Decimal: ...
    @property
    def frequency(self) -> str: ...
    @property
    def fee_rate(self) -> Decimal: ...
    @property
    def fee_mode(self) -> str: ...
    @property
    def penalty_mode(self) -> str: ...
    @property
    def penalty_rate(self) -> Decimal: ...
    @property
    def penalty_fixed(self) -> int: ...
    @property
    def grace_days(self) -> int: ...
    @property
    def allocation_order(self) -> str: ...
    @property
    def allocation_mode(self) -> str: ...
    @property
    def payoff_rule(self) -> str: ...


def terms_of(row: HasTerms | LoanTermsMixin) -> Terms:
    return Terms(
        method=Method(row.method), rate=row.rate, frequency=Frequency(row.frequency),
        fee_rate=row.fee_rate, fee_mode=row.fee_mode, penalty_mode=row.penalty_mode,
        penalty_rate=row.penalty_rate, penalty_fixed=row.penalty_fixed,
        grace_days=row.grace_days, allocation_order=tuple(row.allocation_order.split(",")),
        allocation_mode=row.allocation_mode, payoff_rule=row.payoff_rule,
    )


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    terms: Terms
    min_term: int
    max_term: int
    min_amount: int
    max_amount: int  # 0: no upper limit
    active: bool


def _product(p: LoanProduct) -> Product:
    return Product(p.id, p.name, terms_of(p), p.min_term, p.max_term, p.min_amount,
                   p.max_amount, p.active)


def terms_problems(t: Terms, max_rate: Decimal) -> list[Problem]:
    problems: list[Problem] = []
    if t.rate < 0 or t.rate > max_rate:
        problems.append(Problem(_("The rate must be from 0 to {limit} per month.").format(
            limit=format_percent(max_rate)), column="rate"))
    elif 0 < t.rate < MIN_RATE:
        problems.append(Problem(_("A rate above zero must be at least {min} per month.").format(
            min=format_percent(MIN_RATE)), column="rate"))
    if not 0 <= t.fee_rate <= 10:
        problems.append(Problem(_("The fee must be from 0 to 10 % of the loan."),
                                column="fee_rate"))
    if t.fee_mode not in FEE_MODES:
        problems.append(Problem(_("The fee is either deducted or paid in cash."),
                                column="fee_mode"))
    if t.penalty_mode not in PENALTY_MODES:
        problems.append(Problem(_("The penalty is daily, fixed or none."), column="penalty_mode"))
    if not 0 <= t.penalty_rate <= MAX_PENALTY_PER_DAY:
        problems.append(Problem(_("The daily penalty must be from 0 to {max} per day.").format(
            max=format_percent(MAX_PENALTY_PER_DAY)), column="penalty_rate"))
    if t.penalty_fixed < 0 or not 0 <= t.grace_days <= 60:
        problems.append(Problem(_("The fixed penalty may not be negative and the grace days "
                                  "must be from 0 to 60."), column="penalty"))
    if sorted(t.allocation_order) != sorted(COMPONENTS):
        problems.append(Problem(_("The payment order must name penalty, interest and principal "
                                  "once each."), column="allocation_order"))
    if t.allocation_mode not in ALLOCATION_MODES:
        problems.append(Problem(_("Payments go oldest instalment first or component first."),
                                column="allocation_mode"))
    if t.payoff_rule not in PAYOFF_RULES:
        problems.append(Problem(_("The early-payoff rule is current, due or all."),
                                column="payoff_rule"))
    return problems


def _limits_problems(min_term: int, max_term: int, min_amount: int,
                     max_amount: int) -> list[Problem]:
    problems = []
    if not 1 <= min_term <= max_term <= MAX_TERM:
        problems.append(Problem(_("The term limits must be from 1 to {max} instalments, the "
                                  "shortest first.").format(max=MAX_TERM), column="term"))
    if min_amount < 0 or (max_amount and max_amount < min_amount):
        problems.append(Problem(_("The largest amount must not be below the smallest."),
                                column="amount"))
    return problems


def _clean_name(name: str) -> str:
    return " ".join(name.split())


def add_product(session: Session, name: str, terms: Terms, *, min_term: int = 1,
                max_term: int = 60, min_amount: int = 0, max_amount: int = 0) -> Product:
    require(session, Capability.SETTINGS)
    clean = _clean_name(name)
    problems = terms_problems(terms, load_policy(session).max_rate)
    problems += _limits_problems(min_term, max_term, min_amount, max_amount)
    if not clean or len(clean) > 60:
        problems.append(Problem(_("A product needs a name of at most 60 characters."),
                                column="name"))
    elif session.scalar(select(LoanProduct.id).where(LoanProduct.name == clean)) is not None:
        problems.append(Problem(_("There is already a product called “{name}”.").format(
            name=clean), column="name"))
    if problems:
        raise ValidationError(_("The loan product was not saved."), problems)
    row = LoanProduct(name=clean, min_term=min_term, max_term=max_term, min_amount=min_amount,
                      max_amount=max_amount, active=True, **terms.columns())
    session.add(row)
    session.flush()
    product = _product(row)
    audit.record(session, "loans.add_product", entity="loan_product", entity_id=row.id,
                 after=_audit_view(product))
    return product


def update_product(session: Session, name: str, *, terms: Terms | None = None,
                   min_term: int | None = None, max_term: int | None = None,
                   min_amount: int | None = None, max_amount: int | None = None,
                   active: bool | None = None) -> Product:
    """Change a product; loans already applied for keep the terms they were given."""
    require(session, Capability.SETTINGS)
    row = _get_row(session, name)
    before = _product(row)
    new_terms = terms or before.terms
    limits = replace(before, min_term=before.min_term if min_term is None else min_term,
                     max_term=before.max_term if max_term is None else max_term,
                     min_amount=before.min_amount if min_amount is None else min_amount,
                     max_amount=before.max_amount if max_amount is None else max_amount)
    problems = terms_problems(new_terms, load_policy(session).max_rate)
    problems += _limits_problems(limits.min_term, limits.max_term, limits.min_amount,
                                 limits.max_amount)
    if problems:
        raise ValidationError(_("The loan product was not saved."), problems)
    for key, value in new_terms.columns().items():
        setattr(row, key, value)
    row.min_term, row.max_term = limits.min_term, limits.max_term
    row.min_amount, row.max_amount = limits.min_amount, limits.max_amount
    if active is not None:
        row.active = active
    session.flush()
    after = _product(row)
    audit.record(session, "loans.update_product", entity="loan_product", entity_id=row.id,
                 before=_audit_view(before), after=_audit_view(after))
    return after


def _get_row(session: Session, name_or_id: str | int) -> LoanProduct:
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        row = session.get(LoanProduct, int(name_or_id))
    else:
        row = session.scalar(select(LoanProduct).where(
            LoanProduct.name == _clean_name(str(name_or_id))))
    if row is None:
        raise NotFound(_("There is no loan product “{name}”.").format(name=name_or_id))
    return row


def get_product(session: Session, name_or_id: str | int) -> Product:
    require(session, Capability.READ)
    return _product(_get_row(session, name_or_id))


def list_products(session: Session, *, active_only: bool = False) -> list[Product]:
    require(session, Capability.READ)
    stmt = select(LoanProduct).order_by(LoanProduct.name)
    if active_only:
        stmt = stmt.where(LoanProduct.active.is_(True))
    return [_product(p) for p in session.scalars(stmt)]


def _audit_view(p: Product) -> dict[str, Any]:
    view = p.terms.columns()
    view.update(name=p.name, min_term=p.min_term, max_term=p.max_term,
                min_amount=p.min_amount, max_amount=p.max_amount, active=p.active)
    return view
