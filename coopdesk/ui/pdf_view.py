"""Preview a PDF before printing or saving it: pages rendered with pypdfium2, zoom, Print, Save as.

pypdfium2 renders the pages (QtPdf would pull in the large PySide6 add-ons package). Printing
draws every page rendered at the printer's own resolution and paper size, at 100%: a page made
for A4 prints at A4 size, never shrunk to fit the printer's margins, so forms and label sheets
line up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _

ZOOMS = (50, 75, 100, 125, 150, 200, 300)
SCREEN_DPI = 96
#: Pages are rasterised at the printer's resolution up to this; beyond it a page image grows
#: to hundreds of megabytes without any visible gain on paper.
MAX_PRINT_DPI = 600


def render_page(document: object, index: int, dpi: float) -> QImage:
    """Page `index` of a pypdfium2 document as a QImage at `dpi` dots per inch."""
    page = document[index]  # type: ignore[index]
    try:
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True, fill_color=(255, 255, 255, 255))
        try:
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4
                           else QImage.Format.Format_RGB888)
            return image.copy()  # own the pixels before pdfium frees its buffer
        finally:
            bitmap.close()
    finally:
        page.close()


def page_size_points(document: object, index: int) -> tuple[float, float]:
    page = document[index]  # type: ignore[index]
    try:
        width, height = page.get_size()
        return float(width), float(height)
    finally:
        page.close()


class PdfPreviewDialog(QDialog):
    """One PDF: read, zoom, page through, print or save it."""

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None,
                 *, suggested_name: str | None = None) -> None:
        super().__init__(parent)
        import pypdfium2

        self.data = data
        self.title = title
        self.suggested_name = suggested_name or _safe_file_name(title) + ".pdf"
        self.document = pypdfium2.PdfDocument(data)
        self.page_count = len(self.document)
        self.page_index = 0
        self.zoom = 100
        self.setWindowTitle(title)
        self.resize(900, 1000)
        self._build()
        self.show_page(0)
        # Accept/reject end a dialog without a close event; release pdfium's copy either way.
        self.finished.connect(lambda _result: self._release())

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.previous_button = QPushButton(_("◀ Previous"))
        self.previous_button.setShortcut(QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage))
        self.previous_button.clicked.connect(lambda: self.show_page(self.page_index - 1))
        self.page_box = QSpinBox()
        self.page_box.setRange(1, max(self.page_count, 1))
        self.page_box.valueChanged.connect(lambda v: self.show_page(v - 1))
        self.page_label = QLabel(_("of {count}").format(count=self.page_count))
        self.next_button = QPushButton(_("Next ▶"))
        self.next_button.setShortcut(QKeySequence(QKeySequence.StandardKey.MoveToNextPage))
        self.next_button.clicked.connect(lambda: self.show_page(self.page_index + 1))
        zoom_out = QPushButton(_("Smaller"))
        zoom_out.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut))
        zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        zoom_in = QPushButton(_("Larger"))
        zoom_in.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn))
        zoom_in.clicked.connect(lambda: self.step_zoom(1))
        self.zoom_label = QLabel()
        print_button = QPushButton(_("Print…"))
        print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        print_button.clicked.connect(self.print_document)
        save_button = QPushButton(_("Save as…"))
        save_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        save_button.clicked.connect(self.save_as)
        close_button = QPushButton(_("Close"))
        close_button.clicked.connect(self.close)
        for w in (self.previous_button, QLabel(_("Page")), self.page_box, self.page_label,
                  self.next_button):
            bar.addWidget(w)
        bar.addSpacing(16)
        for w in (zoom_out, self.zoom_label, zoom_in):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (print_button, save_button, close_button):
            bar.addWidget(w)
        layout.addLayout(bar)
        self.page_view = QLabel()
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_view.setObjectName("pdfPage")
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.page_view)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setStyleSheet("QScrollArea { background: #6b7280; }")
        layout.addWidget(self.scroll_area, 1)

    def show_page(self, index: int) -> None:
        if self.page_count == 0:
            return
        index = max(0, min(index, self.page_count - 1))
        self.page_index = index
        image = render_page(self.document, index, SCREEN_DPI * self.zoom / 100)
        self.page_view.setPixmap(QPixmap.fromImage(image))
        self.page_box.blockSignals(True)
        self.page_box.setValue(index + 1)
        self.page_box.blockSignals(False)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.page_count - 1)
        self.zoom_label.setText(f"{self.zoom}%")

    def step_zoom(self, step: int) -> None:
        position = ZOOMS.index(self.zoom) if self.zoom in ZOOMS else ZOOMS.index(100)
        self.zoom = ZOOMS[max(0, min(position + step, len(ZOOMS) - 1))]
        self.show_page(self.page_index)

    def save_as(self) -> None:
        from coopdesk.ui.messages import show_error

        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), str(Path.home() / self.suggested_name), _("PDF files (*.pdf)"))
        if not path:
            return
        from coopdesk.tabular import atomic_write_bytes

        try:
            atomic_write_bytes(Path(path), self.data)
        except OSError as exc:
            from coopdesk.errors import UserError

            show_error(self, UserError(_("Cannot save “{path}”: {error}").format(
                path=path, error=exc.strerror)))

    def print_document(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        printer.setFromTo(1, self.page_count)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        print_pdf(self.document, printer)

    def _release(self) -> None:
        if self.document is not None:
            self.document.close()
            self.document = None

    def closeEvent(self, event: object) -> None:
        self._release()
        super().closeEvent(event)  # type: ignore[arg-type]


def print_pdf(document: object, printer: object) -> None:
    """Draw each page rendered at the printer's resolution (up to MAX_PRINT_DPI), at 100% from
    the paper's corner."""
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    printer.setFullPage(True)
    count = len(document)  # type: ignore[arg-type]
    first = printer.fromPage() or 1
    last = printer.toPage() or count
    painter = QPainter()
    started = False
    for number in range(first, min(last, count) + 1):
        width, height = page_size_points(document, number - 1)
        landscape = width > height
        size = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point)
        orientation = (QPageLayout.Orientation.Landscape if landscape
                       else QPageLayout.Orientation.Portrait)
        printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
        if not started:
            if not painter.begin(printer):
                return
            started = True
        else:
            printer.newPage()
        dpi = printer.resolution()
        image = render_page(document, number - 1, min(dpi, MAX_PRINT_DPI))
        # The target rectangle is the page's own size in printer dots: 100%, never "fit".
        painter.drawImage(QRectF(0, 0, width * dpi / 72, height * dpi / 72), image)
    if started:
        painter.end()


def _safe_file_name(title: str) -> str:
    keep = "".join(c if c.isalnum() or c in " -_" else " " for c in title)
    return "-".join(keep.split()) or "document"
