"""Financial years and closed periods: the calendar of the books.

The financial year is 1 January – 31 December. A year is opened the first time something is
posted in it (after the book's first year); a year-end close (see `closing`) marks it closed. Within
an open year, a treasurer may close the months already checked (`lock_through`): postings dated on
or before that day are then refused, until a recorded reopening.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit, structure
from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, UserError
from coopdesk.i18n import _, format_date
from coopdesk.ledger import snapshots
from coopdesk.ledger.models import FinancialYear

#: How far ahead of today an entry may be dated before it is taken for a typing slip.
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class YearRow:
    year: int
    starts_on: date
    ends_on: date
    closed: bool
    locked_through: date | None


def _row(fy: FinancialYear) -> YearRow:
    return YearRow(fy.year, fy.starts_on, fy.ends_on, fy.status == "closed", fy.locked_through)


def list_years(session: Session) -> list[YearRow]:
    return [_row(fy) for fy in session.scalars(select(FinancialYear).order_by(FinancialYear.year))]


def first_year(session: Session) -> int | None:
    return session.scalar(select(func.min(FinancialYear.year)))


def open_year(session: Session, year: int) -> YearRow:
    """Open `year` if it is not there yet (idempotent)."""
    fy = session.get(FinancialYear, year)
    if fy is None:
        fy = FinancialYear(
            year=year, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), status="open"
        )
        session.add(fy)
        session.flush()
        _forget(session)
        audit.record(session, "ledger.open_year", entity="financial_year", entity_id=year)
    return _row(fy)


def _years(session: Session) -> dict[int, YearRow]:
    return structure.cached(session, "years", lambda s: {r.year: r for r in list_years(s)})


def _forget(session: Session) -> None:
    structure.changed(session)


def posting_problem(session: Session, on: date, *, today: date | None = None) -> str | None:
    """Why an entry dated `on` cannot be posted, or None when it can."""
    years = _years(session)
    fy = years.get(on.year)
    if fy is None:
        first = min(years) if years else None
        if first is None:
            return _("The book has no financial year yet.")
        if on.year < first:
            return _("{date} is before the book's first financial year ({year}).").format(
                date=format_date(on), year=first
            )
        limit = (today or date.today()) + timedelta(days=MAX_DAYS_AHEAD)
        if on > limit:
            return _("{date} is more than a year ahead; check the date.").format(
                date=format_date(on)
            )
        return None  # the year is opened when the entry is posted
    if fy.closed:
        return _("The financial year {year} is closed; {date} cannot be posted.").format(
            year=fy.year, date=format_date(on)
        )
    if fy.locked_through is not None and on <= fy.locked_through:
        return _("The period up to {locked} is closed; {date} cannot be posted.").format(
            locked=format_date(fy.locked_through), date=format_date(on)
        )
    return None


def ensure_postable(session: Session, on: date) -> None:
    problem = posting_problem(session, on)
    if problem:
        raise UserError(problem)
    if on.year not in _years(session):
        open_year(session, on.year)


def lock_through(session: Session, through: date) -> YearRow:
    """Close the period up to and including `through` (a checked month) in its open year."""
    require(session, Capability.CLOSE)
    fy = session.get(FinancialYear, through.year)
    if fy is None:
        raise NotFound(_("The financial year {year} is not open.").format(year=through.year))
    if fy.status == "closed":
        raise UserError(_("The financial year {year} is already closed.").format(year=fy.year))
    if fy.locked_through is not None and through < fy.locked_through:
        raise UserError(
            _("The period up to {locked} is already closed; reopen it to move the date back.")
            .format(locked=format_date(fy.locked_through))
        )
    before = fy.locked_through
    fy.locked_through = through
    session.flush()
    _forget(session)
    snapshots.refresh(session, through=through)  # closing a month is when its balances settle
    audit.record(session, "ledger.close_period", entity="financial_year", entity_id=fy.year,
                 before={"locked_through": before}, after={"locked_through": through})
    return _row(fy)


def reopen_period(session: Session, year: int, *, reason: str) -> YearRow:
    """Reopen the closed months of an open year: an explicit action with a recorded reason."""
    require(session, Capability.CLOSE)
    if not reason.strip():
        raise UserError(_("Say why the period is reopened; the reason is recorded."))
    fy = session.get(FinancialYear, year)
    if fy is None:
        raise NotFound(_("The financial year {year} is not open.").format(year=year))
    before = fy.locked_through
    fy.locked_through = None
    session.flush()
    _forget(session)
    audit.record(session, "ledger.reopen_period", entity="financial_year", entity_id=year,
                 before={"locked_through": before}, after={"reason": reason})
    return _row(fy)
