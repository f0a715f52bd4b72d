"""Translations and locale formats: one gettext catalogue, Babel for numbers, dates and rupiah.

Source strings are English; Indonesian (`id`) is the default language and English (`en`) the
second. Strings defined at import time are marked with `N_` and translated where they are shown.
What the user reads on screens and PDFs is formatted here; CSV files for machines are not (plain
digits, ISO dates).
"""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from babel import Locale

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"
_BABEL_LOCALES = {"id": "id_ID", "en": "en_GB"}

_language = DEFAULT_LANGUAGE
_translations: gettext.NullTranslations = gettext.NullTranslations()
# Each area's catalogue falls back to the next, so a miss walks the whole chain; a money service
# translates a few dozen messages per action, a screen hundreds. Cleared on a language switch.
_memo: dict[str, str] = {}


def _load(language: str) -> gettext.NullTranslations:
    """Every area's catalogue for `language`, chained (see tools/i18n.py for the areas)."""
    chain: gettext.NullTranslations = gettext.NullTranslations()
    if language == "en":
        return chain
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    for mo in sorted(folder.glob("*.mo")):
        with mo.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)
        catalog.add_fallback(chain)
        chain = catalog
    return chain


def set_language(language: str | None) -> str:
    """Switch every later translation and format to `language` (unknown → the default)."""
    global _language, _translations
    lang = (language or DEFAULT_LANGUAGE).split("_")[0].split("-")[0].lower()
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    _language = lang
    _translations = _load(lang)
    _memo.clear()
    return lang


def language() -> str:
    return _language


def _(message: str) -> str:
    """Translate `message` into the current language."""
    try:
        return _memo[message]
    except KeyError:
        translated = _memo[message] = _translations.gettext(message)
        return translated


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it yet (translate where shown)."""
    return message


@cache
def _babel_locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(_BABEL_LOCALES[lang])


def babel_locale() -> Locale:
    return _babel_locale(_language)


def format_money(amount: int, *, symbol: bool = True) -> str:
    """Whole rupiah in the current locale: `Rp1.500.000` (id), `Rp1,500,000` (en)."""
    from babel.numbers import format_decimal

    digits = format_decimal(abs(amount), format="#,##0", locale=babel_locale())
    text = f"Rp{digits}" if symbol else digits
    return f"-{text}" if amount < 0 else text


def format_number(value: int | Decimal, *, decimals: int | None = None) -> str:
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(value, locale=babel_locale())
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=babel_locale(), decimal_quantization=True)


def format_percent(value: Decimal, *, decimals: int = 2) -> str:
    """A percentage given in percent units: Decimal('1.5') → `1,5%` (id)."""
    from babel.numbers import format_decimal

    pattern = "#,##0." + "#" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=babel_locale()) + "%"


DateStyle = Literal["short", "medium", "long", "full"]


def format_date(value: date, style: DateStyle = "medium") -> str:
    from babel.dates import format_date as _format_date

    return _format_date(value, format=style, locale=babel_locale())


def format_datetime(value: datetime, style: DateStyle = "medium") -> str:
    from babel.dates import format_datetime as _format_datetime

    return _format_datetime(value, format=style, locale=babel_locale())


def month_name(month: int, *, abbreviated: bool = False) -> str:
    names = babel_locale().months["format"]["abbreviated" if abbreviated else "wide"]
    return str(names[month])


def country_name(code: str) -> str:
    """An ISO 3166 country code shown by name in the current language (code if unknown)."""
    return str(babel_locale().territories.get(code.upper(), code.upper()))


set_language(os.environ.get("COOPDESK_LANG"))
