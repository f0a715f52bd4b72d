"""AppContext.run_task: work off the UI thread, results on it, progress only when slow, Cancel."""

from __future__ import annotations

import threading
import time

from coopdesk.errors import UserError
from coopdesk.progress import Cancelled, report
from coopdesk.ui.context import AppContext


def _ctx(book) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(book)


def test_result_arrives_on_the_ui_thread(qtbot, book) -> None:
    ctx = _ctx(book)
    seen: dict[str, object] = {}

    def work(_progress):  # type: ignore[no-untyped-def]
        seen["worker"] = threading.current_thread()
        return 42

    def done(value: object) -> None:
        seen["value"] = value
        seen["ui"] = threading.current_thread()

    ctx.run_task(work, title="t", on_done=done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["ui"] is threading.main_thread()
    assert seen["worker"] is not threading.main_thread()
    assert not ctx.busy


def test_quick_work_shows_no_progress_dialog(qtbot, book) -> None:
    ctx = _ctx(book)
    finished: list[object] = []
    task = ctx.run_task(lambda _p: "ok", title="t", on_done=finished.append)
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    qtbot.wait(300)
    assert task.dialog is None


def test_slow_work_shows_progress_and_cancel_stops_it(qtbot, book) -> None:
    ctx = _ctx(book)
    errors: list[BaseException] = []

    def slow(progress):  # type: ignore[no-untyped-def]
        for i in range(200):
            report(progress, i, 200)
            time.sleep(0.01)
        return "finished"

    task = ctx.run_task(slow, title="Menghitung…", on_done=lambda _v: None,
                        on_error=errors.append)
    qtbot.waitUntil(lambda: task.dialog is not None, timeout=3000)
    assert task.dialog.labelText() == "Menghitung…"
    task.dialog.canceled.emit()  # what its Cancel button does
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], Cancelled)
    assert task.dialog is None


def test_errors_go_to_show_error_by_default(qtbot, book, monkeypatch) -> None:
    ctx = _ctx(book)
    shown: list[BaseException] = []
    monkeypatch.setattr(ctx, "show_error", shown.append)

    def fail(_progress):  # type: ignore[no-untyped-def]
        raise UserError("Tidak bisa.")

    ctx.run_task(fail, title="t", on_done=lambda _v: None)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert str(shown[0]) == "Tidak bisa."


def test_an_unexpected_error_is_logged_with_an_apology(qtbot, monkeypatch) -> None:
    from coopdesk.paths import data_dir
    from coopdesk.ui import messages

    boxes: list[str] = []
    monkeypatch.setattr(messages.QMessageBox, "exec", lambda self: boxes.append(self.text()))
    before = set((data_dir() / "logs").glob("crash-*")) if (data_dir() / "logs").exists() \
        else set()
    messages.show_error(None, ZeroDivisionError("x"))
    assert boxes and "ZeroDivisionError" in boxes[0]
    after = set((data_dir() / "logs").glob("crash-*"))
    assert len(after - before) == 1


def test_no_automatic_garbage_collection_while_work_runs_in_the_background(qtbot, book) -> None:
    """A collection on the UI thread while a worker ran Python once hung the app's tests: the
    collector is off while any task runs, and on again when the last one ends, failed or not."""
    import gc

    ctx = _ctx(book)
    assert gc.isenabled()
    release = threading.Event()
    seen: list[bool] = []
    finished: list[object] = []

    def slow(_progress):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        release.wait(5)
        return "slow"

    def failing(_progress):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        raise UserError("nope")

    ctx.run_task(slow, title="t", on_done=finished.append, silent=True)
    ctx.run_task(failing, title="t", on_done=finished.append, silent=True,
                 on_error=finished.append)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    qtbot.waitUntil(lambda: len(finished) == 1, timeout=5000)  # the failure, delivered
    assert seen == [False, False] and not gc.isenabled()  # the slow one still runs
    release.set()
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=5000)
    assert ctx.wait_for_tasks() and gc.isenabled()
