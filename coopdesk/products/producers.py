"""Business groups (kelompok usaha): the producers whose name and address every label carries.

A label must name the producer with at least the city, a five-digit postal code and "Indonesia";
the regency code (four digits, as in a P-IRT number) lets coopdesk check a group's P-IRT numbers.
"""

from __future__ import annotations

import dataclasses
import io
import re

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.attachments import add_attachment
from coopdesk.db import utcnow
from coopdesk.errors import NotFound, Problem, UserError, ValidationError
from coopdesk.i18n import _
from coopdesk.products.models import Producer
from coopdesk.products.records import ProducerData, ProducerRecord


def _record(p: Producer) -> ProducerRecord:
    return ProducerRecord(
        name=p.name, address=p.address, city=p.city, postal_code=p.postal_code,
        regency=p.regency, regency_code=p.regency_code, phone=p.phone, nib=p.nib, id=p.id,
        logo_id=p.logo_id,
    )


def check_producer(data: ProducerData) -> tuple[ProducerData, list[Problem]]:
    """The data tidied (spaces), and every problem with it."""
    clean = ProducerData(**{k: " ".join(str(v).split())
                            for k, v in dataclasses.asdict(data).items()})
    problems = []
    if not clean.name:
        problems.append(Problem(_("The business group needs a name."), column="name"))
    elif len(clean.name) > 120:
        problems.append(Problem(_("The name is longer than 120 characters."), column="name"))
    if clean.postal_code and not re.fullmatch(r"\d{5}", clean.postal_code):
        problems.append(Problem(_("A postal code has 5 digits."), column="postal_code"))
    if clean.regency_code and not re.fullmatch(r"\d{4}", clean.regency_code):
        problems.append(Problem(_("The regency code has 4 digits (Banyumas is 3302)."),
                                column="regency_code"))
    if clean.nib and not re.fullmatch(r"\d{13}", clean.nib):
        problems.append(Problem(_("An NIB (business identity number) has 13 digits."),
                                column="nib"))
    if len(clean.address) > 255:
        problems.append(Problem(_("The address is longer than 255 characters."),
                                column="address"))
    return clean, problems


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError(_("The business group was not saved."), problems)


def _name_taken(session: Session, name: str, except_id: int | None = None) -> bool:
    query = select(Producer.id).where(func.lower(Producer.name) == name.lower())
    if except_id is not None:
        query = query.where(Producer.id != except_id)
    return session.scalar(query) is not None


def add_producer(session: Session, data: ProducerData) -> ProducerRecord:
    require(session, Capability.REGISTER)
    clean, problems = check_producer(data)
    if clean.name and _name_taken(session, clean.name):
        problems.append(Problem(_("There is already a business group named “{name}”.")
                                .format(name=clean.name), column="name"))
    _refuse(problems)
    row = Producer(**dataclasses.asdict(clean))
    session.add(row)
    session.flush()
    audit.record(session, "products.add_producer", entity="producer", entity_id=row.id,
                 after=dataclasses.asdict(clean))
    return _record(row)


def update_producer(session: Session, producer_id: int, data: ProducerData) -> ProducerRecord:
    require(session, Capability.REGISTER)
    row = _get(session, producer_id)
    before = dataclasses.asdict(ProducerData(**{
        f.name: getattr(row, f.name) for f in dataclasses.fields(ProducerData)}))
    clean, problems = check_producer(data)
    if clean.name and _name_taken(session, clean.name, except_id=producer_id):
        problems.append(Problem(_("There is already a business group named “{name}”.")
                                .format(name=clean.name), column="name"))
    _refuse(problems)
    for key, value in dataclasses.asdict(clean).items():
        setattr(row, key, value)
    row.updated_at = utcnow()
    session.flush()
    audit.record(session, "products.update_producer", entity="producer", entity_id=row.id,
                 before=before, after=dataclasses.asdict(clean))
    return _record(row)


def check_picture(filename: str, data: bytes) -> None:
    """Refuse a file that is not a picture a label can print (PNG or JPEG)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds of errors for a damaged or foreign file
        kind = None
    if kind not in ("PNG", "JPEG"):
        raise UserError(_("“{name}” is not a PNG or JPEG picture.").format(name=filename))


def set_producer_logo(session: Session, producer_id: int, filename: str, data: bytes) -> int:
    """Keep the group's logo in the book (printed on labels when there is room)."""
    require(session, Capability.REGISTER)
    check_picture(filename, data)
    row = _get(session, producer_id)
    before = row.logo_id
    row.logo_id = add_attachment(session, "producer_logo", filename, data)
    session.flush()
    audit.record(session, "products.producer_logo", entity="producer", entity_id=row.id,
                 before={"logo_id": before}, after={"logo_id": row.logo_id})
    return row.logo_id


def _get(session: Session, producer_id: int) -> Producer:
    row = session.get(Producer, producer_id)
    if row is None:
        raise NotFound(_("There is no business group with number {id}.").format(id=producer_id))
    return row


def get_producer(session: Session, producer_id: int) -> ProducerRecord:
    require(session, Capability.READ)
    return _record(_get(session, producer_id))


def find_producer(session: Session, name: str) -> ProducerRecord:
    """A group by its name (case and extra spaces do not matter)."""
    require(session, Capability.READ)
    wanted = " ".join(name.split()).lower()
    row = session.scalar(select(Producer).where(func.lower(Producer.name) == wanted))
    if row is None:
        raise NotFound(_("There is no business group named “{name}”. Add it first with "
                         "“coopdesk producers add”.").format(name=name.strip()))
    return _record(row)


def list_producers(session: Session) -> list[ProducerRecord]:
    require(session, Capability.READ)
    return [_record(p) for p in session.scalars(select(Producer).order_by(Producer.name))]
