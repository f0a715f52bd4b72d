"""A new journal entry typed by hand: date, description, reference, and its lines.

The running difference between debits and credits is shown as the user types; Post stays
disabled until the entry balances and every line is complete. The journal service checks
everything again (closed periods, inactive accounts) and its refusal is shown as it is.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _, format_money
from coopdesk.ledger.journal import Line, NewEntry, PostedEntry
from coopdesk.ui.context import AppContext
from coopdesk.ui.widgets import AccountPicker, DateEdit, MoneyEdit

ACCOUNT, DEBIT, CREDIT = 0, 1, 2


class EntryDialog(QDialog):
    def __init__(self, ctx: AppContext, accounts: list[tuple[str, str]],
                 parent: QWidget | None = None, *, on: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.accounts = accounts
        self.posted: PostedEntry | None = None
        self.setWindowTitle(_("New journal entry"))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header_form(on))
        self.lines = self._lines_table()
        layout.addWidget(self.lines, 1)
        layout.addLayout(self._line_buttons())
        self.difference = QLabel()
        self.difference.setObjectName("difference")
        self.difference.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.difference.setWordWrap(True)
        layout.addWidget(self.difference)
        buttons = QDialogButtonBox()
        self.post_button = buttons.addButton(_("Post the entry"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.post_button.setObjectName("primary")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.post)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for _n in range(2):
            self.add_line()
        self.memo.textChanged.connect(self.update_state)
        self.update_state()

    def _header_form(self, on: date | None) -> QFormLayout:
        form = QFormLayout()
        self.date = DateEdit(on or date.today())
        self.date.setMaximumWidth(200)
        self.memo = QLineEdit()
        self.memo.setMaxLength(255)
        self.memo.setPlaceholderText(_("What happened, e.g. Bought paper and ink for the office"))
        self.reference = QLineEdit()
        self.reference.setMaxLength(60)
        self.reference.setPlaceholderText(_("optional: receipt or invoice number"))
        form.addRow(_("Date"), self.date)
        form.addRow(_("Description"), self.memo)
        form.addRow(_("Reference"), self.reference)
        return form

    def _lines_table(self) -> QTableWidget:
        lines = QTableWidget(0, 3)
        lines.setHorizontalHeaderLabels([_("Account"), _("Debit"), _("Credit")])
        lines.verticalHeader().setDefaultSectionSize(34)
        header = lines.horizontalHeader()
        header.setSectionResizeMode(ACCOUNT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(DEBIT, 170)
        header.resizeSection(CREDIT, 170)
        return lines

    def _line_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        add = QPushButton(_("Add a line"))
        add.clicked.connect(self.add_line)
        remove = QPushButton(_("Remove the line"))
        remove.clicked.connect(self.remove_line)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        self.totals = QLabel()
        row.addWidget(self.totals)
        return row

    # -- lines ------------------------------------------------------------------------------

    def add_line(self) -> None:
        row = self.lines.rowCount()
        self.lines.insertRow(row)
        picker = AccountPicker(self.accounts)
        picker.currentTextChanged.connect(self.update_state)
        self.lines.setCellWidget(row, ACCOUNT, picker)
        for column in (DEBIT, CREDIT):
            edit = MoneyEdit()
            edit.amount_changed.connect(self.update_state)
            self.lines.setCellWidget(row, column, edit)
        self.update_state()

    def remove_line(self) -> None:
        row = self.lines.currentRow()
        if row < 0:
            row = self.lines.rowCount() - 1
        if self.lines.rowCount() > 2 and row >= 0:
            self.lines.removeRow(row)
            self.update_state()

    def picker(self, row: int) -> AccountPicker:
        widget = self.lines.cellWidget(row, ACCOUNT)
        assert isinstance(widget, AccountPicker)
        return widget

    def money(self, row: int, column: int) -> MoneyEdit:
        widget = self.lines.cellWidget(row, column)
        assert isinstance(widget, MoneyEdit)
        return widget

    # -- checking ---------------------------------------------------------------------------

    def read_lines(self) -> tuple[list[Line], list[str]]:
        """The complete lines, and what is wrong with the others (blank rows are ignored)."""
        lines: list[Line] = []
        problems: list[str] = []
        for row in range(self.lines.rowCount()):
            n = row + 1
            account = self.picker(row).account_code()
            typed = self.picker(row).currentText().strip()
            debit, credit = self.money(row, DEBIT), self.money(row, CREDIT)
            for edit in (debit, credit):
                if edit.error():
                    problems.append(_("Line {n}: {problem}").format(n=n, problem=edit.error()))
            d, c = debit.amount(), credit.amount()
            if not typed and d is None and c is None:
                continue
            if account is None:
                problems.append(_("Line {n}: choose an account from the list.").format(n=n))
            if d is not None and c is not None:
                problems.append(_("Line {n}: fill in a debit or a credit, not both.").format(n=n))
            elif d is None and c is None and not (debit.error() or credit.error()):
                problems.append(_("Line {n}: fill in a debit or a credit.").format(n=n))
            elif account is not None and (d or c):
                lines.append(Line(account, d if d is not None else -(c or 0)))
        return lines, problems

    def update_state(self, *_args: object) -> None:
        lines, problems = self.read_lines()
        debit = sum(line.amount for line in lines if line.amount > 0)
        credit = -sum(line.amount for line in lines if line.amount < 0)
        self.totals.setText(_("Debit {debit}   Credit {credit}").format(
            debit=format_money(debit), credit=format_money(credit)))
        balanced = debit == credit and debit > 0
        if problems:
            message = problems[0]
        elif len(lines) < 2:
            message = _("An entry needs at least two lines.")
        elif not balanced:
            message = _("Not balanced yet: the difference is {diff}.").format(
                diff=format_money(abs(debit - credit)))
        elif not self.memo.text().strip():
            message = _("Write a description of the entry.")
        else:
            message = _("Balanced. Ready to post.")
        ready = not problems and len(lines) >= 2 and balanced and bool(self.memo.text().strip())
        self.difference.setText(message)
        self.difference.setProperty("balanced", ready)
        self.difference.style().unpolish(self.difference)
        self.difference.style().polish(self.difference)
        self.post_button.setEnabled(ready)

    # -- posting ----------------------------------------------------------------------------

    def entry(self) -> NewEntry:
        lines, _problems = self.read_lines()
        reference = self.reference.text().strip() or None
        return NewEntry(self.date.date_value(), self.memo.text().strip(), tuple(lines),
                        source="manual", source_ref=reference)

    def post(self) -> None:
        from coopdesk.ledger import journal

        if not self.post_button.isEnabled():
            return
        entry = self.entry()
        try:
            self.posted = self.ctx.book.write(lambda s: journal.post_entry(s, entry))
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.accept()
