"""Covering a year's loss from the reserve (cadangan), as the members' meeting decides.

Closing a year that made a loss leaves the loss in "SHU of the current year" (role
`shu.current_year`, shown on the balance sheet with the SHU of earlier years not yet
distributed). The reserve is kept for exactly this: the meeting may decide to cover the loss from
it, in whole or in part. The decision is one journal entry dated on the meeting's day (in a later,
open year): the reserve is debited and the SHU account credited, so the undistributed loss
shrinks by what the reserve gives. What is not covered is carried forward.

The entries carry `source = "shu_loss"` and the year in `source_ref`, so what was covered is read
back from the journal itself (a reversal nets out) and the statement of changes in equity can
show the decision on its own lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import UserError
from coopdesk.i18n import _, format_money
from coopdesk.ledger import accounts, journal
from coopdesk.ledger.journal import NewEntry, credit, debit
from coopdesk.ledger.models import FinancialYear, JournalEntry, Posting
from coopdesk.ledger.statements.balances import CLOSING_SOURCE
from coopdesk.ledger.statements.balances import LOSS_SOURCE as SOURCE
from coopdesk.ledger.statements.build import year_result

RESERVE_ROLE = "shu.reserve"
SHU_ROLE = "shu.current_year"


@dataclass(frozen=True)
class LossState:
    """A closed year's loss, what the reserve has covered of it, and what the reserve holds."""

    year: int
    closed: bool
    loss: int  # the year's loss as a positive amount; 0 when the year made no loss
    covered: int
    reserve: int  # the reserve's balance now (every posting up to the last one)

    @property
    def remaining(self) -> int:
        return max(self.loss - self.covered, 0)


@dataclass(frozen=True)
class LossCover:
    year: int
    on: date
    amount: int
    remaining: int  # the loss still not covered afterwards
    reserve_left: int
    entry_id: int
    reference: str


def covered(session: Session, year: int) -> int:
    """What the reserve has given towards the loss of `year` (reversed decisions net out)."""
    reserve = accounts.resolve(session, RESERVE_ROLE)
    total = session.scalar(
        select(func.coalesce(func.sum(Posting.amount), 0))
        .join(JournalEntry, JournalEntry.id == Posting.entry_id)
        .where(JournalEntry.source == SOURCE, JournalEntry.source_ref == str(year),
               Posting.account_id == reserve.id))
    return int(total or 0)


def _reserve(session: Session, on: date | None = None) -> int:
    """The reserve's credit balance on `on` (None: after every posting)."""
    reserve = accounts.resolve(session, RESERVE_ROLE)
    stmt = select(func.coalesce(func.sum(Posting.amount), 0)).where(
        Posting.account_id == reserve.id)
    if on is not None:
        stmt = stmt.where(Posting.date <= on)
    return -int(session.scalar(stmt) or 0)


def loss_state(session: Session, year: int) -> LossState:
    require(session, Capability.READ)
    fy = session.get(FinancialYear, year)
    if fy is None:
        raise UserError(_("The financial year {year} is not in the book.").format(year=year))
    result = year_result(session, year)
    return LossState(year, fy.status == "closed", max(-result, 0), covered(session, year),
                     _reserve(session))


def _amount_to_cover(state: LossState, amount: int | None) -> int:
    year = state.year
    if not state.closed:
        raise UserError(_("Close the year {year} first: the members' meeting covers a closed "
                          "year's loss.").format(year=year))
    if not state.loss:
        raise UserError(_("The year {year} made no loss; there is nothing to cover.")
                        .format(year=year))
    if not state.remaining:
        raise UserError(_("The loss of {year} is already covered from the reserve.")
                        .format(year=year))
    wanted = state.remaining if amount is None else amount
    if not 0 < wanted <= state.remaining:
        raise UserError(_("The reserve can cover from Rp1 up to the loss still open, {open}.")
                        .format(open=format_money(state.remaining)))
    return wanted


def _check_reserve(session: Session, year: int, amount: int, on: date) -> int:
    """The reserve must hold the amount on the meeting's day and after every later posting."""
    held = min(_reserve(session, on), _reserve(session))
    if held >= amount:
        return held
    message = _("The reserve holds only {held}; it cannot cover {amount} of the loss of "
                "{year}.").format(held=format_money(max(held, 0)),
                                  amount=format_money(amount), year=year)
    if held > 0:
        message += " " + _("The meeting may cover {held} from it and carry the rest "
                           "forward.").format(held=format_money(held))
    raise UserError(message)


def cover_loss(session: Session, year: int, *, on: date, amount: int | None = None
               ) -> LossCover:
    """Post the meeting's decision of `on` to cover the loss of `year` (all that is still open,
    or `amount` of it) from the reserve."""
    require(session, Capability.MONEY)
    state = loss_state(session, year)
    wanted = _amount_to_cover(state, amount)
    if on.year <= year:
        raise UserError(_("The loss of {year} is covered after the members' meeting, in a "
                          "later year; choose a date in {next} or after.").format(
                              year=year, next=year + 1))
    held = _check_reserve(session, year, wanted, on)
    posted = journal.post_entry(session, NewEntry(
        on, _("Loss of {year} covered from the reserve as decided by the members' meeting")
        .format(year=year), (debit(RESERVE_ROLE, wanted), credit(SHU_ROLE, wanted)),
        source=SOURCE, source_ref=str(year)))
    audit.record(session, "shu.cover_loss", entity="financial_year", entity_id=year,
                 before={"loss": state.loss, "covered": state.covered, "reserve": held},
                 after={"covered": state.covered + wanted, "entry": posted.id,
                        "on": on.isoformat()})
    return LossCover(year, on, wanted, state.remaining - wanted, held - wanted, posted.id,
                     posted.reference)


def loss_note(session: Session, year: int) -> str:
    """What became of a closed year's loss, in a sentence for the SHU page and the notes."""
    state = loss_state(session, year)
    if state.covered and not state.remaining:
        return _("The members' meeting covered the loss from the reserve.")
    if state.covered:
        return _("The members' meeting covered {covered} of it from the reserve; {rest} is "
                 "carried forward.").format(covered=format_money(state.covered),
                                             rest=format_money(state.remaining))
    if state.reserve > 0:
        return _("The members' meeting may cover it from the reserve, which holds {reserve}."
                 ).format(reserve=format_money(state.reserve))
    return _("The reserve is empty; the loss is carried forward.")


def open_losses(session: Session, before: int) -> list[LossState]:
    """Closed years before `before` whose loss the reserve has not wholly covered, oldest first.
    A year's loss is read from its closing entry (reopening reverses it, so only the standing
    close counts), not by working the year's statements out again."""
    require(session, Capability.READ)
    shu = accounts.resolve(session, SHU_ROLE)
    closed = session.execute(
        select(JournalEntry.source_ref, func.sum(Posting.amount))
        .join(Posting, Posting.entry_id == JournalEntry.id)
        .where(JournalEntry.source == CLOSING_SOURCE, Posting.account_id == shu.id)
        .group_by(JournalEntry.source_ref)).all()
    reserve = None
    found = []
    for ref, total in closed:
        if ref is None or not ref.isdigit():
            continue
        year, loss = int(ref), int(total or 0)  # a loss closes as a debit to the SHU account
        if year >= before or loss <= 0:
            continue
        reserve = _reserve(session) if reserve is None else reserve
        state = LossState(year, True, loss, covered(session, year), reserve)
        if state.remaining:
            found.append(state)
    return sorted(found, key=lambda state: state.year)


def open_loss_note(state: LossState) -> str:
    """An earlier loss still open, in a sentence for a later year's SHU."""
    return _("The loss of {year} is not yet covered: {open}. The reserve is there for it; the "
             "members' meeting may cover it once this year's reserve part is set aside.").format(
        year=state.year, open=format_money(state.remaining))


@dataclass(frozen=True)
class Cover:
    year: int  # the year whose loss was covered
    on: date  # the members' meeting
    amount: int


def covered_in(session: Session, year: int) -> list[Cover]:
    """The losses the members' meetings held in `year` covered from the reserve."""
    reserve = accounts.resolve(session, RESERVE_ROLE)
    rows = session.execute(
        select(JournalEntry.source_ref, func.max(JournalEntry.date), func.sum(Posting.amount))
        .join(Posting, Posting.entry_id == JournalEntry.id)
        .where(JournalEntry.source == SOURCE, JournalEntry.date >= date(year, 1, 1),
               JournalEntry.date <= date(year, 12, 31), Posting.account_id == reserve.id)
        .group_by(JournalEntry.source_ref).order_by(func.max(JournalEntry.date)))
    return [Cover(int(ref or 0), day, int(total)) for ref, day, total in rows
            if total and total > 0]
