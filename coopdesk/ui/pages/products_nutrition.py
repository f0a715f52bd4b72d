"""The nutrition facts of the product form: the Informasi Nilai Gizi as BPOM lays it out.

One row per nutrient, as the vertical table prints them: the amount per serving typed by the
group and, beside it, the %AKG worked out as they type (from the book's reference amounts), so
what the form shows is what the label will say. Empty fields are nutrients not declared.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from coopdesk.i18n import _
from coopdesk.ui.context import AppContext


class NutritionEditor(QWidget):
    """Serving size, servings per pack and the amounts per serving; `changed` on every edit."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from coopdesk.products.nutrition import DEFAULT_REFERENCE
        from coopdesk.products.terms import NUTRIENTS

        super().__init__(parent)
        self.ctx = ctx
        self.reference: dict[str, int] = dict(DEFAULT_REFERENCE)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.serving = self._edit("25 g")
        self.servings = self._edit("10")
        grid.addWidget(QLabel(_("Serving size")), 0, 0)
        grid.addWidget(self.serving, 0, 1)
        grid.addWidget(QLabel(_("Servings per pack")), 0, 2)
        grid.addWidget(self.servings, 0, 3)
        self.amounts: dict[str, QLineEdit] = {}
        self.akg: dict[str, QLabel] = {}
        for row, (key, words, unit) in enumerate(NUTRIENTS, start=1):
            self.amounts[key] = self._edit("")
            self.akg[key] = QLabel()
            self.akg[key].setStyleSheet("color: #52606d")
            grid.addWidget(QLabel(words), row, 0)
            grid.addWidget(self.amounts[key], row, 1)
            grid.addWidget(QLabel(unit), row, 2)
            grid.addWidget(self.akg[key], row, 3)
        self.changed.connect(self._show_akg)

    def _edit(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(lambda _text: self.changed.emit())
        return edit

    def load(self, nutrition: Any) -> None:
        """Show a product's `Nutrition` (None: empty fields), with the book's %AKG reference."""
        from coopdesk.products.nutrition import REFERENCE

        with self.ctx.book.read() as s:
            self.reference = REFERENCE.get(s)
        values = dict(nutrition.values) if nutrition else {}
        self.serving.setText(nutrition.serving if nutrition else "")
        servings = nutrition.servings if nutrition else None
        self.servings.setText("" if servings is None else _number(servings))
        for key, edit in self.amounts.items():
            value = values.get(key)
            edit.setText("" if value is None else _number(value))
        self._show_akg()

    def value(self, problems: list[Any]) -> Any:
        """The `Nutrition` typed (None when every field is empty); unreadable numbers are added
        to `problems`."""
        from coopdesk.products.records import Nutrition

        values = []
        for key, edit in self.amounts.items():
            amount = self._read(edit, problems)
            if amount is not None:
                values.append((key, amount))
        servings = self._read(self.servings, problems)
        if not values and not self.serving.text().strip() and servings is None:
            return None
        return Nutrition(self.serving.text().strip(), tuple(values), servings)

    def _read(self, edit: QLineEdit, problems: list[Any]) -> Any:
        from coopdesk.errors import Problem
        from coopdesk.products.records import parse_decimal

        if not edit.text().strip():
            return None
        value = parse_decimal(edit.text())
        if value is None:
            problems.append(Problem(_("“{text}” is not a number.").format(text=edit.text()),
                                    column="nutrition"))
        return value

    def _show_akg(self) -> None:
        from coopdesk.products.nutrition import facts

        nutrition = self.value([])
        shown = {r.key: r.akg for r in facts(nutrition, self.reference).rows} if nutrition else {}
        for key, label in self.akg.items():
            label.setText(_("{percent} AKG").format(percent=shown[key]) if shown.get(key) else "")


def _number(value: Any) -> str:
    return format(value.normalize(), "f").replace(".", ",")
