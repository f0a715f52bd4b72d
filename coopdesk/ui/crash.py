"""Unexpected errors (bugs): the details go to a log file the user can send to the developers."""

from __future__ import annotations

import traceback
from datetime import datetime


def save_crash_report(exc: BaseException) -> str:
    """Write the traceback of `exc` to the logs folder; the path, or "" when it cannot be saved."""
    from coopdesk.paths import data_dir

    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.txt"
        path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        return str(path)
    except OSError:
        return ""
