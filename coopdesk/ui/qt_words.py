"""Qt's own words (standard dialog buttons, message boxes) in the app's language.

PySide6 ships no Indonesian translation of Qt, so "Save" and "Cancel" on standard buttons would
stay English in an otherwise Indonesian app. This translator answers Qt's lookups for those
words from coopdesk's own catalogue, in whatever language coopdesk is set to at the time.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from coopdesk.i18n import N_, _, language

#: Qt's source texts for standard buttons (QPlatformTheme), with and without mnemonics.
QT_WORDS = frozenset({
    N_("OK"), N_("&OK"), N_("Save"), N_("&Save"), N_("Save All"), N_("Open"), N_("&Open"),
    N_("&Yes"), N_("Yes to &All"), N_("&No"), N_("N&o to All"), N_("Abort"), N_("Retry"),
    N_("Ignore"), N_("Close"), N_("&Close"), N_("Cancel"), N_("&Cancel"), N_("Discard"),
    N_("Don't Save"), N_("Close without Saving"), N_("Help"), N_("Apply"), N_("Reset"),
    N_("Restore Defaults"),
})


class CatalogueTranslator(QTranslator):
    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if language() == "en" or source_text not in QT_WORDS:
            # None is a null QString, which lets Qt fall back to its own text ("" would not:
            # Qt takes an empty, non-null string as the translation).
            return None
        return _(source_text)


def install(app: QCoreApplication) -> CatalogueTranslator:
    translator = CatalogueTranslator(app)
    app.installTranslator(translator)
    return translator
