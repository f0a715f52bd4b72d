"""Commands for whole books: create one, create the demo, start the desktop app."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from coopdesk.cli import login
from coopdesk.cli.context import Context
from coopdesk.cli.registry import arg, command
from coopdesk.i18n import LANGUAGES, N_, _


@command(
    "init",
    help=N_("create a new book for a cooperative"),
    args=[
        arg("--name", required=True, help=N_("the cooperative's name")),
        arg("--year", type=int, default=None, help=N_("first financial year (default: this year)")),
        arg("--address", default="", help=N_("address printed on the letterhead")),
        arg("--phone", default="", help=N_("phone number printed on the letterhead")),
        arg("--legal-no", default="", help=N_("legal entity (badan hukum) number")),
        arg("--logo", type=Path, default=None, help=N_("logo image (PNG or JPEG)")),
        arg("--book-lang", choices=sorted(LANGUAGES), default="id",
            help=N_("language of the chart of accounts")),
        arg("--admin", default="admin", metavar="NAME", help=login.ADMIN_HELP),
    ],
    needs_book=False,
)
def init(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.attachments import add_attachment_file
    from coopdesk.book import Book
    from coopdesk.ledger.setup import Cooperative, create_cooperative

    password = login.new_book_password(ctx, args.admin)
    with Book.open(ctx.db, create=True) as book:
        try:
            with book.transaction() as session:
                logo_id = add_attachment_file(session, "logo", args.logo) if args.logo else None
                create_cooperative(
                    session,
                    Cooperative(args.name, args.address, args.phone, args.legal_no),
                    first_year=args.year or date.today().year,
                    language=args.book_lang, logo_id=logo_id,
                )
            login.create_book_administrator(book, args.admin, password)
        except BaseException:
            _remove_new_book(book)
            raise
        ctx.say(_("Created the book for {name} at {place}.").format(
            name=args.name, place=book.location.display))
    return 0


def _remove_new_book(book: object) -> None:
    """A book that `init` itself just created and could not fill is removed again."""
    from coopdesk.book import Book

    assert isinstance(book, Book)
    book.close()
    if book.location.path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{book.location.path}{suffix}").unlink(missing_ok=True)


@command(
    "demo",
    help=N_("create a demo cooperative with realistic data"),
    args=[
        arg("--members", type=int, default=120, help=N_("number of members")),
        arg("--years", type=int, default=2, help=N_("years of history up to today")),
        arg("--seed", type=int, default=1, help=N_("random seed (same seed, same book)")),
        arg("--today", type=str, default=None, help=argparse.SUPPRESS),
        arg("--admin", default="admin", metavar="NAME", help=login.ADMIN_HELP),
    ],
    needs_book=False,
)
def demo(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.book import Book
    from coopdesk.cli.context import parse_date
    from coopdesk.demo import DemoPlan, build_demo
    from coopdesk.errors import UserError

    if args.members < 1 or args.members > 100_000:
        raise UserError(_("--members must be between 1 and 100000."))
    if args.years < 1 or args.years > 30:
        raise UserError(_("--years must be between 1 and 30."))
    today = parse_date(args.today) if args.today else date.today()
    password = login.new_book_password(ctx, args.admin)
    with Book.open(ctx.db, create=True) as book:
        try:
            plan = build_demo(book, DemoPlan(args.members, args.years, args.seed, today))
            login.create_book_administrator(book, args.admin, password)
        except BaseException:
            _remove_new_book(book)
            raise
        ctx.say(_("Created the demo cooperative at {place}: {members} members, {entries} journal "
                  "entries.").format(place=book.location.display, members=len(plan.member_ids),
                                     entries=plan.counts.get("entries", 0)))
    return 0


@command(
    "gui",
    help=N_("start the desktop app (the default with no command)"),
    args=[
        arg("--screenshot", type=Path, default=None, metavar="FILE.png",
            help=N_("render the main window to a PNG file and exit")),
        arg("--page", default=None, help=N_("page to show first (e.g. jurnal, laporan)")),
        arg("--size", default=None, help=N_("window size for the screenshot, e.g. 1280x800")),
    ],
    needs_book=False,
)
def gui(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ui.app import run_app

    return int(run_app(db=ctx.db, screenshot=args.screenshot, page=args.page, size=args.size,
                       language=getattr(args, "lang", None)))
