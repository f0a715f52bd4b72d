"""Laporan › Financial statements: the four statements with the previous year beside, drill-down
from a line to its accounts and their entries; the SHU with its rules and what-if; the year-end
close with its checklist; and the members' meeting pack. Each part is a sub-tab."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _
from coopdesk.ledger.statements.lines import Kind, StatementKind
from coopdesk.ledger.statements.model import Statement, StatementLine
from coopdesk.ui.context import AppContext
from coopdesk.ui.files import ask_save_path, save_sheets, write_bytes
from coopdesk.ui.widgets import DateEdit

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


# --- small shared helpers ----------------------------------------------------------------------


def shown(amount: int | None) -> str:
    from coopdesk.ledger.statements.output import shown as text

    return text(amount)


def make_table(headers: list[str], stretch: int = 0) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return table


def put_row(table: QTableWidget, row: int, cells: list[str], *, bold: bool = False,
            numeric_from: int = 1) -> None:
    for column, text in enumerate(cells):
        item = QTableWidgetItem(text)
        if column >= numeric_from:
            item.setTextAlignment(RIGHT)
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        table.setItem(row, column, item)


class YearBox(QComboBox):
    """The financial years of the book, newest first; `which` narrows them (closed/open)."""

    def __init__(self, which: str = "all", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.which = which

    def fill(self, years: list[Any], prefer: int | None = None) -> None:
        current = self.year() or prefer
        self.blockSignals(True)
        self.clear()
        for y in sorted(years, key=lambda r: -r.year):
            if self.which == "closed" and not y.closed:
                continue
            label = str(y.year) + ("" if y.closed else "  " + _("(open)"))
            self.addItem(label, y.year)
        index = self.findData(current) if current is not None else -1
        self.setCurrentIndex(index if index >= 0 else 0)
        self.blockSignals(False)

    def year(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None


def default_year(years: list[Any]) -> int | None:
    """The year a treasurer most likely wants: the last closed one, else the newest."""
    closed = [y.year for y in years if y.closed]
    return max(closed) if closed else (max(y.year for y in years) if years else None)


# --- the tab -----------------------------------------------------------------------------------


class StatementsTab(QWidget):
    """Sub-tabs: the statements, the SHU, closing the year, the meeting pack."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        from coopdesk.ui.pages.reports_statements_close import ClosePanel, PackPanel
        from coopdesk.ui.pages.reports_statements_shu import ShuPanel

        self.statements = StatementsPanel(ctx)
        self.shu = ShuPanel(ctx)
        self.close_year = ClosePanel(ctx)
        self.pack = PackPanel(ctx)
        self.panels: list[Any] = [self.statements, self.shu, self.close_year, self.pack]
        for panel, label in zip(self.panels, (_("Statements"), _("SHU"),
                                              _("Close the year"), _("Meeting pack (RAT)")),
                                strict=True):
            self.tabs.addTab(panel, label)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs)
        ctx.changed.connect(lambda _area: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.panels[self.tabs.currentIndex()].refresh()


class StatementsPanel(QWidget):
    """One statement at a time, a year and the previous year beside it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.statement: Statement | None = None
        self.shown_lines: list[StatementLine] = []
        layout = QVBoxLayout(self)
        layout.addLayout(self._bar())
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        layout.addWidget(self.title)
        self.table = make_table([_("Description"), "", ""])
        self.table.cellDoubleClicked.connect(self._drill)
        layout.addWidget(self.table, 1)
        hint = QLabel(_("Double-click a line to see the accounts and entries behind it."))
        hint.setObjectName("hint")
        layout.addWidget(hint)
        layout.addLayout(self._buttons())
        self._kind_changed(load=False)

    def _bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Financial year")))
        self.year = YearBox()
        self.year.currentIndexChanged.connect(self._year_changed)
        bar.addWidget(self.year)
        self.kind = QComboBox()
        from coopdesk.ledger.statements.lines import TITLES

        for kind in StatementKind:
            self.kind.addItem(_(TITLES[kind]), kind.value)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        bar.addWidget(self.kind, 1)
        self.as_of_label = QLabel(_("as of"))
        bar.addWidget(self.as_of_label)
        self.as_of = DateEdit(date.today())
        self.as_of.dateChanged.connect(lambda _d: self.load())
        bar.addWidget(self.as_of)
        self.compare = QCheckBox(_("Show the previous year"))
        self.compare.setChecked(True)
        self.compare.toggled.connect(lambda _c: self._show_table())
        bar.addWidget(self.compare)
        return bar

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(_("Preview and print…"))
        self.preview_button.setObjectName("primary")
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton(_("Save as PDF…"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button = QPushButton(_("Save as spreadsheet…"))
        self.xlsx_button.clicked.connect(self.save_xlsx)
        self.notes_button = QPushButton(_("Notes…"))
        self.notes_button.clicked.connect(self.edit_notes)
        for b in (self.preview_button, self.pdf_button, self.xlsx_button, self.notes_button):
            b.setEnabled(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.setup_button = QPushButton(_("Signatures and lines…"))
        self.setup_button.clicked.connect(self.setup)
        buttons.addWidget(self.setup_button)
        self.status = QLabel()
        buttons.addWidget(self.status)
        return buttons

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        from coopdesk.ledger import periods

        with self.ctx.book.read() as s:
            years = periods.list_years(s)
        self.year.fill(years, default_year(years))
        self._year_changed()

    def _kind(self) -> StatementKind:
        return StatementKind(self.kind.currentData())

    def _kind_changed(self, load: bool = True) -> None:
        is_bs = self._kind() is StatementKind.BALANCE_SHEET
        self.as_of_label.setVisible(is_bs)
        self.as_of.setVisible(is_bs)
        if load:
            self.load()

    def _year_changed(self) -> None:
        year = self.year.year()
        if year is not None:
            self.as_of.blockSignals(True)
            self.as_of.set_date(min(date(year, 12, 31), max(date.today(), date(year, 1, 1))))
            self.as_of.blockSignals(False)
        self.load()

    def load(self) -> None:
        from coopdesk.ledger.statements import build

        year, kind, as_of = self.year.year(), self._kind(), self.as_of.date_value()
        if year is None:
            return
        book = self.ctx.book

        def work(_progress: object) -> Statement:
            with book.read() as s:
                return build(s, kind, year, as_of=as_of if kind is
                             StatementKind.BALANCE_SHEET else None)

        self.ctx.run_task(work, title=_("Adding up the accounts…"), on_done=self._loaded)

    def _loaded(self, st: Statement) -> None:
        self.statement = st
        self._show_table()
        for b in (self.preview_button, self.pdf_button, self.xlsx_button, self.notes_button):
            b.setEnabled(True)

    def _show_table(self) -> None:
        from coopdesk.ledger.statements.output import column_labels, period_text

        st = self.statement
        if st is None:
            return
        self.title.setText(f"{st.title} — {period_text(st)}")
        now, before = column_labels(st)
        self.table.setHorizontalHeaderLabels([_("Description"), now, before])
        self.table.setColumnHidden(2, not self.compare.isChecked())
        self.shown_lines = [ln for ln in st.lines
                            if ln.kind is not Kind.ITEM or ln.amount or ln.previous]
        self.table.setRowCount(len(self.shown_lines))
        for row, ln in enumerate(self.shown_lines):
            indent = "    " * (ln.level if ln.kind is Kind.ITEM else max(ln.level - 1, 0))
            put_row(self.table, row, [indent + ln.name, shown(ln.amount), shown(ln.previous)],
                    bold=ln.kind is not Kind.ITEM)
            if ln.kind is Kind.TOTAL:
                for column in range(3):
                    item = self.table.item(row, column)
                    if item is None:
                        continue
                    font: QFont = item.font()
                    font.setPointSizeF(font.pointSizeF() + 1)
                    item.setFont(font)

    # -- drill-down -------------------------------------------------------------------------

    def _drill(self, row: int, _column: int) -> None:
        if self.statement is None or not 0 <= row < len(self.shown_lines):
            return
        line = self.shown_lines[row]
        if line.kind is not Kind.ITEM or not line.accounts:
            return
        from coopdesk.ui.pages.reports_statements_drill import LineDialog

        LineDialog(self.ctx, self.statement, line, self).exec()

    # -- output -----------------------------------------------------------------------------

    def _with_pdf(self, then: Callable[[bytes], object]) -> None:
        from coopdesk.ledger.statements import pdf
        from coopdesk.pdf import Letterhead

        st, book = self.statement, self.ctx.book
        assert st is not None

        def work(_progress: object) -> bytes:
            with book.read() as s:
                head, signers = Letterhead.from_book(s), pdf.Signers.from_book(s)
            return pdf.statement_pdf(st, head, signers)

        self.ctx.run_task(work, title=_("Preparing the PDF…"), on_done=then)

    def preview(self) -> None:
        if self.statement is not None:
            title = self.statement.title
            self._with_pdf(lambda data: self.ctx.preview_pdf(data, title))

    def _file_name(self, suffix: str) -> str:
        assert self.statement is not None
        return f"{self.statement.kind.value}-{self.statement.end.isoformat()}.{suffix}"

    def save_pdf(self) -> None:
        if self.statement is None:
            return
        path = ask_save_path(self, self._file_name("pdf"), "pdf")
        if path is not None:
            self._with_pdf(lambda data: write_bytes(self.ctx, path, data, self.status))

    def save_xlsx(self) -> None:
        from coopdesk.ledger.statements.output import statement_sheet

        statement = self.statement
        if statement is not None:
            save_sheets(self.ctx, self, self._file_name("xlsx"),
                        lambda: [statement_sheet(statement)], self.status)

    def setup(self) -> None:
        from coopdesk.ui.pages.reports_statements_setup import SetupDialog

        SetupDialog(self.ctx, self).exec()

    def edit_notes(self) -> None:
        """The notes of the year: the board's own parts to write, and a preview."""
        from coopdesk.ui.pages.reports_statements_notes import NotesDialog

        year = self.year.year()
        if year is not None:
            NotesDialog(self.ctx, year, self).exec()
