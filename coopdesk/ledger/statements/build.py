"""Building the four statements from the journal, each beside the previous year.

- Balance sheet (laporan posisi keuangan) as of a day, beside 31 December of the year before.
  Income and expenses not yet closed are shown in equity: this year's as "SHU of the current
  year", earlier years' (when a year was left open) with the undistributed SHU, so the statement
  balances on any day, closed or not.
- Income statement (laporan perhitungan hasil usaha) for a year: that year's postings to income
  and expense accounts, closing entries left out.
- Statement of changes in equity: the equity at the start, the year's movements of the accounts
  the balance sheet shows as equity (gross where members pay in and take out), the SHU of the
  year, and the equity at the end.
- Cash flows, direct method: for each entry that moved cash, its other lines say where the cash
  came from or went (see `balances.cash_counterparts`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.i18n import N_, _
from coopdesk.ledger.models import AccountType
from coopdesk.ledger.statements import balances as bal
from coopdesk.ledger.statements.lines import (
    CASH_FLOW_GROUPS,
    EQUITY_ITEMS,
    EXPENSE_ITEMS,
    INCOME_ITEMS,
    StatementKind,
)
from coopdesk.ledger.statements.mapping import Mapping, load_mapping
from coopdesk.ledger.statements.model import Figures, Statement, assemble

_RESULT_TYPES = (AccountType.INCOME, AccountType.EXPENSE)
UNCLOSED_EARLIER = N_("Results of earlier years not yet closed")
SHOWN_AS_CURRENT = N_("SHU of the year, shown on its own line")


def _credit_side(kind: AccountType) -> bool:
    return kind not in (AccountType.ASSET, AccountType.EXPENSE)


def _key(m: Mapping, acc_id: int) -> tuple[str, str]:
    acc = m.accounts[acc_id]
    return acc.code, acc.name


def _position(r: bal.Reads, m: Mapping, as_of: date) -> Figures:
    fig = Figures()
    year_start, _end = bal.year_bounds(as_of.year)
    unclosed = 0
    for acc_id, amount in r.balances(as_of).items():
        acc = m.accounts[acc_id]
        if acc.type in _RESULT_TYPES:
            unclosed -= amount
            continue
        shown = -amount if _credit_side(acc.type) else amount
        fig.add(m.line[acc_id], shown, _key(m, acc_id))
    current = 0
    for acc_id, amount in r.activity(year_start, as_of).items():
        if m.accounts[acc_id].type in _RESULT_TYPES:
            current -= amount
            fig.add("SHU_CURRENT", -amount, _key(m, acc_id))
    fig.values.setdefault("SHU_CURRENT", 0)
    # The SHU account holds the year's SHU once the year is closed; it is shown on its own line
    # instead. What stays in income and expenses from years left open goes with earlier SHU.
    closed = sum(amount for acc_id, amount in r.closing(year_start, as_of).items()
                 if m.accounts[acc_id].type in _RESULT_TYPES)
    if closed:
        fig.add("RETAINED_SHU", -closed, ("", _(SHOWN_AS_CURRENT)))
    earlier = unclosed - current + closed
    if earlier:
        fig.add("RETAINED_SHU", earlier, ("", _(UNCLOSED_EARLIER)))
    return fig


def balance_sheet(session: Session, as_of: date, *, previous: date | None = None,
                  reads: bal.Reads | None = None) -> Statement:
    """The statement of financial position as of `as_of`, beside `previous` (by default
    31 December of the year before)."""
    require(session, Capability.READ)
    m = load_mapping(session)
    r = reads or bal.Reads(session)
    prev = previous or date(as_of.year - 1, 12, 31)
    return assemble(StatementKind.BALANCE_SHEET, _position(r, m, as_of), _position(r, m, prev),
                    start=None, end=as_of, previous_start=None, previous_end=prev)


def _results(r: bal.Reads, m: Mapping, year: int) -> Figures:
    fig = Figures()
    for acc_id, amount in r.activity(*bal.year_bounds(year)).items():
        acc = m.accounts[acc_id]
        if acc.type in _RESULT_TYPES:
            shown = -amount if acc.type is AccountType.INCOME else amount
            fig.add(m.line[acc_id], shown, _key(m, acc_id))
    return fig


def _year_statement(kind: StatementKind, year: int, now: Figures, before: Figures
                    ) -> Statement:
    start, end = bal.year_bounds(year)
    pstart, pend = bal.year_bounds(year - 1)
    return assemble(kind, now, before, start=start, end=end, previous_start=pstart,
                    previous_end=pend)


def income_statement(session: Session, year: int, *, reads: bal.Reads | None = None
                     ) -> Statement:
    """The year's income and expenses, and the SHU of the year (the final line, TOTAL)."""
    require(session, Capability.READ)
    m = load_mapping(session)
    r = reads or bal.Reads(session)
    return _year_statement(StatementKind.INCOME, year, _results(r, m, year),
                           _results(r, m, year - 1))


def year_result(session: Session, year: int) -> int:
    """The SHU of `year`: its income less its expenses (negative for a loss)."""
    m = load_mapping(session)
    return _net(_results(bal.Reads(session), m, year))


_EQUITY_MOVES = {
    # balance-sheet line: (line for credits, line for debits); None: the net goes to the first
    "PRINCIPAL_SAVINGS": ("EQ_PRINCIPAL_IN", "EQ_SAVINGS_OUT"),
    "MANDATORY_SAVINGS": ("EQ_MANDATORY_IN", "EQ_SAVINGS_OUT"),
    "GRANTS": ("EQ_GRANTS", None),
    "RESERVE": ("EQ_RESERVE", None),
    "RETAINED_SHU": ("EQ_SHU_DISTRIBUTED", None),
}


def _equity_moves(r: bal.Reads, m: Mapping, year: int) -> Figures:
    start, end = bal.year_bounds(year)
    fig = Figures()
    ids = [a for a, line in m.line.items() if line in EQUITY_ITEMS]
    # A loss covered from the reserve moves equity between two of its lines; shown on lines of
    # its own, it is neither an addition to the reserve nor SHU distributed.
    covers = bal.source_split(r.session, start, end, ids, bal.LOSS_SOURCE)
    for acc_id, (debit, credit) in covers.items():
        line = "EQ_RESERVE_USED" if m.line[acc_id] == "RESERVE" else "EQ_LOSS_COVERED"
        fig.add(line, -(debit + credit), _key(m, acc_id))
    for acc_id, (all_debits, all_credits) in bal.split_activity(r.session, start, end,
                                                                ids).items():
        cover_debit, cover_credit = covers.get(acc_id, (0, 0))
        debit, credit = all_debits - cover_debit, all_credits - cover_credit
        credits_line, debits_line = _EQUITY_MOVES.get(m.line[acc_id], ("EQ_OTHER", None))
        if debits_line is None:
            fig.add(credits_line, -(debit + credit), _key(m, acc_id))
        else:
            fig.add(credits_line, -credit, _key(m, acc_id))
            fig.add(debits_line, -debit, _key(m, acc_id))
    fig.add("EQ_SHU", _net(_results(r, m, year)))
    opening = _position(r, m, date(year - 1, 12, 31))
    fig.add("EQ_OPENING", sum(opening.values.get(c, 0) for c in EQUITY_ITEMS))
    return fig


def _net(results: Figures) -> int:
    """Income less expenses (tax included) of gathered income-statement figures."""
    income = sum(results.values.get(c, 0) for c in INCOME_ITEMS)
    return income - sum(results.values.get(c, 0) for c in (*EXPENSE_ITEMS, "INCOME_TAX"))


def equity_statement(session: Session, year: int, *, reads: bal.Reads | None = None
                     ) -> Statement:
    """Equity at the start of `year`, what changed it, and equity at the end (TOTAL)."""
    require(session, Capability.READ)
    m = load_mapping(session)
    r = reads or bal.Reads(session)
    return _year_statement(StatementKind.EQUITY, year, _equity_moves(r, m, year),
                           _equity_moves(r, m, year - 1))


def _cash_flows(r: bal.Reads, m: Mapping, year: int) -> Figures:
    cash = m.cash_accounts()
    fig = Figures()
    for acc_id, (inflow, outflow) in bal.year_cash_flows(r.session, year, cash).items():
        in_line, out_line = CASH_FLOW_GROUPS[m.group[acc_id]]
        if inflow:
            fig.add(in_line, inflow, _key(m, acc_id))
        if outflow:
            fig.add(out_line, outflow, _key(m, acc_id))
    opening = r.balances(date(year - 1, 12, 31))
    for acc_id in cash:
        if opening.get(acc_id):
            fig.add("CF_OPENING", opening[acc_id])
    fig.values.setdefault("CF_OPENING", 0)
    return fig


def cash_flow(session: Session, year: int, *, reads: bal.Reads | None = None) -> Statement:
    """Cash received and paid in `year` by activity; the final line (TOTAL) is the cash at the
    end of the year."""
    require(session, Capability.READ)
    m = load_mapping(session)
    r = reads or bal.Reads(session)
    return _year_statement(StatementKind.CASH_FLOW, year, _cash_flows(r, m, year),
                           _cash_flows(r, m, year - 1))


def build(session: Session, kind: StatementKind, year: int, *, as_of: date | None = None,
          reads: bal.Reads | None = None) -> Statement:
    """Any of the four statements for `year` (the balance sheet as of `as_of`, by default the
    year's last day)."""
    if kind is StatementKind.BALANCE_SHEET:
        return balance_sheet(session, as_of or date(year, 12, 31), reads=reads)
    builders = {StatementKind.INCOME: income_statement, StatementKind.EQUITY: equity_statement,
                StatementKind.CASH_FLOW: cash_flow}
    return builders[kind](session, year, reads=reads)


def build_all(session: Session, year: int) -> tuple[Statement, ...]:
    """The four statements of `year`, in the order they are presented, reading each sum once."""
    reads = bal.Reads(session)
    return tuple(build(session, kind, year, reads=reads) for kind in StatementKind)
