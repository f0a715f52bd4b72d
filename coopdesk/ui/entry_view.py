"""One posted entry, read-only: its lines, and what it reverses or was reversed by."""

from __future__ import annotations

from PySide6.QtCore import Qt
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

from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger.journal import PostedEntry


class EntryView(QDialog):
    def __init__(self, entry: PostedEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Entry {ref}").format(ref=entry.reference))
        self.resize(720, 380)
        layout = QVBoxLayout(self)
        heading = QLabel(f"{entry.reference} — {format_date(entry.date, 'long')}")
        heading.setObjectName("cardTitle")
        layout.addWidget(heading)
        memo = QLabel(entry.memo)
        memo.setWordWrap(True)
        layout.addWidget(memo)
        notes = [_("Recorded by {user}").format(user=entry.created_by)]
        if entry.source_ref:
            notes.append(_("Reference: {ref}").format(ref=entry.source_ref))
        if entry.reverses_id is not None:
            notes.append(_("This entry reverses another entry."))
        if entry.reversed_by_id is not None:
            notes.append(_("This entry was reversed."))
        extra = QLabel(" · ".join(notes))
        extra.setObjectName("muted")
        layout.addWidget(extra)
        table = QTableWidget(len(entry.lines), 4)
        table.setHorizontalHeaderLabels([_("Account"), _("Member"), _("Debit"), _("Credit")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, line in enumerate(entry.lines):
            cells = (f"{line.account_code} {line.account_name}", line.member_no or "",
                     format_money(line.debit) if line.debit else "",
                     format_money(line.credit) if line.credit else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(right)
                table.setItem(r, c, item)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
