"""A per-book cache of slowly changing structure (the chart of accounts, the financial years).

Posting an entry needs the accounts and years on every call; reading them afresh each time would
cost more than the posting itself. Whoever changes them calls `changed(session)`, which stores a
new random token in the book; a session compares the token (one primary-key lookup) and reuses
the shared copy only when it matches. A session that changed structure keeps a private copy, so
data from an uncommitted transaction never reaches the shared cache.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from coopdesk.settings import Setting

T = TypeVar("T")
TOKEN_KEY = "book.structure_token"
_READ_TOKEN = select(Setting.value).where(Setting.key == TOKEN_KEY)

_shared: weakref.WeakKeyDictionary[Engine, dict[str, tuple[str, Any]]] = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


def _token(session: Session) -> str:
    token: str | None = session.info.get("structure_token")
    if token is None:
        token = session.connection().execute(_READ_TOKEN).scalar() or "-"
        session.info["structure_token"] = token
    return token


def changed(session: Session) -> None:
    """Record that accounts or years changed in this transaction."""
    token = f'"{uuid.uuid4().hex}"'
    row = session.get(Setting, TOKEN_KEY)
    if row is None:
        session.add(Setting(key=TOKEN_KEY, value=token))
    else:
        row.value = token
    session.flush()
    session.info["structure_token"] = token
    session.info["structure_dirty"] = True
    session.info.pop("structure_local", None)


def cached(session: Session, name: str, load: Callable[[Session], T]) -> T:
    """`load(session)`, reused across sessions of the same book while the structure holds."""
    local: dict[str, Any] = session.info.setdefault("structure_local", {})
    if name in local:
        return local[name]  # type: ignore[no-any-return]
    token = _token(session)
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    if not session.info.get("structure_dirty"):
        with _lock:
            hit = _shared.get(engine, {}).get(name)
        if hit is not None and hit[0] == token:
            local[name] = hit[1]
            return hit[1]  # type: ignore[no-any-return]
    value = load(session)
    local[name] = value
    if not session.info.get("structure_dirty"):
        with _lock:
            _shared.setdefault(engine, {})[name] = (token, value)
    return value
