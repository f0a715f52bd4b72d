"""The audit trail: every change, written in the same transaction as the change, hash-chained.

A record says who (user and role), when (UTC), what (an action name such as `ledger.post_entry`),
on which thing, and the state before and after as JSON. Each record carries the hash of the one
before it, so a supervisor can check that nothing was altered or removed (`verify_chain`). The
head row (`audit_head`) is updated in the same transaction, which also serializes concurrent
writers on PostgreSQL (a row lock) as IMMEDIATE transactions do on SQLite.

The database itself keeps the trail append-only (migration 0006): it refuses to update or delete
a record, to append one that does not link to the head, and to move the head anywhere but the
newest record. The supervisor's view (`list_records`) filters by user, date and kind and exports
to XLSX and PDF.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql import Select

from coopdesk.access import Capability, actor_of, require
from coopdesk.db import Base, UtcDateTime, utcnow
from coopdesk.i18n import _

GENESIS = "0" * 64


class AuditRecord(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_username_at", "username", "at"),
        Index("ix_audit_log_at", "at"),
    )

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
_SQLITE_APPEND = (
    "INSERT INTO audit_log (at, username, role, action, entity, entity_id, before, after, "
    "prev_hash, hash) VALUES (:at, :username, :role, :action, :entity, :entity_id, :before, "
    ":after, :prev_hash, :hash) RETURNING id"
)
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
    role: str | None = None,
) -> None:
    """Append one audit record in the caller's transaction (it commits or rolls back with it).
    `username` and `role` name someone other than the actor (a failed sign-in)."""
    actor = actor_of(session)
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        prev_hash = cur.execute("SELECT last_hash FROM audit_head WHERE id = 1").fetchone()[0]
    else:
        prev_hash = conn.execute(_READ_HEAD).scalar_one()
    values: dict[str, Any] = {
        "at": utcnow().replace(microsecond=0),
        "username": username or actor.username,
        "role": role or actor.role.value,
        "action": action,
        "entity": entity,
        "entity_id": None if entity_id is None else str(entity_id),
        "before": to_json(before),
        "after": to_json(after),
        "prev_hash": prev_hash,
    }
    values["hash"] = record_hash(prev_hash, _fields(values))
    if sqlite:
        # Straight on the sqlite3 cursor, like the journal's posting path: every action writes
        # a record, and SQLAlchemy's per-statement cost was most of the record's cost. The
        # timestamp is written in the form SQLAlchemy's SQLite DateTime reads back.
        row = dict(values, at=values["at"].replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f"))
        new_id = cur.execute(_SQLITE_APPEND, row).fetchone()[0]
        cur.execute("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1",
                    (new_id, values["hash"]))
        cur.close()
        return
    new_id = conn.execute(_APPEND, values).scalar_one()
    conn.execute(_MOVE_HEAD, {"new_id": new_id, "new_hash": values["hash"]})


@dataclass(frozen=True)
class ChainCheck:
    records: int
    first_broken: int | None  # id of the first record whose hash or link does not hold
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


def verify_chain(session: Session) -> ChainCheck:
    """Walk the trail in order and report the first record whose hash or link is wrong."""
    prev = GENESIS
    count = 0
    last_id = 0
    for rec in session.scalars(select(AuditRecord).order_by(AuditRecord.id)).yield_per(2000):
        count += 1
        if rec.prev_hash != prev:
            return ChainCheck(count, rec.id, "link")
        if record_hash(prev, _fields(rec)) != rec.hash:
            return ChainCheck(count, rec.id, "hash")
        prev, last_id = rec.hash, rec.id
    head = session.get(AuditHead, 1)
    if head is None or head.last_hash != prev:
        # The newest records were removed (or the head was moved): name the first one missing.
        missing = head.last_id if head is not None and (head.last_id or 0) > last_id else None
        return ChainCheck(count, missing or last_id + 1, "head")
    return ChainCheck(count, None)


def verify(session: Session) -> ChainCheck:
    """The supervisor's check of the whole trail."""
    require(session, Capability.AUDIT)
    return verify_chain(session)


# --- the supervisor's view ------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    since: date | None = None  # local dates, inclusive
    until: date | None = None
    kind: str | None = None  # an action or its prefix: "user", "ledger.post_entry"


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC
    username: str
    role: str
    action: str
    entity: str | None
    entity_id: str | None
    before: str | None
    after: str | None

    @property
    def change(self) -> str:
        return describe_change(self.before, self.after)


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


def _filtered(query: Select[Any], f: AuditFilter) -> Select[Any]:
    if f.username:
        query = query.where(AuditRecord.username == f.username.strip().lower())
    if f.since:
        query = query.where(AuditRecord.at >= _local_midnight_utc(f.since))
    if f.until:
        query = query.where(AuditRecord.at < _local_midnight_utc(f.until + timedelta(days=1)))
    if f.kind:
        kind = f.kind.strip()
        query = query.where((AuditRecord.action == kind)
                            | AuditRecord.action.startswith(kind.rstrip(".") + ".",
                                                            autoescape=True))
    return query


def list_records(session: Session, f: AuditFilter = AuditFilter(), *, limit: int | None = None,
                 offset: int = 0, newest_first: bool = True) -> list[AuditRow]:
    require(session, Capability.AUDIT)
    order = AuditRecord.id.desc() if newest_first else AuditRecord.id
    query = _filtered(select(AuditRecord), f).order_by(order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [
        AuditRow(r.id, r.at, r.username, r.role, r.action, r.entity, r.entity_id, r.before,
                 r.after)
        for r in session.scalars(query)
    ]


def count_records(session: Session, f: AuditFilter = AuditFilter()) -> int:
    require(session, Capability.AUDIT)
    return int(session.scalar(_filtered(select(func.count(AuditRecord.id)), f)) or 0)


def kinds(session: Session) -> list[str]:
    """The kinds of record in the trail (the part of the action before the dot), for a filter."""
    require(session, Capability.AUDIT)
    actions = session.scalars(select(AuditRecord.action).distinct())
    return sorted({a.split(".")[0] for a in actions})


def usernames(session: Session) -> list[str]:
    require(session, Capability.AUDIT)
    return sorted(session.scalars(select(AuditRecord.username).distinct()))


def describe_change(before: str | None, after: str | None) -> str:
    """What changed, briefly: `field: old → new` for edits, the new values for additions."""
    old, new = _loads(before), _loads(after)
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
        return "; ".join(f"{k}: {_short(old.get(k))} → {_short(new.get(k))}" for k in keys)
    if isinstance(new, dict):
        return "; ".join(f"{k}: {_short(v)}" for k, v in sorted(new.items()))
    if old is None and new is None:
        return ""
    return f"{_short(old)} → {_short(new)}" if old is not None else _short(new)


def _loads(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _short(value: Any, width: int = 60) -> str:
    text = "" if value is None else (value if isinstance(value, str) else json.dumps(
        value, ensure_ascii=False, sort_keys=True))
    return text if len(text) <= width else text[: width - 1] + "…"


AUDIT_HEADER = ("id", "at_utc", "user", "role", "action", "entity", "entity_id", "before",
                "after")


def audit_csv_rows(rows: Sequence[AuditRow]) -> list[Sequence[Any]]:
    return [(r.id, r.at.replace(tzinfo=None), r.username, r.role, r.action, r.entity,
             r.entity_id, r.before, r.after) for r in rows]


def audit_sheet(rows: Sequence[AuditRow]) -> Any:
    from coopdesk.tabular import Sheet

    return Sheet(
        title=_("Audit trail"),
        header=[_("No."), _("Time (UTC)"), _("User"), _("Role"), _("Action"), _("Thing"),
                _("Thing no."), _("Before"), _("After")],
        rows=audit_csv_rows(rows), widths=(8, 20, 14, 12, 24, 14, 12, 40, 40),
    )


def audit_pdf(rows: Sequence[AuditRow], head: Any, f: AuditFilter, check: ChainCheck) -> bytes:
    """The trail as the supervisor prints it for the members' meeting, with the chain's state."""
    from reportlab.lib.units import mm

    from coopdesk.i18n import format_date
    from coopdesk.pdf import build_pdf, data_table, paragraph, signature_block

    table = data_table(
        [_("No."), _("Time"), _("User"), _("Action"), _("What changed")],
        [(r.id, r.at.astimezone().strftime("%Y-%m-%d %H:%M"), f"{r.username} ({r.role})",
          r.action + (f" {r.entity_id}" if r.entity_id else ""), r.change) for r in rows],
        numeric=(0,), widths=(14 * mm, 30 * mm, 38 * mm, 55 * mm, 130 * mm), wrap=(3, 4),
        font_size=7.5,
    )
    parts = [_filter_text(f, format_date)]
    state = (_("The chain of {n} records is whole.").format(n=check.records) if check.ok else
             _("The chain is BROKEN at record {id}.").format(id=check.first_broken))
    flowables = [paragraph(state), table,
                 signature_block([(_("Supervisor"), ""), (_("Chair"), "")])]
    return build_pdf(head, _("Audit trail"), flowables, subtitle=" · ".join(p for p in parts if p),
                     wide=True)


def _filter_text(f: AuditFilter, format_date: Any) -> str:
    parts = []
    if f.since or f.until:
        parts.append(_("{since} to {until}").format(
            since=format_date(f.since) if f.since else "…",
            until=format_date(f.until) if f.until else "…"))
    if f.username:
        parts.append(_("user {name}").format(name=f.username))
    if f.kind:
        parts.append(_("kind {kind}").format(kind=f.kind))
    return ", ".join(parts) or _("all records")
