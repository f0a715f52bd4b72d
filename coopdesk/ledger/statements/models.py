"""Tables of the statements: the cooperative's own choices of which line an account goes to,
and the cash flows of closed years.

Only the choices that differ from the defaults are stored (see `mapping`), so a new account or a
new version of coopdesk's defaults reaches every book without a migration.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from coopdesk.db import Base, Money
from coopdesk.ledger.models import Account, FinancialYear  # noqa: F401 - referred to


class StatementMapping(Base):
    __tablename__ = "statement_mapping"
    __table_args__ = (
        CheckConstraint("statement IN ('balance_sheet', 'income', 'cash_flow')",
                        name="statement"),
    )

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    statement: Mapped[str] = mapped_column(String(20), primary_key=True)
    line: Mapped[str] = mapped_column(String(40), nullable=False)


class CashFlowCache(Base):
    """A closed year's cash flows by counter-account, kept at the close: the year cannot change
    any more, and finding the entries that moved cash is the slowest read of the statements.
    `cash_set` names the accounts that counted as cash, so a changed mapping is noticed."""

    __tablename__ = "cash_flow_cache"

    year: Mapped[int] = mapped_column(ForeignKey("financial_year.year"), primary_key=True,
                                      autoincrement=False)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True,
                                            autoincrement=False)
    inflow: Mapped[int] = mapped_column(Money, nullable=False)
    outflow: Mapped[int] = mapped_column(Money, nullable=False)
    cash_set: Mapped[str] = mapped_column(String(200), nullable=False)
