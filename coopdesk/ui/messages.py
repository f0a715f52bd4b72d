"""Plain message boxes, and the one way errors are shown to the user.

A `UserError` is the user's to fix: its message is shown as it is. A `ValidationError` also lists
every problem (row, column, reason) so all can be fixed at once. Anything else is a bug: the user
gets a short apology and the details go to a log file they can send to the developers.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.errors import UserError, ValidationError
from coopdesk.i18n import _

log = logging.getLogger(__name__)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         detail: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    return box


def inform(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title or _("Information"), text)
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def warn(parent: QWidget | None, text: str, *, title: str | None = None,
         detail: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title or _("Please check"), text, detail)
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(parent: QWidget | None, text: str, *, yes: str, no: str | None = None,
            title: str | None = None, detail: str = "") -> bool:
    """Ask a yes/no question with buttons that say what they do ("Reverse", "Keep")."""
    box = _box(parent, QMessageBox.Icon.Question, title or _("Please confirm"), text, detail)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no or _("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


class ProblemsDialog(QDialog):
    """A refused input: the message, then every problem in a table."""

    def __init__(self, error: ValidationError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Please check"))
        self.resize(620, 340)
        layout = QVBoxLayout(self)
        message = QLabel(error.message)
        message.setWordWrap(True)
        message.setObjectName("cardTitle")
        layout.addWidget(message)
        with_rows = any(p.row is not None for p in error.problems)
        with_columns = any(p.column for p in error.problems)
        headers = ([_("Row")] if with_rows else []) + ([_("Column")] if with_columns else [])
        headers.append(_("Problem"))
        table = QTableWidget(len(error.problems), len(headers), self)
        table.setObjectName("problemsTable")
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        for r, problem in enumerate(error.problems):
            cells = ([str(problem.row or "")] if with_rows else []) + (
                [problem.column or ""] if with_columns else []) + [problem.reason]
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.horizontalHeader().setSectionResizeMode(
            len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        # Rows follow their wrapped text as the dialog is sized, not a width guessed too early.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table = table
        layout.addWidget(table)
        buttons = QDialogButtonBox(self)
        buttons.addButton(_("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def error_text(exc: BaseException) -> str:
    """One plain sentence for `exc` (for status lines and labels)."""
    if isinstance(exc, UserError):
        return exc.message
    return _("An unexpected error happened ({error}).").format(error=type(exc).__name__)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, ValidationError) and exc.problems:
        ProblemsDialog(exc, parent).exec()
        return
    if isinstance(exc, UserError):
        warn(parent, exc.message)
        return
    from coopdesk.ui.crash import save_crash_report

    log.error("unexpected error", exc_info=exc)
    path = save_crash_report(exc)
    detail = (_("Details were saved to {path}; please send that file to the coopdesk "
                "developers.").format(path=path) if path else "")
    box = _box(parent, QMessageBox.Icon.Critical, _("Sorry"),
               _("Sorry, something went wrong in coopdesk ({error}). Your book was not changed "
                 "by the failed action.").format(error=type(exc).__name__), detail)
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
