"""How command modules declare their subcommands, so each area adds commands in its own file.

A module `coopdesk/cli/cmd_<area>.py` declares commands with `@command("report", "trial-balance",
help=N_("..."), args=[arg("--as-of", ...)])`. The handler receives the `Context` and the parsed
arguments and returns an exit code. Command modules import domain code inside handlers only, so
`coopdesk --help` starts fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from coopdesk.cli.context import Context

Handler = Callable[["Context", "argparse.Namespace"], int | None]


@dataclass(frozen=True)
class Arg:
    flags: tuple[str, ...]
    options: dict[str, Any]


def arg(*flags: str, **options: Any) -> Arg:
    """argparse's `add_argument` options, plus `help_values`: placeholders filled into the help
    after it is translated (`help=N_("… else {default}")`, `help_values={"default": "csv"}`)."""
    return Arg(flags, options)


@dataclass
class Command:
    path: tuple[str, ...]
    help: str
    handler: Handler
    args: Sequence[Arg] = field(default_factory=list)
    needs_book: bool = True
    description: str | None = None


COMMANDS: list[Command] = []
#: Help for command groups (`report`, `print`, ...) shown in `coopdesk --help`.
GROUPS: dict[str, str] = {}


def group(name: str, help: str) -> None:
    GROUPS.setdefault(name, help)


def command(
    *path: str,
    help: str,
    args: Sequence[Arg] = (),
    needs_book: bool = True,
    description: str | None = None,
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS.append(Command(tuple(path), help, handler, list(args), needs_book, description))
        return handler

    return register
