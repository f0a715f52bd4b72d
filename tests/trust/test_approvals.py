"""Separation of duties: a large payment needs a second person, who may not be the payer."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coopdesk import users
from coopdesk.access import Actor
from coopdesk.book import Book
from coopdesk.errors import PermissionDenied, UserError
from coopdesk.users import LOAN_DISBURSEMENT, WITHDRAWAL, ApprovalRequired
from tests.trust.conftest import ADMIN


def _turn_on(book: Book, admin: Actor, *, withdrawal_above: int = 1_000_000,
             loan_above: int = 0) -> None:
    def change(s: Session) -> None:
        users.SEPARATION_OF_DUTIES.put(s, True)
        users.APPROVAL_WITHDRAWAL_ABOVE.put(s, withdrawal_above)
        users.APPROVAL_LOAN_ABOVE.put(s, loan_above)

    book.write(change, actor=admin)


def _pay(book: Book, payer: Actor, kind: str, subject: str, amount: int
         ) -> users.ApprovalView | None:
    return book.write(lambda s: users.require_approval(s, kind, subject=subject, amount=amount),
                      actor=payer)


def test_nothing_is_asked_while_separation_of_duties_is_off(book: Book,
                                                            staff: dict[str, Actor]) -> None:
    assert _pay(book, staff["bendahara"], LOAN_DISBURSEMENT, "loan:1", 50_000_000) is None


def test_a_loan_needs_a_second_person_who_is_not_the_payer(book: Book,
                                                          staff: dict[str, Actor]) -> None:
    _turn_on(book, staff[ADMIN])
    treasurer, chair = staff["bendahara"], staff["ketua"]
    with pytest.raises(ApprovalRequired, match="second person") as info:
        _pay(book, treasurer, LOAN_DISBURSEMENT, "loan:7", 5_000_000)
    need = info.value
    request = book.write(lambda s: users.request_approval(s, need.kind, need.subject,
                                                          need.amount, "Pinjaman Bu Sri"),
                         actor=treasurer)
    with pytest.raises(ApprovalRequired, match=f"Request {request.id} is waiting"):
        _pay(book, treasurer, LOAN_DISBURSEMENT, "loan:7", 5_000_000)
    with pytest.raises(PermissionDenied, match="your own request"):
        book.write(lambda s: users.approve(s, request.id), actor=treasurer)
    book.write(lambda s: users.approve(s, request.id), actor=chair)
    # The approver cannot pay it out themselves: maker and checker stay two people.
    with pytest.raises(ApprovalRequired):
        _pay(book, chair, LOAN_DISBURSEMENT, "loan:7", 5_000_000)
    used = _pay(book, treasurer, LOAN_DISBURSEMENT, "loan:7", 5_000_000)
    assert used is not None and (used.id, used.status, used.used_by) == (request.id, "used",
                                                                         "bendahara")
    with pytest.raises(ApprovalRequired):  # one approval, one payment
        _pay(book, treasurer, LOAN_DISBURSEMENT, "loan:7", 5_000_000)


def test_an_approval_covers_only_its_own_subject_and_amount(book: Book,
                                                           staff: dict[str, Actor]) -> None:
    _turn_on(book, staff[ADMIN])
    treasurer, chair = staff["bendahara"], staff["ketua"]
    req = book.write(lambda s: users.request_approval(s, WITHDRAWAL, "member:A-0001",
                                                      2_000_000), actor=treasurer)
    book.write(lambda s: users.approve(s, req.id), actor=chair)
    with pytest.raises(ApprovalRequired):
        _pay(book, treasurer, WITHDRAWAL, "member:A-0002", 2_000_000)
    with pytest.raises(ApprovalRequired):
        _pay(book, treasurer, WITHDRAWAL, "member:A-0001", 2_000_001)
    with pytest.raises(ApprovalRequired):
        _pay(book, treasurer, LOAN_DISBURSEMENT, "member:A-0001", 2_000_000)
    assert _pay(book, treasurer, WITHDRAWAL, "member:A-0001", 1_500_000) is not None


def test_a_payment_that_fails_later_leaves_the_approval_unused(book: Book,
                                                               staff: dict[str, Actor]) -> None:
    _turn_on(book, staff[ADMIN])
    treasurer = staff["bendahara"]
    req = book.write(lambda s: users.request_approval(s, LOAN_DISBURSEMENT, "loan:9", 900_000),
                     actor=treasurer)
    book.write(lambda s: users.approve(s, req.id), actor=staff["ketua"])

    def pay_then_fail(s: Session) -> None:
        users.require_approval(s, LOAN_DISBURSEMENT, subject="loan:9", amount=900_000)
        raise UserError("the cash box is short")

    with pytest.raises(UserError, match="cash box"):
        book.write(pay_then_fail, actor=treasurer)
    assert _pay(book, treasurer, LOAN_DISBURSEMENT, "loan:9", 900_000) is not None


def test_a_rejection_needs_a_reason_and_is_final(book: Book, staff: dict[str, Actor]) -> None:
    _turn_on(book, staff[ADMIN])
    req = book.write(lambda s: users.request_approval(s, LOAN_DISBURSEMENT, "loan:3", 10_000),
                     actor=staff["bendahara"])
    with pytest.raises(UserError, match="why"):
        book.write(lambda s: users.reject(s, req.id, "  "), actor=staff["ketua"])
    book.write(lambda s: users.reject(s, req.id, "agunan kurang"), actor=staff["ketua"])
    with pytest.raises(UserError, match="already been decided"):
        book.write(lambda s: users.approve(s, req.id), actor=staff[ADMIN])
    with pytest.raises(ApprovalRequired):
        _pay(book, staff["bendahara"], LOAN_DISBURSEMENT, "loan:3", 10_000)


@pytest.mark.parametrize("name", ["pengawas", "operator", "readonly"])
def test_roles_without_money_neither_ask_nor_approve(book: Book, staff: dict[str, Actor],
                                                     name: str) -> None:
    _turn_on(book, staff[ADMIN])
    with pytest.raises(PermissionDenied):
        book.write(lambda s: users.request_approval(s, WITHDRAWAL, "member:1", 5_000_000),
                   actor=staff[name])
    req = book.write(lambda s: users.request_approval(s, WITHDRAWAL, "member:1", 5_000_000),
                     actor=staff["bendahara"])
    with pytest.raises(PermissionDenied):
        book.write(lambda s: users.approve(s, req.id), actor=staff[name])


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=st.integers(1, 10**12), limit=st.integers(0, 10**12), on=st.booleans())
def test_withdrawals_need_approval_exactly_above_the_limit(book: Book, amount: int, limit: int,
                                                           on: bool) -> None:
    with book.transaction() as s:
        users.SEPARATION_OF_DUTIES.put(s, on)
        users.APPROVAL_WITHDRAWAL_ABOVE.put(s, limit)
        assert users.approval_needed(s, WITHDRAWAL, amount) == (on and amount > limit)
        # Loans have their own limit (0 by default: every loan, once it is on).
        assert users.approval_needed(s, LOAN_DISBURSEMENT, amount) == on
