"""Kuitansi: the receipts issued, found by number or member, printed again, or voided.

Voiding opens a dialog that says what it does before anything happens — a reversing entry on the
chosen day takes the money back, each member balance it changes (before → after), and the
receipt keeps its number and prints BATAL with the reason — then asks for the reason and the
confirmation. Receipts the service will not void here (a loan's, a leaving settlement's, or one
whose money was taken out since) show why, and the button stays off.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.errors import UserError
from coopdesk.i18n import _, format_date, format_money
from coopdesk.ledger.receipts import Receipt, VoidPreview
from coopdesk.ui.context import AppContext
from coopdesk.ui.widgets import DateEdit

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SHOWN = 300  # the newest receipts matching the search; a number or a name narrows it down
VOID_COLOUR = "#B42318"


class ReceiptsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.receipts: list[Receipt] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("receiptSearch")
        self.search.setPlaceholderText(_("Receipt number, member number or name"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        bar.addWidget(self.search, 1)
        self.which = QComboBox()
        self.which.addItem(_("Savings receipts"), "savings.")
        self.which.addItem(_("All receipts (loans too)"), "")
        self.which.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.which)
        find = QPushButton(_("Find"))
        find.clicked.connect(self.refresh)
        bar.addWidget(find)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_selected)
        bar.addWidget(self.print_button)
        self.void_button = QPushButton(_("Void…"))
        self.void_button.clicked.connect(self.void_selected)
        bar.addWidget(self.void_button)
        layout.addLayout(bar)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("receiptTable")
        self.table.setHorizontalHeaderLabels([_("Number"), _("Date"), _("Paid by / to"),
                                              _("For"), _("In / out"), _("Amount"),
                                              _("Status")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(3, 250)  # a settlement's long title must not hide the amounts
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)  # a void's reason
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.print_selected())
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.refresh()

    def refresh(self) -> None:
        from coopdesk.ledger.receipts import list_receipts

        with self.ctx.book.read() as session:
            self.receipts = list_receipts(session, search=self.search.text(), limit=SHOWN,
                                          kind_prefix=self.which.currentData() or None)
        self.table.setRowCount(len(self.receipts))
        for row, r in enumerate(self.receipts):
            status = _("VOID: {reason}").format(reason=r.void_reason) if r.void else _("valid")
            cells = (r.number, format_date(r.date, "short"), r.party, r.title,
                     _("in") if r.direction == "in" else _("out"), format_money(r.total), status)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 5:
                    item.setTextAlignment(RIGHT)
                if r.void:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        self.summary.setText(_("{n} receipts shown, newest first.").format(n=len(self.receipts)))
        self._selection_changed()

    def selected(self) -> Receipt | None:
        rows = self.table.selectionModel().selectedRows()
        return self.receipts[rows[0].row()] if rows else None

    def select_number(self, number: str) -> None:
        for row, r in enumerate(self.receipts):
            if r.number == number:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.print_button.setEnabled(chosen is not None)
        self.void_button.setEnabled(chosen is not None and not chosen.void)

    def print_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            show_receipt(self.ctx, chosen.id, chosen.number)

    def void_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.void:
            return
        dialog = VoidDialog(self.ctx, chosen.id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_ is not None:
            self.ctx.changed.emit("savings")
            self.refresh()
            self.select_number(dialog.result_.number)
            show_receipt(self.ctx, dialog.result_.id, dialog.result_.number)


def show_receipt(ctx: AppContext, receipt_id: int, number: str) -> None:
    from coopdesk.ledger import receipts_pdf

    with ctx.book.read() as session:
        data = receipts_pdf.render(session, [receipt_id])
    ctx.preview_pdf(data, _("Receipt {number}").format(number=number))


class VoidDialog(QDialog):
    """What voiding does, the day and the reason, then the confirmation."""

    def __init__(self, ctx: AppContext, receipt_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.receipt_id = receipt_id
        self.preview: VoidPreview | None = None
        self.result_: Receipt | None = None
        self.setWindowTitle(_("Void a receipt"))
        self.resize(560, 340)
        layout = QVBoxLayout(self)
        self.what = QLabel()
        self.what.setObjectName("cardTitle")
        self.what.setWordWrap(True)
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.what)
        self.effect = QLabel()
        self.effect.setWordWrap(True)
        self.effect.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.effect)
        layout.addStretch(1)
        form = QFormLayout()
        self.day = DateEdit(date.today())
        self.day.dateChanged.connect(lambda _d: self.load())
        form.addRow(_("Void on"), self.day)
        self.reason = QLineEdit()
        self.reason.setObjectName("voidReason")
        self.reason.setPlaceholderText(_("e.g. wrong member, wrong amount"))
        self.reason.textChanged.connect(lambda _t: self._enable())
        form.addRow(_("Reason (printed on it)"), self.reason)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(_("Keep the receipt"))
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        self.void_button = QPushButton(_("Void the receipt"))
        self.void_button.clicked.connect(self.confirm)
        buttons.addWidget(self.void_button)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        from coopdesk.ledger.receipts import preview_void

        try:
            with self.ctx.book.read() as session:
                self.preview = preview_void(session, self.receipt_id, on=self.day.date_value())
        except UserError as exc:
            self.ctx.show_error(exc)
            self.preview = None
        self._show()
        self._enable()

    def _show(self) -> None:
        p = self.preview
        if p is None:
            return
        r = p.receipt
        self.what.setText(_("Receipt {number} of {date}: {title}, {amount} — {party}").format(
            number=r.number, date=format_date(r.date), title=r.title,
            amount=format_money(r.total), party=r.party))
        self.effect.setText(effect_text(p))

    def _enable(self) -> None:
        ok = self.preview is not None and self.preview.problem is None
        self.void_button.setEnabled(ok and bool(self.reason.text().strip()))

    def confirm(self) -> None:
        from coopdesk.ledger.receipts import void_receipt

        reason, day = self.reason.text(), self.day.date_value()
        try:
            self.result_ = self.ctx.book.write(
                lambda s: void_receipt(s, self.receipt_id, reason=reason, on=day))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.accept()


def effect_text(p: VoidPreview) -> str:
    """What the void does, in the words the dialog shows (rich text)."""
    if p.problem is not None:
        return f"<p style='color:{VOID_COLOUR}'><b>{escape(p.problem)}</b></p>"
    parts = []
    if p.reverses:
        parts.append(_("Nothing is deleted. A reversing journal entry dated {date} takes the "
                       "{amount} back.").format(date=format_date(p.on, "long"),
                                                amount=format_money(p.receipt.total)))
    else:
        parts.append(_("The money was already taken back by a reversing entry; only the receipt "
                       "is marked."))
    parts.append(_("The receipt keeps its number {number} and is printed with <b>VOID</b> and "
                   "the reason.").format(number=p.receipt.number))
    changes = [escape(_("{account} of {member}: {before} → {after}").format(
        account=c.account, member=c.member_no, before=format_money(c.before),
        after=format_money(c.after))) for c in p.changes if c.member_no]
    text = "".join(f"<p>{part}</p>" for part in parts)
    if changes:
        text += "<p>" + "<br>".join(changes) + "</p>"
    return text
