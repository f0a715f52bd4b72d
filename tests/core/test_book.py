"""Opening books: new, existing, older (upgraded after a backup), and files that are not books."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from coopdesk.book import Book, head_revisions, resolve_location, upgrade
from coopdesk.errors import BookError


def test_new_book_is_at_head_with_sqlite_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "new.coopdesk"
    with Book.open(path, create=True) as book, book.transaction() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        revs = {r for (r,) in s.execute(text("SELECT version_num FROM alembic_version"))}
        assert revs == set(head_revisions())


def test_create_refuses_an_existing_book(tmp_path: Path) -> None:
    path = tmp_path / "b.coopdesk"
    Book.open(path, create=True).close()
    before = path.read_bytes()
    with pytest.raises(BookError, match="already exists"):
        Book.open(path, create=True)
    assert path.read_bytes() == before


def test_missing_book_is_reported_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nothing.coopdesk"
    with pytest.raises(BookError, match="no book"):
        Book.open(path)
    assert not path.exists()


@pytest.mark.parametrize(
    "content",
    [b"just some text\n", b"PK\x03\x04 a zip file", b"SQLite format 3\x00" + b"\x00" * 50],
)
def test_a_file_that_is_not_a_book_is_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.coopdesk"
    path.write_bytes(content)
    with pytest.raises(BookError):
        Book.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.coopdesk"]


def test_another_applications_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('keep me')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(BookError, match="not a coopdesk book"):
        Book.open(path)
    assert path.read_bytes() == before


def test_book_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.coopdesk"
    Book.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    con.commit()
    con.close()
    with pytest.raises(BookError, match="newer version"):
        Book.open(path)


def test_first_revision_upgrades_to_head_after_a_backup(tmp_path: Path) -> None:
    """An empty book at the first revision (0001) upgrades to head, keeping a copy as it was."""
    from sqlalchemy import create_engine

    path = tmp_path / "old.coopdesk"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        upgrade(conn, "0001")
    engine.dispose()
    with Book.open(path) as book:
        assert book.upgraded_from == ("0001",)
        assert book.upgrade_backup is not None and book.upgrade_backup.exists()
        with book.read() as s:
            revs = {r for (r,) in s.execute(text("SELECT version_num FROM alembic_version"))}
        assert revs == set(head_revisions())
    from coopdesk.backup import verify_backup  # the copy is a backup file in the backup folder

    assert verify_backup(book.upgrade_backup).schema == ("0001",)
    assert book.upgrade_backup.parent != path.parent


def test_resolve_location_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_location(tmp_path / "a.coopdesk").path == tmp_path / "a.coopdesk"
    loc = resolve_location("postgresql+psycopg://u:secret@h/db")
    assert loc.path is None and "secret" not in loc.display
    monkeypatch.setenv("COOPDESK_DB", str(tmp_path / "env.coopdesk"))
    assert resolve_location(None).path == tmp_path / "env.coopdesk"
    monkeypatch.delenv("COOPDESK_DB")
    assert resolve_location(None).path.name.endswith(".coopdesk")


def test_transaction_rolls_back_everything_on_error(book: Book) -> None:
    from coopdesk.ledger import journal

    with book.read() as s:
        before = s.execute(text("SELECT COUNT(*) FROM journal_entry")).scalar()
    with pytest.raises(RuntimeError), book.transaction() as s:
        journal.post_entry(s, date=__import__("datetime").date(2025, 3, 1), memo="x",
                           lines=[journal.debit("cash", 10), journal.credit("bank", 10)])
        raise RuntimeError("the user's action failed halfway")
    with book.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM journal_entry")).scalar() == before
