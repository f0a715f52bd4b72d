"""What a command handler gets: the open book, output helpers, and plain-words messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from coopdesk.cli.registry import Arg, arg
from coopdesk.errors import UserError
from coopdesk.i18n import N_, _

if TYPE_CHECKING:
    from coopdesk.book import Book
    from coopdesk.tabular import Cell, Sheet


def parse_date(text: str) -> date:
    """A date on the command line: ISO `YYYY-MM-DD` (also `DD/MM/YYYY`, the Indonesian habit)."""
    value = text.strip()
    try:
        if "/" in value:
            d, m, y = value.split("/")
            return date(int(y), int(m), int(d))
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a date; write it as YYYY-MM-DD.").format(text=text)
        ) from None


def parse_month(text: str) -> tuple[int, int]:
    try:
        y, m = text.strip().split("-")
        year, month = int(y), int(m)
        date(year, month, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a month; write it as YYYY-MM.").format(text=text)
        ) from None
    return year, month


def parse_amount_arg(text: str) -> int:
    from coopdesk.money import parse_amount

    try:
        return parse_amount(text)
    except UserError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def output_args(*formats: str) -> list[Arg]:
    """`--format` (the first is the default, or the --out file's extension) and `--out FILE`."""
    return [
        arg("--format", choices=formats, default=None,
            help=N_("output format (default: from the --out file name, else {default})"),
            help_values={"default": formats[0]}),
        arg("--out", type=Path, default=None, metavar="FILE",
            help=N_("write to FILE (CSV goes to the screen without it)")),
    ]


class Context:
    def __init__(self, args: argparse.Namespace, stdout: IO[str] | None = None,
                 stderr: IO[str] | None = None) -> None:
        self.args = args
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self._book: Book | None = None

    # -- the book ---------------------------------------------------------------------------

    @property
    def db(self) -> str | None:
        return getattr(self.args, "db", None)

    def book(self) -> Book:
        if self._book is None:
            from coopdesk.book import Book

            self._book = Book.open(self.db)
            if self._book.upgrade_backup is not None:
                self.note(
                    _("The book was upgraded; a copy of it as it was is in “{path}”.").format(
                        path=self._book.upgrade_backup
                    )
                )
            from coopdesk.cli import login

            login.sign_in(self, self._book)
        return self._book

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None

    # -- output -----------------------------------------------------------------------------

    def say(self, message: str) -> None:
        """A result for the user (stdout)."""
        print(message, file=self.stdout)

    def note(self, message: str) -> None:
        """Something to know along the way (stderr, so piped CSV stays clean)."""
        print(message, file=self.stderr)

    def output_format(self, formats: Sequence[str]) -> str:
        fmt = getattr(self.args, "format", None)
        out: Path | None = getattr(self.args, "out", None)
        if fmt is None and out is not None and out.suffix.lower().lstrip(".") in formats:
            fmt = out.suffix.lower().lstrip(".")
        fmt = fmt or formats[0]
        if fmt != "csv" and out is None:
            raise UserError(_("Give --out FILE to write {format}.").format(format=fmt.upper()))
        return fmt

    def emit_csv(self, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
        from coopdesk.tabular import write_csv

        out: Path | None = getattr(self.args, "out", None)
        if out is None:
            write_csv(self.stdout, header, rows)
        else:
            write_csv(out, header, rows)
            self.wrote(out)

    def emit_bytes(self, data: bytes) -> None:
        from coopdesk.tabular import atomic_write_bytes

        out: Path = self.args.out
        atomic_write_bytes(out, data)
        self.wrote(out)

    def emit_xlsx(self, sheets: Sequence[Sheet]) -> None:
        from coopdesk.tabular import write_xlsx

        out: Path = self.args.out
        write_xlsx(out, sheets)
        self.wrote(out)

    def emit(
        self,
        formats: Sequence[str],
        *,
        csv: Callable[[], tuple[Sequence[str], Iterable[Sequence[Cell]]]] | None = None,
        pdf: Callable[[], bytes] | None = None,
        xlsx: Callable[[], Sequence[Sheet]] | None = None,
    ) -> None:
        """Write a report in the format asked for, from whichever producer matches."""
        fmt = self.output_format(formats)
        if fmt == "csv" and csv is not None:
            header, rows = csv()
            self.emit_csv(header, rows)
        elif fmt == "pdf" and pdf is not None:
            self.emit_bytes(pdf())
        elif fmt == "xlsx" and xlsx is not None:
            self.emit_xlsx(xlsx())
        else:
            raise UserError(_("This report cannot be written as {format}.").format(
                format=fmt.upper()))

    def wrote(self, path: Path) -> None:
        self.note(_("Written: {path}").format(path=path))
