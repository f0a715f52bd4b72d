"""Laporan › Financial statements › setup: who signs the statements, and which line each account
goes to and in which group of the cash-flow statement its cash shows (the cooperative's own
mapping, kept in the book)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _
from coopdesk.ui.context import AppContext
from coopdesk.ui.pages.reports_statements import make_table, put_row


class SetupDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from coopdesk.ledger.statements import mapping, pdf

        self.ctx = ctx
        self.setWindowTitle(_("Statements: signatures and lines"))
        self.resize(820, 600)
        with ctx.book.read() as s:
            self.signers = pdf.Signers.from_book(s)
            self.rows = mapping.mapping_rows(s)
            self.choices = {r.code: _line_choices(s, r.code) for r in self.rows}
        tabs = QTabWidget()
        tabs.addTab(self._signers_tab(), _("Signatures"))
        tabs.addTab(self._lines_tab(), _("Lines of the statements"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def _signers_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.chair = QLineEdit(self.signers.chair)
        self.treasurer = QLineEdit(self.signers.treasurer)
        self.supervisor = QLineEdit(self.signers.supervisor)
        self.place = QLineEdit(self.signers.place)
        form.addRow(_("Chair"), self.chair)
        form.addRow(_("Treasurer"), self.treasurer)
        form.addRow(_("Supervisor"), self.supervisor)
        form.addRow(_("Place"), self.place)
        return page

    def _lines_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(_("Each account goes to one line of the statements, and the cash paid in "
                         "or out against it shows in one group of the cash-flow statement. "
                         "Change them only if your cooperative reports them differently."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = make_table([_("Code"), _("Account"), _("Line"), _("Cash-flow group")],
                                stretch=1)
        self.table.setRowCount(len(self.rows))
        self.combos: dict[str, QComboBox] = {}
        self.groups: dict[str, QComboBox] = {}
        for row, r in enumerate(self.rows):
            put_row(self.table, row, [r.code, r.name], numeric_from=9)
            combo = QComboBox()
            for code, name in self.choices[r.code]:
                combo.addItem(name, code)
            combo.setCurrentIndex(max(combo.findData(r.line), 0))
            self.table.setCellWidget(row, 2, combo)
            self.combos[r.code] = combo
            self.groups[r.code] = self._group_combo(r.group)
            self.table.setCellWidget(row, 3, self.groups[r.code])
            combo.currentIndexChanged.connect(
                lambda _i, code=r.code, group=r.group: self._cash_or_not(code, group))
            self._cash_or_not(r.code, r.group)
        layout.addWidget(self.table)
        return page

    @staticmethod
    def _group_combo(current: str) -> QComboBox:
        from coopdesk.ledger.statements.lines import CASH_FLOW_GROUP_NAMES

        combo = QComboBox()
        for code, name in CASH_FLOW_GROUP_NAMES.items():
            combo.addItem(_(name), code)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo

    def _cash_or_not(self, code: str, group: str) -> None:
        """An account on the cash line is cash itself: it has no cash-flow group (none is
        shown, and none is saved)."""
        combo = self.groups[code]
        is_cash = self.combos[code].currentData() == "CASH"
        combo.setEnabled(not is_cash)
        combo.setToolTip(_("Cash itself: its movements are the cash flows.") if is_cash else "")
        if is_cash:
            combo.setCurrentIndex(-1)
        elif combo.currentIndex() < 0:
            combo.setCurrentIndex(max(combo.findData(group), 0))

    def save(self) -> None:
        from coopdesk.ledger.statements import mapping, pdf

        signers = pdf.Signers(self.chair.text(), self.treasurer.text(), self.supervisor.text(),
                              self.place.text())
        changed = [(r, self.combos[r.code].currentData()) for r in self.rows
                   if self.combos[r.code].currentData() != r.line]
        # An account that stops being cash keeps the group shown, not the new line's default.
        regrouped = [(r, self.groups[r.code].currentData()) for r in self.rows
                     if self.groups[r.code].isEnabled()
                     and (self.groups[r.code].currentData() != r.group or r.line == "CASH")]

        def act(s: object) -> None:
            from sqlalchemy.orm import Session

            assert isinstance(s, Session)
            if signers != self.signers:
                pdf.save_signers(s, signers)
            for row, line in changed:
                mapping.set_line(s, row.code, line)
            for row, group in regrouped:
                mapping.set_line(s, row.code, group, statement="cash_flow")

        try:
            self.ctx.book.write(act)
        except Exception as exc:  # refused in plain words (a role without the right)
            self.ctx.show_error(exc)
            return
        self.ctx.changed.emit("statements")
        self.accept()


def _line_choices(session: object, code: str) -> list[tuple[str, str]]:
    """The lines an account may go to, with their names."""
    from sqlalchemy.orm import Session

    from coopdesk.ledger import accounts
    from coopdesk.ledger.statements.lines import StatementKind, line_def
    from coopdesk.ledger.statements.mapping import BALANCE_SHEET_TYPES, allowed_lines

    assert isinstance(session, Session)
    acc = accounts.resolve(session, code)
    statement = "balance_sheet" if acc.type in BALANCE_SHEET_TYPES else "income"
    kind = StatementKind.BALANCE_SHEET if statement == "balance_sheet" else StatementKind.INCOME
    return [(line, _(line_def(kind, line).name)) for line in allowed_lines(acc, statement)]
