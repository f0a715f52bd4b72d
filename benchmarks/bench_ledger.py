"""The journal's figures (issue 2): trial balance on a million entries, posting speed."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from benchmarks.books import big_book
from benchmarks.harness import Bench
from coopdesk.book import Book
from coopdesk.ledger import journal, reports
from coopdesk.ledger.journal import NewEntry, credit, debit
from coopdesk.ledger.setup import Cooperative, create_cooperative


def run(bench: Bench) -> None:
    _trial_balance(bench)
    _posting(bench)


def _trial_balance(bench: Bench) -> None:
    path = big_book(bench, 1_000_000)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    postings = raw.execute("SELECT COUNT(*) FROM posting").fetchone()[0]
    with Book.open(path) as book:
        for as_of in (date(2025, 12, 31), date(2021, 6, 17), date(2016, 3, 3)):
            def service(d: date = as_of) -> None:
                with book.read() as s:
                    tb = reports.trial_balance(s, d)
                    assert tb.balanced

            def reference(d: date = as_of) -> None:
                raw.execute("SELECT account_id, SUM(amount) FROM posting WHERE date <= ? "
                            "GROUP BY account_id", (d.isoformat(),)).fetchall()

            ref = bench.time(reference, repeat=3)
            bench.record(f"trial balance as of {as_of} ({postings:,} postings)",
                         bench.time(service, repeat=5), target_s=0.3,
                         reference=("raw SQL aggregate", ref))
    raw.close()


def _fresh_book(bench: Bench, name: str) -> Path:
    path = bench.workdir / f"{name}.coopdesk"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with Book.open(path, create=True) as book, book.transaction() as s:
        create_cooperative(s, Cooperative("Koperasi Benchmark"), first_year=2026)
    return path


def _entries(n: int) -> list[NewEntry]:
    start = date(2026, 1, 1)
    return [NewEntry(start + timedelta(days=i % 300), f"Setoran {i}",
                     (debit("cash", 10_000 + i), credit("savings.sukarela", 10_000 + i)))
            for i in range(n)]


def _posting(bench: Bench) -> None:
    n = 1_000 if bench.quick else 10_000
    entries = _entries(n)
    # FULL is what books use (a committed payment survives a power cut); NORMAL shows what the
    # code costs once the disk's flush on every commit is taken out of the figure.
    for sync in ("FULL", "NORMAL"):
        path = _fresh_book(bench, f"posting-{sync}")
        with Book.open(path, synchronous=sync) as book:
            def one_by_one(book: Book = book) -> None:
                for e in entries:
                    with book.transaction() as s:
                        journal.post_entry(s, e)

            seconds, _ = bench.once(one_by_one)
        ref_path = bench.workdir / f"posting-raw-{sync}.coopdesk"
        shutil.copyfile(_fresh_book(bench, "posting-raw-src"), ref_path)
        ref_seconds, _ = bench.once(lambda p=ref_path, y=sync: _raw_posting(p, n, y))
        bench.record(f"post {n:,} entries, one transaction each (synchronous={sync})", seconds,
                     target_s=10 * n / 10_000,
                     reference=("raw sqlite3, same statements", ref_seconds))

    path = _fresh_book(bench, "batch")
    with Book.open(path) as book:
        def batch() -> None:
            with book.transaction() as s:
                journal.post_entries(s, entries)

        seconds, _ = bench.once(batch)
    bench.record(f"post {n:,} entries in one transaction", seconds, target_s=2 * n / 10_000)


def _raw_posting(path: Path, n: int, synchronous: str) -> None:
    """What posting costs without coopdesk: the same rows and checks, straight sqlite3."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(f"PRAGMA synchronous={synchronous}")
    con.execute("PRAGMA foreign_keys=ON")
    cash, sukarela = (con.execute("SELECT id FROM account WHERE role = ?", (r,)).fetchone()[0]
                      for r in ("cash", "savings.sukarela"))
    start = date(2026, 1, 1)
    for i in range(n):
        d = (start + timedelta(days=i % 300)).isoformat()
        con.execute("BEGIN IMMEDIATE")
        number = con.execute(
            "INSERT INTO document_counter (series, year, last) VALUES ('JU', 2026, 1) "
            "ON CONFLICT (series, year) DO UPDATE SET last = last + 1 RETURNING last"
        ).fetchone()[0]
        entry = con.execute(
            "INSERT INTO journal_entry (year, number, date, memo, source, status, created_by,"
            " created_at) VALUES (2026, ?, ?, ?, 'manual', 'draft', 'raw', "
            "'2026-01-01 00:00:00') RETURNING id", (number, d, f"Setoran {i}")).fetchone()[0]
        con.executemany("INSERT INTO posting (entry_id, account_id, date, amount) "
                        "VALUES (?, ?, ?, ?)",
                        [(entry, cash, d, 10_000 + i), (entry, sukarela, d, -10_000 - i)])
        con.execute("UPDATE journal_entry SET status = 'posted' WHERE id = ?", (entry,))
        head = con.execute("SELECT last_hash FROM audit_head WHERE id = 1").fetchone()[0]
        new_hash = f"{i:064d}"
        audit_id = con.execute(
            "INSERT INTO audit_log (at, username, role, action, prev_hash, hash) "
            "VALUES ('2026-01-01 00:00:00', 'raw', 'ketua', 'post', ?, ?) RETURNING id",
            (head, new_hash)).fetchone()[0]
        con.execute("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1",
                    (audit_id, new_hash))
        con.execute("COMMIT")
    con.close()
