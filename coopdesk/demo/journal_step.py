"""Demo step: a cooperative's ordinary year in the journal — members' savings, a grant, costs."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from coopdesk.demo import DemoPlan
from coopdesk.ledger import journal
from coopdesk.ledger.journal import NewEntry, credit, debit
from coopdesk.members.models import Member

POKOK = 200_000
WAJIB = 10_000


def run(session: Session, plan: DemoPlan) -> None:
    rng = plan.rng
    entries: list[NewEntry] = []
    start = date(plan.first_year, 1, 2)
    entries.append(NewEntry(start, "Hibah modal awal dari Pemerintah Desa",
                            (debit("bank", 25_000_000), credit("equity.grants", 25_000_000)),
                            source="opening"))
    members = session.execute(
        select(Member.id, Member.member_no, Member.joined_on).where(
            Member.id.in_(plan.member_ids))
    ).all()
    for m in members:
        joined = m.joined_on or start
        entries.append(NewEntry(joined, f"Simpanan pokok {m.member_no}", (
            debit("cash", POKOK), credit("savings.pokok", POKOK, member_id=m.id)),
            source="savings"))
        month = date(joined.year, joined.month, 10)
        while month <= plan.today:
            if rng.random() < 0.9:
                entries.append(NewEntry(month, f"Simpanan wajib {m.member_no}", (
                    debit("cash", WAJIB), credit("savings.wajib", WAJIB, member_id=m.id)),
                    source="savings"))
            if rng.random() < 0.15:
                amount = rng.choice((50_000, 100_000, 250_000, 500_000, 1_000_000))
                entries.append(NewEntry(month + relativedelta(days=rng.randint(0, 15)),
                                        f"Simpanan sukarela {m.member_no}", (
                    debit("cash", amount), credit("savings.sukarela", amount, member_id=m.id)),
                    source="savings"))
            month += relativedelta(months=1)
    month = start
    while month <= plan.today:
        entries.append(NewEntry(month + relativedelta(days=24), "Honor pengurus", (
            debit("expense.salaries", 600_000), credit("cash", 600_000))))
        supplies = rng.randint(5, 20) * 10_000
        entries.append(NewEntry(month + relativedelta(days=5), "Alat tulis kantor", (
            debit("expense.office", supplies), credit("cash", supplies))))
        month += relativedelta(months=1)
    dated = sorted((e for e in entries if e.date <= plan.today), key=lambda e: e.date)
    journal.post_entries(session, dated)
    plan.counts["entries"] = len(dated)
