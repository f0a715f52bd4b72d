"""Commands for trust: users and roles, second approvals, the audit trail, backups and restore."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from coopdesk.cli.context import Context, output_args, parse_amount_arg, parse_date
from coopdesk.cli.registry import arg, command, group
from coopdesk.i18n import N_, _

ROLES = ("ketua", "bendahara", "pengawas", "operator", "readonly")
EXIT_BROKEN_CHAIN = 5

group("user", N_("users of the book and their roles"))

group("approval", N_("second approvals of large payments (maker and checker)"))
group("audit", N_("the audit trail: check it, read it, export it"))

_USER = arg("name", help=N_("user name, e.g. siti"))
_ROLE = arg("--role", required=True, choices=ROLES, help=N_("the user's role"))
_REQUEST = arg("id", type=int, help=N_("the request's number (see “coopdesk approval list”)"))


def _limit_arg(text: str) -> int:
    """An amount limit: like any amount, but 0 is allowed (0 means every payment)."""
    from coopdesk.errors import UserError
    from coopdesk.money import parse_amount

    try:
        return parse_amount(text, allow_zero=True)
    except UserError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


# --- users --------------------------------------------------------------------------------------


@command("user", "add", help=N_("add a user (password from a prompt or COOPDESK_NEW_PASSWORD)"),
         args=[_USER, _ROLE,
               arg("--full-name", default="", help=N_("the person's full name")),
               arg("--admin", action="store_true", help=N_("may also manage users and settings"))])
def user_add(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import users
    from coopdesk.access import Role
    from coopdesk.cli import login

    book = ctx.book()
    name = users.check_username(args.name)
    password = login.ask_new_password(ctx, name)
    assert password is not None
    view = book.write(lambda s: users.add_user(s, name, Role(args.role), password,
                                               full_name=args.full_name, is_admin=args.admin))
    ctx.say(_("Added {name} as {role}.").format(name=view.username, role=_role(view.role)))
    return 0


def _role(role: str) -> str:
    from coopdesk.access import ROLE_LABELS, Role

    return _(ROLE_LABELS[Role(role)])


@command("user", "list", help=N_("list the users and their roles"), args=output_args("csv"))
def user_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import users

    with ctx.book().read() as s:
        rows = users.list_users(s)
    ctx.emit(("csv",), csv=lambda: (
        ("user", "full_name", "role", "admin", "active", "last_login_utc", "failed_attempts"),
        [(u.username, u.full_name, u.role.value, u.is_admin, u.active,
          u.last_login_at.replace(tzinfo=None) if u.last_login_at else None, u.failed_count)
         for u in rows]))
    return 0


@command("user", "passwd", help=N_("change a password (the new one from a prompt or "
                                   "COOPDESK_NEW_PASSWORD)"),
         args=[arg("name", help=N_("whose password"))])
def user_passwd(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import users
    from coopdesk.cli import login

    book = ctx.book()
    own = book.actor.username == users.normalise_username(args.name)
    current = None
    if own:
        current = os.environ.get("COOPDESK_PASSWORD")
        if current is None:
            current = login.ask_secret(_("Current password: "))
    password = login.ask_new_password(ctx, args.name)
    assert password is not None
    book.write(lambda s: users.set_password(s, args.name, password, current_password=current))
    ctx.say(_("The password of {name} was changed.").format(name=args.name))
    return 0


@command("user", "role", help=N_("change a user's role"),
         args=[_USER, _ROLE,
               arg("--admin", action=argparse.BooleanOptionalAction, default=None,
                   help=N_("may also manage users and settings"))])
def user_role(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import users
    from coopdesk.access import Role

    view = ctx.book().write(lambda s: users.set_role(s, args.name, Role(args.role),
                                                     is_admin=args.admin))
    ctx.say(_("{name} is now {role}.").format(name=view.username, role=_role(view.role)))
    return 0


@command("user", "disable", help=N_("stop a user from signing in (their records stay)"),
         args=[_USER])
def user_disable(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import users

    ctx.book().write(lambda s: users.set_active(s, args.name, False))
    ctx.say(_("{name} can no longer sign in.").format(name=args.name))
    return 0


@command("user", "enable", help=N_("let a disabled user sign in again"), args=[_USER])
def user_enable(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import users

    ctx.book().write(lambda s: users.set_active(s, args.name, True))
    ctx.say(_("{name} can sign in again.").format(name=args.name))
    return 0


@command("user", "security", help=N_("show or change sign-in and approval rules"), args=[
    arg("--separation", choices=("on", "off"), default=None,
        help=N_("second approval for loans and large withdrawals")),
    arg("--loan-above", type=_limit_arg, default=None, metavar="AMOUNT",
        help=N_("loans above this need approval (0: every loan)")),
    arg("--withdrawal-above", type=_limit_arg, default=None, metavar="AMOUNT",
        help=N_("withdrawals above this need approval")),
    arg("--idle-minutes", type=int, default=None, metavar="N",
        help=N_("lock the app after N idle minutes (0: never)")),
])
def user_security(ctx: Context, args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from coopdesk import users
    from coopdesk.errors import UserError
    from coopdesk.i18n import format_money

    if args.idle_minutes is not None and not 0 <= args.idle_minutes <= 24 * 60:
        raise UserError(_("--idle-minutes must be between 0 and 1440."))

    def change(s: Session) -> None:
        if args.separation is not None:
            users.SEPARATION_OF_DUTIES.put(s, args.separation == "on")
        for key, value in ((users.APPROVAL_LOAN_ABOVE, args.loan_above),
                           (users.APPROVAL_WITHDRAWAL_ABOVE, args.withdrawal_above),
                           (users.IDLE_LOCK_MINUTES, args.idle_minutes)):
            if value is not None:
                key.put(s, value)

    book = ctx.book()
    book.write(change)
    with book.read() as s:
        ctx.say(_("Second approval: {state}").format(
            state=_("on") if users.SEPARATION_OF_DUTIES.get(s) else _("off")))
        ctx.say(_("  loans above {amount}").format(
            amount=format_money(users.APPROVAL_LOAN_ABOVE.get(s))))
        ctx.say(_("  withdrawals above {amount}").format(
            amount=format_money(users.APPROVAL_WITHDRAWAL_ABOVE.get(s))))
        ctx.say(_("Lock after {n} idle minutes (0: never)").format(
            n=users.IDLE_LOCK_MINUTES.get(s)))
    return 0


# --- approvals ----------------------------------------------------------------------------------


@command("approval", "list", help=N_("list approval requests"),
         args=[arg("--status", choices=("pending", "approved", "rejected", "used"),
                   default=None, help=N_("only requests with this status (default: all)"))])
def approval_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import users

    with ctx.book().read() as s:
        rows = users.list_approvals(s, status=args.status)
    ctx.emit(("csv",), csv=lambda: (
        ("id", "kind", "subject", "amount", "status", "requested_by", "decided_by", "used_by",
         "summary"),
        [(a.id, a.kind, a.subject, a.amount, a.status, a.requested_by, a.decided_by, a.used_by,
          a.summary) for a in rows]))
    return 0


@command("approval", "request", help=N_("ask a second person to approve a payment"), args=[
    arg("--kind", required=True, choices=("loan.disburse", "savings.withdraw"),
        help=N_("the payment: loan.disburse (paying out a loan) or savings.withdraw (paying out "
                "savings)")),
    arg("--subject", required=True, help=N_("what is paid, e.g. loan:12 or member:A-0001")),
    arg("--amount", required=True, type=parse_amount_arg, metavar="AMOUNT",
        help=N_("the amount, in rupiah")),
    arg("--summary", default="", help=N_("a short note for the approver")),
])
def approval_request(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import users

    a = ctx.book().write(lambda s: users.request_approval(s, args.kind, args.subject,
                                                          args.amount, args.summary))
    ctx.say(_("Request {id} is waiting for approval.").format(id=a.id))
    return 0


@command("approval", "approve", help=N_("approve a request (not your own)"),
         args=[_REQUEST])
def approval_approve(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import users

    ctx.book().write(lambda s: users.approve(s, args.id))
    ctx.say(_("Request {id} is approved.").format(id=args.id))
    return 0


@command("approval", "reject", help=N_("reject a request, saying why"),
         args=[_REQUEST, arg("--reason", required=True,
                             help=N_("why it is rejected (recorded)"))])
def approval_reject(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import users

    ctx.book().write(lambda s: users.reject(s, args.id, args.reason))
    ctx.say(_("Request {id} is rejected.").format(id=args.id))
    return 0


# --- audit trail --------------------------------------------------------------------------------


@command("audit", "verify", help=N_("check that no audit record was changed or removed"))
def audit_verify(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import audit

    with ctx.book().read() as s:
        check = audit.verify(s)
    if check.ok:
        ctx.say(_("The audit trail is whole: {n} records checked.").format(n=check.records))
        return 0
    if check.reason == "head":
        ctx.note(_("The audit trail is BROKEN at record {id}: the newest records were removed "
                   "outside coopdesk. Records before it are intact.").format(
                       id=check.first_broken))
    else:
        ctx.note(_("The audit trail is BROKEN at record {id}: it was changed, removed or "
                   "inserted outside coopdesk. Records before it are intact.").format(
                       id=check.first_broken))
    return EXIT_BROKEN_CHAIN


@command("audit", "list", help=N_("the audit trail, filtered; CSV, XLSX or PDF"), args=[
    arg("--by", dest="audit_user", default=None, metavar="NAME", help=N_("only this user")),
    arg("--from", dest="since", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("from this date")),
    arg("--to", dest="until", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("up to this date")),
    arg("--kind", default=None, help=N_("only this kind, e.g. user, ledger, savings")),
    *output_args("csv", "xlsx", "pdf"),
])
def audit_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import audit
    from coopdesk.pdf import Letterhead

    f = audit.AuditFilter(args.audit_user, args.since, args.until, args.kind)
    with ctx.book().read() as s:
        rows = audit.list_records(s, f, newest_first=False)
        check = audit.verify(s) if ctx.output_format(("csv", "xlsx", "pdf")) == "pdf" else None
        head = Letterhead.from_book(s)
    ctx.emit(("csv", "xlsx", "pdf"),
             csv=lambda: (audit.AUDIT_HEADER, audit.audit_csv_rows(rows)),
             xlsx=lambda: [audit.audit_sheet(rows)],
             pdf=lambda: audit.audit_pdf(rows, head, f, check or audit.ChainCheck(0, None)))
    return 0


# --- backups ------------------------------------------------------------------------------------


@command("backup", help=N_("make a backup copy of the book (safe while it is in use)"), args=[
    arg("--out", type=Path, default=None, metavar="FILE",
        help=N_("the backup file (default: a new file in the backup folder)")),
])
def backup_cmd(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import backup

    book = ctx.book()
    if args.out is None:
        result = backup.auto_backup(book, reason="manual")
    else:
        out = args.out if args.out.suffix else args.out.with_suffix(backup.SUFFIX)
        result = backup.make_backup(book, out)
    ctx.say(_("Backup written: {path}").format(path=result.path))
    ctx.say(_("Checksum (SHA-256): {sha}").format(sha=result.manifest.sha256))
    return 0


@command("backup-settings", help=N_("show or change where and how often backups are made"),
         args=[arg("--folder", type=Path, default=None, help=N_("folder for backups, e.g. a "
                                                                "USB stick")),
               arg("--keep", type=int, default=None, help=N_("automatic backups to keep")),
               arg("--remind-days", type=int, default=None,
                   help=N_("remind after this many days without a backup (0: never)"))])
def backup_settings(ctx: Context, args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from coopdesk import backup
    from coopdesk.errors import UserError
    from coopdesk.i18n import format_datetime

    if args.keep is not None and not 1 <= args.keep <= 1000:
        raise UserError(_("--keep must be between 1 and 1000."))

    def change(s: Session) -> None:
        if args.folder is not None:
            backup.BACKUP_FOLDER.put(s, str(args.folder.expanduser().resolve()))
        if args.keep is not None:
            backup.BACKUP_KEEP.put(s, args.keep)
        if args.remind_days is not None:
            backup.BACKUP_REMIND_DAYS.put(s, max(args.remind_days, 0))

    book = ctx.book()
    if args.folder is not None or args.keep is not None or args.remind_days is not None:
        book.write(change)
    with book.read() as s:
        last = backup.last_backup_at(s)
        ctx.say(_("Backup folder: {path}").format(path=backup.folder(s)))
        ctx.say(_("Automatic backups kept: {n}").format(n=backup.BACKUP_KEEP.get(s)))
        ctx.say(_("Reminder after {n} days without a backup").format(
            n=backup.BACKUP_REMIND_DAYS.get(s)))
        ctx.say(_("Last backup: {when}").format(
            when=format_datetime(last) if last else _("never")))
        note = backup.reminder(s)
    if note:
        ctx.note(note)
    return 0


@command("restore", help=N_("put a backup back in place of the book (a copy of the book is kept)"),
         args=[arg("file", type=Path, help=N_("the backup file")),
               arg("--yes", action="store_true", help=N_("do not ask for confirmation"))],
         needs_book=False)
def restore_cmd(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk import backup, backup_restore
    from coopdesk.book import resolve_location
    from coopdesk.cli import login
    from coopdesk.errors import UserError

    manifest = backup.verify_backup(args.file)
    location = resolve_location(ctx.db)
    state = backup_restore.probe(location)
    username = "system"
    if state == "book":
        username = _may_restore(ctx)
    elif state == "broken":
        ctx.note(_("The book at {place} is damaged; it will be kept beside the restored one.")
                 .format(place=location.display))
    ctx.say(_("Backup of {coop} made {when} (schema {schema}), checksum verified.").format(
        coop=manifest.cooperative or "?", when=manifest.created_at,
        schema=",".join(manifest.schema)))
    if not args.yes:
        if not login.interactive():
            raise UserError(_("Add --yes to replace the book at {place}.").format(
                place=location.display))
        answer = login.ask_text(_("Replace the book at {place} with this backup? [y/N] ").format(
            place=location.display))
        if answer.strip().lower() not in ("y", "ya", "yes"):
            ctx.say(_("Nothing was changed."))
            return 1
    result = backup_restore.restore(location, args.file, username=username)
    if result.kept:
        ctx.say(_("The book as it was is kept in {path}.").format(path=result.kept))
    ctx.say(_("Restored the book at {place}.").format(place=result.place))
    return 0


def _may_restore(ctx: Context) -> str:
    """Only the administrator of the book being replaced may restore over it."""
    from coopdesk.access import Capability, require

    book = ctx.book()
    with book.read() as s:
        require(s, Capability.RESTORE)
    name = book.actor.username
    ctx.close()
    return name
