"""A backup taken while another process keeps writing restores to a book equal to the source at
the moment of the backup: the same entries (a prefix of the writer's), the same per-account
balances, a whole audit chain."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from coopdesk import audit, backup, backup_restore
from coopdesk.book import Book, resolve_location
from tests.trust.conftest import Figures
from tests.trust.writer import drain, read_until, write_forever

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")
BACKUPS = 4


def _balances_through(book: Book, last_number: int) -> dict[str, int]:
    """Per-account balances of the source counting only entries 1..last_number."""
    with book.read() as s:
        rows = s.execute(text(
            "SELECT a.code, SUM(p.amount) FROM posting p JOIN account a ON a.id = p.account_id "
            "JOIN journal_entry e ON e.id = p.entry_id WHERE e.number <= :n GROUP BY a.code"),
            {"n": last_number}).all()
    return {code: int(total) for code, total in rows if total}


def _restored_state(path: Path) -> tuple[list[int], dict[str, int], bool]:
    with Book.open(path) as copy, copy.read() as s:
        numbers = sorted(s.execute(text("SELECT number FROM journal_entry")).scalars())
        rows = s.execute(text(
            "SELECT a.code, SUM(p.amount) FROM posting p JOIN account a ON a.id = p.account_id "
            "GROUP BY a.code")).all()
        chain = audit.verify_chain(s).ok
    return numbers, {code: int(total) for code, total in rows if total}, chain


def test_a_backup_during_writes_restores_to_the_balances_at_that_moment(
        book: Book, tmp_path: Path, figures: Figures) -> None:
    location = book.location.url
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        write_forever(location, w, start=0)
    os.close(w)
    made = []
    said = b""
    try:
        said = read_until(r, b"C ", timeout=30)  # the writer is under way
        for k in range(BACKUPS):
            time.sleep(0.3)
            made.append(backup.make_backup(book, tmp_path / f"during-{k}.coopdesk-backup"))
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        said += drain(r)
        os.close(r)
    assert b"E " not in said, said
    entries_seen = []
    for k, result in enumerate(made):
        target = tmp_path / f"restored-{k}.coopdesk"
        backup_restore.restore(resolve_location(target), result.path)
        numbers, balances, chain_ok = _restored_state(target)
        assert chain_ok
        assert numbers == list(range(1, len(numbers) + 1))  # a prefix of what was written
        assert balances == _balances_through(book, len(numbers))
        assert result.manifest.counts["journal_entry"] == len(numbers)
        entries_seen.append(len(numbers))
    assert entries_seen == sorted(entries_seen) and entries_seen[-1] > entries_seen[0] > 0
    figures.record(f"backup_during_writes.{book.dialect}", backups=BACKUPS,
                   entries_in_each_backup=entries_seen)
