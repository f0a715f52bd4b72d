"""Copying a book's rows between databases of any kind: the logical backup format.

A logical backup is JSON lines: for each table a header line `{"table": name, "columns": [...]}`
followed by one line per row (a list of values). Values JSON cannot hold are tagged: `{"$b": ...}`
bytes (base64), `{"$d": ...}` a date, `{"$t": ...}` a timestamp, `{"$n": ...}` a decimal. Tables
are read by reflection, so a book at any schema revision can be exported.

Loading runs on a database migrated to the backup's revision, in the caller's one transaction,
with the book's guard triggers suspended (they forbid writing posted entries and audit records,
which is exactly what a restore must do) and put back before it commits.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import MetaData, Table, bindparam, delete, insert, select, text, update
from sqlalchemy.engine import Connection

SKIP_TABLES = frozenset({"alembic_version"})
CHUNK = 1000

#: One table's rows as they stream out of a backup: (table name, column names, rows).
TableRows = tuple[str, list[str], Iterable[Sequence[Any]]]


def reflect(conn: Connection) -> MetaData:
    md = MetaData()
    md.reflect(conn)
    return md


def tables_in_order(md: MetaData) -> list[Table]:
    """Tables with the ones others refer to first (self-references are handled row by row)."""
    return [t for t in md.sorted_tables if t.name not in SKIP_TABLES]


def revision_of(conn: Connection) -> tuple[str, ...]:
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
    return tuple(sorted(str(r) for r in rows))


# --- out ------------------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$n": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        (tag, raw), = value.items()
        if tag == "$b":
            return base64.b64decode(raw)
        if tag == "$t":
            return datetime.fromisoformat(raw)
        if tag == "$d":
            return date.fromisoformat(raw)
        if tag == "$n":
            return Decimal(raw)
    return value


def read_tables(conn: Connection) -> Iterator[TableRows]:
    """Every table of the database `conn` reads, each in primary-key order."""
    for table in tables_in_order(reflect(conn)):
        order = list(table.primary_key.columns) or list(table.columns)
        result = conn.execution_options(yield_per=CHUNK).execute(select(table).order_by(*order))
        yield table.name, [c.name for c in table.columns], (tuple(r) for r in result)


def write_jsonl(tables: Iterable[TableRows], fh: IO[bytes]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, columns, rows in tables:
        fh.write(_line({"table": name, "columns": columns}))
        n = 0
        for row in rows:
            fh.write(_line([_encode(v) for v in row]))
            n += 1
        counts[name] = n
    return counts


def _line(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def read_jsonl(fh: IO[bytes]) -> Iterator[TableRows]:
    """The tables of a logical backup, streamed: each table's rows are read as they are used."""
    line = fh.readline()

    def rows() -> Iterator[Sequence[Any]]:
        nonlocal line
        line = fh.readline()
        while line:
            value = json.loads(line)
            if isinstance(value, dict):
                return  # the next table's header
            yield [_decode(v) for v in value]
            line = fh.readline()

    while line:
        head = json.loads(line)
        if not isinstance(head, dict) or "table" not in head:
            raise ValueError("a logical backup must start each table with its header")
        table_rows = rows()
        yield str(head["table"]), [str(c) for c in head["columns"]], table_rows
        for _skipped in table_rows:  # a table the reader did not want
            pass


# --- in -------------------------------------------------------------------------------------------


@contextmanager
def guards_suspended(conn: Connection, md: MetaData) -> Iterator[None]:
    """Lift the book's triggers for the length of a restore, in its transaction."""
    if conn.dialect.name == "sqlite":
        triggers = conn.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).all()
        for name, _sql in triggers:
            conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        yield
        for _name, sql in triggers:
            conn.exec_driver_sql(sql)
        return
    names = [t.name for t in md.sorted_tables]
    for name in names:
        conn.exec_driver_sql(f'ALTER TABLE "{name}" DISABLE TRIGGER USER')
    yield
    for name in names:
        conn.exec_driver_sql(f'ALTER TABLE "{name}" ENABLE TRIGGER USER')


def load_tables(conn: Connection, tables: Iterable[TableRows]) -> dict[str, int]:
    """Replace every row of the database `conn` writes with the rows of `tables`."""
    md = reflect(conn)
    counts: dict[str, int] = {}
    with guards_suspended(conn, md):
        for table in reversed(tables_in_order(md)):
            conn.execute(delete(table))
        for name, columns, rows in tables:
            if name in SKIP_TABLES:
                continue
            if name not in md.tables:
                raise ValueError(f"the backup holds a table this book does not have: {name}")
            counts[name] = _load_table(conn, md.tables[name], columns, rows)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn, md)
    return counts


def _load_table(conn: Connection, table: Table, columns: list[str],
                rows: Iterable[Sequence[Any]]) -> int:
    # A row may refer to a later row of its own table (an account's parent added afterwards):
    # such columns are written empty first and filled in once every row is there.
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    pk = [c.name for c in table.primary_key.columns]
    later: list[dict[str, Any]] = []
    stmt = insert(table)
    batch: list[dict[str, Any]] = []
    n = 0
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        if self_refs and any(row.get(c) is not None for c in self_refs):
            later.append({**{f"k_{k}": row[k] for k in pk},
                          **{f"v_{c}": row[c] for c in self_refs}})
            row.update(dict.fromkeys(self_refs))
        batch.append(row)
        n += 1
        if len(batch) >= CHUNK:
            conn.execute(stmt, batch)
            batch = []
    if batch:
        conn.execute(stmt, batch)
    if later:
        fill = (update(table)
                .where(*(table.c[k] == bindparam(f"k_{k}") for k in pk))
                .values({c: bindparam(f"v_{c}") for c in self_refs}))
        for start in range(0, len(later), CHUNK):
            conn.execute(fill, later[start:start + CHUNK])
    return n


def _reset_sequences(conn: Connection, md: MetaData) -> None:
    for table in md.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1:
            continue
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                           {"t": table.name, "c": pk[0].name}).scalar()
        if seq:
            conn.execute(text(
                f'SELECT setval(:s, COALESCE(MAX("{pk[0].name}"), 1), MAX("{pk[0].name}") '
                f'IS NOT NULL) FROM "{table.name}"'), {"s": seq})


def count_rows(conn: Connection) -> dict[str, int]:
    from sqlalchemy import func

    return {
        t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
        for t in tables_in_order(reflect(conn))
    }
