"""Who is acting, and what their role lets them do: checked in the services, not the widgets.

Each user action runs in one session whose `info["actor"]` names the signed-in user; services call
`require(session, Capability.X)` before they change or reveal anything, so the command line and
the desktop app obey the same rules. Roles map to capabilities in `ROLE_CAPABILITIES`.
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
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.KETUA: frozenset(
        {C.READ, C.REGISTER, C.MONEY, C.APPROVE, C.SENSITIVE, C.AUDIT, C.SETTINGS, C.CLOSE}
    ),
    Role.BENDAHARA: frozenset({C.READ, C.REGISTER, C.MONEY, C.APPROVE, C.SENSITIVE, C.CLOSE}),
    Role.PENGAWAS: frozenset({C.READ, C.SENSITIVE, C.AUDIT}),
    Role.OPERATOR: frozenset({C.READ, C.REGISTER, C.SENSITIVE}),
    Role.READONLY: frozenset({C.READ}),
}
#: What the book's administrator may do on top of their role.
ADMIN_CAPABILITIES = frozenset({C.USERS, C.SETTINGS})


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf a session acts."""

    username: str
    role: Role
    is_admin: bool = False

    @property
    def capabilities(self) -> frozenset[Capability]:
        caps = ROLE_CAPABILITIES[self.role]
        return caps | ADMIN_CAPABILITIES if self.is_admin else caps

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities


#: Acts for the program itself where no person is signed in (creating a book, migrations, tests).
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
}


def require(session: Session, capability: Capability) -> Actor:
    """Return the acting user, or refuse with a plain message when their role does not allow it."""
    actor = actor_of(session)
    if not actor.can(capability):
        raise PermissionDenied(
            _("{user} ({role}) may not {action}.").format(
                user=actor.username,
                role=_(ROLE_LABELS[actor.role]),
                action=_(_CAPABILITY_NAMES[capability]),
            )
        )
    return actor
