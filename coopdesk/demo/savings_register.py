"""Demo step: the members' stays abroad and their households (the village's migrant register).

Most members are former migrant workers or their families: they went to Hong Kong and Taiwan as
domestic and care workers, to Malaysia's plantations, to factories in South Korea and Japan, to
Singapore and Saudi Arabia, often more than once. Members abroad now left children with a
grandparent or the other parent. Written with bulk inserts; deterministic by seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from coopdesk.db import utcnow
from coopdesk.demo import DemoPlan
from coopdesk.demo.people import FAMILY, MEN, WOMEN
from coopdesk.members.models import HouseholdPerson, Member, Placement

# (country, weight, share of informal work, jobs informal, jobs formal)
DESTINATIONS = (
    ("HK", 30, 0.97, ("Pekerja rumah tangga", "Perawat lansia"), ("Staf restoran",)),
    ("TW", 24, 0.8, ("Perawat lansia", "Pekerja rumah tangga"),
     ("Operator pabrik", "Anak buah kapal")),
    ("MY", 16, 0.4, ("Pekerja rumah tangga",),
     ("Buruh perkebunan sawit", "Pekerja konstruksi", "Operator pabrik")),
    ("SG", 8, 0.9, ("Pekerja rumah tangga", "Pengasuh anak"), ("Staf hotel",)),
    ("SA", 7, 0.95, ("Pekerja rumah tangga", "Sopir keluarga"), ("Staf rumah sakit",)),
    ("KR", 6, 0.0, (), ("Operator pabrik", "Anak buah kapal", "Pekerja pertanian")),
    ("JP", 5, 0.0, (), ("Peserta magang pabrik", "Perawat (kaigo)", "Pekerja pertanian")),
    ("BN", 2, 0.6, ("Pekerja rumah tangga",), ("Pekerja konstruksi",)),
    ("AE", 2, 0.9, ("Pekerja rumah tangga",), ("Staf hotel",)),
)
AGENCIES = ("PT Bina Karya Migran", "PT Sinar Jaya Abadi", "PT Duta Putra Banyumas",
            "PT Amanah Citra Mandiri", "PT Karya Insani Sejahtera", "LTSA Banyumas (G to G)")
CAREGIVERS = (("grandparent", 50), ("father", 18), ("mother", 12), ("relative", 14),
              ("sibling", 4), ("boarding", 2))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _w in weighted], [w for _k, w in weighted])[0]


def _school_level(age: int) -> str:
    if age < 4:
        return "none"
    if age < 7:
        return "paud"
    if age < 13:
        return "sd"
    if age < 16:
        return "smp"
    if age < 19:
        return "sma"
    return "done"


def run(session: Session, plan: DemoPlan) -> None:
    rng = random.Random(plan.seed * 7919 + 3)
    members = session.execute(
        select(Member.id, Member.gender, Member.birth_date, Member.migrant_status)
        .where(Member.id.in_(plan.member_ids)).order_by(Member.id)).all()
    placements: list[dict[str, object]] = []
    people: list[dict[str, object]] = []
    status_changes: list[dict[str, object]] = []
    now = utcnow()
    for m in members:
        status = m.migrant_status
        if status == "none" and rng.random() < 0.08:
            status = "prospective"
        stays = _stays(rng, m.birth_date, status, plan.today)
        placements += [{**p, "member_id": m.id, "created_at": now} for p in stays]
        if status != m.migrant_status:
            status_changes.append({"member_id": m.id, "new_status": status})
        abroad = status == "abroad"
        people += [{**p, "member_id": m.id, "created_at": now}
                   for p in _household(rng, m.gender, m.birth_date, abroad, plan.today)]
    if placements:
        session.execute(insert(Placement), placements)
    if people:
        session.execute(insert(HouseholdPerson), people)
    for change in status_changes:
        session.execute(update(Member).where(Member.id == change["member_id"])
                        .values(migrant_status=change["new_status"]))
    plan.counts["placements"] = len(placements)
    plan.counts["household"] = len(people)


def _stays(rng: random.Random, born: date, status: str, today: date) -> list[dict[str, object]]:
    """Placements from the most recent back in time, none before the age of 19."""
    if status in ("none", "family"):
        return []
    if status == "prospective":
        return [_stay(rng, _destination(rng), today + timedelta(days=rng.randint(20, 150)), None)]
    earliest = date(born.year + 19, born.month, 1)
    stays: list[dict[str, object]] = []
    if status == "abroad":
        departure = today - timedelta(days=rng.randint(60, 1400))
        returned: date | None = None
    else:
        returned = today - timedelta(days=rng.randint(30, 900))
        departure = returned - timedelta(days=_length(rng))
    for _i in range(rng.choices((1, 2, 3), (55, 33, 12))[0]):
        if departure < earliest:
            break
        stays.append(_stay(rng, _destination(rng), departure, returned))
        returned = departure - timedelta(days=rng.randint(90, 700))
        departure = returned - timedelta(days=_length(rng))
    return stays


def _length(rng: random.Random) -> int:
    return rng.choice((2, 2, 2, 3, 4)) * 365 + rng.randint(-20, 40)


def _stay(rng: random.Random, where: tuple[str, str, str], departure: date,
          returned: date | None) -> dict[str, object]:
    country, sector, job = where
    return {"country": country, "sector": sector, "job": job, "departure_date": departure,
            "return_date": returned, "agency": rng.choice(AGENCIES), "has_passport": True,
            "has_contract": rng.random() < 0.85, "has_insurance": rng.random() < 0.7}


def _destination(rng: random.Random) -> tuple[str, str, str]:
    row = rng.choices(DESTINATIONS, [d[1] for d in DESTINATIONS])[0]
    country, _weight, informal_share, informal_jobs, formal_jobs = row
    informal = rng.random() < informal_share and bool(informal_jobs)
    job = rng.choice(informal_jobs if informal else formal_jobs)
    return country, "informal" if informal else "formal", job


def _household(rng: random.Random, gender: str | None, born: date, abroad: bool, today: date
               ) -> list[dict[str, object]]:
    people: list[dict[str, object]] = []
    family_name = rng.choice(FAMILY)
    if rng.random() < 0.68:
        spouse_is_man = gender == "P"
        people.append({
            "relation": "spouse", "name": f"{rng.choice(MEN if spouse_is_man else WOMEN)} "
                                          f"{family_name}",
            "gender": "L" if spouse_is_man else "P",
            "birth_date": date(born.year + rng.randint(-5, 3), rng.randint(1, 12),
                               rng.randint(1, 28)),
        })
    for _n in range(rng.choices((0, 1, 2, 3), (25, 35, 28, 12))[0]):
        child_born = date(max(born.year + rng.randint(20, 38), today.year - 25),
                          rng.randint(1, 12), rng.randint(1, 28))
        if child_born >= today:
            continue
        girl = rng.random() < 0.5
        age = today.year - child_born.year
        caregiver = _pick(rng, CAREGIVERS) if abroad and age < 18 else None
        people.append({
            "relation": "child", "name": f"{rng.choice(WOMEN if girl else MEN)} {family_name}",
            "gender": "P" if girl else "L", "birth_date": child_born,
            "school_level": _school_level(age), "caregiver": caregiver,
            "caregiver_name": (f"{rng.choice(WOMEN)} {rng.choice(FAMILY)}"
                               if caregiver == "grandparent" else None),
        })
    return people
