"""Jurnal: every line of the journal, filtered by period, account and words; new entries and
reversals. The table is lazy (`coopdesk.ui.journal_model`), so a book of a million entries opens
as fast as a small one; it opens at the newest entries."""

from __future__ import annotations

import logging
from datetime import date

from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import N_, _, format_number
from coopdesk.ledger.journal_query import JournalFilter, PostingRow
from coopdesk.ui.context import AppContext, Task
from coopdesk.ui.journal_model import STRIDE, JournalModel
from coopdesk.ui.widgets import AccountPicker, DateEdit, confirm, inform

ROW_HEIGHT = 26
LANDMARK_DELAY_MS = 800
PERIODS = (("all", N_("All dates")), ("month", N_("This month")),
           ("last_month", N_("Last month")), ("year", N_("This year")),
           ("custom", N_("Choose dates")))


def period_dates(key: str, today: date) -> tuple[date | None, date | None]:
    if key == "month":
        return today.replace(day=1), today
    if key == "last_month":
        first = today.replace(day=1) - relativedelta(months=1)
        return first, today.replace(day=1) - relativedelta(days=1)
    if key == "year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    return None, None


def _landmarks_failed(exc: BaseException) -> None:
    # Landmarks only speed up jumps; without them the journal still works, from either end.
    from coopdesk.progress import Cancelled

    if not isinstance(exc, Cancelled):
        logging.getLogger(__name__).warning("journal landmarks failed", exc_info=exc)


class JournalPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = JournalModel(ctx.book, self)
        self.scroll_to_end = True
        self._landmark_task: Task | None = None
        self._landmark_timer = QTimer(self)
        self._landmark_timer.setSingleShot(True)
        self._landmark_timer.setInterval(LANDMARK_DELAY_MS)
        self._landmark_timer.timeout.connect(
            lambda: self._find_landmarks(self.model.filter, self.model.count))
        self._accounts: list[tuple[str, str]] = []
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(350)
        self._debounce.timeout.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        title = QLabel(_("Journal"))
        title.setObjectName("pageTitle")
        top.addWidget(title)
        top.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search description, number or reference"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        top.addWidget(self.search)
        self.new_button = QPushButton(_("New entry…"))
        self.new_button.setObjectName("primary")
        self.new_button.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_button.clicked.connect(self.new_entry)
        self.reverse_button = QPushButton(_("Reverse the entry…"))
        self.reverse_button.setEnabled(False)
        self.reverse_button.clicked.connect(self.reverse_selected)
        top.addWidget(self.reverse_button)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        layout.addLayout(self._filter_bar())
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.load_accounts()
        self.refresh()

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.period = QComboBox()
        for key, label in PERIODS:
            self.period.addItem(_(label), key)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.start = DateEdit(date.today().replace(day=1))
        self.end = DateEdit(date.today())
        for edit in (self.start, self.end):
            edit.setVisible(False)
            edit.dateChanged.connect(lambda _d: self._debounce.start())
        self.account = AccountPicker(blank=_("All accounts"))
        self.account.currentIndexChanged.connect(lambda _i: self._debounce.start())
        self.to_label = QLabel(_("to"))
        self.to_label.setVisible(False)
        for w in (QLabel(_("Period")), self.period, self.start, self.to_label, self.end,
                  QLabel(_("Account")), self.account):
            bar.addWidget(w)
        bar.addStretch(1)
        return bar

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.setShowGrid(False)
        # Fixed row heights: the view never measures rows, so it never asks for all of them.
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 110), (1, 110), (3, 230), (4, 80), (5, 130), (6, 130)):
            header.resizeSection(column, width)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        bar = table.verticalScrollBar()
        bar.sliderPressed.connect(lambda: self.model.set_deferred(True))
        bar.sliderReleased.connect(lambda: self.model.set_deferred(False))
        table.doubleClicked.connect(lambda _i: self.show_selected())
        return table

    # -- filtering --------------------------------------------------------------------------

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        for w in (self.start, self.to_label, self.end):
            w.setVisible(custom)
        self._debounce.start()

    def current_filter(self) -> JournalFilter:
        key = self.period.currentData()
        start: date | None
        end: date | None
        if key == "custom":
            start, end = self.start.date_value(), self.end.date_value()
        else:
            start, end = period_dates(str(key), date.today())
        return JournalFilter(start=start, end=end, account=self.account.account_code(),
                             text=self.search.text().strip())

    def load_accounts(self) -> None:
        from coopdesk.ledger.accounts import list_accounts

        with self.ctx.book.read() as session:
            rows = list_accounts(session)
        self._accounts = [(a.code, a.label) for a in rows if a.active]
        self.account.blockSignals(True)
        self.account.set_accounts([(a.code, a.label) for a in rows])
        self.account.blockSignals(False)

    def refresh(self) -> None:
        flt = self.current_filter()
        model = self.model
        self.ctx.run_task(lambda _progress: model.load_count(flt),
                          title=_("Reading the journal…"),
                          on_done=lambda count: self._show(flt, count))

    def _show(self, flt: JournalFilter, count: int) -> None:
        self.model.reset(flt, count)
        if count == 0:
            self.status.setText(_("No journal lines match.") if not flt.is_empty
                                else _("The journal is empty."))
        else:
            self.status.setText(_("{count} journal lines").format(count=format_number(count)))
        if self.scroll_to_end:
            self.table.scrollToBottom()
        self._selection_changed()
        if self._landmark_task is not None:
            self._landmark_task.cancel()
            self._landmark_task = None
        # A moment later: the first screenful comes first, and quick filter changes never start
        # a scan they would cancel at once.
        self._landmark_timer.start()

    def _find_landmarks(self, flt: JournalFilter, count: int) -> None:
        """In the background, note a key every STRIDE lines so a jump of the scroll bar deep
        into a long journal starts near its target instead of counting from an end."""
        if self._landmark_task is not None:
            self._landmark_task.cancel()
            self._landmark_task = None
        if count < 2 * STRIDE:
            return
        model = self.model
        self._landmark_task = self.ctx.run_task(
            lambda progress: model.find_landmarks(flt, count, progress),
            title=_("Reading the journal…"), silent=True,
            on_done=lambda keys: model.set_landmarks(flt, count, keys),
            on_error=_landmarks_failed)

    # -- the selected entry -----------------------------------------------------------------

    def selected_row(self) -> PostingRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def _selection_changed(self, *_args: object) -> None:
        self.reverse_button.setEnabled(self.selected_row() is not None)

    def show_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        from coopdesk.ledger import journal
        from coopdesk.ui.entry_view import EntryView

        with self.ctx.book.read() as session:
            entry = journal.get_entry(session, row.entry_id)
        EntryView(entry, self).exec()

    # -- actions ----------------------------------------------------------------------------

    def new_entry(self) -> None:
        from coopdesk.ui.entry_dialog import EntryDialog

        dialog = EntryDialog(self.ctx, self._accounts, self)
        if dialog.exec() and dialog.posted is not None:
            self.ctx.changed.emit("journal")
            self.status.setText(_("Entry {ref} was posted.").format(ref=dialog.posted.reference))

    def reverse_selected(self) -> None:
        from coopdesk.ledger import journal

        row = self.selected_row()
        if row is None:
            return
        if not confirm(self, _("Reverse entry {ref} “{memo}”?").format(
                ref=row.reference, memo=row.entry_memo),
                yes=_("Reverse it"), no=_("Keep it"),
                detail=_("A new entry that cancels every line will be posted. The original "
                         "entry stays in the book, as the law requires.")):
            return
        try:
            posted = self.ctx.book.write(lambda s: journal.reverse_entry(s, row.entry_id))
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed.emit("journal")
        inform(self, _("Entry {ref} was reversed by the new entry {new}.").format(
            ref=row.reference, new=posted.reference), title=_("Entry reversed"))
