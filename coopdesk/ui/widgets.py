"""Shared input widgets: rupiah amounts, dates, accounts; and the plain message boxes.

`MoneyEdit` takes what people type ("1.500.000", "1500000", "Rp 1.500.000") and reads it with
`coopdesk.money.parse_amount`, so the screen and the command line accept the same amounts; the
value is always an `int` of rupiah. `DateEdit` shows dates the Indonesian way (day first, month
names in the current language) and hands out `datetime.date`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QDateEdit, QLineEdit, QWidget

from coopdesk.errors import UserError
from coopdesk.i18n import _, format_money, language
from coopdesk.ui.messages import confirm, inform, show_error, warn

__all__ = ["AccountPicker", "DateEdit", "MoneyEdit", "confirm", "inform", "qt_locale",
           "show_error", "warn"]


def qt_locale() -> QLocale:
    """The Qt locale matching coopdesk's current language (Indonesia or English)."""
    if language() == "id":
        return QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class MoneyEdit(QLineEdit):
    """An amount of rupiah. `amount()` is an int (or None when empty or not an amount)."""

    amount_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, allow_zero: bool = False) -> None:
        super().__init__(parent)
        self._allow_zero = allow_zero
        self._error: str | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("Rp0")
        self.textChanged.connect(self._check)
        self.editingFinished.connect(self._tidy)

    def amount(self) -> int | None:
        if not self.text().strip() or self._error:
            return None
        return self._parse()

    def error(self) -> str | None:
        """Why the text is not an amount, in plain words; None when it is (or is empty)."""
        return self._error

    def set_amount(self, value: int | None) -> None:
        self.setText("" if value is None else format_money(value))

    def _parse(self) -> int:
        from coopdesk.money import parse_amount

        return parse_amount(self.text(), allow_zero=self._allow_zero)

    def _check(self) -> None:
        error = None
        if self.text().strip():
            try:
                self._parse()
            except UserError as exc:
                error = exc.message
        self._error = error
        self.setToolTip(error or "")
        self.setProperty("invalid", error is not None)
        self.style().unpolish(self)
        self.style().polish(self)
        self.amount_changed.emit()

    def _tidy(self) -> None:
        # Show what was understood ("1500000" becomes "Rp1.500.000") once typing is done.
        value = self.amount()
        if value is not None:
            self.blockSignals(True)
            self.setText(format_money(value))
            self.blockSignals(False)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateEdit(QDateEdit):
    """A date with a calendar, day first, month names in the current language."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(qt_locale())
        self.setDisplayFormat("d MMM yyyy")
        self.setCalendarPopup(True)
        self.calendarWidget().setLocale(qt_locale())
        self.set_date(value or date.today())

    def date_value(self) -> date:
        return from_qdate(self.date())

    def set_date(self, value: date) -> None:
        self.setDate(to_qdate(value))


class AccountPicker(QComboBox):
    """Choose an account by typing part of its code or name. Fed plain (code, label) pairs."""

    def __init__(self, accounts: Sequence[tuple[str, str]] = (), parent: QWidget | None = None,
                 *, blank: str | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Long account names must not push the rest of a form off the screen.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(22)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("Type a code or name"))
        self._blank = blank
        self.set_accounts(accounts)

    def set_accounts(self, accounts: Sequence[tuple[str, str]]) -> None:
        self.clear()
        if self._blank is not None:
            self.addItem(self._blank, None)
        for code, label in accounts:
            self.addItem(label, code)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setCurrentIndex(0 if self._blank is not None else -1)

    def account_code(self) -> str | None:
        """The chosen account's code, also when the user typed a code or a full label."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            # A bare code typed by hand ("1101") counts when it names an account.
            index = next((i for i in range(self.count()) if self.itemData(i) == text), -1)
        return None if index < 0 else self.itemData(index)

    def set_account_code(self, code: str | None) -> None:
        index = self.findData(code)
        self.setCurrentIndex(index)
