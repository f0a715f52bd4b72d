"""Commands for the journal: accounts, entries, periods, the trial balance, exports."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from coopdesk.cli.context import Context, output_args, parse_date
from coopdesk.cli.registry import arg, command, group
from coopdesk.i18n import N_, _, format_money

group("accounts", N_("the chart of accounts"))
group("journal", N_("journal entries"))
group("report", N_("reports"))
group("export", N_("exports for other bookkeeping tools"))
group("period", N_("closing and reopening periods"))

_CODE = arg("code", help=N_("account code"))
_OUT = arg("--out", type=Path, required=True, metavar="FILE", help=N_("the file to write"))


# --- accounts ----------------------------------------------------------------------------------


@command("accounts", "list", help=N_("list the chart of accounts"),
         args=[*output_args("csv"), arg("--active", action="store_true",
                                        help=N_("only active accounts"))])
def accounts_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import accounts

    with ctx.book().read() as s:
        rows = accounts.list_accounts(s, include_inactive=not args.active)
    ctx.emit(["csv"], csv=lambda: (
        ("code", "name", "type", "contra", "role", "active"),
        [(a.code, a.name, a.type.value, a.contra, a.role, a.active) for a in rows],
    ))
    return 0


@command("accounts", "add", help=N_("add an account"), args=[
    _CODE, arg("name", help=N_("the account's name")),
    arg("--type", required=True, choices=["asset", "liability", "equity", "income", "expense"],
        help=N_("kind of account: asset, liability, equity, income or expense")),
    arg("--contra", action="store_true", help=N_("a contra account (e.g. an allowance)")),
])
def accounts_add(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import accounts

    row = ctx.book().write(lambda s: accounts.add_account(s, args.code, args.name, args.type,
                                                          contra=args.contra))
    ctx.say(_("Added account {label}.").format(label=row.label))
    return 0


@command("accounts", "rename", help=N_("rename an account"),
         args=[_CODE, arg("name", help=N_("the new name"))])
def accounts_rename(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import accounts

    row = ctx.book().write(lambda s: accounts.rename_account(s, args.code, args.name))
    ctx.say(_("Renamed account {label}.").format(label=row.label))
    return 0


@command("accounts", "deactivate", help=N_("stop using an account (it keeps its history)"),
         args=[_CODE])
def accounts_deactivate(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import accounts

    row = ctx.book().write(lambda s: accounts.set_active(s, args.code, False))
    ctx.say(_("Account {label} is no longer in use.").format(label=row.label))
    return 0


@command("accounts", "activate", help=N_("use an account again"), args=[_CODE])
def accounts_activate(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import accounts

    row = ctx.book().write(lambda s: accounts.set_active(s, args.code, True))
    ctx.say(_("Account {label} is in use again.").format(label=row.label))
    return 0


@command("accounts", "delete", help=N_("delete an account that has no postings"),
         args=[_CODE])
def accounts_delete(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import accounts

    ctx.book().write(lambda s: accounts.delete_account(s, args.code))
    ctx.say(_("Deleted account {code}.").format(code=args.code))
    return 0


# --- journal -----------------------------------------------------------------------------------


def _parse_line(text: str) -> tuple[str, str]:
    account, sep, amount = text.partition("=")
    if not sep or not account.strip() or not amount.strip():
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a line; write ACCOUNT=AMOUNT, e.g. 1101=150000 (debit) or "
              "3101=-150000 (credit).").format(text=text))
    return account.strip(), amount.strip()


@command("journal", "post", help=N_("post a journal entry"), args=[
    arg("--date", type=parse_date, required=True, metavar="YYYY-MM-DD",
        help=N_("date of the entry")),
    arg("--memo", required=True, help=N_("what the entry is for")),
    arg("--line", type=_parse_line, action="append", required=True, metavar="ACCOUNT=AMOUNT",
        help=N_("one line: account code and amount, positive for debit, negative for credit")),
    arg("--ref", default=None, help=N_("the source document (a receipt or invoice number)")),
], description=N_("Post a balanced journal entry, e.g. "
                  "coopdesk journal post --date 2026-03-01 --memo \"Beli ATK\" "
                  "--line 5202=150000 --line 1101=-150000"))
def journal_post(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import journal
    from coopdesk.money import parse_amount

    lines = [journal.Line(acc, parse_amount(amount, allow_negative=True))
             for acc, amount in args.line]
    entry = ctx.book().write(lambda s: journal.post_entry(
        s, date=args.date, memo=args.memo, lines=lines, source_ref=args.ref))
    ctx.say(_("Posted entry {ref} (id {id}), {amount}.").format(
        ref=entry.reference, id=entry.id, amount=format_money(entry.total)))
    return 0


@command("journal", "reverse", help=N_("cancel an entry with a reversing entry"), args=[
    arg("--entry", type=int, required=True, help=N_("id of the entry to reverse")),
    arg("--date", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("date of the reversal (default: the entry's own date, or today if that "
                "period is closed)")),
    arg("--memo", default=None,
        help=N_("what the reversal is for (default: the number and memo of the entry it "
                "reverses)")),
])
def journal_reverse(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import journal

    entry = ctx.book().write(lambda s: journal.reverse_entry(s, args.entry, on=args.date,
                                                             memo=args.memo))
    ctx.say(_("Posted reversal {ref} (id {id}).").format(ref=entry.reference, id=entry.id))
    return 0


@command("journal", "show", help=N_("show one entry"), args=[
    arg("--entry", type=int, required=True, help=N_("the entry's id (shown when it is posted)")),
])
def journal_show(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import journal

    with ctx.book().read() as s:
        e = journal.get_entry(s, args.entry)
    ctx.say(f"{e.reference}  {e.date.isoformat()}  {e.memo}")
    for line in e.lines:
        member = f"  [{line.member_no}]" if line.member_no else ""
        ctx.say(f"  {line.account_code:<8} {line.account_name:<40} {line.amount:>15}{member}")
    return 0


# --- periods -----------------------------------------------------------------------------------


@command("period", "close", help=N_("close the books up to a date (no postings on or before it)"),
         args=[arg("--through", type=parse_date, required=True, metavar="YYYY-MM-DD",
                   help=N_("the last day to close, e.g. 2026-03-31"))])
def period_close(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import periods

    ctx.book().write(lambda s: periods.lock_through(s, args.through))
    ctx.say(_("Closed the period up to {date}.").format(date=args.through.isoformat()))
    return 0


@command("period", "reopen", help=N_("reopen the closed months of a year (recorded)"),
         args=[arg("--year", type=int, required=True, help=N_("the financial year")),
               arg("--reason", required=True, help=N_("why the months are reopened (recorded)"))])
def period_reopen(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import periods

    ctx.book().write(lambda s: periods.reopen_period(s, args.year, reason=args.reason))
    ctx.say(_("Reopened the closed months of {year}.").format(year=args.year))
    return 0


# --- reports -----------------------------------------------------------------------------------


@command("report", "trial-balance", help=N_("trial balance as of a date"), args=[
    arg("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("date (default: today)")),
    *output_args("csv", "pdf", "xlsx"),
])
def report_trial_balance(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import report_output, reports
    from coopdesk.pdf import Letterhead

    as_of = args.as_of or date.today()
    with ctx.book().read() as s:
        tb = reports.trial_balance(s, as_of)
        head = Letterhead.from_book(s)
    ctx.emit(
        ["csv", "pdf", "xlsx"],
        csv=lambda: report_output.trial_balance_rows(tb),
        pdf=lambda: report_output.trial_balance_pdf(tb, head),
        xlsx=lambda: [report_output.trial_balance_sheet(tb)],
    )
    return 0


@command("report", "account", help=N_("an account's register with running balance"), args=[
    arg("--account", required=True, help=N_("account code")),
    arg("--from", dest="start", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("from this date (default: from the first entry)")),
    arg("--to", dest="end", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("up to this date (default: up to the last entry)")),
    *output_args("csv", "pdf"),
])
def report_account(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import report_output, reports
    from coopdesk.pdf import Letterhead

    with ctx.book().read() as s:
        reg = reports.account_register(s, args.account, start=args.start, end=args.end)
        head = Letterhead.from_book(s)
    ctx.emit(["csv", "pdf"], csv=lambda: report_output.register_rows(reg),
             pdf=lambda: report_output.register_pdf(reg, head))
    return 0


# --- exports -----------------------------------------------------------------------------------


def _export(ctx: Context, out: Path, writer_name: str) -> int:
    import io

    from coopdesk.ledger import export
    from coopdesk.tabular import atomic_write_bytes

    writer = getattr(export, writer_name)
    buffer = io.StringIO()
    with ctx.book().read() as s:
        count = writer(s, buffer)
    atomic_write_bytes(out, buffer.getvalue().encode("utf-8"))
    ctx.note(_("Exported {count} entries to {path}.").format(count=count, path=out))
    return 0


@command("export", "ledger", help=N_("export the journal for ledger-cli / hledger"),
         args=[_OUT])
def export_ledger(ctx: Context, args: argparse.Namespace) -> int:
    return _export(ctx, args.out, "export_ledger")


@command("export", "beancount", help=N_("export the journal for beancount"),
         args=[_OUT])
def export_beancount(ctx: Context, args: argparse.Namespace) -> int:
    return _export(ctx, args.out, "export_beancount")


@command("optimize", help=N_("refresh the month-end balances that keep reports fast"))
def optimize(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import snapshots

    months = ctx.book().write(snapshots.refresh)
    ctx.say(_("Month-end balances refreshed: {months} months.").format(months=months))
    return 0
