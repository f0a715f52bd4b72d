"""Saving a report to a file, the same way on every page.

The user picks a place (the home folder and a name in their language are offered); a name typed
without its ending gets it, so the file opens in the right program; the file is written whole or
not at all; a failure is told in plain words and the page says where the file went.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from coopdesk.errors import UserError
from coopdesk.i18n import N_, _
from coopdesk.tabular import Sheet
from coopdesk.ui.context import AppContext

FILTERS = {"pdf": N_("PDF files (*.pdf)"), "xlsx": N_("Spreadsheets (*.xlsx)")}
TITLES = {"pdf": N_("Save as PDF"), "xlsx": N_("Save as spreadsheet")}


def ask_save_path(parent: QWidget | None, name: str, suffix: str, *,
                  title: str | None = None, filter_text: str | None = None) -> Path | None:
    """Where to save `name` (a file name ending in `.suffix`), or None when the user cancels."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title or _(TITLES.get(suffix, "")) or _("Save"), str(Path.home() / name),
        filter_text or _(FILTERS.get(suffix, "")) or f"*.{suffix}")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == f".{suffix}" else path.with_name(f"{path.name}.{suffix}")


def write_bytes(ctx: AppContext, path: Path, data: bytes, status: QLabel | None = None) -> bool:
    """Write `data` to `path` whole; True when saved (and `status` says where)."""
    from coopdesk.tabular import atomic_write_bytes

    return _saved(ctx, path, status, lambda: atomic_write_bytes(path, data))


def write_sheets(ctx: AppContext, path: Path, sheets: Sequence[Sheet],
                 status: QLabel | None = None) -> bool:
    """Write `sheets` to the workbook `path`; True when saved (and `status` says where)."""
    from coopdesk.tabular import write_xlsx

    return _saved(ctx, path, status, lambda: write_xlsx(path, sheets))


def save_sheets(ctx: AppContext, parent: QWidget | None, name: str,
                sheets: Callable[[], Sequence[Sheet]], status: QLabel | None = None) -> bool:
    """Ask where, then write the workbook `sheets()` gives; True when saved."""
    path = ask_save_path(parent, name, "xlsx")
    return path is not None and write_sheets(ctx, path, sheets(), status)


def _saved(ctx: AppContext, path: Path, status: QLabel | None, write: Callable[[], None]) -> bool:
    try:
        write()
    except UserError as exc:  # the writers say what the system refused, in words
        ctx.show_error(exc)
        return False
    if status is not None:
        status.setText(_("Saved: {path}").format(path=path))
    return True
