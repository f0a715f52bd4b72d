"""Loans: a 360-instalment schedule, arrears and kolektibilitas of 5,000 running loans, and
10,000 repayments each in its own transaction — each beside a reference measured in this run.

References: the schedule beside the same arithmetic done naively in floats (no exact rounding
rules); the arrears beside the database's own aggregate over the same instalments (the floor for
any arrears report); the repayments beside as many plain two-line journal entries posted one
transaction each (the journal's single-entry path every money service goes through).
"""

from __future__ import annotations

import shutil
from collections import deque
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select, text

from benchmarks.harness import Bench
from coopdesk.book import Book

TODAY = date(2026, 6, 30)


def run(bench: Bench) -> None:
    _schedules(bench)
    # About two members in three have a loan running on the day: 8,000 give over 5,000 loans.
    path = _loan_book(bench, 900 if bench.quick else 8_000)
    _arrears(bench, path)
    _repayments(bench, path, 600 if bench.quick else 10_000)


# --- schedules ---------------------------------------------------------------------------------


def _float_annuity(principal: int, rate: float, term: int) -> list[tuple[float, float]]:
    payment = principal * rate / (1 - (1 + rate) ** -term)
    rows, balance = [], float(principal)
    for _ in range(term):
        interest = balance * rate
        rows.append((payment - interest, interest))
        balance -= payment - interest
    return rows


def _schedules(bench: Bench) -> None:
    from coopdesk.ledger.loans.schedule import build_schedule

    ref = bench.time(lambda: _float_annuity(360_000_000, 0.01, 360), repeat=50)
    for method in ("flat", "declining", "annuity"):
        seconds = bench.time(lambda m=method: build_schedule(  # type: ignore[misc]
            360_000_000, Decimal(1), 360, m, date(2025, 1, 31)), repeat=50)
        bench.record(f"loans: 360-instalment {method} schedule", seconds, target_s=0.005,
                     reference=("naive float annuity", ref))


# --- a book with thousands of running loans ------------------------------------------------------


def _loan_book(bench: Bench, members: int) -> Path:
    path = bench.workdir / f"loans-{members}-members.coopdesk"
    if path.exists():
        return path
    print(f"  generating a book with {members:,} borrowing members in {path} (once) ...",
          flush=True)
    tmp = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    from coopdesk.demo import DemoPlan, loans_step
    from coopdesk.ledger.setup import Cooperative, create_cooperative
    from coopdesk.members.models import Member

    plan = DemoPlan(members=members, years=3, seed=3, today=TODAY)
    with Book.open(tmp, create=True) as book, book.transaction() as s:
        create_cooperative(s, Cooperative("Koperasi Benchmark Pinjaman"),
                           first_year=plan.first_year)
        rows = [{"member_no": f"B{n:05d}", "name": f"Anggota {n}", "status": "anggota",
                 "joined_on": date(plan.first_year, 1, 1 + n % 28)}
                for n in range(1, members + 1)]
        plan.member_ids = list(s.scalars(insert(Member).returning(
            Member.id, sort_by_parameter_order=True), rows))
        loans_step.build(s, plan, share=1.0, rare_events=False)
    tmp.rename(path)
    return path


def _arrears(bench: Bench, path: Path) -> None:
    from coopdesk.ledger.loans import quality

    with Book.open(path) as book:
        def engine() -> int:
            with book.read() as s:
                return len(quality.loan_quality(s, TODAY)[1])

        def floor() -> int:
            with book.read() as s:
                return len(s.execute(text(
                    "SELECT loan_id, SUM(principal + interest) FROM loan_instalment "
                    "WHERE due_date <= :d AND settled_on IS NULL GROUP BY loan_id"),
                    {"d": TODAY}).all())

        count = engine()
        ref = bench.time(floor, repeat=5)
        seconds = bench.time(engine, repeat=5)
        target = 1.0 * count / 5_000 if bench.quick else 1.0
        bench.record(f"loans: arrears and kolektibilitas of {count:,} running loans", seconds,
                     target_s=target, reference=("SQL sum of open instalments", ref))


# --- repayments, one transaction each ------------------------------------------------------------


def _repayments(bench: Bench, path: Path, count: int) -> None:
    from coopdesk.ledger import journal
    from coopdesk.ledger.journal import credit, debit
    from coopdesk.ledger.loans.models import Loan

    work = path.with_name("loans-repay.coopdesk")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(path, work)
    with Book.open(work) as book:
        with book.read() as s:
            ids = list(s.scalars(select(Loan.id).where(Loan.status == "active")
                                 .order_by(Loan.id)))

        def entries() -> None:
            for _ in range(count):
                book.write(lambda s: journal.post_entry(
                    s, date=TODAY, memo="Setoran", lines=[debit("cash", 10_000),
                                                          credit("savings.sukarela", 10_000)]))

        def repayments() -> None:
            from coopdesk.ledger.loans import repayments as service

            alive = deque(ids)  # round the running loans; one that closes leaves the round
            for _ in range(count):
                loan_id = alive.popleft()
                r = book.write(lambda s, i=loan_id: service.repay(s, i, 10_000, on=TODAY,
                                                                  excess="savings"))
                if not r.closed:
                    alive.append(loan_id)

        ref, _ = bench.once(entries)
        seconds, _ = bench.once(repayments)
    target = 15.0 * count / 10_000
    bench.record(f"loans: {count:,} repayments, one transaction each", seconds,
                 target_s=target, reference=(f"{count:,} journal entries, one each", ref),
                 extra=f"{seconds / count * 1000:.2f} ms each")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
