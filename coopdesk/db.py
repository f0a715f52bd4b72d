"""The storage vocabulary every domain package shares: the declarative base and column types.

`Money` is the one column type for amounts (whole rupiah in a BIGINT); it refuses floats and
fractions at bind time so no rounding can sneak in between the service and the database.
Timestamps are stored as naive UTC and come back timezone-aware.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Money(TypeDecorator[int]):
    """Whole rupiah as a signed 64-bit integer."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool | float):
            raise TypeError(f"money must be int, not {type(value).__name__}")
        if isinstance(value, Decimal):
            if value != value.to_integral_value():
                raise TypeError(f"money must be whole rupiah, got {value}")
            return int(value)
        if not isinstance(value, int):
            raise TypeError(f"money must be int, not {type(value).__name__}")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else int(value)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in UTC; naive values are refused so local times cannot be stored by mistake."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise TypeError("timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # raw SQL on SQLite hands back text
            value = datetime.fromisoformat(value)
        moment: datetime = value
        return moment.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
