"""Creating a cooperative in a new book: its identity, its chart of accounts, its first year."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from coopdesk import audit, settings
from coopdesk.errors import UserError
from coopdesk.i18n import _
from coopdesk.ledger import accounts, periods


@dataclass(frozen=True)
class Cooperative:
    name: str
    address: str = ""
    phone: str = ""
    legal_no: str = ""


def create_cooperative(
    session: Session, coop: Cooperative, *, first_year: int, language: str = "id",
    logo_id: int | None = None,
) -> None:
    """Give a new, empty book its cooperative: settings, chart of accounts and first year."""
    name = " ".join(coop.name.split())
    if not name:
        raise UserError(_("The cooperative needs a name."))
    if not 1990 <= first_year <= 2100:
        raise UserError(_("{year} is not a sensible first financial year.").format(year=first_year))
    settings.COOP_NAME.put(session, name, check=False)
    settings.COOP_ADDRESS.put(session, coop.address.strip(), check=False)
    settings.COOP_PHONE.put(session, coop.phone.strip(), check=False)
    settings.COOP_LEGAL_NO.put(session, coop.legal_no.strip(), check=False)
    settings.BOOK_LANGUAGE.put(session, language, check=False)
    if logo_id:
        settings.COOP_LOGO.put(session, logo_id, check=False)
    accounts.load_chart(session, language=language)
    periods.open_year(session, first_year)
    audit.record(session, "book.create_cooperative", after={"name": name,
                 "first_year": first_year})
