"""What every page is handed: the open book, a runner for long work, and the shared dialogs.

`AppContext` is deliberately small (no god object): pages reach the book through services
(`ctx.book.read()` / `ctx.book.write(...)`), run long work with `run_task`, announce what they
changed with `changed.emit("savings")` so other pages refresh, and show errors and PDFs the one
common way.

`run_task(fn, ...)` runs `fn(progress)` on the Qt thread pool. `progress(done, total)` returns
False once the user pressed Cancel (domain code then raises `Cancelled`). The result or error is
delivered on the UI thread; a progress dialog appears only when the work lasts longer than
`PROGRESS_DELAY_MS`, so quick work never flashes a dialog.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from coopdesk.i18n import _

if TYPE_CHECKING:
    from coopdesk.book import Book
    from coopdesk.pdf import Letterhead

PROGRESS_DELAY_MS = 200
#: The trust area's answer to a payment that waits for a second user's approval (it offers to
#: send the request): `offer(ctx, exc) -> bool`, True when it dealt with `exc`.
APPROVAL_OFFER = "coopdesk.ui.login_approvals:offer"


class _TaskSignals(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Callable[[int, int], bool]], Any], task: Task) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._task = task

    def run(self) -> None:
        signals = self._task.signals
        try:
            result = self._fn(self._task.progress)
        except BaseException as exc:  # delivered to the UI thread, never lost in the worker
            signals.failed.emit(exc)
        else:
            signals.finished.emit(result)
        finally:
            _collector_resume()


# Python's cyclic collector runs in whichever thread crosses an allocation threshold. A test run
# hung when it ran in a worker: a weakref callback disconnected a Qt connection, and Qt, holding
# its signal mutex, waited for the GIL, which the UI thread held while it waited for that mutex in
# QObject::connect. So automatic collection is held off while any work runs in the background
# (it resumes when the last task ends; reference counting still frees what is not in a cycle).
_collector_lock = threading.Lock()
_collector_holds = 0
_collector_was_on = True


def _collector_pause() -> None:
    global _collector_holds, _collector_was_on
    with _collector_lock:
        if _collector_holds == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _collector_holds += 1


def _collector_resume() -> None:
    global _collector_holds
    with _collector_lock:
        _collector_holds -= 1
        if _collector_holds == 0 and _collector_was_on:
            gc.enable()


class Task(QObject):
    """One piece of long work: its cancel flag, its progress dialog, its callbacks."""

    def __init__(self, ctx: AppContext, title: str, on_done: Callable[[Any], object],
                 on_error: Callable[[BaseException], None] | None, cancellable: bool) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.title = title
        self.on_done = on_done
        self.on_error = on_error
        self.cancellable = cancellable
        self.cancelled = threading.Event()
        self.done = False
        self.dialog: QProgressDialog | None = None
        self._last = (0, 0)
        self.signals = _TaskSignals()
        # Queued: the slots run on the UI thread whichever thread emits.
        queued = Qt.ConnectionType.QueuedConnection
        self.signals.progressed.connect(self._on_progress, queued)
        self.signals.finished.connect(self._on_finished, queued)
        self.signals.failed.connect(self._on_failed, queued)

    def progress(self, done: int, total: int) -> bool:
        """Called from the worker: report, and say whether to go on."""
        self.signals.progressed.emit(done, total)
        return not self.cancelled.is_set()

    def cancel(self) -> None:
        self.cancelled.set()

    def show_dialog(self) -> None:
        if self.done or self.dialog is not None:
            return
        dialog = QProgressDialog(self.title, _("Cancel") if self.cancellable else "", 0, 0,
                                 self.ctx.window)
        dialog.setWindowTitle(_("Please wait"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._on_progress(*self._last)
        dialog.show()

    def _on_progress(self, done: int, total: int) -> None:
        self._last = (done, total)
        if self.dialog is not None and not self.cancelled.is_set():
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total > 0 else 0)

    def _finish(self) -> None:
        self.done = True
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.ctx._tasks.discard(self)
        self.ctx.busy_changed.emit(bool(self.ctx._tasks))

    def _on_finished(self, result: object) -> None:
        self._finish()
        self.on_done(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        from coopdesk.progress import Cancelled

        if isinstance(exc, Cancelled) and self.on_error is None:
            return  # the user asked to stop; nothing to explain
        if self.on_error is not None:
            self.on_error(exc)
        else:
            self.ctx.show_error(exc)


class AppContext(QObject):
    """The open book and the services every page shares."""

    #: An area name ("journal", "members", "savings", ...) whose data changed.
    changed = Signal(str)
    #: True while any long work runs.
    busy_changed = Signal(bool)

    def __init__(self, book: Book, window: QWidget | None = None) -> None:
        super().__init__()
        self.book = book
        self.window = window
        self._tasks: set[Task] = set()
        self.pool = QThreadPool.globalInstance()
        #: No dialogs (screenshots): errors go to stderr instead of a message box.
        self.headless = False

    # -- long work --------------------------------------------------------------------------

    def run_task(self, fn: Callable[[Callable[[int, int], bool]], Any], *, title: str,
                 on_done: Callable[[Any], object],
                 on_error: Callable[[BaseException], None] | None = None,
                 cancellable: bool = True, silent: bool = False) -> Task:
        """Run `fn(progress)` off the UI thread; `on_done(result)` runs on the UI thread.
        `silent` work (preparing something ahead) never shows a progress dialog."""
        task = Task(self, title, on_done, on_error, cancellable)
        self._tasks.add(task)
        self.busy_changed.emit(True)
        if not silent:
            QTimer.singleShot(PROGRESS_DELAY_MS, task.show_dialog)
        _collector_pause()  # resumed by the runnable when it ends, whatever happens
        try:
            self.pool.start(_Runnable(fn, task))
        except BaseException:
            _collector_resume()
            raise
        return task

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def cancel_tasks(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait_for_tasks(self, timeout_ms: int = 30_000) -> bool:
        """Block until every worker is idle (closing the window, tests)."""
        return bool(self.pool.waitForDone(timeout_ms))

    # -- shared dialogs ---------------------------------------------------------------------

    def show_error(self, exc: BaseException) -> None:
        """Explain `exc` to the user: plainly for their mistakes, with an apology for bugs."""
        from coopdesk.ui.messages import error_text, show_error

        if self.headless:
            import sys

            sys.stderr.write(error_text(exc) + "\n")
            return
        if self._trust_offers(exc):
            return
        show_error(self.window, exc)

    def _trust_offers(self, exc: BaseException) -> bool:
        from coopdesk.ui.lazy import PartMissing, load_object

        try:
            offer = load_object(APPROVAL_OFFER)
        except PartMissing:
            return False
        return callable(offer) and bool(offer(self, exc))

    def preview_report(self, build: Callable[[Letterhead], bytes], title: str) -> None:
        """Build a report's PDF with the book's letterhead off the UI thread, then preview it:
        a report of a big register takes longer than a click should wait."""
        book = self.book

        def work(_progress: object) -> bytes:
            from coopdesk.pdf import Letterhead

            with book.read() as session:
                head = Letterhead.from_book(session)
            return build(head)

        self.run_task(work, title=_("Preparing the PDF…"),
                      on_done=lambda data: self.preview_pdf(data, title))

    def preview_pdf(self, data: bytes, title: str) -> None:
        """Show a PDF with zoom, pages, Print and Save as."""
        from coopdesk.ui.pdf_view import PdfPreviewDialog

        dialog = PdfPreviewDialog(data, title, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
