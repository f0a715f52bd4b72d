"""Translation catalogues: extract user-visible strings, update the .po files, compile the .mo.

The catalogue is split by area so that work on one area never rewrites another's translations:
a source file belongs to the first area whose patterns match it (else to `core`). At run time
coopdesk loads every area's catalogue for the language (see coopdesk.i18n).

    python tools/i18n.py update [AREA ...]  # extract, merge new strings into the .po, compile
    python tools/i18n.py compile [AREA ...] # compile the .po files after translating
    python tools/i18n.py check [AREA ...]   # exit 1 listing strings without a translation
"""

from __future__ import annotations

import fnmatch
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coopdesk"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("id",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}

#: area -> path patterns (relative to the repository root). First match wins.
AREAS: dict[str, tuple[str, ...]] = {
    "members": (
        "coopdesk/members/*", "coopdesk/ledger/savings*", "coopdesk/ledger/receipt*",
        "coopdesk/ledger/terbilang*", "coopdesk/ledger/member_statement*",
        "coopdesk/cli/cmd_members*", "coopdesk/cli/cmd_savings*",
        "coopdesk/ui/pages/members*", "coopdesk/ui/pages/savings*",
        "coopdesk/ui/pages/reports_migrants*", "coopdesk/demo/savings*",
    ),
    "loans": (
        "coopdesk/ledger/loans/*", "coopdesk/cli/cmd_loans*", "coopdesk/ui/pages/loans*",
        "coopdesk/demo/loans*",
    ),
    "products": (
        "coopdesk/products/*", "coopdesk/cli/cmd_products*", "coopdesk/ui/pages/products*",
        "coopdesk/demo/products*",
    ),
    "statements": (
        "coopdesk/ledger/statements/*", "coopdesk/ledger/shu/*", "coopdesk/ledger/closing*",
        "coopdesk/cli/cmd_statements*", "coopdesk/ui/pages/reports_statements*",
        "coopdesk/ui/pages/charts*", "coopdesk/demo/yearend*",
    ),
    "trust": (
        "coopdesk/users*", "coopdesk/backup*", "coopdesk/cli/cmd_trust*", "coopdesk/cli/login*",
        "coopdesk/ui/pages/audit*", "coopdesk/ui/login*", "coopdesk/access.py",
        "coopdesk/audit.py",
    ),
    "core": ("coopdesk/*",),
}


def area_of(path: Path) -> str:
    rel = path.relative_to(ROOT).as_posix()
    for area, patterns in AREAS.items():
        if any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p + "/*") for p in patterns):
            return area
    return "core"


def sources() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def extract() -> dict[str, Catalog]:
    catalogs = {area: Catalog(project="coopdesk", domain=area) for area in AREAS}
    for path in sources():
        area = area_of(path)
        for lineno, message, comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            rel = path.relative_to(ROOT).as_posix()
            catalogs[area].add(message, locations=[(rel, lineno)], auto_comments=comments)
    return catalogs


def po_path(lang: str, area: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{area}.po"


def _read(path: Path, lang: str, area: str) -> Catalog:
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale=lang, domain=area)
    return Catalog(locale=lang, domain=area, project="coopdesk")


def update(only: set[str] | None = None) -> None:
    templates = extract()
    for lang in LANGUAGES:
        for area, template in templates.items():
            if only and area not in only:
                continue
            path = po_path(lang, area)
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = _read(path, lang, area)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            buffer = io.BytesIO()
            write_po(buffer, catalog, width=100, sort_output=True, omit_header=False)
            path.write_bytes(buffer.getvalue())
            compile_one(path, lang, area)


def compile_one(path: Path, lang: str, area: str) -> None:
    catalog = _read(path, lang, area)
    with path.with_suffix(".mo").open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)


def missing(only: set[str] | None = None) -> list[str]:
    """Every extracted string that has no Indonesian translation (or a fuzzy one)."""
    problems = []
    for area, template in extract().items():
        if only and area not in only:
            continue
        for lang in LANGUAGES:
            catalog = _read(po_path(lang, area), lang, area)
            for msg in template:
                if not msg.id:
                    continue
                have = catalog.get(msg.id)
                text = have.string if have is not None else None
                done = bool(text) and (all(text) if isinstance(text, tuple) else True)
                if have is None or not done or have.fuzzy:
                    where = msg.locations[0] if msg.locations else ("?", 0)
                    problems.append(f"{lang}/{area}: {where[0]}:{where[1]}: {msg.id!r}")
    return problems


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "update"
    only = set(argv[2:]) or None
    if only and only - set(AREAS):
        print(f"unknown area(s): {', '.join(sorted(only - set(AREAS)))}; areas: {', '.join(AREAS)}")
        return 2
    if command == "update":
        update(only)
        left = missing(only)
        print(f"catalogues updated; {len(left)} strings still need an Indonesian translation")
        return 0
    if command == "compile":
        for lang in LANGUAGES:
            for area in only or AREAS:
                compile_one(po_path(lang, area), lang, area)
        return 0
    if command == "check":
        left = missing(only)
        for line in left:
            print(line)
        return 1 if left else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
