"""The chart of accounts: shipped as a resource, loaded into a new book, then the cooperative's own.

Accounts are added, renamed and deactivated, never deleted once they carry postings. Services
find accounts by *role* (`cash`, `savings.pokok`) rather than by code, so a cooperative may
renumber its chart without breaking savings or loans. A `Line` names its account by code (starts
with a digit) or by role (starts with a letter).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit, structure
from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, UserError
from coopdesk.i18n import N_, _
from coopdesk.ledger.models import Account, AccountType, Posting
from coopdesk.paths import resource

CODE_PATTERN = re.compile(r"[0-9][0-9A-Za-z.-]{0,19}")
DEFAULT_CHART = "koperasi.csv"

TYPE_LABELS: dict[AccountType, str] = {
    AccountType.ASSET: N_("Asset"),
    AccountType.LIABILITY: N_("Liability"),
    AccountType.EQUITY: N_("Equity"),
    AccountType.INCOME: N_("Income"),
    AccountType.EXPENSE: N_("Expense"),
}


@dataclass(frozen=True)
class AccountRow:
    id: int
    code: str
    name: str
    type: AccountType
    contra: bool
    role: str | None
    active: bool

    @property
    def debit_normal(self) -> bool:
        """True when a debit increases the account (assets, expenses; flipped for contras)."""
        return self.type.debit_normal != self.contra

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def _row(a: Account) -> AccountRow:
    return AccountRow(a.id, a.code, a.name, AccountType(a.type), a.contra, a.role, a.active)


def _load(session: Session) -> dict[str, AccountRow]:
    index: dict[str, AccountRow] = {}
    for r in session.execute(
        select(Account.id, Account.code, Account.name, Account.type, Account.contra,
               Account.role, Account.active)
    ):
        row = AccountRow(r.id, r.code, r.name, AccountType(r.type), r.contra, r.role, r.active)
        index[row.code] = row
        index[f"#{row.id}"] = row
        if row.role:
            index[row.role] = row
    return index


def _cache(session: Session) -> dict[str, AccountRow]:
    return structure.cached(session, "accounts", _load)


def _forget(session: Session) -> None:
    structure.changed(session)


def load_chart(session: Session, *, language: str = "id", chart: str = DEFAULT_CHART) -> int:
    """Load the shipped chart into an empty book; return how many accounts were added."""
    if session.scalar(select(func.count()).select_from(Account)):
        raise UserError(_("This book already has a chart of accounts."))
    text = resource("chart", chart).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    name_col = "name_en" if language == "en" else "name_id"
    for r in rows:
        session.add(
            Account(
                code=r["code"], name=r[name_col], type=AccountType(r["type"]).value,
                contra=r["contra"] == "1", role=r["role"] or None, active=True,
            )
        )
    session.flush()
    _forget(session)
    audit.record(session, "ledger.load_chart", entity="account", after={"chart": chart,
                 "accounts": len(rows)})
    return len(rows)


def list_accounts(session: Session, *, include_inactive: bool = True) -> list[AccountRow]:
    stmt = select(Account).order_by(Account.code)
    if not include_inactive:
        stmt = stmt.where(Account.active.is_(True))
    return [_row(a) for a in session.scalars(stmt)]


def resolve(session: Session, ref: str) -> AccountRow:
    """An account by code or by role; a clear error when there is none."""
    row = _cache(session).get(ref)
    if row is None:
        if ref[:1].isdigit():
            raise NotFound(_("There is no account with code {code}.").format(code=ref))
        raise NotFound(
            _("The chart of accounts has no account for “{role}”; add one in the chart.").format(
                role=ref
            )
        )
    return row


def by_id(session: Session, account_id: int) -> AccountRow:
    row = _cache(session).get(f"#{account_id}")
    if row is not None:
        return row
    raise NotFound(_("There is no account with id {id}.").format(id=account_id))


def _check_code(session: Session, code: str) -> None:
    if not CODE_PATTERN.fullmatch(code):
        raise UserError(
            _("“{code}” is not a valid account code: start with a digit, up to 20 letters, "
              "digits, dots or dashes.").format(code=code)
        )
    if session.scalar(select(Account.id).where(Account.code == code)) is not None:
        raise UserError(_("An account with code {code} already exists.").format(code=code))


def _check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserError(_("An account needs a name."))
    if len(cleaned) > 120:
        raise UserError(_("An account name may have at most 120 characters."))
    return cleaned


def add_account(
    session: Session,
    code: str,
    name: str,
    type: AccountType | str,
    *,
    contra: bool = False,
    role: str | None = None,
) -> AccountRow:
    require(session, Capability.SETTINGS)
    try:
        kind = AccountType(type)
    except ValueError:
        raise UserError(
            _("“{type}” is not an account type (asset, liability, equity, income, expense).")
            .format(type=type)
        ) from None
    _check_code(session, code)
    clean_name = _check_name(name)
    if role and session.scalar(select(Account.id).where(Account.role == role)) is not None:
        raise UserError(_("Another account already serves as “{role}”.").format(role=role))
    acc = Account(code=code, name=clean_name, type=kind.value, contra=contra, role=role,
                  active=True)
    session.add(acc)
    session.flush()
    _forget(session)
    audit.record(session, "ledger.add_account", entity="account", entity_id=code,
                 after={"code": code, "name": clean_name, "type": kind, "contra": contra})
    return _row(acc)


def _get(session: Session, code: str) -> Account:
    acc = session.scalar(select(Account).where(Account.code == code))
    if acc is None:
        raise NotFound(_("There is no account with code {code}.").format(code=code))
    return acc


def rename_account(session: Session, code: str, name: str) -> AccountRow:
    require(session, Capability.SETTINGS)
    acc = _get(session, code)
    before = acc.name
    acc.name = _check_name(name)
    session.flush()
    _forget(session)
    audit.record(session, "ledger.rename_account", entity="account", entity_id=code,
                 before={"name": before}, after={"name": acc.name})
    return _row(acc)


def set_active(session: Session, code: str, active: bool) -> AccountRow:
    require(session, Capability.SETTINGS)
    acc = _get(session, code)
    if not active and acc.role in _ROLES_IN_USE:
        raise UserError(
            _("Account {code} is used by coopdesk for “{role}” and cannot be deactivated.")
            .format(code=code, role=acc.role)
        )
    before = acc.active
    acc.active = active
    session.flush()
    _forget(session)
    audit.record(session, "ledger.set_account_active", entity="account", entity_id=code,
                 before={"active": before}, after={"active": active})
    return _row(acc)


def delete_account(session: Session, code: str) -> None:
    """Delete an account added by mistake; one with postings can only be deactivated."""
    require(session, Capability.SETTINGS)
    acc = _get(session, code)
    if session.scalar(select(Posting.id).where(Posting.account_id == acc.id).limit(1)):
        raise UserError(
            _("Account {code} has postings and cannot be deleted; deactivate it instead.")
            .format(code=code)
        )
    if acc.role:
        raise UserError(
            _("Account {code} is used by coopdesk for “{role}” and cannot be deleted.")
            .format(code=code, role=acc.role)
        )
    session.delete(acc)
    session.flush()
    _forget(session)
    audit.record(session, "ledger.delete_account", entity="account", entity_id=code,
                 before={"code": code, "name": acc.name})


#: Roles the services post to; their accounts must stay active.
_ROLES_IN_USE = frozenset({
    "cash", "loans.receivable", "savings.pokok", "savings.wajib", "savings.sukarela",
    "shu.current_year",
})
