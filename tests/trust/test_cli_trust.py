"""The command line obeys the same rules: who you are, your password, your role."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.cli import login, main

POST = ["journal", "post", "--date", "2025-03-01", "--memo", "Setoran", "--line", "1101=5000",
        "--line", "2101=-5000"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _no_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """No one at a terminal unless a test says so; waits are recorded, not slept."""
    slept: list[float] = []
    monkeypatch.setattr(login, "interactive", lambda: False)
    monkeypatch.setattr(login, "sleep", slept.append)
    for name in ("COOPDESK_USER", "COOPDESK_PASSWORD", "COOPDESK_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    yield slept


@pytest.fixture
def secured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new book made by `coopdesk init --admin ketua` with a password."""
    db = str(tmp_path / "koperasi.coopdesk")
    monkeypatch.setenv("COOPDESK_PASSWORD", "Ketua-Rahasia-1")
    code, _out, err = run("--db", db, "init", "--name", "Koperasi Maju Bersama", "--year",
                          "2025", "--admin", "ketua")
    assert code == 0, err
    monkeypatch.delenv("COOPDESK_PASSWORD")
    return db


def _as(monkeypatch: pytest.MonkeyPatch, user: str | None, password: str | None) -> None:
    for name, value in (("COOPDESK_USER", user), ("COOPDESK_PASSWORD", password)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def _entries_by(db: str) -> list[str]:
    with Book.open(db) as book, book.read() as s:
        return list(s.execute(text("SELECT created_by FROM journal_entry ORDER BY id")).scalars())


def test_init_makes_the_administrator_and_later_commands_need_a_user(
        secured: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, err = run("--db", secured, *POST)
    assert code == 3 and "--user NAME" in err
    _as(monkeypatch, "ketua", None)
    code, _out, err = run("--db", secured, *POST)
    assert code == 3 and "COOPDESK_PASSWORD" in err
    _as(monkeypatch, None, "Ketua-Rahasia-1")
    assert run("--db", secured, "--user", "ketua", *POST)[0] == 0
    assert run("--db", secured, *POST[:2], "--user", "KETUA", *POST[2:])[0] == 0
    assert _entries_by(secured) == ["ketua", "ketua"]


def test_wrong_passwords_are_refused_later_and_later(secured: str, _no_terminal: list[float],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, "ketua", "bukan-ini-1")
    codes = [run("--db", secured, *POST)[0] for _ in range(3)]
    assert codes == [3, 3, 3]
    # The second and third came too early: refused while waiting, the wait not extended.
    assert _no_terminal[0] == 1
    assert all(w >= 1 for w in _no_terminal)
    assert _entries_by(secured) == []
    with Book.open(secured) as book, book.read() as s:
        failed = s.execute(text("SELECT COUNT(*) FROM audit_log WHERE action = "
                                "'user.login_failed'")).scalar_one()
    assert failed == 3


def test_a_person_at_the_terminal_gets_three_tries(secured: str, _no_terminal: list[float],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(login, "interactive", lambda: True)
    typed = iter(["salah-satu", "salah-dua", "Ketua-Rahasia-1"])
    monkeypatch.setattr(login, "ask_secret", lambda _prompt: next(typed))
    monkeypatch.setattr(login, "ask_text", lambda _prompt: "ketua")
    # Time stands still in this test, so each wait must really be waited out: make the fake
    # sleep move the clock the book compares with.
    from datetime import timedelta

    from coopdesk import users

    clock = [users.utcnow()]
    monkeypatch.setattr(users, "utcnow", lambda: clock[0])

    def wait(seconds: float) -> None:
        _no_terminal.append(seconds)
        clock[0] += timedelta(seconds=seconds)

    monkeypatch.setattr(login, "sleep", wait)
    code, _out, err = run("--db", secured, *POST)
    assert code == 0, err
    assert "Wrong user name or password." in err
    assert _no_terminal == [1, 2]
    assert _entries_by(secured) == ["ketua"]


def test_a_script_without_a_password_gets_a_book_without_users(tmp_path: Path) -> None:
    db = str(tmp_path / "tanpa.coopdesk")
    code, _out, err = run("--db", db, "init", "--name", "Koperasi Lama", "--year", "2025")
    assert code == 0 and "no users yet" in err and "coopdesk user passwd admin" in err
    assert run("--db", db, *POST)[0] == 0  # acts for the administrator, as before users
    assert _entries_by(db) == ["system"]


def test_the_administrator_of_a_book_without_users_is_asked_for_a_password(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "lama.coopdesk")
    assert run("--db", db, "init", "--name", "Koperasi Lama", "--year", "2025")[0] == 0
    monkeypatch.setattr(login, "interactive", lambda: True)
    typed = iter(["12345", "Baru-Sekali-7", "Baru-Sekali-7"])  # too short first
    monkeypatch.setattr(login, "ask_secret", lambda _prompt: next(typed))
    code, _out, err = run("--db", db, *POST)
    assert code == 0, err
    assert "no users yet" in err and "at least 6" in err
    assert _entries_by(db) == ["admin"]
    monkeypatch.setattr(login, "interactive", lambda: False)
    assert run("--db", db, *POST)[0] == 3  # from now on the book asks who you are


def test_a_weak_administrator_password_creates_no_book(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "lemah.coopdesk"
    monkeypatch.setenv("COOPDESK_PASSWORD", "123456")
    code, _out, err = run("--db", str(db), "init", "--name", "Koperasi", "--year", "2025")
    assert code == 1 and "too easy" in err
    assert not db.exists()


def test_users_roles_and_permissions_on_the_command_line(secured: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, "ketua", "Ketua-Rahasia-1")
    monkeypatch.setenv("COOPDESK_NEW_PASSWORD", "Lihat-Saja-3")
    assert run("--db", secured, "user", "add", "tamu", "--role", "readonly")[0] == 0
    monkeypatch.setenv("COOPDESK_NEW_PASSWORD", "Bendahara-Desa-4")
    code, out, _err = run("--db", secured, "user", "add", "Siti", "--role", "bendahara",
                          "--full-name", "Siti Aminah")
    assert code == 0 and "siti" in out
    code, out, _err = run("--db", secured, "user", "list")
    assert out.splitlines()[1:] == [
        line for line in out.splitlines()[1:] if line.split(",")[0] in ("ketua", "siti", "tamu")]
    assert [line.split(",")[:3] for line in out.splitlines()[1:]] == [
        ["ketua", "", "ketua"], ["siti", "Siti Aminah", "bendahara"], ["tamu", "", "readonly"]]
    _as(monkeypatch, "tamu", "Lihat-Saja-3")
    code, _out, err = run("--db", secured, *POST)
    assert code == 3 and "may not record money" in err
    assert run("--db", secured, "report", "trial-balance", "--as-of", "2025-12-31")[0] == 0
    code, _out, err = run("--db", secured, "user", "add", "x2", "--role", "ketua")
    assert code == 3 and "may not manage users" in err
    _as(monkeypatch, "siti", "Bendahara-Desa-4")
    assert run("--db", secured, *POST)[0] == 0
    assert _entries_by(secured) == ["siti"]


def test_changing_passwords_on_the_command_line(secured: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, "ketua", "Ketua-Rahasia-1")
    monkeypatch.setenv("COOPDESK_NEW_PASSWORD", "Ketua-Baru-22")
    code, _out, err = run("--db", secured, "user", "passwd", "ketua")
    assert code == 0, err
    _as(monkeypatch, "ketua", "Ketua-Baru-22")
    assert run("--db", secured, *POST)[0] == 0
    _as(monkeypatch, "ketua", "Ketua-Rahasia-1")
    code, _out, err = run("--db", secured, *POST)  # the old one no longer works
    assert code == 3 and "Wrong user name or password" in err


def test_disabled_users_and_roles_from_the_command_line(secured: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, "ketua", "Ketua-Rahasia-1")
    monkeypatch.setenv("COOPDESK_NEW_PASSWORD", "Operator-Desa-5")
    run("--db", secured, "user", "add", "budi", "--role", "operator")
    assert run("--db", secured, "user", "role", "budi", "--role", "bendahara")[0] == 0
    assert run("--db", secured, "user", "disable", "budi")[0] == 0
    _as(monkeypatch, "budi", "Operator-Desa-5")
    code, _out, err = run("--db", secured, *POST)
    assert code == 3 and "disabled" in err
    _as(monkeypatch, "ketua", "Ketua-Rahasia-1")
    assert run("--db", secured, "user", "enable", "budi")[0] == 0
    _as(monkeypatch, "budi", "Operator-Desa-5")
    assert run("--db", secured, *POST)[0] == 0


def test_second_approval_on_the_command_line(secured: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _as(monkeypatch, "ketua", "Ketua-Rahasia-1")
    monkeypatch.setenv("COOPDESK_NEW_PASSWORD", "Bendahara-Desa-4")
    run("--db", secured, "user", "add", "siti", "--role", "bendahara")
    code, out, _err = run("--db", secured, "user", "security", "--separation", "on",
                          "--withdrawal-above", "2000000", "--loan-above", "0",
                          "--idle-minutes", "5")
    assert code == 0 and "Second approval: on" in out and "Lock after 5" in out
    _as(monkeypatch, "siti", "Bendahara-Desa-4")
    code, out, _err = run("--db", secured, "approval", "request", "--kind", "loan.disburse",
                          "--subject", "loan:1", "--amount", "3000000")
    assert code == 0 and "Request 1" in out
    code, _out, err = run("--db", secured, "approval", "approve", "1")
    assert code == 3 and "your own request" in err
    _as(monkeypatch, "ketua", "Ketua-Rahasia-1")
    assert run("--db", secured, "approval", "approve", "1")[0] == 0
    code, out, _err = run("--db", secured, "approval", "list", "--status", "approved")
    assert out.splitlines()[1].split(",")[:5] == ["1", "loan.disburse", "loan:1", "3000000",
                                                  "approved"]


def test_demo_takes_an_administrator_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "demo.coopdesk")
    monkeypatch.setenv("COOPDESK_PASSWORD", "Demo-Admin-8")
    code, _out, err = run("--db", db, "demo", "--members", "5", "--years", "1", "--admin",
                          "pengurus")
    assert code == 0, err
    _as(monkeypatch, "pengurus", "Demo-Admin-8")
    assert run("--db", db, "audit", "verify")[0] == 0
    _as(monkeypatch, "pengurus", "salah-kata-9")
    assert run("--db", db, "audit", "verify")[0] == 3
