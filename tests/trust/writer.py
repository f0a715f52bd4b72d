"""A bookkeeper who never stops: posts deposits with receipts, one transaction each, and tells its
parent over a pipe when it is ready (`R`), when it begins (`B`) and after each commit
(`C entry number receipt tag`).

Used by the kill test (the process is killed at random moments), the concurrency tests (several
at once) and the backup-during-writes test. It runs in a forked child, so it must not share a
database connection with its parent: it opens its own book."""

from __future__ import annotations

import os
import select
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NoReturn

from sqlalchemy.orm import Session

from coopdesk.book import Book
from coopdesk.ledger import journal, receipts
from coopdesk.ledger.journal import credit, debit

D = date(2025, 6, 1)
ACCOUNTS = ("savings.sukarela", "income.other")


@dataclass(frozen=True)
class Ack:
    entry_id: int
    number: int
    receipt: str
    tag: int  # which deposit: its amount is `amount_of(tag)`


def amount_of(tag: int) -> int:
    return 1_000 + (tag * 7919) % 50_000


def post_one_in(s: Session, n: int) -> Ack:
    """The deposit in the caller's transaction."""
    amount = amount_of(n)
    other = ACCOUNTS[n % len(ACCOUNTS)]
    e = journal.post_entry(s, date=D, memo=f"setoran {n}",
                           lines=[debit("cash", amount), credit(other, amount)],
                           source="test", source_ref=str(n))
    r = receipts.issue_receipt(s, e.id, kind="test.deposit", title=f"Setoran {n}")
    return Ack(e.id, e.number, r.number, n)


def post_one(book: Book, n: int, *, on_attempt: Callable[[], object] | None = None) -> Ack:
    """One deposit of a deterministic amount, with its receipt, in one transaction.
    `on_attempt` is called at each try (PostgreSQL retries a lost serialization race)."""
    def action(s: Session) -> Ack:
        if on_attempt is not None:
            on_attempt()
        return post_one_in(s, n)

    return book.write(action)


class _WarmUp(Exception):
    pass


def warm_up(book: Book) -> None:
    """Run one deposit and roll it back: the first action of a process is slow (caches, compiled
    statements), and the kill test wants its kills to land among ordinary ones."""
    try:
        with book.transaction() as s:
            post_one_in(s, 0)
            raise _WarmUp
    except _WarmUp:
        pass


def parse_acks(data: bytes) -> tuple[list[Ack], bool]:
    """The committed entries a writer reported, and whether it was inside a transaction."""
    acks: list[Ack] = []
    open_tx = False
    for line in data.decode().splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "B":
            open_tx = True
        elif parts[0] == "C" and len(parts) == 5:
            acks.append(Ack(int(parts[1]), int(parts[2]), parts[3], int(parts[4])))
            open_tx = False
        elif parts[0] == "E":
            raise AssertionError(f"the writer failed: {line}")
    return acks, open_tx


def read_until(fd: int, marker: bytes, timeout: float) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while marker not in data:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"the writer did not start: {data!r}")
        ready, _w, _x = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
    return data


def drain(fd: int) -> bytes:
    """Everything a writer says until it ends (blocking)."""
    data = b""
    while chunk := os.read(fd, 65536):
        data += chunk
    return data


def write_forever(db: str, fd: int, *, start: int, count: int | None = None) -> NoReturn:
    """The child's whole life: never returns (os._exit), so pytest's machinery never runs in it."""
    code = 0
    try:
        with Book.open(db) as book:
            warm_up(book)
            os.write(fd, b"R\n")
            n = start
            while count is None or n < start + count:
                os.write(fd, b"B\n")
                ack = post_one(book, n)
                os.write(fd, f"C {ack.entry_id} {ack.number} {ack.receipt} {n}\n".encode())
                n += 1
    except BaseException as exc:  # reported to the parent, which fails the test
        try:
            os.write(fd, f"E {type(exc).__name__}: {exc}\n".encode()[:4000])
        finally:
            code = 1
    finally:
        os._exit(code)
