"""Laporan › Financial statements › closing the year (with its checklist, and reopening with a
recorded reason) and the members' meeting pack (built with progress and Cancel, then previewed,
printed or saved)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _, format_money
from coopdesk.ledger.closing import Checklist
from coopdesk.ui.context import AppContext
from coopdesk.ui.files import ask_save_path, write_bytes
from coopdesk.ui.pages.reports_statements import YearBox, default_year

MARKS = {"ok": "✔", "problem": "✘", "warning": "!"}
COLORS = {"ok": "#2f855a", "problem": "#c53030", "warning": "#b7791f"}


class ClosePanel(QWidget):
    """The checklist of a year and the buttons to close it, or to reopen a closed one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.check: Checklist | None = None
        self.closed = False
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Financial year")))
        self.year = YearBox()
        self.year.currentIndexChanged.connect(lambda _i: self.load())
        bar.addWidget(self.year)
        bar.addStretch(1)
        layout.addLayout(bar)
        intro = QLabel(_("Closing a year moves its income and expenses to the SHU of the year, "
                         "locks the year so nothing more can be posted in it, and opens the "
                         "next year. Everything below must be in order first."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.items = QListWidget()
        layout.addWidget(self.items, 1)
        self.verdict = QLabel()
        self.verdict.setObjectName("sectionTitle")
        layout.addWidget(self.verdict)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.reopen_button = QPushButton(_("Reopen the year…"))
        self.reopen_button.clicked.connect(self.reopen)
        self.close_button = QPushButton(_("Close the year…"))
        self.close_button.setObjectName("primary")
        self.close_button.clicked.connect(self.close_year)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        from coopdesk.ledger import periods

        with self.ctx.book.read() as s:
            years = periods.list_years(s)
        open_years = [y.year for y in years if not y.closed]
        self.year.fill(years, min(open_years) if open_years else default_year(years))
        self.load()

    def load(self) -> None:
        from coopdesk.ledger import closing

        year, book = self.year.year(), self.ctx.book
        if year is None:
            return

        def work(_progress: object) -> tuple[Checklist, bool]:
            with book.read() as s:
                return closing.checklist(s, year), year in closing.closed_years(s)

        self.ctx.run_task(work, title=_("Checking the year…"), on_done=self._show)

    def _show(self, loaded: tuple[Checklist, bool]) -> None:
        self.check, self.closed = loaded
        year = self.check.year
        self.items.clear()
        for c in self.check.checks:
            kind = "ok" if c.ok else ("problem" if c.blocking else "warning")
            item = QListWidgetItem(f"{MARKS[kind]}  {c.message}")
            item.setForeground(QColor(COLORS[kind]))
            self.items.addItem(item)
        if self.closed:
            self.verdict.setText(_("The year {year} is closed.").format(year=year))
        elif self.check.ready:
            self.verdict.setText(_("The year {year} can be closed.").format(year=year))
        else:
            self.verdict.setText(_("The year {year} cannot be closed yet.").format(year=year))
        self.close_button.setEnabled(self.check.ready and not self.closed)
        self.reopen_button.setEnabled(self.closed)

    def close_year(self) -> None:
        from coopdesk.ledger import closing

        year = self.year.year()
        if year is None or self.check is None or not self.check.ready:
            return
        answer = QMessageBox.question(self, _("Close the year {year}").format(year=year), _(
            "Close the financial year {year}? Nothing more can be posted in it afterwards; "
            "reopening it needs a recorded reason.").format(year=year))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            done = self.ctx.book.write(lambda s: closing.close_year(s, year))
        except Exception as exc:  # a refusal in plain words, or a permission
            self.ctx.show_error(exc)
            return
        self.verdict.setText(_("Closed {year}: SHU of the year {shu}.").format(
            year=year, shu=format_money(done.shu)))
        self.ctx.changed.emit("journal")

    def reopen(self) -> None:
        from coopdesk.ledger import closing

        year = self.year.year()
        if year is None:
            return
        reason, ok = QInputDialog.getText(self, _("Reopen the year {year}").format(year=year),
                                          _("Why must the year be reopened? (recorded)"))
        if not ok:
            return
        try:
            self.ctx.book.write(lambda s: closing.reopen_year(s, year, reason=reason))
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed.emit("journal")


class PackPanel(QWidget):
    """Build the members' meeting pack for a year, then preview, print or save it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: bytes | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Financial year")))
        self.year = YearBox()
        self.year.currentIndexChanged.connect(lambda _i: self._forget())
        bar.addWidget(self.year)
        bar.addStretch(1)
        layout.addLayout(bar)
        about = QLabel(_("The meeting pack holds the four statements signed by the chair, the "
                         "treasurer and the supervisor, the notes, the SHU and its "
                         "distribution, the loan quality, and one page for every member with "
                         "their savings, loan and SHU."))
        about.setWordWrap(True)
        layout.addWidget(about)
        buttons = QHBoxLayout()
        self.build_button = QPushButton(_("Make the meeting pack and preview it…"))
        self.build_button.setObjectName("primary")
        self.build_button.clicked.connect(lambda: self.build(self._preview))
        self.save_button = QPushButton(_("Save the meeting pack as PDF…"))
        self.save_button.clicked.connect(self.save)
        self.members_button = QPushButton(_("Member pages only…"))
        self.members_button.clicked.connect(self.members_only)
        for b in (self.build_button, self.save_button, self.members_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        layout.addWidget(self.status)
        layout.addStretch(1)

    def refresh(self) -> None:
        from coopdesk.ledger import periods

        with self.ctx.book.read() as s:
            years = periods.list_years(s)
        self.year.fill(years, default_year(years))

    def _forget(self) -> None:
        self.data = None

    def build(self, then: Any) -> None:
        from coopdesk.ledger.statements import meeting

        year, book = self.year.year(), self.ctx.book
        if year is None:
            return

        def work(progress: Any) -> bytes:
            with book.read() as s:
                pack = meeting.gather_pack(s, year)
            return meeting.pack_pdf(pack, progress=progress)

        def done(data: bytes) -> None:
            self.data = data
            self.status.setText(_("The meeting pack for {year} is ready ({size:.1f} MB).").format(
                year=year, size=len(data) / 1e6))
            then(data)

        self.ctx.run_task(work, title=_("Making the meeting pack…"), on_done=done)

    def _preview(self, data: bytes) -> None:
        self.ctx.preview_pdf(data, _("Members' meeting pack {year}").format(
            year=self.year.year()))

    def save(self) -> None:
        year = self.year.year()
        if year is None:
            return
        path = ask_save_path(self, f"rat-{year}.pdf", "pdf")
        if path is None:
            return
        if self.data is not None:
            write_bytes(self.ctx, path, self.data, self.status)
        else:
            self.build(lambda data: write_bytes(self.ctx, path, data, self.status))

    def members_only(self) -> None:
        from coopdesk.ledger.statements import member_pages

        year, book = self.year.year(), self.ctx.book
        if year is None:
            return

        def work(progress: Any) -> bytes:
            with book.read() as s:
                pages = member_pages.gather(s, year)
            return member_pages.pages_pdf(pages, progress=progress)

        self.ctx.run_task(work, title=_("Printing the member pages…"), on_done=lambda data:
                          self.ctx.preview_pdf(data, _("Member statements {year}").format(
                              year=year)))
