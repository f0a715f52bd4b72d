"""Signing in on the command line: who runs this command, in which role.

Until users exist in a book, commands act as its administrator. (The users and roles work fills
this in: `--user NAME` / `COOPDESK_USER`, the password from a prompt or `COOPDESK_PASSWORD`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopdesk.book import Book
    from coopdesk.cli.context import Context


def sign_in(ctx: Context, book: Book) -> None:
    """Set `book.actor` for this command."""
    from coopdesk.access import SYSTEM

    book.actor = SYSTEM
