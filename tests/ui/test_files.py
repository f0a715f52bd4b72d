"""Saving a report from any page: the ending is added when the user leaves it off, the file is a
real workbook, and a place that cannot be written is told in words with nothing left behind."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from coopdesk.errors import UserError
from coopdesk.tabular import Sheet


def _sheet() -> Sheet:
    return Sheet(title="Tunggakan", header=["No", "Jumlah"], rows=[["A00001", 15_000]],
                 money_columns=(1,), widths=(10, 14))


def test_a_name_typed_without_its_ending_gets_it(window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QLabel

    from coopdesk.ui import files

    asked: list[tuple[str, str]] = []

    def choose(_parent, _title, suggested, filter_text):  # type: ignore[no-untyped-def]
        asked.append((suggested, filter_text))
        return str(tmp_path / "tunggakan"), filter_text

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    status = QLabel()
    assert files.save_sheets(window.ctx, None, "tunggakan-2026-10.xlsx", lambda: [_sheet()],
                             status)
    target = tmp_path / "tunggakan.xlsx"
    assert load_workbook(target).active["A2"].value == "A00001"
    assert str(target) in status.text()
    assert asked[0][0] == str(Path.home() / "tunggakan-2026-10.xlsx")
    assert "*.xlsx" in asked[0][1]


def test_a_place_that_cannot_be_written_is_told_and_nothing_is_left(  # type: ignore[no-untyped-def]
        window, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from coopdesk.ui import files

    # A "folder" that is a file: refused to every user, root included (CI runs as root).
    out = tmp_path / "out"
    out.mkdir()
    not_a_folder = out / "laporan.txt"
    not_a_folder.write_text("bukan folder")
    shown: list[BaseException] = []
    monkeypatch.setattr(window.ctx, "show_error", shown.append)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(not_a_folder / "x.xlsx"), "")))
    assert not files.save_sheets(window.ctx, None, "x.xlsx", lambda: [_sheet()])
    assert len(shown) == 1 and isinstance(shown[0], UserError)
    assert "x.xlsx" in str(shown[0])
    assert sorted(p.name for p in out.iterdir()) == ["laporan.txt"]
    assert not_a_folder.read_text() == "bukan folder"
