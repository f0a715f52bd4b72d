"""The install lists every package, and `coopdesk --help` starts without heavy imports."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_directory_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "coopdesk").rglob("__init__.py")
    }
    found.add("coopdesk.resources")
    assert found - listed == set()


def test_help_does_not_import_qt_the_database_or_pdf_libraries() -> None:
    code = (
        "import sys; from coopdesk.cli import main; "
        "import contextlib, io; buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf): main(['--help'])\n"
        "heavy = [m for m in ('PySide6', 'sqlalchemy', 'reportlab', 'openpyxl', 'alembic') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
