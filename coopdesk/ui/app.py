"""Starting the desktop app (the shell is built in coopdesk.ui.main_window)."""

from __future__ import annotations

from pathlib import Path


def run_app(db: str | None = None, screenshot: Path | None = None, page: str | None = None,
            size: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    label = QLabel("coopdesk")
    label.resize(800, 600)
    if screenshot is not None:
        label.grab().save(str(screenshot))
        return 0
    label.show()
    return int(app.exec())
