"""The command line for members, savings, receipts, reports and statements."""

from __future__ import annotations

import io
from pathlib import Path

from coopdesk.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_a_story_on_the_command_line(book_url: str, tmp_path: Path) -> None:
    db = ["--db", book_url]
    code, out, _err = run("members", "add", *db, "--name", "Siti Rahayu", "--gender", "P",
                          "--nik", "3302264705850001", "--birth-date", "1985-05-07",
                          "--village", "Kuntili", "--joined", "2025-01-06")
    assert code == 0 and "A00001" in out
    assert run("members", "placement", "A00001", *db, "--country", "Taiwan", "--sector",
               "informal", "--departure", "2025-02-01")[0] == 0
    code, out, _err = run("savings", "deposit", *db, "--member", "A00001", "--kind", "pokok",
                          "--date", "2025-01-06", "--receipt", str(tmp_path / "r.pdf"))
    assert code == 0 and "KW/2025/000001" in out and (tmp_path / "r.pdf").exists()
    code, _out, err = run("savings", "withdraw", *db, "--member", "A00001", "--kind", "pokok",
                          "--amount", "1000", "--date", "2025-02-01")
    assert code == 1 and "leaves" in err
    code, out, _err = run("savings", "arrears", *db, "--month", "2025-03", "--as-of",
                          "2025-03-31")
    assert code == 0 and out.splitlines()[1].startswith("A00001,Siti Rahayu,Kuntili,,"
                                                        "2025-01-06,3,0,3,30000")
    code, out, _err = run("report", "migrants", *db, "--year", "2025")
    assert out.splitlines() == [
        "code,name,informal_f,informal_m,informal_total,formal_f,formal_m,formal_total,total",
        "TW,Taiwan,1,0,1,0,0,0,1", "TOTAL,Total,1,0,1,0,0,0,1"]
    assert run("print", "statement", *db, "--member", "A00001", "--out",
               str(tmp_path / "s.pdf"))[0] == 0
    assert run("print", "receipt", *db, "--number", "KW/2025/1", "--out",
               str(tmp_path / "again.pdf"))[0] == 0
    code, out, _err = run("receipt", "void", "KW/2025/000001", *db, "--reason", "salah")
    assert code == 0
    assert ",1\n" in run("receipt", "list", *db)[1]  # void = 1


def test_import_problems_are_listed_with_a_non_zero_exit(book_url: str, tmp_path: Path
                                                         ) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("member_no,name,nik,gender\nA00001,Siti,123,P\nA00002,,,X\n")
    code, _out, err = run("members", "import", str(path), "--db", book_url)
    assert code == 1
    assert "row 2, nik" in err and "row 3, name" in err and "row 3, gender" in err
    code, out, _err = run("members", "list", "--db", book_url)
    assert out.strip() == "member_no,name,nik,gender,village,status,migrant_status,joined_on"


def test_a_leaving_recorded_by_mistake_is_cancelled_on_the_command_line(book_url: str) -> None:
    db = ["--db", book_url]
    assert run("members", "add", *db, "--name", "Siti Rahayu", "--gender", "P",
               "--joined", "2025-01-06")[0] == 0
    assert run("savings", "deposit", *db, "--member", "A00001", "--kind", "sukarela",
               "--amount", "250000", "--date", "2025-01-06")[0] == 0
    code, out, _err = run("savings", "leave", *db, "--member", "A00001", "--date", "2025-03-01",
                          "--reason", "pindah")
    assert code == 0 and "A00001" in out
    code, out, _err = run("savings", "cancel-leave", *db, "--member", "A00001", "--date",
                          "2025-03-02", "--reason", "salah pilih", "--preview")
    assert code == 0 and "Rp250,000" in out and "KW/2025/000002" in out
    code, _out, err = run("savings", "cancel-leave", *db, "--member", "A00001", "--date",
                          "2025-02-01", "--reason", "salah pilih")
    assert code == 1 and "earlier day" in err
    code, out, _err = run("savings", "cancel-leave", *db, "--member", "A00001", "--date",
                          "2025-03-02", "--reason", "salah pilih")
    assert code == 0 and "is a member again" in out
    code, _out, err = run("savings", "cancel-leave", *db, "--member", "A00001", "--reason", "x")
    assert code == 1 and "has not left" in err
    code, out, _err = run("members", "show", "A00001", *db)
    assert code == 0 and out.splitlines()[0].endswith("(Member)")
