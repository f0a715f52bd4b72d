"""Qt's own words (standard buttons, text-box menus, file and print dialogs) speak the app's
language (PySide6 ships no Indonesian Qt)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from coopdesk.i18n import set_language


def test_standard_buttons_follow_the_language(qapp: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from coopdesk.ui import qt_words

    translator = qt_words.install(qapp)
    buttons = QDialogButtonBox.StandardButton
    try:
        set_language("id")
        box = QDialogButtonBox(buttons.Save | buttons.Cancel | buttons.Close)
        texts = {box.button(b).text().replace("&", "") for b in
                 (buttons.Save, buttons.Cancel, buttons.Close)}
        assert texts == {"Simpan", "Batal", "Tutup"}
        set_language("en")
        box = QDialogButtonBox(buttons.Save | buttons.Cancel)
        assert box.button(buttons.Cancel).text().replace("&", "") == "Cancel"
    finally:
        set_language("en")
        qapp.removeTranslator(translator)


@pytest.fixture
def qt_language(qapp: Any) -> Iterator[Callable[[str], str]]:
    """Qt's words answered by coopdesk's catalogue; call with a language to switch to it."""
    from coopdesk.ui import qt_words

    translator = qt_words.install(qapp)
    try:
        yield set_language
    finally:
        set_language("en")
        qapp.removeTranslator(translator)


def _plain(text: str) -> str:
    """A menu action's or label's text as read: no mnemonic marker, no shortcut after the tab."""
    return text.split("\t", maxsplit=1)[0].replace("&", "")


def test_text_box_menu_follows_the_language(qtbot: Any, qt_language: Any) -> None:
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    def menu_of(box: Any) -> list[str]:
        qtbot.addWidget(box)
        menu = box.createStandardContextMenu()
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        menu.deleteLater()
        return texts

    qt_language("id")
    texts = menu_of(QLineEdit("teks"))
    assert next(t for t in texts if "Ctrl+C" in t).startswith("&Salin")
    assert {_plain(t) for t in texts} == {"Urungkan", "Ulangi", "Potong", "Salin", "Tempel",
                                          "Hapus", "Pilih Semua"}
    assert {_plain(t) for t in menu_of(QPlainTextEdit("teks"))} >= {"Salin", "Tempel",
                                                                   "Pilih Semua"}
    qt_language("en")
    texts = menu_of(QLineEdit("text"))
    assert next(t for t in texts if "Ctrl+C" in t).startswith("&Copy")
    assert "Select All" in {_plain(t) for t in texts}


def test_spin_box_menu_follows_the_language(qtbot: Any, qt_language: Any) -> None:
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu, QSpinBox

    def menu_of_spin_box() -> list[str]:
        """QAbstractSpinBox builds its menu inside contextMenuEvent and runs it modally: read it
        from a timer, then close it."""
        box = QSpinBox()
        qtbot.addWidget(box)
        box.show()
        seen: list[str] = []

        def read_and_close() -> None:
            for menu in QApplication.topLevelWidgets():
                if isinstance(menu, QMenu) and menu.isVisible():
                    seen.extend(a.text() for a in menu.actions() if not a.isSeparator())
                    menu.close()

        QTimer.singleShot(0, read_and_close)
        where = QPoint(2, 2)
        QApplication.sendEvent(box, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where,
                                                      box.mapToGlobal(where)))
        return [_plain(t) for t in seen]

    qt_language("id")
    assert menu_of_spin_box()[-5:] == ["Tempel", "Hapus", "Pilih Semua", "Naikkan", "Turunkan"]
    qt_language("en")
    assert menu_of_spin_box()[-5:] == ["Paste", "Delete", "Select All", "Step up", "Step down"]


def _file_dialog(qtbot: Any) -> Any:
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(None, "coopdesk")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    label = QFileDialog.DialogLabel
    return [dialog.labelText(x) for x in (label.LookIn, label.FileName, label.FileType,
                                          label.Accept)]


def test_qt_file_dialog_follows_the_language(qtbot: Any, qt_language: Any) -> None:
    qt_language("id")
    assert [_plain(t) for t in _file_dialog(qtbot)] == ["Lihat di:", "Nama berkas:",
                                                        "Jenis berkas:", "Simpan"]
    qt_language("en")
    assert [_plain(t) for t in _file_dialog(qtbot)] == ["Look in:", "File name:",
                                                        "Files of type:", "Save"]


def _print_dialog() -> tuple[list[str], list[str]]:
    import shiboken6
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QGroupBox, QTabWidget

    printer = QPrinter()
    dialog = QPrintDialog(printer)
    try:
        tabs = dialog.findChild(QTabWidget)
        assert tabs is not None
        titles = [tabs.tabText(i) for i in range(tabs.count())]
        groups = sorted(g.title() for g in dialog.findChildren(QGroupBox))
    finally:
        # Gone before its printer is: the dialog does not own the printer and reads it on close.
        shiboken6.delete(dialog)
    return titles, groups


def test_qt_print_dialog_follows_the_language(qtbot: Any, qt_language: Any) -> None:
    qt_language("id")
    tabs, groups = _print_dialog()
    assert tabs == ["Salinan", "Pilihan"]
    assert {"Rentang cetak", "Mode Warna", "Cetak Bolak-balik"} <= set(groups)
    qt_language("en")
    tabs, groups = _print_dialog()
    assert tabs == ["Copies", "Options"]
    assert {"Print range", "Color Mode"} <= set(groups)


def test_only_the_listed_contexts_are_answered(qt_language: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    qt_language("id")
    assert QCoreApplication.translate("QLineEdit", "&Copy") == "&Salin"
    # The same English in a context not in the table stays Qt's: key names keep their meaning.
    assert QCoreApplication.translate("QShortcut", "Save") == "Save"
    assert QCoreApplication.translate("QPageSetupWidget", "in") == "in"
