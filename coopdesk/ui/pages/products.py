"""Produk & Label: the groups' products with their label readiness and permits, and for the one
chosen, its form, permits, batches and the label designer.

The list shows at a glance what a group must still do: a green "Complete" or a red "Missing 2"
for the label, and the permit's state. Choosing a product fills the tabs; "New product" opens an
empty form; "Import…" reads a spreadsheet (all rows or none, the problems listed by row).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _, format_money
from coopdesk.ui.context import AppContext
from coopdesk.ui.pages.products_batches import BatchesPanel, PermitsPanel
from coopdesk.ui.pages.products_form import ProductForm
from coopdesk.ui.pages.products_label import LabelDesigner

GREEN, RED, AMBER, GREY = "#1b7f3b", "#b42318", "#b54708", "#52606d"


def permit_badge(status: str) -> tuple[str, str]:
    return {
        "ok": (_("Valid"), GREEN), "expiring": (_("Expires soon"), AMBER),
        "expired": (_("Expired"), RED), "none": (_("None yet"), RED),
    }[status]


class ProductsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[Any] = []
        self.current: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._top())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Product"), _("Label"), _("Permit")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selected)
        splitter.addWidget(self.table)
        self.tabs = QTabWidget()
        self.form = ProductForm(ctx)
        self.form.saved.connect(self._saved)
        self.permits = PermitsPanel(ctx)
        self.batches = BatchesPanel(ctx)
        self.designer = LabelDesigner(ctx)
        self.tabs.addTab(self.form, _("Product"))
        self.tabs.addTab(self.permits, _("Permits"))
        self.tabs.addTab(self.batches, _("Batches"))
        self.tabs.addTab(self.designer, _("Label"))
        splitter.addWidget(self.tabs)
        self.table.setMinimumWidth(300)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.refresh)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        title = QLabel(_("Products & Labels"))
        title.setObjectName("pageTitle")
        top.addWidget(title)
        top.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search name, code or barcode"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        top.addWidget(self.search)
        new = QPushButton(_("New product"))
        new.setObjectName("primary")
        new.clicked.connect(self.new_product)
        top.addWidget(new)
        load = QPushButton(_("Import…"))
        load.clicked.connect(self.import_file)
        top.addWidget(load)
        self.status = QLabel()
        self.status.setObjectName("muted")
        return top

    # -- the list ---------------------------------------------------------------------------

    def _on_changed(self, area: str) -> None:
        if area == "products":
            self.refresh()

    def refresh(self) -> None:
        from coopdesk.products import overview, producers

        book, search = self.ctx.book, self.search.text()

        def load(_progress: object) -> tuple[list[Any], list[Any]]:
            with book.read() as s:
                return overview.product_overview(s, search), producers.list_producers(s)

        self.ctx.run_task(load, title=_("Reading the book…"), on_done=self._show,
                          cancellable=False)

    def _show(self, value: tuple[list[Any], list[Any]]) -> None:
        self.rows, groups = value
        self.form.set_producers(groups)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        selected = -1
        for row, o in enumerate(self.rows):
            p = o.product
            where = " · ".join(x for x in (p.code, p.producer_name) if x)
            price = f" · {format_money(p.price)}" if p.price is not None else ""
            self._cell(row, 0, f"{p.name}\n{where}{price}")
            if o.ready:
                self._cell(row, 1, "✓ " + _("Complete"), GREEN)
            else:
                self._cell(row, 1, "✗ " + _("Missing {n}").format(n=len(o.missing)), RED,
                           "\n".join(o.missing))
            text, colour = permit_badge(o.permit_status)
            if p.kind != "food":
                text, colour = _("Not needed"), GREY
            self._cell(row, 2, text, colour)
            if p.code == self.current:
                selected = row
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)
        if selected < 0 and self.current is None and self.rows:
            selected = 0  # open on the first product rather than an empty form
        if selected >= 0:
            self.table.selectRow(selected)

    def _cell(self, row: int, column: int, text: str, colour: str | None = None,
              tip: str = "") -> None:
        item = QTableWidgetItem(text)
        if colour:
            item.setForeground(QColor(colour))
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        if tip:
            item.setToolTip(tip)
        self.table.setItem(row, column, item)

    def _selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.show_product(self.rows[row].product)

    def show_product(self, product: object) -> None:
        code = product.code  # type: ignore[attr-defined]
        self.current = code
        self.form.load(product)
        self.permits.load(code, product.id, product.producer_id)  # type: ignore[attr-defined]
        self.batches.load(code)
        self.designer.load(code)

    def select(self, code: str) -> None:
        for row, o in enumerate(self.rows):
            if o.product.code == code:
                self.table.selectRow(row)
                return

    # -- actions ----------------------------------------------------------------------------

    def new_product(self) -> None:
        self.table.clearSelection()
        self.current = None
        self.form.load(None)
        self.permits.load(None, None, None)
        self.batches.load(None)
        self.designer.load(None)
        self.tabs.setCurrentWidget(self.form)
        self.form.code.setFocus()

    def _saved(self, code: str) -> None:
        self.current = code
        from coopdesk.products import catalog

        with self.ctx.book.read() as s:
            product = catalog.get_product(s, code)
        self.show_product(product)

    def import_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import products"), "", _("Spreadsheets (*.xlsx *.csv)"))
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> None:
        from pathlib import Path

        from coopdesk.errors import UserError
        from coopdesk.products import importer
        from coopdesk.ui.widgets import inform

        try:
            result = self.ctx.book.write(lambda s: importer.import_products(s, Path(path)))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed.emit("products")
        inform(self, _("Imported: {added} added, {updated} updated, {same} unchanged; "
                       "{permits} permits recorded.").format(
            added=result.added, updated=result.updated, same=result.unchanged,
            permits=result.permits_added))
