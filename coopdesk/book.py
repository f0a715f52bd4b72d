"""A book: one cooperative's database, opened safely, migrated, and used one action at a time.

`Book.open()` finds the book (`--db`, `COOPDESK_DB`, or the file in the user's data folder),
refuses anything that is not a coopdesk book without touching it, upgrades an older book after a
backup copy, and hands out sessions. Every user action is one transaction:

    with book.transaction() as session:      # or book.write(lambda s: service(s, ...))
        savings.deposit(session, ...)

Services flush, never commit. SQLite books use WAL, foreign keys, a busy timeout and write
transactions begun IMMEDIATE (so two writers queue instead of failing halfway); PostgreSQL books
run writes SERIALIZABLE, and `write()` retries an action that lost a serialization race.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from coopdesk.access import SYSTEM, Actor
from coopdesk.errors import BookError, UserError
from coopdesk.i18n import _
from coopdesk.paths import default_book_path

T = TypeVar("T")

BOOK_FORMAT = "coopdesk"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0
_RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock
_QUEUE_WRITERS = text("LOCK TABLE audit_head IN SHARE ROW EXCLUSIVE MODE")


@dataclass(frozen=True)
class Location:
    """Where a book lives: a SQLAlchemy URL, and the file path when it is SQLite."""

    url: str
    path: Path | None

    @property
    def display(self) -> str:
        if self.path is not None:
            return str(self.path)
        return make_url(self.url).render_as_string(hide_password=True)


def resolve_location(location: str | Path | None = None) -> Location:
    """`--db` value, else `COOPDESK_DB`, else the default book in the user's data folder."""
    raw = location if location is not None else os.environ.get("COOPDESK_DB")
    if raw is None or str(raw) == "":
        path = default_book_path()
        return Location(f"sqlite:///{path}", path)
    text_value = str(raw)
    if "://" in text_value:
        url = make_url(text_value)
        if url.get_backend_name() == "sqlite":
            db = url.database or ""
            return Location(text_value, Path(db).expanduser().resolve() if db else None)
        return Location(text_value, None)
    path = Path(text_value).expanduser().resolve()
    return Location(f"sqlite:///{path}", path)


# --- migrations -------------------------------------------------------------------------------


def _alembic_config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "coopdesk:migrations")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def _script_heads() -> tuple[tuple[str, ...], frozenset[str]]:
    scanned = _scan_revisions()
    if scanned is not None:
        return scanned
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    known = frozenset(rev.revision for rev in script.walk_revisions())
    return tuple(script.get_heads()), known


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def _scan_revisions() -> tuple[tuple[str, ...], frozenset[str]] | None:
    """Heads and known revisions read straight from the version files, or None if a file is
    not in the plain form. Importing alembic costs a third of a second on every start of the
    app, and opening an up-to-date book needs only these ids."""
    folder = Path(__file__).with_name("migrations") / "versions"
    downs: dict[str, list[str]] = {}
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev is None or down is None:
            return None
        parents = _QUOTED.findall(down.group(1))
        if not parents and down.group(1).strip() != "None":
            return None
        downs[rev.group(1)] = parents
    if not downs:
        return None
    referenced = {p for parents in downs.values() for p in parents}
    return tuple(sorted(r for r in downs if r not in referenced)), frozenset(downs)


def head_revisions() -> tuple[str, ...]:
    return _script_heads()[0]


def known_revisions() -> frozenset[str]:
    """Every schema revision this version of coopdesk knows (a book at another is newer)."""
    return _script_heads()[1]


def _current_revisions(connection: Connection) -> tuple[str, ...]:
    # Read alembic's own table directly: importing alembic only to read it slows every start.
    if not inspect(connection).has_table("alembic_version"):
        return ()
    rows = connection.execute(text("SELECT version_num FROM alembic_version"))
    return tuple(str(r[0]) for r in rows)


def upgrade(connection: Connection, target: str = "heads") -> None:
    from alembic import command

    command.upgrade(_alembic_config(connection), target)


# --- engines ----------------------------------------------------------------------------------


def _sqlite_engine(location: Location, synchronous: str = "FULL") -> Engine:
    engine = create_engine(
        location.url,
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" below decide how transactions start (pysqlite would defer
        # BEGIN until the first write and make DDL non-transactional).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        # FULL: a committed action survives a power cut, not only a crash of the program.
        # (NORMAL is offered for bulk generation and benchmarks that separate code from disk.)
        cur.execute(f"PRAGMA synchronous={synchronous}")
        cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        readonly = conn.get_execution_options().get("coopdesk_readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def _server_engine(location: Location) -> Engine:
    return create_engine(location.url, pool_pre_ping=True, isolation_level="SERIALIZABLE")


def _check_sqlite_file(path: Path) -> str:
    """Classify an existing file without writing to it: 'empty', 'coopdesk', or raise."""
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BookError(
            _("Cannot read “{path}”: {error}").format(path=path, error=exc.strerror)
        ) from None
    if header == b"":
        return "empty"
    if header != SQLITE_HEADER:
        raise BookError(_("“{path}” is not a coopdesk book.").format(path=path))
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return "empty"
            if "setting" not in tables or "alembic_version" not in tables:
                raise BookError(_("“{path}” is not a coopdesk book.").format(path=path))
            row = con.execute("SELECT value FROM setting WHERE key = 'book.format'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise BookError(
            _("“{path}” cannot be opened as a coopdesk book: {error}").format(path=path, error=exc)
        ) from None
    if row is None or BOOK_FORMAT not in str(row[0]):
        raise BookError(_("“{path}” is not a coopdesk book.").format(path=path))
    return "coopdesk"


def backup_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite book, even while it is open (SQLite's online backup)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


class Book:
    """An open book. Create one with `Book.open()`; close it when done."""

    def __init__(self, location: Location, engine: Engine) -> None:
        self.location = location
        self.engine = engine
        self.actor: Actor = SYSTEM
        if engine.dialect.name == "sqlite":
            self._read_engine = engine.execution_options(coopdesk_readonly=True)
        else:
            self._read_engine = engine.execution_options(isolation_level="REPEATABLE READ")
        self._closed = False
        self.upgraded_from: tuple[str, ...] | None = None
        self.upgrade_backup: Path | None = None

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        location: str | Path | Location | None = None,
        *,
        create: bool = False,
        must_exist: bool = True,
        synchronous: str = "FULL",
    ) -> Book:
        """Open (and upgrade) a book. With `create`, make a new empty book and refuse an existing
        one; otherwise a missing book is an error unless `must_exist` is False."""
        loc = location if isinstance(location, Location) else resolve_location(location)
        if loc.path is not None:
            state = "missing" if not loc.path.exists() else _check_sqlite_file(loc.path)
            if create and state == "coopdesk":
                raise BookError(
                    _("A book already exists at “{path}”; it was left untouched.").format(
                        path=loc.display
                    )
                )
            if state == "missing" and not create and must_exist:
                raise BookError(
                    _("There is no book at “{path}”. Create one with “coopdesk init”.").format(
                        path=loc.display
                    )
                )
            if state == "missing":
                loc.path.parent.mkdir(parents=True, exist_ok=True)
            if synchronous not in ("FULL", "NORMAL"):
                raise ValueError(f"synchronous must be FULL or NORMAL, not {synchronous!r}")
            engine = _sqlite_engine(loc, synchronous)
        else:
            engine = _server_engine(loc)
        book = cls(loc, engine)
        try:
            book._prepare(create=create)
        except BaseException:
            engine.dispose()
            raise
        return book

    def _prepare(self, *, create: bool) -> None:
        heads, known = _script_heads()
        try:
            with self.engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
        except OperationalError as exc:
            raise BookError(
                _("Cannot open the book at “{place}”: {error}").format(
                    place=self.location.display, error=exc.orig
                )
            ) from None
        if not tables:
            if not create:
                raise BookError(
                    _("The book at “{place}” is empty. Create one with “coopdesk init”.").format(
                        place=self.location.display
                    )
                )
            with self.engine.begin() as conn:
                upgrade(conn)
            return
        if create:
            raise BookError(
                _("“{place}” already holds data; a new book was not created there.").format(
                    place=self.location.display
                )
            )
        with self.engine.connect() as conn:
            fmt = None
            if "setting" in tables:
                fmt = conn.execute(
                    text("SELECT value FROM setting WHERE key = 'book.format'")
                ).scalar()
            if fmt is None or BOOK_FORMAT not in str(fmt):
                raise BookError(
                    _("“{place}” is not a coopdesk book.").format(place=self.location.display)
                )
            current = _current_revisions(conn)
        unknown = [rev for rev in current if rev not in known]
        if unknown:
            raise BookError(
                _(
                    "The book at “{place}” was made by a newer version of coopdesk; "
                    "update coopdesk to open it."
                ).format(place=self.location.display)
            )
        if set(current) != set(heads):
            self._upgrade_with_backup(current)

    def _upgrade_with_backup(self, current: tuple[str, ...]) -> None:
        # A whole backup file in the chosen backup folder first (coopdesk.backup); when none
        # can be written the upgrade is refused and the book stays as it was.
        from coopdesk.backup import backup_before_upgrade

        self.upgrade_backup = backup_before_upgrade(self)
        with self.engine.begin() as conn:
            upgrade(conn)
        self.upgraded_from = current

    def close(self) -> None:
        if self._closed:
            return  # a second connection now would create the file anew
        self._closed = True
        if self.engine.dialect.name == "sqlite":
            # SQLite's advice for long-lived files: refresh planner statistics when useful.
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA optimize")
            except OperationalError:
                pass  # a busy or read-only book: statistics can wait for the next close
        self.engine.dispose()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- units of work -----------------------------------------------------------------------

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self, actor: Actor | None = None) -> Iterator[Session]:
        """One user action: everything inside commits together, or nothing does."""
        session = Session(self.engine, expire_on_commit=False)
        session.info["actor"] = actor or self.actor
        try:
            with session.begin():
                if self.dialect == "postgresql":
                    # Every write moves the audit head, so writers cannot run side by side
                    # anyway: queue them as IMMEDIATE does on SQLite. LOCK takes no snapshot,
                    # so a writer that waited sees what the one before it committed instead
                    # of failing with a serialization error.
                    session.execute(_QUEUE_WRITERS)
                yield session
        except OperationalError as exc:
            if "database is locked" in str(exc.orig):
                raise UserError(
                    _("The book is busy: another user is saving. Wait a moment and try again.")
                ) from exc
            raise
        finally:
            session.close()

    def write(self, action: Callable[[Session], T], *, actor: Actor | None = None,
              attempts: int = 8) -> T:
        """Run `action` in one transaction, retrying when PostgreSQL reports a lost race."""
        for attempt in range(attempts):
            try:
                with self.transaction(actor) as session:
                    return action(session)
            except DBAPIError as exc:
                if _sqlstate(exc) not in _RETRY_SQLSTATES or attempt == attempts - 1:
                    raise
                time.sleep(0.01 * (2**attempt))
        raise AssertionError("unreachable")

    @contextmanager
    def read(self, actor: Actor | None = None) -> Iterator[Session]:
        """A consistent read-only view (a snapshot) for reports and lists."""
        session = Session(self._read_engine, expire_on_commit=False)
        session.info["actor"] = actor or self.actor
        try:
            yield session
        finally:
            session.rollback()
            session.close()


def _sqlstate(exc: DBAPIError) -> str | None:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)

