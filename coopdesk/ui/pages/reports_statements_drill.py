"""Laporan › Financial statements › drill-down: a statement line's accounts, and an account's
entries in the statement's period.

For an income or expense account of a closed year the year's entries come first, then a line
with the year's movement (the figure on the statement), then the closing entry that moved it to
the SHU of the year, shaded and marked, so the register does not seem to say the year was zero.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger.statements.drill import AccountPeriod, DrillEntry
from coopdesk.ledger.statements.model import Statement, StatementLine
from coopdesk.ui.context import AppContext
from coopdesk.ui.pages.reports_statements import make_table, put_row, shown

CLOSING_SHADE = QColor("#fdf3d7")
MUTED = QColor("#6b7280")


class LineDialog(QDialog):
    """A statement line's accounts; double-click an account for its entries in the period."""

    def __init__(self, ctx: AppContext, st: Statement, line: StatementLine,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from coopdesk.ledger.statements.output import column_labels

        self.ctx, self.st, self.line = ctx, st, line
        self.period_shown: AccountPeriod | None = None
        self.setWindowTitle(line.name)
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        now, before = column_labels(st)
        layout.addWidget(QLabel(_("Accounts on the line “{line}”").format(line=line.name)))
        self.accounts = make_table([_("Code"), _("Account"), now, before], stretch=1)
        self.accounts.setRowCount(len(line.accounts))
        for row, acc in enumerate(line.accounts):
            put_row(self.accounts, row, [acc.code, acc.name, shown(acc.amount),
                                         shown(acc.previous)], numeric_from=2)
        self.accounts.cellDoubleClicked.connect(lambda r, _c: self.show_entries(r))
        layout.addWidget(self.accounts, 1)
        self.caption = QLabel(_("Double-click an account to see its entries."))
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self.entries = make_table([_("Date"), _("Entry"), _("Description"), _("Member"),
                                   _("Debit"), _("Credit"), _("Balance")], stretch=2)
        layout.addWidget(self.entries, 2)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        if len(line.accounts) == 1:  # nothing to choose: show its entries at once
            self.show_entries(0)

    def period(self) -> tuple[date, date]:
        end = self.st.end
        return (self.st.start or date(end.year, 1, 1)), end

    def show_entries(self, row: int) -> None:
        from coopdesk.ledger.statements.drill import account_period

        acc = self.line.accounts[row]
        if not acc.code:
            return
        start, end = self.period()
        with self.ctx.book.read() as s:
            period = account_period(s, acc.code, start, end)
        self.period_shown = period
        self.caption.setText(caption(period))
        ordinary = [e for e in period.entries if not e.closing]
        closing = [e for e in period.entries if e.closing]
        self.entries.setRowCount(len(period.entries) + (1 if closing else 0))
        for r, entry in enumerate(ordinary):
            self._entry_row(r, entry)
        if closing:
            self._movement_row(len(ordinary), period)
            for r, entry in enumerate(closing, start=len(ordinary) + 1):
                self._entry_row(r, entry)

    def _entry_row(self, row: int, entry: DrillEntry) -> None:
        debit, credit = max(entry.amount, 0), max(-entry.amount, 0)
        memo = entry.memo if not entry.closing else "[{}] {}".format(_("Closing entry"),
                                                                     entry.memo)
        put_row(self.entries, row, [format_date(entry.date, "short"), entry.reference, memo,
                                    entry.member_no or "",
                                    format_money(debit) if debit else "",
                                    format_money(credit) if credit else "",
                                    format_money(entry.balance)], numeric_from=4)
        if entry.closing:
            for column in range(self.entries.columnCount()):
                item = self.entries.item(row, column)
                if item is not None:
                    item.setBackground(QBrush(CLOSING_SHADE))
                    item.setForeground(QBrush(MUTED))

    def _movement_row(self, row: int, period: AccountPeriod) -> None:
        put_row(self.entries, row, ["", "", _("Movement of the year, as on the statement"), "",
                                    "", "", format_money(period.opening + period.moved)],
                bold=True, numeric_from=4)


def caption(period: AccountPeriod) -> str:
    """What the register says, in a sentence: for a closed year's income or expense, the year's
    figure first and what the closing entry did with it."""
    account = f"{period.code} {period.name}"
    if period.closed and period.result_account:
        text = _("{account}: {amount} in {start} – {end}, the figure on the statement. The "
                 "closing entry moved it to the SHU of the year, so the account then stands at "
                 "{balance}.").format(account=account, amount=format_money(period.moved),
                                      start=format_date(period.start),
                                      end=format_date(period.end),
                                      balance=format_money(period.balance))
    else:
        text = _("{account}: opening {opening}, moved {moved}, closing {closing} ({start} – "
                 "{end}).").format(account=account, opening=format_money(period.opening),
                                   moved=format_money(period.moved + period.closed),
                                   closing=format_money(period.balance),
                                   start=format_date(period.start), end=format_date(period.end))
    if period.left_out:
        listed = sum(1 for e in period.entries if not e.closing)
        text += " " + _("Only the latest {listed} entries are listed; all {n} are under "
                        "Jurnal.").format(listed=listed, n=period.left_out + listed)
    return text
