"""Every string the user can see has an Indonesian translation, and the compiled catalogues
match their sources."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from coopdesk.i18n import _, set_language

ROOT = Path(__file__).resolve().parents[2]


def _tools():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("i18n_tools", ROOT / "tools" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_has_an_indonesian_translation() -> None:
    missing = _tools().missing()
    assert missing == [], f"{len(missing)} untranslated:\n" + "\n".join(missing[:40])


def test_compiled_catalogues_match_their_sources() -> None:
    folder = ROOT / "coopdesk" / "locale" / "id" / "LC_MESSAGES"
    for po in folder.glob("*.po"):
        with po.open("rb") as fh:
            source = {_key(m.id): _key(m.string) for m in read_po(fh)
                      if m.id and m.string and not m.fuzzy}
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo.name} is missing: run tools/i18n.py compile"
        with mo.open("rb") as fh:
            compiled = {_key(m.id): _key(m.string) for m in read_mo(io.BytesIO(fh.read())) if m.id}
        assert compiled == source, f"{mo.name} is stale: run tools/i18n.py compile"


def _key(value: object) -> object:
    """Plural messages come back as lists or tuples; compare them as tuples."""
    return tuple(value) if isinstance(value, list | tuple) else value


def test_switching_language() -> None:
    try:
        set_language("id")
        assert _("Trial balance") == "Neraca saldo"
        set_language("en")
        assert _("Trial balance") == "Trial balance"
    finally:
        set_language("en")


def test_a_word_reads_the_same_in_every_area() -> None:
    """The areas' catalogues are chained, so a msgid found in two of them shows the first one's
    translation everywhere: two different translations mean one screen says what the author of
    the other did not choose."""
    folder = ROOT / "coopdesk" / "locale" / "id" / "LC_MESSAGES"
    seen: dict[object, dict[str, object]] = {}
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as fh:
            for m in read_po(fh):
                if m.id and m.string and not m.fuzzy:
                    seen.setdefault(_key(m.id), {})[po.stem] = _key(m.string)
    conflicts = {msgid: areas for msgid, areas in seen.items() if len(set(areas.values())) > 1}
    assert conflicts == {}, "\n".join(f"{k!r}: {v}" for k, v in conflicts.items())


def test_no_message_hides_inside_an_f_string() -> None:
    """On Python 3.11 an f-string is one token to Babel's extractor, so `_("…")` inside one is
    never extracted and stays English on an Indonesian screen."""
    import re

    hidden = re.compile(r"""\bf(["'])[^"'\n]*\{_\(\s*["']""")
    found = [f"{path.relative_to(ROOT)}:{n}"
             for path in sorted((ROOT / "coopdesk").rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if hidden.search(line)]
    assert found == [], "write the message outside the f-string:\n" + "\n".join(found)
