"""The `coopdesk loan` commands, as a treasurer would type them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from coopdesk.book import Book
from coopdesk.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_schedule_without_a_book_prints_exact_csv(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPDESK_DB", str(tmp_path / "none.coopdesk"))
    code, out, err = run("loan", "schedule", "--principal", "12000000", "--months", "12",
                         "--rate", "1.5", "--method", "flat", "--start", "2025-01-31")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["no", "due_date", "principal", "interest", "installment", "balance"]
    assert rows[1] == ["1", "2025-02-28", "1000000", "180000", "1180000", "11000000"]
    assert rows[-1] == ["12", "2026-01-31", "1000000", "180000", "1180000", "0"]
    assert "2.64% effective per month" in err
    assert not (tmp_path / "none.coopdesk").exists()


def test_schedule_as_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPDESK_DB", str(tmp_path / "none.coopdesk"))
    out = tmp_path / "jadwal.pdf"
    code, _out, err = run("loan", "schedule", "--principal", "5000000", "--weeks", "20",
                          "--rate", "2", "--method", "declining", "--start", "2025-03-03",
                          "--out", str(out))
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Loan repayment schedule" in text and "21 Jul 2025" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--months", "0"], "at least 1 instalment"),
    (["--months", "12", "--principal", "-5"], "must not be negative"),
    (["--months", "12", "--rate", "50"], "above the limit"),
    ([], "--months K or as --weeks K"),
])
def test_schedule_bad_input_is_explained(args: list[str], message: str) -> None:
    base = {"--principal": "1000000", "--rate": "1"}
    for k in ("--principal", "--rate"):
        if k in args:
            base.pop(k)
    argv = ["loan", "schedule", *[x for kv in base.items() for x in kv], *args]
    code, _out, err = run(*argv)
    assert code != 0 and message in err


def test_the_life_cycle_from_the_command_line(coop: Book, tmp_path: Path) -> None:
    db = ["--db", coop.location.url]
    coop.close()
    code, out, err = run("loan", "new", *db, "--member", "A001", "--product", "Modal Usaha",
                         "--principal", "6000000", "--months", "6", "--date", "2025-02-01")
    assert code == 0, err
    assert "PJ/2025/0001" in out and "2.63% effective" not in out
    assert run("loan", "approve", *db, "--loan", "PJ/2025/0001", "--date", "2025-02-01")[0] == 0
    code, out, err = run("loan", "disburse", *db, "--loan", "1", "--date", "2025-02-01")
    assert code == 0, err
    receipt = tmp_path / "kw.pdf"
    code, out, err = run("loan", "repay", *db, "--loan", "1", "--amount", "1090000",
                         "--date", "2025-03-01", "--receipt", str(receipt))
    assert code == 0, err
    assert "jasa Rp90,000, principal Rp1,000,000" in out
    assert "Interest (jasa)" in PdfReader(receipt).pages[0].extract_text()
    code, out, err = run("loan", "arrears", *db, "--as-of", "2025-06-15")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["loan", "member_no", "name", "principal_outstanding",
                       "overdue_principal", "overdue_interest", "penalty", "days_past_due",
                       "kolektibilitas"]
    assert rows[1][:6] == ["PJ/2025/0001", "A001", "Anggota 1", "5000000", "3000000", "270000"]
    assert rows[1][7:] == ["75", "lancar"]
    for kind in ("agreement", "schedule", "statement"):
        target = tmp_path / f"{kind}.pdf"
        code, _o, err = run("loan", "print", kind, *db, "--loan", "1", "--out", str(target))
        assert code == 0, err
        assert "PJ/2025/0001" in "".join(p.extract_text() for p in PdfReader(target).pages)


def test_repaying_a_closed_loan_fails_with_a_clear_message(coop: Book) -> None:
    from tests.loans.conftest import new_loan

    new_loan(coop, principal=2_000_000, term=1)
    db = ["--db", coop.location.url]
    coop.close()
    assert run("loan", "repay", *db, "--loan", "1", "--amount", "2030000",
               "--date", "2025-02-28")[0] == 0
    code, _out, err = run("loan", "repay", *db, "--loan", "1", "--amount", "1000",
                          "--date", "2025-03-01")
    assert code == 1 and "paid off on" in err
    code, _out, err = run("loan", "repay", *db, "--loan", "PJ/2025/9999", "--amount", "1000")
    assert code == 1 and "no loan" in err


def test_the_loan_rules_are_shown_and_changed_with_checks(coop: Book) -> None:
    db = ["--db", coop.location.url]
    coop.close()
    code, out, _err = run("loan", "rules", *db, "--kurang-lancar-days", "60",
                          "--allowance", "macet=90")
    assert code == 0 and "Kurang lancar after 60 days late" in out and "90%" in out
    code, _out, err = run("loan", "rules", *db, "--kurang-lancar-days", "200")
    assert code == 1 and "kurang lancar < diragukan < macet" in err
    code, out, _err = run("loan", "rules", *db)
    assert "after 60 days late" in out  # the refused change left the rules as they were
