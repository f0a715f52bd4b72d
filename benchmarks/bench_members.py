"""The register's and savings' figures (issue 3), each beside a reference doing the same work.

- import 10,000 members from XLSX (≤ 10 s) — reference: openpyxl reading the same file;
- the member list's search, keystroke by keystroke, on 10,000 members (≤ 50 ms per keystroke) —
  reference: the same LIKE query on raw sqlite3;
- dues arrears for a month, 5,000 members with 10 years of dues (≤ 0.5 s) — reference: the raw
  SQL aggregate of the wajib postings;
- one member's 10-year statement as PDF (≤ 0.3 s) — reference: raw ReportLab drawing the same
  rows on a canvas.
"""

from __future__ import annotations

import io
import random
import sqlite3
from datetime import date
from pathlib import Path

from benchmarks.harness import Bench
from coopdesk.book import Book
from coopdesk.demo import (
    DemoPlan,
    journal_step,
    members_step,
    savings_register,
    savings_step,
    setup_step,
)
from coopdesk.demo.people import DISTRICTS, FAMILY, MEN, WOMEN
from coopdesk.ledger import member_statement, savings_dues
from coopdesk.members import importing, nik, register
from coopdesk.pdf import Letterhead

TODAY = date(2026, 11, 28)


def run(bench: Bench) -> None:
    members = 1_000 if bench.quick else 10_000
    path = _import_file(bench, members)
    book_path = _import(bench, path, members)
    _search(bench, book_path, members)
    demo = _demo_book(bench, 300 if bench.quick else 5_000)
    _arrears(bench, demo)
    _statement(bench, demo)


# --- import --------------------------------------------------------------------------------------


def _import_file(bench: Bench, members: int) -> Path:
    path = bench.workdir / f"members-{members}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    rng = random.Random(5)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Anggota")
    ws.append(list(importing.INDONESIAN[c] for c in importing.COLUMNS))
    villages = [(d, v) for d, vs in DISTRICTS.items() for v in vs]
    for n in range(1, members + 1):
        woman = rng.random() < 0.7
        born = date(rng.randint(1965, 2003), rng.randint(1, 12), rng.randint(1, 28))
        district, village = rng.choice(villages)
        row = [f"A{n:05d}", f"{rng.choice(WOMEN if woman else MEN)} {rng.choice(FAMILY)}",
               nik.make("330226", born, woman, n % 9999 + 1), "P" if woman else "L", born,
               village, date(2020, 1, 1), rng.choice(("SD", "SMP", "SMA", "SMK", "D3")),
               "returned", rng.choice(("HK", "TW", "MY", "SG", "KR")),
               rng.choice(("formal", "informal")), date(2015, 3, 1), date(2018, 3, 1),
               f"RT {n % 9 + 1:02d}", f"0812{n:08d}", district, "", ""]
        ws.append(row)
    wb.save(path)
    return path


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with Book.open(path, create=True) as book, book.transaction() as s:
        setup_step.run(s, DemoPlan(members=1, years=1, today=TODAY))
    return path


def _import(bench: Bench, xlsx: Path, members: int) -> Path:
    from openpyxl import load_workbook

    def reference() -> None:
        wb = load_workbook(xlsx, read_only=True, data_only=True)
        for _row in wb.worksheets[0].iter_rows(values_only=True):
            pass
        wb.close()

    target = bench.workdir / f"import-{members}.coopdesk"
    _fresh(target)
    with Book.open(target) as book:
        seconds, result = bench.once(
            lambda: book.write(lambda s: importing.import_members(s, xlsx)))
    assert result.members_added == members
    bench.record(f"import {members:,} members from XLSX", seconds, target_s=10.0,
                 reference=("openpyxl reading the file", bench.time(reference, repeat=1)))
    return target


# --- search --------------------------------------------------------------------------------------


def _search(bench: Bench, path: Path, members: int) -> None:
    typed = ["s", "si", "sit", "siti", "siti ", "siti r", "siti ra", "siti rah", "a0", "a01",
             "kun", "kunt", "3302"]
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def reference() -> None:
        for text in typed:
            like = f"%{text.strip()}%"
            ids = [r[0] for r in raw.execute(
                "SELECT id FROM member WHERE name LIKE ? OR village LIKE ? OR member_no LIKE ? "
                "ORDER BY name, member_no", (like, like, f"{text.strip()}%"))]
            raw.execute(f"SELECT * FROM member WHERE id IN ({','.join('?' * len(ids[:60]))})",
                        ids[:60]).fetchall()

    with Book.open(path) as book:
        def service() -> None:
            for text in typed:
                with book.read() as s:
                    ids = register.search_ids(s, text)
                    register.rows_by_ids(s, ids[:60])  # the first screenful

        per_key = bench.time(service, repeat=5) / len(typed)
    ref = bench.time(reference, repeat=5) / len(typed)
    raw.close()
    bench.record(f"member search per keystroke ({members:,} members)", per_key,
                 target_s=0.05, reference=("raw sqlite3 LIKE query", ref))


# --- a cooperative with ten years of dues -------------------------------------------------------


def _demo_book(bench: Bench, members: int) -> Path:
    path = bench.workdir / f"members-demo-{members}.coopdesk"
    if path.exists():
        return path
    print(f"  building a cooperative with {members:,} members and 10 years of savings "
          "(once) ...", flush=True)
    tmp = path.with_suffix(".partial")
    Book.open(_clear(tmp), create=True).close()
    plan = DemoPlan(members=members, years=10, seed=1, today=TODAY)
    with Book.open(tmp) as book, book.transaction() as s:
        for step in (setup_step.run, members_step.run, savings_register.run, journal_step.run,
                     savings_step.run):
            step(s, plan)
    raw = sqlite3.connect(tmp)
    raw.execute("ANALYZE")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    tmp.rename(path)
    return path


def _clear(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _arrears(bench: Bench, path: Path) -> None:
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    wajib = raw.execute("SELECT id FROM account WHERE role = 'savings.wajib'").fetchone()[0]
    postings = raw.execute("SELECT COUNT(*) FROM posting WHERE account_id = ?",
                           (wajib,)).fetchone()[0]
    members = raw.execute("SELECT COUNT(*) FROM member").fetchone()[0]

    def reference() -> None:
        raw.execute("SELECT member_id, SUM(amount), MAX(date) FROM posting WHERE account_id = ? "
                    "AND date <= ? AND member_id IS NOT NULL GROUP BY member_id",
                    (wajib, TODAY.isoformat())).fetchall()
        raw.execute("SELECT id, member_no, name, village, phone, joined_on FROM member "
                    "WHERE status = 'anggota'").fetchall()

    with Book.open(path) as book:
        def service() -> None:
            with book.read() as s:
                savings_dues.arrears(s, 2026, 10, as_of=TODAY)

        seconds = bench.time(service, repeat=5)
    bench.record(f"dues arrears for a month ({members:,} members, {postings:,} wajib postings)",
                 seconds, target_s=0.5,
                 reference=("raw SQL aggregate", bench.time(reference, repeat=5)))
    raw.close()


def _statement(bench: Bench, path: Path) -> None:
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    member_no, count = raw.execute(
        "SELECT m.member_no, COUNT(*) FROM posting p JOIN member m ON m.id = p.member_id "
        "GROUP BY m.member_no ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
    raw.close()
    with Book.open(path) as book:
        with book.read() as s:
            st = member_statement.member_statement(s, member_no, end=TODAY)
            head = Letterhead.from_book(s)

        def service() -> None:
            with book.read() as s:
                data = member_statement.member_statement(s, member_no, end=TODAY)
                member_statement.statement_pdf(data, Letterhead.from_book(s))

        seconds = bench.time(service, repeat=5)
    rows = [(ln.date.isoformat(), ln.reference, ln.description, str(ln.amount_in),
             str(ln.amount_out), str(ln.balance)) for sec in st.sections for ln in sec.lines]
    bench.record(f"one member's statement PDF ({count} postings, {len(rows)} lines)", seconds,
                 target_s=0.3, reference=("raw ReportLab canvas, same rows",
                                          bench.time(lambda: _raw_pdf(rows, head.name),
                                                     repeat=5)))


def _raw_pdf(rows: list[tuple[str, ...]], title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from coopdesk.pdf import FONT, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    y = 800.0
    canvas.setFont(FONT, 12)
    canvas.drawString(40, y, title)
    for row in rows:
        y -= 12
        if y < 50:
            canvas.showPage()
            y = 800.0
        canvas.setFont(FONT, 7.5)
        for x, cell in zip((40, 100, 180, 380, 440, 500), row, strict=True):
            canvas.drawString(x, y, cell[:60])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
