"""Upgrading: a book made at each earlier schema revision, holding a cooperative's data, opens in
this version with every row still there, the same per-account balances and a whole audit chain,
after a whole backup file of it was saved in the chosen backup folder. An upgrade that fails, or
that is refused because no copy could be saved, leaves the book as it was.

The data comes from the demo cooperative built once at the newest revision: for each earlier
revision an empty database is migrated to it and given the demo's rows of the tables (and
columns) that revision had, as a book of that time would have held them."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from coopdesk import audit, backup, backup_rows, users
from coopdesk.access import SYSTEM
from coopdesk.book import Book, head_revisions, known_revisions, upgrade
from coopdesk.demo import DemoPlan, build_demo
from coopdesk.errors import BookError
from tests.conftest import PG_SKIP, PG_URL
from tests.trust.conftest import Figures

EARLIER = sorted(known_revisions() - set(head_revisions()))


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.coopdesk"
    with Book.open(path, create=True) as book:
        build_demo(book, DemoPlan(members=25, years=2, seed=7, today=date(2026, 6, 30)))
    return path


def _rows_for(conn: Connection, source: Connection) -> Iterator[backup_rows.TableRows]:
    """The source's rows of the tables and columns the target database has."""
    target = backup_rows.reflect(conn)
    for name, columns, rows in backup_rows.read_tables(source):
        if name not in target.tables:
            continue
        keep = [i for i, c in enumerate(columns) if c in target.tables[name].columns]
        yield name, [columns[i] for i in keep], ([row[i] for i in keep] for row in rows)


def _state(conn: Connection) -> tuple[dict[str, int], dict[str, int]]:
    balances = dict(conn.execute(text(
        "SELECT a.code, SUM(p.amount) FROM posting p JOIN account a ON a.id = p.account_id "
        "GROUP BY a.code")).all())
    return backup_rows.count_rows(conn), {k: int(v) for k, v in balances.items()}


def _make_old_book(url: str, revision: str, demo: Path) -> tuple[dict[str, int], dict[str, int]]:
    engine = create_engine(url)
    source = create_engine(f"sqlite:///{demo}")
    try:
        with engine.begin() as conn, source.connect() as src:
            upgrade(conn, revision)
            backup_rows.load_tables(conn, _rows_for(conn, src))
        with engine.connect() as conn:
            assert backup_rows.revision_of(conn) == (revision,)
            return _state(conn)
    finally:
        engine.dispose()
        source.dispose()


@pytest.fixture
def place(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.coopdesk'}"
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    from sqlalchemy.engine import make_url

    name = f"coopdesk_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies made before an upgrade go to the data folder: one per test."""
    monkeypatch.setenv("COOPDESK_DATA_DIR", str(tmp_path / "data"))


def _choose_backup_folder(url: str, folder: Path) -> None:
    """What `coopdesk backup-settings --folder` stored in the old book."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM setting WHERE key = 'backup.folder'"))
            conn.execute(text("INSERT INTO setting (key, value) VALUES ('backup.folder', :v)"),
                         {"v": json.dumps(str(folder))})
    finally:
        engine.dispose()


def _as_it_is(url: str) -> tuple[tuple[str, ...], dict[str, int], dict[str, int], str]:
    """Revision, row counts, balances, and for SQLite every row and schema line (iterdump)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            revision = backup_rows.revision_of(conn)
            counts, balances = _state(conn)
    finally:
        engine.dispose()
    dump = ""
    if url.startswith("sqlite:///"):
        con = sqlite3.connect(url.removeprefix("sqlite:///"))
        dump = "\n".join(con.iterdump())
        con.close()
    return revision, counts, balances, dump


def _beside(place: str) -> set[str]:
    """The files next to a SQLite book (its WAL and shared-memory files set aside; the test's
    folders for backups live there too)."""
    if not place.startswith("sqlite:///"):
        return set()
    folder = Path(place.removeprefix("sqlite:///")).parent
    return {p.name for p in folder.iterdir()
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


@pytest.mark.parametrize("revision", EARLIER)
def test_a_book_of_an_earlier_revision_upgrades_with_nothing_lost(
        demo_book: Path, place: str, revision: str, figures: Figures, tmp_path: Path) -> None:
    counts, balances = _make_old_book(place, revision, demo_book)
    assert counts["journal_entry"] > 100 and balances
    usb = tmp_path / "usb"
    _choose_backup_folder(place, usb)
    counts = _as_it_is(place)[1]  # with the setting just added
    beside = _beside(place)
    with Book.open(place) as book:
        assert book.upgraded_from == (revision,)
        # The copy is a whole backup file in the chosen folder, of the book as it was.
        assert book.upgrade_backup is not None and book.upgrade_backup.parent == usb
        copy = backup.verify_backup(book.upgrade_backup)
        assert copy.schema == (revision,) and copy.reason == "upgrade"
        assert {t: copy.counts[t] for t in counts} == counts
        assert _beside(place) == beside  # nothing left next to the book file
        with book.read() as s:
            after_counts, after_balances = _state(s.connection())
            chain = audit.verify_chain(s)
            has_users = users.has_users(s)
        # The book keeps working after the upgrade: a new entry takes the next number.
        with book.transaction(SYSTEM) as s:
            from coopdesk.ledger import journal
            from coopdesk.ledger.journal import credit, debit

            e = journal.post_entry(s, date=date(2026, 6, 30), memo="setelah upgrade",
                                   lines=[debit("cash", 1), credit("income.other", 1)])
    assert {t: after_counts[t] for t in counts} == counts
    assert after_balances == balances
    assert chain.ok and chain.records == counts["audit_log"]
    assert not has_users  # a book from before users opens for its administrator
    assert e.number > 0
    kind = "sqlite" if place.startswith("sqlite") else "postgresql"
    figures.record(f"migration.{revision}.{kind}", tables=len(counts),
                   rows=sum(counts.values()), entries=counts["journal_entry"],
                   accounts_with_balance=len(balances))


LAST_EARLIER = EARLIER[-1]


def test_without_a_usable_backup_folder_the_copy_goes_to_the_data_folder(
        demo_book: Path, place: str, tmp_path: Path) -> None:
    counts, _balances = _make_old_book(place, LAST_EARLIER, demo_book)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the USB stick's folder should be")
    _choose_backup_folder(place, blocker / "cadangan")
    with Book.open(place) as book:
        assert book.upgraded_from == (LAST_EARLIER,)
        assert book.upgrade_backup is not None
        assert book.upgrade_backup.parent == tmp_path / "data" / "backups"
        assert backup.verify_backup(book.upgrade_backup).counts["journal_entry"] == \
            counts["journal_entry"]


def test_an_upgrade_without_a_copy_is_refused_and_the_book_is_left_as_it_was(
        demo_book: Path, place: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _make_old_book(place, LAST_EARLIER, demo_book)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    _choose_backup_folder(place, blocker / "usb")
    monkeypatch.setenv("COOPDESK_DATA_DIR", str(blocker / "data"))  # no fallback either
    before = _as_it_is(place)
    with pytest.raises(BookError, match=r"could not be saved first.*not changed"):
        Book.open(place)
    assert _as_it_is(place) == before


def test_an_upgrade_that_fails_halfway_leaves_the_book_as_it_was(
        demo_book: Path, place: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coopdesk.book

    _make_old_book(place, LAST_EARLIER, demo_book)
    _choose_backup_folder(place, tmp_path / "usb")
    before = _as_it_is(place)

    def fails_after_migrating(conn: Connection, target: str = "heads") -> None:
        upgrade(conn, target)  # every migration ran, in the upgrade's one transaction ...
        assert backup_rows.revision_of(conn) == tuple(sorted(head_revisions()))
        raise OSError("the power went out")  # ... which then never commits

    monkeypatch.setattr(coopdesk.book, "upgrade", fails_after_migrating)
    with pytest.raises(OSError, match="power"):
        Book.open(place)
    assert _as_it_is(place) == before
    monkeypatch.undo()
    monkeypatch.setenv("COOPDESK_DATA_DIR", str(tmp_path / "data"))
    with Book.open(place) as book:  # the next start upgrades it properly
        assert book.upgraded_from == (LAST_EARLIER,)
    assert len(list((tmp_path / "usb").iterdir())) == 2  # a copy before each attempt
