"""Statements, SHU and the meeting pack (issue 6) on a cooperative of 5,000 members and 10 years.

The book is generated once in the work folder: members joining over the years, pokok on joining,
monthly wajib, sukarela in and out, a quarter of the members borrowing each year and repaying
monthly with jasa, honoraria, costs and a shop — about 800,000 entries — written in bulk through
SQL (the journal's triggers still check every entry). Then every past year is closed, its SHU
distributed and paid through the services themselves, as the app does.

Each figure is measured beside a reference in the same run: the raw SQL aggregates the
statements and the SHU need, and raw ReportLab canvas pages with a 24-row table.
"""

from __future__ import annotations

import io
import random
import sqlite3
from collections.abc import Collection
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from benchmarks.harness import Bench
from coopdesk.book import Book
from coopdesk.ledger.setup import Cooperative, create_cooperative

FIRST_YEAR, YEARS, MEMBERS = 2016, 10, 5_000
TODAY = date(FIRST_YEAR + YEARS, 1, 20)
YEAR = FIRST_YEAR + YEARS - 1  # the last full year: its statements, SHU and meeting pack


def run(bench: Bench) -> None:
    members = 400 if bench.quick else MEMBERS
    path = _book(bench, members)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    postings = raw.execute("SELECT COUNT(*) FROM posting").fetchone()[0]
    with Book.open(path) as book:
        _statements(bench, book, raw, postings)
        _shu(bench, book, raw, members)
        _member_pages(bench, book, members)
    raw.close()


# --- the figures ------------------------------------------------------------------------------


def _statements(bench: Bench, book: Book, raw: sqlite3.Connection, postings: int) -> None:
    from coopdesk.ledger import statements

    def service() -> None:
        with book.read() as s:
            for st in statements.build_all(s, YEAR):
                assert st.lines
            bs = statements.balance_sheet(s, date(YEAR, 12, 31))
            assert bs.amount("ASSETS") == bs.amount("LIABILITIES_EQUITY")

    def reference() -> None:
        for day in (date(YEAR, 12, 31), date(YEAR - 1, 12, 31)):
            raw.execute("SELECT account_id, SUM(amount) FROM posting WHERE date <= ? "
                        "GROUP BY account_id", (day.isoformat(),)).fetchall()

    ref = bench.time(reference, repeat=3)
    bench.record(f"all four statements for {YEAR} with {YEAR - 1} beside "
                 f"({postings:,} postings)", bench.time(service, repeat=3), target_s=2.0,
                 reference=("raw SQL trial balance ×2", ref))
    # As for an open year (or a changed cash mapping): the cash flows read afresh, not kept.
    from coopdesk.ledger.statements import balances

    kept = balances.year_cash_flows

    def afresh(session: Session, year: int, cash_ids: Collection[int]
               ) -> dict[int, tuple[int, int]]:
        return balances.cash_counterparts(session, *balances.year_bounds(year), cash_ids)

    balances.year_cash_flows = afresh
    try:
        bench.record(f"all four statements for {YEAR}, cash flows read afresh (open year)",
                     bench.time(service, repeat=3), target_s=2.0,
                     reference=("raw SQL trial balance ×2", ref))
    finally:
        balances.year_cash_flows = kept


def _shu(bench: Bench, book: Book, raw: sqlite3.Connection, members: int) -> None:
    from coopdesk.ledger import shu
    from coopdesk.ledger.shu.rules import SavingsMethod, ShuRules

    def service(rules: ShuRules | None = None) -> None:
        with book.read() as s:
            result = shu.compute(s, YEAR, rules=rules)
            assert result.members_total == result.jasa_usaha + result.jasa_modal

    ids = dict(raw.execute("SELECT role, id FROM account WHERE role IS NOT NULL"))

    def reference() -> None:
        raw.execute("SELECT member_id, SUM(amount) FROM posting WHERE account_id IN (?, ?) "
                    "AND member_id IS NOT NULL AND date <= ? GROUP BY member_id",
                    (ids["savings.pokok"], ids["savings.wajib"], f"{YEAR}-12-31")).fetchall()

    ref = bench.time(reference, repeat=3)
    bench.record(f"SHU of {YEAR} shared among {members:,} members (year-end savings)",
                 bench.time(service, repeat=3), target_s=2.0,
                 reference=("raw SQL savings by member", ref))
    monthly = ShuRules(savings_method=SavingsMethod.MONTH_AVERAGE)
    bench.record(f"SHU of {YEAR}, savings as the average of twelve month ends",
                 bench.time(lambda: service(monthly), repeat=3), target_s=2.0,
                 reference=("raw SQL savings by member", ref))


def _member_pages(bench: Bench, book: Book, members: int) -> None:
    from coopdesk.ledger.statements import member_pages

    with book.read() as s:
        gather_s, pages = bench.once(lambda: member_pages.gather(s, YEAR))
    count = len(pages.pages)
    bench.record(f"gather the figures of {count:,} member pages", gather_s)
    draw_s, data = bench.once(lambda: member_pages.pages_pdf(pages))
    ref_s, _ = bench.once(lambda: _raw_canvas(count))
    bench.record(f"draw {count:,} member pages", draw_s, at_least_per_s=(100, count),
                 reference=("raw ReportLab canvas, 24-row table", ref_s),
                 extra=f"{len(data) / 1e6:.1f} MB")
    total_s, _ = bench.once(lambda: _pack(book))
    bench.record(f"the whole meeting pack for {YEAR} ({count:,} member pages)", total_s,
                 at_least_per_s=(100, count))


def _pack(book: Book) -> bytes:
    from coopdesk.ledger.statements import meeting

    with book.read() as s:
        pack = meeting.gather_pack(s, YEAR)
    return meeting.pack_pdf(pack)


def _raw_canvas(pages: int) -> bytes:
    """The reference: one page per member, a 24-row table, straight on a ReportLab canvas."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from coopdesk.pdf import FONT, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=0)
    for p in range(pages):
        c.setFont(FONT, 12)
        c.drawString(50, 800, f"Anggota A{p + 1:05d}")
        c.setFont(FONT, 8)
        for row in range(24):
            y = 760 - row * 14
            c.drawString(50, y, f"2025-{row % 12 + 1:02d}-10  Simpanan wajib")
            c.drawRightString(400, y, f"{10_000 * (row + 1):,}")
            c.drawRightString(540, y, f"{250_000 + 10_000 * row:,}")
            c.line(50, y - 3, 540, y - 3)
        c.showPage()
    c.save()
    return buffer.getvalue()


# --- the book ---------------------------------------------------------------------------------


def _book(bench: Bench, members: int) -> Path:
    path = bench.workdir / f"statements-{members}x{YEARS}.coopdesk"
    if path.exists():
        return path
    tmp = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    with Book.open(tmp, create=True) as book, book.transaction() as s:
        create_cooperative(s, Cooperative(
            "Koperasi Benchmark Sejahtera", "Jl. Raya Sumpiuh No. 17, Banyumas"),
            first_year=FIRST_YEAR)
    print(f"  generating {members:,} members × {YEARS} years in {path} (once) ...", flush=True)
    _fill(tmp, members)
    print("  closing the years, sharing and paying their SHU ...", flush=True)
    _close_years(tmp)
    tmp.rename(path)
    return path


def _close_years(path: Path) -> None:
    from coopdesk.demo.yearend_step import pay_shares
    from coopdesk.ledger import closing, shu

    with Book.open(path) as book:
        for year in range(FIRST_YEAR, YEAR + 1):
            with book.transaction() as s:
                closing.close_year(s, year, today=TODAY)
                if year < YEAR and shu.compute(s, year).pool > 0:
                    shu.distribute(s, year, on=date(year + 1, 3, 14))
                    pay_shares(s, year, date(year + 1, 3, 14))


class _Writer:
    """Entries and postings gathered in memory and written in batches."""

    def __init__(self, con: sqlite3.Connection, ids: dict[str, int]) -> None:
        self.con, self.ids = con, ids
        self.entries: list[tuple[object, ...]] = []
        self.postings: list[tuple[object, ...]] = []
        self.next_id = 1

    def add(self, day: date, memo: str, source: str,
            lines: list[tuple[str, int, int | None]]) -> None:
        eid = self.next_id
        self.next_id += 1
        iso = day.isoformat()
        self.entries.append((eid, day.year, iso, memo, source))
        self.postings += [(eid, self.ids[role], member, iso, amount)
                          for role, amount, member in lines]
        if len(self.entries) >= 50_000:
            self.flush()

    def flush(self) -> None:
        self.con.executemany(
            "INSERT INTO journal_entry (id, year, date, memo, source, status, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, 'draft', 'bench', '2026-01-01 00:00:00')",
            self.entries)
        self.con.executemany("INSERT INTO posting (entry_id, account_id, member_id, date, "
                             "amount) VALUES (?, ?, ?, ?, ?)", self.postings)
        self.entries.clear()
        self.postings.clear()


def _months() -> list[date]:
    return [date(y, m, 1) for y in range(FIRST_YEAR, FIRST_YEAR + YEARS) for m in range(1, 13)]


def _member_rows(rng: random.Random, members: int) -> list[tuple[object, ...]]:
    start, span = date(FIRST_YEAR, 1, 1), YEARS * 365 - 60
    rows: list[tuple[object, ...]] = []
    for n in range(1, members + 1):
        joined = start + timedelta(days=rng.randint(0, 20) if n <= members // 3
                                   else rng.randint(0, span))
        left = None
        if rng.random() < 0.03:
            left = min(joined + timedelta(days=rng.randint(200, 2000)), date(YEAR, 11, 30))
        rows.append((f"A{n:05d}", f"Anggota {n}", "keluar" if left else "anggota",
                     joined.isoformat(), left.isoformat() if left else None))
    return rows


def _member_life(w: _Writer, rng: random.Random, mid: int, joined: date,
                 left: date | None) -> None:
    w.add(joined, "Simpanan pokok", "savings", [("cash", 200_000, None),
                                               ("savings.pokok", -200_000, mid)])
    sukarela, wajib = 0, 0
    for month in _months():
        day = month + timedelta(days=9)
        if day < joined or (left and day >= left):
            continue
        if rng.random() < 0.9:
            wajib += 10_000
            w.add(day, "Simpanan wajib", "savings", [("cash", 10_000, None),
                                                     ("savings.wajib", -10_000, mid)])
        if rng.random() < 0.15:
            amount = rng.choice((50_000, 100_000, 250_000, 500_000))
            sukarela += amount
            w.add(day + timedelta(days=3), "Setor sukarela", "savings",
                  [("cash", amount, None), ("savings.sukarela", -amount, mid)])
        elif sukarela > 100_000 and rng.random() < 0.05:
            amount = sukarela // 2
            sukarela -= amount
            w.add(day + timedelta(days=5), "Tarik sukarela", "savings",
                  [("savings.sukarela", amount, mid), ("cash", -amount, None)])
        if month.month == 2 and rng.random() < 0.25 and (left is None or left.year > day.year):
            _loan(w, rng, mid, day, left)
    if left:
        w.add(left, "Anggota keluar", "savings", [
            *((role, amount, mid) for role, amount in (
                ("savings.pokok", 200_000), ("savings.wajib", wajib),
                ("savings.sukarela", sukarela)) if amount),
            ("cash", -(200_000 + wajib + sukarela), None)])


def _loan(w: _Writer, rng: random.Random, mid: int, day: date, left: date | None) -> None:
    principal = rng.choice((1_000_000, 2_000_000, 3_000_000, 5_000_000))
    w.add(day, "Pencairan pinjaman", "loan", [("loans.receivable", principal, mid),
                                              ("cash", -principal, None)])
    each, jasa = principal // 10, principal * 15 // 1000
    for k in range(1, 11):
        due = date(day.year, day.month + k, 15)
        w.add(due, "Angsuran", "loan", [("cash", each + jasa, None),
                                        ("loans.receivable", -each, mid),
                                        ("income.loan_interest", -jasa, mid)])


def _fill(path: Path, members: int) -> None:
    rng = random.Random(6)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    ids = dict(con.execute("SELECT role, id FROM account WHERE role IS NOT NULL"))
    con.execute("BEGIN")
    rows = _member_rows(rng, members)
    con.executemany(
        "INSERT INTO member (member_no, name, status, joined_on, left_on, migrant_status, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'none', '2016-01-01 00:00:00', "
        "'2016-01-01 00:00:00')", rows)
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS + 1):
        con.execute("INSERT OR IGNORE INTO financial_year (year, starts_on, ends_on, status) "
                    "VALUES (?, ?, ?, 'open')", (year, f"{year}-01-01", f"{year}-12-31"))
    w = _Writer(con, ids)
    member_ids = [r[0] for r in con.execute("SELECT id FROM member ORDER BY member_no")]
    for mid, (_no, _name, _status, joined, left) in zip(member_ids, rows, strict=True):
        _member_life(w, rng, mid, date.fromisoformat(str(joined)),
                     date.fromisoformat(str(left)) if left else None)
    scale = members // 100
    for month in _months():
        for role, amount in (("expense.salaries", 600_000 * scale),
                             ("expense.office", 40_000 * scale),
                             ("expense.utilities", 25_000 * scale)):
            w.add(month + timedelta(days=24), "Beban bulanan", "manual",
                  [(role, amount, None), ("cash", -amount, None)])
        w.add(month + timedelta(days=27), "Penjualan toko", "sale",
              [("cash", 300_000 * scale, None), ("income.sales", -300_000 * scale, None)])
        w.add(month + timedelta(days=27), "HPP toko", "sale",
              [("expense.cogs", 240_000 * scale, None), ("inventory", -240_000 * scale, None)])
        w.add(month + timedelta(days=2), "Beli stok", "sale",
              [("inventory", 240_000 * scale, None), ("cash", -240_000 * scale, None)])
    w.flush()
    _post_all(con)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("ANALYZE")
    con.close()


def _post_all(con: sqlite3.Connection) -> None:
    """Number entries per year in date order, then post them (the trigger checks each)."""
    con.execute("CREATE TEMP TABLE numbering (id INTEGER PRIMARY KEY, n INTEGER)")
    con.execute("INSERT INTO numbering SELECT id, ROW_NUMBER() OVER (PARTITION BY year "
                "ORDER BY date, id) FROM journal_entry WHERE status = 'draft'")
    con.execute("UPDATE journal_entry SET number = (SELECT n FROM numbering WHERE "
                "numbering.id = journal_entry.id), status = 'posted' WHERE status = 'draft'")
    for year, last in con.execute("SELECT year, MAX(number) FROM journal_entry GROUP BY year"
                                  ).fetchall():
        con.execute("INSERT INTO document_counter (series, year, last) VALUES ('JU', ?, ?)",
                    (year, last))
    con.execute("DROP TABLE numbering")
