"""Importing members: the whole file is checked first and every problem shown in a table, with
its row and column, before anything is saved; the import itself is all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _
from coopdesk.members.importing import ImportPreview, ImportResult
from coopdesk.ui.context import AppContext


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.preview: ImportPreview | None = None
        self.imported: ImportResult | None = None
        self.setWindowTitle(_("Import members from {name}").format(name=path.name))
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        self.summary = QLabel(_("Checking the file…"))
        self.summary.setObjectName("cardTitle")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("importProblems")
        self.table.setHorizontalHeaderLabels([_("Row"), _("Column"), _("What to fix")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.run_import)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.check()

    def check(self) -> None:
        from coopdesk.members.importing import preview_import

        book, path = self.ctx.book, self.path

        def work(progress: object) -> ImportPreview:
            with book.read() as session:
                return preview_import(session, path, progress=progress)  # type: ignore[arg-type]

        self.ctx.run_task(work, title=_("Checking the file…"), on_done=self.show_preview,
                          on_error=self.show_failure)

    def show_failure(self, exc: BaseException) -> None:
        from coopdesk.errors import ValidationError
        from coopdesk.ui.messages import error_text

        self.summary.setText(error_text(exc))
        if isinstance(exc, ValidationError):
            self._fill([(str(p.row or ""), p.column or "", p.reason) for p in exc.problems])

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        if preview.problems:
            self.summary.setText(_("Nothing can be imported yet: the file has {n} problems. Fix "
                                   "them in the file and import it again.").format(
                n=len(preview.problems)))
            rows = [(str(p.row or ""), p.column or "", p.reason) for p in preview.problems]
        else:
            self.summary.setText(_("The file is good: {members} new members and {placements} new "
                                   "placements. Press Import to save them.").format(
                members=preview.members_new, placements=preview.placements_new))
            rows = [(str(p.row or ""), p.column or "", _("Check: {warning}").format(
                warning=p.reason)) for p in preview.warnings]
        self._fill(rows)
        self.import_button.setEnabled(preview.ok and (preview.members_new > 0
                                                      or preview.placements_new > 0))

    def _fill(self, rows: list[tuple[str, str, str]]) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def run_import(self) -> None:
        from coopdesk.members.importing import import_members

        book, path = self.ctx.book, self.path
        self.import_button.setEnabled(False)

        def work(progress: object) -> ImportResult:
            return book.write(lambda s: import_members(s, path, progress=progress))  # type: ignore[arg-type]

        self.ctx.run_task(work, title=_("Importing members…"), on_done=self._imported,
                          on_error=self.show_failure)

    def _imported(self, result: ImportResult) -> None:
        self.imported = result
        self.summary.setText(_("Imported {members} new members and {placements} new placements "
                               "from {rows} rows.").format(members=result.members_added,
                                                           placements=result.placements_added,
                                                           rows=result.rows))
        self.accept()
