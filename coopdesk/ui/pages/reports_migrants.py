"""Laporan › Pekerja migran: the ministry's table of a year's placements, by destination or
education, with each column's percentages; and the children left behind by age and caregiver.
The same data and PDFs as `coopdesk report migrants` and `coopdesk report children`."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _, format_percent
from coopdesk.members.migrant_report import COUNT_COLUMNS, ChildrenReport, MinistryTable
from coopdesk.money import decimal_to_fixed
from coopdesk.ui.context import AppContext
from coopdesk.ui.files import save_sheets
from coopdesk.ui.widgets import DateEdit

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _table(name: str) -> QTableWidget:
    table = QTableWidget(0, 0)
    table.setObjectName(name)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    return table


class MigrantsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ministry: MinistryTable | None = None
        self.children_report: ChildrenReport | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Placements departed in")))
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        bar.addWidget(self.year)
        self.by = QComboBox()
        self.by.addItem(_("by destination country"), "country")
        self.by.addItem(_("by education"), "education")
        self.by.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.by)
        bar.addStretch(1)
        self.pdf_button = QPushButton(_("Preview and print…"))
        self.pdf_button.clicked.connect(self.preview)
        self.xlsx_button = QPushButton(_("Save as spreadsheet…"))
        self.xlsx_button.clicked.connect(self.save_xlsx)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        layout.addLayout(bar)
        self.table = _table("ministryTable")
        layout.addWidget(self.table, 3)
        layout.addWidget(self._children_bar())
        self.children_table = _table("childrenTable")
        layout.addWidget(self.children_table, 2)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.refresh()

    def _children_bar(self) -> QWidget:
        box = QWidget()
        bar = QHBoxLayout(box)
        bar.setContentsMargins(0, 8, 0, 0)
        heading = QLabel(_("Children left behind (under 18, a parent working abroad) on"))
        heading.setObjectName("cardTitle")
        bar.addWidget(heading)
        self.as_of = DateEdit(date.today())
        self.as_of.dateChanged.connect(lambda _d: self.refresh_children())
        bar.addWidget(self.as_of)
        bar.addStretch(1)
        self.children_pdf = QPushButton(_("Print the list…"))
        self.children_pdf.clicked.connect(self.preview_children)
        bar.addWidget(self.children_pdf)
        return box

    def refresh(self) -> None:
        from coopdesk.members.migrant_report import placements_by

        with self.ctx.book.read() as session:
            self.ministry = placements_by(session, self.by.currentData(), self.year.value())
        self._show_ministry(self.ministry)
        self.refresh_children()

    def _show_ministry(self, t: MinistryTable) -> None:
        from coopdesk.members.report_output import ministry_headers

        first = _("Country") if t.by == "country" else _("Education")
        self.table.setColumnCount(1 + len(COUNT_COLUMNS))
        self.table.setHorizontalHeaderLabels([first, *ministry_headers()])
        rows = [*t.rows, t.total]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(row.name))
            for c, column in enumerate(COUNT_COLUMNS, start=1):
                count = getattr(row, column)
                share = format_percent(decimal_to_fixed(t.percent(row, column), 1), decimals=1)
                item = QTableWidgetItem(f"{count}  ({share})" if count else "–")
                item.setTextAlignment(RIGHT)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 1 + len(COUNT_COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.note.setText(_("Each cell: the number of placements and, in brackets, its share of "
                            "the column. F = women, M = men."))

    def refresh_children(self) -> None:
        from coopdesk.access import can_see_sensitive
        from coopdesk.members.migrant_report import children_left_behind
        from coopdesk.members.report_output import age_group_labels, children_matrix

        with self.ctx.book.read() as session:
            if not can_see_sensitive(session):
                self.children_table.setRowCount(0)
                self.children_pdf.setEnabled(False)
                return
            self.children_report = children_left_behind(session, self.as_of.date_value())
        caregivers, matrix = children_matrix(self.children_report)
        groups = age_group_labels()
        self.children_table.setColumnCount(2 + len(caregivers))
        self.children_table.setHorizontalHeaderLabels([_("Age"), *caregivers, _("Total")])
        shown = [(groups[g], row) for g, row in enumerate(matrix) if row[-1]]
        self.children_table.setRowCount(len(shown))
        for r, (group, row) in enumerate(shown):
            self.children_table.setItem(r, 0, QTableWidgetItem(group))
            for c, count in enumerate(row, start=1):
                item = QTableWidgetItem(str(count) if count else "–")
                item.setTextAlignment(RIGHT)
                self.children_table.setItem(r, c, item)
        header = self.children_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.children_pdf.setEnabled(bool(self.children_report.children))

    def preview(self) -> None:
        from coopdesk.members.report_output import ministry_pdf, ministry_title

        ministry = self.ministry
        if ministry is not None:
            self.ctx.preview_report(lambda head: ministry_pdf(ministry, head),
                                    ministry_title(ministry))

    def save_xlsx(self) -> None:
        from coopdesk.members.report_output import ministry_sheet

        ministry = self.ministry
        if ministry is not None:
            stem = _("placements")  # a file name, in the user's language
            save_sheets(self.ctx, self, f"{stem}-{ministry.year}.xlsx",
                        lambda: [ministry_sheet(ministry)])

    def preview_children(self) -> None:
        from coopdesk.members.report_output import children_pdf

        children = self.children_report
        if children is not None:
            self.ctx.preview_report(lambda head: children_pdf(children, head),
                                    _("Children left behind"))
