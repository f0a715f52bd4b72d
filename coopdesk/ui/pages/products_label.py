"""The label designer: the chosen template's sheet as it will print, with count and skip.

The preview is the very PDF that prints (made by `printing.print_labels` off the UI thread and
rendered with pypdfium2), so what the group sees is what comes out of the printer. Beside it:
the label's readiness, what did not fit, the calibration of a printer for the template, and the
buttons to preview, print at 100 % or make a test print with outlines. Printing renders the
sheets again with the calibration of the printer chosen in the print dialog: the preview's
printer may not be the one the group picks there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import N_, _
from coopdesk.ui.context import AppContext

PREVIEW_HEIGHT = 560


def _narrow(combo: QComboBox) -> QComboBox:
    """A choice as wide as the room it is given, its list as wide as its longest item: a
    template's full name ("Tom & Jerry No. 103 … check with a test print") made the page wider
    than the screen."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    return combo


class LabelDesigner(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product_code: str | None = None
        self.templates: list[Any] = []
        self.pdf: bytes | None = None
        self.last_result: object | None = None
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.update_preview)
        layout = QHBoxLayout(self)
        self.preview = QLabel(_("Choose a product"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(260, PREVIEW_HEIGHT)
        # The picture is drawn to the room the label has; its size must not become the
        # label's own minimum, or each preview would hold the window at least that wide.
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.preview.setStyleSheet("background: #e4e7eb; border: 1px solid #cbd2d9")
        layout.addWidget(self.preview, 3)
        side = QVBoxLayout()
        layout.addLayout(side, 2)
        side.addWidget(self._options())
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        side.addWidget(self.notes)
        side.addWidget(self._buttons())
        side.addWidget(self._calibration())
        side.addStretch(1)

    # -- building ---------------------------------------------------------------------------

    def _options(self) -> QGroupBox:
        box = QGroupBox(_("Label sheet"))
        form = QFormLayout(box)
        self.template = _narrow(QComboBox())
        self.template.currentIndexChanged.connect(self._template_changed)
        form.addRow(_("Template"), self.template)
        self.batch = _narrow(QComboBox())
        self.batch.currentIndexChanged.connect(self._changed)
        form.addRow(_("Batch"), self.batch)
        self.count = QSpinBox()
        self.count.setRange(1, 100_000)
        self.count.valueChanged.connect(self._changed)
        form.addRow(_("Number of labels"), self.count)
        self.skip = QSpinBox()
        self.skip.setToolTip(_("Labels already used on a partly used sheet: printing starts "
                               "after them."))
        self.skip.valueChanged.connect(self._skip_changed)
        form.addRow(_("Skip used labels"), self.skip)
        self.outline = QCheckBox(_("Draw outlines (test on plain paper)"))
        self.outline.toggled.connect(self._changed)
        form.addRow(self.outline)
        self.price = QCheckBox(_("Print the price"))
        self.price.setChecked(True)
        self.price.toggled.connect(self._changed)
        form.addRow(self.price)
        self.english = QCheckBox(_("Add English after Indonesian"))
        self.english.toggled.connect(self._changed)
        form.addRow(self.english)
        return box

    def _buttons(self) -> QWidget:
        # Printing on the first row, the rarer set-up on the second: five buttons in one row
        # made the page wider than a 1366-pixel screen.
        row = QWidget()
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        preview = QPushButton(_("Print preview…"))
        preview.clicked.connect(self.open_preview)
        grid.addWidget(preview, 0, 0)
        print_button = QPushButton(_("Print…"))
        print_button.setObjectName("primary")
        print_button.clicked.connect(self.print_labels)
        grid.addWidget(print_button, 0, 1)
        test = QPushButton(_("Test print"))
        test.setToolTip(_("Only the outlines of every label: print on plain paper and hold it "
                          "against a sheet."))
        test.clicked.connect(self.test_print)
        grid.addWidget(test, 0, 2)
        own = QPushButton(_("Own template…"))
        own.setToolTip(_("Add a label sheet or roll of your own, measured with a ruler."))
        own.clicked.connect(self.add_template)
        grid.addWidget(own, 1, 0)
        halal = QPushButton(_("Halal logo…"))
        halal.setToolTip(_("Keep the official Label Halal Indonesia file in the book; certified "
                           "products print it instead of the plain HALAL box."))
        halal.clicked.connect(self.choose_halal_logo)
        grid.addWidget(halal, 1, 1)
        return row

    def _calibration(self) -> QGroupBox:
        box = QGroupBox(_("Printer calibration for this template"))
        form = QFormLayout(box)
        self.printer = _narrow(QComboBox())
        self.printer.setToolTip(_("Each printer keeps its own calibration; “any printer” is "
                                  "used by printers without their own."))
        self.printer.currentIndexChanged.connect(self._printer_changed)
        form.addRow(_("Printer"), self.printer)
        self.dx = self._spin(-20, 20, _(" mm right"))
        self.dy = self._spin(-20, 20, _(" mm down"))
        self.sx = self._spin(0.9, 1.1, "", step=0.001, decimals=3)
        self.sy = self._spin(0.9, 1.1, "", step=0.001, decimals=3)
        form.addRow(_("Move across"), self.dx)
        form.addRow(_("Move down"), self.dy)
        form.addRow(_("Stretch across"), self.sx)
        form.addRow(_("Stretch down"), self.sy)
        save = QPushButton(_("Save calibration"))
        save.clicked.connect(self.save_calibration)
        form.addRow(save)
        return box

    def _spin(self, low: float, high: float, suffix: str, *, step: float = 0.1,
              decimals: int = 1) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(decimals)
        spin.setSingleStep(step)
        spin.setSuffix(suffix)
        return spin

    # -- loading ----------------------------------------------------------------------------

    def load(self, product_code: str | None) -> None:
        from coopdesk.products import batches, templates

        self.product_code = product_code
        with self.ctx.book.read() as s:
            self.templates = templates.list_templates(s)
            rows = batches.list_batches(s, product_code, include_closed=False) if product_code \
                else []
        self._fill_templates()
        self.batch.blockSignals(True)
        self.batch.clear()
        self.batch.addItem(_("No batch (dates stamped by hand)"), None)
        for b in rows:
            self.batch.addItem(f"{b.code} · {b.produced_on:%d-%m-%Y}", b.code)
        self.batch.setCurrentIndex(1 if rows else 0)
        self.batch.blockSignals(False)
        self._template_changed()

    def _fill_templates(self) -> None:
        current = self.template.currentData() or "avery-l7160"
        self.template.blockSignals(True)
        self.template.clear()
        for t in self.templates:
            mark = "  ⚠ " + _("check with a test print") if t.verify else ""
            self.template.addItem(f"{t.name}{mark}", t.id)
        self.template.setCurrentIndex(max(self.template.findData(current), 0))
        self.template.blockSignals(False)

    def selected_template(self) -> Any:
        tid = self.template.currentData()
        return next((t for t in self.templates if t.id == tid), None)

    def _template_changed(self) -> None:
        t = self.selected_template()
        if t is None:
            return
        for spin in (self.skip, self.count):
            spin.blockSignals(True)
        self.skip.setRange(0, max(t.per_page - 1, 0))
        self.skip.setEnabled(t.per_page > 1)
        self.skip.setValue(0)
        self.count.setValue(t.per_page)
        for spin in (self.skip, self.count):
            spin.blockSignals(False)
        self._fill_printers(t.id)
        self._show_calibration()
        self._changed()

    def _fill_printers(self, template_id: str) -> None:
        """Any printer, the computer's printers, and those with a calibration of this template."""
        from PySide6.QtPrintSupport import QPrinterInfo

        from coopdesk.products import calibration

        with self.ctx.book.read() as s:
            saved = [c.printer for c in calibration.list_calibrations(s, template_id)]
        current = self.printer.currentData() or calibration.DEFAULT_PRINTER
        names = dict.fromkeys([*QPrinterInfo.availablePrinterNames(), *saved])
        names.pop(calibration.DEFAULT_PRINTER, None)
        self.printer.blockSignals(True)
        self.printer.clear()
        self.printer.addItem(_("Any printer"), calibration.DEFAULT_PRINTER)
        for name in names:
            self.printer.addItem(name, name)
        self.printer.setCurrentIndex(max(self.printer.findData(current), 0))
        self.printer.blockSignals(False)

    def _show_calibration(self) -> None:
        from coopdesk.products import calibration

        tid = self.template.currentData()
        if tid is None:
            return
        with self.ctx.book.read() as s:
            cal = calibration.get_calibration(s, tid, self.printer.currentData())
        for spin, value in ((self.dx, cal.dx), (self.dy, cal.dy), (self.sx, cal.sx),
                            (self.sy, cal.sy)):
            spin.setValue(value)

    def _printer_changed(self) -> None:
        self._show_calibration()
        self._changed()

    def _skip_changed(self) -> None:
        t = self.selected_template()
        if t is not None and self.count.value() + self.skip.value() > t.per_page \
                and self.count.value() <= t.per_page:
            self.count.setValue(t.per_page - self.skip.value())
        self._changed()

    def _changed(self) -> None:
        self._timer.start()

    # -- the preview ------------------------------------------------------------------------

    def job(self) -> object | None:
        from coopdesk.products.printing import LabelJob

        if not self.product_code or self.template.currentData() is None:
            return None
        return LabelJob(self.product_code, self.template.currentData(), self.batch.currentData(),
                        self.count.value(), self.skip.value(), self.outline.isChecked(),
                        self.price.isChecked(), self.english.isChecked(),
                        self.printer.currentData())

    def update_preview(self) -> None:
        from coopdesk.products import printing

        job = self.job()
        if job is None:
            return
        self._generation += 1
        generation = self._generation
        book = self.ctx.book
        box = (max(self.preview.width() - 12, 200), max(self.preview.height() - 12, 200))

        def make(progress: object) -> tuple[object, object]:
            with book.read() as s:
                result = printing.print_labels(s, job, progress=progress)  # type: ignore[arg-type]
            return result, _first_page(result.pdf, box)

        def done(value: tuple[object, object]) -> None:
            if generation == self._generation:
                self.show_result(*value)

        self.ctx.run_task(make, title=_("Preparing the labels…"), on_done=done)

    def show_result(self, result: object, image: object) -> None:
        self.last_result = result
        self.pdf = result.pdf  # type: ignore[attr-defined]
        self.preview.setPixmap(QPixmap.fromImage(image))  # type: ignore[arg-type]
        state = result.readiness  # type: ignore[attr-defined]
        lines = []
        if state.ready:
            lines.append("<b style='color:#1b7f3b'>✓ " + _("The label has every mandatory "
                                                         "item.") + "</b>")
        else:
            lines.append("<b style='color:#b42318'>✗ " + _("Missing items: the labels print "
                                                         "as a DRAFT.") + "</b>")
        lines += [f"• {_html(c.title)}: {_html(c.detail)}" for c in state.problems]
        lines += [f"<span style='color:#b54708'>! {_html(n)}</span>"
                  for n in result.notes() if not n.startswith("  -")]  # type: ignore[attr-defined]
        lines.append(_("{labels} labels on {pages} page(s).").format(
            labels=result.labels, pages=result.pages))  # type: ignore[attr-defined]
        self.notes.setText("<br>".join(lines))

    # -- actions ----------------------------------------------------------------------------

    def open_preview(self) -> None:
        if self.pdf is not None:
            self.ctx.preview_pdf(self.pdf, _("Labels {code}").format(code=self.product_code))

    def print_labels(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        job = self.job()
        if job is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(_("Labels {code}").format(code=self.product_code))
        chosen = self.printer.currentData()
        if chosen and self.printer.currentIndex() > 0:
            printer.setPrinterName(chosen)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_on(printer, job)

    def print_on(self, printer: Any, job: Any) -> None:
        """Render the sheets with `printer`'s own calibration, then print them at 100 %."""
        import dataclasses

        from coopdesk.products import printing

        job = dataclasses.replace(job, printer=printer.printerName() or None)
        book = self.ctx.book

        def make(progress: object) -> bytes:
            with book.read() as s:
                return printing.print_labels(s, job, progress=progress).pdf  # type: ignore[arg-type]

        self.ctx.run_task(make, title=_("Preparing the labels…"),
                          on_done=lambda pdf: _print_pdf(pdf, printer))

    def test_print(self) -> None:
        from coopdesk.products import printing

        tid = self.template.currentData()
        if tid is None:
            return
        with self.ctx.book.read() as s:
            data = printing.test_print(s, tid, self.printer.currentData())
        self.ctx.preview_pdf(data, _("Test print {template}").format(template=tid))

    def add_template(self) -> None:
        dialog = TemplateDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id:
            self.template.blockSignals(True)
            self.template.addItem(dialog.saved_id, dialog.saved_id)
            self.template.setCurrentIndex(self.template.findData(dialog.saved_id))
            self.template.blockSignals(False)
            self.load(self.product_code)

    def choose_halal_logo(self) -> None:
        from pathlib import Path

        from coopdesk.errors import UserError
        from coopdesk.products import printing

        path, _filter = QFileDialog.getOpenFileName(self, _("Halal logo"), "",
                                                    _("Pictures (*.png *.jpg *.jpeg)"))
        if not path:
            return
        name, data = Path(path).name, Path(path).read_bytes()
        try:
            self.ctx.book.write(lambda s: printing.set_halal_logo(s, name, data))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self._changed()

    def save_calibration(self) -> None:
        from coopdesk.errors import UserError
        from coopdesk.products import calibration

        tid = self.template.currentData()
        printer = self.printer.currentData()
        cal = calibration.Calibration(self.dx.value(), self.dy.value(), self.sx.value(),
                                      self.sy.value())
        try:
            self.ctx.book.write(lambda s: calibration.save_calibration(s, tid, cal, printer))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self._changed()


class TemplateDialog(QDialog):
    """A label sheet or roll of the group's own: sizes in millimetres, measured on a sheet."""

    FIELDS = (("page_width", N_("Page width"), 210.0), ("page_height", N_("Page height"), 297.0),
              ("label_width", N_("Label width"), 63.5), ("label_height", N_("Label height"), 38.1),
              ("left", N_("Left edge to the first label"), 7.2),
              ("top", N_("Top edge to the first label"), 15.1),
              ("column_pitch", N_("From one label to the next, across"), 66.0),
              ("row_pitch", N_("From one label to the next, down"), 38.1),
              ("corner_radius", N_("Corner radius"), 2.5))

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved_id: str | None = None
        self.setWindowTitle(_("Own label template"))
        form = QFormLayout(self)
        self.template_id = QLineEdit()
        self.template_id.setPlaceholderText("stiker-24")
        form.addRow(_("Short name (letters, digits, dashes)"), self.template_id)
        self.name = QLineEdit()
        form.addRow(_("Name"), self.name)
        self.sizes: dict[str, QDoubleSpinBox] = {}
        for key, label, default in self.FIELDS:
            spin = QDoubleSpinBox()
            spin.setRange(0, 1000)
            spin.setDecimals(2)
            spin.setSuffix(" mm")
            spin.setValue(default)
            self.sizes[key] = spin
            form.addRow(_(label), spin)
        self.columns, self.rows = QSpinBox(), QSpinBox()
        for counter, value in ((self.columns, 3), (self.rows, 7)):
            counter.setRange(1, 50)
            counter.setValue(value)
        form.addRow(_("Labels across"), self.columns)
        form.addRow(_("Labels down"), self.rows)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b42318")
        form.addRow(self.problems)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        from coopdesk.errors import UserError
        from coopdesk.products import templates

        spec: dict[str, Any] = {k: spin.value() for k, spin in self.sizes.items()}
        spec |= {"name": self.name.text(), "columns": self.columns.value(),
                 "rows": self.rows.value()}
        tid = self.template_id.text().strip()
        try:
            self.ctx.book.write(lambda s: templates.save_template(s, tid, spec))
        except UserError as exc:
            self.problems.setText(str(exc))
            return
        self.saved_id = tid
        self.accept()


def _first_page(pdf: bytes, box: tuple[int, int]) -> object:
    """The first page as a QImage fitting a box of pixels (made on the worker thread)."""
    import pypdfium2 as pdfium

    from coopdesk.ui.pdf_view import page_size_points, render_page

    document = pdfium.PdfDocument(pdf)
    try:
        w, h = page_size_points(document, 0)
        return render_page(document, 0, dpi=min(box[0] / w * 72, box[1] / h * 72, 300))
    finally:
        document.close()


def _print_pdf(pdf: bytes, printer: Any) -> None:
    import pypdfium2 as pdfium

    from coopdesk.ui.pdf_view import print_pdf

    document = pdfium.PdfDocument(pdf)
    try:
        print_pdf(document, printer)
    finally:
        document.close()


def _html(text: str) -> str:
    from html import escape

    return escape(text)
