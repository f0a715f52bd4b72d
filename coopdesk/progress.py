"""Progress and cancel for long work, without any UI: plain callbacks the UI or CLI supplies.

A long domain function takes `progress: Progress = NO_PROGRESS`; it calls `progress(done, total)`
now and then, and stops with `Cancelled` when the callback returns False (the user pressed
Cancel). The desktop app runs such functions on a worker thread; the command line may print.
"""

from __future__ import annotations

from collections.abc import Callable

from coopdesk.errors import UserError
from coopdesk.i18n import _

#: Called with (done, total); return False to ask the work to stop.
Progress = Callable[[int, int], bool | None]


def NO_PROGRESS(done: int, total: int) -> bool:
    return True


class Cancelled(UserError):
    """The user cancelled; whatever the work wrote is rolled back with its transaction."""

    def __init__(self) -> None:
        super().__init__(_("Cancelled."))


def report(progress: Progress, done: int, total: int) -> None:
    """Call `progress` and raise `Cancelled` if it asks to stop."""
    if progress(done, total) is False:
        raise Cancelled()
