"""Statements on paper: the cooperative's letterhead, the statement with the previous year beside
it, and the signatures of the chair, the treasurer and the supervisor.

Headings are set in bold on a grey band, subtotals with a rule above, the statement's totals with
a double rule below, as accountants expect; negative amounts in parentheses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from coopdesk.i18n import _, format_date
from coopdesk.ledger.statements.lines import Kind
from coopdesk.ledger.statements.model import Statement
from coopdesk.ledger.statements.output import column_labels, period_text, shown
from coopdesk.pdf import FONT, FONT_BOLD, Letterhead, build_pdf, paragraph, signature_block
from coopdesk.pdf.kit import HEADER_BG, INK, RULE, register_fonts
from coopdesk.settings import SettingKey

#: Who signs the statements: {"chair": ..., "treasurer": ..., "supervisor": ..., "place": ...}.
SIGNERS: SettingKey[dict[str, str]] = SettingKey("statements.signers", dict, {})
WIDTHS = (112 * mm, 34 * mm, 34 * mm)


@dataclass(frozen=True)
class Signers:
    chair: str = ""
    treasurer: str = ""
    supervisor: str = ""
    place: str = ""

    @classmethod
    def from_book(cls, session: Session) -> Signers:
        raw = SIGNERS.get(session)
        return cls(**{k: str(raw.get(k, "")) for k in ("chair", "treasurer", "supervisor",
                                                         "place")})

    def block(self, on: date) -> Flowable:
        where = f"{self.place}, " if self.place else ""
        return signature_block(
            [(_("Chair"), self.chair), (_("Treasurer"), self.treasurer),
             (_("Supervisor"), self.supervisor)],
            place_date=where + format_date(on, "long"))


def save_signers(session: Session, signers: Signers) -> None:
    SIGNERS.put(session, {"chair": signers.chair.strip(), "treasurer": signers.treasurer.strip(),
                          "supervisor": signers.supervisor.strip(),
                          "place": signers.place.strip()})


def statement_table(st: Statement) -> Table:
    """The statement's lines as one table: description, this period, the previous one."""
    register_fonts()
    now, before = column_labels(st)
    data: list[list[Any]] = [[_("Description"), now, before]]
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.8),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8.8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 1.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
    ]
    # Lines with nothing in either year are left out on paper (they stay in the CSV and XLSX).
    shown_lines = [ln for ln in st.lines if ln.kind is not Kind.ITEM or ln.amount or ln.previous]
    for row, ln in enumerate(shown_lines, start=1):
        indent = "\u2003" * (ln.level if ln.kind is Kind.ITEM else max(ln.level - 1, 0))
        data.append([indent + ln.name, shown(ln.amount), shown(ln.previous)])
        if ln.kind is Kind.HEADING:
            style.append(("FONT", (0, row), (-1, row), FONT_BOLD, 8.8))
            if ln.level == 0:
                style.append(("BACKGROUND", (0, row), (-1, row), HEADER_BG))
        elif ln.kind is Kind.SUBTOTAL:
            style += [("FONT", (0, row), (-1, row), FONT_BOLD, 8.8),
                      ("LINEABOVE", (1, row), (-1, row), 0.5, RULE)]
        elif ln.kind is Kind.TOTAL:
            style += [("FONT", (0, row), (-1, row), FONT_BOLD, 9.2),
                      ("LINEABOVE", (0, row), (-1, row), 0.9, INK),
                      ("LINEBELOW", (0, row), (-1, row), 0.6, INK),
                      ("BOTTOMPADDING", (0, row), (-1, row), 3),
                      ("TOPPADDING", (0, row), (-1, row), 3)]
    table = Table(data, colWidths=WIDTHS, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def statement_flowables(st: Statement, signers: Signers, *, signed_on: date,
                        with_title: bool = False) -> list[Flowable]:
    parts: list[Flowable] = []
    if with_title:
        parts += [paragraph(st.title.upper(), "title"), paragraph(period_text(st), "subtitle")]
    parts.append(paragraph(_("In rupiah"), "muted"))
    parts.append(Spacer(1, 1.5 * mm))
    parts.append(statement_table(st))
    for note in st.notes:
        parts.append(paragraph(note, "muted"))
    parts.append(signers.block(signed_on))
    return parts


def statement_pdf(st: Statement, head: Letterhead, signers: Signers, *,
                  printed_on: date | None = None) -> bytes:
    on = printed_on or date.today()
    return build_pdf(head, st.title.upper(), statement_flowables(st, signers, signed_on=on),
                     subtitle=period_text(st), printed_on=on)


def statements_flowables(sts: Sequence[Statement], signers: Signers, *, signed_on: date
                         ) -> list[Flowable]:
    """Several statements one after the other, each starting a new page."""
    parts: list[Flowable] = []
    for i, st in enumerate(sts):
        if i:
            parts.append(PageBreak())
        parts += statement_flowables(st, signers, signed_on=signed_on, with_title=True)
    return parts
