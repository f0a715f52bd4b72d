"""Every argument of every command says what it is for, in English and in Indonesian: the
treasurers who type these commands should not have to guess what `--as-of AS_OF` means."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from coopdesk.cli import build_parser
from coopdesk.i18n import set_language


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield None
    set_language("en")


def _arguments(parser: argparse.ArgumentParser,
               path: tuple[str, ...] = ("coopdesk",)) -> Iterator[tuple[str, argparse.Action]]:
    """(where, action) for every argument of the parser and of all its subcommands, except
    -h/--help."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _arguments(sub, (*path, name))
        elif not isinstance(action, argparse._HelpAction):
            yield f"{' '.join(path)} {'/'.join(action.option_strings) or action.dest}", action


def _helps(language: str) -> dict[str, str | None]:
    set_language(language)
    return {where: action.help for where, action in _arguments(build_parser())
            if action.help != argparse.SUPPRESS}


def test_every_argument_has_a_help_text() -> None:
    helps = _helps("en")
    assert len(helps) > 300  # every command was built
    missing = sorted(where for where, text in helps.items() if not (text or "").strip())
    assert missing == [], f"{len(missing)} arguments without help:\n" + "\n".join(missing)


def test_every_help_text_is_translated_into_indonesian() -> None:
    english, indonesian = _helps("en"), _helps("id")
    assert english.keys() == indonesian.keys()
    untranslated = sorted(
        where for where, text in english.items()
        if text and indonesian[where] == text)
    assert untranslated == [], (f"{len(untranslated)} help texts stay English in Indonesian:\n"
                                + "\n".join(untranslated))


def test_the_output_format_help_names_the_default_in_both_languages() -> None:
    """`--format`'s help is translated as a template, then the command's default filled in."""
    english, indonesian = _helps("en"), _helps("id")
    trial = "coopdesk report trial-balance --format"
    assert english[trial] == "output format (default: from the --out file name, else csv)"
    assert indonesian[trial] == "format keluaran (bawaan: dari nama berkas --out, atau csv)"
