"""The desktop app: start-up time of the command and of a screenshot, and the Jurnal page on a
book of a million entries (open it, scroll to the end and to the middle, without building all
rows)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import Bench

START_TARGET_S = 1.5


def _wall(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _median_wall(bench: Bench, args: list[str], env: dict[str, str]) -> float:
    return bench.time(lambda: _wall(args, env), repeat=3 if bench.quick else 5)


def _demo_book(bench: Bench, env: dict[str, str]) -> Path:
    path = bench.workdir / "ui-demo.coopdesk"
    if not path.exists():
        subprocess.run([sys.executable, "-m", "coopdesk", "--db", str(path), "demo",
                        "--today", "2026-06-30"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    return path


def run(bench: Bench) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COOPDESK_LANG="id")
    # An installed app runs from compiled bytecode; measure that, not a recompile at each run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    reference = _median_wall(bench, [sys.executable, "-c", "pass"], env)
    bench.record("python -c pass (reference)", reference)
    seconds = _median_wall(bench, [sys.executable, "-m", "coopdesk", "--help"], env)
    bench.record("coopdesk --help", seconds, target_s=START_TARGET_S,
                 reference=("python -c pass", reference))
    demo = _demo_book(bench, env)
    shot = bench.workdir / "ui-screenshot.png"
    for page in ("beranda", "jurnal"):
        seconds = _median_wall(bench, [sys.executable, "-m", "coopdesk", "--db", str(demo), "gui",
                                       "--screenshot", str(shot), "--page", page], env)
        bench.record(f"coopdesk gui --screenshot --page {page} (demo book)", seconds,
                     target_s=START_TARGET_S, reference=("python -c pass", reference))
    _journal_page(bench)


def _journal_page(bench: Bench) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from benchmarks.books import big_book
    from coopdesk.book import Book
    from coopdesk.ui import prefs
    from coopdesk.ui.app import AppController, settle

    app = QApplication.instance() or QApplication([])
    path = big_book(bench, 1_000_000)
    with Book.open(path) as book:
        controller = AppController(app, prefs.app_settings())  # type: ignore[arg-type]

        def open_page():  # type: ignore[no-untyped-def]
            window = controller.build_window(book, "jurnal", headless=True)
            window.resize(1280, 800)
            window.show()
            model = window.pages["jurnal"].model
            while model.rows_built == 0:  # until the last lines are on screen
                app.processEvents()
                time.sleep(0.001)
            return window

        seconds, window = bench.once(open_page)
        page = window.pages["jurnal"]
        model = page.model
        total = model.rowCount()
        bench.record(f"Jurnal page opens, last lines shown ({total:,} lines)", seconds,
                     target_s=1.0, extra=f"{model.rows_built:,} rows built")
        def landmarks() -> None:
            page._landmark_timer.stop()
            page._find_landmarks(model.filter, model.count)
            settle(window.ctx)

        seconds, _none = bench.once(landmarks)
        bench.record("Jurnal page: landmarks found in the background", seconds,
                     extra=f"{len(model.landmarks)} landmarks")
        scroll = page.table.verticalScrollBar()

        def jump(fraction: float) -> None:
            scroll.setValue(int(scroll.maximum() * fraction))
            app.processEvents()

        for name, fraction in (("the middle", 0.5), ("the start", 0.0), ("a quarter", 0.25)):
            seconds, _none = bench.once(lambda f=fraction: jump(f))
            bench.record(f"Jurnal page: jump to {name}", seconds, target_s=0.5,
                         extra=f"{model.rows_built:,} of {total:,} rows built")
        steps = 200

        def page_down() -> None:
            for _i in range(steps):
                scroll.setValue(scroll.value() + scroll.pageStep())
                app.processEvents()

        seconds, _none = bench.once(page_down)
        bench.record(f"Jurnal page: {steps} pages down, per page", seconds / steps,
                     target_s=0.05, extra=f"{model.rows_built:,} of {total:,} rows built")
        window.close()
