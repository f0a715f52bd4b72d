"""The cooperative's settings, kept in its book: a declared registry of typed keys with defaults.

Each domain declares its settings where it uses them (`SettingKey("savings.pokok_amount", int,
200_000)`); values are stored as JSON in the `setting` table, so a book carries its own rules (the
statutes' amounts, rates, splits) wherever it is opened. Changing a setting is audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.db import Base

T = TypeVar("T")


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


@dataclass(frozen=True)
class SettingKey(Generic[T]):
    """A named setting with its type and default; `get`/`put` read and write it in a book."""

    key: str
    kind: type
    default: T

    def get(self, session: Session) -> T:
        raw = session.scalar(select(Setting.value).where(Setting.key == self.key))
        if raw is None:
            return self.default
        value = json.loads(raw)
        return self._decode(value)

    def _decode(self, value: Any) -> T:
        if self.kind is int and isinstance(value, int):
            return value  # type: ignore[return-value]
        if self.kind in (dict, list, str, bool):
            return value  # type: ignore[no-any-return]
        return self.kind(value)  # type: ignore[no-any-return]

    def put(self, session: Session, value: T, *, check: bool = True) -> None:
        if check:
            require(session, Capability.SETTINGS)
        before = self.get(session)
        encoded = json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)
        row = session.get(Setting, self.key)
        if row is None:
            session.add(Setting(key=self.key, value=encoded))
        else:
            row.value = encoded
        session.flush()
        audit.record(
            session, "settings.change", entity="setting", entity_id=self.key,
            before=before, after=value,
        )


# The cooperative's identity, used on every letterhead.
COOP_NAME: SettingKey[str] = SettingKey("coop.name", str, "")
COOP_ADDRESS: SettingKey[str] = SettingKey("coop.address", str, "")
COOP_LEGAL_NO: SettingKey[str] = SettingKey("coop.legal_no", str, "")  # badan hukum number
COOP_PHONE: SettingKey[str] = SettingKey("coop.phone", str, "")
COOP_LOGO: SettingKey[int] = SettingKey("coop.logo_attachment", int, 0)
BOOK_LANGUAGE: SettingKey[str] = SettingKey("book.language", str, "id")
