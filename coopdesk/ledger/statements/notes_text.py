"""The board's own words in the notes to the financial statements, kept per year in the book.

The notes are built from the book's figures (`notes`), but a few places only the board can fill:
what the cooperative is and who runs it, any accounting policy beyond the standard ones, and the
events after the reporting date. Each year keeps its own text (the setting
`statements.notes.<year>`), so the notes of a year already presented stay as they were printed
while next year's are written. A place left empty prints its prompt in brackets, so the gap is
seen before the meeting, not after.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.errors import UserError
from coopdesk.i18n import N_, _
from coopdesk.ledger.models import FinancialYear
from coopdesk.settings import SettingKey

GENERAL, POLICIES, EVENTS = "general", "policies", "events"
#: The places the board fills: key -> (what the place is, the prompt printed while it is empty).
PLACES: dict[str, tuple[str, str]] = {
    GENERAL: (N_("About the cooperative"), N_(
        "The board describes here the cooperative's founding, its business units, its board, "
        "supervisors and staff.")),
    POLICIES: (N_("Other accounting policies"), N_(
        "The board adds here any other policy the cooperative follows (fixed assets and their "
        "depreciation, stock of the business unit, ...), or writes that there is none.")),
    EVENTS: (N_("Events after the reporting date"), N_(
        "The board writes here any event after 31 December that matters for these statements, "
        "or that there was none.")),
}
MAX_LENGTH = 5_000  # a place is a few paragraphs, not a report


def _setting(year: int) -> SettingKey[dict[str, str]]:
    return SettingKey(f"statements.notes.{year}", dict, {})


def board_texts(session: Session, year: int) -> dict[str, str]:
    """The board's text for each place of the notes of `year` ("" where none yet)."""
    require(session, Capability.READ)
    kept = _setting(year).get(session)
    return {key: str(kept.get(key, "")) for key in PLACES}


def save_board_texts(session: Session, year: int, texts: Mapping[str, str]) -> dict[str, str]:
    """Keep the board's text for the places named in `texts` (the others stay as they are);
    an empty text brings the prompt back. Returns every place's text."""
    require(session, Capability.CLOSE)
    unknown = sorted(set(texts) - set(PLACES))
    if unknown:
        raise UserError(_("The notes have no place “{place}”; the places are: {places}.")
                        .format(place=unknown[0], places=", ".join(PLACES)))
    if session.get(FinancialYear, year) is None:
        raise UserError(_("The financial year {year} is not in the book.").format(year=year))
    before = board_texts(session, year)
    after = {**before, **{key: _tidy(text) for key, text in texts.items()}}
    for key, text in after.items():
        if len(text) > MAX_LENGTH:
            raise UserError(_("“{place}” is too long ({length} characters); keep it under "
                              "{limit}.").format(place=_(PLACES[key][0]), length=len(text),
                                                 limit=MAX_LENGTH))
    if after != before:  # the setting records the change in the audit trail
        _setting(year).put(session, {k: v for k, v in after.items() if v}, check=False)
    return after


def _tidy(text: str) -> str:
    """Trailing spaces and surplus blank lines removed; paragraphs kept."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)


def paragraphs(text: str) -> tuple[str, ...]:
    """The paragraphs of a text (separated by a blank line); single line breaks are kept."""
    return tuple(p.strip() for p in text.split("\n\n") if p.strip())


def filled(text: str, key: str) -> tuple[str, ...]:
    """The board's paragraphs for a place, or its prompt in brackets while it is empty."""
    return paragraphs(text) or ("[" + _(PLACES[key][1]) + "]",)
