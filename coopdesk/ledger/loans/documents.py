"""A loan's papers from the book: gathers what the builders need, checks who may see it, and
returns PDF bytes (the screen previews and prints them, the command line writes them)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from coopdesk.access import Capability, actor_of, require
from coopdesk.errors import UserError
from coopdesk.i18n import _
from coopdesk.ledger import receipts
from coopdesk.ledger.loans import printing, reports
from coopdesk.ledger.loans.lifecycle import planned_schedule
from coopdesk.ledger.loans.position import Arrears
from coopdesk.ledger.loans.quality import arrears, loan_quality
from coopdesk.ledger.loans.schedule import Instalment, Schedule
from coopdesk.ledger.loans.views import LoanView, get_loan, loan_detail
from coopdesk.members.models import Member
from coopdesk.pdf import Letterhead

KINDS = ("agreement", "schedule", "statement")


def loan_schedule(session: Session, loan: LoanView) -> Schedule:
    """The loan's schedule as it stands: the current version once paid out, else the plan."""
    detail = loan_detail(session, loan.id)
    rows = detail.current
    if not rows:
        return planned_schedule(loan)
    balance = sum(r.principal for r in rows)
    out = []
    for r in rows:
        balance -= r.principal
        out.append(Instalment(r.no, r.due_date, r.principal, r.interest, balance))
    t = loan.terms
    return Schedule(sum(r.principal for r in rows), t.rate, len(rows), t.method, t.frequency,
                    loan.start_date or rows[0].due_date, tuple(out))


def agreement(session: Session, ref: str | int) -> bytes:
    loan = get_loan(session, ref)
    member = session.get(Member, loan.member_id)
    assert member is not None
    nik = member.nik or "" if actor_of(session).can(Capability.SENSITIVE) else ""
    address = ", ".join(p for p in (member.address, member.village, member.district) if p)
    data = printing.AgreementData(
        loan=loan, schedule=loan_schedule(session, loan),
        borrower=printing.Party(member.name, member.member_no, address, nik),
        place=receipts.RECEIPT_PLACE.get(session),
        stamp_above=receipts.STAMP_DUTY_THRESHOLD.get(session),
        stamp_label=receipts.STAMP_DUTY_LABEL.get(session))
    return printing.agreement_pdf(data, Letterhead.from_book(session))


def schedule(session: Session, ref: str | int) -> bytes:
    loan = get_loan(session, ref)
    return printing.schedule_pdf(loan_schedule(session, loan), Letterhead.from_book(session),
                                 loan=loan)


def statement(session: Session, ref: str | int, as_of: date | None = None) -> bytes:
    day = as_of or date.today()
    detail = loan_detail(session, ref, day)
    row = next(iter(arrears(session, day, loan_ids=[detail.loan.id])), None)
    late = None
    if row is not None:
        late = Arrears(row.overdue_principal, row.overdue_interest, row.penalty,
                       row.days_past_due, row.oldest_due)
    return reports.statement_pdf(detail, Letterhead.from_book(session), late,
                                 row.kolektibilitas if row else None)


def arrears_report(session: Session, as_of: date) -> bytes:
    quality, rows = loan_quality(session, as_of)
    late = [r for r in rows if r.days_past_due > 0]
    return reports.arrears_pdf(quality, late, Letterhead.from_book(session))


def document(session: Session, kind: str, ref: str | int, as_of: date | None = None) -> bytes:
    require(session, Capability.READ)
    if kind == "agreement":
        return agreement(session, ref)
    if kind == "schedule":
        return schedule(session, ref)
    if kind == "statement":
        return statement(session, ref, as_of)
    raise UserError(_("There is no loan paper called “{kind}”.").format(kind=kind))

