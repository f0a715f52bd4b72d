"""The demo's loans agree with the journal they posted, and give the loan screens real figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from coopdesk.book import Book
from coopdesk.demo import DemoPlan, build_demo
from coopdesk.ledger import reports
from coopdesk.ledger.loans import quality, views
from coopdesk.ledger.loans.models import Loan
from tests.loans.conftest import balances

TODAY = date(2026, 6, 30)


def test_demo_loans_match_the_journal(tmp_path: Path) -> None:
    with Book.open(tmp_path / "demo.coopdesk", create=True) as book:
        plan = build_demo(book, DemoPlan(members=200, years=3, seed=5, today=TODAY))
        with book.read() as s:
            statuses = views.loans_count(s)
            owed = s.scalar(select(func.sum(Loan.principal - Loan.principal_paid))
                            .where(Loan.status == "active"))
            tb = reports.trial_balance(s, TODAY)
            q, rows = quality.loan_quality(s, TODAY)
        b = balances(book, TODAY)
    assert plan.counts["loans"] > 50
    assert statuses.get("closed", 0) > 0 and statuses.get("active", 0) > 0
    assert tb.balanced
    # What the loans say is owed is exactly what the journal's receivable says.
    assert b["loans.receivable"] == owed == q.outstanding
    assert b["income.loan_interest"] < 0 and b["income.loan_fees"] < 0
    assert any(r.days_past_due > 0 for r in rows)
