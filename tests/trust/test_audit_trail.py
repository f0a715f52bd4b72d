"""The audit trail: append-only in the database itself, a hash chain that names the first broken
record, and the supervisor's filtered view with its XLSX and PDF exports."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from coopdesk import audit, users
from coopdesk.access import Actor
from coopdesk.book import Book
from coopdesk.cli import main
from coopdesk.errors import PermissionDenied
from coopdesk.ledger import journal
from coopdesk.ledger.journal import credit, debit
from tests.trust.conftest import ADMIN

D = date(2025, 3, 1)


def _post(book: Book, actor: Actor | None = None, amount: int = 10_000) -> None:
    book.write(lambda s: journal.post_entry(
        s, date=D, memo="setoran", lines=[debit("cash", amount), credit("savings.sukarela",
                                                                        amount)]), actor=actor)


def _ids(book: Book) -> list[int]:
    with book.read() as s:
        return list(s.execute(text("SELECT id FROM audit_log ORDER BY id")).scalars())


TAMPERING = [
    ("UPDATE audit_log SET after = '{\"amount\": 1}' WHERE id = {mid}", "append-only"),
    ("DELETE FROM audit_log WHERE id = {mid}", "append-only"),
    ("DELETE FROM audit_log", "append-only"),
    ("INSERT INTO audit_log (at, username, role, action, prev_hash, hash) VALUES "
     "('2025-01-01 00:00:00', 'x', 'ketua', 'fake', '{zero}', '{zero}')", "link"),
    ("UPDATE audit_head SET last_hash = '{zero}'", "head"),
    ("UPDATE audit_head SET last_id = {mid}", "head"),
    ("DELETE FROM audit_head", "head"),
    ("INSERT INTO audit_head (id, last_hash) VALUES (2, '{zero}')", "head"),
]


@pytest.mark.parametrize(("sql", "message"), TAMPERING)
def test_the_database_refuses_to_rewrite_the_trail(book: Book, sql: str, message: str) -> None:
    for amount in (1, 2, 3):
        _post(book, amount=amount)
    before = _ids(book)
    statement = sql.replace("{mid}", str(before[len(before) // 2])).replace("{zero}", "0" * 64)
    with pytest.raises(DatabaseError, match=message), book.transaction() as s:
        s.execute(text(statement))
    assert _ids(book) == before
    with book.read() as s:
        assert audit.verify_chain(s).ok


def test_truncating_the_trail_is_refused_on_postgresql(book: Book) -> None:
    if book.dialect != "postgresql":
        pytest.skip("TRUNCATE is a PostgreSQL statement")
    _post(book)
    for table in ("audit_log", "audit_head"):
        with pytest.raises(DatabaseError, match="append-only"), book.transaction() as s:
            s.execute(text(f"TRUNCATE {table} CASCADE"))


def _tamper_around_the_guards(book: Book, sql: str) -> None:
    """What someone with the database file and a SQL tool could do: drop the guard, edit."""
    with book.transaction() as s:
        if book.dialect == "sqlite":
            (create,) = s.execute(text("SELECT sql FROM sqlite_master WHERE name = "
                                       "'audit_log_no_update'")).scalars()
            s.execute(text("DROP TRIGGER audit_log_no_update"))
            s.execute(text(sql))
            s.execute(text(create))
        else:
            s.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard"))
            s.execute(text(sql))
            s.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard"))


@pytest.mark.parametrize("change", [
    "UPDATE audit_log SET after = REPLACE(after, '10000', '99999') WHERE id = {id}",
    "UPDATE audit_log SET username = 'pengawas' WHERE id = {id}",
    "UPDATE audit_log SET at = '2024-12-31 23:59:59' WHERE id = {id}",
    "UPDATE audit_log SET prev_hash = hash WHERE id = {id}",
])
def test_verify_names_the_first_record_changed_behind_its_back(book: Book, change: str) -> None:
    for _ in range(5):
        _post(book)
    ids = _ids(book)
    victim = ids[-3]
    _tamper_around_the_guards(book, change.format(id=victim))
    with book.read() as s:
        check = audit.verify_chain(s)
    assert (check.ok, check.first_broken) == (False, victim)
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", book.location.url, "audit", "verify"], stdout=out, stderr=err)
    assert code != 0
    assert f"BROKEN at record {victim}" in err.getvalue()


def test_verify_passes_a_whole_trail_from_the_command_line(book: Book) -> None:
    _post(book)
    out = io.StringIO()
    assert main(["--db", book.location.url, "audit", "verify"], stdout=out,
                stderr=io.StringIO()) == 0
    assert "is whole" in out.getvalue()


def test_a_removed_tail_is_caught_by_the_head(book: Book) -> None:
    for _ in range(3):
        _post(book)
    last = _ids(book)[-1]
    with book.transaction() as s:  # remove the newest record and leave the head alone
        if book.dialect == "sqlite":
            s.execute(text("DROP TRIGGER audit_log_no_delete"))
            s.execute(text("DROP TRIGGER audit_head_follows"))
        else:
            s.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard"))
            s.execute(text("ALTER TABLE audit_head DISABLE TRIGGER audit_head_guard"))
        s.execute(text("UPDATE audit_head SET last_id = NULL"))
        s.execute(text(f"DELETE FROM audit_log WHERE id = {last}"))
    with book.read() as s:
        check = audit.verify_chain(s)
    assert (check.ok, check.reason, check.first_broken) == (False, "head", last)
    err = io.StringIO()
    assert main(["--db", book.location.url, "audit", "verify"], stdout=io.StringIO(),
                stderr=err) != 0
    assert f"BROKEN at record {last}: the newest records were removed" in err.getvalue()


def test_every_change_names_who_and_in_which_role(book: Book, staff: dict[str, Actor]) -> None:
    _post(book, staff["bendahara"])
    with book.read(staff["pengawas"]) as s:
        (rec,) = audit.list_records(s, audit.AuditFilter(kind="ledger.post_entry"))
    assert (rec.username, rec.role, rec.entity) == ("bendahara", "bendahara", "journal_entry")
    assert "10000" in (rec.after or "")


def test_only_the_chair_and_the_supervisor_read_the_trail(book: Book,
                                                          staff: dict[str, Actor]) -> None:
    for name in ("ketua", "pengawas", ADMIN):
        with book.read(staff[name]) as s:
            assert audit.count_records(s) > 0
            assert audit.verify(s).ok
    for name in ("bendahara", "operator", "readonly"):
        with book.read(staff[name]) as s, pytest.raises(PermissionDenied):
            audit.list_records(s)


def test_the_supervisor_filters_by_user_date_and_kind(book: Book,
                                                      staff: dict[str, Actor]) -> None:
    _post(book, staff["bendahara"])
    _post(book, staff["ketua"])
    book.write(lambda s: users.sign_in(s, "operator", "salah-sekali"))
    today = date.today()
    with book.read(staff["pengawas"]) as s:
        by_user = audit.list_records(s, audit.AuditFilter(username="BENDAHARA"))
        assert {r.username for r in by_user} == {"bendahara"}
        posts = audit.list_records(s, audit.AuditFilter(kind="ledger.post_entry"))
        assert [r.username for r in posts] == ["ketua", "bendahara"]  # newest first
        failed = audit.list_records(s, audit.AuditFilter(kind="user.login_failed"))
        assert [r.entity_id for r in failed] == ["operator"]
        assert audit.list_records(s, audit.AuditFilter(kind="user.login")) == []
        assert audit.count_records(s, audit.AuditFilter(since=today, until=today)) == \
            audit.count_records(s)
        assert audit.count_records(s, audit.AuditFilter(until=today - timedelta(days=1))) == 0
        assert audit.count_records(s, audit.AuditFilter(since=today + timedelta(days=1))) == 0
        assert {"ledger", "user"} <= set(audit.kinds(s))
        assert audit.count_records(s, audit.AuditFilter(kind="led%")) == 0  # no wildcards


def test_describe_change_shows_what_moved() -> None:
    assert audit.describe_change('{"role": "operator", "name": "x"}',
                                 '{"role": "ketua", "name": "x"}') == "role: operator → ketua"
    assert audit.describe_change(None, '{"count": 3}') == "count: 3"
    assert audit.describe_change(None, None) == ""


def test_export_to_xlsx_and_pdf(book: Book, tmp_path: Path) -> None:
    _post(book)
    _post(book, amount=20_000)
    xlsx, pdf = tmp_path / "audit.xlsx", tmp_path / "audit.pdf"
    for out in (xlsx, pdf):
        assert main(["--db", book.location.url, "audit", "list", "--kind",
                     "ledger.post_entry", "--out", str(out)],
                    stdout=io.StringIO(), stderr=io.StringIO()) == 0
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("No.", "Time (UTC)", "User", "Role", "Action")
    assert [r[4] for r in rows[1:]] == ["ledger.post_entry", "ledger.post_entry"]
    from pypdf import PdfReader

    text_ = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Audit trail" in text_ and "ledger.post_entry" in text_ and "is whole" in text_


def test_csv_export_neutralises_formula_looking_values(book: Book) -> None:
    book.write(lambda s: journal.post_entry(
        s, date=D, memo="=HYPERLINK(\"http://x\")",
        lines=[debit("cash", 5), credit("savings.sukarela", 5)]))
    out = io.StringIO()
    main(["--db", book.location.url, "audit", "list", "--kind", "ledger"], stdout=out,
         stderr=io.StringIO())
    assert "=HYPERLINK" in out.getvalue()  # inside the JSON cell, not at the start of a cell
    assert all(not cell.startswith("=") for line in out.getvalue().splitlines()
               for cell in line.split(","))
