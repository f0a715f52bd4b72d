"""Printing a product's labels: readiness first, then the sheets, a marked draft when incomplete.

`print_labels` is what the command line and the app's Print button call: it reads the product,
its group, permits and batch, checks the label's readiness, and renders the sheets with the
chosen printer's calibration for the template. A product with a missing or wrong mandatory item
prints only as a draft (every label crossed "DRAF – BELUM LENGKAP"), so a group can look at it
but not sell with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from coopdesk import audit
from coopdesk.access import Capability, require
from coopdesk.attachments import add_attachment, attachment_bytes
from coopdesk.i18n import N_, _
from coopdesk.products import (
    batches,
    catalog,
    label_content,
    nutrition,
    permits,
    producers,
    readiness,
)
from coopdesk.products.calibration import get_calibration
from coopdesk.products.label_content import LabelContent
from coopdesk.products.label_draw import Fit
from coopdesk.products.readiness import Readiness
from coopdesk.products.sheets import LabelRun, SheetOptions, render
from coopdesk.products.templates import get_template
from coopdesk.progress import NO_PROGRESS, Progress
from coopdesk.settings import SettingKey

#: The official "Label Halal Indonesia" artwork, when the group attached the file to the book.
HALAL_LOGO: SettingKey[int] = SettingKey("products.halal_logo_attachment", int, 0)


LEFT_OUT = {
    "ingredients": N_("the ingredients and allergens"),
    "address": N_("the producer's address"),
    "street": N_("the street of the producer's address"),
    "notes": N_("the storage and usage notes"),
    "price": N_("the price"),
}


@dataclass(frozen=True)
class LabelJob:
    product_code: str
    template_id: str
    batch_code: str | None = None
    count: int | None = None  # None: fill the rest of one sheet (one label on a roll)
    skip: int = 0
    outline: bool = False
    show_price: bool = True
    english: bool = False
    printer: str | None = None  # whose calibration applies (None: the default printer's)


@dataclass(frozen=True)
class LabelPrint:
    pdf: bytes
    pages: int
    labels: int
    draft: bool
    readiness: Readiness
    fit: Fit
    halal_placeholder: bool = False  # certified, but the official logo file is not in the book

    def notes(self) -> list[str]:
        """What the person printing should know, in plain words."""
        found = []
        if self.draft:
            found.append(_("Printed as a DRAFT: the label is missing mandatory items."))
            found += [f"  - {c.title}: {c.detail}" for c in self.readiness.problems]
        if not self.fit.fits:
            found.append(_("The text does not fit on this label size even at the smallest "
                           "print; choose a larger label."))
        left_out = [_(text) for d, text in LEFT_OUT.items() if d in self.fit.dropped]
        if left_out:
            found.append(_("This label is too small for: {items}. Print them on the package "
                           "itself, or choose a larger label.").format(items=", ".join(left_out)))
        if "qr" in self.fit.dropped:
            found.append(_("The QR code was left out: there is no room for it on this label."))
        if "nutrition" in self.fit.dropped:
            found.append(_("The nutrition box was left out: there is no room for it on this "
                           "label."))
        if "logo" in self.fit.dropped:
            found.append(_("The group's logo was left out: there is no room for it on this "
                           "label."))
        if self.halal_placeholder:
            found.append(_("A plain HALAL box is printed: keep the official Label Halal "
                           "Indonesia file in the book to print it instead (coopdesk labels "
                           "halal-logo FILE)."))
        if not self.fit.barcode_ok:
            found.append(_("The barcode is smaller than the 80% GS1 allows on this label: "
                           "scanners may fail; choose a wider label."))
        return found


def set_halal_logo(session: Session, filename: str, data: bytes) -> int:
    """Keep the official halal logo file in the book; labels of certified products print it."""
    require(session, Capability.REGISTER)
    attachment_id = add_attachment(session, "halal_logo", filename, data)
    before = HALAL_LOGO.get(session)
    HALAL_LOGO.put(session, attachment_id, check=False)
    audit.record(session, "products.halal_logo", entity="attachment", entity_id=attachment_id,
                 before={"attachment_id": before}, after={"attachment_id": attachment_id})
    return attachment_id


def content_for(session: Session, product_code: str, batch_code: str | None = None, *,
                today: date | None = None, show_price: bool = True, english: bool = False
                ) -> tuple[LabelContent, Readiness]:
    """A product's label content and its readiness (draft when not ready)."""
    require(session, Capability.READ)
    day = today or date.today()
    product = catalog.get_product(session, product_code)
    group = (producers.get_producer(session, product.producer_id)
             if product.producer_id is not None else None)
    batch = batches.get_batch(session, product.code, batch_code) if batch_code else None
    found = permits.permits_for(session, product.id)
    deadline = date.fromisoformat(readiness.HALAL_DEADLINE.get(session))
    state = readiness.assess(product, group, found, batch=batch, today=day,
                             halal_deadline=deadline)
    halal_id = HALAL_LOGO.get(session)
    content = label_content.build(
        product, group, found, batch, today=day, draft=not state.ready,
        halal_logo=attachment_bytes(session, halal_id) if halal_id else None,
        show_price=show_price, english=english,
        logo=attachment_bytes(session, group.logo_id) if group and group.logo_id else None,
        nutrition_reference=nutrition.REFERENCE.get(session) if product.nutrition else None)
    return content, state


def print_labels(session: Session, job: LabelJob, *, today: date | None = None,
                 progress: Progress = NO_PROGRESS) -> LabelPrint:
    """The label sheets of one product (and batch) as a PDF, with what to know about them."""
    template = get_template(session, job.template_id)
    content, state = content_for(session, job.product_code, job.batch_code, today=today,
                                 show_price=job.show_price, english=job.english)
    count = job.count if job.count is not None else template.per_page - job.skip
    options = SheetOptions(skip=job.skip, outline=job.outline,
                           calibration=get_calibration(session, template.id, job.printer),
                           title=f"Label {content.title}")
    sheets = render(template, [LabelRun(content, count)], options, progress=progress)
    return LabelPrint(sheets.pdf, sheets.pages, sheets.labels, content.draft, state,
                      sheets.fits[0], bool(content.halal_number) and not content.halal_logo)


def test_print(session: Session, template_id: str, printer: str | None = None) -> bytes:
    """Outlines of every position on one page, where this printer's calibration puts them: print
    on plain paper and hold it against a sheet."""
    template = get_template(session, template_id)
    options = SheetOptions(outline=True,
                           calibration=get_calibration(session, template.id, printer),
                           title=f"Test {template.name}")
    return render(template, [], options).pdf
