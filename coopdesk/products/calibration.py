"""Printer calibration: how far, and how stretched, one printer puts one template's labels.

Two printers never feed a sheet the same way, so a calibration belongs to a (printer, template)
pair. Printers are named as the system names them (the app takes the name from the print dialog;
the command line takes `--printer NAME`). The printer "default" stands for every printer that has
no calibration of its own for a template: a group with one printer calibrates once, without
naming it, and a second printer only needs its own entry when it prints differently.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.db import utcnow
from coopdesk.errors import UserError
from coopdesk.i18n import _
from coopdesk.products.models import LabelCalibration
from coopdesk.products.templates import get_template

DEFAULT_PRINTER = "default"
MAX_PRINTER_NAME = 200
MAX_OFFSET_MM = 20.0
SCALE_RANGE = (0.9, 1.1)


@dataclass(frozen=True)
class Calibration:
    """Where a printer puts a template's labels: shift right/down in mm, and stretch."""

    dx: float = 0.0
    dy: float = 0.0
    sx: float = 1.0
    sy: float = 1.0


@dataclass(frozen=True)
class PrinterCalibration:
    printer: str
    template_id: str
    calibration: Calibration


def printer_key(name: str | None) -> str:
    """The printer's name as kept in the book: spaces tidied; no name is the default printer."""
    tidy = " ".join((name or "").split())
    return tidy or DEFAULT_PRINTER


def _of(row: LabelCalibration) -> Calibration:
    return Calibration(row.dx, row.dy, row.sx, row.sy)


def get_calibration(session: Session, template_id: str, printer: str | None = None
                    ) -> Calibration:
    """This printer's calibration of the template, else the default printer's, else none."""
    require(session, Capability.READ)
    for key in dict.fromkeys((printer_key(printer), DEFAULT_PRINTER)):
        row = session.get(LabelCalibration, (key, template_id))
        if row is not None:
            return _of(row)
    return Calibration()


def check_calibration(c: Calibration) -> None:
    if abs(c.dx) > MAX_OFFSET_MM or abs(c.dy) > MAX_OFFSET_MM:
        raise UserError(_("An offset of more than 20 mm is not a printer's error: check the "
                          "template instead."))
    if not (SCALE_RANGE[0] <= c.sx <= SCALE_RANGE[1] and SCALE_RANGE[0] <= c.sy <= SCALE_RANGE[1]):
        raise UserError(_("The scale must be between 0.9 and 1.1 (1 = exactly as measured)."))


def save_calibration(session: Session, template_id: str, calibration: Calibration,
                     printer: str | None = None) -> Calibration:
    """Keep how this printer is off for a template (offsets within ±20 mm, scale 0.9–1.1)."""
    # A calibration is the printer's, not a rule of the cooperative: REGISTER is enough.
    require(session, Capability.REGISTER)
    get_template(session, template_id)
    key = printer_key(printer)
    if len(key) > MAX_PRINTER_NAME:
        raise UserError(_("A printer name is at most {n} characters.").format(
            n=MAX_PRINTER_NAME))
    check_calibration(calibration)
    row = session.get(LabelCalibration, (key, template_id))
    before = None if row is None else asdict(_of(row))
    if row is None:
        row = LabelCalibration(printer=key, template_id=template_id)
        session.add(row)
    row.dx, row.dy, row.sx, row.sy = (calibration.dx, calibration.dy, calibration.sx,
                                      calibration.sy)
    row.updated_at = utcnow()
    session.flush()
    audit.record(session, "labels.calibrate", entity="label_calibration",
                 entity_id=f"{key}/{template_id}", before=before, after=asdict(calibration))
    return calibration


def list_calibrations(session: Session, template_id: str | None = None
                      ) -> list[PrinterCalibration]:
    """Every saved calibration (of one template), by template then printer."""
    require(session, Capability.READ)
    query = select(LabelCalibration).order_by(LabelCalibration.template_id,
                                              LabelCalibration.printer)
    if template_id is not None:
        query = query.where(LabelCalibration.template_id == template_id)
    return [PrinterCalibration(r.printer, r.template_id, _of(r)) for r in session.scalars(query)]
