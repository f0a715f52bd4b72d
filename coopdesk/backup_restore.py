"""Putting a backup back: checked first, the current book kept, then all of it or none of it.

`restore(location, file)` verifies the backup's checksum and schema revision (refusing one made
by a newer coopdesk), keeps a copy of the book it replaces, and then:

- for a SQLite book, builds the restored book in a file beside it, checks it (integrity, row
  counts), and copies it in with SQLite's backup API, so a program that still has the book open
  sees either the old book or the new one, never a mixture;
- for a PostgreSQL book, drops and recreates its tables at the backup's revision and loads the
  rows in one transaction.

A backup of an older revision is then upgraded like any older book. Any backup can be restored
into either kind of book (a logical copy of a PostgreSQL book into a SQLite file, and back).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import Connection

from coopdesk import audit, backup_rows
from coopdesk.backup import (
    BackupRefused,
    Manifest,
    _payload,
    _unique,
    _write_backup,
    backup_name,
    verify_backup,
)
from coopdesk.book import BUSY_TIMEOUT_S, SQLITE_HEADER, Book, Location, backup_sqlite, upgrade
from coopdesk.i18n import _
from coopdesk.paths import backup_dir


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    kept: str | None  # where the copy of the replaced book is, if there was one
    place: str
    upgraded_from: tuple[str, ...] | None


def probe(location: Location) -> str:
    """What is at `location` now: 'missing', 'book', 'broken' (a damaged SQLite book) or
    'foreign' (something that is not a coopdesk book: never replaced)."""
    if location.path is None:
        return _probe_server(location)
    path = location.path
    if not path.exists() or path.stat().st_size == 0:
        return "missing"
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return "foreign"
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            if con.execute("PRAGMA quick_check").fetchone() != ("ok",):
                return "broken"
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if "setting" not in tables:
                return "foreign" if tables else "missing"
            row = con.execute("SELECT value FROM setting WHERE key = 'book.format'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return "broken"
    return "book" if row and "coopdesk" in str(row[0]) else "foreign"


def _probe_server(location: Location) -> str:
    engine = create_engine(location.url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if not tables:
                return "missing"
            if "setting" not in tables:
                return "foreign"
            fmt = conn.execute(text("SELECT value FROM setting WHERE key = 'book.format'")).scalar()
    finally:
        engine.dispose()
    return "book" if fmt and "coopdesk" in str(fmt) else "foreign"


def restore(location: Location, backup_file: Path, *, keep_dir: Path | None = None,
            username: str = "system") -> RestoreResult:
    manifest = verify_backup(backup_file)
    state = probe(location)
    if state == "foreign":
        raise BackupRefused(_("“{place}” is not a coopdesk book, so it was not replaced. Choose "
                              "another place with --db.").format(place=location.display))
    if location.path is not None:
        kept = _restore_sqlite(location.path, backup_file, manifest, state)
    else:
        kept = _restore_server(location, backup_file, manifest, state, keep_dir)
    with Book.open(location) as book:
        book.write(lambda s: audit.record(
            s, "backup.restore", entity="backup", entity_id=Path(backup_file).name[:80],
            after={"sha256": manifest.sha256, "schema": manifest.schema,
                   "made": manifest.created_at, "kept": kept}, username=username))
        upgraded = book.upgraded_from
    return RestoreResult(manifest, kept, location.display, upgraded)


# --- SQLite ------------------------------------------------------------------------------------


def _restore_sqlite(target: Path, backup_file: Path, manifest: Manifest, state: str) -> str | None:
    staged = target.with_name(f".{target.name}.restoring")
    staged.unlink(missing_ok=True)
    try:
        _stage_sqlite(staged, backup_file, manifest)
        kept = _keep_sqlite(target, state)
        if state == "book":
            _copy_into(staged, target)
        else:
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.replace(target)
    finally:
        staged.unlink(missing_ok=True)
    return kept


def _stage_sqlite(staged: Path, backup_file: Path, manifest: Manifest) -> None:
    if manifest.kind == "sqlite":
        with _payload(backup_file, manifest) as src, staged.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    else:
        engine = create_engine(f"sqlite:///{staged}")
        try:
            with _migrated_to(engine, manifest.schema) as conn, \
                    _payload(backup_file, manifest) as fh:
                backup_rows.load_tables(conn, backup_rows.read_jsonl(fh))
        finally:
            engine.dispose()
    _check_staged(staged, manifest)


def _check_staged(staged: Path, manifest: Manifest) -> None:
    con = sqlite3.connect(staged)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()
    engine = create_engine(f"sqlite:///{staged}")
    try:
        with engine.connect() as conn:
            schema = backup_rows.revision_of(conn)
            counts = backup_rows.count_rows(conn)
    finally:
        engine.dispose()
    if not ok or schema != tuple(sorted(manifest.schema)) or not _whole(counts, manifest):
        raise BackupRefused(_("The backup did not come back whole (its contents do not match its "
                              "list); the book was not changed."))


def _whole(counts: dict[str, int], manifest: Manifest) -> bool:
    """Every table the backup listed came back with its rows (a table the backup did not
    have, from the same revision's code, is empty: loading empties every table first)."""
    return all(counts.get(table) == n for table, n in manifest.counts.items())


def _keep_sqlite(target: Path, state: str) -> str | None:
    if state == "missing":
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = _unique(target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}"))
    if state == "book":
        backup_sqlite(target, kept)
    else:  # a damaged book cannot be read page by page: keep its files as they are
        shutil.copy2(target, kept)
        for suffix in ("-wal", "-shm"):
            side = Path(f"{target}{suffix}")
            if side.exists():
                shutil.copy2(side, Path(f"{kept}{suffix}"))
    return str(kept)


def _copy_into(staged: Path, target: Path) -> None:
    """Replace the live book's pages under SQLite's own lock (other connections stay valid)."""
    src = sqlite3.connect(staged)
    try:
        dst = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


# --- PostgreSQL ---------------------------------------------------------------------------------


def _restore_server(location: Location, backup_file: Path, manifest: Manifest, state: str,
                    keep_dir: Path | None) -> str | None:
    engine = create_engine(location.url, pool_pre_ping=True, isolation_level="SERIALIZABLE")
    try:
        kept = None
        if state in ("book", "broken"):
            current = Book(location, engine)
            folder = keep_dir or backup_dir()
            kept = str(_write_backup(current, _unique(folder / backup_name(
                "", "before-restore")), "before-restore").path)
        with _rows_of(backup_file, manifest) as tables, engine.begin() as conn:
            _drop_book(conn)
            for rev in manifest.schema:
                upgrade(conn, rev)
            counts = backup_rows.load_tables(conn, tables)
            if not _whole(counts, manifest):
                raise BackupRefused(_("The backup did not come back whole (its contents do not "
                                      "match its list); the book was not changed."))
    finally:
        engine.dispose()
    return kept


@contextmanager
def _rows_of(backup_file: Path, manifest: Manifest) -> Iterator[Iterator[backup_rows.TableRows]]:
    if manifest.kind == "logical":
        with _payload(backup_file, manifest) as fh:
            yield backup_rows.read_jsonl(fh)
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="coopdesk-restore-") as tmp:
        staged = Path(tmp) / "book.sqlite"
        with _payload(backup_file, manifest) as src, staged.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        source = create_engine(f"sqlite:///{staged}")
        try:
            with source.connect() as conn:
                yield backup_rows.read_tables(conn)
        finally:
            source.dispose()


def _drop_book(conn: Connection) -> None:
    """Remove the book's tables and trigger functions (in the restore's transaction)."""
    for name in inspect(conn).get_table_names():
        conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    functions = conn.execute(text(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = current_schema() "
        "AND p.proname LIKE 'coopdesk%'")).scalars().all()
    for signature in functions:
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")


@contextmanager
def _migrated_to(engine: Engine, schema: tuple[str, ...]) -> Iterator[Connection]:
    with engine.begin() as conn:
        for rev in schema:
            upgrade(conn, rev)
        yield conn
