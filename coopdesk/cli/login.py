"""Signing in on the command line: who runs this command, in which role.

Every command that opens a book names its user with `--user NAME` or `COOPDESK_USER`; the
password comes from `COOPDESK_PASSWORD` (for scripts) or is asked for when a person is at the
terminal. A wrong password is answered only after a wait that doubles each time (the wait is kept
in the book, so starting again does not skip it).

A book without users (made before users existed, or created without a password by a script)
acts for its administrator. At a terminal the administrator is asked to choose a password,
which creates the first user; scripts keep working until one is set with
`coopdesk user passwd admin`.
"""

from __future__ import annotations

import getpass
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from coopdesk.errors import PermissionDenied, UserError
from coopdesk.i18n import N_, _

if TYPE_CHECKING:
    from coopdesk.book import Book
    from coopdesk.cli.context import Context
    from coopdesk.users import SignIn

# Replaced in tests: reading secrets and waiting are the two things a test cannot do for real.
ask_secret: Callable[[str], str] = getpass.getpass
ask_text: Callable[[str], str] = input
sleep: Callable[[float], None] = time.sleep
MAX_TRIES = 3
MAX_SCRIPT_WAIT_S = 5

#: Help for the options other command modules add (`--user` everywhere, `--admin` on init/demo).
USER_HELP = N_("who you are in the book (default: COOPDESK_USER); the password comes from a "
               "prompt or COOPDESK_PASSWORD")
ADMIN_HELP = N_("the administrator's user name (password from a prompt or COOPDESK_PASSWORD)")


def interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


class SignInRefused(PermissionDenied):
    """No one could be signed in: the command did nothing."""


def requested_user(ctx: Context) -> str | None:
    return getattr(ctx.args, "user", None) or os.environ.get("COOPDESK_USER") or None


def sign_in(ctx: Context, book: Book) -> None:
    """Set `book.actor` for this command, or refuse."""
    from coopdesk import users
    from coopdesk.access import SYSTEM

    with book.read() as s:
        any_users = users.has_users(s)
    if not any_users:
        book.actor = SYSTEM
        if interactive() and not os.environ.get("COOPDESK_PASSWORD"):
            _claim_administrator(ctx, book, requested_user(ctx) or users.DEFAULT_ADMIN)
        return
    name = requested_user(ctx)
    if name is None:
        if not interactive():
            raise SignInRefused(_("This book has users: say who you are with --user NAME or "
                                  "COOPDESK_USER, and give the password in COOPDESK_PASSWORD."))
        name = ask_text(_("User name: ")).strip()
    _check_password(ctx, book, name)


def _check_password(ctx: Context, book: Book, name: str) -> None:

    scripted = os.environ.get("COOPDESK_PASSWORD")
    if scripted is None and not interactive():
        raise SignInRefused(_("Give the password of “{name}” in COOPDESK_PASSWORD, or run the "
                              "command in a terminal to type it.").format(name=name))
    for attempt in range(1, MAX_TRIES + 1):
        password = scripted if scripted is not None else ask_secret(
            _("Password for {name}: ").format(name=name))
        result = _attempt(book, name, password)
        if result.actor is not None:
            book.actor = result.actor
            return
        if scripted is not None or attempt == MAX_TRIES:
            # The refusal itself comes late, so a script cannot try passwords quickly.
            sleep(min(result.wait_seconds, MAX_SCRIPT_WAIT_S))
            raise SignInRefused(result.problem or _("Wrong user name or password."))
        ctx.note(result.problem or "")
        if result.wait_seconds:
            ctx.note(_("Wait {n} seconds…").format(n=result.wait_seconds))
            sleep(result.wait_seconds)
    raise AssertionError("unreachable")


def _attempt(book: Book, name: str, password: str) -> SignIn:
    from coopdesk import users

    return book.write(lambda s: users.sign_in(s, name, password))


def _claim_administrator(ctx: Context, book: Book, name: str) -> None:
    from coopdesk import users

    ctx.note(_("This book has no users yet. Choose a password (or a PIN of at least {n} digits) "
               "for its administrator “{name}”; leave it empty to decide later.").format(
                   n=users.MIN_PASSWORD, name=name))
    password = ask_new_password(ctx, name, allow_empty=True)
    if password is None:
        return
    view = book.write(lambda s: users.create_administrator(s, name, password))
    book.actor = users.actor_for(view)


def ask_new_password(ctx: Context, name: str, *, allow_empty: bool = False,
                     env: str = "COOPDESK_NEW_PASSWORD") -> str | None:
    """A new password from `env` or typed twice at the terminal, checked for strength."""
    from coopdesk import users

    given = os.environ.get(env)
    if given is not None:
        problems = users.password_problems(given, name)
        if problems:
            raise UserError(" ".join(problems))
        return given
    if not interactive():
        raise UserError(_("Give the new password in {env}, or run the command in a terminal to "
                          "type it.").format(env=env))
    for _attempt in range(MAX_TRIES):
        first = ask_secret(_("New password for {name}: ").format(name=name))
        if not first and allow_empty:
            return None
        problems = users.password_problems(first, name)
        if problems:
            ctx.note(" ".join(problems))
            continue
        if ask_secret(_("Type it again: ")) != first:
            ctx.note(_("The two passwords are not the same."))
            continue
        return first
    raise UserError(_("No password was set."))


def new_book_password(ctx: Context, name: str) -> str | None:
    """The administrator's password for `coopdesk init` / `demo`: COOPDESK_PASSWORD, else typed
    at the terminal; a script that gives none gets a book without users (and is told so)."""
    from coopdesk import users

    users.check_username(name)
    if os.environ.get("COOPDESK_PASSWORD") is None and not interactive():
        ctx.note(_("No password was given, so the book has no users yet and anyone who opens it "
                   "acts as its administrator. Set one with: coopdesk user passwd {name}").format(
                       name=name))
        return None
    return ask_new_password(ctx, name, env="COOPDESK_PASSWORD")


def create_book_administrator(book: Book, name: str, password: str | None) -> None:
    from coopdesk import users

    if password is not None:
        book.write(lambda s: users.create_administrator(s, name, password))
