"""The trial balance tab: every account's balance as of a date; preview, print, save as PDF or
spreadsheet. The same data and the same PDF as `coopdesk report trial-balance`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
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

from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger.reports import TrialBalance
from coopdesk.ui.context import AppContext
from coopdesk.ui.files import ask_save_path, save_sheets, write_bytes
from coopdesk.ui.widgets import DateEdit

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class TrialBalanceTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: TrialBalance | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Balances as of")))
        self.as_of = DateEdit(date.today())
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        bar.addWidget(self.as_of)
        bar.addStretch(1)
        self.preview_button = QPushButton(_("Preview and print…"))
        self.preview_button.setObjectName("primary")
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton(_("Save as PDF…"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button = QPushButton(_("Save as spreadsheet…"))
        self.xlsx_button.clicked.connect(self.save_xlsx)
        for button in (self.preview_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(False)
            bar.addWidget(button)
        layout.addLayout(bar)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Code"), _("Account"), _("Debit"), _("Credit")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.refresh()

    def refresh(self) -> None:
        from coopdesk.ledger.reports import trial_balance

        book, as_of = self.ctx.book, self.as_of.date_value()

        def load(_progress: object) -> TrialBalance:
            with book.read() as session:
                return trial_balance(session, as_of)

        self.ctx.run_task(load, title=_("Adding up the accounts…"), on_done=self._show)

    def _show(self, tb: TrialBalance) -> None:
        self.report = tb
        rows = list(tb.rows)
        self.table.setRowCount(len(rows) + 1)
        for r, row in enumerate(rows):
            self._put(r, (row.code, row.name, _blank(row.debit), _blank(row.credit)))
        self._put(len(rows), ("", _("Total"), format_money(tb.total_debit),
                              format_money(tb.total_credit)), bold=True)
        if tb.balanced:
            self.status.setText(_("Debits and credits are equal as of {date}.").format(
                date=format_date(tb.as_of, "long")))
        else:
            self.status.setText(_("Debits and credits differ as of {date}!").format(
                date=format_date(tb.as_of, "long")))
        for button in (self.preview_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(True)

    def _put(self, row: int, cells: tuple[str, ...], *, bold: bool = False) -> None:
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column >= 2:
                item.setTextAlignment(RIGHT)
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, column, item)

    # -- output -----------------------------------------------------------------------------

    def _title(self) -> str:
        assert self.report is not None
        return _("Trial balance {date}").format(date=format_date(self.report.as_of, "long"))

    def _with_pdf(self, then: Callable[[bytes], object]) -> None:
        from coopdesk.ledger.report_output import trial_balance_pdf
        from coopdesk.pdf import Letterhead

        book, tb = self.ctx.book, self.report
        assert tb is not None

        def build(_progress: object) -> bytes:
            with book.read() as session:
                head = Letterhead.from_book(session)
            return trial_balance_pdf(tb, head)

        self.ctx.run_task(build, title=_("Preparing the PDF…"), on_done=then)

    def preview(self) -> None:
        if self.report is not None:
            self._with_pdf(lambda data: self.ctx.preview_pdf(data, self._title()))

    def _file_name(self, suffix: str) -> str:
        assert self.report is not None
        stem = _("trial-balance")  # a file name, in the user's language
        return f"{stem}-{self.report.as_of.isoformat()}.{suffix}"

    def save_pdf(self) -> None:
        if self.report is None:
            return
        path = ask_save_path(self, self._file_name("pdf"), "pdf")
        if path is not None:
            self._with_pdf(lambda data: write_bytes(self.ctx, path, data, self.status))

    def save_xlsx(self) -> None:
        from coopdesk.ledger.report_output import trial_balance_sheet

        report = self.report
        if report is not None:
            save_sheets(self.ctx, self, self._file_name("xlsx"),
                        lambda: [trial_balance_sheet(report)], self.status)


def _blank(amount: int) -> str:
    return format_money(amount) if amount else ""
