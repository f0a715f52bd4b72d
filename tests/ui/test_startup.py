"""Start-up stays light: the app opens a book without importing alembic, and the revision ids it
reads from the version files are exactly alembic's."""

from __future__ import annotations

import subprocess
import sys


def test_scanned_revisions_match_alembic() -> None:
    from alembic.script import ScriptDirectory

    from coopdesk import book

    scanned = book._scan_revisions()
    assert scanned is not None
    script = ScriptDirectory.from_config(book._alembic_config())
    assert set(scanned[0]) == set(script.get_heads())
    assert scanned[1] == {rev.revision for rev in script.walk_revisions()}


def test_opening_an_up_to_date_book_does_not_import_alembic(sqlite_book) -> None:
    code = (
        "import sys; from coopdesk.book import Book; "
        f"Book.open({str(sqlite_book.location.path)!r}).close(); "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_gui_module_imports_no_page_at_start() -> None:
    code = ("import sys; import coopdesk.ui.app, coopdesk.ui.main_window; "
            "print(sorted(m for m in sys.modules if m.startswith('coopdesk.ui.pages.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_the_gui_command_builds_only_its_own_parser() -> None:
    from coopdesk.cli import _command_word, build_parser

    assert _command_word(["--db", "x.coopdesk", "--lang", "en", "gui", "--page", "j"]) == "gui"
    assert _command_word(["--db", "gui", "report"]) == "report"
    parser = build_parser(only="gui")
    args = parser.parse_args(["--db", "b.coopdesk", "gui", "--screenshot", "s.png"])
    assert args.db == "b.coopdesk" and str(args.screenshot) == "s.png"
    full = build_parser()
    assert full.parse_args(["report", "trial-balance", "--as-of", "2025-01-01"]).as_of
