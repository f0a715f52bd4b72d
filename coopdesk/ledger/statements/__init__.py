"""The cooperative's financial statements under SAK EP, as Permenkop UKM 2/2024 asks.

Four statements, each for a year beside the previous year: the statement of financial position
(`balance_sheet`), of SHU (`income_statement`), of changes in equity (`equity_statement`) and of
cash flows by the direct method (`cash_flow`); notes to go with them (`notes`); which account goes
to which line is the cooperative's own mapping (`mapping`). All are read from the journal.
"""

from coopdesk.ledger.statements.build import (
    balance_sheet,
    build,
    build_all,
    cash_flow,
    equity_statement,
    income_statement,
    year_result,
)
from coopdesk.ledger.statements.lines import StatementKind
from coopdesk.ledger.statements.model import AccountAmount, Statement, StatementLine

__all__ = [
    "AccountAmount",
    "Statement",
    "StatementKind",
    "StatementLine",
    "balance_sheet",
    "build",
    "build_all",
    "cash_flow",
    "equity_statement",
    "income_statement",
    "year_result",
]
