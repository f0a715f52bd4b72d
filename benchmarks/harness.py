"""Measuring and printing: medians of repeated runs, ratios to references, targets."""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Result:
    name: str
    seconds: float
    target: str
    ok: bool | None
    reference: str | None = None
    ratio: float | None = None
    extra: str = ""


@dataclass
class Bench:
    """Handed to every benchmark module; `quick` shrinks sizes for a smoke run."""

    workdir: Path
    quick: bool = False
    results: list[Result] = field(default_factory=list)

    def time(self, fn: Callable[[], Any], *, repeat: int = 5, warmup: int = 1) -> float:
        """Median wall time of `fn` over `repeat` runs."""
        for _ in range(warmup):
            fn()
        times = []
        for _ in range(repeat):
            gc.collect()
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    def once(self, fn: Callable[[], Any]) -> tuple[float, Any]:
        gc.collect()
        t0 = time.perf_counter()
        value = fn()
        return time.perf_counter() - t0, value

    def peak_memory(self, fn: Callable[[], Any]) -> tuple[int, Any]:
        """Peak Python heap (bytes) while `fn` runs."""
        tracemalloc.start()
        try:
            value = fn()
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return peak, value

    def record(
        self,
        name: str,
        seconds: float,
        *,
        target_s: float | None = None,
        at_least_per_s: tuple[float, int] | None = None,
        reference: tuple[str, float] | None = None,
        extra: str = "",
    ) -> Result:
        """Print and keep one figure. `at_least_per_s=(rate, items)` checks a throughput."""
        ok: bool | None = None
        target = ""
        if target_s is not None:
            ok = seconds <= target_s
            target = f"≤ {_fmt(target_s)}"
        if at_least_per_s is not None:
            rate, items = at_least_per_s
            achieved = items / seconds if seconds else float("inf")
            ok = achieved >= rate
            target = f"≥ {rate:,.0f}/s"
            extra = f"{achieved:,.0f}/s" + (f"; {extra}" if extra else "")
        ratio = None
        ref_name = None
        if reference is not None:
            ref_name, ref_seconds = reference
            ratio = seconds / ref_seconds if ref_seconds else None
        result = Result(name, seconds, target, ok, ref_name, ratio, extra)
        self.results.append(result)
        print(_line(result), flush=True)
        return result


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def _line(r: Result) -> str:
    verdict = {True: "ok", False: "MISSED", None: ""}[r.ok]
    parts = [f"{r.name:<58} {_fmt(r.seconds):>10}"]
    if r.target:
        parts.append(f"target {r.target:<10} {verdict}")
    if r.ratio is not None:
        parts.append(f"×{r.ratio:.2f} vs {r.reference}")
    if r.extra:
        parts.append(r.extra)
    return "  ".join(parts)
