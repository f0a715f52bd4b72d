"""Pinjaman: the loans, a new loan with its schedule shown live, and arrears by kolektibilitas.

The list colours what needs attention: a late loan amber, a loan in a problem class red, a
closed one grey. Choosing a loan shows its figures, its instalments (late ones marked) and its
transactions, with the actions its state allows — approve, pay out, receive a repayment (the
split is shown before saving), pay off, reschedule, write off — and its papers as PDF.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import N_, _, format_date, format_money
from coopdesk.ui.context import AppContext

GREEN, RED, AMBER, GREY, INK = "#1b7f3b", "#b42318", "#b54708", "#7b8794", "#1f2933"
LATE_BG, PROBLEM_BG = "#fff4e5", "#fdecea"
FILTERS = (("open", N_("Running and waiting")), ("active", N_("Running")),
           ("late", N_("Late")), ("applied", N_("Waiting for approval")),
           ("closed", N_("Paid off")), ("written_off", N_("Written off")), ("all", N_("All")))


def table(headers: list[str], numeric: tuple[int, ...] = ()) -> QTableWidget:
    """A read-only table that selects whole rows."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.setProperty("numeric", numeric)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return t


def put(t: QTableWidget, row: int, column: int, text: str, *, colour: str | None = None,
        background: str | None = None, bold: bool = False, data: Any = None) -> None:
    item = QTableWidgetItem(text)
    if column in (t.property("numeric") or ()):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if colour:
        item.setForeground(QColor(colour))
    if background:
        item.setBackground(QColor(background))
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    t.setItem(row, column, item)


def money(amount: int) -> str:
    return format_money(amount) if amount else "-"


class LoansPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        title = QLabel(_("Loans"))
        title.setObjectName("pageTitle")
        top.addWidget(title)
        top.addStretch(1)
        from coopdesk.ui.pages.loans_arrears import ArrearsTab
        from coopdesk.ui.pages.loans_form import NewLoanForm

        self.tabs = QTabWidget()
        self.list = LoanList(ctx)
        self.form = NewLoanForm(ctx)
        self.form.applied.connect(self._applied)
        self.arrears = ArrearsTab(ctx)
        self.arrears.open_loan.connect(self._open_loan)
        self.tabs.addTab(self.list, _("Loans"))
        self.tabs.addTab(self.form, _("New loan"))
        self.tabs.addTab(self.arrears, _("Arrears and quality"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        new = QPushButton(_("New loan"))
        new.setObjectName("primary")
        new.clicked.connect(lambda: self.tabs.setCurrentWidget(self.form))
        top.addWidget(new)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        # The main window calls refresh() when anything changes while this page shows.
        self.refresh()

    def show_section(self, section: str) -> None:
        tabs = {"daftar": self.list, "baru": self.form, "tunggakan": self.arrears}
        if section in tabs:
            self.tabs.setCurrentWidget(tabs[section])

    def refresh(self) -> None:
        current = self.tabs.currentWidget()
        if hasattr(current, "refresh"):
            current.refresh()

    def _applied(self, loan_id: int) -> None:
        self.tabs.setCurrentWidget(self.list)
        self.list.select_after_load = loan_id
        self.list.refresh()

    def _open_loan(self, loan_id: int) -> None:
        self._applied(loan_id)


class LoanList(QWidget):
    """The loans on the left, the chosen loan on the right."""

    COLUMNS = (N_("Loan"), N_("Member"), N_("Principal owed"), N_("Days late"), N_("Status"))

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.rows: list[Any] = []
        self.late: dict[int, Any] = {}
        self.select_after_load: int | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.filter = QComboBox()
        for key, label in FILTERS:
            self.filter.addItem(_(label), key)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search name, member number or loan number"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.count = QLabel()
        self.count.setObjectName("muted")
        bar.addWidget(self.filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        # The figures' headings on two lines: the members' names get the width instead.
        self.table = table([_(c).replace(" ", "\n", 1) if i in (2, 3) else _(c)
                            for i, c in enumerate(self.COLUMNS)], numeric=(2, 3))
        self.table.itemSelectionChanged.connect(self._selected)
        splitter.addWidget(self.table)
        from coopdesk.ui.pages.loans_detail import LoanDetailPanel

        self.detail = LoanDetailPanel(ctx)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 600])  # the list shows days late and status without scrolling
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        from coopdesk.ledger.loans import quality, views

        book, key, search = self.ctx.book, self.filter.currentData(), self.search.text()
        status = None if key in ("all", "open", "late") else key

        def load(_progress: object) -> tuple[list[Any], dict[int, Any]]:
            with book.read() as s:
                rows = views.list_loans(s, status=status, search=search or None)
                late = {r.loan_id: r for r in quality.arrears(s, date.today())}
            if key == "open":
                rows = [r for r in rows if r.status in ("active", "applied", "approved")]
            if key == "late":
                rows = [r for r in rows if late.get(r.id) and late[r.id].days_past_due > 0]
            return rows, late

        self.ctx.run_task(load, title=_("Reading the loans…"), on_done=self._show,
                          cancellable=False)
        self.stale = False

    def _show(self, value: tuple[list[Any], dict[int, Any]]) -> None:
        from coopdesk.ledger.loans.policy import PROBLEM_CLASSES
        from coopdesk.ledger.loans.views import STATUS_LABELS

        self.rows, self.late = value
        t = self.table
        t.blockSignals(True)
        t.setRowCount(len(self.rows))
        chosen = -1
        for row, v in enumerate(self.rows):
            a = self.late.get(v.id)
            days = a.days_past_due if a else 0
            background = None
            if a is not None and a.kolektibilitas in PROBLEM_CLASSES:
                background = PROBLEM_BG
            elif days > 0:
                background = LATE_BG
            colour = GREY if v.status in ("closed", "rejected", "cancelled") else INK
            if v.status == "written_off":
                colour = RED
            cells = (v.loan_no, f"{v.member_name} ({v.member_no})", money(v.outstanding),
                     str(days) if days else "", _(STATUS_LABELS[v.status]))
            for column, text in enumerate(cells):
                put(t, row, column, text, colour=RED if column == 3 and days else colour,
                    background=background, bold=column == 3 and days > 0, data=v.id)
            if v.id == self.select_after_load:
                chosen = row
        t.blockSignals(False)
        self.count.setText(_("{n} loans").format(n=len(self.rows)))
        if chosen >= 0:
            t.selectRow(chosen)
            self.select_after_load = None
        elif self.rows and t.currentRow() < 0:
            t.selectRow(0)
        elif not self.rows:
            self.detail.load(None)

    def _selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.detail.load(self.rows[row].id)


def figure_grid(pairs: list[tuple[str, str]], columns: int = 3) -> QGridLayout:
    """Key figures: a muted label over a large figure, in a grid."""
    grid = QGridLayout()
    for i, (label, value) in enumerate(pairs):
        name = QLabel(label)
        name.setObjectName("figureLabel")
        figure = QLabel(value)
        figure.setObjectName("figure")
        figure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(name, (i // columns) * 2, i % columns)
        grid.addWidget(figure, (i // columns) * 2 + 1, i % columns)
    return grid


def status_line(text: str, colour: str = GREEN) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour}; font-weight: bold;")
    return label


def clear_layout(layout: Any) -> None:
    """Remove and delete everything in `layout` (a layout being rebuilt with new figures)."""
    while layout is not None and layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


def date_text(value: date | None) -> str:
    return format_date(value) if value else "-"
