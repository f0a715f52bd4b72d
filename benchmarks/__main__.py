"""Run the benchmarks: `python -m benchmarks [NAME ...] [--quick] [--workdir DIR]`."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Bench


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", help="benchmark modules to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where generated books are kept (reused between runs)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.gettempdir()) / "coopdesk-bench"
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("COOPDESK_DATA_DIR", str(workdir / "data"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    package = Path(__file__).parent
    modules = sorted(m.name for m in pkgutil.iter_modules([str(package)])
                     if m.name.startswith("bench_"))
    wanted = [f"bench_{n}" if not n.startswith("bench_") else n for n in args.names] or modules
    unknown = set(wanted) - set(modules)
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; have: {', '.join(modules)}")
        return 2
    bench = Bench(workdir=workdir, quick=args.quick)
    print(f"coopdesk benchmarks{' (quick)' if args.quick else ''}; books in {workdir}")
    for name in wanted:
        print(f"\n== {name[len('bench_'):]} ==", flush=True)
        importlib.import_module(f"benchmarks.{name}").run(bench)
    missed = [r for r in bench.results if r.ok is False]
    print(f"\n{len(bench.results)} figures, {len(missed)} missed their target"
          + (": " + ", ".join(r.name for r in missed) if missed else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
