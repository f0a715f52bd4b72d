"""A statement as plain data: lines with this period's and the previous period's amounts.

Amounts are shown the way a reader expects them: assets and expenses as debit balances, and
liabilities, equity and income as credit balances, so a contra account (the allowance for loan
losses, accumulated depreciation) or an outflow of cash comes out negative. Each item line keeps
the accounts behind it, so a screen can drill down from a line to the accounts and their entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from coopdesk.i18n import _
from coopdesk.ledger.statements.lines import LAYOUTS, TITLES, Kind, StatementKind


@dataclass(frozen=True)
class AccountAmount:
    code: str  # empty for an amount that is not one account's (an unclosed earlier year)
    name: str
    amount: int
    previous: int


@dataclass(frozen=True)
class StatementLine:
    code: str
    name: str
    kind: Kind
    level: int
    amount: int | None  # None for headings
    previous: int | None
    accounts: tuple[AccountAmount, ...] = ()

    @property
    def has_amount(self) -> bool:
        return self.kind is not Kind.HEADING


@dataclass(frozen=True)
class Statement:
    kind: StatementKind
    title: str
    #: The period covered: (start, end) for a year; (None, as-of date) for the balance sheet.
    start: date | None
    end: date
    previous_start: date | None
    previous_end: date
    lines: tuple[StatementLine, ...]
    notes: tuple[str, ...] = field(default=())

    def line(self, code: str) -> StatementLine:
        for ln in self.lines:
            if ln.code == code:
                return ln
        raise KeyError(code)

    def amount(self, code: str) -> int:
        return self.line(code).amount or 0

    @property
    def final(self) -> StatementLine:
        return self.lines[-1]


@dataclass
class Figures:
    """Line amounts being gathered for one period, with the accounts behind each item."""

    values: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)

    def add(self, line: str, amount: int, account: tuple[str, str] | None = None) -> None:
        self.values[line] = self.values.get(line, 0) + amount
        if account is not None:
            per = self.accounts.setdefault(line, {})
            per[account] = per.get(account, 0) + amount


def _totals(kind: StatementKind, values: Mapping[str, int]) -> dict[str, int]:
    """Item values plus every subtotal and total, computed in layout order."""
    out = dict(values)
    for d in LAYOUTS[kind]:
        if d.kind in (Kind.SUBTOTAL, Kind.TOTAL) and d.sums:
            out[d.code] = sum(sign * out.get(code, 0) for code, sign in d.sums)
    return out


def _breakdown(now: Figures, before: Figures, code: str) -> tuple[AccountAmount, ...]:
    a = now.accounts.get(code, {})
    b = before.accounts.get(code, {})
    keys = sorted(set(a) | set(b))
    return tuple(AccountAmount(k[0], k[1], a.get(k, 0), b.get(k, 0)) for k in keys
                 if a.get(k, 0) or b.get(k, 0))


def assemble(kind: StatementKind, now: Figures, before: Figures, *, start: date | None,
             end: date, previous_start: date | None, previous_end: date,
             notes: Iterable[str] = ()) -> Statement:
    """Lay the gathered figures out on the statement's lines, in order, names translated."""
    cur, prev = _totals(kind, now.values), _totals(kind, before.values)
    lines = []
    for d in LAYOUTS[kind]:
        if d.kind is Kind.HEADING:
            lines.append(StatementLine(d.code, _(d.name), d.kind, d.level, None, None))
            continue
        lines.append(StatementLine(
            d.code, _(d.name), d.kind, d.level, cur.get(d.code, 0), prev.get(d.code, 0),
            _breakdown(now, before, d.code) if d.kind is Kind.ITEM else (),
        ))
    return Statement(kind, _(TITLES[kind]), start, end, previous_start, previous_end,
                     tuple(lines), tuple(notes))
