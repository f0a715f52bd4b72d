"""Large books for the benchmarks, generated in bulk once and kept in the work folder.

`big_book(bench, entries)` gives a cooperative's SQLite book with that many posted journal
entries (two or three postings each, spread over ten years and ~5,000 members' savings), written
straight through SQL in one transaction — the journal's own triggers still check every entry.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from benchmarks.harness import Bench
from coopdesk.book import Book
from coopdesk.ledger import snapshots
from coopdesk.ledger.setup import Cooperative, create_cooperative

FIRST_YEAR = 2016
YEARS = 10
MEMBERS = 5_000


def big_book(bench: Bench, entries: int = 1_000_000) -> Path:
    if bench.quick:
        entries = min(entries, 20_000)
    path = bench.workdir / f"journal-{entries}-{schema_fingerprint()}.coopdesk"
    if path.exists():
        return path
    tmp = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    with Book.open(tmp, create=True) as book, book.transaction() as s:
        create_cooperative(s, Cooperative("Koperasi Benchmark"), first_year=FIRST_YEAR)
    print(f"  generating a book with {entries:,} entries in {path} (once) ...", flush=True)
    _fill(tmp, entries)
    with Book.open(tmp) as book:
        # What the app does when periods close or in the background: month-end snapshots.
        book.write(lambda s: snapshots.refresh(s, through=date(FIRST_YEAR + YEARS - 1, 12, 31)))
    tmp.rename(path)
    return path


def schema_fingerprint() -> str:
    """Books are kept between runs only while the migrations that made them are unchanged."""
    import hashlib

    import coopdesk.migrations as _m

    folder = Path(_m.__path__[0]) / "versions"
    digest = hashlib.sha256()
    for f in sorted(folder.glob("*.py")):
        digest.update(f.read_bytes())
    return digest.hexdigest()[:8]


def _fill(path: Path, entries: int) -> None:
    rng = random.Random(7)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    accounts = dict(con.execute("SELECT role, id FROM account WHERE role IS NOT NULL"))
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO member (member_no, name, status, migrant_status, created_at, updated_at) "
        "VALUES (?, ?, 'anggota', 'none', '2016-01-01 00:00:00', '2016-01-01 00:00:00')",
        [(f"A{n:05d}", f"Anggota {n}") for n in range(1, MEMBERS + 1)],
    )
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        con.execute("INSERT OR IGNORE INTO financial_year (year, starts_on, ends_on, status) "
                    "VALUES (?, ?, ?, 'open')", (year, f"{year}-01-01", f"{year}-12-31"))
    span = (date(FIRST_YEAR + YEARS - 1, 12, 31) - date(FIRST_YEAR, 1, 1)).days
    days = sorted(rng.randrange(span) for _ in range(entries))
    savings = [accounts["savings.wajib"], accounts["savings.sukarela"], accounts["savings.pokok"]]
    number_by_year: dict[int, int] = {}
    batch_entries, batch_postings = [], []
    for i, offset in enumerate(days, start=1):
        d = date(FIRST_YEAR, 1, 1) + timedelta(days=offset)
        number_by_year[d.year] = number_by_year.get(d.year, 0) + 1
        iso = d.isoformat()
        batch_entries.append((i, d.year, iso, f"Setoran {i}"))
        member = rng.randrange(1, MEMBERS + 1)
        amount = rng.choice((10_000, 25_000, 50_000, 100_000, 250_000))
        if i % 10 == 0:  # a loan repayment: principal and jasa
            interest = amount // 10
            batch_postings += [
                (i, accounts["cash"], None, iso, amount + interest),
                (i, accounts["loans.receivable"], member, iso, -amount),
                (i, accounts["income.loan_interest"], member, iso, -interest),
            ]
        else:
            batch_postings += [
                (i, accounts["cash"], None, iso, amount),
                (i, rng.choice(savings), member, iso, -amount),
            ]
        if len(batch_entries) >= 50_000:
            _flush(con, batch_entries, batch_postings)
    _flush(con, batch_entries, batch_postings)
    _number(con)
    for year, last in number_by_year.items():
        con.execute("INSERT INTO document_counter (series, year, last) VALUES ('JU', ?, ?)",
                    (year, last))
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("ANALYZE")
    con.close()


def _flush(con: sqlite3.Connection, entries: list[tuple[object, ...]],
           postings: list[tuple[object, ...]]) -> None:
    con.executemany(
        "INSERT INTO journal_entry (id, year, date, memo, source, status, created_by, created_at)"
        " VALUES (?, ?, ?, ?, 'savings', 'draft', 'bench', '2026-01-01 00:00:00')", entries)
    con.executemany(
        "INSERT INTO posting (entry_id, account_id, member_id, date, amount) "
        "VALUES (?, ?, ?, ?, ?)", postings)
    entries.clear()
    postings.clear()


def _number(con: sqlite3.Connection) -> None:
    """Number entries per year in date order, and post them (the balance trigger checks each)."""
    con.execute("CREATE TEMP TABLE numbering (id INTEGER PRIMARY KEY, n INTEGER)")
    con.execute("INSERT INTO numbering SELECT id, ROW_NUMBER() OVER "
                "(PARTITION BY year ORDER BY id) FROM journal_entry WHERE status = 'draft'")
    con.execute("UPDATE journal_entry SET number = (SELECT n FROM numbering "
                "WHERE numbering.id = journal_entry.id), status = 'posted' "
                "WHERE status = 'draft'")
    con.execute("DROP TABLE numbering")
