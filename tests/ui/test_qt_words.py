"""Standard dialog buttons speak the app's language (PySide6 ships no Indonesian Qt)."""

from __future__ import annotations

from typing import Any

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
