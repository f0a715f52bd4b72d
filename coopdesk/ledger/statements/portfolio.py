"""The loan portfolio at a year end, for the notes and the meeting pack: loan quality by class
(kolektibilitas) from the loans register, beside what the ledger says is owed.

The loans register (`coopdesk.ledger.loans`) classifies each loan by its days past due. A
cooperative that keeps its loans in the journal only (opening balances, an import) has
receivables without loan records; the summary then shows the receivable and the allowance from
the ledger and says that the rest cannot be classified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from coopdesk.i18n import _
from coopdesk.ledger.reports import account_balances
from coopdesk.ledger.statements.members import role_ids


@dataclass(frozen=True)
class QualityClass:
    key: str
    name: str
    loans: int
    outstanding: int
    percent: Decimal  # the allowance this class requires, in %
    required: int


@dataclass(frozen=True)
class Portfolio:
    as_of: date
    receivable: int  # the ledger's loans receivable
    allowance: int  # the ledger's allowance for loan losses (positive)
    classes: tuple[QualityClass, ...]
    problem_ratio: Decimal | None  # problem loans / all loans, %; None without loan records
    health: str | None

    @property
    def classified(self) -> int:
        return sum(c.outstanding for c in self.classes)

    @property
    def unclassified(self) -> int:
        """Receivables the loans register does not know (kept in the journal only)."""
        return self.receivable - self.classified

    @property
    def loans(self) -> int:
        return sum(c.loans for c in self.classes)

    @property
    def required(self) -> int:
        return sum(c.required for c in self.classes)


def _ledger(session: Session, as_of: date) -> tuple[int, int]:
    ids = role_ids(session, ["loans.receivable", "loans.allowance"])
    balances = account_balances(session, as_of)
    receivable = balances.get(ids.get("loans.receivable", -1), 0)
    allowance = -balances.get(ids.get("loans.allowance", -1), 0)
    return receivable, allowance


def portfolio(session: Session, as_of: date) -> Portfolio:
    receivable, allowance = _ledger(session, as_of)
    from coopdesk.ledger.loans.policy import HEALTH_LABELS, KOL_LABELS
    from coopdesk.ledger.loans.quality import loan_quality

    quality, _rows = loan_quality(session, as_of)
    if not quality.loans:
        return Portfolio(as_of, receivable, allowance, (), None, None)
    classes = tuple(QualityClass(c.kolektibilitas.value, _(KOL_LABELS[c.kolektibilitas]),
                                 c.loans, c.outstanding, c.percent, c.required)
                    for c in quality.classes)
    return Portfolio(as_of, receivable, allowance, classes, quality.problem_ratio,
                     _(HEALTH_LABELS[quality.health]))
