"""The meeting's wajib collections in one grid, and the list of members behind with their dues.

The grid lists every current member with the wajib of the meeting's month already filled in (the
amount the members' meeting set for that month; "Wajib amounts…" shows and records them). The
treasurer goes down the list pressing Space for each member who paid (the row is ticked and the
next one selected): about one key per member. A different amount is typed in its cell. Save
writes all of them in one transaction — an entry and a receipt for each — and offers the
receipts to print, two to an A4 sheet.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.errors import UserError
from coopdesk.i18n import _, format_date, format_money, month_name
from coopdesk.ledger.savings_dues import Arrears, BatchResult, DuesLine
from coopdesk.ui.context import AppContext
from coopdesk.ui.files import save_sheets
from coopdesk.ui.widgets import DateEdit

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
PAID, NO, NAME, VILLAGE, BEHIND, AMOUNT = range(6)


class DuesGrid(QTableWidget):
    """Space ticks the current member as paid and moves on to the next one."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentRow() >= 0:
            item = self.item(self.currentRow(), PAID)
            if item is not None:
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked
                                   else Qt.CheckState.Checked)
            self.setCurrentCell(min(self.currentRow() + 1, self.rowCount() - 1), AMOUNT)
            return
        super().keyPressEvent(event)


class DuesTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Meeting date")))
        self.day = DateEdit(date.today())
        self.day.dateChanged.connect(lambda _d: self.refresh())
        bar.addWidget(self.day)
        hint = QLabel(_("Press Space for each member who paid; type another amount in its cell."))
        hint.setWordWrap(True)
        bar.addWidget(hint, 1)
        amounts = QPushButton(_("Wajib amounts…"))
        amounts.clicked.connect(self.edit_amounts)
        bar.addWidget(amounts)
        layout.addLayout(bar)
        self.grid = DuesGrid(0, 6)
        self.grid.setObjectName("duesGrid")
        self.grid.setHorizontalHeaderLabels([_("Paid"), _("No."), _("Name"), _("Village"),
                                             _("Months behind"), _("Amount")])
        self.grid.verticalHeader().setVisible(False)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                  | QAbstractItemView.EditTrigger.DoubleClicked)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.grid.itemChanged.connect(lambda _i: self._total())
        layout.addWidget(self.grid, 1)
        foot = QHBoxLayout()
        self.summary = QLabel()
        foot.addWidget(self.summary, 1)
        self.save_button = QPushButton(_("Save the dues"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        foot.addWidget(self.save_button)
        layout.addLayout(foot)
        self.lines: list[DuesLine] = []
        self.refresh()

    def refresh(self) -> None:
        from coopdesk.ledger.savings_dues import dues_sheet

        with self.ctx.book.read() as session:
            self.lines = dues_sheet(session, self.day.date_value())
        self.grid.blockSignals(True)
        self.grid.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                          | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.grid.setItem(r, PAID, tick)
            for column, text in ((NO, line.member_no), (NAME, line.name),
                                 (VILLAGE, line.village or ""),
                                 (BEHIND, str(line.months_owed) if line.months_owed else "")):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.grid.setItem(r, column, item)
            amount = QTableWidgetItem(format_money(line.amount, symbol=False))
            amount.setTextAlignment(RIGHT)
            self.grid.setItem(r, AMOUNT, amount)
        self.grid.blockSignals(False)
        if self.lines:
            self.grid.setCurrentCell(0, AMOUNT)
        self._total()

    def edit_amounts(self) -> None:
        from coopdesk.ui.pages.savings_wajib import WajibAmountsDialog

        dialog = WajibAmountsDialog(self.ctx, self)
        dialog.exec()
        if dialog.changed:
            self.ctx.changed.emit("savings")

    def payments(self) -> list[tuple[str, int]]:
        """The ticked rows as (member number, amount); a bad amount is a UserError."""
        from coopdesk.money import parse_amount

        found = []
        for r, line in enumerate(self.lines):
            tick = self.grid.item(r, PAID)
            if tick is None or tick.checkState() != Qt.CheckState.Checked:
                continue
            cell = self.grid.item(r, AMOUNT)
            try:
                amount = parse_amount(cell.text() if cell else "")
            except UserError as exc:
                raise UserError(f"{line.member_no} {line.name}: {exc.message}") from None
            found.append((line.member_no, amount))
        return found

    def _total(self) -> None:
        try:
            paying = self.payments()
        except UserError as exc:
            self.summary.setText(exc.message)
            self.save_button.setEnabled(False)
            return
        self.summary.setText(_("{n} members ticked, {total} in all.").format(
            n=len(paying), total=format_money(sum(a for _n, a in paying))))
        self.save_button.setEnabled(bool(paying))

    def save(self) -> None:
        from coopdesk.ledger.savings_dues import record_dues

        try:
            paying = self.payments()
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        book, day = self.ctx.book, self.day.date_value()

        def work(progress: object) -> BatchResult:
            return book.write(lambda s: record_dues(s, on=day, payments=paying,
                                                    progress=progress))  # type: ignore[arg-type]

        self.ctx.run_task(work, title=_("Saving the dues…"), on_done=self._saved)

    def _saved(self, result: BatchResult) -> None:
        from coopdesk.ledger.savings_dues import describe
        from coopdesk.ui.messages import confirm

        self.ctx.changed.emit("savings")
        if not self.ctx.headless and confirm(self, describe(result),
                                             yes=_("Print the receipts"), no=_("Not now")):
            self.print_receipts(list(result.receipt_ids))

    def print_receipts(self, receipt_ids: list[int]) -> None:
        from coopdesk.ledger import receipts_pdf

        book = self.ctx.book

        def work(_progress: object) -> bytes:
            with book.read() as session:
                return receipts_pdf.render(session, receipt_ids, two_per_a4=True)

        self.ctx.run_task(work, title=_("Preparing the receipts…"),
                          on_done=lambda data: self.ctx.preview_pdf(data, _("Receipts")))


class ArrearsTab(QWidget):
    """Who has not paid simpanan wajib up to a month, how many months, how much."""

    HEADERS_COUNT = 7

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.report: Arrears | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Dues up to the month of")))
        self.month = DateEdit(date.today())
        self.month.setDisplayFormat("MMMM yyyy")
        self.month.dateChanged.connect(lambda _d: self.refresh())
        bar.addWidget(self.month)
        bar.addStretch(1)
        self.pdf_button = QPushButton(_("Preview and print…"))
        self.pdf_button.clicked.connect(self.preview)
        self.xlsx_button = QPushButton(_("Save as spreadsheet…"))
        self.xlsx_button.clicked.connect(self.save_xlsx)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        layout.addLayout(bar)
        self.table = QTableWidget(0, self.HEADERS_COUNT)
        self.table.setObjectName("arrearsTable")
        self.table.setHorizontalHeaderLabels([_("No."), _("Name"), _("Village"), _("Phone"),
                                              _("Months"), _("Owed"), _("Last paid")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.refresh()

    def refresh(self) -> None:
        from coopdesk.ledger.savings_dues import arrears

        day = self.month.date_value()
        book = self.ctx.book

        def work(_progress: object) -> Arrears:
            with book.read() as session:
                return arrears(session, day.year, day.month)

        self.ctx.run_task(work, title=_("Finding the arrears…"), on_done=self._show,
                          silent=True)

    def _show(self, report: Arrears) -> None:
        self.report = report
        self.table.setRowCount(len(report.rows))
        for r, row in enumerate(report.rows):
            cells = (row.member_no, row.name, row.village or "", row.phone or "",
                     str(row.months_owed), format_money(row.amount_owed),
                     format_date(row.last_paid, "short") if row.last_paid else _("never"))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (4, 5):
                    item.setTextAlignment(RIGHT)
                self.table.setItem(r, c, item)
        self.summary.setText(_("{n} of {m} members are behind with dues up to {month} {year}: "
                               "{total} in all.").format(
            n=len(report.rows), m=report.members_counted, month=month_name(report.month),
            year=report.year, total=format_money(report.total_owed)))

    def preview(self) -> None:
        from coopdesk.ledger.savings_output import arrears_pdf, arrears_title

        report = self.report
        if report is not None:
            self.ctx.preview_report(lambda head: arrears_pdf(report, head), arrears_title(report))

    def save_xlsx(self) -> None:
        from coopdesk.ledger.savings_output import arrears_sheet

        report = self.report
        if report is not None:
            stem = _("dues-arrears")  # a file name, in the user's language
            name = f"{stem}-{report.year}-{report.month:02d}.xlsx"
            save_sheets(self.ctx, self, name, lambda: [arrears_sheet(report)])
