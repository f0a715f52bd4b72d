"""User errors: problems the user can fix, carried as plain translated words.

Services raise these; the command line prints the message to stderr and exits non-zero, the desktop
app shows it in a dialog. Anything else escaping a service is a bug and is reported as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class UserError(Exception):
    """A problem in what the user asked for; the message is already translated."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(UserError):
    """Something the user named (a member, an account, an entry) does not exist."""


class PermissionDenied(UserError):
    """The signed-in user's role does not allow this action."""

    exit_code = 3


class BookError(UserError):
    """A book cannot be opened or created; the file is left exactly as it was."""

    exit_code = 4


@dataclass(frozen=True)
class Problem:
    """One problem found in input: where (row, column) and why, in plain words."""

    reason: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"{self.row}")
        if self.column:
            where.append(self.column)
        return f"{':'.join(where)}: {self.reason}" if where else self.reason


class ValidationError(UserError):
    """Input was refused; `problems` lists every reason, so all can be fixed at once."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return "\n".join([self.message, *(f"  {p}" for p in self.problems)])
