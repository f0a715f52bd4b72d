"""Users and sign-in: strong hashes, refused guesses that wait longer each time, the first user as
administrator, and every attempt in the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import extract_parameters
from argon2.low_level import Type
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from coopdesk import audit, users
from coopdesk.access import Actor, Capability, Role
from coopdesk.book import Book
from coopdesk.db import utcnow
from coopdesk.errors import NotFound, PermissionDenied, UserError
from tests.trust.conftest import ADMIN, ADMIN_PASSWORD, password_of


def _records(book: Book, action: str) -> list[tuple[str, str]]:
    """(user, role) of each record of `action`, oldest first."""
    with book.read() as s:
        rows = s.execute(select(audit.AuditRecord.username, audit.AuditRecord.role)
                         .where(audit.AuditRecord.action == action)
                         .order_by(audit.AuditRecord.id))
        return [(r.username, r.role) for r in rows]


def _hash_of(book: Book, name: str) -> str:
    with book.read() as s:
        return str(s.scalar(select(users.User.password_hash).where(users.User.username == name)))


def test_passwords_are_stored_as_argon2id_at_owasp_minimum_or_above(book: Book,
                                                                    staff: dict[str, Actor]
                                                                    ) -> None:
    stored = _hash_of(book, "bendahara")
    params = extract_parameters(stored)
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2
    assert password_of("bendahara") not in stored
    assert _hash_of(book, "operator") != stored  # salted
    with book.read() as s:
        dumped = s.execute(text("SELECT COALESCE(before, '') || COALESCE(after, '') "
                                "FROM audit_log")).scalars().all()
    assert not any("argon2" in d or password_of("bendahara") in d for d in dumped)


def test_the_first_user_is_the_administrator_and_only_once(book: Book) -> None:
    with book.read() as s:
        assert not users.has_users(s)
    with book.transaction() as s:
        admin = users.create_administrator(s, "Ketua.Desa", "Merdeka-45")
    assert (admin.username, admin.role, admin.is_admin) == ("ketua.desa", Role.KETUA, True)
    with pytest.raises(UserError, match="already has users"), book.transaction() as s:
        users.create_administrator(s, "other", "Merdeka-46")
    assert len(_records(book, "user.create_administrator")) == 1


@pytest.mark.parametrize(("password", "reason"), [
    ("12345", "at least 6"), ("123456", "too easy"), ("aaaaaaaa", "too easy"),
    ("987654", "too easy"), ("koperasi", "too easy"), ("siti", "at least 6"),
    ("x" * 201, "at most 200"),
])
def test_weak_passwords_are_refused(book: Book, staff: dict[str, Actor], password: str,
                                    reason: str) -> None:
    with pytest.raises(UserError, match=reason), book.transaction(staff[ADMIN]) as s:
        users.add_user(s, "siti", Role.OPERATOR, password)
    with book.read() as s:
        assert "siti" not in [u.username for u in users.list_users(s)]


def test_a_password_equal_to_the_name_is_refused(book: Book, staff: dict[str, Actor]) -> None:
    with pytest.raises(UserError, match="too easy"), book.transaction(staff[ADMIN]) as s:
        users.add_user(s, "sitiaminah", Role.OPERATOR, "SitiAminah")


@pytest.mark.parametrize("name", ["", "a", "siti aminah", "-siti", "x" * 41, "siti;drop"])
def test_bad_user_names_are_refused(book: Book, staff: dict[str, Actor], name: str) -> None:
    with pytest.raises(UserError, match="cannot be a user name"), \
            book.transaction(staff[ADMIN]) as s:
        users.add_user(s, name, Role.OPERATOR, "Sandi-Kuat-1")


def test_names_are_unique_whatever_their_case(book: Book, staff: dict[str, Actor]) -> None:
    with pytest.raises(UserError, match="already a user"), book.transaction(staff[ADMIN]) as s:
        users.add_user(s, "BENDAHARA", Role.OPERATOR, "Sandi-Kuat-1")


def test_only_the_administrator_manages_users(book: Book, staff: dict[str, Actor]) -> None:
    for name in ("ketua", "bendahara", "pengawas", "operator", "readonly"):
        with pytest.raises(PermissionDenied), book.transaction(staff[name]) as s:
            users.add_user(s, f"new{name}", Role.READONLY, "Sandi-Kuat-1")
        with pytest.raises(PermissionDenied), book.transaction(staff[name]) as s:
            users.set_role(s, "operator", Role.KETUA)
    with book.transaction(staff[ADMIN]) as s:
        assert users.set_role(s, "operator", Role.BENDAHARA).role is Role.BENDAHARA


def test_sign_in_records_success_and_failure_in_the_trail(book: Book,
                                                         staff: dict[str, Actor]) -> None:
    ok = book.write(lambda s: users.sign_in(s, "bendahara", password_of("bendahara")))
    assert ok.actor == staff["bendahara"]
    bad = book.write(lambda s: users.sign_in(s, "bendahara", "tebak-tebak"))
    unknown = book.write(lambda s: users.sign_in(s, "nobody", "tebak-tebak"))
    assert not bad.ok and not unknown.ok
    assert bad.problem == unknown.problem  # a guesser cannot tell which names exist
    logins = _records(book, "user.login")
    failures = _records(book, "user.login_failed")
    assert logins == [("bendahara", "bendahara")]
    assert failures == [("bendahara", "bendahara"), ("nobody", "-")]
    with book.read() as s:
        assert audit.verify_chain(s).ok


def test_each_wrong_password_makes_the_next_attempt_wait_longer(book: Book,
                                                               staff: dict[str, Actor]) -> None:
    now = utcnow()
    waits = []
    for _ in range(6):
        r = book.write(lambda s, t=now: users.sign_in(s, "operator", "salah-lagi", now=t))
        assert r.problem == "Wrong user name or password."
        waits.append(r.wait_seconds)
        now += timedelta(seconds=r.wait_seconds)
    assert waits == [1, 2, 4, 8, 16, 32]
    last_failure = now - timedelta(seconds=32)
    # Too early: refused without even looking at the password, the right one included.
    early = book.write(lambda s: users.sign_in(s, "operator", password_of("operator"),
                                               now=last_failure + timedelta(seconds=5)))
    assert not early.ok and "Wait" in (early.problem or "") and 27 <= early.wait_seconds <= 28
    late = book.write(lambda s: users.sign_in(s, "operator", password_of("operator"),
                                              now=last_failure + timedelta(seconds=32)))
    assert late.ok
    again = book.write(lambda s: users.sign_in(s, "operator", "salah-lagi",
                                               now=now + timedelta(seconds=40)))
    assert again.wait_seconds == 1  # a good sign-in starts the count again


@given(st.integers(min_value=0, max_value=10_000))
def test_the_wait_grows_and_is_capped(failures: int) -> None:
    assert users.wait_after(failures) <= users.wait_after(failures + 1) <= users.MAX_WAIT_S
    assert users.wait_after(0) == 0


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(guess=st.text(min_size=0, max_size=40))
def test_no_other_password_signs_in(book: Book, staff: dict[str, Actor], guess: str) -> None:
    far = utcnow() + timedelta(days=365)  # past any wait
    result = book.write(lambda s: users.sign_in(s, "pengawas", guess, now=far))
    assert result.ok == (guess == password_of("pengawas"))


def test_a_disabled_user_cannot_sign_in_and_the_last_admin_stays(book: Book,
                                                                 staff: dict[str, Actor]) -> None:
    with book.transaction(staff[ADMIN]) as s:
        users.set_active(s, "readonly", False)
    r = book.write(lambda s: users.sign_in(s, "readonly", password_of("readonly")))
    assert not r.ok and "disabled" in (r.problem or "")
    with pytest.raises(UserError, match="yourself"), book.transaction(staff[ADMIN]) as s:
        users.set_active(s, ADMIN, False)
    with pytest.raises(UserError, match="at least one active administrator"), \
            book.transaction(staff[ADMIN]) as s:
        users.set_role(s, ADMIN, Role.KETUA, is_admin=False)


def test_changing_your_own_password_needs_the_current_one(book: Book,
                                                          staff: dict[str, Actor]) -> None:
    me = staff["bendahara"]
    with pytest.raises(PermissionDenied, match="current password"), book.transaction(me) as s:
        users.set_password(s, "bendahara", "Baru-Sekali-9", current_password="keliru-123")
    with book.transaction(me) as s:
        users.set_password(s, "bendahara", "Baru-Sekali-9",
                           current_password=password_of("bendahara"))
    with pytest.raises(PermissionDenied), book.transaction(me) as s:
        users.set_password(s, "operator", "Baru-Sekali-9")
    with book.transaction(staff[ADMIN]) as s:  # the administrator resets anyone's
        users.set_password(s, "operator", "Baru-Sekali-8")
    assert book.write(lambda s: users.sign_in(s, "bendahara", "Baru-Sekali-9")).ok
    assert book.write(lambda s: users.sign_in(s, "operator", "Baru-Sekali-8")).ok
    assert not book.write(lambda s: users.sign_in(s, "operator", password_of("operator"))).ok


def test_a_book_without_users_is_claimed_by_setting_the_admin_password(book: Book) -> None:
    with book.transaction() as s:  # the program acts for the administrator until then
        users.set_password(s, "bendahara.lama", "Pertama-Kali-1")
    with book.read() as s:
        (only,) = users.list_users(s)
    assert (only.username, only.is_admin) == ("bendahara.lama", True)
    assert book.write(lambda s: users.sign_in(s, "bendahara.lama", "Pertama-Kali-1")).ok


def test_unknown_users_are_reported_plainly(book: Book, staff: dict[str, Actor]) -> None:
    with pytest.raises(NotFound, match="no user “ghost”"), book.transaction(staff[ADMIN]) as s:
        users.set_role(s, "ghost", Role.KETUA)


def test_who_may_see_the_user_list(book: Book, staff: dict[str, Actor]) -> None:
    for name, allowed in [(ADMIN, True), ("pengawas", True), ("ketua", True),
                          ("bendahara", False), ("operator", False), ("readonly", False)]:
        actor = staff[name]
        assert allowed == (actor.can(Capability.USERS) or actor.can(Capability.AUDIT))
        with book.read(actor) as s:
            if allowed:
                assert len(users.list_users(s)) == 6
            else:
                with pytest.raises(PermissionDenied):
                    users.list_users(s)


def test_admin_password_constant_is_what_the_fixture_used(book: Book,
                                                          staff: dict[str, Actor]) -> None:
    assert book.write(lambda s: users.sign_in(s, ADMIN, ADMIN_PASSWORD)).actor == staff[ADMIN]
