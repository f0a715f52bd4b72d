"""Fixtures for the trust tests: books with one user per role, and a record of the figures the
robustness tests measure (written to COOPDESK_FIGURES as JSON for docs/reliability.md)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coopdesk import users
from coopdesk.access import Actor, Role
from coopdesk.book import Book

ADMIN = "admin"
ADMIN_PASSWORD = "kunci-admin-2025"
ROLE_USERS = {role: role.value for role in Role}  # a user named after each role


def password_of(name: str) -> str:
    return ADMIN_PASSWORD if name == ADMIN else f"sandi-{name}-2025"


def add_role_users(book: Book) -> dict[str, Actor]:
    """The administrator (a ketua) and one ordinary user per role; name -> actor."""
    actors: dict[str, Actor] = {}
    with book.transaction() as s:
        admin = users.create_administrator(s, ADMIN, ADMIN_PASSWORD, full_name="Pak Admin")
        actors[ADMIN] = users.actor_for(admin)
    with book.transaction(actors[ADMIN]) as s:
        for role, name in ROLE_USERS.items():
            actors[name] = users.actor_for(users.add_user(s, name, role, password_of(name)))
    return actors


@pytest.fixture
def staff(book: Book) -> dict[str, Actor]:
    return add_role_users(book)


class Figures:
    def __init__(self, path: Path | None) -> None:
        self.path = path

    def record(self, name: str, **values: Any) -> None:
        if self.path is None:
            return
        data = json.loads(self.path.read_text()) if self.path.exists() else {}
        data[name] = values
        self.path.write_text(json.dumps(data, indent=1, sort_keys=True, default=str))


@pytest.fixture(scope="session")
def figures() -> Iterator[Figures]:
    out = os.environ.get("COOPDESK_FIGURES")
    yield Figures(Path(out) if out else None)
