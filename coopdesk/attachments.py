"""Files kept inside the book: the cooperative's logo, a producer's logo, scanned permits, photos.

Keeping them in the database means a backup or a shared PostgreSQL book carries them too.
"""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import datetime
from pathlib import Path

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from coopdesk.db import Base, UtcDateTime, utcnow
from coopdesk.errors import UserError
from coopdesk.i18n import _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class Attachment(Base):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    mime: Mapped[str] = mapped_column(String(100), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


def add_attachment(session: Session, kind: str, filename: str, data: bytes) -> int:
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise UserError(
            _("“{name}” is larger than 10 MB; choose a smaller file.").format(name=filename)
        )
    mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    att = Attachment(
        kind=kind, filename=Path(filename).name, mime=mime,
        sha256=hashlib.sha256(data).hexdigest(), data=data,
    )
    session.add(att)
    session.flush()
    return att.id


def add_attachment_file(session: Session, kind: str, path: Path) -> int:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(
            _("Cannot read “{path}”: {error}").format(path=path, error=exc.strerror)
        ) from None
    return add_attachment(session, kind, path.name, data)


def attachment_bytes(session: Session, attachment_id: int) -> bytes | None:
    att = session.get(Attachment, attachment_id)
    return att.data if att else None
