"""The audit trail: every change, written in the same transaction as the change, hash-chained.

A record says who (user and role), when (UTC), what (an action name such as `ledger.post_entry`),
on which thing, and the state before and after as JSON. Each record carries the hash of the one
before it, so a supervisor can check that nothing was altered or removed (`verify_chain`). The
head row (`audit_head`) is updated in the same transaction, which also serializes concurrent
writers on PostgreSQL (a row lock) as IMMEDIATE transactions do on SQLite.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from coopdesk.access import actor_of
from coopdesk.db import Base, UtcDateTime, utcnow

GENESIS = "0" * 64


class AuditRecord(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    username: Mapped[str] = mapped_column(String(80), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    action: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    entity: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(80))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)


class AuditHead(Base):
    """One row: the hash of the newest record (and its id), so appending needs no scan."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int | None] = mapped_column(ForeignKey("audit_log.id"))
    last_hash: Mapped[str] = mapped_column(String(64), nullable=False)


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"cannot audit a {type(value).__name__}")


def to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=_default, sort_keys=True, ensure_ascii=False)


def record_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _fields(r: AuditRecord | dict[str, Any]) -> dict[str, Any]:
    get = r.get if isinstance(r, dict) else lambda k: getattr(r, k)
    at = get("at")
    return {
        "at": at.isoformat() if isinstance(at, datetime) else at,
        "username": get("username"),
        "role": get("role"),
        "action": get("action"),
        "entity": get("entity"),
        "entity_id": get("entity_id"),
        "before": get("before"),
        "after": get("after"),
    }


_LOG = cast(Table, AuditRecord.__table__)
_HEAD = cast(Table, AuditHead.__table__)
# FOR UPDATE queues concurrent writers on PostgreSQL; SQLite's IMMEDIATE lock already has.
_READ_HEAD = select(_HEAD.c.last_hash).where(_HEAD.c.id == 1).with_for_update()
_APPEND = insert(_LOG).returning(_LOG.c.id)
_MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(last_id=bindparam("new_id"), last_hash=bindparam("new_hash"))
)


def record(
    session: Session,
    action: str,
    *,
    entity: str | None = None,
    entity_id: object = None,
    before: Any = None,
    after: Any = None,
    username: str | None = None,
) -> None:
    """Append one audit record in the caller's transaction (it commits or rolls back with it)."""
    actor = actor_of(session)
    conn = session.connection()
    prev_hash = conn.execute(_READ_HEAD).scalar_one()
    values: dict[str, Any] = {
        "at": utcnow().replace(microsecond=0),
        "username": username or actor.username,
        "role": actor.role.value,
        "action": action,
        "entity": entity,
        "entity_id": None if entity_id is None else str(entity_id),
        "before": to_json(before),
        "after": to_json(after),
        "prev_hash": prev_hash,
    }
    values["hash"] = record_hash(prev_hash, _fields(values))
    new_id = conn.execute(_APPEND, values).scalar_one()
    conn.execute(_MOVE_HEAD, {"new_id": new_id, "new_hash": values["hash"]})


@dataclass(frozen=True)
class ChainCheck:
    records: int
    first_broken: int | None  # id of the first record whose hash or link does not hold
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify_chain(session: Session) -> ChainCheck:
    """Walk the trail in order and report the first record whose hash or link is wrong."""
    prev = GENESIS
    count = 0
    for rec in session.scalars(select(AuditRecord).order_by(AuditRecord.id)).yield_per(2000):
        count += 1
        if rec.prev_hash != prev:
            return ChainCheck(count, rec.id, "link")
        if record_hash(prev, _fields(rec)) != rec.hash:
            return ChainCheck(count, rec.id, "hash")
        prev = rec.hash
    head = session.get(AuditHead, 1)
    if head is not None and head.last_hash != prev:
        return ChainCheck(count, head.last_id, "head")
    return ChainCheck(count, None)
