"""coopdesk benchmarks: `make bench` (or `python -m benchmarks [NAME ...] [--quick]`).

Each `bench_<area>.py` module defines `run(bench: Bench)`. A figure is printed with its target
and, where there is one, the ratio to a reference measured in the same run on the same machine
(the raw SQL aggregate for the trial balance, raw ReportLab for a PDF page), because machines are
noisy and only a ratio travels between them.
"""
