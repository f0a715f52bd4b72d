"""The supervisor's view of the audit trail (a Laporan tab): who changed what and when, filtered by
user, dates and kind; a check of the hash chain; and the list saved as a spreadsheet or PDF.
The same records and the same files as `coopdesk audit list` and `coopdesk audit verify`.

Only roles that may read the trail (the chair and the supervisor) see it; others are told so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk import audit
from coopdesk.access import Capability
from coopdesk.i18n import _, format_datetime
from coopdesk.ui.context import AppContext
from coopdesk.ui.files import ask_save_path
from coopdesk.ui.widgets import DateEdit

SHOWN = 1000  # newest first; the export holds every matching record


@dataclass(frozen=True)
class _Loaded:
    rows: list[audit.AuditRow]
    total: int
    users: list[str]
    kinds: list[str]


class AuditTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded: _Loaded | None = None
        layout = QVBoxLayout(self)
        if not ctx.book.actor.can(Capability.AUDIT):
            note = QLabel(_("Only the chair and the supervisor can read the audit trail."))
            note.setObjectName("placeholderNote")
            layout.addWidget(note)
            layout.addStretch(1)
            self.table = None
            return
        layout.addLayout(self._filters())
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("No."), _("Time"), _("User"), _("Action"),
                                              _("What changed")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.refresh()

    def _filters(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.user = QComboBox()
        self.kind = QComboBox()
        for combo in (self.user, self.kind):
            combo.addItem(_("all"), None)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.since = DateEdit(date.today() - timedelta(days=30))
        self.until = DateEdit(date.today())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: self.refresh())
        for label, widget in ((_("User"), self.user), (_("Kind"), self.kind),
                              (_("From"), self.since), (_("to"), self.until)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addStretch(1)
        self.verify_button = QPushButton(_("Check the chain"))
        self.verify_button.setObjectName("primary")
        self.verify_button.clicked.connect(self.verify)
        self.xlsx_button = QPushButton(_("Save as spreadsheet…"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button = QPushButton(_("Save as PDF…"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        for button in (self.verify_button, self.xlsx_button, self.pdf_button):
            bar.addWidget(button)
        return bar

    def current_filter(self) -> audit.AuditFilter:
        return audit.AuditFilter(username=self.user.currentData(),
                                 since=self.since.date_value(), until=self.until.date_value(),
                                 kind=self.kind.currentData())

    def refresh(self) -> None:
        if self.table is None:
            return
        book, f = self.ctx.book, self.current_filter()

        def load(_progress: object) -> _Loaded:
            with book.read() as s:
                return _Loaded(audit.list_records(s, f, limit=SHOWN), audit.count_records(s, f),
                               audit.usernames(s), audit.kinds(s))

        self.ctx.run_task(load, title=_("Reading the audit trail…"), on_done=self._show,
                          silent=True)

    def _show(self, loaded: _Loaded) -> None:
        assert self.table is not None
        self.loaded = loaded
        _fill(self.user, loaded.users)
        _fill(self.kind, loaded.kinds)
        self.table.setRowCount(len(loaded.rows))
        for r, rec in enumerate(loaded.rows):
            cells = (str(rec.id), format_datetime(rec.at.astimezone(), "short"),
                     f"{rec.username} ({rec.role})",
                     rec.action + (f" {rec.entity_id}" if rec.entity_id else ""), rec.change)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if c < 4 else f"{rec.before or ''}\n→ {rec.after or ''}")
                self.table.setItem(r, c, item)
        self.status.setText(_("{shown} of {total} records shown, newest first.").format(
            shown=len(loaded.rows), total=loaded.total))

    def verify(self) -> None:
        book = self.ctx.book

        def check(_progress: object) -> audit.ChainCheck:
            with book.read() as s:
                return audit.verify(s)

        self.ctx.run_task(check, title=_("Checking the audit trail…"), on_done=self._verified)

    def _verified(self, check: audit.ChainCheck) -> None:
        from coopdesk.ui.messages import inform, warn

        if check.ok:
            inform(self, _("The audit trail is whole: {n} records checked.").format(
                n=check.records), title=_("Audit trail"))
        else:
            warn(self, _("The audit trail is BROKEN at record {id}: it was changed, removed or "
                         "inserted outside coopdesk. Records before it are intact.").format(
                             id=check.first_broken), title=_("Audit trail"))

    def export(self, kind: str) -> None:
        stem = _("audit-trail")  # a file name, in the user's language
        path = ask_save_path(self, f"{stem}.{kind}", kind)
        if path is None:
            return
        book, f = self.ctx.book, self.current_filter()

        def build(_progress: object) -> Path:
            from coopdesk.pdf import Letterhead
            from coopdesk.tabular import atomic_write_bytes, write_xlsx

            with book.read() as s:
                rows = audit.list_records(s, f, newest_first=False)
                if kind == "xlsx":
                    write_xlsx(path, [audit.audit_sheet(rows)])
                    return path
                data = audit.audit_pdf(rows, Letterhead.from_book(s), f, audit.verify(s))
            atomic_write_bytes(path, data)
            return path

        self.ctx.run_task(build, title=_("Saving the audit trail…"),
                          on_done=lambda p: self.status.setText(_("Saved: {path}").format(
                              path=p)))


def _fill(combo: QComboBox, values: list[str]) -> None:
    """Refill a filter's choices, keeping the one chosen."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(_("all"), None)
    for value in values:
        combo.addItem(value, value)
    index = combo.findData(chosen)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
