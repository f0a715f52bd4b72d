"""The command line for products and labels: the commands a group runs, and their exit codes."""

from __future__ import annotations

import io
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from coopdesk.book import Book
from coopdesk.cli import main
from tests.products.conftest import counts, placements
from tests.products.test_import import GOOD, _csv


def run(url: str, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--lang", "en", *argv, "--db", url], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_a_group_from_import_to_printed_labels(book_url: str, tmp_path: Path) -> None:
    code, out, err = run(book_url, "producers", "add", "--name", "KUB Sari Rasa", "--address",
                         "Jl. Raya Kuntili No. 5", "--city", "Sumpiuh", "--postal-code", "53195",
                         "--regency", "Banyumas", "--regency-code", "3302")
    assert code == 0, err
    code, out, err = run(book_url, "products", "import", str(_csv(tmp_path / "p.csv", GOOD)))
    assert code == 0, err
    assert "3 added" in out
    code, out, _err = run(book_url, "products", "check", "KS-250")
    assert code == 0 and "every mandatory item" in out
    code, out, _err = run(book_url, "products", "check", "PY-100")
    assert code == 1 and "✗ Distribution permit" in out and "draft" in out
    code, out, err = run(book_url, "batch", "add", "--product", "KS-250", "--produced",
                         "2026-11-14", "--today", "2026-11-28")
    assert code == 0, err
    assert "Batch 26111401 of KS-250" in out
    pdf = tmp_path / "label.pdf"
    code, out, err = run(book_url, "print", "labels", "--product", "KS-250", "--batch",
                         "26111401", "--template", "avery-l7163", "--skip", "3", "--out",
                         str(pdf), "--today", "2026-11-28")
    assert code == 0, err
    assert "11 labels on 1 page(s)" in out
    assert [len(p) for p in placements(pdf.read_bytes())] == [11]
    assert "Kode Produksi: 26111401" in PdfReader(BytesIO(pdf.read_bytes())).pages[0].extract_text()


def test_bad_input_gets_a_clear_message_and_a_non_zero_exit(book: Book, book_url: str,
                                                           product: str, tmp_path: Path) -> None:
    before = counts(book)
    code, _out, err = run(book_url, "batch", "add", "--product", product, "--produced",
                          "2030-01-01", "--today", "2026-11-28")
    assert code == 1 and "in the future" in err
    code, _out, err = run(book_url, "print", "labels", "--product", product, "--template",
                          "a4-unknown", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "no label template “a4-unknown”" in err
    assert not (tmp_path / "x.pdf").exists()
    code, _out, err = run(book_url, "permit", "add", "--kind", "pirt", "--number", "12-3",
                          "--product", product)
    assert code == 1 and "15 digits" in err
    bad = _csv(tmp_path / "bad.csv", [[*GOOD[0][:13], "8991234567890", "1", ""]])
    code, _out, err = run(book_url, "products", "import", str(bad))
    assert code == 1 and "2:barcode: The barcode 8991234567890 is mistyped" in err
    code, _out, err = run(book_url, "products", "check", "NOPE")
    assert code == 1 and "no product with the code" in err
    assert counts(book) == before


def test_templates_are_listed_as_csv(book_url: str) -> None:
    code, out, _err = run(book_url, "labels", "templates")
    assert code == 0
    ids = [line.split(",")[0] for line in out.splitlines()[1:]]
    assert {"avery-l7160", "avery-l7163", "avery-5160", "tj-103", "thermal-40x30",
            "thermal-50x30", "thermal-60x40", "thermal-100x50"} <= set(ids)
    assert "tj-103,Tom & Jerry" in out and out.splitlines()[0].endswith("check_with_test_print")


def test_calibration_and_test_print(book_url: str, tmp_path: Path) -> None:
    code, _out, err = run(book_url, "labels", "calibrate", "avery-l7160", "--dx", "0.8",
                          "--dy", "-1.2")
    assert code == 0, err
    out_pdf = tmp_path / "test.pdf"
    code, _out, err = run(book_url, "labels", "test-print", "avery-l7160", "--out", str(out_pdf))
    assert code == 0 and "100%" in err
    assert len(PdfReader(out_pdf).pages) == 1


def test_alerts_on_the_command_line(book: Book, book_url: str, product: str) -> None:
    code, out, _err = run(book_url, "products", "alerts", "--today", "2026-11-28")
    assert code == 0 and "No alerts" in out
    run(book_url, "batch", "add", "--product", product, "--produced", "2026-05-01",
        "--today", "2026-11-28")
    code, out, _err = run(book_url, "products", "alerts", "--today", "2026-11-28")
    assert "‼ Keripik Singkong Balado, batch 26050101: expired" in out


def test_own_templates_on_the_command_line(book_url: str, product: str, tmp_path: Path) -> None:
    code, out, err = run(book_url, "labels", "add-template", "stiker-24", "--name",
                         "Stiker 24", "--page", "210x297", "--label", "64x33.8", "--grid", "3x8",
                         "--margins", "7x13.5", "--pitch", "66x33.8")
    assert code == 0, err
    assert "24 labels per page" in out
    code, _out, err = run(book_url, "labels", "add-template", "rusak", "--name", "Rusak",
                          "--page", "210x297", "--label", "80x40", "--grid", "3x8",
                          "--margins", "5x5")
    assert code == 1 and "do not fit on the page" in err
    pdf = tmp_path / "own.pdf"
    code, _out, err = run(book_url, "print", "labels", "--product", product, "--template",
                          "stiker-24", "--out", str(pdf))
    assert code == 0, err
    assert [len(p) for p in placements(pdf.read_bytes())] == [24]
    code, _out, _err = run(book_url, "labels", "delete-template", "stiker-24")
    assert code == 0
    code, out, _err = run(book_url, "labels", "templates")
    assert "stiker-24" not in out
