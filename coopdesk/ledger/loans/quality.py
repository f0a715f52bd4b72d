"""Arrears and loan quality as of any date: days past due, overdue principal and jasa, denda,
kolektibilitas, the allowance each class requires and the entry that adjusts the allowance to it,
and the portfolio's health (problem loans / all loans, graded).

The whole portfolio is read in four flat queries (loans running on the day, principal repaid
after it, the instalments still open on it and their payments up to it) and computed in memory:
5,000 loans take well under a second.

The allowance: lancar loans carry the general percentage of their outstanding principal; loans in
the problem classes carry their percentage of the outstanding principal net of collateral.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select, union_all
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger import journal
from coopdesk.ledger.journal import credit, debit
from coopdesk.ledger.loans.models import Loan, LoanAllocation, LoanInstalment, LoanProduct
from coopdesk.ledger.loans.policy import (
    PROBLEM_CLASSES,
    Health,
    Kolektibilitas,
    Policy,
    load_policy,
)
from coopdesk.ledger.loans.position import Paid, arrears_of, instalment_state
from coopdesk.ledger.loans.products import Terms
from coopdesk.ledger.loans.restructure import allowance_balance
from coopdesk.ledger.loans.schedule import Method
from coopdesk.members.models import Member
from coopdesk.money import decimal_to_fixed, percent_of
from coopdesk.progress import NO_PROGRESS, Progress, report

ARREARS_HEADER = ("loan", "member_no", "name", "principal_outstanding", "overdue_principal",
                  "overdue_interest", "penalty", "days_past_due", "kolektibilitas")


@dataclass(frozen=True)
class ArrearsRow:
    loan_id: int
    loan_no: str
    member_no: str
    name: str
    product: str
    principal_outstanding: int
    overdue_principal: int
    overdue_interest: int
    penalty: int
    days_past_due: int
    kolektibilitas: Kolektibilitas
    collateral_value: int
    oldest_due: date | None

    @property
    def overdue(self) -> int:
        return self.overdue_principal + self.overdue_interest + self.penalty

    def csv(self) -> tuple[Any, ...]:
        return (self.loan_no, self.member_no, self.name, self.principal_outstanding,
                self.overdue_principal, self.overdue_interest, self.penalty,
                self.days_past_due, self.kolektibilitas.value)


def _running(as_of: date) -> Any:
    return and_(Loan.disbursed_on <= as_of,
                or_(Loan.closed_on.is_(None), Loan.closed_on > as_of),
                or_(Loan.written_off_on.is_(None), Loan.written_off_on > as_of))


def _open_on(as_of: date, loan_ids: Sequence[int] | None) -> Any:
    """Ids of the instalments open on `as_of`: due by then, of the schedule in force, and not
    yet settled — as two parts so each can use its index (the unsettled ones, and those settled
    only later)."""
    i = LoanInstalment
    common = [i.due_date <= as_of, i.valid_from <= as_of,
              or_(i.superseded_on.is_(None), i.superseded_on > as_of)]
    if loan_ids is not None:
        common.append(i.loan_id.in_(loan_ids))
    return union_all(select(i.id).where(i.settled_on.is_(None), *common),
                     select(i.id).where(i.settled_on > as_of, *common)).subquery()


def arrears(session: Session, as_of: date, *, only_overdue: bool = False,
            loan_ids: Sequence[int] | None = None,
            progress: Progress = NO_PROGRESS) -> list[ArrearsRow]:
    """Every loan running on `as_of` (or only those with something past due, or only the
    loans named), worst first."""
    require(session, Capability.READ)
    policy = load_policy(session)
    stmt = (select(Loan.id, Loan.loan_no, Member.member_no, Member.name, LoanProduct.name,
                   Loan.principal, Loan.principal_paid, Loan.collateral_value,
                   Loan.penalty_mode, Loan.penalty_rate, Loan.penalty_fixed, Loan.grace_days)
            .join(Member, Member.id == Loan.member_id)
            .join(LoanProduct, LoanProduct.id == Loan.product_id)
            .where(_running(as_of)))
    if loan_ids is not None:
        stmt = stmt.where(Loan.id.in_(loan_ids))
    loans = session.execute(stmt).all()
    report(progress, 1, 4)
    paid_after = dict(session.execute(
        select(LoanAllocation.loan_id, func.sum(LoanAllocation.principal))
        .where(LoanAllocation.date > as_of).group_by(LoanAllocation.loan_id)).all())
    report(progress, 2, 4)
    states = _open_states(session, as_of, {r[0]: r for r in loans}, loan_ids)
    report(progress, 3, 4)
    rows = []
    for r in loans:
        (loan_id, loan_no, member_no, name, product, principal, principal_paid,
         collateral, *_terms) = r
        late = arrears_of(states.get(loan_id, ()), as_of)
        if only_overdue and late.overdue_principal + late.overdue_interest == 0:
            continue
        outstanding = principal - principal_paid + int(paid_after.get(loan_id, 0))
        rows.append(ArrearsRow(
            loan_id, loan_no, member_no, name, product, outstanding, late.overdue_principal,
            late.overdue_interest, late.penalty, late.days_past_due,
            policy.classify(late.days_past_due, outstanding, collateral), collateral,
            late.oldest_due))
    report(progress, 4, 4)
    rows.sort(key=lambda a: (-a.days_past_due, a.loan_no))
    return rows


def _open_states(session: Session, as_of: date, loans: dict[int, Any],
                 loan_ids: Sequence[int] | None) -> dict[int, list[Any]]:
    i, a = LoanInstalment, LoanAllocation
    open_ids = _open_on(as_of, loan_ids)
    inst = session.execute(
        select(i.id, i.loan_id, i.no, i.due_date, i.principal, i.interest, i.carried_penalty)
        .where(i.id.in_(select(open_ids.c.id)))).all()
    paid: dict[int, list[Paid]] = defaultdict(list)
    for iid, day, p, j, d in session.execute(
            select(a.instalment_id, a.date, a.principal, a.interest, a.penalty)
            .where(a.instalment_id.in_(select(open_ids.c.id)), a.date <= as_of)
            .order_by(a.date, a.id)):
        paid[iid].append(Paid(day, p, j, d))
    terms: dict[int, Terms] = {}
    found: dict[int, list[Any]] = defaultdict(list)
    for iid, loan_id, no, due, principal, interest, carried in inst:
        loan = loans.get(loan_id)
        if loan is None:
            continue
        t = terms.get(loan_id)
        if t is None:
            t = terms[loan_id] = Terms(Method.FLAT, Decimal(0), penalty_mode=loan[8],
                                       penalty_rate=loan[9], penalty_fixed=loan[10],
                                       grace_days=loan[11])
        found[loan_id].append(instalment_state(
            iid, no, due, principal, interest, paid=paid.get(iid, ()), as_of=as_of, terms=t,
            carried_penalty=carried))
    return found


# --- quality, allowance, health -----------------------------------------------------------------


@dataclass(frozen=True)
class ClassLine:
    kolektibilitas: Kolektibilitas
    loans: int
    outstanding: int
    base: int  # what the percentage applies to (net of collateral for problem classes)
    percent: Decimal
    required: int


@dataclass(frozen=True)
class Quality:
    as_of: date
    classes: tuple[ClassLine, ...]
    allowance_balance: int
    policy: Policy

    @property
    def outstanding(self) -> int:
        return sum(c.outstanding for c in self.classes)

    @property
    def loans(self) -> int:
        return sum(c.loans for c in self.classes)

    @property
    def problem_outstanding(self) -> int:
        return sum(c.outstanding for c in self.classes if c.kolektibilitas in PROBLEM_CLASSES)

    @property
    def problem_ratio(self) -> Decimal:
        """Problem loans (kurang lancar + diragukan + macet) / all loans, in %, 2 decimals."""
        if not self.outstanding:
            return Decimal("0.00")
        return decimal_to_fixed(Decimal(self.problem_outstanding) * 100 / self.outstanding, 2)

    @property
    def health(self) -> Health:
        return self.policy.grade(self.problem_ratio)

    @property
    def required(self) -> int:
        return sum(c.required for c in self.classes)

    @property
    def adjustment(self) -> int:
        """How much the allowance must grow (positive) or shrink (negative)."""
        return self.required - self.allowance_balance


def quality_from(rows: Sequence[ArrearsRow], as_of: date, policy: Policy,
                 balance: int) -> Quality:
    lines = []
    for kol in Kolektibilitas:
        mine = [r for r in rows if r.kolektibilitas == kol]
        outstanding = sum(r.principal_outstanding for r in mine)
        base = outstanding if kol == Kolektibilitas.LANCAR else sum(
            max(r.principal_outstanding - r.collateral_value, 0) for r in mine)
        pct = policy.allowance_percent(kol)
        lines.append(ClassLine(kol, len(mine), outstanding, base, pct, percent_of(base, pct)))
    return Quality(as_of, tuple(lines), balance, policy)


def loan_quality(session: Session, as_of: date, *,
                 progress: Progress = NO_PROGRESS) -> tuple[Quality, list[ArrearsRow]]:
    rows = arrears(session, as_of, progress=progress)
    return quality_from(rows, as_of, load_policy(session),
                        allowance_balance(session, as_of)), rows


def adjust_allowance(session: Session, as_of: date) -> journal.PostedEntry | None:
    """Post the entry that brings the allowance to what the classes require on `as_of`;
    None when it already is."""
    require(session, Capability.MONEY)
    quality, _rows = loan_quality(session, as_of)
    change = quality.adjustment
    if change == 0:
        return None
    memo = _("Allowance for loan losses adjusted to {required} as of {date}").format(
        required=format_money(quality.required), date=format_date(as_of))
    lines = ([debit("expense.allowance", change), credit("loans.allowance", change)]
             if change > 0 else
             [debit("loans.allowance", -change), credit("expense.allowance", -change)])
    entry = journal.post_entry(session, date=as_of, memo=memo[:255], lines=lines,
                               source="loan", source_ref="allowance")
    audit.record(session, "loans.adjust_allowance", entity="journal_entry", entity_id=entry.id,
                 before={"balance": quality.allowance_balance},
                 after={"required": quality.required, "ratio": quality.problem_ratio,
                        "health": quality.health})
    return entry
