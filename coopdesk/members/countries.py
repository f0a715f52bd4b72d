"""Destination countries: stored as ISO 3166 alpha-2 codes, shown and typed by name.

Names come from Babel (CLDR) in English and Indonesian, so "Arab Saudi", "Saudi Arabia" and "SA"
are one country. A few names villagers and agencies use that CLDR spells differently are added
("Hongkong", "Korea", "Emirat Arab"); Hong Kong and Macau are shown by their short names.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from coopdesk.i18n import language

#: CLDR territory codes that are not countries a worker can be placed in.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
_SHORT_NAMES = {"id": {"HK": "Hong Kong", "MO": "Makau"}, "en": {"HK": "Hong Kong", "MO": "Macao"}}
_ALIASES = {
    "hongkong": "HK", "hong kong": "HK", "hk sar": "HK", "macau": "MO", "makao": "MO",
    "korea": "KR", "korsel": "KR", "republic of korea": "KR", "saudi": "SA",
    "kerajaan arab saudi": "SA", "ksa": "SA", "uae": "AE", "emirat arab": "AE",
    "persatuan emirat arab": "AE", "brunei": "BN", "brunei darussalam": "BN",
    "malaysia timur": "MY", "sabah": "MY", "sarawak": "MY", "usa": "US", "amerika": "US",
    "inggris": "GB", "uk": "GB", "tiongkok": "CN", "china": "CN", "cina": "CN",
    "taiwan roc": "TW", "republic of china": "TW",
}
_ALPHA3 = {
    "HKG": "HK", "TWN": "TW", "MYS": "MY", "SGP": "SG", "SAU": "SA", "KOR": "KR", "JPN": "JP",
    "BRN": "BN", "QAT": "QA", "ARE": "AE", "KWT": "KW", "OMN": "OM", "BHR": "BH", "MAC": "MO",
    "USA": "US", "AUS": "AU", "NZL": "NZ", "DEU": "DE", "POL": "PL", "TUR": "TR", "JOR": "JO",
}


@cache
def _territories(lang: str) -> dict[str, str]:
    names = Locale.parse("id_ID" if lang == "id" else "en_GB").territories
    return {code: str(name) for code, name in names.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}


@cache
def _index() -> dict[str, str]:
    found: dict[str, str] = {}
    for lang in ("en", "id"):
        for code, name in _territories(lang).items():
            found[_key(name)] = code
    found.update(_ALIASES)
    return found


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("’", "'").split())


def resolve(text: str) -> str | None:
    """The alpha-2 code of a country given as a code or as an English or Indonesian name."""
    value = text.strip()
    if not value:
        return None
    upper = value.upper()
    if len(upper) == 2 and upper in _territories("en"):
        return upper
    if len(upper) == 3 and upper in _ALPHA3:
        return _ALPHA3[upper]
    return _index().get(_key(value))


def name(code: str) -> str:
    """The country's name in the current language (the code itself if unknown)."""
    lang = language()
    short = _SHORT_NAMES.get(lang, {}).get(code)
    return short or _territories(lang).get(code, code)


def choices() -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by name in the current language."""
    return sorted(((code, name(code)) for code in _territories(language())),
                  key=lambda item: item[1].lower())


#: Where Indonesian migrant workers are most often placed: listed first in pickers.
COMMON = ("HK", "TW", "MY", "SG", "SA", "KR", "JP", "BN", "AE", "QA", "KW", "OM", "TR", "PL")
