"""Demo step: the cooperative itself."""

from __future__ import annotations

from sqlalchemy.orm import Session

from coopdesk.demo import DemoPlan
from coopdesk.ledger.setup import Cooperative, create_cooperative

DEMO_COOP = Cooperative(
    name="Koperasi Desa Migran Produktif Sejahtera",
    address="Jl. Raya Sumpiuh No. 17, Kuntili, Sumpiuh, Banyumas, Jawa Tengah 53195",
    phone="0281-000000",
    legal_no="AHU-0001234.AH.01.29.TAHUN 2024",
)


def run(session: Session, plan: DemoPlan) -> None:
    create_cooperative(session, DEMO_COOP, first_year=plan.first_year)
