"""A product's batches (coloured by expiry) and permits (coloured by validity), with their forms.

Batches past their expiry are red, those within the warning days amber; a closed (sold out)
batch is grey. A new batch gets the suggested code (YYMMDDNN) and the expiry its shelf life
gives; the service refuses a future date or a later expiry, and the words appear under the form.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _, format_date
from coopdesk.ui.context import AppContext
from coopdesk.ui.widgets import DateEdit

COLOURS = {"expired": "#fde2e1", "near": "#fef0c7", "expiring": "#fef0c7", "closed": "#f2f4f7"}


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill_row(table: QTableWidget, row: int, values: list[str], state: str) -> None:
    for column, value in enumerate(values):
        item = QTableWidgetItem(value)
        if state in COLOURS:
            item.setBackground(QColor(COLOURS[state]))
        table.setItem(row, column, item)


class BatchesPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product_code: str | None = None
        self.codes: list[str] = []
        layout = QVBoxLayout(self)
        self.table = _table([_("Code"), _("Produced"), _("Best before"), _("Quantity"),
                             _("State")])
        layout.addWidget(self.table, 1)
        # Two rows, not one: a single row of nine controls made the page wider than a
        # 1366-pixel screen.
        form = QGridLayout()
        self.produced = DateEdit(date.today())
        self.produced.dateChanged.connect(self._suggest)
        self.code = QLineEdit()
        self.code.setMaximumWidth(160)
        self.quantity = QSpinBox()
        self.quantity.setRange(0, 1_000_000)
        self.early = QCheckBox(_("Earlier expiry"))
        self.expires = DateEdit(date.today())
        self.expires.setEnabled(False)
        self.early.toggled.connect(self.expires.setEnabled)
        add = QPushButton(_("Add batch"))
        add.setObjectName("primary")
        add.clicked.connect(self.add)
        close = QPushButton(_("Sold out"))
        close.setToolTip(_("Mark the chosen batch sold out or withdrawn"))
        close.clicked.connect(self.close_selected)
        form.addWidget(QLabel(_("Produced on")), 0, 0)
        form.addWidget(self.produced, 0, 1)
        form.addWidget(QLabel(_("Code")), 0, 2)
        form.addWidget(self.code, 0, 3)
        form.addWidget(QLabel(_("Quantity")), 0, 4)
        form.addWidget(self.quantity, 0, 5)
        form.addWidget(self.early, 1, 0)
        form.addWidget(self.expires, 1, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(add)
        buttons.addWidget(close)
        form.addLayout(buttons, 1, 2, 1, 4)
        form.setColumnStretch(6, 1)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def load(self, product_code: str | None) -> None:
        from coopdesk.products import batches

        self.product_code = product_code
        self.table.setRowCount(0)
        self.codes = []
        if not product_code:
            return
        with self.ctx.book.read() as s:
            rows = batches.list_batches(s, product_code)
            warn = batches.EXPIRY_WARNING_DAYS.get(s)
        today = date.today()
        self.table.setRowCount(len(rows))
        words = {"expired": _("expired"), "near": _("near expiry"), "ok": _("good"),
                 "closed": _("sold out")}
        for row, b in enumerate(rows):
            state = "closed" if b.closed_on else batches.expiry_state(b, today, warn)
            _fill_row(self.table, row, [b.code, format_date(b.produced_on),
                                        format_date(b.expires_on),
                                        "" if b.quantity is None else str(b.quantity),
                                        words[state]], state)
            self.codes.append(b.code)
        self._suggest()

    def _suggest(self) -> None:
        from coopdesk.products import batches

        if not self.product_code:
            return
        with self.ctx.book.read() as s:
            self.code.setText(batches.suggest_code(s, self.product_code,
                                                   self.produced.date_value()))

    def add(self) -> None:
        from coopdesk.errors import UserError
        from coopdesk.products import batches

        if not self.product_code:
            return
        code, produced = self.code.text(), self.produced.date_value()
        quantity = self.quantity.value() or None
        expires = self.expires.date_value() if self.early.isChecked() else None
        product = self.product_code
        try:
            b = self.ctx.book.write(lambda s: batches.add_batch(
                s, product_code=product, produced_on=produced, code=code, quantity=quantity,
                expires_on=expires))
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        self._say(_("Batch {code}: best before {date}.").format(
            code=b.code, date=format_date(b.expires_on)))
        self.ctx.changed.emit("products")
        self.load(product)

    def close_selected(self) -> None:
        from coopdesk.products import batches

        row = self.table.currentRow()
        if not self.product_code or row < 0:
            self._say(_("Choose a batch in the list first."), error=True)
            return
        code, product = self.codes[row], self.product_code
        self.ctx.book.write(lambda s: batches.close_batch(s, product, code))
        self.ctx.changed.emit("products")
        self.load(product)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b42318" if error else "color: #1b7f3b")
        self.message.setText(text)


class PermitsPanel(QWidget):
    """The product's permits and its group's, and a row to record a new one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product_code: str | None = None
        self.producer_id: int | None = None
        self.scan: tuple[str, bytes] | None = None
        layout = QVBoxLayout(self)
        self.table = _table([_("Permit"), _("Number"), _("Issued"), _("Valid until"),
                             _("Scan"), _("State")])
        layout.addWidget(self.table, 1)
        # The permit and its number on one row, the rest on the next: one row of seven
        # controls made the page wider than a 1366-pixel screen.
        form = QGridLayout()
        self.kind = QComboBox()
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(24)
        from coopdesk.products.permits import PERMIT_NAMES

        for kind, name in PERMIT_NAMES.items():
            self.kind.addItem(_(name), kind)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("Number"))
        self.number.textChanged.connect(self._decode)
        self.issued = DateEdit(date.today())
        attach = QPushButton(_("Scan…"))
        attach.clicked.connect(self._choose_scan)
        add = QPushButton(_("Record permit"))
        add.setObjectName("primary")
        add.clicked.connect(self.add)
        form.addWidget(self.kind, 0, 0, 1, 2)
        form.addWidget(self.number, 0, 2, 1, 3)
        form.addWidget(QLabel(_("Issued")), 1, 0)
        form.addWidget(self.issued, 1, 1)
        form.addWidget(attach, 1, 3)
        form.addWidget(add, 1, 4)
        form.setColumnStretch(2, 1)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def load(self, product_code: str | None, product_id: int | None,
             producer_id: int | None) -> None:
        from coopdesk.products import permits

        self.product_code, self.producer_id = product_code, producer_id
        self.table.setRowCount(0)
        if product_id is None:
            return
        with self.ctx.book.read() as s:
            rows = permits.permits_for(s, product_id)
        today = date.today()
        words = {"expired": _("expired"), "expiring": _("expires soon"), "ok": _("in date")}
        self.table.setRowCount(len(rows))
        for row, p in enumerate(rows):
            state = permits.state(p, today)
            _fill_row(self.table, row, [
                _(permits.PERMIT_NAMES[p.kind]), p.printed,
                format_date(p.issued_on) if p.issued_on else "",
                format_date(p.expires_on) if p.expires_on else _("no end date"),
                "✓" if p.attachment_id else "", words[state]], state)

    def _decode(self) -> None:
        from coopdesk.products import codes

        if self.kind.currentData() != "pirt" or not self.number.text().strip():
            self.message.setText("")
            return
        try:
            p = codes.parse_pirt(self.number.text())
        except codes.CodeError as exc:
            self.message.setStyleSheet("color: #b42318")
            self.message.setText(exc.message)
            return
        self.message.setStyleSheet("")
        self.message.setText(_("{printed}: packaging {packaging}, food type {food}, region "
                               "{region}, valid until the end of {year}.").format(
            printed=p.printed, packaging=p.packaging, food=p.food_type_name or p.food_type,
            region=p.region, year=p.expiry_year))

    def _choose_scan(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Scanned certificate"), "",
                                                    _("PDF or picture (*.pdf *.png *.jpg)"))
        if path:
            self.scan = (Path(path).name, Path(path).read_bytes())

    def add(self) -> None:
        from coopdesk.errors import UserError
        from coopdesk.products import permits

        kind, number, issued = self.kind.currentData(), self.number.text(), self.issued.date_value()
        product, group, scan = self.product_code, self.producer_id, self.scan
        try:
            self.ctx.book.write(lambda s: permits.add_permit(
                s, kind=kind, number=number, product_code=product, producer_id=group,
                issued_on=issued, scan=scan))
        except UserError as exc:
            self.message.setStyleSheet("color: #b42318")
            self.message.setText(str(exc))
            return
        self.number.clear()
        self.scan = None
        self.ctx.changed.emit("products")
