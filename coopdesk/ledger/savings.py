"""Members' savings (simpanan): pokok, wajib and sukarela — deposits, withdrawals, balances.

The journal is the truth: a member's balance of a kind is the sum of the postings to that kind's
account (roles `savings.pokok`, `savings.wajib`, `savings.sukarela`) that carry the member's id.
Every deposit or withdrawal is one balanced entry and one receipt, in the caller's transaction:

- pokok is paid once, the same amount for everyone (a setting); paying it in full makes a
  prospective member (calon) a member. Wajib is due monthly by a due day (a setting), at the
  amount in force in each month (`coopdesk.ledger.savings_wajib`).
  Both come back only when a member leaves (`coopdesk.ledger.savings_leave`).
- sukarela may be paid in and taken out at any time, never below zero.
- a deposit may be funded by a remittance from abroad: its currency, foreign amount, rate and
  channel are kept beside the rupiah entry (`Remittance`).

Dues arrears and the meeting's batch dues entry are in `coopdesk.ledger.savings_dues`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, UserError
from coopdesk.i18n import N_, _, format_money, format_number
from coopdesk.ledger import accounts, journal, receipts
from coopdesk.ledger.journal import credit, debit
from coopdesk.ledger.models import Posting
from coopdesk.ledger.receipts import Receipt, ReceiptLine
from coopdesk.ledger.savings_models import RemittanceRecord
from coopdesk.members.models import Member
from coopdesk.money import round_half_up
from coopdesk.settings import SettingKey

Kind = Literal["pokok", "wajib", "sukarela"]
KINDS: tuple[Kind, ...] = ("pokok", "wajib", "sukarela")
ROLES: dict[Kind, str] = {k: f"savings.{k}" for k in KINDS}
KIND_LABELS: dict[Kind, str] = {
    "pokok": N_("Principal savings (simpanan pokok)"),
    "wajib": N_("Mandatory savings (simpanan wajib)"),
    "sukarela": N_("Voluntary savings (simpanan sukarela)"),
}
SHORT_LABELS: dict[Kind, str] = {
    "pokok": N_("Pokok"), "wajib": N_("Wajib"), "sukarela": N_("Sukarela"),
}

POKOK_AMOUNT: SettingKey[int] = SettingKey("savings.pokok_amount", int, 200_000)
#: The monthly wajib before the first change recorded in `coopdesk.ledger.savings_wajib`.
WAJIB_AMOUNT: SettingKey[int] = SettingKey("savings.wajib_amount", int, 10_000)
WAJIB_DUE_DAY: SettingKey[int] = SettingKey("savings.wajib_due_day", int, 10)

CURRENCIES = ("HKD", "TWD", "MYR", "SGD", "KRW", "SAR", "JPY", "AED", "QAR", "KWD", "BND",
              "USD", "EUR")


def parse_kind(text: str) -> Kind:
    value = text.strip().lower()
    for kind in KINDS:
        if kind == value:
            return kind
    raise UserError(_("“{text}” is not a kind of savings; use pokok, wajib or sukarela.")
                    .format(text=text))


@dataclass(frozen=True)
class Balances:
    pokok: int = 0
    wajib: int = 0
    sukarela: int = 0

    def of(self, kind: Kind) -> int:
        return int(getattr(self, kind))

    @property
    def total(self) -> int:
        return self.pokok + self.wajib + self.sukarela


@dataclass(frozen=True)
class Remittance:
    """What arrived from abroad: `foreign_amount` in `currency`, at `rate` rupiah per unit."""

    currency: str
    foreign_amount: Decimal
    rate: Decimal | None = None
    channel: str | None = None

    def describe(self, rupiah: int) -> str:
        from babel.numbers import get_currency_precision

        places = get_currency_precision(self.currency.upper())
        return _("From a remittance: {currency} {amount} at {rate} = {rupiah}{channel}").format(
            currency=self.currency.upper(),
            amount=format_number(self.foreign_amount, decimals=places),
            rate=format_number(self.rate or Decimal(0)), rupiah=format_money(rupiah),
            channel=f" ({self.channel})" if self.channel else "")


@dataclass(frozen=True)
class Movement:
    """A deposit or withdrawal as done: its entry, its receipt, the balance after it."""

    member_no: str
    kind: Kind
    amount: int
    entry_id: int
    entry_reference: str
    receipt: Receipt
    balance_after: int


# --- balances ---------------------------------------------------------------------------------


def _account_ids(session: Session) -> dict[Kind, int]:
    return {k: accounts.resolve(session, role).id for k, role in ROLES.items()}


def balances(session: Session, member_id: int, *, as_of: date | None = None) -> Balances:
    """A member's savings by kind (positive: what the cooperative holds for the member)."""
    require(session, Capability.READ)
    ids = _account_ids(session)
    stmt = (select(Posting.account_id, func.sum(Posting.amount))
            .where(Posting.member_id == member_id, Posting.account_id.in_(ids.values()))
            .group_by(Posting.account_id))
    if as_of is not None:
        stmt = stmt.where(Posting.date <= as_of)
    sums = {acc: -int(total) for acc, total in session.execute(stmt)}
    return Balances(**{k: sums.get(i, 0) for k, i in ids.items()})


def all_balances(session: Session, *, as_of: date | None = None) -> dict[int, Balances]:
    """Every member's savings by kind, from one aggregate query."""
    require(session, Capability.READ)
    ids = _account_ids(session)
    kind_of = {i: k for k, i in ids.items()}
    stmt = (select(Posting.member_id, Posting.account_id, func.sum(Posting.amount))
            .where(Posting.account_id.in_(ids.values()), Posting.member_id.is_not(None))
            .group_by(Posting.member_id, Posting.account_id))
    if as_of is not None:
        stmt = stmt.where(Posting.date <= as_of)
    found: dict[int, dict[str, int]] = {}
    for member, account, total in session.execute(stmt):
        if member is not None:
            found.setdefault(member, {})[kind_of[account]] = -int(total)
    return {m: Balances(**b) for m, b in found.items()}


# --- deposit and withdrawal -------------------------------------------------------------------


@dataclass(frozen=True)
class _Member:
    id: int
    member_no: str
    name: str
    status: str


def member(session: Session, member_no: str) -> _Member:
    row = session.execute(select(Member.id, Member.member_no, Member.name, Member.status)
                          .where(Member.member_no == member_no.strip().upper())).one_or_none()
    if row is None:
        raise NotFound(_("There is no member {no}.").format(no=member_no))
    return _Member(row.id, row.member_no, row.name, row.status)


def default_amount(session: Session, member_no: str, kind: Kind,
                   on: date | None = None) -> int | None:
    """What the form prefills: the pokok still to pay, the wajib in force in the month of `on`
    (today by default), nothing for sukarela."""
    if kind == "pokok":
        m = member(session, member_no)
        return max(POKOK_AMOUNT.get(session) - balances(session, m.id).pokok, 0)
    if kind == "wajib":
        from coopdesk.ledger.savings_wajib import wajib_amount

        return wajib_amount(session, on or date.today())
    return None


def deposit(session: Session, *, member_no: str, kind: Kind, amount: int | None = None,
            on: date | None = None, memo: str | None = None,
            remittance: Remittance | None = None) -> Movement:
    """Pay savings in: one entry (cash to the member's savings) and its receipt."""
    require(session, Capability.MONEY)
    m = member(session, member_no)
    if m.status == "keluar":
        raise UserError(_("{name} ({no}) has left the cooperative; savings cannot be paid in.")
                        .format(name=m.name, no=m.member_no))
    on = on or date.today()
    remit_row: dict[str, object] | None = None
    if remittance is not None:
        amount, remit_row = _remittance(remittance, amount)
    if amount is None:
        amount = default_amount(session, m.member_no, kind, on)
    if not amount or amount <= 0:
        raise UserError(_("Enter the amount to pay in."))
    if kind == "pokok":
        _check_pokok(session, m, amount)
    label = _(KIND_LABELS[kind])
    entry = journal.post_entry(
        session, date=on, memo=(memo or _("Deposit {kind}: {name} ({no})").format(
            kind=label, name=m.name, no=m.member_no))[:255],
        lines=[debit("cash", amount), credit(ROLES[kind], amount, member_id=m.id)],
        source="savings", source_ref=m.member_no)
    note = None
    if remittance is not None and remit_row is not None:
        session.add(RemittanceRecord(entry_id=entry.id, member_id=m.id, **remit_row))
        session.flush()
        note = remittance.describe(amount)
    receipt = receipts.issue_receipt(
        session, entry.id, kind=f"savings.{kind}.deposit", member_id=m.id, note=note,
        title=_("Deposit: {kind}").format(kind=label))
    after = balances(session, m.id).of(kind)
    if kind == "pokok" and m.status == "calon" and after >= POKOK_AMOUNT.get(session):
        _become_member(session, m, on)
    audit.record(session, "savings.deposit", entity="journal_entry", entity_id=entry.id,
                 after={"member": m.member_no, "kind": kind, "amount": amount,
                        "receipt": receipt.number, "remittance": remit_row})
    return Movement(m.member_no, kind, amount, entry.id, entry.reference, receipt, after)


def _check_pokok(session: Session, m: _Member, amount: int) -> None:
    due = POKOK_AMOUNT.get(session)
    paid = balances(session, m.id).pokok
    if paid >= due:
        raise UserError(_("{name} has already paid the simpanan pokok ({amount}).").format(
            name=m.name, amount=format_money(paid)))
    if amount > due - paid:
        raise UserError(_("The simpanan pokok still to pay is {left}, not {amount}.").format(
            left=format_money(due - paid), amount=format_money(amount)))


def _become_member(session: Session, m: _Member, on: date) -> None:
    row = session.get(Member, m.id)
    assert row is not None
    row.status = "anggota"
    if row.joined_on is None:
        row.joined_on = on
    session.flush()
    audit.record(session, "members.become_member", entity="member", entity_id=m.member_no,
                 before={"status": "calon"}, after={"status": "anggota", "joined_on": on})


def _remittance(r: Remittance, amount: int | None) -> tuple[int, dict[str, object]]:
    """The rupiah amount and the row to keep, from what arrived and what the member handed in."""
    from babel.numbers import get_currency_precision

    currency = r.currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha() or currency == "IDR":
        raise UserError(_("“{code}” is not a foreign currency code (HKD, TWD, MYR ...).").format(
            code=r.currency))
    places = get_currency_precision(currency)
    foreign = r.foreign_amount
    if foreign <= 0 or foreign != round(foreign, places):
        raise UserError(_("The amount in {currency} must be positive with at most {n} decimals.")
                        .format(currency=currency, n=places))
    rate = r.rate
    if rate is not None and rate <= 0:
        raise UserError(_("The exchange rate must be more than zero."))
    if amount is None:
        if rate is None:
            raise UserError(_("Give the rupiah amount or the exchange rate."))
        amount = round_half_up(foreign * rate)
    elif rate is None:
        rate = (Decimal(amount) / foreign).quantize(Decimal("0.0001"))
    elif abs(foreign * rate - amount) > max(Decimal(1), Decimal(amount) / 100):
        raise UserError(_("{foreign} {currency} at {rate} is {computed}, not {amount}; check the "
                          "rate.").format(foreign=format_number(foreign), currency=currency,
                                          rate=format_number(rate),
                                          computed=format_money(round_half_up(foreign * rate)),
                                          amount=format_money(amount)))
    minor = int(foreign.scaleb(places))
    channel = (r.channel or "").strip()[:60] or None
    return amount, {"currency": currency, "foreign_minor": minor, "rate": str(rate),
                    "channel": channel}


def parse_decimal(text: str) -> Decimal:
    """A foreign amount or a rate as typed: `1000`, `1.000,50` (id) or `1,000.50` (en)."""
    from coopdesk.i18n import language

    value = text.strip().replace(" ", "")
    if language() == "id" and "," in value:
        value = value.replace(".", "").replace(",", ".")
    else:
        value = value.replace(",", "")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise UserError(_("“{text}” is not a number.").format(text=text)) from None
    if not result.is_finite():
        raise UserError(_("“{text}” is not a number.").format(text=text))
    return result


def withdraw(session: Session, *, member_no: str, kind: Kind, amount: int,
             on: date | None = None, memo: str | None = None) -> Movement:
    """Pay savings out: sukarela any time, never below zero; pokok and wajib only on leaving."""
    require(session, Capability.MONEY)
    m = member(session, member_no)
    if kind != "sukarela" and m.status != "keluar":
        raise UserError(_("Simpanan {kind} is paid back only when a member leaves the "
                          "cooperative; use “Member leaves” to settle.").format(kind=kind))
    if amount <= 0:
        raise UserError(_("Enter the amount to take out."))
    balance = balances(session, m.id).of(kind)
    if amount > balance:
        raise UserError(_("{name} has {balance} in {kind}; {amount} cannot be taken out.").format(
            name=m.name, balance=format_money(balance), kind=_(KIND_LABELS[kind]),
            amount=format_money(amount)))
    from coopdesk.users import WITHDRAWAL, require_approval

    require_approval(session, WITHDRAWAL, subject=f"savings:{m.member_no}:{kind}", amount=amount)
    on = on or date.today()
    label = _(KIND_LABELS[kind])
    entry = journal.post_entry(
        session, date=on, memo=(memo or _("Withdrawal {kind}: {name} ({no})").format(
            kind=label, name=m.name, no=m.member_no))[:255],
        lines=[debit(ROLES[kind], amount, member_id=m.id), credit("cash", amount)],
        source="savings", source_ref=m.member_no)
    receipt = receipts.issue_receipt(session, entry.id, kind=f"savings.{kind}.withdraw",
                                     member_id=m.id,
                                     title=_("Withdrawal: {kind}").format(kind=label))
    audit.record(session, "savings.withdraw", entity="journal_entry", entity_id=entry.id,
                 after={"member": m.member_no, "kind": kind, "amount": amount,
                        "receipt": receipt.number})
    return Movement(m.member_no, kind, amount, entry.id, entry.reference, receipt,
                    balance - amount)


def receipt_lines(amounts: Sequence[tuple[Kind, int]]) -> tuple[ReceiptLine, ...]:
    return tuple(ReceiptLine(_(KIND_LABELS[k]), a) for k, a in amounts if a)


@dataclass(frozen=True)
class RemittanceView:
    entry_id: int
    currency: str
    foreign_amount: Decimal
    rate: Decimal
    channel: str | None


def remittances(session: Session, member_id: int) -> dict[int, RemittanceView]:
    """The remittance details of a member's deposits, by entry id."""
    from babel.numbers import get_currency_precision

    require(session, Capability.READ)
    found = {}
    for r in session.scalars(select(RemittanceRecord)
                             .where(RemittanceRecord.member_id == member_id)):
        places = get_currency_precision(r.currency)
        found[r.entry_id] = RemittanceView(r.entry_id, r.currency,
                                           Decimal(r.foreign_minor).scaleb(-places),
                                           Decimal(r.rate), r.channel)
    return found
