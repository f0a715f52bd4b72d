"""Commands for the financial statements, the year-end close, the SHU and the meeting pack."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coopdesk.cli.context import Context, output_args, parse_amount_arg, parse_date
from coopdesk.cli.registry import Arg, arg, command, group
from coopdesk.i18n import N_, _, format_money

if TYPE_CHECKING:
    from coopdesk.ledger.statements import Statement, StatementKind
    from coopdesk.progress import Progress

group("report", N_("reports"))
group("year", N_("closing and reopening financial years"))
group("shu", N_("sharing the SHU (sisa hasil usaha)"))
group("print", N_("printed documents"))

_YEAR = arg("--year", type=int, default=None, help=N_("financial year (default: last year)"))
_THE_YEAR = arg("--year", type=int, required=True, help=N_("the financial year, e.g. 2025"))
_MEETING_DATE = arg("--date", type=parse_date, default=None, metavar="YYYY-MM-DD",
                    help=N_("the day of the members' meeting (default: today)"))
_PDF_OUT = arg("--out", type=Path, required=True, metavar="FILE.pdf",
               help=N_("the PDF file to write"))


def _year(args: argparse.Namespace) -> int:
    return int(args.year) if args.year else date.today().year - 1


def _emit_statement(ctx: Context, kind: StatementKind, year: int, as_of: date | None = None
                    ) -> int:
    from coopdesk.ledger import statements
    from coopdesk.ledger.statements import output, pdf
    from coopdesk.pdf import Letterhead

    with ctx.book().read() as s:
        st: Statement = statements.build(s, kind, year, as_of=as_of)
        head = Letterhead.from_book(s)
        signers = pdf.Signers.from_book(s)
    ctx.emit(["csv", "pdf", "xlsx"], csv=lambda: output.statement_rows(st),
             pdf=lambda: pdf.statement_pdf(st, head, signers),
             xlsx=lambda: [output.statement_sheet(st)])
    return 0


@command("report", "balance-sheet", help=N_("statement of financial position (neraca)"), args=[
    arg("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("date (default: 31 December of last year)")),
    *output_args("csv", "pdf", "xlsx"),
])
def report_balance_sheet(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.statements import StatementKind

    as_of = args.as_of or date(date.today().year - 1, 12, 31)
    return _emit_statement(ctx, StatementKind.BALANCE_SHEET, as_of.year, as_of)


@command("report", "income-statement", help=N_("statement of SHU (income statement) for a year"),
         args=[_YEAR, *output_args("csv", "pdf", "xlsx")])
def report_income(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.statements import StatementKind

    return _emit_statement(ctx, StatementKind.INCOME, _year(args))


@command("report", "equity", help=N_("statement of changes in equity for a year"),
         args=[_YEAR, *output_args("csv", "pdf", "xlsx")])
def report_equity(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.statements import StatementKind

    return _emit_statement(ctx, StatementKind.EQUITY, _year(args))


@command("report", "cash-flow", help=N_("statement of cash flows (direct method) for a year"),
         args=[_YEAR, *output_args("csv", "pdf", "xlsx")])
def report_cash_flow(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.statements import StatementKind

    return _emit_statement(ctx, StatementKind.CASH_FLOW, _year(args))


@command("report", "notes", help=N_("notes to the financial statements (a skeleton to complete)"),
         args=[_YEAR, *output_args("pdf")])
def report_notes(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.statements import notes
    from coopdesk.pdf import Letterhead

    with ctx.book().read() as s:
        data = notes.build_notes(s, _year(args))
        head = Letterhead.from_book(s)
    ctx.emit(["pdf"], pdf=lambda: notes.notes_pdf(data, head))
    return 0


@command("report", "note", help=N_("show or write the board's text in the notes of a year"),
         args=[_THE_YEAR,
               arg("--place", choices=["general", "policies", "events"], default=None,
                   help=N_("which place of the notes: general (about the cooperative), policies "
                           "(other accounting policies), events (after the reporting date)")),
               arg("--text", default=None,
                   help=N_("the text (a blank line starts a new paragraph; empty: the prompt "
                           "again)"))])
def report_note(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.errors import UserError
    from coopdesk.ledger.statements import notes_text

    if args.text is not None:
        if not args.place:
            raise UserError(_("Name the place the text goes to (--place)."))
        texts = ctx.book().write(lambda s: notes_text.save_board_texts(
            s, args.year, {args.place: args.text}))
    else:
        with ctx.book().read() as s:
            texts = notes_text.board_texts(s, args.year)
    for key, (title, _prompt) in notes_text.PLACES.items():
        if args.place in (None, key):
            ctx.say(f"{_(title)} ({key}):")
            ctx.say("  " + (texts[key].replace("\n", "\n  ") or _("(not written yet)")))
    return 0


@command("report", "mapping", help=N_("which statement line each account goes to"),
         args=[*output_args("csv")])
def report_mapping(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.statements import mapping

    with ctx.book().read() as s:
        rows = mapping.mapping_rows(s)
    ctx.emit(["csv"], csv=lambda: (
        ("code", "name", "type", "line", "cash_flow_group", "chosen"),
        [(r.code, r.name, r.type, r.line, r.group, r.chosen) for r in rows]))
    return 0


@command("report", "map", help=N_("put an account on another statement line"), args=[
    arg("account", help=N_("account code")),
    arg("line", nargs="?", default=None,
        help=N_("line code, e.g. CASH or OTHER_LIABILITIES (see `report mapping`)")),
    arg("--cash-flow", action="store_true",
        help=N_("set the account's cash-flow group instead (e.g. loans, savings, expenses)")),
    arg("--default", action="store_true", help=N_("go back to coopdesk's default")),
])
def report_map(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.errors import UserError
    from coopdesk.ledger.statements import mapping

    statement = "cash_flow" if args.cash_flow else None
    if args.default:
        ctx.book().write(lambda s: mapping.reset_line(s, args.account, statement=statement))
        ctx.say(_("Account {code} goes to its default line again.").format(code=args.account))
        return 0
    if not args.line:
        raise UserError(_("Name the line, or give --default."))
    ctx.book().write(lambda s: mapping.set_line(s, args.account, args.line,
                                                statement=statement))
    ctx.say(_("Account {code} now goes to {line}.").format(code=args.account, line=args.line))
    return 0


@command("report", "signers", help=N_("who signs the statements, and where"), args=[
    arg("--chair", default=None, help=N_("name of the chair (ketua)")),
    arg("--treasurer", default=None, help=N_("name of the treasurer (bendahara)")),
    arg("--supervisor", default=None, help=N_("name of the supervisor (pengawas)")),
    arg("--place", default=None, help=N_("the place written beside the date")),
])
def report_signers(ctx: Context, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from coopdesk.ledger.statements import pdf

    def change(s: object) -> pdf.Signers:
        from sqlalchemy.orm import Session

        assert isinstance(s, Session)
        now = pdf.Signers.from_book(s)
        given = {k: v for k in ("chair", "treasurer", "supervisor", "place")
                 if (v := getattr(args, k)) is not None}
        if given:
            now = replace(now, **given)
            pdf.save_signers(s, now)
        return now

    signers = ctx.book().write(change)
    for label, name in ((_("Chair"), signers.chair), (_("Treasurer"), signers.treasurer),
                        (_("Supervisor"), signers.supervisor), (_("Place"), signers.place)):
        ctx.say(f"{label}: {name or '-'}")
    return 0


# --- the year-end close -------------------------------------------------------------------------


@command("year", "check", help=N_("what must be done before a year can be closed"),
         args=[_YEAR])
def year_check(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import closing

    with ctx.book().read() as s:
        check = closing.checklist(s, _year(args))
    for c in check.checks:
        mark = "OK  " if c.ok else ("!!  " if c.blocking else "?   ")
        ctx.say(mark + c.message)
    ctx.say(_("The year {year} can be closed.").format(year=check.year) if check.ready
            else _("The year {year} cannot be closed yet.").format(year=check.year))
    return 0 if check.ready else 1


@command("year", "close", help=N_("close a financial year: income and expenses to the SHU"),
         args=[_THE_YEAR])
def year_close(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import closing

    done = ctx.book().write(lambda s: closing.close_year(s, args.year))
    if done.entry_reference:
        ctx.say(_("Closed {year}: SHU of the year {shu} (closing entry {ref}). The year {next} "
                  "is open.").format(year=done.year, shu=format_money(done.shu),
                                     ref=done.entry_reference, next=done.year + 1))
    else:
        ctx.say(_("Closed {year}; it had no income or expenses.").format(year=done.year))
    return 0


@command("year", "reopen", help=N_("reopen a closed year (recorded, with a reason)"),
         args=[_THE_YEAR,
               arg("--reason", required=True, help=N_("why the year is reopened (recorded)"))])
def year_reopen(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import closing

    ctx.book().write(lambda s: closing.reopen_year(s, args.year, reason=args.reason))
    ctx.say(_("Reopened {year}; its closing entry was reversed.").format(year=args.year))
    return 0


# --- SHU -------------------------------------------------------------------------------------


def _split_arg() -> Arg:
    return arg("--split", default=None, metavar="PART=PCT,...",
               help=N_("another split to try, e.g. reserve=40,jasa_usaha=25,jasa_modal=20,"
                       "board=5,staff=5,education=2.5,social=2.5"))


@command("shu", "compute", help=N_("share a closed year's SHU among the parts and members"),
         args=[_THE_YEAR, _split_arg(), *output_args("csv", "pdf")])
def shu_compute(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import shu
    from coopdesk.ledger.shu import output as shu_output
    from coopdesk.ledger.shu import rules as shu_rules
    from coopdesk.pdf import Letterhead

    with ctx.book().read() as s:
        rules = None
        if args.split:
            rules = shu_rules.load(s).with_split(shu_rules.parse_split(args.split))
        result = shu.compute(s, args.year, rules=rules)
        head = Letterhead.from_book(s)
    for note in result.notes:
        ctx.note(note)
    ctx.emit(["csv", "pdf"], csv=lambda: shu_output.member_rows(result),
             pdf=lambda: shu_output.shu_pdf(result, head))
    return 0


@command("shu", "settings", help=N_("show or change the statutes' rules for the SHU"), args=[
    _split_arg(),
    arg("--savings", default=None, metavar="KINDS",
        help=N_("savings counted for jasa modal, e.g. pokok,wajib or pokok,wajib,sukarela")),
    arg("--method", choices=["year_end", "month_average"], default=None,
        help=N_("savings at the year end, or the average of the twelve month ends")),
    arg("--business", default=None, metavar="KINDS",
        help=N_("business counted for jasa usaha: loan_interest, loan_fees, penalty, "
                "purchases")),
    arg("--leavers", choices=["include", "exclude", "business_only"], default=None,
        help=N_("what members who left during the year receive")),
])
def shu_settings(ctx: Context, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from sqlalchemy.orm import Session

    from coopdesk.ledger.shu import rules as shu_rules

    def change(s: Session) -> shu_rules.ShuRules:
        rules = shu_rules.load(s)
        if args.split:
            rules = rules.with_split(shu_rules.parse_split(args.split))
        if args.savings:
            rules = replace(rules, savings_kinds=tuple(_kinds(args.savings)))
        if args.method:
            rules = replace(rules, savings_method=shu_rules.SavingsMethod(args.method))
        if args.business:
            rules = replace(rules, business_kinds=tuple(_kinds(args.business)))
        if args.leavers:
            rules = replace(rules, leavers=shu_rules.LeaversRule(args.leavers))
        changed = any((args.split, args.savings, args.method, args.business, args.leavers))
        return shu_rules.save(s, rules) if changed else rules

    rules = ctx.book().write(change)
    for what, how in shu_rules.describe(rules):
        ctx.say(f"{what}: {how}")
    return 0


@command("shu", "cover-loss", help=N_("cover a closed year's loss from the reserve, as the "
                                      "members' meeting decided"),
         args=[_THE_YEAR,
               arg("--amount", type=parse_amount_arg, default=None,
                   help=N_("how much the reserve covers (default: all the loss still open)")),
               _MEETING_DATE])
def shu_cover_loss(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.shu import loss

    on = args.date or date.today()
    done = ctx.book().write(lambda s: loss.cover_loss(s, args.year, on=on, amount=args.amount))
    ctx.say(_("Covered {amount} of the loss of {year} from the reserve (entry {ref}); the "
              "reserve now holds {left}.").format(
        amount=format_money(done.amount), year=done.year, ref=done.reference,
        left=format_money(done.reserve_left)))
    if done.remaining:
        ctx.say(_("{rest} of the loss is carried forward.").format(
            rest=format_money(done.remaining)))
    return 0


def _kinds(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


@command("shu", "distribute", help=N_("post the SHU distribution and pay members their shares"),
         args=[
             _THE_YEAR,
             arg("--to", choices=["cash", "sukarela"], required=True,
                 help=N_("pay in cash, or credit the members' voluntary savings (members "
                         "who left are paid in cash)")),
             _MEETING_DATE,
             arg("--member", action="append", default=None, metavar="MEMBER_NO",
                 help=N_("pay only these members (repeat); the distribution is posted once")),
         ])
def shu_distribute(ctx: Context, args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from coopdesk.ledger import shu
    from coopdesk.ledger.shu.distribute import distribution_of

    on = args.date or date.today()

    def act(s: Session) -> tuple[shu.Distribution | None, shu.Payout]:
        done = None
        if distribution_of(s, args.year) is None:
            done = shu.distribute(s, args.year, on=on)
        paid = shu.pay_out(s, args.year, to=args.to, on=on, member_nos=args.member,
                           leavers_in_cash=True)
        return done, paid

    done, paid = ctx.book().write(act)
    if done is not None:
        ctx.say(_("Distributed the SHU of {year}: {pool}, of which {members} to {n} members."
                  ).format(year=done.year, pool=format_money(done.pool),
                           members=format_money(done.members_total), n=done.members))
    ctx.say(_("Paid {total} to {n} members ({how}).").format(
        total=format_money(paid.total), n=paid.members,
        how=_("in cash") if paid.to.value == "cash" else _("credited to voluntary savings")))
    return 0


# --- printing --------------------------------------------------------------------------------


def _print_progress(ctx: Context) -> Progress:
    last = [-1]

    def progress(done: int, total: int) -> bool:
        step = done * 10 // max(total, 1)
        if step != last[0]:
            last[0] = step
            ctx.note(_("{done} of {total} pages").format(done=done, total=total))
        return True

    return progress


@command("print", "rat", help=N_("the members' meeting pack: statements, SHU, loan quality and "
                                 "one page per member"),
         args=[_THE_YEAR, _PDF_OUT])
def print_rat(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.statements import meeting

    with ctx.book().read() as s:
        data = meeting.gather_pack(s, args.year)
    pdf_bytes = meeting.pack_pdf(data, progress=_print_progress(ctx))
    ctx.emit_bytes(pdf_bytes)
    ctx.say(_("The meeting pack has {pages} member pages.").format(pages=len(data.members.pages)))
    return 0


@command("print", "statements", help=N_("one page per member for a year (savings, loans, SHU)"),
         args=[_THE_YEAR,
               arg("--member", action="append", default=None, metavar="MEMBER_NO",
                   help=N_("only these members (repeat)")),
               _PDF_OUT])
def print_statements(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger.statements import member_pages

    with ctx.book().read() as s:
        pages = member_pages.gather(s, args.year, member_nos=args.member)
    ctx.emit_bytes(member_pages.pages_pdf(pages, progress=_print_progress(ctx)))
    ctx.say(_("Printed {pages} member pages.").format(pages=len(pages.pages)))
    return 0
