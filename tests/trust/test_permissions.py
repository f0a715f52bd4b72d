"""The permission table: every service action tried by every role, on the demo cooperative.

`POLICY` below is the policy written out by hand (who may do what); `ROLE_CAPABILITIES` in
`coopdesk.access` must say the same. Each action in `ACTIONS` names the capabilities it needs;
a role holding them all must get past the permission check, any other must be refused with
`PermissionDenied` — by the service itself, whatever the screen shows. Every attempt runs in its
own transaction and is rolled back, so the actions do not depend on one another."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from coopdesk import audit, settings, users
from coopdesk.access import ADMIN_CAPABILITIES, ROLE_CAPABILITIES, Actor, Capability, Role
from coopdesk.book import Book
from coopdesk.demo import DemoPlan, build_demo
from coopdesk.errors import PermissionDenied, UserError
from tests.trust.conftest import Figures, add_role_users

C = Capability
TODAY = date(2026, 6, 30)

# The policy, by hand: R read, G register, M money, A approve, S sensitive, T audit trail,
# E settings, C close periods, B backups (U users and X restore: the administrator only).
POLICY = """
            R G M A S T E C B
ketua       x x x x x x x x x
bendahara   x x x x x . . x x
pengawas    x . . . x x . . x
operator    x x . . x . . . x
readonly    x . . . . . . . .
"""
LETTERS = {"R": C.READ, "G": C.REGISTER, "M": C.MONEY, "A": C.APPROVE, "S": C.SENSITIVE,
           "T": C.AUDIT, "E": C.SETTINGS, "C": C.CLOSE, "B": C.BACKUP}


def _policy() -> dict[Role, frozenset[Capability]]:
    header, *rows = [line.split() for line in POLICY.strip().splitlines()]
    return {Role(r[0]): frozenset(LETTERS[h] for h, mark in zip(header, r[1:], strict=True)
                                  if mark == "x") for r in rows}


def test_the_roles_grant_what_the_policy_says() -> None:
    assert _policy() == ROLE_CAPABILITIES
    assert frozenset({C.USERS, C.SETTINGS, C.RESTORE}) == ADMIN_CAPABILITIES
    assert all(C.USERS not in caps and C.RESTORE not in caps
               for caps in ROLE_CAPABILITIES.values())


@dataclass
class Fx:
    """What the actions work on: found in (or added to) the demo cooperative."""

    member_no: str
    member_left: str  # a member who has left (whose leaving may be cancelled)
    entry_id: int
    receipt_id: int
    loan_active: int
    loan_applied: int
    loan_approved: int
    product_code: str
    producer_id: int
    approval_id: int
    members_file: Path
    products_file: Path


Action = Callable[[Session, Fx], object]


def _ledger_actions() -> dict[str, tuple[frozenset[Capability], Action]]:
    from coopdesk.ledger import accounts, closing, journal, periods, receipts, reports
    from coopdesk.ledger.journal import credit, debit
    from coopdesk.ledger.statements import mapping
    from coopdesk.ledger.statements.build import balance_sheet

    line = [debit("cash", 1_000), credit("income.other", 1_000)]
    return {
        "journal.post_entry": (frozenset({C.MONEY}), lambda s, f: journal.post_entry(
            s, date=TODAY, memo="uji", lines=line)),
        "journal.reverse_entry": (frozenset({C.MONEY}),
                                  lambda s, f: journal.reverse_entry(s, f.entry_id)),
        "receipts.issue_receipt": (frozenset({C.MONEY}), lambda s, f: receipts.issue_receipt(
            s, f.entry_id, kind="test", title="Uji")),
        "receipts.void_receipt": (frozenset({C.MONEY}), lambda s, f: receipts.void_receipt(
            s, f.receipt_id, reason="salah tulis", on=TODAY)),
        "accounts.add_account": (frozenset({C.SETTINGS}), lambda s, f: accounts.add_account(
            s, "5299", "Biaya uji", "expense")),
        "accounts.rename_account": (frozenset({C.SETTINGS}),
                                    lambda s, f: accounts.rename_account(s, "1101", "Kas")),
        "accounts.set_active": (frozenset({C.SETTINGS}),
                                lambda s, f: accounts.set_active(s, "1101", True)),
        "settings.put": (frozenset({C.SETTINGS}),
                         lambda s, f: settings.COOP_PHONE.put(s, "0281-1")),
        "periods.lock_through": (frozenset({C.CLOSE}),
                                 lambda s, f: periods.lock_through(s, date(2026, 1, 31))),
        "periods.reopen_period": (frozenset({C.CLOSE}), lambda s, f: periods.reopen_period(
            s, 2026, reason="koreksi")),
        "closing.close_year": (frozenset({C.CLOSE}),
                               lambda s, f: closing.close_year(s, 2026, today=TODAY)),
        "closing.reopen_year": (frozenset({C.CLOSE}),
                                lambda s, f: closing.reopen_year(s, 2025, reason="koreksi")),
        "statements.set_line": (frozenset({C.SETTINGS}),
                                lambda s, f: mapping.set_line(s, "1101", "cash")),
        "reports.trial_balance": (frozenset({C.READ}),
                                  lambda s, f: reports.trial_balance(s, TODAY)),
        "statements.balance_sheet": (frozenset({C.READ}),
                                     lambda s, f: balance_sheet(s, TODAY)),
    }


def _money_actions() -> dict[str, tuple[frozenset[Capability], Action]]:
    from coopdesk.ledger import savings, savings_dues, savings_leave
    from coopdesk.ledger.loans import lifecycle, policy, products, quality, repayments, restructure
    from coopdesk.ledger.shu import rules
    from coopdesk.ledger.shu.distribute import distribute

    return {
        "savings.deposit": (frozenset({C.MONEY}), lambda s, f: savings.deposit(
            s, member_no=f.member_no, kind=savings.parse_kind("sukarela"), amount=5_000,
            on=TODAY)),
        "savings.withdraw": (frozenset({C.MONEY}), lambda s, f: savings.withdraw(
            s, member_no=f.member_no, kind=savings.parse_kind("sukarela"), amount=1, on=TODAY)),
        "savings.record_dues": (frozenset({C.MONEY}), lambda s, f: savings_dues.record_dues(
            s, on=TODAY, payments=[(f.member_no, 10_000)])),
        "savings.leave": (frozenset({C.MONEY, C.REGISTER}), lambda s, f: savings_leave.leave(
            s, f.member_no, on=TODAY, reason="pindah")),
        "savings.cancel_leaving": (frozenset({C.MONEY, C.REGISTER}),
                                   lambda s, f: savings_leave.cancel_leaving(
                                       s, f.member_left, reason="salah anggota", on=TODAY)),
        "loans.add_product": (frozenset({C.SETTINGS}), lambda s, f: products.add_product(
            s, "Uji", products.Terms(method=products.Method("flat"), rate=Decimal("1")))),
        "loans.save_policy": (frozenset({C.SETTINGS}),
                              lambda s, f: policy.save_policy(s, policy.Policy())),
        "loans.apply": (frozenset({C.REGISTER}), lambda s, f: lifecycle.apply_for_loan(
            s, member_no=f.member_no, product=1, principal=3_000_000, term=12,
            applied_on=TODAY)),
        "loans.approve": (frozenset({C.APPROVE}),
                          lambda s, f: lifecycle.approve_loan(s, f.loan_applied, on=TODAY)),
        "loans.reject": (frozenset({C.APPROVE}), lambda s, f: lifecycle.reject_loan(
            s, f.loan_applied, reason="agunan kurang", on=TODAY)),
        "loans.disburse": (frozenset({C.MONEY}),
                           lambda s, f: lifecycle.disburse(s, f.loan_approved, on=TODAY)),
        "loans.repay": (frozenset({C.MONEY}),
                        lambda s, f: repayments.repay(s, f.loan_active, 10_000, on=TODAY)),
        "loans.reschedule": (frozenset({C.APPROVE}), lambda s, f: restructure.reschedule(
            s, f.loan_active, term=24, reason="gagal panen", on=TODAY)),
        "loans.write_off": (frozenset({C.APPROVE, C.MONEY}), lambda s, f: restructure.write_off(
            s, f.loan_active, reason="macet", on=TODAY)),
        "loans.adjust_allowance": (frozenset({C.MONEY}),
                                   lambda s, f: quality.adjust_allowance(s, TODAY)),
        "shu.save_rules": (frozenset({C.SETTINGS}), lambda s, f: rules.save(s, rules.load(s))),
        "shu.distribute": (frozenset({C.MONEY}),
                           lambda s, f: distribute(s, 2025, on=TODAY)),
    }


def _register_actions() -> dict[str, tuple[frozenset[Capability], Action]]:
    from coopdesk.members import household, importing, migrant_report, register
    from coopdesk.products import batches, catalog, importer, permits, producers
    from coopdesk.products.records import ProducerData, ProductData

    return {
        "members.add_member": (frozenset({C.REGISTER}), lambda s, f: register.add_member(
            s, register.MemberData("Uji Coba", village="Kuntili"), today=TODAY)),
        "members.update_member": (frozenset({C.REGISTER}), lambda s, f: register.update_member(
            s, f.member_no, register.MemberData("Nama Baru", village="Kuntili"), today=TODAY)),
        "members.get_member": (frozenset({C.READ}),
                               lambda s, f: register.get_member(s, f.member_no)),
        "members.household": (frozenset({C.SENSITIVE}),
                              lambda s, f: household.household(s, f.member_no)),
        "members.add_person": (frozenset({C.REGISTER, C.SENSITIVE}),
                               lambda s, f: household.add_person(
                                   s, f.member_no, household.PersonData("anak", "Budi"))),
        "members.preview_import": (frozenset({C.REGISTER, C.SENSITIVE}),
                                   lambda s, f: importing.preview_import(s, f.members_file)),
        "members.export_rows": (frozenset({C.SENSITIVE}),
                                lambda s, f: importing.export_rows(s)),
        "members.children_left_behind": (frozenset({C.SENSITIVE}),
                                         lambda s, f: migrant_report.children_left_behind(
                                             s, TODAY)),
        "products.add_producer": (frozenset({C.REGISTER}), lambda s, f: producers.add_producer(
            s, ProducerData(name="KUB Uji", city="Sumpiuh"))),
        "products.save_product": (frozenset({C.REGISTER}), lambda s, f: catalog.save_product(
            s, ProductData(code="UJI-1", name="Produk Uji", producer_id=f.producer_id))),
        "products.set_active": (frozenset({C.REGISTER}),
                                lambda s, f: catalog.set_active(s, f.product_code, True)),
        "products.add_permit": (frozenset({C.REGISTER}), lambda s, f: permits.add_permit(
            s, kind="halal", number="ID33110018517710724", product_code=f.product_code)),
        "products.add_batch": (frozenset({C.REGISTER}), lambda s, f: batches.add_batch(
            s, product_code=f.product_code, produced_on=TODAY, today=TODAY)),
        "products.import": (frozenset({C.REGISTER}),
                            lambda s, f: importer.import_products(s, f.products_file)),
        "products.list": (frozenset({C.READ}), lambda s, f: catalog.list_products(s)),
    }


def _trust_actions() -> dict[str, tuple[frozenset[Capability], Action]]:
    return {
        "users.add_user": (frozenset({C.USERS}), lambda s, f: users.add_user(
            s, "tamu", Role.READONLY, "Tamu-Desa-2025")),
        "users.set_role": (frozenset({C.USERS}),
                           lambda s, f: users.set_role(s, "operator", Role.READONLY)),
        "users.set_active": (frozenset({C.USERS}),
                             lambda s, f: users.set_active(s, "readonly", False)),
        "users.reset_password": (frozenset({C.USERS}), lambda s, f: users.set_password(
            s, "readonly", "Sandi-Baru-2026")),
        "approvals.request": (frozenset({C.MONEY}), lambda s, f: users.request_approval(
            s, users.WITHDRAWAL, "member:A", 2_000_000)),
        "approvals.approve": (frozenset({C.APPROVE}),
                              lambda s, f: users.approve(s, f.approval_id)),
        "approvals.list": (frozenset({C.READ}), lambda s, f: users.list_approvals(s)),
        "audit.list_records": (frozenset({C.AUDIT}), lambda s, f: audit.list_records(s)),
        "audit.verify": (frozenset({C.AUDIT}), lambda s, f: audit.verify(s)),
    }


ACTIONS = {**_ledger_actions(), **_money_actions(), **_register_actions(), **_trust_actions()}


class _RollBack(Exception):
    pass


def _attempt(book: Book, actor: Actor, action: Action, fx: Fx) -> str:
    """'denied', 'done', or 'refused' (past the permission check, refused for another reason)."""
    try:
        with book.transaction(actor) as s:
            action(s, fx)
            raise _RollBack
    except _RollBack:
        return "done"
    except PermissionDenied:
        return "denied"
    except UserError:
        return "refused"


def _fixtures(book: Book, tmp_path: Path, treasurer: Actor) -> Fx:
    from coopdesk.ledger import journal, receipts, savings_leave
    from coopdesk.ledger.journal import credit, debit
    from coopdesk.ledger.loans import lifecycle

    with book.transaction() as s:
        member_no = s.execute(text("SELECT member_no FROM member WHERE status = 'anggota' "
                                   "ORDER BY id")).scalars().first()
        entry = journal.post_entry(s, date=TODAY, memo="tanpa kuitansi",
                                   lines=[debit("cash", 2_000), credit("income.other", 2_000)])
        paid = journal.post_entry(s, date=TODAY, memo="dengan kuitansi",
                                  lines=[debit("cash", 3_000), credit("income.other", 3_000)])
        receipt = receipts.issue_receipt(s, paid.id, kind="test", title="Uji")
        applied = lifecycle.apply_for_loan(s, member_no=member_no, product=1,
                                           principal=2_000_000, term=10, applied_on=TODAY)
        approved = lifecycle.apply_for_loan(s, member_no=member_no, product=1,
                                            principal=2_500_000, term=10, applied_on=TODAY)
    with book.transaction(book.actor) as s:
        lifecycle.approve_loan(s, approved.id, on=TODAY)
        left = s.execute(text("SELECT member_no FROM member WHERE status = 'anggota' AND id NOT "
                              "IN (SELECT member_id FROM loan) ORDER BY id DESC")).scalars().first()
        savings_leave.leave(s, left, on=TODAY, reason="pindah")
        active = s.execute(text("SELECT id FROM loan WHERE status = 'active' ORDER BY id")
                           ).scalars().first()
        product = s.execute(text("SELECT code, producer_id FROM product ORDER BY id")).first()
    with book.transaction(treasurer) as s:  # a request the others may check
        approval = users.request_approval(s, users.WITHDRAWAL, "member:B", 3_000_000)
    members_file = tmp_path / "anggota.csv"
    members_file.write_text("member_no,name,village,joined_on\nZ00001,Uji,Kuntili,2026-01-01\n")
    products_file = tmp_path / "produk.csv"
    products_file.write_text("code,name\nUJI-2,Produk Dua\n")
    return Fx(member_no, left, entry.id, receipt.id, active, applied.id, approved.id, product.code,
              product.producer_id, approval.id, members_file, products_file)


def test_every_action_for_every_role_matches_the_policy(empty_book_url: str, tmp_path: Path,
                                                        figures: Figures) -> None:
    with Book.open(empty_book_url) as book:
        build_demo(book, DemoPlan(members=15, years=2, seed=3, today=TODAY))
        staff = add_role_users(book)
        book.actor = staff["ketua"]
        fx = _fixtures(book, tmp_path, staff["bendahara"])
        table: dict[str, dict[str, str]] = {}
        wrong = []
        for name, (needs, action) in ACTIONS.items():
            table[name] = {}
            for who, actor in staff.items():
                outcome = _attempt(book, actor, action, fx)
                table[name][who] = outcome
                # The treasurer asked for the approval: checking it is the others' job.
                own = name == "approvals.approve" and who == "bendahara"
                if (outcome != "denied") != (needs <= actor.capabilities and not own):
                    wrong.append(f"{name} as {who}: {outcome}")
        with book.read() as s:
            assert audit.verify_chain(s).ok
    _print_table(table)
    assert wrong == []
    done = sum(v != "denied" for row in table.values() for v in row.values())
    assert done > len(ACTIONS) * 2  # the table is not all refusals
    figures.record(f"permissions.{book.dialect}", actions=len(ACTIONS), roles=len(staff),
                   checks=len(ACTIONS) * len(staff),
                   allowed=done, denied=len(ACTIONS) * len(staff) - done,
                   table={k: "".join(_mark(v[w]) for w in staff) for k, v in table.items()},
                   columns=list(staff))


def _mark(outcome: str) -> str:
    return {"done": "x", "refused": "x", "denied": "."}[outcome]


def _print_table(table: dict[str, dict[str, str]]) -> None:
    roles = list(next(iter(table.values())))
    print("\n" + "action".ljust(32) + " ".join(r[:9].ljust(9) for r in roles))
    for name, row in table.items():
        print(name.ljust(32) + " ".join(row[r][:9].ljust(9) for r in roles))


def test_a_readonly_user_sees_masked_nik_and_no_children(empty_book_url: str) -> None:
    """Sensitive data: the same service call shows NIK to the secretary, masks it for a
    read-only user, and refuses children's records."""
    from coopdesk.members import household, register

    with Book.open(empty_book_url) as book:
        build_demo(book, DemoPlan(members=10, years=1, seed=5, today=TODAY))
        staff = add_role_users(book)
        with book.read() as s:
            member_no, nik = s.execute(text("SELECT member_no, nik FROM member WHERE nik IS NOT "
                                            "NULL ORDER BY id")).first()
        with book.read(staff["operator"]) as s:
            assert register.get_member(s, member_no).nik == nik
        with book.read(staff["readonly"]) as s:
            shown = register.get_member(s, member_no).nik
            with pytest.raises(PermissionDenied):
                household.household(s, member_no)
        assert shown != nik and shown is not None and shown.endswith(nik[-4:])
        assert set(shown[:-4]) == {"*"}
