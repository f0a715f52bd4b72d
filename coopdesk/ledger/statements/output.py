"""Statements as CSV rows, spreadsheet sheets, and the words that head their columns.

CSV is for machines: columns `line,name,amount,previous`, one row per line that carries an amount
(items, subtotals, totals) in layout order, ending with the statement's final total (`TOTAL`, or
`LIABILITIES_EQUITY` on the balance sheet, whose asset total is the line `ASSETS`). The XLSX keeps
the headings too, indented like the printed page, for people.
"""

from __future__ import annotations

from collections.abc import Sequence

from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger.statements.lines import Kind, StatementKind
from coopdesk.ledger.statements.model import Statement
from coopdesk.tabular import Cell, Sheet

CSV_HEADER = ("line", "name", "amount", "previous")


def statement_rows(st: Statement) -> tuple[Sequence[str], list[Sequence[Cell]]]:
    rows: list[Sequence[Cell]] = [(ln.code, ln.name, ln.amount, ln.previous)
                                  for ln in st.lines if ln.has_amount]
    return CSV_HEADER, rows


def column_labels(st: Statement) -> tuple[str, str]:
    """What heads the two amount columns: the dates of a balance sheet, else the years."""
    if st.kind is StatementKind.BALANCE_SHEET:
        return format_date(st.end, "medium"), format_date(st.previous_end, "medium")
    return str(st.end.year), str(st.previous_end.year)


def period_text(st: Statement) -> str:
    if st.kind is StatementKind.BALANCE_SHEET:
        return _("As of {date}, with {previous} beside it").format(
            date=format_date(st.end, "long"), previous=format_date(st.previous_end, "long"))
    return _("For the year ended {date}, with {year} beside it").format(
        date=format_date(st.end, "long"), year=st.previous_end.year)


def statement_sheet(st: Statement) -> Sheet:
    now, before = column_labels(st)
    rows: list[Sequence[Cell]] = []
    for ln in st.lines:
        indent = "    " * ln.level
        rows.append((ln.code, indent + ln.name, ln.amount, ln.previous))
    return Sheet(title=st.title[:31], header=[_("Line"), _("Description"), now, before],
                 rows=rows, money_columns=(2, 3), widths=(22, 60, 18, 18))


def shown(amount: int | None) -> str:
    """An amount as statements print it: 1.234.567, (1.234.567) when negative, - for zero."""
    if amount is None:
        return ""
    if amount == 0:
        return "-"
    text = format_money(abs(amount), symbol=False)
    return f"({text})" if amount < 0 else text


def is_emphasised(kind: Kind) -> bool:
    return kind in (Kind.SUBTOTAL, Kind.TOTAL)
