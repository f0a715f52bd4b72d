"""Who is acting, and what their role lets them do: checked in the services, not the widgets.

Each user action runs in one session whose `info["actor"]` names the signed-in user; services call
`require(session, Capability.X)` before they change or reveal anything, so the command line and
the desktop app obey the same rules. Roles map to capabilities in `ROLE_CAPABILITIES` (the
policy table below; `tests/trust/test_permissions.py` checks every service against it).

Personal data (NIK, children's records) is `Capability.SENSITIVE`: list screens call
`redact(session, nik)` to show a masked value to roles without it, and services that return
children's records call `require(session, Capability.SENSITIVE)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from coopdesk.errors import PermissionDenied
from coopdesk.i18n import N_, _


class Capability(StrEnum):
    READ = "read"  # see the books, members, products and reports
    REGISTER = "register"  # add and edit members and products (no money)
    MONEY = "money"  # post journal entries, savings, loans, SHU
    APPROVE = "approve"  # approve another user's loan or large withdrawal (the checker)
    SENSITIVE = "sensitive"  # see NIK and children's records
    AUDIT = "audit"  # read and export the audit trail
    SETTINGS = "settings"  # change the cooperative's settings
    USERS = "users"  # add users, change roles
    CLOSE = "close"  # close and reopen periods and financial years
    BACKUP = "backup"  # make a backup copy of the book (it holds personal data)
    RESTORE = "restore"  # replace the book with a backup


class Role(StrEnum):
    KETUA = "ketua"
    BENDAHARA = "bendahara"
    PENGAWAS = "pengawas"
    OPERATOR = "operator"
    READONLY = "readonly"


ROLE_LABELS: dict[Role, str] = {
    Role.KETUA: N_("Chair (ketua)"),
    Role.BENDAHARA: N_("Treasurer (bendahara)"),
    Role.PENGAWAS: N_("Supervisor (pengawas)"),
    Role.OPERATOR: N_("Secretary / operator"),
    Role.READONLY: N_("Read only"),
}

C = Capability
# The policy. The supervisor reads everything and the trail but changes nothing; the secretary
# keeps the registers but never touches money; only the chair and the treasurer move money, and
# each can be the checker of the other's large payments.
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.KETUA: frozenset(
        {C.READ, C.REGISTER, C.MONEY, C.APPROVE, C.SENSITIVE, C.AUDIT, C.SETTINGS, C.CLOSE,
         C.BACKUP}
    ),
    Role.BENDAHARA: frozenset(
        {C.READ, C.REGISTER, C.MONEY, C.APPROVE, C.SENSITIVE, C.CLOSE, C.BACKUP}
    ),
    Role.PENGAWAS: frozenset({C.READ, C.SENSITIVE, C.AUDIT, C.BACKUP}),
    Role.OPERATOR: frozenset({C.READ, C.REGISTER, C.SENSITIVE, C.BACKUP}),
    Role.READONLY: frozenset({C.READ}),
}
#: What the book's administrator may do on top of their role.
ADMIN_CAPABILITIES = frozenset({C.USERS, C.SETTINGS, C.RESTORE})


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf a session acts."""

    username: str
    role: Role
    is_admin: bool = False
    user_id: int | None = None

    @property
    def capabilities(self) -> frozenset[Capability]:
        caps = ROLE_CAPABILITIES[self.role]
        return caps | ADMIN_CAPABILITIES if self.is_admin else caps

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities


#: Acts for the program itself where no person is signed in (creating a book, migrations, tests,
#: and books made before users existed, until their administrator sets a password).
SYSTEM = Actor("system", Role.KETUA, is_admin=True)


def actor_of(session: Session) -> Actor:
    actor = session.info.get("actor")
    return actor if isinstance(actor, Actor) else SYSTEM


_CAPABILITY_NAMES: dict[Capability, str] = {
    C.READ: N_("view the books"),
    C.REGISTER: N_("change members and products"),
    C.MONEY: N_("record money"),
    C.APPROVE: N_("approve"),
    C.SENSITIVE: N_("see personal data"),
    C.AUDIT: N_("read the audit trail"),
    C.SETTINGS: N_("change settings"),
    C.USERS: N_("manage users"),
    C.CLOSE: N_("close periods and years"),
    C.BACKUP: N_("make backups"),
    C.RESTORE: N_("restore a backup"),
}


def capability_name(capability: Capability) -> str:
    return _(_CAPABILITY_NAMES[capability])


def require(session: Session, capability: Capability) -> Actor:
    """Return the acting user, or refuse with a plain message when their role does not allow it."""
    actor = actor_of(session)
    if not actor.can(capability):
        raise PermissionDenied(
            _("As {role}, {user} may not {action}.").format(
                user=actor.username,
                role=_(ROLE_LABELS[actor.role]),
                action=capability_name(capability),
            )
        )
    return actor


def can_see_sensitive(session: Session) -> bool:
    return actor_of(session).can(C.SENSITIVE)


def mask(value: str, *, keep: int = 4) -> str:
    """`3302011234567890` → `************7890`: enough to tell two people apart, no more."""
    shown = value[-keep:] if keep and len(value) > keep else ""
    return "*" * (len(value) - len(shown)) + shown


def redact(session: Session, value: str | None, *, keep: int = 4) -> str | None:
    """`value` for roles that may see personal data, masked for everyone else."""
    if value is None or can_see_sensitive(session):
        return value
    return mask(value, keep=keep)
