"""Backups: a consistent copy of the book, checked before it is ever put back.

A backup file (`*.coopdesk-backup`) is a ZIP holding `manifest.json` and one payload: a SQLite
book copied with SQLite's online backup (safe while the app is open and writing), or for a
PostgreSQL book a logical export of every table read in one snapshot (`backup_rows`). The
manifest carries the payload's SHA-256, the schema revision and the row count of every table.

`restore` verifies the checksum and the revision first, refuses a backup made by a newer
coopdesk, and keeps a copy of the current book before replacing it. Automatic backups (on
closing the app or switching to another book, and before every upgrade of the schema) go to the
folder the cooperative chose (a USB stick), keeping the newest `BACKUP_KEEP` of each kind;
`reminder` says when the last backup is older than `BACKUP_REMIND_DAYS`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from coopdesk import __version__, audit, backup_rows
from coopdesk.access import Capability, require
from coopdesk.book import Book, backup_sqlite
from coopdesk.errors import BookError, UserError
from coopdesk.i18n import _
from coopdesk.paths import backup_dir
from coopdesk.settings import COOP_NAME, SettingKey

FORMAT = "coopdesk-backup"
FORMAT_VERSION = 1
SUFFIX = ".coopdesk-backup"
MANIFEST = "manifest.json"
SQLITE_PAYLOAD = "book.sqlite"
LOGICAL_PAYLOAD = "book.jsonl"
ROTATED_REASONS = ("close", "auto")
#: Copies made before an upgrade rotate among themselves: daily closing backups must not push
#: out the one copy of the book as it was before the schema changed.
UPGRADE_REASON = "upgrade"
MAX_MANIFEST_BYTES = 1_000_000

BACKUP_FOLDER: SettingKey[str] = SettingKey("backup.folder", str, "")
BACKUP_KEEP: SettingKey[int] = SettingKey("backup.keep", int, 10)
BACKUP_REMIND_DAYS: SettingKey[int] = SettingKey("backup.remind_days", int, 7)


class BackupRefused(UserError):
    """A backup file that cannot or must not be restored; nothing was changed."""

    exit_code = 4


@dataclass(frozen=True)
class Manifest:
    schema: tuple[str, ...]
    kind: str  # "sqlite" or "logical"
    payload: str
    sha256: str
    size: int
    created_at: str  # UTC, ISO 8601
    source: str  # the dialect the book lived on
    cooperative: str = ""
    reason: str = "manual"
    app_version: str = __version__
    counts: dict[str, int] = field(default_factory=dict)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        data = asdict(self)
        data["schema"] = list(self.schema)
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a coopdesk backup manifest")
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["schema"] = tuple(values.get("schema") or ())
        return cls(**values)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- making a backup ----------------------------------------------------------------------------


def make_backup(book: Book, out: Path, *, reason: str = "manual") -> BackupResult:
    """Write a backup of `book` to `out` (whole or not at all) and record it in the trail."""
    with book.read() as s:
        require(s, Capability.BACKUP)
    result = _write_backup(book, Path(out), reason)
    book.write(lambda s: audit.record(
        s, "backup.create", entity="backup", entity_id=result.path.name[:80],
        after={"sha256": result.manifest.sha256, "schema": result.manifest.schema,
               "reason": reason, "rows": sum(result.manifest.counts.values())}))
    return result


def _write_backup(book: Book, out: Path, reason: str) -> BackupResult:
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".coopdesk-backup-", dir=out.parent) as tmp:
        work = Path(tmp)
        if book.location.path is not None:
            payload = backup_sqlite(book.location.path, work / SQLITE_PAYLOAD)
            kind, schema, counts, coop = "sqlite", *_describe_sqlite(payload)
        else:
            payload = work / LOGICAL_PAYLOAD
            kind, schema, counts, coop = "logical", *_export_logical(book, payload)
        manifest = Manifest(
            schema=schema, kind=kind, payload=payload.name, sha256=_sha256(payload),
            size=payload.stat().st_size, created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            source=book.dialect, cooperative=coop, reason=reason, counts=counts,
        )
        packed = work / "packed.zip"
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(MANIFEST, manifest.to_json())
            zf.write(payload, payload.name)
        with packed.open("rb") as fh:
            os.fsync(fh.fileno())
        try:
            os.replace(packed, out)
        except OSError as exc:
            raise UserError(_("Cannot write “{path}”: {error}").format(
                path=out, error=exc.strerror or exc)) from None
    return BackupResult(out, manifest)


def _describe_sqlite(path: Path) -> tuple[tuple[str, ...], dict[str, int], str]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            schema = backup_rows.revision_of(conn)
            counts = backup_rows.count_rows(conn)
            coop = _coop_name(conn)
    finally:
        engine.dispose()
    return schema, counts, coop


def _coop_name(conn: Any) -> str:
    with Session(conn) as s:
        try:
            return COOP_NAME.get(s)
        except ValueError:
            return ""


def _export_logical(book: Book, target: Path) -> tuple[tuple[str, ...], dict[str, int], str]:
    # One read-only snapshot (REPEATABLE READ on PostgreSQL): every table as of the same moment.
    with book.read() as s, target.open("wb") as fh:
        conn = s.connection()
        schema = backup_rows.revision_of(conn)
        counts = backup_rows.write_jsonl(backup_rows.read_tables(conn), fh)
        coop = COOP_NAME.get(s)
        fh.flush()
        os.fsync(fh.fileno())
    return schema, counts, coop


# --- automatic backups, rotation, reminder ------------------------------------------------------


def folder(session: Session) -> Path:
    chosen = BACKUP_FOLDER.get(session).strip()
    return Path(chosen).expanduser() if chosen else backup_dir()


def _slug(coop: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", coop.lower()).strip("-")[:40] or "koperasi"


def backup_name(coop: str, reason: str, moment: datetime | None = None) -> str:
    slug = _slug(coop)
    stamp = (moment or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{slug}-{stamp}-{reason}{SUFFIX}"


def auto_backup(book: Book, *, reason: str = "close") -> BackupResult:
    """A backup into the chosen folder (the app runs this on closing), then rotation."""
    with book.read() as s:
        target_dir = folder(s)
        keep = BACKUP_KEEP.get(s)
        coop = COOP_NAME.get(s)
    result = make_backup(book, _unique(target_dir / backup_name(coop, reason)), reason=reason)
    rotate(target_dir, keep, coop=coop)
    return result


def _unique(path: Path) -> Path:
    """`path`, or when a file of that name (made the same second) exists, the name with a number
    one above the highest taken: higher must mean newer, even after rotation removed some."""
    base = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
    suffix = path.name[len(base):]
    taken = [1] if path.exists() else []
    pattern = re.compile(rf"^{re.escape(base)}-(\d+){re.escape(suffix)}$")
    if path.parent.is_dir():
        taken += [int(m.group(1)) for p in path.parent.iterdir()
                  if (m := pattern.match(p.name))]
    if not taken:
        return path
    return path.with_name(f"{base}-{max(taken) + 1}{suffix}")


def rotate(target_dir: Path, keep: int, *, coop: str,
           reasons: tuple[str, ...] = ROTATED_REASONS) -> list[Path]:
    """Remove this book's oldest automatic backups of `reasons` beyond the newest `keep`; never
    manual ones, nor the copies kept before a restore."""
    slug = _slug(coop)
    pattern = re.compile(rf"^{re.escape(slug)}-(\d{{8}}-\d{{6}})-(?:{'|'.join(reasons)})"
                         rf"(?:-(\d+))?{re.escape(SUFFIX)}$")
    autos = []
    for p in target_dir.glob(f"*{SUFFIX}"):
        m = pattern.match(p.name)
        if m:  # oldest first: by time, then by the number added to a name taken that second
            autos.append(((m.group(1), int(m.group(2) or 1)), p))
    autos.sort()
    removed = [p for _key, p in autos[: max(len(autos) - max(keep, 1), 0)]]
    for p in removed:
        p.unlink(missing_ok=True)
    return removed


def last_backup_at(session: Session) -> datetime | None:
    return session.scalar(select(func.max(audit.AuditRecord.at))
                          .where(audit.AuditRecord.action == "backup.create"))


def reminder(session: Session, today: date | None = None) -> str | None:
    """A plain sentence when the book has gone too long without a backup; None otherwise."""
    days_allowed = BACKUP_REMIND_DAYS.get(session)
    if days_allowed <= 0:
        return None
    today = today or date.today()
    last = last_backup_at(session)
    since = last or session.scalar(select(func.min(audit.AuditRecord.at)))
    if since is None:
        return None
    days = (today - since.astimezone().date()).days
    if days < days_allowed:
        return None
    if last is None:
        return _("This book has never been backed up. Make a backup now and keep it on a "
                 "USB stick.")
    return _("The last backup was made {n} days ago. Make a backup now and keep it on a "
             "USB stick.").format(n=days)


def backup_before_upgrade(book: Book) -> Path:
    """A whole backup of a book (SQLite or PostgreSQL) before its schema is upgraded, in the
    chosen backup folder, rotated with the copies of earlier upgrades. Should that folder be
    unusable (the USB stick is not plugged in), the copy goes to the data folder's backups
    instead: refusing to open would leave no way to choose another folder. When no copy can be
    written at all, the upgrade is refused with `BookError` and the book stays as it was."""
    with book.read() as s:
        chosen, keep, coop = folder(s), BACKUP_KEEP.get(s), _old_coop_name(s)
    places = list(dict.fromkeys((chosen, backup_dir())))
    failure: Exception | None = None
    for place in places:
        try:
            target = _unique(place / backup_name(coop, UPGRADE_REASON))
            result = _write_backup(book, target, UPGRADE_REASON)
        except (OSError, sqlite3.Error, UserError) as exc:  # the folder or its disk: try the next
            failure = exc
            continue
        rotate(place, keep, coop=coop, reasons=(UPGRADE_REASON,))
        return result.path
    raise BookError(_("The book needs an upgrade for this version of coopdesk, but a backup copy "
                      "could not be saved first ({error}). The book was not changed. Free some "
                      "space or check the backup folder, then open it again.").format(
                          error=_reason(failure)))


def _old_coop_name(session: Session) -> str:
    """The name, from a book of any age (the setting may be stored in an older form)."""
    try:
        return COOP_NAME.get(session)
    except (ValueError, TypeError):
        return ""


def _reason(exc: Exception | None) -> str:
    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, OSError):
        return f"{exc.filename or ''}: {exc.strerror or exc}".strip(": ")
    return str(exc or "")


# --- checking a backup ---------------------------------------------------------------------------


def read_manifest(path: Path) -> Manifest:
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(MANIFEST)
            if info.file_size > MAX_MANIFEST_BYTES:
                raise ValueError("manifest too large")
            return Manifest.from_json(zf.read(MANIFEST))
    except FileNotFoundError:
        raise BackupRefused(_("There is no file “{path}”.").format(path=path)) from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise BackupRefused(
            _("“{path}” is not a coopdesk backup, or it is damaged.").format(path=path.name)
        ) from None


def verify_backup(path: Path) -> Manifest:
    """The manifest, once the payload's checksum and the schema revision are known good."""
    from coopdesk.book import known_revisions

    path = Path(path)
    manifest = read_manifest(path)
    if manifest.format_version > FORMAT_VERSION or any(
            rev not in known_revisions() for rev in manifest.schema):
        raise BackupRefused(_("“{path}” was made by a newer version of coopdesk; update coopdesk "
                              "to restore it.").format(path=path.name))
    if not manifest.schema or manifest.kind not in ("sqlite", "logical"):
        raise BackupRefused(_("“{path}” is not a coopdesk backup, or it is damaged.").format(
            path=path.name))
    with _payload(path, manifest) as fh:
        digest = hashlib.sha256()
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != manifest.sha256:
        raise BackupRefused(_("“{path}” is damaged: its checksum does not match. It was not "
                              "restored.").format(path=path.name))
    return manifest


@contextmanager
def _payload(path: Path, manifest: Manifest) -> Iterator[IO[bytes]]:
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(manifest.payload)
            if info.file_size != manifest.size:
                raise BackupRefused(_("“{path}” is damaged: its checksum does not match. It was "
                                      "not restored.").format(path=path.name))
            with zf.open(info) as fh:
                yield fh
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        raise BackupRefused(
            _("“{path}” is not a coopdesk backup, or it is damaged.").format(path=path.name)
        ) from None
