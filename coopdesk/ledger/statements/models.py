"""Table of the statements: the cooperative's own choices of which line an account goes to.

Only the choices that differ from the defaults are stored (see `mapping`), so a new account or a
new version of coopdesk's defaults reaches every book without a migration.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from coopdesk.db import Base
from coopdesk.ledger.models import Account  # noqa: F401 - the mapping refers to its table


class StatementMapping(Base):
    __tablename__ = "statement_mapping"
    __table_args__ = (
        CheckConstraint("statement IN ('balance_sheet', 'income', 'cash_flow')",
                        name="statement"),
    )

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    statement: Mapped[str] = mapped_column(String(20), primary_key=True)
    line: Mapped[str] = mapped_column(String(40), nullable=False)
