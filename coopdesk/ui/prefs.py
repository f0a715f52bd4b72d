"""The desktop app's own preferences (language, window placement): a QSettings INI file kept in
the data folder beside the default book, so tests and portable installs keep their own."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from coopdesk.i18n import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE = "ui/language"
GEOMETRY = "window/geometry"
STATE = "window/state"
PAGE = "window/page"


def app_settings() -> QSettings:
    from coopdesk.paths import data_dir

    return QSettings(str(data_dir() / "coopdesk-app.ini"), QSettings.Format.IniFormat)


def saved_language(settings: QSettings) -> str:
    value = str(settings.value(LANGUAGE, DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE
