"""Commands for savings, dues, receipts and member statements."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from coopdesk.cli.context import Context, output_args, parse_amount_arg, parse_date, parse_month
from coopdesk.cli.registry import arg, command, group
from coopdesk.i18n import N_, _, format_money, month_name

group("savings", N_("members' savings: deposits, withdrawals, dues, leaving"))
group("receipt", N_("receipts (kuitansi)"))
group("print", N_("print documents and labels"))

_MEMBER = arg("--member", required=True, metavar="NO", help=N_("member number"))
_KIND = arg("--kind", required=True, choices=["pokok", "wajib", "sukarela"],
            help=N_("kind of savings: pokok, wajib or sukarela"))
_DATE = arg("--date", type=parse_date, default=None, metavar="YYYY-MM-DD",
            help=N_("date (default: today)"))
_MEMO = arg("--memo", default=None,
            help=N_("what the entry is for (default: the kind of savings and the member)"))
_FROM = arg("--from", dest="start", type=parse_date, default=None, metavar="YYYY-MM-DD",
            help=N_("from this date (default: from the beginning)"))
_PDF_OUT = arg("--out", type=Path, required=True, metavar="FILE.pdf",
               help=N_("the PDF file to write"))
_RECEIPT = arg("--receipt", type=Path, default=None, metavar="FILE.pdf",
               help=N_("also write the receipt as PDF"))


def _write_receipts(ctx: Context, receipt_ids: list[int], target: Path | None, *,
                    two_per_a4: bool = False) -> None:
    if target is None:
        return
    from coopdesk.ledger import receipts_pdf
    from coopdesk.tabular import atomic_write_bytes

    with ctx.book().read() as s:
        data = receipts_pdf.render(s, receipt_ids, two_per_a4=two_per_a4)
    atomic_write_bytes(target, data)
    ctx.wrote(target)


def _remittance(args: argparse.Namespace) -> object:
    if not args.currency:
        return None
    from coopdesk.errors import UserError
    from coopdesk.ledger.savings import Remittance, parse_decimal

    if args.foreign_amount is None:
        raise UserError(_("Give --foreign-amount with --currency."))
    return Remittance(args.currency, parse_decimal(args.foreign_amount),
                      parse_decimal(args.rate) if args.rate else None, args.channel)


@command("savings", "deposit", help=N_("pay savings in (prints a receipt)"), args=[
    _MEMBER, _KIND,
    arg("--amount", type=parse_amount_arg, default=None,
        help=N_("rupiah (default: the pokok still due, or this month's wajib)")),
    _DATE, _MEMO,
    arg("--currency", default=None, help=N_("a remittance's currency: HKD, TWD, MYR, SGD ...")),
    arg("--foreign-amount", default=None, help=N_("the amount in that currency")),
    arg("--rate", default=None, help=N_("rupiah per unit of that currency")),
    arg("--channel", default=None, help=N_("how it was sent (bank, Western Union, ...)")),
    _RECEIPT,
])
def savings_deposit(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import savings

    remit = _remittance(args)
    assert remit is None or isinstance(remit, savings.Remittance)
    m = ctx.book().write(lambda s: savings.deposit(
        s, member_no=args.member, kind=args.kind, amount=args.amount, on=args.date,
        memo=args.memo, remittance=remit))
    ctx.say(_("Received {amount} {kind} from {no}: receipt {receipt}, entry {entry}; balance "
              "{balance}.").format(amount=format_money(m.amount), kind=m.kind, no=m.member_no,
                                   receipt=m.receipt.number, entry=m.entry_reference,
                                   balance=format_money(m.balance_after)))
    _write_receipts(ctx, [m.receipt.id], args.receipt)
    return 0


@command("savings", "withdraw", help=N_("pay savings out (prints a receipt)"), args=[
    _MEMBER, _KIND,
    arg("--amount", type=parse_amount_arg, required=True, help=N_("rupiah to pay out")),
    _DATE, _MEMO, _RECEIPT,
])
def savings_withdraw(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import savings

    m = ctx.book().write(lambda s: savings.withdraw(
        s, member_no=args.member, kind=args.kind, amount=args.amount, on=args.date,
        memo=args.memo))
    ctx.say(_("Paid out {amount} {kind} to {no}: receipt {receipt}, entry {entry}; balance "
              "{balance}.").format(amount=format_money(m.amount), kind=m.kind, no=m.member_no,
                                   receipt=m.receipt.number, entry=m.entry_reference,
                                   balance=format_money(m.balance_after)))
    _write_receipts(ctx, [m.receipt.id], args.receipt)
    return 0


@command("savings", "balance", help=N_("a member's savings by kind"), args=[_MEMBER, _DATE])
def savings_balance(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import savings

    with ctx.book().read() as s:
        m = savings.member(s, args.member)
        b = savings.balances(s, m.id, as_of=args.date)
    ctx.say(f"{m.member_no} {m.name}")
    for kind in savings.KINDS:
        ctx.say(f"  {kind:<9} {format_money(b.of(kind)):>16}")
    ctx.say(f"  {'total':<9} {format_money(b.total):>16}")
    return 0


@command("savings", "arrears", help=N_("who is behind with simpanan wajib for a month"), args=[
    arg("--month", type=parse_month, required=True, metavar="YYYY-MM",
        help=N_("the month to check, e.g. 2026-03")),
    arg("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("count payments up to this day (default: today)")),
    *output_args("csv", "xlsx", "pdf"),
])
def savings_arrears(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import savings_dues, savings_output
    from coopdesk.pdf import Letterhead

    year, month = args.month
    with ctx.book().read() as s:
        a = savings_dues.arrears(s, year, month, as_of=args.as_of)
        head = Letterhead.from_book(s)
    ctx.emit(["csv", "xlsx", "pdf"], csv=lambda: savings_output.arrears_rows(a),
             xlsx=lambda: [savings_output.arrears_sheet(a)],
             pdf=lambda: savings_output.arrears_pdf(a, head))
    return 0


@command("savings", "dues", help=N_("record a meeting's simpanan wajib collections at once"), args=[
    _DATE,
    arg("--file", type=Path, default=None,
        help=N_("CSV or XLSX with columns member_no and amount")),
    arg("--everyone", action="store_true",
        help=N_("every current member pays this month's wajib")),
    arg("--receipts", type=Path, default=None, metavar="FILE.pdf",
        help=N_("also write all the receipts, two per A4 sheet")),
])
def savings_dues(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.errors import UserError
    from coopdesk.ledger import savings_dues as dues

    on = args.date or date.today()
    book = ctx.book()
    if args.everyone == (args.file is not None):
        raise UserError(_("Give either --file or --everyone."))
    if args.file is not None:
        payments = _payments_from_file(args.file)
    else:
        with book.read() as s:
            payments = [(d.member_no, d.amount) for d in dues.dues_sheet(s, on)]
    result = book.write(lambda s: dues.record_dues(s, on=on, payments=payments))
    ctx.say(dues.describe(result))
    _write_receipts(ctx, list(result.receipt_ids), args.receipts, two_per_a4=True)
    return 0


def _payments_from_file(path: Path) -> list[tuple[str, int]]:
    from coopdesk.errors import Problem, UserError, ValidationError
    from coopdesk.money import parse_amount
    from coopdesk.tabular import read_table

    table = read_table(path, aliases={"no_anggota": "member_no", "no anggota": "member_no",
                                      "jumlah": "amount"})
    payments, problems = [], []
    for row in table.rows:
        try:
            payments.append((row.cells.get("member_no", ""),
                             parse_amount(row.cells.get("amount", ""), allow_zero=True)))
        except UserError as exc:
            problems.append(Problem(exc.message, row.number, "amount"))
    if problems:
        raise ValidationError(_("No dues were saved."), problems)
    return payments


@command("savings", "leave", help=N_("a member leaves: settle the savings and mark them keluar"),
         args=[_MEMBER, _DATE, arg("--reason", required=True,
                                   help=N_("why the member leaves (recorded)")),
               arg("--preview", action="store_true", help=N_("only show the settlement")),
               _RECEIPT])
def savings_leave(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import savings_leave as leaving

    book = ctx.book()
    with book.read() as s:
        preview = leaving.settlement(s, args.member, on=args.date)
    for line in preview.lines():
        ctx.say(f"  {line.label:<48} {format_money(line.amount):>16}")
    to_pay_out = _("To pay out")
    ctx.say(f"  {to_pay_out:<48} {format_money(preview.payout):>16}")
    for note in preview.notes():
        ctx.say(f"  {note}")
    if args.preview:
        if preview.problem:
            ctx.say(preview.problem)
        return 0
    done = book.write(lambda s: leaving.leave(s, args.member, on=args.date, reason=args.reason))
    ctx.say(_("{no} has left the cooperative; {amount} paid out.").format(
        no=done.settlement.member_no, amount=format_money(done.settlement.payout)))
    if done.receipt is not None:
        _write_receipts(ctx, [done.receipt.id], args.receipt)
    return 0


@command("savings", "cancel-leave",
         help=N_("cancel a leaving recorded by mistake: the member's savings, loans and "
                 "membership come back"),
         args=[_MEMBER, arg("--date", type=parse_date, default=None, metavar="YYYY-MM-DD",
                            help=N_("date of the reversal (default: today)")),
               arg("--reason", required=True, help=N_("why the leaving is cancelled (recorded)")),
               arg("--preview", action="store_true", help=N_("only show what would be undone"))])
def savings_cancel_leave(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.errors import UserError
    from coopdesk.ledger import savings_leave as leaving

    book = ctx.book()
    with book.read() as s:
        plan = leaving.leaving_undo(s, args.member, on=args.date)
    for line in leaving.undo_lines(plan):
        ctx.say(f"  {line}")
    if plan.problem is not None:
        if args.preview:
            ctx.say(plan.problem)
            return 0
        raise UserError(plan.problem)
    if args.preview:
        return 0
    book.write(lambda s: leaving.cancel_leaving(s, args.member, reason=args.reason,
                                                on=args.date))
    ctx.say(_("{name} ({no}) is a member again.").format(name=plan.name, no=plan.member_no))
    return 0


@command("savings", "settings", help=N_("show or change the savings amounts"), args=[
    arg("--pokok", type=parse_amount_arg, default=None, help=N_("simpanan pokok (once)")),
    arg("--wajib", type=parse_amount_arg, default=None,
        help=N_("simpanan wajib per month, from the month given with --from")),
    arg("--from", dest="from_month", type=parse_month, default=None, metavar="YYYY-MM",
        help=N_("the first month the new wajib applies to (default: this month)")),
    arg("--note", default=None, help=N_("the decision behind the new wajib, e.g. RAT 2026")),
    arg("--due-day", type=int, default=None, help=N_("day of the month wajib is due")),
])
def savings_settings(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.errors import UserError
    from coopdesk.ledger import savings, savings_wajib

    if args.due_day is not None and not 1 <= args.due_day <= 28:
        raise UserError(_("The due day is between 1 and 28."))
    if args.wajib is None and (args.from_month or args.note):
        raise UserError(_("Give the new amount with --wajib."))
    year, month = args.from_month or (date.today().year, date.today().month)

    def change(s: object) -> tuple[int, int, savings_wajib.WajibSchedule]:
        from sqlalchemy.orm import Session

        assert isinstance(s, Session)
        for key, value in ((savings.POKOK_AMOUNT, args.pokok),
                           (savings.WAJIB_DUE_DAY, args.due_day)):
            if value is not None:
                key.put(s, value)
        if args.wajib is not None:
            savings_wajib.set_wajib_amount(s, args.wajib, from_month=date(year, month, 1),
                                           note=args.note)
        return (savings.POKOK_AMOUNT.get(s), savings.WAJIB_DUE_DAY.get(s),
                savings_wajib.wajib_schedule(s))

    pokok, day, schedule = ctx.book().write(change)
    ctx.say(_("Simpanan pokok {pokok}; simpanan wajib due by day {day} of the month:").format(
        pokok=format_money(pokok), day=day))
    for start, amount, note in schedule.lines():
        since = (_("from {month} {year}").format(month=month_name(start.month), year=start.year)
                 if start else _("at first"))
        ctx.say(f"  {since:<24} {format_money(amount):>12}" + (f"  ({note})" if note else ""))
    return 0


@command("receipt", "void", help=N_("void a receipt (its entry is reversed; the receipt stays)"),
         args=[arg("number", help=N_("receipt number, e.g. KW/2026/000123")),
               arg("--reason", required=True, help=N_("why the receipt is void (printed on it)")),
               _DATE])
def receipt_void(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import receipts

    def void(s: object) -> receipts.Receipt:
        from sqlalchemy.orm import Session

        assert isinstance(s, Session)
        found = receipts.find_receipt(s, args.number)
        return receipts.void_receipt(s, found.id, reason=args.reason, on=args.date)

    r = ctx.book().write(void)
    ctx.say(_("Receipt {number} is void.").format(number=r.number))
    return 0


@command("receipt", "list", help=N_("list receipts"), args=[
    arg("--member", default=None, metavar="NO", help=N_("only this member's receipts")),
    _FROM,
    arg("--to", dest="end", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("up to this date (default: up to the last one)")),
    *output_args("csv")])
def receipt_list(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import receipts, savings

    with ctx.book().read() as s:
        mid = savings.member(s, args.member).id if args.member else None
        rows = receipts.list_receipts(s, member_id=mid, start=args.start, end=args.end,
                                      limit=None, newest_first=False)
    ctx.emit(["csv"], csv=lambda: (
        ("number", "date", "member_no", "party", "direction", "kind", "title", "total", "void"),
        [(r.number, r.date, r.member_no, r.party, r.direction, r.kind, r.title, r.total, r.void)
         for r in rows]))
    return 0


@command("print", "receipt", help=N_("print a receipt to PDF"), args=[
    arg("--entry", type=int, default=None, help=N_("the journal entry's id")),
    arg("--number", default=None, help=N_("or the receipt number")),
    _PDF_OUT,
])
def print_receipt(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.errors import NotFound, UserError
    from coopdesk.ledger import receipts

    if (args.entry is None) == (args.number is None):
        raise UserError(_("Give either --entry or --number."))
    with ctx.book().read() as s:
        if args.number:
            found: receipts.Receipt | None = receipts.find_receipt(s, args.number)
        else:
            found = receipts.receipt_for_entry(s, args.entry)
        if found is None:
            raise NotFound(_("Entry {id} has no receipt.").format(id=args.entry))
    _write_receipts(ctx, [found.id], args.out)
    return 0


@command("print", "statement", help=N_("print a member's savings statement"), args=[
    _MEMBER, _FROM,
    arg("--to", dest="end", type=parse_date, default=None, metavar="YYYY-MM-DD",
        help=N_("up to this date (default: today)")),
    *output_args("pdf", "csv"),
])
def print_statement(ctx: Context, args: argparse.Namespace) -> int:
    from coopdesk.ledger import member_statement as ms
    from coopdesk.ledger.receipts import TREASURER_NAME
    from coopdesk.pdf import Letterhead

    with ctx.book().read() as s:
        st = ms.member_statement(s, args.member, start=args.start, end=args.end)
        head = Letterhead.from_book(s)
        treasurer = TREASURER_NAME.get(s)
    ctx.emit(["pdf", "csv"], pdf=lambda: ms.statement_pdf(st, head, treasurer=treasurer),
             csv=lambda: ms.statement_rows(st))
    return 0
