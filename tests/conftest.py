"""Shared test fixtures: a fresh book per test, on SQLite and (when COOPDESK_TEST_PG names a
server) on PostgreSQL too. Each test gets a copy of a template book made once per session, so a
test costs a file copy (SQLite) or CREATE DATABASE ... TEMPLATE (PostgreSQL), not a migration."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports coopdesk: tests never touch the user's real data folder or screen.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="coopdesk-tests-"))
os.environ["COOPDESK_DATA_DIR"] = str(_SESSION_DIR / "data")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["COOPDESK_LANG"] = "en"
os.environ.pop("COOPDESK_DB", None)

from coopdesk.book import Book  # noqa: E402
from coopdesk.i18n import set_language  # noqa: E402

set_language("en")

PG_URL = os.environ.get("COOPDESK_TEST_PG")
PG_SKIP = (
    "PostgreSQL runs skipped: set COOPDESK_TEST_PG to a server URL, e.g. "
    "postgresql+psycopg://postgres@127.0.0.1:5432/test, to run them"
)
FIRST_YEAR = 2025
BACKENDS = ["sqlite", "postgresql"]


def pytest_report_header(config: pytest.Config) -> str:
    return f"coopdesk books: SQLite{' + PostgreSQL ' + _safe(PG_URL) if PG_URL else ''}" + (
        "" if PG_URL else f" ({PG_SKIP})"
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One clear line instead of a skip line per PostgreSQL test."""
    skipped = terminalreporter.stats.get("skipped", [])
    pg = sum(1 for r in skipped if PG_SKIP in str(getattr(r, "longrepr", "")))
    if pg:
        terminalreporter.write_line(f"{pg} tests skipped: {PG_SKIP}.", yellow=True)


def _safe(url: str | None) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True) if url else ""


def make_cooperative(book: Book) -> None:
    from coopdesk.ledger.setup import Cooperative, create_cooperative

    with book.transaction() as s:
        create_cooperative(
            s, Cooperative("Koperasi Uji Coba", "Jl. Desa No. 1, Kuntili, Banyumas 53195"),
            first_year=FIRST_YEAR,
        )


# --- SQLite -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _sqlite_templates() -> dict[str, Path]:
    folder = _SESSION_DIR / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    empty = folder / "empty.coopdesk"
    Book.open(empty, create=True).close()
    coop = folder / "coop.coopdesk"
    with Book.open(coop, create=True) as book:
        make_cooperative(book)
    return {"empty": empty, "coop": coop}


def _sqlite_copy(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return str(target)


# --- PostgreSQL ---------------------------------------------------------------------------------


class _PgServer:
    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT", poolclass=None)
        self.prefix = f"coopdesk_t{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def create(self, name: str, template: str | None = None) -> str:
        suffix = f" TEMPLATE {template}" if template else ""
        self.execute(f'CREATE DATABASE "{name}"{suffix}')
        self.created.append(name)
        return self.url(name)

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.created:
            self.created.remove(name)


@pytest.fixture(scope="session")
def _pg() -> Iterator[_PgServer]:
    if not PG_URL:
        pytest.skip(PG_SKIP)
    server = _PgServer(PG_URL)
    empty = f"{server.prefix}_empty"
    Book.open(server.create(empty), create=True).close()
    coop = f"{server.prefix}_coop"
    with Book.open(server.create(coop), create=True) as book:
        make_cooperative(book)
    yield server
    for name in list(server.created):
        server.drop(name)
    server.admin.dispose()


# --- per-test books -----------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not PG_URL:
        pytest.skip(PG_SKIP)
    return str(request.param)


def _book_url(request: pytest.FixtureRequest, backend: str, kind: str, tmp_path: Path
              ) -> Iterator[str]:
    if backend == "sqlite":
        templates = request.getfixturevalue("_sqlite_templates")
        yield _sqlite_copy(templates[kind], tmp_path / f"{kind}.coopdesk")
        return
    server: _PgServer = request.getfixturevalue("_pg")
    name = f"{server.prefix}_{uuid.uuid4().hex[:10]}"
    url = server.create(name, template=f"{server.prefix}_{kind}")
    yield url
    server.drop(name)


@pytest.fixture
def empty_book_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path
                   ) -> Iterator[str]:
    """A migrated book with no cooperative in it yet."""
    yield from _book_url(request, backend, "empty", tmp_path)


@pytest.fixture
def book_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """A book holding a cooperative (chart of accounts, financial year 2025 open)."""
    yield from _book_url(request, backend, "coop", tmp_path)


@pytest.fixture
def book(book_url: str) -> Iterator[Book]:
    with Book.open(book_url) as b:
        yield b


@pytest.fixture
def sqlite_book(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Book]:
    """SQLite only: for tests of file handling (backups, WAL, kill tests)."""
    templates = request.getfixturevalue("_sqlite_templates")
    with Book.open(_sqlite_copy(templates["coop"], tmp_path / "coop.coopdesk")) as b:
        yield b
