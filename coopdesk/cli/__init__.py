"""The `coopdesk` command: every capability of the app without a screen.

`coopdesk` alone starts the desktop app. Subcommands live in `cmd_*.py` modules beside this one
and are found at start-up; each accepts `--db URL_OR_PATH`. Problems the user can fix are printed
in plain words on stderr with a non-zero exit code; anything else is a bug, reported as one with
the details saved to a log file.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from typing import IO, Any

from coopdesk import __version__
from coopdesk.cli import argparse_words, login
from coopdesk.cli.registry import COMMANDS, GROUPS, Command
from coopdesk.i18n import LANGUAGES, _, set_language

EXIT_INTERNAL = 70


def _load_command_modules() -> None:
    package = importlib.import_module("coopdesk.cli")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("cmd_"):
            importlib.import_module(f"coopdesk.cli.{info.name}")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, _("coopdesk: error: {message}").format(message=message) + "\n")


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db", metavar="URL_OR_PATH", default=default,
        help=_("the book: a file path or a database URL (default: COOPDESK_DB, else the book in "
               "your data folder)"),
    )
    parser.add_argument(
        "--user", metavar="NAME", default=default,
        help=_(login.USER_HELP),
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, just that top-level command (building a hundred
    subparsers costs a tenth of a second, which the desktop app's start need not pay)."""
    _load_command_modules()
    argparse_words.install()  # before any parser: argparse translates its titles as it builds
    parser = _Parser(
        prog="coopdesk",
        description=_("Bookkeeping, member register and product labels for cooperatives."),
    )
    parser.add_argument("--version", action="version", version=f"coopdesk {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default=None,
                        help=_("language of messages (default: COOPDESK_LANG, else id)"))
    _common(parser, top=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    groups: dict[tuple[str, ...], Any] = {(): subparsers}
    for cmd in sorted(COMMANDS, key=lambda c: c.path):
        if only is not None and cmd.path[0] != only:
            continue
        for depth in range(1, len(cmd.path)):
            prefix = cmd.path[:depth]
            if prefix not in groups:
                parent = groups[prefix[:-1]]
                gp = parent.add_parser(prefix[-1], help=_(GROUPS.get(prefix[-1], "")) or None)
                groups[prefix] = gp.add_subparsers(dest=f"sub_{depth}", metavar="COMMAND",
                                                   parser_class=_Parser)
                groups[prefix].required = True
        sp = groups[cmd.path[:-1]].add_parser(
            cmd.path[-1], help=_(cmd.help),
            description=_(cmd.description) if cmd.description else _(cmd.help),
        )
        _common(sp, top=False)
        for a in cmd.args:
            options = dict(a.options)
            # Values go into the help after it is translated: the catalogue holds the template.
            values = options.pop("help_values", None)
            if isinstance(options.get("help"), str):
                options["help"] = _(options["help"])
                if values:
                    options["help"] = options["help"].format(**values)
            sp.add_argument(*a.flags, **options)
        sp.set_defaults(_command=cmd)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: IO[str] | None = None,
         stderr: IO[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _peek_lang(args_list)
    set_language(lang or os.environ.get("COOPDESK_LANG"))
    if not args_list:
        args_list = ["gui"]
    parser = build_parser(only="gui" if _command_word(args_list) == "gui" else None)
    # argparse writes help and usage errors to sys.stdout/sys.stderr itself.
    with contextlib.redirect_stdout(stdout or sys.stdout), \
            contextlib.redirect_stderr(stderr or sys.stderr):
        try:
            args = parser.parse_args(args_list)
        except SystemExit as exc:
            return int(exc.code or 0)
    cmd: Command | None = getattr(args, "_command", None)
    if cmd is None:
        parser.print_help(stdout or sys.stdout)
        return 0
    from coopdesk.cli.context import Context

    ctx = Context(args, stdout, stderr)
    return run(ctx, cmd)


def run(ctx: object, cmd: Command) -> int:
    from coopdesk.cli.context import Context
    from coopdesk.errors import UserError

    assert isinstance(ctx, Context)
    try:
        code = cmd.handler(ctx, ctx.args)
        return int(code or 0)
    except UserError as exc:
        ctx.note(_("coopdesk: {message}").format(message=str(exc)))
        return exc.exit_code
    except KeyboardInterrupt:
        ctx.note(_("coopdesk: stopped."))
        return 130
    except BrokenPipeError:
        # The reader went away (`coopdesk ... | head`): not an error of ours. Point stdout at
        # nothing so Python's final flush does not complain.
        _silence_stdout()
        return 0
    except Exception as exc:  # a bug: say so plainly, keep the details for the report
        path = _save_crash_report(exc)
        ctx.note(
            _("coopdesk: an unexpected error happened ({error}). Details were saved to {path}; "
              "please send that file to the coopdesk developers.").format(
                error=type(exc).__name__, path=path)
        )
        return EXIT_INTERNAL
    finally:
        ctx.close()


def _command_word(argv: Sequence[str]) -> str | None:
    """The first word that is not a top-level option or an option's value."""
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--db", "--lang"):
            skip = True
        elif not a.startswith("-"):
            return a
    return None


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _peek_lang(argv: Sequence[str]) -> str | None:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return None


def _save_crash_report(exc: BaseException) -> str:
    import traceback
    from datetime import datetime

    from coopdesk.paths import data_dir

    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.txt"
        path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        return str(path)
    except OSError:
        return "(not saved)"
