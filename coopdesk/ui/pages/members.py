"""Anggota: the member list, searched as you type, and the doors to the member form and imports.

The list model holds only the ids of the matching members (one indexed query per keystroke) and
builds rows a block at a time when the view scrolls to them, so ten thousand members open and
filter as fast as a hundred.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import N_, _, format_date, format_number
from coopdesk.members.register import MemberRow
from coopdesk.members.vocab import MIGRANT_LABELS, STATUS_LABELS, label
from coopdesk.ui.context import AppContext

BLOCK = 100
SEARCH_DELAY_MS = 120
STATUS_FILTERS = (("current", N_("Members and prospective")), ("anggota", N_("Members")),
                  ("calon", N_("Prospective members")), ("keluar", N_("Left")),
                  ("all", N_("Everyone")))
_FILTER_STATUSES = {"current": ["anggota", "calon"], "anggota": ["anggota"],
                    "calon": ["calon"], "keluar": ["keluar"], "all": None}
COLUMNS = (N_("No."), N_("Name"), N_("NIK"), N_("L/P"), N_("Village"), N_("Status"),
           N_("Migrant status"), N_("Joined"))

Index = QModelIndex | QPersistentModelIndex


class MemberListModel(QAbstractTableModel):
    """Keys first, rows on demand: `set_ids` after a search, rows fetched `BLOCK` at a time."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ids: list[int] = []
        self._rows: dict[int, MemberRow] = {}

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = ids
        self._rows = {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None

    def row_at(self, row: int) -> MemberRow | None:
        if not 0 <= row < len(self.ids):
            return None
        member_id = self.ids[row]
        if member_id not in self._rows:
            self._fetch_block(row - row % BLOCK)
        return self._rows.get(member_id)

    def _fetch_block(self, start: int) -> None:
        from coopdesk.members.register import rows_by_ids

        wanted = self.ids[start : start + BLOCK]
        with self.ctx.book.read() as session:
            for r in rows_by_ids(session, wanted):
                self._rows[r.id] = r

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.row_at(index.row())
        if r is None:
            return None
        return (r.member_no, r.name, r.nik or "", r.gender or "", r.village or "",
                label(STATUS_LABELS, r.status), label(MIGRANT_LABELS, r.migrant_status),
                format_date(r.joined_on, "short") if r.joined_on else "")[index.column()]


class MembersPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel(_("Members"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addLayout(self._bar())
        self.model = MemberListModel(ctx, self)
        self.table = QTableView()
        self.table.setObjectName("memberTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 80), (2, 160), (3, 40), (4, 120), (5, 110), (6, 190), (7, 80)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("memberSearch")
        self.search.setPlaceholderText(_("Search by name, member number, NIK or village"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._open_first)
        bar.addWidget(self.search, 2)
        self.filter = QComboBox()
        for key, text in STATUS_FILTERS:
            self.filter.addItem(_(text), key)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.filter)
        self.new_button = QPushButton(_("New member…"))
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_member)
        bar.addWidget(self.new_button)
        self.import_button = QPushButton(_("Import…"))
        self.import_button.clicked.connect(self.import_file)
        bar.addWidget(self.import_button)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.clicked.connect(self.export_file)
        bar.addWidget(self.export_button)
        return bar

    def _on_changed(self, area: str) -> None:
        if area in ("members", "savings"):
            self.refresh()

    def refresh(self) -> None:
        from coopdesk.members.register import count_members, search_ids

        statuses = _FILTER_STATUSES[self.filter.currentData() or "current"]
        with self.ctx.book.read() as session:
            ids = search_ids(session, self.search.text(), statuses=statuses)
            total = count_members(session)
        self.model.set_ids(ids)
        self.status.setText(_("{shown} of {total} members shown").format(
            shown=format_number(len(ids)), total=format_number(total)))

    def selected(self) -> MemberRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _open_first(self) -> None:
        if self.model.ids:
            self.table.selectRow(0)
            self.open_selected()

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_member(row.member_no)

    def open_member(self, member_no: str | None) -> None:
        from coopdesk.ui.pages.members_form import MemberDialog

        dialog = MemberDialog(self.ctx, member_no, self)
        if dialog.exec():
            self.ctx.changed.emit("members")

    def new_member(self) -> None:
        self.open_member(None)

    def import_file(self) -> None:
        from coopdesk.ui.pages.members_import import ImportDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import members"), "", _("Spreadsheets (*.xlsx *.csv)"))
        if path:
            dialog = ImportDialog(self.ctx, Path(path), self)
            if dialog.exec():
                self.ctx.changed.emit("members")

    def export_file(self) -> None:
        from coopdesk.members.importing import export_members

        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export members"), "anggota.xlsx", _("Spreadsheets (*.xlsx *.csv)"))
        if not path:
            return
        target = Path(path)
        self.ctx.run_task(lambda _p: self.ctx.book.write(lambda s: export_members(s, target)),
                          title=_("Writing the member list…"),
                          on_done=lambda n: self.status.setText(
                              _("Exported {n} rows to {path}.").format(n=n, path=target)))
