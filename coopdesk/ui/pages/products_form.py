"""The product form: every field a label needs, checked as you type, saved in one action.

What the group types is read the same way the import reads a spreadsheet row (ingredients one
per line, largest first, an amount after the name: "Singkong 80%"), and checked by the same
`catalog.check_product`, so the form, the import and the command line refuse the same things
with the same words. The problems are listed under the form and the fields are marked.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _
from coopdesk.ui.context import AppContext
from coopdesk.ui.pages.products_nutrition import NutritionEditor
from coopdesk.ui.widgets import MoneyEdit

UNITS = ("g", "kg", "mL", "L")


class ProducerDialog(QDialog):
    """Add a business group: its name and the address its labels print."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("New business group"))
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in (("name", _("Name")), ("address", _("Street and village")),
                           ("city", _("City / district")), ("postal_code", _("Postal code")),
                           ("regency", _("Regency")), ("regency_code", _("Regency code")),
                           ("phone", _("Phone")), ("nib", _("NIB"))):
            edit = QLineEdit()
            self.fields[key] = edit
            form.addRow(label, edit)
        self.fields["regency_code"].setPlaceholderText("3302")
        self.logo: Path | None = None
        self.logo_button = QPushButton(_("Choose a picture…"))
        self.logo_button.clicked.connect(self._choose_logo)
        form.addRow(_("Logo"), self.logo_button)
        self.problems = QLabel()
        self.problems.setStyleSheet("color: #b42318")
        self.problems.setWordWrap(True)
        form.addRow(self.problems)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.created_id: int | None = None

    def save(self) -> None:
        from coopdesk.errors import UserError
        from coopdesk.products import producers
        from coopdesk.products.records import ProducerData

        data = ProducerData(**{k: e.text() for k, e in self.fields.items()})
        logo = self.logo

        def add(s: Any) -> Any:
            record = producers.add_producer(s, data)
            if logo is not None:
                producers.set_producer_logo(s, record.id, logo.name, logo.read_bytes())
            return record

        try:
            record = self.ctx.book.write(add)
        except (UserError, OSError) as exc:
            self.problems.setText(str(exc))
            return
        self.created_id = record.id
        self.ctx.changed.emit("products")
        self.accept()

    def _choose_logo(self) -> None:
        self.logo = _picture_file(self, _("Group logo"))
        self.logo_button.setText(self.logo.name if self.logo else _("Choose a picture…"))


class ProductForm(QWidget):
    """Edit one product (or a new one); `saved` carries the product code."""

    saved = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product_id: int | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.validate)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        self.form = QFormLayout(inner)
        self._build_fields()
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b42318")
        outer.addWidget(self.problems)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton(_("Save product"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        outer.addLayout(row)

    # -- fields -----------------------------------------------------------------------------

    def _line(self, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self._changed)
        self.form.addRow(label, edit)
        return edit

    def _build_fields(self) -> None:
        from coopdesk.products.terms import PACKAGING

        self.code = self._line(_("Code"), "KS-250")
        self.name = self._line(_("Product name"), _("e.g. Keripik Singkong"))
        self.brand = self._line(_("Brand"))
        self.category = self._line(_("Category"))
        self.kind = QComboBox()
        self.kind.addItem(_("Food or drink"), "food")
        self.kind.addItem(_("Not food (batik, crafts)"), "nonfood")
        self.kind.currentIndexChanged.connect(self._changed)
        self.kind.currentIndexChanged.connect(self._show_food_fields)
        self.form.addRow(_("Kind"), self.kind)
        self.form.addRow(_("Made by"), self._producer_row())
        self.packaging = QComboBox()
        self.packaging.addItem("—", None)
        for code, (english, _word) in PACKAGING.items():
            self.packaging.addItem(f"{code} · {_(english)}", code)
        self.packaging.currentIndexChanged.connect(self._changed)
        self.form.addRow(_("Packaging"), self.packaging)
        net_row = QHBoxLayout()
        self.net_amount = QLineEdit()
        self.net_amount.setPlaceholderText("250")
        self.net_amount.textChanged.connect(self._changed)
        self.net_unit = QComboBox()
        self.net_unit.addItems(UNITS)
        self.net_unit.currentIndexChanged.connect(self._changed)
        net_row.addWidget(self.net_amount, 1)
        net_row.addWidget(self.net_unit)
        self.form.addRow(_("Net content"), net_row)
        self._build_label_fields()

    def _producer_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.producer = QComboBox()
        self.producer.currentIndexChanged.connect(self._changed)
        row.addWidget(self.producer, 1)
        add_group = QPushButton(_("New group…"))
        add_group.clicked.connect(self._new_producer)
        row.addWidget(add_group)
        logo = QPushButton(_("Group logo…"))
        logo.setToolTip(_("The group's logo (PNG or JPEG): labels print it where there is "
                          "room."))
        logo.clicked.connect(self.choose_logo)
        row.addWidget(logo)
        return row

    def _build_label_fields(self) -> None:
        from coopdesk.products.terms import ALLERGENS

        self.ingredients = QPlainTextEdit()
        self.ingredients.setPlaceholderText(_("One per line, the largest first, e.g.\n"
                                              "Singkong 80%\nMinyak sawit 10%\nGaram"))
        self.ingredients.setFixedHeight(110)
        self.ingredients.textChanged.connect(self._changed)
        self.form.addRow(_("Ingredients"), self.ingredients)
        grid = QGridLayout()
        self.allergens: dict[str, QCheckBox] = {}
        for i, group in enumerate(ALLERGENS):
            box = QCheckBox(_(group.name))
            box.toggled.connect(self._changed)
            grid.addWidget(box, i // 2, i % 2)
            self.allergens[group.code] = box
        self.form.addRow(_("Allergens"), grid)
        self.storage = self._line(_("Storage"), "Simpan di tempat kering dan sejuk.")
        self.usage = self._line(_("How to use"))
        self.shelf_life = QSpinBox()
        self.shelf_life.setRange(0, 3650)
        self.shelf_life.setSpecialValueText("—")
        self.shelf_life.setSuffix(" " + _("days"))
        self.shelf_life.valueChanged.connect(self._changed)
        self.form.addRow(_("Shelf life"), self.shelf_life)
        self.price = MoneyEdit(allow_zero=True)
        self.price.textChanged.connect(self._changed)
        self.form.addRow(_("Price"), self.price)
        barcode_row = QHBoxLayout()
        self.barcode = QLineEdit()
        self.barcode.setPlaceholderText("899…")
        self.barcode.textChanged.connect(self._changed)
        barcode_row.addWidget(self.barcode, 1)
        suggest = QPushButton(_("Shop code"))
        suggest.setToolTip(_("No GS1 number? Use a free in-store code (200…): it scans only in "
                             "your own shop."))
        suggest.clicked.connect(self._suggest_barcode)
        barcode_row.addWidget(suggest)
        self.form.addRow(_("Barcode (EAN-13)"), barcode_row)
        self.qr = self._line(_("QR code (web address or text)"), "https://")
        self.origin = self._line(_("Special origin note"), _("e.g. Mengandung babi"))
        self._build_nutrition()

    def _build_nutrition(self) -> None:
        self.nutrition = NutritionEditor(self.ctx)
        self.nutrition.changed.connect(self._changed)
        self.form.addRow(_("Nutrition facts per serving (optional)"), self.nutrition)
        # Rows a non-food product (batik, crafts) has no use for: hidden to keep its form short.
        self.food_rows = [self.packaging, self.net_amount, self.ingredients, self.storage,
                          self.usage, self.shelf_life, self.origin, self.nutrition]

    def _show_food_fields(self) -> None:
        food = self.kind.currentData() != "nonfood"
        for widget in [*self.food_rows, self.allergens["milk"]]:
            row = self._row_of(widget)
            if row >= 0:
                self.form.setRowVisible(row, food)

    def _row_of(self, widget: QWidget) -> int:
        """The form row holding `widget`, alone or inside the row's own layout."""
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            layout = item.layout() if item is not None else None
            if layout is not None and layout.indexOf(widget) >= 0:
                return row
            if item is not None and item.widget() is widget:
                return row
        return -1

    # -- loading and reading ----------------------------------------------------------------

    def set_producers(self, groups: list[Any]) -> None:
        current = self.producer.currentData()
        self.producer.blockSignals(True)
        self.producer.clear()
        self.producer.addItem("—", None)
        for g in groups:
            self.producer.addItem(g.name, g.id)
        index = self.producer.findData(current)
        self.producer.setCurrentIndex(max(index, 0))
        self.producer.blockSignals(False)

    def load(self, product: object | None) -> None:
        """Show `product` (a ProductRecord), or an empty form for a new product."""
        self.product_id = getattr(product, "id", None)
        p = product
        self.code.setText(getattr(p, "code", ""))
        self.code.setReadOnly(p is not None)
        self.name.setText(getattr(p, "name", ""))
        self.brand.setText(getattr(p, "brand", ""))
        self.category.setText(getattr(p, "category", ""))
        self.kind.setCurrentIndex(max(self.kind.findData(getattr(p, "kind", "food")), 0))
        self.producer.setCurrentIndex(max(self.producer.findData(getattr(p, "producer_id", None)),
                                          0))
        self.packaging.setCurrentIndex(max(self.packaging.findData(getattr(p, "packaging", None)),
                                           0))
        amount = getattr(p, "net_amount", None)
        self.net_amount.setText("" if amount is None else format(amount.normalize(), "f")
                                .replace(".", ","))
        self.net_unit.setCurrentText(getattr(p, "net_unit", None) or "g")
        lines = [f"{i.printed} {i.quantity_text}".strip() for i in getattr(p, "ingredients", ())]
        self.ingredients.setPlainText("\n".join(lines))
        declared = set(getattr(p, "allergens", ()))
        for code, box in self.allergens.items():
            box.setChecked(code in declared)
        self.storage.setText(getattr(p, "storage", ""))
        self.usage.setText(getattr(p, "usage", ""))
        self.shelf_life.setValue(getattr(p, "shelf_life_days", None) or 0)
        self.price.set_amount(getattr(p, "price", None))
        self.barcode.setText(getattr(p, "barcode", ""))
        self.qr.setText(getattr(p, "qr_content", ""))
        self.origin.setText(getattr(p, "origin_note", ""))
        self.nutrition.load(getattr(p, "nutrition", None))
        self.validate()

    def data(self) -> tuple[Any, list[Any]]:
        """(ProductData, problems found while reading the fields)."""
        from coopdesk.errors import Problem
        from coopdesk.products.importer import parse_ingredients
        from coopdesk.products.records import ProductData, parse_decimal

        problems = []
        amount: Decimal | None = None
        if self.net_amount.text().strip():
            amount = parse_decimal(self.net_amount.text())
            if amount is None:
                problems.append(Problem(_("“{text}” is not a number.").format(
                    text=self.net_amount.text()), column="net_content"))
        if self.price.error():
            problems.append(Problem(self.price.error() or "", column="price"))
        nutrition = self.nutrition.value(problems)
        text = ";".join(self.ingredients.toPlainText().splitlines())
        data = ProductData(
            code=self.code.text(), name=self.name.text(), brand=self.brand.text(),
            category=self.category.text(), kind=self.kind.currentData(),
            packaging=self.packaging.currentData(), net_amount=amount,
            net_unit=self.net_unit.currentText() if amount is not None else None,
            ingredients=parse_ingredients(text),
            allergens=tuple(c for c, box in self.allergens.items() if box.isChecked()),
            storage=self.storage.text(), usage=self.usage.text(),
            shelf_life_days=self.shelf_life.value() or None, price=self.price.amount(),
            barcode=self.barcode.text(), qr_content=self.qr.text(),
            origin_note=self.origin.text(), nutrition=nutrition,
            producer_id=self.producer.currentData(),
        )
        return data, problems

    # -- checking and saving ----------------------------------------------------------------

    def _changed(self) -> None:
        self._timer.start()

    def validate(self) -> list[Any]:
        from coopdesk.products import catalog

        data, problems = self.data()
        _clean, found = catalog.check_product(data)
        problems += found
        columns = {p.column for p in problems}
        for column, widget in (("code", self.code), ("name", self.name),
                               ("barcode", self.barcode), ("qr_content", self.qr),
                               ("net_content", self.net_amount)):
            widget.setProperty("invalid", column in columns)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.problems.setText("\n".join(f"• {p.reason}" for p in problems))
        return problems

    def save(self) -> None:
        from coopdesk.errors import UserError
        from coopdesk.products import catalog

        if self.validate():
            return
        data, _problems = self.data()
        product_id = self.product_id
        try:
            record = self.ctx.book.write(
                lambda s: catalog.save_product(s, data, product_id=product_id))
        except UserError as exc:
            self.problems.setText(str(exc))
            return
        self.product_id = record.id
        self.code.setReadOnly(True)
        self.ctx.changed.emit("products")
        self.saved.emit(record.code)

    def _suggest_barcode(self) -> None:
        from coopdesk.products import catalog

        with self.ctx.book.read() as s:
            self.barcode.setText(catalog.suggest_in_store_barcode(s))

    def choose_logo(self) -> None:
        """Keep a picture file as the chosen group's logo."""
        from coopdesk.errors import UserError
        from coopdesk.products import producers

        group_id = self.producer.currentData()
        if group_id is None:
            self.problems.setText(_("Choose the group that makes the product first."))
            return
        path = _picture_file(self, _("Group logo"))
        if path is None:
            return
        try:
            self.ctx.book.write(lambda s: producers.set_producer_logo(
                s, group_id, path.name, path.read_bytes()))
        except (UserError, OSError) as exc:
            self.problems.setText(str(exc))
            return
        self.ctx.changed.emit("products")

    def _new_producer(self) -> None:
        dialog = ProducerDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created_id is not None:
            from coopdesk.products import producers

            with self.ctx.book.read() as s:
                self.set_producers(producers.list_producers(s))
            self.producer.setCurrentIndex(self.producer.findData(dialog.created_id))


def _picture_file(parent: QWidget, title: str) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(parent, title, "",
                                                _("Pictures (*.png *.jpg *.jpeg)"))
    return Path(path) if path else None
