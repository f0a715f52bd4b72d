"""The people who use a book: their names, roles and passwords, signing in, and second approvals.

A book's first user is its administrator (`create_administrator`); a book made before users
existed has none, acts for its administrator and asks them to choose a password. Passwords (or
PINs) are kept only as argon2id hashes at or above OWASP's minimum (19 MiB, 2 passes). A wrong
password makes the next attempt wait longer (1 s, 2 s, 4 s, ... up to 5 minutes), recorded in the
book so that starting the program again does not reset the wait; every sign-in and every failed
one is written to the audit trail.

Separation of duties (maker ≠ checker), for the services that pay money out:

    from coopdesk.users import LOAN_DISBURSEMENT, require_approval
    require_approval(session, LOAN_DISBURSEMENT, subject=f"loan:{loan_id}", amount=principal)

Call it in the paying service, in the same transaction, before posting. When the cooperative has
not turned separation of duties on, or the amount is within the limit, it returns None. Otherwise
it uses up a matching approval given by another user, or raises `ApprovalRequired`; the screen or
command then offers to send `request_approval(session, exc.kind, exc.subject, exc.amount, ...)`
in its own transaction, a second user with `Capability.APPROVE` runs `approve(session, id)`, and
the payment is tried again. The approver can never be the one who pays it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, CheckConstraint, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from coopdesk import audit
from coopdesk.access import Actor, Capability, Role, actor_of, require
from coopdesk.db import Base, Money, UtcDateTime, utcnow
from coopdesk.errors import NotFound, PermissionDenied, UserError
from coopdesk.i18n import N_, _, format_money
from coopdesk.settings import SettingKey

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1 is the minimum.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32,
                        salt_len=16, type=Type.ID)
MIN_PASSWORD = 6  # a six-digit PIN is what villagers know from their bank cards
MAX_WAIT_S = 300
DEFAULT_ADMIN = "admin"
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
_COMMON = {"password", "katasandi", "koperasi", "bismillah", "qwerty", "abc123", "admin123",
           "indonesia", "rahasia", "sandi123"}

#: Separation of duties and the idle lock, per cooperative.
SEPARATION_OF_DUTIES: SettingKey[bool] = SettingKey("trust.separation_of_duties", bool, False)
APPROVAL_LOAN_ABOVE: SettingKey[int] = SettingKey("trust.approval.loan_above", int, 0)
APPROVAL_WITHDRAWAL_ABOVE: SettingKey[int] = SettingKey(
    "trust.approval.withdrawal_above", int, 1_000_000)
IDLE_LOCK_MINUTES: SettingKey[int] = SettingKey("trust.idle_lock_minutes", int, 10)

LOAN_DISBURSEMENT = "loan.disburse"
WITHDRAWAL = "savings.withdraw"
_THRESHOLDS = {LOAN_DISBURSEMENT: APPROVAL_LOAN_ABOVE, WITHDRAWAL: APPROVAL_WITHDRAWAL_ABOVE}
APPROVAL_KIND_LABELS = {LOAN_DISBURSEMENT: N_("Loan payout"), WITHDRAWAL: N_("Savings payout")}
APPROVAL_STATUS_LABELS = {"pending": N_("waiting"), "approved": N_("approved"),
                          "rejected": N_("rejected"), "used": N_("paid out"),
                          "cancelled": N_("cancelled")}


class User(Base):
    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint("role IN ('ketua', 'bendahara', 'pengawas', 'operator', 'readonly')",
                        name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    full_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(12), nullable=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    failed_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class Approval(Base):
    """A request for a second person's approval of one payment, and what became of it."""

    __tablename__ = "approval_request"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected', 'used', 'cancelled')",
                        name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    subject: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    amount: Mapped[int] = mapped_column(Money, nullable=False)
    summary: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    requested_by: Mapped[str] = mapped_column(String(80), nullable=False)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reason: Mapped[str | None] = mapped_column(String(255))
    used_by: Mapped[str | None] = mapped_column(String(80))
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    full_name: str
    role: Role
    is_admin: bool
    active: bool
    last_login_at: datetime | None
    failed_count: int


def _view(user: User) -> UserView:
    return UserView(user.id, user.username, user.full_name, Role(user.role), user.is_admin,
                    user.active, user.last_login_at, user.failed_count)


def actor_for(user: User | UserView) -> Actor:
    return Actor(user.username, Role(user.role), user.is_admin, user.id)


# --- passwords ---------------------------------------------------------------------------------


def password_problems(password: str, username: str = "") -> list[str]:
    """Why `password` is too easy to guess, in plain words; empty when it will do."""
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(_("A password or PIN needs at least {n} characters.").format(
            n=MIN_PASSWORD))
    elif len(set(password)) == 1 or _is_run(password.lower()):
        problems.append(_("“{text}” is too easy to guess.").format(text=password))
    elif password.lower() in _COMMON or (username and password.lower() == username.lower()):
        problems.append(_("That password is too easy to guess."))
    if len(password) > 200:
        problems.append(_("A password may have at most 200 characters."))
    return problems


@dataclass(frozen=True)
class Strength:
    """How hard a new password is to guess, for the hint under the field: 0 refused, 1 allowed
    (a PIN), 2 good, 3 strong; `text` says it plainly."""

    level: int
    text: str


def password_strength(password: str, username: str = "") -> Strength:
    if not password:
        return Strength(0, _("Type a password, or a PIN of at least {n} digits.").format(
            n=MIN_PASSWORD))
    problems = password_problems(password, username)
    if problems:
        return Strength(0, " ".join(problems))
    kinds = sum(1 for found in (any(c.isdigit() for c in password),
                                any(c.isalpha() for c in password),
                                any(not c.isalnum() for c in password)) if found)
    if len(password) < 8 or kinds == 1:
        return Strength(1, _("Allowed, but someone who knows you may guess it. Longer, with "
                             "letters and digits, is safer."))
    if len(password) >= 12 or (len(password) >= 10 and kinds == 3):
        return Strength(3, _("Strong: hard to guess."))
    return Strength(2, _("Good. A longer one is even safer."))


def _is_run(text: str) -> bool:
    """123456, 987654, abcdef: each character one step from the one before."""
    steps = {ord(b) - ord(a) for a, b in pairwise(text)}
    return steps in ({1}, {-1})


def _check_password(password: str, username: str) -> str:
    problems = password_problems(password, username)
    if problems:
        raise UserError(" ".join(problems))
    return str(HASHER.hash(password))


def _verify(stored: str, password: str) -> bool:
    try:
        return bool(HASHER.verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


# A hash to verify against when the name is unknown, so a wrong name takes as long as a wrong
# password and does not tell a guesser which names exist.
_DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$" + "A" * 43


def normalise_username(username: str) -> str:
    return username.strip().lower()


def check_username(username: str) -> str:
    name = normalise_username(username)
    if not _NAME_RE.match(name):
        raise UserError(_("“{name}” cannot be a user name: use 2 to 40 letters or digits "
                          "(also . _ -), starting with a letter or digit.").format(name=username))
    return name


# --- the users of a book -----------------------------------------------------------------------


def has_users(session: Session) -> bool:
    return session.scalar(select(func.count(User.id))) != 0


def administrator_name(session: Session) -> str | None:
    return session.scalar(
        select(User.username).where(User.is_admin, User.active).order_by(User.id).limit(1))


def _get(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == normalise_username(username)))
    if user is None:
        raise NotFound(_("There is no user “{name}”.").format(name=username))
    return user


def create_administrator(session: Session, username: str, password: str, *,
                         full_name: str = "") -> UserView:
    """The book's first user: an administrator with the chair's role. Only while none exist."""
    if has_users(session):
        raise UserError(_("This book already has users; ask its administrator to add you."))
    user = _new_user(session, username, Role.KETUA, password, full_name, is_admin=True)
    audit.record(session, "user.create_administrator", entity="user", entity_id=user.username,
                 after=_public(user))
    return _view(user)


def add_user(session: Session, username: str, role: Role, password: str, *,
             full_name: str = "", is_admin: bool = False) -> UserView:
    require(session, Capability.USERS)
    name = check_username(username)
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise UserError(_("There is already a user “{name}”.").format(name=name))
    if not is_admin and not has_users(session):
        # Otherwise the book would have users and nobody who may manage them.
        raise UserError(_("This book has no administrator yet. First give the administrator a "
                          "password, or add this user as an administrator."))
    user = _new_user(session, name, role, password, full_name, is_admin=is_admin)
    audit.record(session, "user.add", entity="user", entity_id=user.username,
                 after=_public(user))
    return _view(user)


def _new_user(session: Session, username: str, role: Role, password: str, full_name: str,
              *, is_admin: bool) -> User:
    name = check_username(username)
    now = utcnow()
    user = User(username=name, full_name=" ".join(full_name.split())[:120], role=Role(role).value,
                is_admin=is_admin, active=True, password_hash=_check_password(password, name),
                failed_count=0, password_changed_at=now, created_at=now)
    session.add(user)
    session.flush()
    return user


def _public(user: User) -> dict[str, Any]:
    """What the audit trail keeps of a user: never the password hash."""
    return {"username": user.username, "full_name": user.full_name, "role": user.role,
            "is_admin": user.is_admin, "active": user.active}


def list_users(session: Session) -> list[UserView]:
    actor = actor_of(session)
    if not (actor.can(Capability.USERS) or actor.can(Capability.AUDIT)):
        require(session, Capability.USERS)
    return [_view(u) for u in session.scalars(select(User).order_by(User.username))]


def set_password(session: Session, username: str, new_password: str, *,
                 current_password: str | None = None) -> UserView:
    """Change a password: your own (giving the current one), or anyone's as the administrator.
    In a book without users this makes `username` its administrator."""
    if not has_users(session):
        require(session, Capability.USERS)
        return create_administrator(session, username, new_password)
    actor = actor_of(session)
    user = _get(session, username)
    own = actor.user_id == user.id
    if not own:
        require(session, Capability.USERS)
    elif current_password is None or not _verify(user.password_hash, current_password):
        raise PermissionDenied(_("The current password is wrong."))
    user.password_hash = _check_password(new_password, user.username)
    user.password_changed_at = utcnow()
    user.failed_count = 0
    user.locked_until = None
    session.flush()
    audit.record(session, "user.password", entity="user", entity_id=user.username)
    return _view(user)


def set_role(session: Session, username: str, role: Role, *,
             is_admin: bool | None = None) -> UserView:
    require(session, Capability.USERS)
    user = _get(session, username)
    before = _public(user)
    user.role = Role(role).value
    if is_admin is not None:
        user.is_admin = is_admin
    session.flush()
    _keep_an_administrator(session)
    audit.record(session, "user.role", entity="user", entity_id=user.username,
                 before=before, after=_public(user))
    return _view(user)


def set_active(session: Session, username: str, active: bool) -> UserView:
    require(session, Capability.USERS)
    user = _get(session, username)
    if not active and actor_of(session).user_id == user.id:
        raise UserError(_("You cannot disable yourself."))
    before = _public(user)
    user.active = active
    session.flush()
    _keep_an_administrator(session)
    audit.record(session, "user.enable" if active else "user.disable", entity="user",
                 entity_id=user.username, before=before, after=_public(user))
    return _view(user)


def _keep_an_administrator(session: Session) -> None:
    if administrator_name(session) is None:
        raise UserError(_("The book must keep at least one active administrator."))


# --- signing in --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignIn:
    """The outcome of one attempt: the actor, or why not and how long before trying again."""

    actor: Actor | None
    problem: str | None = None
    wait_seconds: int = 0

    @property
    def ok(self) -> bool:
        return self.actor is not None


def wait_after(failures: int) -> int:
    """Seconds before the next attempt after `failures` wrong passwords in a row."""
    return 0 if failures <= 0 else int(min(2 ** (failures - 1), MAX_WAIT_S))


def sign_in(session: Session, username: str, password: str, *, now: datetime | None = None,
            action: str = "user.login") -> SignIn:
    """Check a password. Records the attempt either way, so run it in a transaction that commits
    even when the attempt fails (`book.write(lambda s: sign_in(s, ...))`)."""
    now = now or utcnow()
    name = normalise_username(username)
    user = session.scalar(select(User).where(User.username == name))
    if user is None:
        _verify(_DUMMY_HASH, password)
        return _failed(session, name, None, "unknown")
    if user.locked_until is not None and now < user.locked_until:
        wait = int((user.locked_until - now).total_seconds()) + 1
        return _failed(session, name, user, "waiting", wait=wait)
    if not _verify(user.password_hash, password):
        user.failed_count += 1
        wait = wait_after(user.failed_count)
        user.locked_until = now + timedelta(seconds=wait)
        session.flush()
        return _failed(session, name, user, "password", wait=wait)
    if not user.active:
        return _failed(session, name, user, "disabled")
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = str(HASHER.hash(password))
    user.failed_count = 0
    user.locked_until = None
    user.last_login_at = now
    session.flush()
    actor = actor_for(user)
    session.info["actor"] = actor
    audit.record(session, action, entity="user", entity_id=user.username)
    return SignIn(actor)


def _failed(session: Session, name: str, user: User | None, reason: str, *,
            wait: int = 0) -> SignIn:
    audit.record(session, "user.login_failed", entity="user", entity_id=name[:80],
                 after={"reason": reason, "failures": user.failed_count if user else None},
                 username=name[:80] or "?", role=user.role if user else "-")
    if reason == "waiting":
        problem = _("Too many wrong passwords. Wait {n} seconds and try again.").format(n=wait)
    elif reason == "disabled":
        problem = _("This user has been disabled; ask the administrator.")
    else:
        problem = _("Wrong user name or password.")
    return SignIn(None, problem, wait)


# --- separation of duties ----------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalView:
    id: int
    kind: str
    subject: str
    amount: int
    summary: str
    status: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    reason: str | None
    used_by: str | None


def _approval_view(a: Approval) -> ApprovalView:
    return ApprovalView(a.id, a.kind, a.subject, a.amount, a.summary, a.status, a.requested_by,
                        a.requested_at, a.decided_by, a.reason, a.used_by)


class ApprovalRequired(UserError):
    """The payment needs a second person's approval first (see `request_approval`)."""

    def __init__(self, message: str, kind: str, subject: str, amount: int,
                 pending_id: int | None) -> None:
        super().__init__(message)
        self.kind = kind
        self.subject = subject
        self.amount = amount
        self.pending_id = pending_id


def approval_needed(session: Session, kind: str, amount: int) -> bool:
    if not SEPARATION_OF_DUTIES.get(session):
        return False
    threshold = _THRESHOLDS.get(kind)
    return threshold is None or amount > threshold.get(session)


def require_approval(session: Session, kind: str, *, subject: str,
                     amount: int) -> ApprovalView | None:
    """Use up an approval of this payment given by someone other than the payer, or refuse."""
    if not approval_needed(session, kind, amount):
        return None
    payer = actor_of(session).username
    candidates = session.scalars(
        select(Approval).where(Approval.kind == kind, Approval.subject == subject,
                               Approval.status.in_(("approved", "pending")))
        .order_by(Approval.id).with_for_update())
    pending_id = None
    for a in candidates:
        if a.status == "pending":
            pending_id = pending_id or a.id
        elif amount <= a.amount and a.decided_by != payer:
            a.status, a.used_by, a.used_at = "used", payer, utcnow()
            session.flush()
            audit.record(session, "approval.use", entity="approval", entity_id=a.id,
                         after={"subject": subject, "amount": amount})
            return _approval_view(a)
    what = _("This payment of {amount} needs a second person's approval.").format(
        amount=format_money(amount))
    if pending_id is not None:
        ask = _("Request {id} is waiting: ask the chair or the treasurer to approve it.").format(
            id=pending_id)
    else:
        ask = _("Send it for approval first; the approver must be someone else than the one "
                "who pays it out.")
    raise ApprovalRequired(f"{what} {ask}", kind, subject, amount, pending_id)


def request_approval(session: Session, kind: str, subject: str, amount: int,
                     summary: str = "") -> ApprovalView:
    actor = require(session, Capability.MONEY)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise UserError(_("The amount to approve must be a positive whole number of rupiah."))
    a = Approval(kind=kind, subject=subject[:80], amount=amount, summary=summary[:255],
                 status="pending", requested_by=actor.username, requested_at=utcnow())
    session.add(a)
    session.flush()
    audit.record(session, "approval.request", entity="approval", entity_id=a.id,
                 after={"kind": kind, "subject": a.subject, "amount": amount,
                        "summary": a.summary})
    return _approval_view(a)


def decide(session: Session, approval_id: int, *, approve: bool,
           reason: str = "") -> ApprovalView:
    """Approve or reject a pending request: only a checker who did not ask for it."""
    actor = require(session, Capability.APPROVE)
    a = session.get(Approval, approval_id, with_for_update=True)
    if a is None:
        raise NotFound(_("There is no approval request {id}.").format(id=approval_id))
    if a.status != "pending":
        raise UserError(_("Request {id} has already been decided.").format(id=approval_id))
    if a.requested_by == actor.username:
        raise PermissionDenied(_("You cannot approve your own request; another person must."))
    if not approve and not reason.strip():
        raise UserError(_("Say why the request is rejected."))
    a.status = "approved" if approve else "rejected"
    a.decided_by, a.decided_at, a.reason = actor.username, utcnow(), reason.strip() or None
    session.flush()
    audit.record(session, "approval.approve" if approve else "approval.reject",
                 entity="approval", entity_id=a.id, before={"status": "pending"},
                 after={"status": a.status, "reason": a.reason})
    return _approval_view(a)


def approve(session: Session, approval_id: int) -> ApprovalView:
    return decide(session, approval_id, approve=True)


def reject(session: Session, approval_id: int, reason: str) -> ApprovalView:
    return decide(session, approval_id, approve=False, reason=reason)


def list_approvals(session: Session, *, status: str | None = None) -> list[ApprovalView]:
    require(session, Capability.READ)
    query = select(Approval).order_by(Approval.id.desc())
    if status:
        query = query.where(Approval.status == status)
    return [_approval_view(a) for a in session.scalars(query)]
