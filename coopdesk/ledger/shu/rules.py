"""The statutes' rules for sharing the SHU, kept in the book and changed only by the meeting.

- The split: named parts that sum to exactly 100% — the reserve, jasa usaha (shared by each
  member's business with the cooperative), jasa modal (shared by each member's savings), and funds
  (board, staff, education, social, regional development ...), each credited to its account.
- Which savings count for jasa modal (pokok, wajib, optionally sukarela or berjangka), taken at
  the year end or as the average of the twelve month ends (fairer to members who save all year).
- What counts as a member's business for jasa usaha: jasa paid on loans, loan fees, penalties,
  purchases from the business unit.
- Members who left during the year: shared like everyone, left out, or given jasa usaha only
  (their capital was already returned to them).

The defaults follow the textbook split (reserve 40, members 40 of which jasa usaha 25 and jasa
modal 15, board, staff, education and social 5 each); every value is the cooperative's to change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, Problem, UserError, ValidationError
from coopdesk.i18n import N_, _, format_percent
from coopdesk.ledger import accounts
from coopdesk.settings import SettingKey

JASA_USAHA = "jasa_usaha"
JASA_MODAL = "jasa_modal"
RESERVE = "reserve"
MEMBERS_PAYABLE = "shu.members_payable"

#: Parts the statutes commonly name: key -> (name, account role it is credited to).
KNOWN_PARTS: dict[str, tuple[str, str]] = {
    RESERVE: (N_("Reserve (cadangan)"), "shu.reserve"),
    JASA_USAHA: (N_("Members: jasa usaha (by business)"), MEMBERS_PAYABLE),
    JASA_MODAL: (N_("Members: jasa modal (by savings)"), MEMBERS_PAYABLE),
    "board": (N_("Board and supervisors fund"), "shu.fund.board"),
    "staff": (N_("Staff fund"), "shu.fund.staff"),
    "education": (N_("Education fund"), "shu.fund.education"),
    "social": (N_("Social fund"), "shu.fund.social"),
    "regional": (N_("Regional development fund"), "shu.fund.regional"),
}


class SavingsMethod(StrEnum):
    YEAR_END = "year_end"
    MONTH_AVERAGE = "month_average"


class LeaversRule(StrEnum):
    INCLUDE = "include"  # shared like every other member
    EXCLUDE = "exclude"  # no share for members who left during the year
    BUSINESS_ONLY = "business_only"  # jasa usaha for the business they did, no jasa modal


SAVINGS_KINDS = ("pokok", "wajib", "sukarela", "berjangka")
#: What counts as a member's business: kind -> the income account role it is read from.
BUSINESS_KINDS: dict[str, str] = {
    "loan_interest": "income.loan_interest",
    "loan_fees": "income.loan_fees",
    "penalty": "income.penalty",
    "purchases": "income.sales",
}
BUSINESS_NAMES: dict[str, str] = {
    "loan_interest": N_("jasa paid on loans"),
    "loan_fees": N_("loan fees paid"),
    "penalty": N_("penalties paid"),
    "purchases": N_("purchases from the business unit"),
}
SAVINGS_METHOD_NAMES: dict[SavingsMethod, str] = {
    SavingsMethod.YEAR_END: N_("balance at the year end"),
    SavingsMethod.MONTH_AVERAGE: N_("average of the twelve month ends"),
}
LEAVERS_NAMES: dict[LeaversRule, str] = {
    LeaversRule.INCLUDE: N_("shared like every other member"),
    LeaversRule.EXCLUDE: N_("no share for members who left during the year"),
    LeaversRule.BUSINESS_ONLY: N_("jasa usaha only for members who left during the year"),
}


@dataclass(frozen=True)
class Part:
    key: str
    percent: Decimal
    account: str  # the role (or code) the part is credited to
    name: str = ""  # the statutes' own wording; empty: the usual name

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        known = KNOWN_PARTS.get(self.key)
        return _(known[0]) if known else self.key


def _part(key: str, percent: str) -> Part:
    return Part(key, Decimal(percent), KNOWN_PARTS[key][1])


DEFAULT_PARTS = (
    _part(RESERVE, "40"), _part(JASA_USAHA, "25"), _part(JASA_MODAL, "15"),
    _part("board", "5"), _part("staff", "5"), _part("education", "5"), _part("social", "5"),
)


@dataclass(frozen=True)
class ShuRules:
    parts: tuple[Part, ...] = DEFAULT_PARTS
    savings_kinds: tuple[str, ...] = ("pokok", "wajib")
    savings_method: SavingsMethod = SavingsMethod.YEAR_END
    business_kinds: tuple[str, ...] = ("loan_interest",)
    leavers: LeaversRule = LeaversRule.EXCLUDE

    def part(self, key: str) -> Part | None:
        return next((p for p in self.parts if p.key == key), None)

    def percent(self, key: str) -> Decimal:
        p = self.part(key)
        return p.percent if p else Decimal(0)

    def with_split(self, split: dict[str, Decimal]) -> ShuRules:
        """These rules with other percentages (a what-if); parts not named keep theirs, new
        known parts are added."""
        parts = [replace(p, percent=split[p.key]) if p.key in split else p for p in self.parts]
        have = {p.key for p in parts}
        for key, percent in split.items():
            if key not in have:
                if key not in KNOWN_PARTS:
                    raise UserError(_("“{key}” is not a part of the SHU split; known parts: "
                                      "{known}.").format(key=key, known=", ".join(KNOWN_PARTS)))
                parts.append(Part(key, percent, KNOWN_PARTS[key][1]))
        return replace(self, parts=tuple(parts))


def problems(rules: ShuRules) -> list[str]:
    """Every reason the rules cannot be used, in plain words; empty when they can."""
    found = []
    total = sum((p.percent for p in rules.parts), Decimal(0))
    if total != 100:
        found.append(_("The parts of the SHU add up to {total}, not 100%.").format(
            total=format_percent(total)))
    keys = [p.key for p in rules.parts]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        found.append(_("The part “{key}” appears twice.").format(key=key))
    for p in rules.parts:
        if p.percent < 0:
            found.append(_("The part “{name}” is negative.").format(name=p.label))
    for key in (JASA_USAHA, JASA_MODAL):
        if key not in keys:
            found.append(_("The split needs a part “{key}” (it may be 0%).").format(key=key))
    if not set(rules.savings_kinds) <= set(SAVINGS_KINDS):
        found.append(_("Savings for jasa modal must be among: {kinds}.").format(
            kinds=", ".join(SAVINGS_KINDS)))
    if not set(rules.business_kinds) <= set(BUSINESS_KINDS):
        found.append(_("Business for jasa usaha must be among: {kinds}.").format(
            kinds=", ".join(BUSINESS_KINDS)))
    return found


def account_problems(session: Session, rules: ShuRules) -> list[str]:
    found = []
    for p in rules.parts:
        try:
            accounts.resolve(session, p.account)
        except NotFound as exc:
            found.append(_("{part}: {problem}").format(part=p.label, problem=exc.message))
    return found


def check(session: Session, rules: ShuRules) -> None:
    found = problems(rules) + account_problems(session, rules)
    if found:
        raise ValidationError(_("The SHU rules were not accepted."), [Problem(p) for p in found])


# --- storage ----------------------------------------------------------------------------------

RULES: SettingKey[dict[str, Any]] = SettingKey("shu.rules", dict, {})


def to_json(rules: ShuRules) -> dict[str, Any]:
    return {
        "parts": [{"key": p.key, "percent": str(p.percent), "account": p.account,
                   "name": p.name} for p in rules.parts],
        "savings_kinds": list(rules.savings_kinds),
        "savings_method": rules.savings_method.value,
        "business_kinds": list(rules.business_kinds),
        "leavers": rules.leavers.value,
    }


def from_json(data: dict[str, Any]) -> ShuRules:
    if not data:
        return ShuRules()
    try:
        parts = tuple(Part(p["key"], Decimal(p["percent"]), p["account"], p.get("name", ""))
                      for p in data["parts"])
        return ShuRules(
            parts=parts, savings_kinds=tuple(data["savings_kinds"]),
            savings_method=SavingsMethod(data["savings_method"]),
            business_kinds=tuple(data["business_kinds"]), leavers=LeaversRule(data["leavers"]))
    except (KeyError, TypeError, ValueError, InvalidOperation):
        raise UserError(_("The SHU rules stored in the book cannot be read; set them again."))\
            from None


def load(session: Session) -> ShuRules:
    return from_json(RULES.get(session))


def save(session: Session, rules: ShuRules) -> ShuRules:
    """Keep `rules` as the cooperative's (checked first; the change is audited)."""
    require(session, Capability.SETTINGS)
    check(session, rules)
    RULES.put(session, to_json(rules))
    return rules


def parse_split(text: str) -> dict[str, Decimal]:
    """`reserve=40,jasa_usaha=25,...` as typed on the command line."""
    split: dict[str, Decimal] = {}
    for item in filter(None, (t.strip() for t in text.split(","))):
        key, sep, value = item.partition("=")
        try:
            if not sep:
                raise InvalidOperation
            split[key.strip()] = Decimal(value.strip().rstrip("%"))
        except InvalidOperation:
            raise UserError(_("“{item}” is not a part of the split; write it as "
                              "name=percent, e.g. reserve=40.").format(item=item)) from None
    return split


def describe(rules: ShuRules) -> list[tuple[str, str]]:
    """The rules in plain words, as (what, how) pairs for screens and the meeting pack."""
    rows = [(p.label, format_percent(p.percent)) for p in rules.parts]
    rows.append((_("Savings counted for jasa modal"),
                 ", ".join(rules.savings_kinds) + " — " + _(SAVINGS_METHOD_NAMES[
                     rules.savings_method])))
    rows.append((_("Business counted for jasa usaha"),
                 ", ".join(_(BUSINESS_NAMES[k]) for k in rules.business_kinds)))
    rows.append((_("Members who left during the year"), _(LEAVERS_NAMES[rules.leavers])))
    return rows


def dumps(rules: ShuRules) -> str:
    return json.dumps(to_json(rules), sort_keys=True)
