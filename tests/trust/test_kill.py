"""Pulling the plug: a process posting deposits is killed with SIGKILL at random moments, over and
over. After every kill the book must be whole: SQLite's integrity check passes, every entry is
posted, numbered and balanced with its receipt, every entry the writer was told was saved is
there, journal and receipt numbers have no gaps, and the audit trail's head is the newest record.

The writer is forked (not started afresh) so that a hundred kills take seconds, not minutes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from coopdesk import audit
from coopdesk.book import Book
from tests.trust.conftest import Figures
from tests.trust.writer import Ack, drain, parse_acks, read_until, write_forever

KILLS = 120
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")]


def _kill_once(path: str, start: int, delay: float) -> tuple[list[Ack], bool]:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: writes until it is killed
        os.close(r)
        write_forever(path, w, start=start)
    os.close(w)
    try:
        data = read_until(r, b"R\n", timeout=30)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
        data += drain(r)
    finally:
        os.close(r)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, data
    return parse_acks(data)


def check_whole(path: str, acked: dict[int, Ack]) -> int:
    """Every promise of the book after a crash; returns the number of entries."""
    con = sqlite3.connect(path, timeout=30)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        entries = {row[0]: row[1:] for row in con.execute(
            "SELECT id, number, status, year FROM journal_entry")}
        assert all(status == "posted" for _n, status, _y in entries.values())
        numbers = sorted(n for n, _s, _y in entries.values())
        assert numbers == list(range(1, len(numbers) + 1))
        counter = con.execute("SELECT last FROM document_counter WHERE series = 'JU' "
                              "AND year = 2025").fetchone()
        assert (counter[0] if counter else 0) == len(numbers)
        bad = con.execute("SELECT entry_id FROM posting GROUP BY entry_id "
                          "HAVING SUM(amount) <> 0 OR COUNT(*) < 2").fetchall()
        assert bad == []
        assert con.execute("SELECT COUNT(*) FROM journal_entry e WHERE NOT EXISTS "
                           "(SELECT 1 FROM posting p WHERE p.entry_id = e.id)").fetchone() == (0,)
        receipts = dict(con.execute("SELECT entry_id, number FROM receipt"))
        assert set(receipts) == set(entries)  # an entry and its receipt: both or neither
        seqs = sorted(int(n.rsplit("/", 1)[1]) for n in receipts.values())
        assert seqs == list(range(1, len(seqs) + 1))
        for ack in acked.values():
            assert ack.entry_id in entries, f"acknowledged entry {ack} was lost"
            assert entries[ack.entry_id][0] == ack.number
            assert receipts[ack.entry_id] == ack.receipt
        head = con.execute("SELECT h.last_id, h.last_hash = l.hash, "
                           "(SELECT MAX(id) FROM audit_log) FROM audit_head h "
                           "JOIN audit_log l ON l.id = h.last_id").fetchone()
        assert head[0] == head[2] and head[1] == 1
        return len(numbers)
    finally:
        con.close()


def test_sigkill_at_random_moments_loses_nothing_that_was_acknowledged(
        sqlite_book: Book, figures: Figures) -> None:
    path = str(sqlite_book.location.path)
    sqlite_book.close()  # no connection may cross a fork
    rng = random.Random(20251128)
    acked: dict[int, Ack] = {}
    before_commit = after_commit = 0
    started = time.perf_counter()
    entries = 0
    for k in range(KILLS):
        acks, _inside = _kill_once(path, start=k * 1_000_000, delay=rng.uniform(0.0, 0.08))
        acked.update((a.entry_id, a) for a in acks)
        was = entries
        entries = check_whole(path, acked)
        # The kill fell before the last commit finished (its entry vanished whole), or after it
        # but before the writer could say so (its entry is there though never acknowledged).
        if entries - was > len(acks):
            after_commit += 1
        else:
            before_commit += 1
    elapsed = time.perf_counter() - started
    with Book.open(Path(path)) as book, book.read() as s:
        chain = audit.verify_chain(s)
    assert chain.ok
    assert entries >= len(acked) >= KILLS // 2  # the writer got work done between kills
    assert before_commit > KILLS // 4 and after_commit > 0  # both kinds of moment were hit
    figures.record("kill", kills=KILLS, killed_before_a_commit_ended=before_commit,
                   killed_after_commit_before_acknowledgement=after_commit,
                   entries_acknowledged=len(acked), entries_in_book=entries,
                   unacknowledged_but_committed=entries - len(acked),
                   audit_records_verified=chain.records, seconds=round(elapsed, 1))
