"""The cooperative's loan rules kept as settings: kolektibilitas thresholds, allowance percentages,
health grades and the sane rate limit. Defaults follow the domain notes (Permenkop practice, the
rural banks' POJK 1/2024 percentages, Juknis Deputi Perkoperasian 15/2021); the members' meeting
may set its own.

Kolektibilitas by days past due (the oldest unpaid instalment): up to `kurang_lancar` days it is
lancar; beyond that kurang lancar; beyond `diragukan` days it is diragukan while collateral covers
at least `collateral_cover` % of the outstanding principal, else macet; beyond `macet` days macet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from coopdesk.access import Capability, require
from coopdesk.errors import Problem, ValidationError
from coopdesk.i18n import N_, _
from coopdesk.ledger.loans.schedule import DEFAULT_MAX_RATE
from coopdesk.settings import SettingKey


class Kolektibilitas(StrEnum):
    LANCAR = "lancar"
    KURANG_LANCAR = "kurang_lancar"
    DIRAGUKAN = "diragukan"
    MACET = "macet"


KOL_LABELS: dict[Kolektibilitas, str] = {
    Kolektibilitas.LANCAR: N_("Current (lancar)"),
    Kolektibilitas.KURANG_LANCAR: N_("Substandard (kurang lancar)"),
    Kolektibilitas.DIRAGUKAN: N_("Doubtful (diragukan)"),
    Kolektibilitas.MACET: N_("Loss (macet)"),
}
PROBLEM_CLASSES = (Kolektibilitas.KURANG_LANCAR, Kolektibilitas.DIRAGUKAN, Kolektibilitas.MACET)


class Health(StrEnum):
    SEHAT = "sehat"
    CUKUP_SEHAT = "cukup_sehat"
    KURANG_SEHAT = "kurang_sehat"
    TIDAK_SEHAT = "tidak_sehat"


HEALTH_LABELS: dict[Health, str] = {
    Health.SEHAT: N_("Healthy (sehat)"),
    Health.CUKUP_SEHAT: N_("Fairly healthy (cukup sehat)"),
    Health.KURANG_SEHAT: N_("Less healthy (kurang sehat)"),
    Health.TIDAK_SEHAT: N_("Unhealthy (tidak sehat)"),
}

THRESHOLDS: SettingKey[dict[str, int]] = SettingKey(
    "loans.kolektibilitas_days", dict,
    {"kurang_lancar": 90, "diragukan": 180, "macet": 630, "collateral_cover": 75})
ALLOWANCE_PERCENT: SettingKey[dict[str, str]] = SettingKey(
    "loans.allowance_percent", dict,
    {"lancar": "0.5", "kurang_lancar": "10", "diragukan": "50", "macet": "100"})
HEALTH_LIMITS: SettingKey[dict[str, str]] = SettingKey(
    "loans.health_limits", dict, {"sehat": "5", "cukup_sehat": "10", "kurang_sehat": "15"})
MAX_RATE: SettingKey[str] = SettingKey("loans.max_rate_per_month", str, str(DEFAULT_MAX_RATE))


@dataclass(frozen=True)
class Policy:
    kurang_lancar_days: int = 90
    diragukan_days: int = 180
    macet_days: int = 630
    collateral_cover: Decimal = Decimal(75)
    allowance: tuple[tuple[Kolektibilitas, Decimal], ...] = (
        (Kolektibilitas.LANCAR, Decimal("0.5")), (Kolektibilitas.KURANG_LANCAR, Decimal(10)),
        (Kolektibilitas.DIRAGUKAN, Decimal(50)), (Kolektibilitas.MACET, Decimal(100)))
    health_limits: tuple[Decimal, Decimal, Decimal] = (Decimal(5), Decimal(10), Decimal(15))
    max_rate: Decimal = DEFAULT_MAX_RATE

    def allowance_percent(self, kol: Kolektibilitas) -> Decimal:
        return dict(self.allowance)[kol]

    def classify(self, days_past_due: int, outstanding: int, collateral: int) -> Kolektibilitas:
        if days_past_due <= self.kurang_lancar_days:
            return Kolektibilitas.LANCAR
        if days_past_due <= self.diragukan_days:
            return Kolektibilitas.KURANG_LANCAR
        covered = collateral * 100 >= self.collateral_cover * outstanding
        if days_past_due <= self.macet_days and covered:
            return Kolektibilitas.DIRAGUKAN
        return Kolektibilitas.MACET

    def grade(self, ratio_percent: Decimal) -> Health:
        """The portfolio's health from its problem-loan ratio: a limit itself belongs to the
        better grade (exactly 5 % is still sehat)."""
        sehat, cukup, kurang = self.health_limits
        if ratio_percent <= sehat:
            return Health.SEHAT
        if ratio_percent <= cukup:
            return Health.CUKUP_SEHAT
        if ratio_percent <= kurang:
            return Health.KURANG_SEHAT
        return Health.TIDAK_SEHAT


def load_policy(session: Session) -> Policy:
    days = THRESHOLDS.get(session)
    pct = ALLOWANCE_PERCENT.get(session)
    limits = HEALTH_LIMITS.get(session)
    default = Policy()
    return Policy(
        kurang_lancar_days=int(days.get("kurang_lancar", default.kurang_lancar_days)),
        diragukan_days=int(days.get("diragukan", default.diragukan_days)),
        macet_days=int(days.get("macet", default.macet_days)),
        collateral_cover=Decimal(str(days.get("collateral_cover", default.collateral_cover))),
        allowance=tuple((k, Decimal(str(pct.get(k.value, default.allowance_percent(k)))))
                        for k in Kolektibilitas),
        health_limits=(Decimal(limits.get("sehat", "5")), Decimal(limits.get("cukup_sehat", "10")),
                       Decimal(limits.get("kurang_sehat", "15"))),
        max_rate=Decimal(MAX_RATE.get(session)),
    )


def policy_problems(p: Policy) -> list[Problem]:
    problems = []
    if not 0 <= p.kurang_lancar_days < p.diragukan_days < p.macet_days:
        problems.append(Problem(_("The days must grow: kurang lancar < diragukan < macet."),
                                column="days"))
    if not 0 <= p.collateral_cover <= 100:
        problems.append(Problem(_("Collateral cover is a percentage from 0 to 100."),
                                column="collateral_cover"))
    for kol, pct in p.allowance:
        if not 0 <= pct <= 100:
            problems.append(Problem(_("The allowance for {kol} must be from 0 to 100 %.").format(
                kol=_(KOL_LABELS[kol])), column=kol.value))
    if [pct for _k, pct in p.allowance] != sorted(pct for _k, pct in p.allowance):
        problems.append(Problem(_("A worse class cannot have a smaller allowance."),
                                column="allowance"))
    a, b, c = p.health_limits
    if not 0 <= a < b < c <= 100:
        problems.append(Problem(_("The health limits must grow and lie between 0 and 100 %."),
                                column="health"))
    if not 0 < p.max_rate <= 100:
        problems.append(Problem(_("The rate limit must be above 0 and at most 100 % per month."),
                                column="max_rate"))
    return problems


def save_policy(session: Session, p: Policy) -> Policy:
    """Store the cooperative's loan rules (each change audited by the settings module)."""
    require(session, Capability.SETTINGS)
    problems = policy_problems(p)
    if problems:
        raise ValidationError(_("The loan rules were not saved."), problems)
    days: dict[str, Any] = {"kurang_lancar": p.kurang_lancar_days, "diragukan": p.diragukan_days,
                            "macet": p.macet_days, "collateral_cover": str(p.collateral_cover)}
    THRESHOLDS.put(session, days)
    ALLOWANCE_PERCENT.put(session, {k.value: str(v) for k, v in p.allowance})
    names = ("sehat", "cukup_sehat", "kurang_sehat")
    HEALTH_LIMITS.put(session, {n: str(v) for n, v in zip(names, p.health_limits, strict=True)})
    MAX_RATE.put(session, str(p.max_rate))
    return load_policy(session)
