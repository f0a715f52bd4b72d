"""Printer calibration per (printer, template): each printer keeps its own offsets, the sheets
honour the chosen printer's, and calibrations saved before printers were named still apply."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import mm
from sqlalchemy import create_engine, text

from coopdesk.book import Book, upgrade
from coopdesk.cli import main
from coopdesk.errors import NotFound, UserError
from coopdesk.products import calibration, printing, templates
from coopdesk.products.calibration import Calibration
from tests.products.conftest import TODAY, counts, placements

EPSON, CANON = "EPSON L3110 Series", "Canon G2010"


def _first(book: Book, printer: str | None, template_id: str = "avery-l7160"
           ) -> tuple[float, float]:
    """Where the first label of a sheet printed for `printer` lands, in points."""
    job = printing.LabelJob("KS-250", template_id, count=1, printer=printer)
    with book.read() as s:
        return placements(printing.print_labels(s, job, today=TODAY).pdf)[0][0]


def _save(book: Book, printer: str | None, template_id: str = "avery-l7160", **cal: float
          ) -> None:
    with book.transaction() as s:
        calibration.save_calibration(s, template_id, Calibration(**cal), printer)


def test_two_printers_keep_their_own_offsets_and_the_pdf_honours_the_chosen_one(
        book: Book, product: str) -> None:
    x0, y0 = _first(book, EPSON)
    _save(book, EPSON, dx=1.5, dy=-2.0)
    _save(book, CANON, dx=-0.8, dy=1.0, sx=1.01)
    ex, ey = _first(book, EPSON)
    cx, cy = _first(book, CANON)
    assert (ex - x0, ey - y0) == (pytest.approx(1.5 * mm, abs=0.02),
                                  pytest.approx(2.0 * mm, abs=0.02))  # up: dy was negative
    # Canon: moved 0.8 mm left and stretched 1 % across from the page's left edge.
    assert cx == pytest.approx(-0.8 * mm + x0 * 1.01, abs=0.02)
    assert cy - y0 == pytest.approx(-1.0 * mm, abs=0.05)
    with book.read() as s:
        assert calibration.get_calibration(s, "avery-l7160", EPSON) == Calibration(1.5, -2.0)
        assert calibration.get_calibration(s, "avery-l7160", CANON).sx == 1.01
        # Another template on the same printer is not calibrated.
        assert calibration.get_calibration(s, "avery-l7163", EPSON) == Calibration()


def test_a_printer_without_its_own_calibration_uses_the_default_printers(
        book: Book, product: str) -> None:
    x0, _y0 = _first(book, None)
    _save(book, None, dx=2.0)
    _save(book, EPSON, dx=-1.0)
    assert _first(book, "HP LaserJet")[0] - x0 == pytest.approx(2.0 * mm, abs=0.02)
    assert _first(book, None)[0] - x0 == pytest.approx(2.0 * mm, abs=0.02)
    assert _first(book, EPSON)[0] - x0 == pytest.approx(-1.0 * mm, abs=0.02)
    with book.read() as s:
        found = calibration.list_calibrations(s)
    assert [(c.printer, c.template_id, c.calibration.dx) for c in found] == [
        (EPSON, "avery-l7160", -1.0), ("default", "avery-l7160", 2.0)]


def test_saving_again_replaces_that_printers_calibration_and_is_audited(book: Book) -> None:
    _save(book, f"  {EPSON} ", dy=0.5)  # spaces around a name do not make another printer
    _save(book, EPSON, dy=0.7)
    with book.read() as s:
        assert [c.calibration.dy for c in calibration.list_calibrations(s)] == [0.7]
        logged = s.execute(text("SELECT entity_id, before, after FROM audit_log WHERE action = "
                                "'labels.calibrate' ORDER BY id")).all()
    assert [r[0] for r in logged] == [f"{EPSON}/avery-l7160"] * 2
    assert logged[0][1] is None and json.loads(logged[1][1])["dy"] == 0.5


def test_bad_calibrations_are_refused_and_change_nothing(book: Book) -> None:
    before = counts(book)
    with pytest.raises(UserError, match="20 mm"):
        _save(book, EPSON, dx=25)
    with pytest.raises(UserError, match=r"0\.9 and 1\.1"):
        _save(book, EPSON, sy=0.5)
    with pytest.raises(NotFound, match="no label template"):
        _save(book, EPSON, template_id="nope", dx=1)
    with pytest.raises(UserError, match="at most 200"):
        _save(book, "P" * 201, dx=1)
    assert counts(book) == before
    with book.read() as s:
        assert calibration.list_calibrations(s) == []


def test_deleting_an_own_template_forgets_its_calibrations(book: Book) -> None:
    spec = {"name": "Stiker", "page_width": 210, "page_height": 297, "label_width": 90,
            "label_height": 50, "columns": 2, "rows": 5, "left": 10, "top": 10,
            "column_pitch": 100, "row_pitch": 55}
    with book.transaction() as s:
        templates.save_template(s, "stiker", spec)
    _save(book, EPSON, template_id="stiker", dx=1)
    with book.transaction() as s:
        templates.delete_template(s, "stiker")
    with book.read() as s:
        assert calibration.list_calibrations(s) == []


# --- the command line ---------------------------------------------------------------------------


def _run(url: str, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--lang", "en", *argv, "--db", url], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _page_origin(pdf: bytes) -> tuple[float, float]:
    """The first translation of the page (ReportLab's own identity aside): where the calibration
    put the page's top-left corner."""
    reader = PdfReader(BytesIO(pdf))
    for operands, op in ContentStream(reader.pages[0].get_contents(), reader).operations:
        if op == b"cm" and (float(operands[4]), float(operands[5])) != (0.0, 0.0):
            return float(operands[4]), float(operands[5])
    raise AssertionError("no cm")


def test_printers_on_the_command_line(book_url: str, product: str, tmp_path: Path) -> None:
    code, out, err = _run(book_url, "labels", "calibrate", "avery-l7160", "--printer", EPSON,
                          "--dx", "1.5")
    assert code == 0 and f"for the printer “{EPSON}”" in out, err
    code, out, _err = _run(book_url, "labels", "calibrate", "avery-l7160", "--dx", "-0.5")
    assert code == 0 and "for the printer “default”" in out
    code, out, _err = _run(book_url, "labels", "calibrations")
    assert out.splitlines() == ["template,printer,dx_mm,dy_mm,sx,sy",
                                f"avery-l7160,{EPSON},1.5,0.0,1.0,1.0",
                                "avery-l7160,default,-0.5,0.0,1.0,1.0"]
    firsts = {}
    for printer in (EPSON, None):
        pdf = tmp_path / f"{printer}.pdf"
        extra = ["--printer", printer] if printer else []
        code, _out, err = _run(book_url, "print", "labels", "--product", product, "--template",
                               "avery-l7160", "--count", "1", "--out", str(pdf), *extra)
        assert code == 0, err
        firsts[printer] = placements(pdf.read_bytes())[0][0][0]
    assert firsts[EPSON] - firsts[None] == pytest.approx(2.0 * mm, abs=0.02)
    test_pdf = tmp_path / "test.pdf"
    code, _out, err = _run(book_url, "labels", "test-print", "avery-l7160", "--printer", EPSON,
                           "--out", str(test_pdf))
    assert code == 0, err
    assert _page_origin(test_pdf.read_bytes())[0] == pytest.approx(1.5 * mm, abs=0.01)


# --- calibrations kept before printers were named -----------------------------------------------


@pytest.fixture
def raw_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database, not migrated."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.coopdesk'}"
        return
    server = request.getfixturevalue("_pg")
    name = f"{server.prefix}_cal_{uuid.uuid4().hex[:8]}"
    yield server.create(name)
    server.drop(name)


def test_calibrations_kept_per_template_become_the_default_printers(raw_url: str) -> None:
    old = {"avery-l7160": {"dx": 0.8, "dy": -1.2, "sx": 1.0, "sy": 1.005},
           "thermal-40x30": {"dx": 0.3, "dy": 0.0, "sx": 1.0, "sy": 1.0}}
    engine = create_engine(raw_url)
    try:
        with engine.begin() as conn:
            upgrade(conn, "0003")
            conn.execute(text("INSERT INTO setting (key, value) VALUES ('labels.calibration', "
                              ":v)"), {"v": json.dumps(old)})
            upgrade(conn, "0004")
        with engine.connect() as conn:
            left = conn.execute(text("SELECT COUNT(*) FROM setting WHERE key = "
                                     "'labels.calibration'")).scalar_one()
    finally:
        engine.dispose()
    assert left == 0
    with Book.open(raw_url) as book, book.read() as s:
        kept = {(c.printer, c.template_id): c.calibration
                for c in calibration.list_calibrations(s)}
        assert kept == {("default", "avery-l7160"): Calibration(0.8, -1.2, 1.0, 1.005),
                        ("default", "thermal-40x30"): Calibration(0.3, 0.0, 1.0, 1.0)}
        # Any printer without its own calibration prints as before.
        assert calibration.get_calibration(s, "avery-l7160", EPSON) == Calibration(
            0.8, -1.2, 1.0, 1.005)
