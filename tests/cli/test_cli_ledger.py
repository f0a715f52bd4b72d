"""The command line for books and the journal, as a user types it: results and refusals."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.cli import main


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def counts(url: str) -> tuple[int, int, int]:
    with Book.open(url) as book, book.read() as s:
        return tuple(int(s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one())  # type: ignore[return-value]
                     for t in ("journal_entry", "posting", "account"))


def test_init_creates_a_book_and_refuses_to_overwrite(tmp_path: Path) -> None:
    db = str(tmp_path / "k.coopdesk")
    code, out, _ = run("--db", db, "init", "--name", "Koperasi Maju", "--year", "2026")
    assert code == 0 and "Koperasi Maju" in out
    before = Path(db).read_bytes()
    code, _, err = run("--db", db, "init", "--name", "Lain")
    assert code == 4 and "already exists" in err
    assert Path(db).read_bytes() == before


def test_init_refuses_a_blank_name_and_leaves_no_file(tmp_path: Path) -> None:
    db = tmp_path / "k.coopdesk"
    code, _, err = run("--db", str(db), "init", "--name", "   ")
    assert code == 1 and "needs a name" in err
    assert not db.exists()


def test_db_option_after_the_subcommand(book_url: str) -> None:
    code, out, _ = run("accounts", "list", "--db", book_url)
    assert code == 0 and out.startswith("code,name,type,contra,role,active\n")
    assert "1101,Kas,asset,0,cash,1" in out


def test_post_show_reverse_and_trial_balance(book_url: str) -> None:
    code, out, _ = run("--db", book_url, "journal", "post", "--date", "2025-03-01",
                       "--memo", "Setoran modal", "--line", "1101=1500000",
                       "--line", "3110=-1500000")
    assert code == 0 and "2025/000001" in out
    code, out, _ = run("--db", book_url, "report", "trial-balance", "--as-of", "2025-12-31")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["code", "name", "debit", "credit"]
    assert ["1101", "Kas", "1500000", "0"] in rows
    assert rows[-1] == ["TOTAL", "", "1500000", "1500000"]
    entry_id = _entry_id(book_url)
    code, out, _ = run("--db", book_url, "journal", "show", "--entry", str(entry_id))
    assert code == 0 and "Setoran modal" in out
    code, out, _ = run("--db", book_url, "journal", "reverse", "--entry", str(entry_id))
    assert code == 0 and "2025/000002" in out
    code, out, _ = run("--db", book_url, "report", "trial-balance", "--as-of", "2025-12-31")
    assert list(csv.reader(io.StringIO(out)))[-1] == ["TOTAL", "", "0", "0"]


def _entry_id(url: str) -> int:
    with Book.open(url) as book, book.read() as s:
        return int(s.execute(text("SELECT MIN(id) FROM journal_entry")).scalar_one())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--line", "1101=1000", "--line", "3110=-999"], "does not balance"),
        (["--line", "1101=1000", "--line", "9999=-1000"], "no account with code 9999"),
        (["--line", "1101=1.5", "--line", "3110=-1.5"], "whole rupiah"),
        (["--line", "1101=abc", "--line", "3110=-1000"], "not an amount"),
        (["--line", "1101", "--line", "3110=-1000"], "ACCOUNT=AMOUNT"),
    ],
)
def test_bad_entries_are_refused_plainly_and_change_nothing(book_url: str, args: list[str],
                                                           message: str) -> None:
    before = counts(book_url)
    code, out, err = run("--db", book_url, "journal", "post", "--date", "2025-03-01",
                         "--memo", "x", *args)
    assert code != 0
    assert message in err
    assert "Traceback" not in err + out
    assert counts(book_url) == before


def test_bad_date_and_closed_period(book_url: str) -> None:
    code, _, err = run("--db", book_url, "journal", "post", "--date", "2025-02-30", "--memo", "x",
                       "--line", "1101=10", "--line", "3110=-10")
    assert code == 2 and "not a date" in err
    assert run("--db", book_url, "period", "close", "--through", "2025-03-31")[0] == 0
    code, _, err = run("--db", book_url, "journal", "post", "--date", "2025-03-15",
                       "--memo", "x", "--line", "1101=10", "--line", "3110=-10")
    assert code == 1 and "closed" in err
    code, _, err = run("--db", book_url, "period", "reopen", "--year", "2025", "--reason",
                       "salah catat")
    assert code == 0


def test_accounts_add_rename_deactivate_and_refusals(book_url: str) -> None:
    assert run("--db", book_url, "accounts", "add", "5210", "Beban pelatihan",
               "--type", "expense")[0] == 0
    code, _, err = run("--db", book_url, "accounts", "add", "5210", "Lagi", "--type", "expense")
    assert code == 1 and "already exists" in err
    assert run("--db", book_url, "accounts", "rename", "5210", "Beban pelatihan anggota")[0] == 0
    code, _, err = run("--db", book_url, "accounts", "deactivate", "1101")
    assert code == 1 and "cannot be deactivated" in err
    assert run("--db", book_url, "accounts", "deactivate", "5210")[0] == 0
    code, _, err = run("--db", book_url, "journal", "post", "--date", "2025-03-01", "--memo",
                       "x", "--line", "5210=10", "--line", "1101=-10")
    assert code == 1 and "inactive" in err
    run("--db", book_url, "journal", "post", "--date", "2025-03-01", "--memo", "x",
        "--line", "5202=10", "--line", "1101=-10")
    code, _, err = run("--db", book_url, "accounts", "delete", "5202")
    assert code == 1 and "has postings" in err


def test_report_formats(book_url: str, tmp_path: Path) -> None:
    run("--db", book_url, "journal", "post", "--date", "2025-03-01", "--memo", "x",
        "--line", "1101=250000", "--line", "3110=-250000")
    pdf = tmp_path / "tb.pdf"
    assert run("--db", book_url, "report", "trial-balance", "--out", str(pdf))[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "tb.xlsx"
    assert run("--db", book_url, "report", "trial-balance", "--format", "xlsx",
               "--out", str(xlsx))[0] == 0
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    assert ws is not None and ws["C2"].value == 250000
    code, _, err = run("--db", book_url, "report", "trial-balance", "--format", "pdf")
    assert code == 1 and "--out" in err
    code, out, _ = run("--db", book_url, "report", "account", "--account", "1101")
    assert code == 0 and out.splitlines()[1].endswith(",250000,0,250000")


def test_not_a_book(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    code, _, err = run("--db", str(other), "report", "trial-balance")
    assert code == 4 and "not a coopdesk book" in err
    assert other.read_text() == "hello"
    code, _, err = run("--db", str(tmp_path / "none.coopdesk"), "accounts", "list")
    assert code == 4 and "coopdesk init" in err


def test_demo_is_deterministic_and_balanced(tmp_path: Path) -> None:
    a, b = str(tmp_path / "a.coopdesk"), str(tmp_path / "b.coopdesk")
    for db in (a, b):
        code, out, _ = run("--db", db, "demo", "--members", "30", "--years", "2", "--seed", "5",
                           "--today", "2026-11-28")
        assert code == 0, out
    tb_a = run("--db", a, "report", "trial-balance", "--as-of", "2026-11-28")[1]
    tb_b = run("--db", b, "report", "trial-balance", "--as-of", "2026-11-28")[1]
    assert tb_a == tb_b
    total = list(csv.reader(io.StringIO(tb_a)))[-1]
    assert total[0] == "TOTAL" and total[2] == total[3] and int(total[2]) > 0
    code, _, err = run("--db", a, "demo")
    assert code == 4 and "already" in err


def test_help_and_unknown_command() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "trial" not in out and "report" in out
    code, _, err = run("nonsense")
    assert code == 2 and "invalid choice" in err


def test_indonesian_is_the_default_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    from coopdesk.i18n import set_language

    monkeypatch.delenv("COOPDESK_LANG")
    try:
        code, _, err = run("--db", str(tmp_path / "none.coopdesk"), "accounts", "list")
        assert code == 4 and "Tidak ada buku" in err
        code, _, err = run("--lang", "en", "--db", str(tmp_path / "none.coopdesk"),
                           "accounts", "list")
        assert "There is no book" in err
    finally:
        set_language("en")
