"""Label stock: the sheets and rolls labels are printed on, and each one's printer calibration.

Shipped templates are data files in `resources/labels/<id>.toml` (Avery sheets, a Tom & Jerry
sheet, thermal rolls); a group adds its own, kept in the book with the same keys. All sizes are
millimetres, measured from the top-left corner of the page. How a printer prints a template off
(its calibration) is kept per printer and template: see `calibration`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, fields
from functools import cache
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.errors import NotFound, Problem, UserError, ValidationError
from coopdesk.i18n import _
from coopdesk.paths import resource
from coopdesk.products.models import LabelCalibration, LabelStock

TEMPLATE_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")
_NUMBERS = ("page_width", "page_height", "label_width", "label_height", "left", "top",
            "column_pitch", "row_pitch", "corner_radius")


@dataclass(frozen=True)
class LabelTemplate:
    id: str
    name: str
    page_width: float
    page_height: float
    label_width: float
    label_height: float
    columns: int
    rows: int
    left: float
    top: float
    column_pitch: float
    row_pitch: float
    corner_radius: float = 0.0
    roll: bool = False  # one label per page, the page is the label
    verify: bool = False  # sizes not confirmed: check with a test print
    builtin: bool = True

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def slots(self) -> list[tuple[float, float]]:
        """(left, top) of every label on a page in mm, row by row from the top-left."""
        return [(self.left + c * self.column_pitch, self.top + r * self.row_pitch)
                for r in range(self.rows) for c in range(self.columns)]

    def spec(self) -> dict[str, Any]:
        data = asdict(self)
        del data["id"], data["builtin"]
        return data


def check_spec(spec: dict[str, Any]) -> list[Problem]:
    """Every problem with a template's keys and sizes (sizes in mm)."""
    problems = []
    if not str(spec.get("name", "")).strip():
        problems.append(Problem(_("The template needs a name."), column="name"))
    for key in _NUMBERS:
        value = spec.get(key, 0.0 if key == "corner_radius" else None)
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            problems.append(Problem(_("{key} must be a size in millimetres.").format(key=key),
                                    column=key))
    for key in ("columns", "rows"):
        value = spec.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 50:
            problems.append(Problem(_("{key} must be a whole number from 1 to 50.")
                                    .format(key=key), column=key))
    if problems:
        return problems
    return _check_geometry(spec)


def _check_geometry(s: dict[str, Any]) -> list[Problem]:
    problems = []
    if s["label_width"] < 10 or s["label_height"] < 10:
        problems.append(Problem(_("A label must be at least 10 × 10 mm."), column="label_width"))
    if s["columns"] > 1 and s["column_pitch"] < s["label_width"]:
        problems.append(Problem(_("The column pitch is smaller than the label: labels would "
                                  "overlap."), column="column_pitch"))
    if s["rows"] > 1 and s["row_pitch"] < s["label_height"]:
        problems.append(Problem(_("The row pitch is smaller than the label: labels would "
                                  "overlap."), column="row_pitch"))
    right = s["left"] + (s["columns"] - 1) * s["column_pitch"] + s["label_width"]
    bottom = s["top"] + (s["rows"] - 1) * s["row_pitch"] + s["label_height"]
    if right > s["page_width"] + 0.01 or bottom > s["page_height"] + 0.01:
        problems.append(Problem(_("The labels do not fit on the page: they reach {w:.1f} × "
                                  "{h:.1f} mm.").format(w=right, h=bottom), column="page_width"))
    if s.get("corner_radius", 0) > min(s["label_width"], s["label_height"]) / 2:
        problems.append(Problem(_("The corner radius is too large for the label."),
                                column="corner_radius"))
    return problems


def _from_spec(template_id: str, spec: dict[str, Any], builtin: bool) -> LabelTemplate:
    known = {f.name for f in fields(LabelTemplate)} - {"id", "builtin"}
    values = {k: v for k, v in spec.items() if k in known}
    for key in _NUMBERS:
        if key in values:
            values[key] = float(values[key])
    return LabelTemplate(id=template_id, builtin=builtin, **values)


@cache
def builtin_templates() -> tuple[LabelTemplate, ...]:
    folder = resource("labels")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            spec = tomllib.loads(entry.read_text(encoding="utf-8"))
            found.append(_from_spec(entry.name.removesuffix(".toml"), spec, True))
    return tuple(found)


def list_templates(session: Session) -> list[LabelTemplate]:
    """Shipped templates first, then the group's own."""
    require(session, Capability.READ)
    own = [_from_spec(row.id, row.spec, False)
           for row in session.scalars(select(LabelStock).order_by(LabelStock.id))]
    return [*builtin_templates(), *own]


def get_template(session: Session, template_id: str) -> LabelTemplate:
    for template in list_templates(session):
        if template.id == template_id:
            return template
    raise NotFound(_("There is no label template “{id}”. See “coopdesk labels templates” for "
                     "the list.").format(id=template_id))


def save_template(session: Session, template_id: str, spec: dict[str, Any]) -> LabelTemplate:
    """Add or change one of the group's own templates (a shipped one cannot be changed)."""
    require(session, Capability.REGISTER)
    if not TEMPLATE_ID.fullmatch(template_id):
        raise UserError(_("A template id is 2 to 40 small letters, digits and dashes "
                          "(e.g. my-sheet-21)."))
    if any(t.id == template_id for t in builtin_templates()):
        raise UserError(_("“{id}” is a shipped template; save your version under another id.")
                        .format(id=template_id))
    problems = check_spec(spec)
    if problems:
        raise ValidationError(_("The template was not saved."), problems)
    clean = _from_spec(template_id, spec, False).spec()
    row = session.get(LabelStock, template_id)
    before = None if row is None else row.spec
    if row is None:
        session.add(LabelStock(id=template_id, name=clean["name"], spec=clean))
    else:
        row.name, row.spec = clean["name"], clean
    session.flush()
    audit.record(session, "labels.save_template", entity="label_template",
                 entity_id=template_id, before=before, after=clean)
    return _from_spec(template_id, clean, False)


def delete_template(session: Session, template_id: str) -> None:
    require(session, Capability.REGISTER)
    row = session.get(LabelStock, template_id)
    if row is None:
        raise NotFound(_("There is no template of your own called “{id}”.").format(
            id=template_id))
    before = row.spec
    session.delete(row)
    # Its printers' calibrations go with it: an id used again later is another sheet.
    session.execute(delete(LabelCalibration).where(LabelCalibration.template_id == template_id))
    session.flush()
    audit.record(session, "labels.delete_template", entity="label_template",
                 entity_id=template_id, before=before)
