"""The command line's own words — usage, option titles, refusals — follow the language, not only
the words coopdesk wrote."""

from __future__ import annotations

import io

import pytest

from coopdesk.cli import main
from coopdesk.i18n import set_language


@pytest.fixture(autouse=True)
def _english_after() -> object:
    yield None
    set_language("en")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_help_is_indonesian_through_and_through() -> None:
    code, out, _err = _run("--lang", "id", "loan", "repay", "--help")
    assert code == 0
    assert out.startswith("cara pakai: coopdesk loan repay")
    assert "pilihan:" in out and "tampilkan bantuan ini lalu keluar" in out
    assert "usage" not in out and "show this help" not in out
    _code, out, _err = _run("--lang", "id", "--help")
    assert "tampilkan versi program lalu keluar" in out and "version number" not in out


def test_a_missing_argument_is_refused_in_the_users_language() -> None:
    code, _out, err = _run("--lang", "id", "loan", "repay", "--loan", "1")
    assert code == 2
    assert "argumen berikut wajib diisi: --amount" in err
    code, _out, err = _run("--lang", "en", "loan", "repay", "--loan", "1")
    assert code == 2 and "the following arguments are required: --amount" in err
