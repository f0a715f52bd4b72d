"""Which statement line each account goes to: sensible defaults the cooperative may change.

Every account has a line on the balance sheet (assets, liabilities, equity) or on the income
statement (income, expenses), and a group on the cash-flow statement. The default comes from the
account's role (`cash`, `savings.wajib`), then from its code (the chart's numbering: 11x cash,
12x stock, 13x fixed assets, ...), then from its type, so an account the cooperative adds lands
somewhere sensible at once. A choice the cooperative makes is stored and wins over the default.

The cash line of the balance sheet also decides which accounts are "cash" for the cash-flow
statement.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import UserError
from coopdesk.i18n import _
from coopdesk.ledger import accounts
from coopdesk.ledger.accounts import AccountRow
from coopdesk.ledger.models import AccountType
from coopdesk.ledger.statements.lines import (
    CASH_FLOW_GROUPS,
    Side,
    StatementKind,
    item_codes,
    line_def,
)
from coopdesk.ledger.statements.models import StatementMapping

_ROLE_LINES: dict[str, str] = {
    "cash": "CASH", "bank": "CASH",
    "loans.receivable": "LOANS_RECEIVABLE", "loans.allowance": "LOAN_ALLOWANCE",
    "loans.interest_receivable": "INTEREST_RECEIVABLE",
    "loans.penalty_receivable": "INTEREST_RECEIVABLE",
    "receivable.other": "OTHER_RECEIVABLES", "prepaid": "PREPAID", "inventory": "INVENTORY",
    "fixed_assets": "FIXED_ASSETS", "fixed_assets.depreciation": "DEPRECIATION",
    "savings.sukarela": "VOLUNTARY_SAVINGS", "savings.berjangka": "TERM_SAVINGS",
    "payable.trade": "TRADE_PAYABLES", "payable.savings_interest": "SAVINGS_INTEREST_PAYABLE",
    "shu.members_payable": "SHU_PAYABLE", "payable.tax": "TAX_PAYABLE",
    "suspense": "OTHER_LIABILITIES",
    "savings.pokok": "PRINCIPAL_SAVINGS", "savings.wajib": "MANDATORY_SAVINGS",
    "equity.grants": "GRANTS", "shu.reserve": "RESERVE",
    "shu.retained": "RETAINED_SHU", "shu.current_year": "RETAINED_SHU",
    "income.loan_interest": "LOAN_INTEREST", "income.loan_fees": "LOAN_FEES",
    "income.penalty": "PENALTIES", "income.recoveries": "RECOVERIES", "income.sales": "SALES",
    "income.other": "OTHER_INCOME",
    "expense.cogs": "COST_OF_SALES", "expense.savings_interest": "SAVINGS_INTEREST",
    "expense.salaries": "PERSONNEL", "expense.office": "GENERAL",
    "expense.utilities": "GENERAL", "expense.transport": "GENERAL", "expense.bank": "GENERAL",
    "expense.allowance": "LOAN_LOSS", "expense.depreciation": "DEPRECIATION_EXPENSE",
    "expense.meetings": "MEETINGS", "expense.rat": "MEETINGS", "expense.other": "OTHER_EXPENSES",
    "expense.tax": "INCOME_TAX",
}

#: Code prefixes of the shipped chart, for accounts the cooperative adds without a role.
_PREFIX_LINES: dict[AccountType, tuple[tuple[str, str, str], ...]] = {
    # (prefix, line, line for a contra account)
    AccountType.ASSET: (
        ("110", "CASH", "CASH"), ("111", "CASH", "CASH"),
        ("112", "LOANS_RECEIVABLE", "LOAN_ALLOWANCE"),
        ("113", "INTEREST_RECEIVABLE", "INTEREST_RECEIVABLE"),
        ("114", "OTHER_RECEIVABLES", "OTHER_RECEIVABLES"), ("115", "PREPAID", "PREPAID"),
        ("12", "INVENTORY", "INVENTORY"), ("13", "FIXED_ASSETS", "DEPRECIATION"),
    ),
    AccountType.LIABILITY: (
        ("211", "TRADE_PAYABLES", "TRADE_PAYABLES"), ("215", "SHU_PAYABLE", "SHU_PAYABLE"),
        ("216", "SHU_FUNDS", "SHU_FUNDS"), ("217", "TAX_PAYABLE", "TAX_PAYABLE"),
    ),
    AccountType.EQUITY: (
        ("311", "GRANTS", "GRANTS"), ("313", "RESERVE", "RESERVE"),
        ("314", "RETAINED_SHU", "RETAINED_SHU"), ("315", "RETAINED_SHU", "RETAINED_SHU"),
    ),
    AccountType.INCOME: (("42", "SALES", "SALES"),),
    AccountType.EXPENSE: (("52", "GENERAL", "GENERAL"), ("53", "INCOME_TAX", "INCOME_TAX")),
}

_TYPE_LINES: dict[AccountType, str] = {
    AccountType.ASSET: "OTHER_ASSETS", AccountType.LIABILITY: "OTHER_LIABILITIES",
    AccountType.EQUITY: "OTHER_EQUITY", AccountType.INCOME: "OTHER_INCOME",
    AccountType.EXPENSE: "OTHER_EXPENSES",
}

_ROLE_GROUPS: dict[str, str] = {
    "loans.receivable": "loans", "loans.allowance": "loans",
    "loans.interest_receivable": "loan_income", "loans.penalty_receivable": "loan_income",
    "income.loan_interest": "loan_income", "income.loan_fees": "loan_income",
    "income.penalty": "loan_income", "income.sales": "sales", "income.other": "other_income",
    "income.recoveries": "other_income", "receivable.other": "other_income",
    "inventory": "suppliers", "payable.trade": "suppliers", "expense.cogs": "suppliers",
    "expense.savings_interest": "savings_interest",
    "payable.savings_interest": "savings_interest",
    "expense.tax": "tax", "payable.tax": "tax",
    "fixed_assets": "fixed_assets", "fixed_assets.depreciation": "fixed_assets",
    "equity.grants": "grants", "suspense": "other_financing",
}
_LINE_GROUPS: dict[str, str] = {
    "CASH": "other_financing", "LOANS_RECEIVABLE": "loans", "LOAN_ALLOWANCE": "loans",
    "INTEREST_RECEIVABLE": "loan_income", "OTHER_RECEIVABLES": "other_income",
    "INVENTORY": "suppliers", "PREPAID": "expenses", "FIXED_ASSETS": "fixed_assets",
    "DEPRECIATION": "fixed_assets", "OTHER_ASSETS": "other_income",
    "VOLUNTARY_SAVINGS": "savings", "TERM_SAVINGS": "savings", "TRADE_PAYABLES": "suppliers",
    "SAVINGS_INTEREST_PAYABLE": "savings_interest", "SHU_PAYABLE": "shu", "SHU_FUNDS": "shu",
    "TAX_PAYABLE": "tax", "OTHER_LIABILITIES": "other_financing",
    "PRINCIPAL_SAVINGS": "savings", "MANDATORY_SAVINGS": "savings", "GRANTS": "grants",
    "RESERVE": "shu", "OTHER_EQUITY": "other_financing", "RETAINED_SHU": "shu",
    "LOAN_INTEREST": "loan_income", "LOAN_FEES": "loan_income", "PENALTIES": "loan_income",
    "RECOVERIES": "other_income", "SALES": "sales", "OTHER_INCOME": "other_income",
    "COST_OF_SALES": "suppliers", "SAVINGS_INTEREST": "savings_interest",
    "INCOME_TAX": "tax",
}

BALANCE_SHEET_TYPES = (AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY)


def default_line(acc: AccountRow) -> str:
    """The balance-sheet or income-statement line an account goes to unless the cooperative
    chose another."""
    if acc.role in _ROLE_LINES:
        return _ROLE_LINES[acc.role]
    if acc.role and acc.role.startswith("shu.fund."):
        return "SHU_FUNDS"
    for prefix, line, contra_line in _PREFIX_LINES[acc.type]:
        if acc.code.startswith(prefix):
            return contra_line if acc.contra else line
    return _TYPE_LINES[acc.type]


def default_group(acc: AccountRow, line: str) -> str:
    if acc.role in _ROLE_GROUPS:
        return _ROLE_GROUPS[acc.role]
    if acc.role and acc.role.startswith(("savings.", "shu.")):
        return "savings" if acc.role.startswith("savings.") else "shu"
    return _LINE_GROUPS.get(line, "expenses" if acc.type is AccountType.EXPENSE
                            else "other_financing")


@dataclass(frozen=True)
class Mapping:
    """Every account's line (balance sheet or income statement) and cash-flow group."""

    accounts: dict[int, AccountRow]
    line: dict[int, str]
    group: dict[int, str]
    chosen: frozenset[tuple[int, str]]  # (account id, statement) the cooperative set

    def cash_accounts(self) -> frozenset[int]:
        return frozenset(a for a, ln in self.line.items() if ln == "CASH"
                         and self.accounts[a].type is AccountType.ASSET)

    def on_line(self, line: str) -> list[AccountRow]:
        return [self.accounts[a] for a, ln in self.line.items() if ln == line]


def load_mapping(session: Session) -> Mapping:
    rows = {a.id: a for a in accounts.list_accounts(session)}
    chosen = {(m.account_id, m.statement): m.line for m in session.scalars(
        select(StatementMapping))}
    line: dict[int, str] = {}
    group: dict[int, str] = {}
    for acc_id, acc in rows.items():
        statement = "balance_sheet" if acc.type in BALANCE_SHEET_TYPES else "income"
        line[acc_id] = chosen.get((acc_id, statement)) or default_line(acc)
        group[acc_id] = chosen.get((acc_id, "cash_flow")) or default_group(acc, line[acc_id])
    return Mapping(rows, line, group, frozenset(chosen))


def _statement_of(acc: AccountRow, statement: str | None) -> str:
    own = "balance_sheet" if acc.type in BALANCE_SHEET_TYPES else "income"
    if statement in (None, own):
        return own
    if statement == "cash_flow":
        return statement
    raise UserError(
        _("Account {label} belongs on the {statement}.").format(
            label=acc.label, statement=_("balance sheet") if own == "balance_sheet"
            else _("income statement"))
    )


def allowed_lines(acc: AccountRow, statement: str) -> list[str]:
    """The lines (or cash-flow groups) an account may be put on."""
    if statement == "cash_flow":
        return list(CASH_FLOW_GROUPS)
    if acc.type is AccountType.ASSET:
        return item_codes(StatementKind.BALANCE_SHEET, Side.ASSET)
    if acc.type in (AccountType.LIABILITY, AccountType.EQUITY):
        # Whether members' savings are equity or liabilities is the cooperative's call under
        # SAK EP, so credit-side accounts may go to either section.
        return [c for c in item_codes(StatementKind.BALANCE_SHEET, Side.LIABILITY)
                + item_codes(StatementKind.BALANCE_SHEET, Side.EQUITY) if c != "SHU_CURRENT"]
    side = Side.INCOME if acc.type is AccountType.INCOME else Side.EXPENSE
    return item_codes(StatementKind.INCOME, side)


def set_line(session: Session, account: str, line: str, *, statement: str | None = None
             ) -> str:
    """Put `account` (code or role) on `line` (or, for `statement="cash_flow"`, in a cash-flow
    group); returns the statement changed."""
    require(session, Capability.SETTINGS)
    acc = accounts.resolve(session, account)
    which = _statement_of(acc, statement)
    code = line.strip() if which == "cash_flow" else line.strip().upper()
    allowed = allowed_lines(acc, which)
    if code not in allowed:
        raise UserError(
            _("“{line}” is not a line account {label} can go to. Choose one of: {choices}.")
            .format(line=line, label=acc.label, choices=", ".join(allowed))
        )
    before = load_mapping(session)
    old = before.group[acc.id] if which == "cash_flow" else before.line[acc.id]
    row = session.get(StatementMapping, (acc.id, which))
    if row is None:
        session.add(StatementMapping(account_id=acc.id, statement=which, line=code))
    else:
        row.line = code
    session.flush()
    audit.record(session, "statements.map_account", entity="account", entity_id=acc.code,
                 before={"statement": which, "line": old},
                 after={"statement": which, "line": code})
    return which


def reset_line(session: Session, account: str, *, statement: str | None = None) -> None:
    """Forget the cooperative's choice for `account`: the default applies again."""
    require(session, Capability.SETTINGS)
    acc = accounts.resolve(session, account)
    which = _statement_of(acc, statement)
    session.execute(delete(StatementMapping).where(
        StatementMapping.account_id == acc.id, StatementMapping.statement == which))
    session.flush()
    audit.record(session, "statements.unmap_account", entity="account", entity_id=acc.code,
                 after={"statement": which})


@dataclass(frozen=True)
class MappingRow:
    code: str
    name: str
    type: str
    line: str
    line_name: str
    group: str
    chosen: bool


def mapping_rows(session: Session) -> list[MappingRow]:
    """The whole mapping as a list, for showing and for the CSV."""
    require(session, Capability.READ)
    m = load_mapping(session)
    rows = []
    for acc in sorted(m.accounts.values(), key=lambda a: a.code):
        kind = (StatementKind.BALANCE_SHEET if acc.type in BALANCE_SHEET_TYPES
                else StatementKind.INCOME)
        line = m.line[acc.id]
        chosen = any((acc.id, s) in m.chosen for s in ("balance_sheet", "income", "cash_flow"))
        rows.append(MappingRow(acc.code, acc.name, acc.type.value, line,
                               _(line_def(kind, line).name), m.group[acc.id], chosen))
    return rows
