"""Year-end close: check the year is ready, move income and expenses to the SHU, lock the year.

Closing a year posts one closing entry dated 31 December (source `closing`): every income and
expense account is brought to zero against "SHU of the current year" (role `shu.current_year`),
which then holds the year's SHU until the members' meeting distributes it. The year is marked
closed, so the journal refuses any posting dated in it, and the next year is opened. Balances of
assets, liabilities and equity carry forward by themselves (balances are cumulative).

Closing is refused, with every reason at once, when the year is not ready (`checklist`). A closed
year is reopened only by an explicit action with a recorded reason: the closing entry is then
reversed, so the year's income and expenses are back where they were, until it is closed again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit, structure
from coopdesk.access import Capability, actor_of, require
from coopdesk.db import utcnow
from coopdesk.errors import NotFound, Problem, UserError, ValidationError
from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger import accounts, journal, periods, snapshots
from coopdesk.ledger.journal import Line
from coopdesk.ledger.models import AccountType, FinancialYear, JournalEntry, Posting
from coopdesk.ledger.reports import account_balances
from coopdesk.ledger.shu.loss import covered as loss_covered
from coopdesk.ledger.shu.models import ShuDistribution
from coopdesk.ledger.statements.balances import (
    CLOSING_SOURCE,
    forget_cash_flows,
    keep_cash_flows,
    year_bounds,
)
from coopdesk.ledger.statements.mapping import load_mapping

SHU_ROLE = "shu.current_year"


@dataclass(frozen=True)
class Check:
    """One item of the close-year checklist."""

    code: str
    ok: bool
    message: str
    blocking: bool = True


@dataclass(frozen=True)
class Checklist:
    year: int
    checks: tuple[Check, ...]

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def problems(self) -> list[str]:
        return [c.message for c in self.checks if c.blocking and not c.ok]

    @property
    def warnings(self) -> list[str]:
        return [c.message for c in self.checks if not c.blocking and not c.ok]


@dataclass(frozen=True)
class YearClose:
    year: int
    shu: int  # the year's SHU moved to `shu.current_year` (negative: a loss)
    entry_id: int | None  # None when there was nothing to close
    entry_reference: str | None


# --- the checklist ----------------------------------------------------------------------------


def _year_state(session: Session, year: int, today: date) -> list[Check]:
    fy = session.get(FinancialYear, year)
    if fy is None:
        return [Check("exists", False, _("The financial year {year} is not in the book.")
                      .format(year=year))]
    is_open = fy.status != "closed"
    checks = [Check("open", is_open, _("The year is open.") if is_open else _(
        "The financial year {year} is already closed.").format(year=year))]
    earlier = list(session.scalars(select(FinancialYear.year).where(
        FinancialYear.year < year, FinancialYear.status != "closed").order_by(
        FinancialYear.year)))
    checks.append(Check("earlier", not earlier, _(
        "Close the earlier years first: {years}.").format(
        years=", ".join(str(y) for y in earlier)) if earlier else _(
        "Every earlier year is closed.")))
    ended = today > fy.ends_on
    checks.append(Check("ended", ended, _("The year has ended.") if ended else _(
        "The year {year} has not ended yet; it can be closed from {date}.").format(
        year=year, date=format_date(date(year + 1, 1, 1), "long"))))
    return checks


def _journal_state(session: Session, year: int) -> list[Check]:
    start, end = year_bounds(year)
    drafts = session.scalar(select(func.count()).select_from(JournalEntry).where(
        JournalEntry.status == "draft", JournalEntry.date >= start, JournalEntry.date <= end))
    checks = [Check("drafts", not drafts, _(
        "{n} unposted draft entries are dated in {year}; post or delete them first.").format(
        n=drafts, year=year) if drafts else _("No unposted drafts."))]
    unbalanced = list(session.execute(
        select(Posting.entry_id).where(Posting.date >= start, Posting.date <= end)
        .group_by(Posting.entry_id).having(func.sum(Posting.amount) != 0).limit(5)
    ).scalars())
    total = sum(account_balances(session, end).values())
    ok = not unbalanced and total == 0
    checks.append(Check("balanced", ok, _("Debits and credits agree.") if ok else _(
        "The journal does not balance (entries {ids}); an import went wrong. Correct it "
        "before closing.").format(ids=", ".join(map(str, unbalanced)) or "-")))
    try:
        accounts.resolve(session, SHU_ROLE)
        checks.append(Check("shu_account", True, _("The SHU account is in the chart.")))
    except NotFound as exc:
        checks.append(Check("shu_account", False, exc.message))
    return checks


def _warnings(session: Session, year: int) -> list[Check]:
    """Things worth a look before closing that do not stop it."""
    _start, end = year_bounds(year)
    balances = account_balances(session, end)
    checks = []
    for role, message in (
        ("suspense", _("The suspense account (titipan) still holds {amount}; clear it if you "
                       "can.")),
        ("cash", _("Cash is negative at the year end ({amount}); check the cash book.")),
    ):
        try:
            acc = accounts.resolve(session, role)
        except NotFound:
            continue
        amount = balances.get(acc.id, 0)
        bad = amount != 0 if role == "suspense" else amount < 0
        checks.append(Check(role, not bad, message.format(amount=format_money(abs(amount)))
                            if bad else _("{account}: in order.").format(account=acc.name),
                            blocking=False))
    return checks


def checklist(session: Session, year: int, *, today: date | None = None) -> Checklist:
    """Everything that must hold before `year` can be closed, and what is worth a look."""
    require(session, Capability.READ)
    checks = _year_state(session, year, today or date.today())
    if checks[0].code == "exists":
        return Checklist(year, tuple(checks))
    checks += _journal_state(session, year) + _warnings(session, year)
    return Checklist(year, tuple(checks))


# --- closing and reopening ---------------------------------------------------------------------


@contextmanager
def _unlocked(session: Session, fy: FinancialYear) -> Iterator[None]:
    """Let the close post (or reopen reverse) its entry on 31 December even when the months
    were already locked, and lock them again afterwards."""
    locked = fy.locked_through
    fy.locked_through = None
    session.flush()
    structure.changed(session)
    try:
        yield
    finally:
        fy.locked_through = locked
        session.flush()
        structure.changed(session)


def closing_lines(session: Session, year: int) -> tuple[list[Line], int]:
    """The closing entry's lines, and the SHU they move (income less expenses)."""
    _start, end = year_bounds(year)
    lines: list[Line] = []
    net = 0
    for acc_id, amount in sorted(account_balances(session, end).items()):
        acc = accounts.by_id(session, acc_id)
        if acc.type in (AccountType.INCOME, AccountType.EXPENSE) and amount:
            lines.append(Line(acc.code, -amount))
            net += amount
    if net:
        lines.append(Line(SHU_ROLE, net))
    return lines, -net


def close_year(session: Session, year: int, *, today: date | None = None) -> YearClose:
    """Close `year`: post the closing entry, lock the year, open the next."""
    require(session, Capability.CLOSE)
    check = checklist(session, year, today=today)
    if not check.ready:
        raise ValidationError(_("The year {year} cannot be closed yet.").format(year=year),
                              [Problem(p) for p in check.problems])
    fy = session.get(FinancialYear, year)
    assert fy is not None
    lines, shu = closing_lines(session, year)
    posted = None
    if len(lines) >= 2:
        with _unlocked(session, fy):
            posted = journal.post_entry(
                session, date=fy.ends_on, lines=lines, source=CLOSING_SOURCE,
                source_ref=str(year),
                memo=_("Year-end closing {year}: income and expenses to the SHU of the year")
                .format(year=year))
    fy.status = "closed"
    fy.closed_at = utcnow()
    fy.closed_by = actor_of(session).username
    session.flush()
    structure.changed(session)
    periods.open_year(session, year + 1)
    keep_cash_flows(session, year, load_mapping(session).cash_accounts())
    snapshots.refresh(session)  # the year's balances have settled, as when months are closed
    audit.record(session, "ledger.close_year", entity="financial_year", entity_id=year,
                 before={"status": "open"},
                 after={"status": "closed", "shu": shu, "entry": posted.id if posted else None})
    return YearClose(year, shu, posted.id if posted else None,
                     posted.reference if posted else None)


def _reopen_problems(session: Session, year: int) -> list[str]:
    fy = session.get(FinancialYear, year)
    if fy is None:
        return [_("The financial year {year} is not in the book.").format(year=year)]
    problems = []
    if fy.status != "closed":
        problems.append(_("The financial year {year} is not closed.").format(year=year))
    later = list(session.scalars(select(FinancialYear.year).where(
        FinancialYear.year > year, FinancialYear.status == "closed")))
    if later:
        problems.append(_("Reopen the later years first: {years}.").format(
            years=", ".join(str(y) for y in sorted(later, reverse=True))))
    if session.get(ShuDistribution, year) is not None:
        problems.append(_("The SHU of {year} was already distributed; reopening the year would "
                          "make the members' shares wrong.").format(year=year))
    if loss_covered(session, year):
        problems.append(_("The loss of {year} was already covered from the reserve; reopening "
                          "the year could change the loss the meeting covered.").format(
                              year=year))
    return problems


def reopen_year(session: Session, year: int, *, reason: str) -> None:
    """Reopen a closed year (recorded with its reason): reverse its closing entry, unlock it."""
    require(session, Capability.CLOSE)
    if not reason.strip():
        raise UserError(_("Say why the year is reopened; the reason is recorded."))
    problems = _reopen_problems(session, year)
    if problems:
        raise ValidationError(_("The year {year} cannot be reopened.").format(year=year),
                              [Problem(p) for p in problems])
    fy = session.get(FinancialYear, year)
    assert fy is not None
    before = {"status": fy.status, "closed_at": fy.closed_at, "closed_by": fy.closed_by}
    fy.status, fy.closed_at, fy.closed_by = "open", None, None
    session.flush()
    structure.changed(session)
    forget_cash_flows(session, year)
    entry_id = _open_closing_entry(session, year)
    if entry_id is not None:
        with _unlocked(session, fy):
            journal.reverse_entry(session, entry_id, on=fy.ends_on, memo=_(
                "Year {year} reopened: closing entry reversed").format(year=year))
    audit.record(session, "ledger.reopen_year", entity="financial_year", entity_id=year,
                 before=before, after={"status": "open", "reason": reason.strip()})


def _open_closing_entry(session: Session, year: int) -> int | None:
    """The year's closing entry that has not been reversed yet, if any."""
    reversed_ids = select(JournalEntry.reverses_id).where(JournalEntry.reverses_id.is_not(None))
    return session.scalar(
        select(JournalEntry.id).where(
            JournalEntry.source == CLOSING_SOURCE, JournalEntry.year == year,
            JournalEntry.reverses_id.is_(None), JournalEntry.id.not_in(reversed_ids))
        .order_by(JournalEntry.id.desc()).limit(1))


def closed_years(session: Session) -> list[int]:
    return [y.year for y in periods.list_years(session) if y.closed]
