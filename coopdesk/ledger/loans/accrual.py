"""Jasa and denda earned but not yet received, for the books at a period end.

Repayments record jasa and denda as income when the member pays (what most village cooperatives
do day to day). At a period end the cooperative may also show what is due and unpaid on its
performing loans: this entry brings `loans.interest_receivable` and `loans.penalty_receivable`
to exactly the overdue jasa and denda of the loans still lancar on that day, against their
income accounts. Loans in a problem class accrue nothing (income that may never come is not
counted). Run again at the next period end, the entry moves the balances to the new figures;
what was paid meanwhile was already income when it came in, so nothing is counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.i18n import _, format_date
from coopdesk.ledger import journal
from coopdesk.ledger.journal import Line, credit, debit
from coopdesk.ledger.loans.policy import Kolektibilitas
from coopdesk.ledger.loans.quality import ArrearsRow, arrears
from coopdesk.ledger.loans.store import role_balance


@dataclass(frozen=True)
class Accrual:
    as_of: date
    interest_due: int  # overdue jasa of performing loans
    penalty_due: int  # denda owed on performing loans
    interest_booked: int  # loans.interest_receivable in the books
    penalty_booked: int


def accrual_from(rows: Sequence[ArrearsRow], as_of: date, interest_booked: int,
                 penalty_booked: int) -> Accrual:
    lancar = [r for r in rows if r.kolektibilitas == Kolektibilitas.LANCAR]
    return Accrual(as_of, sum(r.overdue_interest for r in lancar),
                   sum(r.penalty for r in lancar), interest_booked, penalty_booked)


def accrual(session: Session, as_of: date) -> Accrual:
    require(session, Capability.READ)
    return accrual_from(arrears(session, as_of), as_of,
                        role_balance(session, "loans.interest_receivable", as_of),
                        role_balance(session, "loans.penalty_receivable", as_of))


def accrue_income(session: Session, as_of: date) -> journal.PostedEntry | None:
    """Post the entry that brings the jasa and denda receivables to what is owed on `as_of`
    by performing loans; None when they already are."""
    require(session, Capability.MONEY)
    a = accrual(session, as_of)
    lines: list[Line] = []
    for receivable, income, due, booked in (
            ("loans.interest_receivable", "income.loan_interest", a.interest_due,
             a.interest_booked),
            ("loans.penalty_receivable", "income.penalty", a.penalty_due, a.penalty_booked)):
        change = due - booked
        if change > 0:
            lines += [debit(receivable, change), credit(income, change)]
        elif change < 0:
            lines += [debit(income, -change), credit(receivable, -change)]
    if not lines:
        return None
    memo = _("Jasa and denda owed by performing loans as of {date}").format(
        date=format_date(as_of))
    entry = journal.post_entry(session, date=as_of, memo=memo[:255], lines=lines,
                               source="loan", source_ref="accrual")
    audit.record(session, "loans.accrue_income", entity="journal_entry", entity_id=entry.id,
                 before={"interest": a.interest_booked, "penalty": a.penalty_booked},
                 after={"interest": a.interest_due, "penalty": a.penalty_due})
    return entry
