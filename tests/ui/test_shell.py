"""The app shell: the main window, its navigation, placeholders, and the screenshot command."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from coopdesk.ui.lazy import NotBuiltYet, PartMissing, create_part, load_class
from coopdesk.ui.pages import PAGES, page_keys
from tests.ui.conftest import settle


def test_main_window_opens_on_home_with_every_page_listed(window) -> None:
    labels = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert labels == ["Home", "Members", "Savings", "Loans", "Products & Labels", "Reports",
                      "Journal"]
    assert window.page_key() == "beranda"
    assert "Koperasi Uji Coba" in window.book_label.text()


def test_navigation_reaches_every_page(window, qtbot) -> None:
    for row, (key, _label, _spec) in enumerate(PAGES):
        window.navigation.setCurrentRow(row)
        settle(window)
        assert window.page_key() == key
        assert window.stack.currentWidget() is window.pages[key]
    assert set(window.pages) == set(page_keys())


def test_page_shortcut_switches_page(window, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    # A window's shortcuts answer only while it is the active window; after a long run another
    # test's window may still hold that place for a moment.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.page_key() == "jurnal"


def test_missing_module_is_a_placeholder_not_an_error(qtbot) -> None:
    with pytest.raises(PartMissing):
        load_class("coopdesk.ui.pages.not_there:Page")
    widget = create_part("coopdesk.ui.pages.not_there:Page", "Somewhere")
    qtbot.addWidget(widget)
    assert isinstance(widget, NotBuiltYet)


def test_missing_class_in_existing_module_is_a_placeholder(qtbot) -> None:
    widget = create_part("coopdesk.ui.pages.home:NoSuchCard", "Somewhere")
    qtbot.addWidget(widget)
    assert isinstance(widget, NotBuiltYet)


def test_a_broken_dependency_is_not_mistaken_for_a_missing_page(tmp_path: Path,
                                                                monkeypatch) -> None:
    # A page module that exists but imports something missing is a bug and must surface.
    package = tmp_path / "brokenpages"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "page.py").write_text("import not_a_real_module_xyz\nclass Page: ...\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError):
        load_class("brokenpages.page:Page")
    with pytest.raises(PartMissing):
        load_class("brokenpages.absent:Page")


def test_a_broken_page_shows_an_error_placeholder(tmp_path: Path, monkeypatch, qtbot) -> None:
    from coopdesk.ui.lazy import PartFailed

    package = tmp_path / "brokenpages2"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "page.py").write_text("raise RuntimeError('boom')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    widget = create_part("brokenpages2.page:Page", "Broken")
    qtbot.addWidget(widget)
    assert isinstance(widget, PartFailed)


def test_changed_signal_refreshes_visible_page_and_marks_others(window) -> None:
    window.show_page("laporan")
    settle(window)
    window.show_page("beranda")
    settle(window)
    window.ctx.changed.emit("journal")
    assert "laporan" in window.stale
    assert "beranda" not in window.stale


def test_screenshot_command_writes_a_png(book_url: str, tmp_path: Path, backend: str) -> None:
    from coopdesk.cli import main

    out = tmp_path / "shot.png"
    err = io.StringIO()
    code = main(["--db", book_url, "gui", "--screenshot", str(out), "--page", "laporan",
                 "--size", "1200x760"], stdout=io.StringIO(), stderr=err)
    assert code == 0, err.getvalue()
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 760)


def test_screenshot_refuses_an_unknown_page(book_url: str, tmp_path: Path) -> None:
    from coopdesk.cli import main

    err = io.StringIO()
    code = main(["--db", book_url, "gui", "--screenshot", str(tmp_path / "x.png"), "--page",
                 "nowhere"], stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert not (tmp_path / "x.png").exists()
