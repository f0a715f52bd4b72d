"""Parts of the app found by name ("module:Class") and imported only when first shown.

Pages, report tabs and home cards are listed as strings so another area can add its part by
writing one module, and so start-up imports nothing it does not show. A part whose module does
not exist yet is simply absent (the caller shows "not built yet"); a part that exists but fails
to import is a bug, shown as such with the details saved to the log.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coopdesk.i18n import _

log = logging.getLogger(__name__)


class PartMissing(Exception):
    """The module or class named by a spec does not exist (yet)."""


def load_class(spec: str) -> type:
    """The class named by `spec` ("package.module:Class"); `PartMissing` if it is not there."""
    cls = load_object(spec)
    if not isinstance(cls, type):
        raise PartMissing(spec)
    return cls


def load_object(spec: str) -> object:
    """Whatever `spec` ("package.module:name") names; `PartMissing` if it is not there."""
    module_name, _sep, name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only the named module itself missing means "not built yet"; a missing dependency
        # inside an existing module is a real error and must surface.
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise PartMissing(spec) from None
        raise
    found = getattr(module, name, None)
    if found is None:
        raise PartMissing(spec)
    return found


class NotBuiltYet(QWidget):
    """A plain placeholder for a part of the app that is not built yet."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        if title:
            heading = QLabel(title)
            heading.setObjectName("placeholderTitle")
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(heading)
        note = QLabel(_("This part is not built yet."))
        note.setObjectName("placeholderNote")
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(note)
        layout.addStretch(2)

    def refresh(self) -> None:
        """Nothing to refresh; present so the shell treats every page alike."""


class PartFailed(NotBuiltYet):
    """Shown instead of a part that exists but could not be started (a bug)."""

    def __init__(self, title: str, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        note = self.findChild(QLabel, "placeholderNote")
        if note is not None:
            note.setText(_("This part could not be opened because of an error ({error}). "
                           "Details were saved to the log.").format(error=type(error).__name__))
            note.setWordWrap(True)


def create_part(spec: str, title: str, *args: object, parent: QWidget | None = None) -> QWidget:
    """An instance of the part named by `spec`, or a placeholder when it is missing or broken."""
    try:
        cls = load_class(spec)
        widget = cls(*args, parent=parent)
    except PartMissing:
        return NotBuiltYet(title, parent)
    except Exception as exc:
        from coopdesk.ui.crash import save_crash_report

        save_crash_report(exc)
        log.exception("could not create %s", spec)
        return PartFailed(title, exc, parent)
    assert isinstance(widget, QWidget)
    return widget
