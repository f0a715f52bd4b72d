"""Several bookkeepers at once: processes on one SQLite file, connections on one PostgreSQL
database. Every deposit lands exactly once, journal and receipt numbers are 1..N with no
duplicate and no gap, and the books balance."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import text

from coopdesk import audit
from coopdesk.book import Book
from tests.trust.conftest import Figures
from tests.trust.writer import (
    Ack,
    amount_of,
    drain,
    parse_acks,
    post_one,
    post_one_in,
    warm_up,
    write_forever,
)

PROCESSES, EACH = 4, 40
THREADS, EACH_PG = 6, 25


def _check_exact(book: Book, acks: list[Ack], expected: int) -> None:
    assert len(acks) == expected
    with book.read() as s:
        numbers = sorted(s.execute(text("SELECT number FROM journal_entry")).scalars())
        receipts = sorted(s.execute(text("SELECT seq FROM receipt")).scalars())
        per_entry = s.execute(text("SELECT COUNT(*) FROM posting GROUP BY entry_id "
                                   "HAVING SUM(amount) <> 0")).all()
        cash = s.execute(text("SELECT SUM(p.amount) FROM posting p JOIN account a "
                              "ON a.id = p.account_id WHERE a.role = 'cash'")).scalar_one()
        assert audit.verify_chain(s).ok
    assert numbers == list(range(1, expected + 1))
    assert receipts == list(range(1, expected + 1))
    assert per_entry == []
    assert sorted(a.number for a in acks) == numbers  # each writer got its own numbers
    assert not [n for n, k in Counter(a.receipt for a in acks).items() if k > 1]
    assert cash == sum(amount_of(a.tag) for a in acks)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")
def test_processes_writing_one_sqlite_book_at_once(sqlite_book: Book, figures: Figures) -> None:
    path = str(sqlite_book.location.path)
    sqlite_book.close()
    children = []
    started = time.perf_counter()
    for k in range(PROCESSES):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            write_forever(path, w, start=k * 1000, count=EACH)
        os.close(w)
        children.append((pid, r))
    acks: list[Ack] = []
    for pid, r in children:
        data = drain(r)
        os.close(r)
        _pid, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, data
        acks.extend(parse_acks(data)[0])
    elapsed = time.perf_counter() - started
    with Book.open(path) as book:
        _check_exact(book, acks, PROCESSES * EACH)
    figures.record("concurrency.sqlite", processes=PROCESSES, entries_each=EACH,
                   entries=len(acks), seconds=round(elapsed, 1))


def test_connections_writing_one_postgresql_book_at_once(book: Book, figures: Figures) -> None:
    if book.dialect != "postgresql":
        pytest.skip("PostgreSQL: several connections; SQLite is tested with processes")
    attempts = Counter[int]()
    acks: list[Ack] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        try:
            with Book.open(book.location.url) as mine:
                warm_up(mine)
                for i in range(EACH_PG):
                    tag = k * 1000 + i
                    ack = post_one(mine, tag, on_attempt=lambda t=tag: attempts.update([t]))
                    with lock:
                        acks.append(ack)
        except BaseException as exc:
            failures.append(exc)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    assert failures == []
    _check_exact(book, acks, THREADS * EACH_PG)
    retries = sum(attempts.values()) - len(acks)
    assert retries >= 0
    figures.record("concurrency.postgresql", connections=THREADS, entries_each=EACH_PG,
                   entries=len(acks), serialization_retries=retries,
                   seconds=round(elapsed, 1))


def test_a_lost_serialization_race_is_retried_whole(book: Book) -> None:
    """What PostgreSQL reports when two writers collide (SQLSTATE 40001): the action runs
    again from the start in a new transaction, and the first attempt leaves nothing behind."""
    import psycopg.errors
    from sqlalchemy.exc import OperationalError

    calls = []

    def action(s: object) -> Ack:
        calls.append(1)
        ack = post_one_in(s, 4242)
        if len(calls) < 3:
            raise OperationalError("COMMIT", {}, psycopg.errors.SerializationFailure())
        return ack

    ack = book.write(action)  # type: ignore[arg-type]
    assert len(calls) == 3
    with book.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM journal_entry")).scalar_one() == 1
    assert (ack.number, ack.receipt) == (1, "KW/2025/000001")
