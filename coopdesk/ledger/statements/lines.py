"""The lines of the four SAK EP statements: codes, names, order, and how subtotals add up.

A line code is stable (`CASH`, `LOANS_RECEIVABLE`, `ASSETS`) so a cooperative's mapping of accounts
to lines, a spreadsheet that reads the CSV, and a test all name lines the same way in any language.
Names are English source strings translated when a statement is built.

Items gather accounts (see `mapping`); subtotals and totals are signed sums of other lines;
headings carry no amount. The balance sheet puts assets in order of liquidity as SAK EP asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coopdesk.i18n import N_


class Kind(StrEnum):
    HEADING = "heading"
    ITEM = "item"
    SUBTOTAL = "subtotal"
    TOTAL = "total"


class Side(StrEnum):
    """Which accounts an item line may gather: assets, or the credit side (liabilities/equity)."""

    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"


@dataclass(frozen=True)
class LineDef:
    code: str
    name: str  # English source, marked with N_
    kind: Kind
    level: int = 1
    side: Side | None = None
    #: For subtotals and totals: (line code, +1 or -1) added up.
    sums: tuple[tuple[str, int], ...] = ()


def _h(code: str, name: str, level: int = 0) -> LineDef:
    return LineDef(code, name, Kind.HEADING, level)


def _i(code: str, name: str, side: Side) -> LineDef:
    return LineDef(code, name, Kind.ITEM, 1, side)


def _s(code: str, name: str, *parts: str, kind: Kind = Kind.SUBTOTAL, level: int = 0
       ) -> LineDef:
    sums = tuple((p.lstrip("-"), -1 if p.startswith("-") else 1) for p in parts)
    return LineDef(code, name, kind, level, None, sums)


A, L, E, INC, EXP = Side.ASSET, Side.LIABILITY, Side.EQUITY, Side.INCOME, Side.EXPENSE

CURRENT_ASSET_ITEMS = ("CASH", "LOANS_RECEIVABLE", "LOAN_ALLOWANCE", "INTEREST_RECEIVABLE",
                       "OTHER_RECEIVABLES", "INVENTORY", "PREPAID")
NONCURRENT_ASSET_ITEMS = ("FIXED_ASSETS", "DEPRECIATION", "OTHER_ASSETS")
LIABILITY_ITEMS = ("VOLUNTARY_SAVINGS", "TERM_SAVINGS", "TRADE_PAYABLES",
                   "SAVINGS_INTEREST_PAYABLE", "SHU_PAYABLE", "SHU_FUNDS", "TAX_PAYABLE",
                   "OTHER_LIABILITIES")
EQUITY_ITEMS = ("PRINCIPAL_SAVINGS", "MANDATORY_SAVINGS", "GRANTS", "RESERVE", "OTHER_EQUITY",
                "RETAINED_SHU", "SHU_CURRENT")

BALANCE_SHEET: tuple[LineDef, ...] = (
    _h("H_ASSETS", N_("ASSETS")),
    _h("H_CURRENT_ASSETS", N_("Current assets"), 1),
    _i("CASH", N_("Cash and cash equivalents"), A),
    _i("LOANS_RECEIVABLE", N_("Loans to members"), A),
    _i("LOAN_ALLOWANCE", N_("Allowance for loan losses"), A),
    _i("INTEREST_RECEIVABLE", N_("Loan interest and penalties receivable"), A),
    _i("OTHER_RECEIVABLES", N_("Other receivables"), A),
    _i("INVENTORY", N_("Inventory"), A),
    _i("PREPAID", N_("Prepaid expenses"), A),
    _s("CURRENT_ASSETS", N_("Total current assets"), *CURRENT_ASSET_ITEMS, level=1),
    _h("H_NONCURRENT_ASSETS", N_("Non-current assets"), 1),
    _i("FIXED_ASSETS", N_("Fixed assets"), A),
    _i("DEPRECIATION", N_("Accumulated depreciation"), A),
    _i("OTHER_ASSETS", N_("Other assets"), A),
    _s("NONCURRENT_ASSETS", N_("Total non-current assets"), *NONCURRENT_ASSET_ITEMS, level=1),
    _s("ASSETS", N_("TOTAL ASSETS"), "CURRENT_ASSETS", "NONCURRENT_ASSETS", kind=Kind.TOTAL),
    _h("H_LIABILITIES", N_("LIABILITIES")),
    _i("VOLUNTARY_SAVINGS", N_("Voluntary savings (sukarela)"), L),
    _i("TERM_SAVINGS", N_("Term savings (berjangka)"), L),
    _i("TRADE_PAYABLES", N_("Trade payables"), L),
    _i("SAVINGS_INTEREST_PAYABLE", N_("Savings interest payable"), L),
    _i("SHU_PAYABLE", N_("SHU payable to members"), L),
    _i("SHU_FUNDS", N_("Funds from the SHU distribution"), L),
    _i("TAX_PAYABLE", N_("Taxes payable"), L),
    _i("OTHER_LIABILITIES", N_("Other liabilities"), L),
    _s("LIABILITIES", N_("Total liabilities"), *LIABILITY_ITEMS, level=1),
    _h("H_EQUITY", N_("EQUITY")),
    _i("PRINCIPAL_SAVINGS", N_("Principal savings (pokok)"), E),
    _i("MANDATORY_SAVINGS", N_("Mandatory savings (wajib)"), E),
    _i("GRANTS", N_("Grants and donations"), E),
    _i("RESERVE", N_("Reserve"), E),
    _i("OTHER_EQUITY", N_("Other equity"), E),
    _i("RETAINED_SHU", N_("SHU of earlier years not yet distributed"), E),
    _i("SHU_CURRENT", N_("SHU of the current year"), E),
    _s("EQUITY", N_("Total equity"), *EQUITY_ITEMS, level=1),
    _s("LIABILITIES_EQUITY", N_("TOTAL LIABILITIES AND EQUITY"), "LIABILITIES", "EQUITY",
       kind=Kind.TOTAL),
)

INCOME_ITEMS = ("LOAN_INTEREST", "LOAN_FEES", "PENALTIES", "RECOVERIES", "SALES",
                "OTHER_INCOME")
EXPENSE_ITEMS = ("COST_OF_SALES", "SAVINGS_INTEREST", "PERSONNEL", "GENERAL", "LOAN_LOSS",
                 "DEPRECIATION_EXPENSE", "MEETINGS", "OTHER_EXPENSES")

INCOME_STATEMENT: tuple[LineDef, ...] = (
    _h("H_INCOME", N_("INCOME")),
    _i("LOAN_INTEREST", N_("Interest (jasa) on loans to members"), INC),
    _i("LOAN_FEES", N_("Loan fees (provisi and administration)"), INC),
    _i("PENALTIES", N_("Late payment penalties (denda)"), INC),
    _i("RECOVERIES", N_("Recoveries of loans written off"), INC),
    _i("SALES", N_("Sales of the business unit"), INC),
    _i("OTHER_INCOME", N_("Other income"), INC),
    _s("TOTAL_INCOME", N_("Total income"), *INCOME_ITEMS, level=1),
    _h("H_EXPENSES", N_("EXPENSES")),
    _i("COST_OF_SALES", N_("Cost of goods sold"), EXP),
    _i("SAVINGS_INTEREST", N_("Interest (jasa) on members' savings"), EXP),
    _i("PERSONNEL", N_("Honoraria of the board and staff"), EXP),
    _i("GENERAL", N_("General and administrative expenses"), EXP),
    _i("LOAN_LOSS", N_("Loan loss provision"), EXP),
    _i("DEPRECIATION_EXPENSE", N_("Depreciation"), EXP),
    _i("MEETINGS", N_("Meetings and the members' meeting (RAT)"), EXP),
    _i("OTHER_EXPENSES", N_("Other expenses"), EXP),
    _s("TOTAL_EXPENSES", N_("Total expenses"), *EXPENSE_ITEMS, level=1),
    _s("SHU_BEFORE_TAX", N_("SHU before tax"), "TOTAL_INCOME", "-TOTAL_EXPENSES"),
    _i("INCOME_TAX", N_("Income tax"), EXP),
    _s("TOTAL", N_("SHU OF THE YEAR"), "SHU_BEFORE_TAX", "-INCOME_TAX", kind=Kind.TOTAL),
)

EQUITY_MOVES_IN = ("EQ_PRINCIPAL_IN", "EQ_MANDATORY_IN", "EQ_GRANTS", "EQ_RESERVE", "EQ_SHU",
                   "EQ_LOSS_COVERED")
EQUITY_MOVES_OUT = ("EQ_SAVINGS_OUT", "EQ_SHU_DISTRIBUTED", "EQ_RESERVE_USED", "EQ_OTHER")

EQUITY_STATEMENT: tuple[LineDef, ...] = (
    _s("EQ_OPENING", N_("Equity at the start of the year"), level=0),
    _h("H_EQ_IN", N_("Additions")),
    LineDef("EQ_PRINCIPAL_IN", N_("Principal savings (pokok) paid in"), Kind.ITEM),
    LineDef("EQ_MANDATORY_IN", N_("Mandatory savings (wajib) paid in"), Kind.ITEM),
    LineDef("EQ_GRANTS", N_("Grants and donations received"), Kind.ITEM),
    LineDef("EQ_RESERVE", N_("Added to the reserve from SHU"), Kind.ITEM),
    LineDef("EQ_SHU", N_("SHU of the year"), Kind.ITEM),
    LineDef("EQ_LOSS_COVERED", N_("Loss of an earlier year covered from the reserve"),
            Kind.ITEM),
    _h("H_EQ_OUT", N_("Reductions")),
    LineDef("EQ_SAVINGS_OUT", N_("Principal and mandatory savings returned to members"),
            Kind.ITEM),
    LineDef("EQ_SHU_DISTRIBUTED", N_("SHU of the previous year distributed"), Kind.ITEM),
    LineDef("EQ_RESERVE_USED", N_("Reserve used to cover a loss"), Kind.ITEM),
    LineDef("EQ_OTHER", N_("Other changes in equity"), Kind.ITEM),
    _s("TOTAL", N_("EQUITY AT THE END OF THE YEAR"), "EQ_OPENING", *EQUITY_MOVES_IN,
       *EQUITY_MOVES_OUT, kind=Kind.TOTAL),
)

OPERATING_ITEMS = ("CF_LOAN_INCOME", "CF_SALES", "CF_OTHER_INCOME", "CF_LOANS_REPAID",
                   "CF_LOANS_DISBURSED", "CF_SUPPLIERS", "CF_EXPENSES", "CF_SAVINGS_INTEREST",
                   "CF_TAX")
INVESTING_ITEMS = ("CF_ASSETS_SOLD", "CF_ASSETS_BOUGHT")
FINANCING_ITEMS = ("CF_SAVINGS_IN", "CF_SAVINGS_OUT", "CF_GRANTS", "CF_SHU_PAID",
                   "CF_OTHER_FINANCING")

CASH_FLOW: tuple[LineDef, ...] = (
    _h("H_OPERATING", N_("CASH FLOWS FROM OPERATING ACTIVITIES")),
    LineDef("CF_LOAN_INCOME", N_("Interest, fees and penalties received on loans"), Kind.ITEM),
    LineDef("CF_SALES", N_("Received from sales of the business unit"), Kind.ITEM),
    LineDef("CF_OTHER_INCOME", N_("Other receipts"), Kind.ITEM),
    LineDef("CF_LOANS_REPAID", N_("Loan principal repaid by members"), Kind.ITEM),
    LineDef("CF_LOANS_DISBURSED", N_("Loans paid out to members"), Kind.ITEM),
    LineDef("CF_SUPPLIERS", N_("Paid to suppliers"), Kind.ITEM),
    LineDef("CF_EXPENSES", N_("Paid for operating expenses and honoraria"), Kind.ITEM),
    LineDef("CF_SAVINGS_INTEREST", N_("Interest (jasa) paid on savings"), Kind.ITEM),
    LineDef("CF_TAX", N_("Taxes paid"), Kind.ITEM),
    _s("CF_OPERATING", N_("Net cash from operating activities"), *OPERATING_ITEMS, level=1),
    _h("H_INVESTING", N_("CASH FLOWS FROM INVESTING ACTIVITIES")),
    LineDef("CF_ASSETS_SOLD", N_("Fixed assets sold"), Kind.ITEM),
    LineDef("CF_ASSETS_BOUGHT", N_("Fixed assets bought"), Kind.ITEM),
    _s("CF_INVESTING", N_("Net cash from investing activities"), *INVESTING_ITEMS, level=1),
    _h("H_FINANCING", N_("CASH FLOWS FROM FINANCING ACTIVITIES")),
    LineDef("CF_SAVINGS_IN", N_("Members' savings paid in"), Kind.ITEM),
    LineDef("CF_SAVINGS_OUT", N_("Members' savings withdrawn"), Kind.ITEM),
    LineDef("CF_GRANTS", N_("Grants and donations received"), Kind.ITEM),
    LineDef("CF_SHU_PAID", N_("SHU and SHU funds paid out"), Kind.ITEM),
    LineDef("CF_OTHER_FINANCING", N_("Other financing"), Kind.ITEM),
    _s("CF_FINANCING", N_("Net cash from financing activities"), *FINANCING_ITEMS, level=1),
    _s("CF_NET", N_("Net increase (decrease) in cash"), "CF_OPERATING", "CF_INVESTING",
       "CF_FINANCING"),
    _s("CF_OPENING", N_("Cash and cash equivalents at the start of the year")),
    _s("TOTAL", N_("CASH AND CASH EQUIVALENTS AT THE END OF THE YEAR"), "CF_NET", "CF_OPENING",
       kind=Kind.TOTAL),
)

#: Cash-flow groups an account may belong to: (line for money coming in, line for money going
#: out). Loans and savings flow both ways and direct-method statements show each way gross.
CASH_FLOW_GROUPS: dict[str, tuple[str, str]] = {
    "loan_income": ("CF_LOAN_INCOME", "CF_LOAN_INCOME"),
    "sales": ("CF_SALES", "CF_SALES"),
    "other_income": ("CF_OTHER_INCOME", "CF_OTHER_INCOME"),
    "loans": ("CF_LOANS_REPAID", "CF_LOANS_DISBURSED"),
    "suppliers": ("CF_SUPPLIERS", "CF_SUPPLIERS"),
    "expenses": ("CF_EXPENSES", "CF_EXPENSES"),
    "savings_interest": ("CF_SAVINGS_INTEREST", "CF_SAVINGS_INTEREST"),
    "tax": ("CF_TAX", "CF_TAX"),
    "fixed_assets": ("CF_ASSETS_SOLD", "CF_ASSETS_BOUGHT"),
    "savings": ("CF_SAVINGS_IN", "CF_SAVINGS_OUT"),
    "grants": ("CF_GRANTS", "CF_GRANTS"),
    "shu": ("CF_SHU_PAID", "CF_SHU_PAID"),
    "other_financing": ("CF_OTHER_FINANCING", "CF_OTHER_FINANCING"),
}

CASH_FLOW_GROUP_NAMES: dict[str, str] = {
    "loan_income": N_("Interest, fees and penalties on loans"),
    "sales": N_("Sales"),
    "other_income": N_("Other receipts"),
    "loans": N_("Loans to members (paid out and repaid)"),
    "suppliers": N_("Suppliers and stock"),
    "expenses": N_("Operating expenses"),
    "savings_interest": N_("Interest on savings"),
    "tax": N_("Taxes"),
    "fixed_assets": N_("Fixed assets"),
    "savings": N_("Members' savings"),
    "grants": N_("Grants and donations"),
    "shu": N_("SHU paid out"),
    "other_financing": N_("Other financing"),
}


class StatementKind(StrEnum):
    BALANCE_SHEET = "balance_sheet"
    INCOME = "income"
    EQUITY = "equity"
    CASH_FLOW = "cash_flow"


LAYOUTS: dict[StatementKind, tuple[LineDef, ...]] = {
    StatementKind.BALANCE_SHEET: BALANCE_SHEET,
    StatementKind.INCOME: INCOME_STATEMENT,
    StatementKind.EQUITY: EQUITY_STATEMENT,
    StatementKind.CASH_FLOW: CASH_FLOW,
}

TITLES: dict[StatementKind, str] = {
    StatementKind.BALANCE_SHEET: N_("Statement of financial position"),
    StatementKind.INCOME: N_("Statement of SHU (income statement)"),
    StatementKind.EQUITY: N_("Statement of changes in equity"),
    StatementKind.CASH_FLOW: N_("Statement of cash flows (direct method)"),
}


def line_def(kind: StatementKind, code: str) -> LineDef:
    for d in LAYOUTS[kind]:
        if d.code == code:
            return d
    raise KeyError(code)


def item_codes(kind: StatementKind, side: Side | None = None) -> list[str]:
    return [d.code for d in LAYOUTS[kind]
            if d.kind is Kind.ITEM and (side is None or d.side is side)]
