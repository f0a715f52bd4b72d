"""Demo step: members from the villages of Banyumas, most of them women, many former migrants."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from coopdesk.demo import DemoPlan
from coopdesk.demo.people import DISTRICT_CODES, DISTRICTS, FAMILY, MEN, WOMEN
from coopdesk.members.models import Member

EDUCATION = ("SD", "SD", "SMP", "SMP", "SMP", "SMA", "SMK", "D3", "S1", "NONE")


def run(session: Session, plan: DemoPlan) -> None:
    rng = plan.rng
    rows = []
    start = date(plan.first_year, 1, 1)
    span = max((plan.today - start).days - 30, 1)
    for n in range(1, plan.members + 1):
        woman = rng.random() < 0.72
        given = rng.choice(WOMEN if woman else MEN)
        name = f"{given} {rng.choice(FAMILY)}"
        district = rng.choice(sorted(DISTRICTS))
        village = rng.choice(DISTRICTS[district])
        birth = date(rng.randint(1968, 2002), rng.randint(1, 12), rng.randint(1, 28))
        day = birth.day + (40 if woman else 0)
        nik = (f"3302{DISTRICT_CODES[district]}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
               f"{rng.randint(1, 9999):04d}")
        # The founders join in the first weeks; the rest over the years.
        joined = start + timedelta(days=rng.randint(0, 20) if n <= plan.members // 3
                                   else rng.randint(0, span))
        rows.append({
            "member_no": f"A{n:05d}", "name": name, "nik": nik, "gender": "P" if woman else "L",
            "birth_date": birth, "village": village, "district": district,
            "address": f"RT {rng.randint(1, 9):02d} RW {rng.randint(1, 6):02d}, {village}",
            "phone": f"08{rng.randint(1, 9)}{rng.randint(10_000_000, 99_999_999)}",
            "education": rng.choice(EDUCATION), "joined_on": joined, "status": "anggota",
            "migrant_status": rng.choice(("returned", "returned", "family", "abroad", "none")),
        })
    ids = session.scalars(insert(Member).returning(Member.id, sort_by_parameter_order=True), rows)
    plan.member_ids = list(ids)
    plan.counts["members"] = len(plan.member_ids)
