"""A loan's life told as stories: apply, approve, pay out, repay, close — and the refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from coopdesk.access import Actor, Role
from coopdesk.book import Book
from coopdesk.errors import NotFound, PermissionDenied, UserError, ValidationError
from coopdesk.ledger import journal, receipts, reports
from coopdesk.ledger.loans import lifecycle, products, repayments, views
from coopdesk.ledger.loans.products import Terms
from coopdesk.ledger.loans.schedule import Method
from coopdesk.members.models import Member
from coopdesk.users import SEPARATION_OF_DUTIES, ApprovalRequired
from tests.loans.conftest import balances, fingerprint, new_loan

SITI = Actor("siti", Role.OPERATOR)
BUDI = Actor("budi", Role.BENDAHARA)
ANI = Actor("ani", Role.KETUA)


def test_a_loan_from_application_to_paid_off_keeps_the_books_balanced(coop: Book) -> None:
    loan = new_loan(coop, principal=12_000_000, term=12)
    assert loan.status == "active" and loan.disbursed_on == date(2025, 1, 31)
    with coop.read() as s:
        plan = views.loan_detail(s, loan.id).current
    assert [i.due_date for i in plan][:2] == [date(2025, 2, 28), date(2025, 3, 31)]
    for i in plan:
        with coop.transaction() as s:
            r = repayments.repay(s, loan.id, i.amount, on=i.due_date)
    assert r.closed and r.outstanding == 0
    with coop.read() as s:
        done = views.get_loan(s, loan.id)
        tb = reports.trial_balance(s, date(2026, 12, 31))
    assert done.status == "closed" and done.closed_on == date(2026, 1, 31)
    assert tb.balanced
    b = balances(coop)
    assert "loans.receivable" not in b  # lent 12 M, repaid 12 M
    assert b["income.loan_interest"] == -2_160_000  # 12 × 180.000
    assert b["income.loan_fees"] == -120_000  # 1 % deducted at payout
    assert b["cash"] == -12_000_000 + 120_000 + 12_000_000 + 2_160_000


def test_one_entry_per_money_event_with_the_member_on_every_line_that_concerns_them(
        coop: Book) -> None:
    loan = new_loan(coop, principal=6_000_000, term=6)
    with coop.transaction() as s:
        repayments.repay(s, loan.id, 500_000, on=date(2025, 3, 10))
    with coop.read() as s:
        events = views.loan_detail(s, loan.id).events
        entries = [journal.get_entry(s, e.entry_id) for e in events if e.entry_id]
        member_id = s.scalar(select(Member.id).where(Member.member_no == "A001"))
    assert [e.kind for e in events] == ["applied", "approved", "disbursed", "repayment"]
    assert len(entries) == 2
    for entry in entries:
        assert entry.source == "loan" and entry.source_ref == loan.loan_no
        for line in entry.lines:
            concerns_member = line.account_code in ("1120", "4101", "4102", "4103")
            assert (line.member_id == member_id) == concerns_member, line


def test_disbursement_with_the_fee_paid_in_cash(coop: Book) -> None:
    loan = new_loan(coop, product="Anuitas", principal=10_000_000, term=10)
    with coop.read() as s:
        event = next(e for e in views.loan_detail(s, loan.id).events if e.kind == "disbursed")
        entry = journal.get_entry(s, event.entry_id or 0)
        receipt = receipts.receipt_for_entry(s, entry.id)
    assert sorted((ln.account_code, ln.amount) for ln in entry.lines) == [
        ("1101", -10_000_000), ("1101", 200_000), ("1120", 10_000_000), ("4102", -200_000)]
    assert receipt is not None and receipt.direction == "out" and receipt.total == 9_800_000
    assert [(ln.amount) for ln in receipt.lines] == [10_000_000, -200_000]


def test_the_receipt_of_a_repayment_shows_the_split(coop: Book) -> None:
    loan = new_loan(coop)
    with coop.transaction() as s:
        r = repayments.repay(s, loan.id, 1_500_000, on=date(2025, 4, 8))
    with coop.read() as s:
        receipt = receipts.get_receipt(s, r.receipt_id)
    assert receipt.number == r.receipt_no and receipt.total == 1_500_000
    labels = [(ln.label, ln.amount) for ln in receipt.lines]
    assert labels[0][0].startswith("Penalty") and labels[1][0].startswith("Interest")
    assert labels[2][0].startswith("Principal")
    assert sum(a for _l, a in labels) == 1_500_000


def test_the_terms_are_copied_so_changing_the_product_later_changes_no_loan(
        coop: Book) -> None:
    loan = new_loan(coop, disburse=False)
    with coop.transaction() as s:
        products.update_product(s, "Modal Usaha", terms=Terms(Method.DECLINING, Decimal(3)))
    with coop.read() as s:
        again = views.get_loan(s, loan.id)
    assert again.terms.rate == Decimal("1.5") and again.terms.method == Method.FLAT


# --- approval and separation of duties ---------------------------------------------------------


def _apply(book: Book, actor: Actor = SITI) -> int:
    with book.transaction(actor) as s:
        return lifecycle.apply_for_loan(s, member_no="A002", product="Modal Usaha",
                                        principal=3_000_000, term=6,
                                        applied_on=date(2025, 2, 1)).id


def test_with_separation_of_duties_the_applicant_cannot_approve(coop: Book) -> None:
    with coop.transaction() as s:
        SEPARATION_OF_DUTIES.put(s, True)
    loan_id = _apply(coop, BUDI)
    with pytest.raises(PermissionDenied, match="another person"), \
            coop.transaction(BUDI) as s:
        lifecycle.approve_loan(s, loan_id, on=date(2025, 2, 2))
    with coop.transaction(ANI) as s:
        approved = lifecycle.approve_loan(s, loan_id, on=date(2025, 2, 2))
    assert approved.approved_by == "ani" and approved.applied_by == "budi"
    with coop.transaction(BUDI) as s:  # the checker approved; the maker may pay out
        assert lifecycle.disburse(s, loan_id, on=date(2025, 2, 3)).status == "active"


def test_with_separation_of_duties_the_approver_cannot_pay_out_alone(coop: Book) -> None:
    with coop.transaction() as s:
        SEPARATION_OF_DUTIES.put(s, True)
    loan_id = _apply(coop)
    with coop.transaction(ANI) as s:
        lifecycle.approve_loan(s, loan_id, on=date(2025, 2, 2))
    with pytest.raises(ApprovalRequired), coop.transaction(ANI) as s:
        lifecycle.disburse(s, loan_id, on=date(2025, 2, 3))


def test_without_separation_one_person_may_do_it_all(coop: Book) -> None:
    loan_id = _apply(coop, BUDI)
    with coop.transaction(BUDI) as s:
        lifecycle.approve_loan(s, loan_id, on=date(2025, 2, 1))
        assert lifecycle.disburse(s, loan_id, on=date(2025, 2, 1)).status == "active"


def test_roles_are_checked_in_the_services(coop: Book) -> None:
    loan_id = _apply(coop)  # an operator may enter an application
    with pytest.raises(PermissionDenied), coop.transaction(SITI) as s:
        lifecycle.approve_loan(s, loan_id)
    with coop.transaction() as s:
        lifecycle.approve_loan(s, loan_id, on=date(2025, 2, 1))
    with pytest.raises(PermissionDenied), coop.transaction(SITI) as s:
        lifecycle.disburse(s, loan_id, on=date(2025, 2, 1))
    reader = Actor("rina", Role.READONLY)
    with pytest.raises(PermissionDenied), coop.transaction(reader) as s:
        lifecycle.apply_for_loan(s, member_no="A001", product="Efektif", principal=1_000_000,
                                 term=2)


def test_rejected_and_cancelled_applications_keep_their_reason(coop: Book) -> None:
    a, b = _apply(coop), _apply(coop)
    with coop.transaction() as s:
        lifecycle.reject_loan(s, a, reason="Usaha belum jelas", on=date(2025, 2, 3))
        lifecycle.cancel_loan(s, b, reason="Anggota membatalkan", on=date(2025, 2, 3))
    with coop.read() as s:
        assert views.get_loan(s, a).status == "rejected"
        assert views.loan_detail(s, b).events[-1].note == "Anggota membatalkan"
    with pytest.raises(UserError, match="rejected"), coop.transaction() as s:
        lifecycle.disburse(s, a)
    c = _apply(coop)  # its own transaction: on PostgreSQL writers queue, so never nest them
    with pytest.raises(UserError, match="reason"), coop.transaction() as s:
        lifecycle.reject_loan(s, c, reason="  ")


def test_every_action_is_audited(coop: Book) -> None:
    new_loan(coop)
    with coop.read() as s:
        actions = set(s.scalars(text("SELECT action FROM audit_log WHERE action LIKE 'loans.%'")))
    assert {"loans.apply", "loans.approve", "loans.disburse"} <= actions


# --- bad input changes nothing ------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "message"), [
    ({"principal": 0}, "more than zero"),
    ({"principal": -1_000_000}, "more than zero"),
    ({"term": 0}, "at least 1 instalment"),
    ({"term": 200}, "lends for 1 to 120"),
    ({"member_no": "Z999"}, "no member"),
    ({"product": "Tidak Ada"}, "no loan product"),
    ({"principal": 5_000, "term": 12}, "too small"),
])
def test_bad_applications_are_refused_and_change_nothing(coop: Book, changes: dict[str, object],
                                                         message: str) -> None:
    before = fingerprint(coop)
    args: dict[str, object] = {"member_no": "A001", "product": "Modal Usaha",
                               "principal": 2_000_000, "term": 6}
    args.update(changes)
    with pytest.raises((UserError, NotFound)) as info, coop.transaction() as s:
        lifecycle.apply_for_loan(s, **args)  # type: ignore[arg-type]
    assert message in str(info.value)
    assert fingerprint(coop) == before


def test_a_candidate_member_cannot_borrow(coop: Book) -> None:
    with coop.transaction() as s:
        s.add(Member(member_no="C001", name="Calon", status="calon"))
    with pytest.raises(UserError, match="not a full member"), coop.transaction() as s:
        lifecycle.apply_for_loan(s, member_no="C001", product="Modal Usaha",
                                 principal=1_000_000, term=2)


@pytest.mark.parametrize(("terms", "message"), [
    (Terms(Method.FLAT, Decimal(9)), "from 0 to 5%"),
    (Terms(Method.FLAT, Decimal("0.1")), "at least 0.25%"),
    (Terms(Method.FLAT, Decimal(1), fee_rate=Decimal(15)), "fee"),
    (Terms(Method.FLAT, Decimal(1), allocation_order=("interest", "principal")), "order"),
    (Terms(Method.FLAT, Decimal(1), penalty_rate=Decimal(5)), "daily penalty"),
])
def test_a_product_with_insane_terms_is_refused(coop: Book, terms: Terms, message: str) -> None:
    with pytest.raises(ValidationError) as info, coop.transaction() as s:
        products.add_product(s, "Aneh", terms)
    assert message in str(info.value)
    with coop.read() as s:
        assert "Aneh" not in [p.name for p in products.list_products(s)]


def test_product_names_are_unique(coop: Book) -> None:
    with pytest.raises(ValidationError, match="already a product"), coop.transaction() as s:
        products.add_product(s, " Modal  Usaha ", Terms(Method.FLAT, Decimal(1)))
