"""Second approvals in the desktop app (maker ≠ checker), when the cooperative turned them on.

A loan payout or a savings payout above the limit is refused by its service with
`users.ApprovalRequired`. Every page shows errors through `AppContext.show_error`, which hands
this one to `offer(ctx, exc)`: it says "Waiting for a second user's approval" and sends the
request (its own transaction) when the treasurer agrees. Another user with the right to approve
opens Book → Approvals… (`ApprovalsDialog`), approves or rejects it, and the treasurer presses
the same payout button again; the service then uses the approval up.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from coopdesk import users
from coopdesk.access import Capability
from coopdesk.book import Book
from coopdesk.errors import UserError
from coopdesk.i18n import N_, _, format_datetime, format_money
from coopdesk.ui.messages import confirm, inform, show_error

WAITING = N_("Waiting for a second user's approval")


def offer(ctx: object, exc: BaseException) -> bool:
    """Deal with a payment that needs a second user's approval; False for any other error."""
    if not isinstance(exc, users.ApprovalRequired):
        return False
    book: Book = ctx.book  # type: ignore[attr-defined]
    parent: QWidget | None = ctx.window  # type: ignore[attr-defined]
    if exc.pending_id is not None:
        inform(parent, _("{waiting}: request {id} for this payment was sent before. Ask another "
                         "user (the chair or the treasurer, not the one who pays it out) to "
                         "approve it in Book → Approvals…; then do the payment again.").format(
                             waiting=_(WAITING), id=exc.pending_id), title=_(WAITING))
        return True
    with book.read() as s:
        summary = describe(s, exc.kind, exc.subject, exc.amount)
    if not confirm(parent, _("This payment needs a second user's approval: {what}. Send a "
                             "request for approval now?").format(what=summary),
                   yes=_("Send for approval"), title=_(WAITING)):
        return True
    try:
        request = book.write(lambda s: users.request_approval(
            s, exc.kind, exc.subject, exc.amount, summary))
    except UserError as error:
        show_error(parent, error)
        return True
    inform(parent, _("{waiting}. Request {id} was sent. Another user (the chair or the "
                     "treasurer, not you) approves it in Book → Approvals…; then do the payment "
                     "again.").format(waiting=_(WAITING), id=request.id), title=_(WAITING))
    return True


def describe(session: Session, kind: str, subject: str, amount: int) -> str:
    """What is paid, to whom, how much: for the approver, who cannot see the payer's screen."""
    label = _(users.APPROVAL_KIND_LABELS.get(kind, kind))
    return f"{label} {format_money(amount)}: {_whom(session, subject)}"


def _whom(session: Session, subject: str) -> str:
    """`loan:12` → the loan number and borrower; `savings:A-0007:sukarela` → the member."""
    what, _sep, rest = subject.partition(":")
    try:
        if what == "loan" and rest.isdigit():
            from coopdesk.ledger.loans.views import get_loan

            loan = get_loan(session, int(rest))
            return f"{loan.loan_no}, {loan.member_name} ({loan.member_no})"
        if what in ("savings", "leave") and rest:
            from coopdesk.ledger.savings import KIND_LABELS, member

            no, _sep, kind = rest.partition(":")
            m = member(session, no)
            if what == "leave":
                return _("{name} ({no}) leaves the cooperative").format(name=m.name,
                                                                       no=m.member_no)
            label = _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind
            return f"{m.name} ({m.member_no}), {label}"
    except UserError:
        pass  # a subject no longer found: the raw text is still the truth
    return subject


COLUMNS = (N_("No."), N_("Payment"), N_("Asked by"), N_("Asked at"), N_("Status"),
           N_("Decided by"))


class ApprovalsDialog(QDialog):
    """Requests for a second approval: the checker approves or rejects those of others."""

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.rows: list[users.ApprovalView] = []
        self.setWindowTitle(_("Approvals"))
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        note = QLabel(_("Large payments wait here for a second user. You cannot approve your own "
                        "request, and the one who approves cannot pay it out."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.waiting_only = QCheckBox(_("Only requests still waiting"))
        self.waiting_only.setChecked(True)
        self.waiting_only.toggled.connect(lambda _on: self.refresh())
        layout.addWidget(self.waiting_only)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.approve_button = QPushButton(_("Approve"))
        self.approve_button.setObjectName("primary")
        self.reject_button = QPushButton(_("Reject…"))
        close = QPushButton(_("Close"))
        self.approve_button.clicked.connect(lambda _c=False: self.decide(approve=True))
        self.reject_button.clicked.connect(lambda _c=False: self.decide(approve=False))
        close.clicked.connect(self.accept)
        for button in (self.approve_button, self.reject_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        status = "pending" if self.waiting_only.isChecked() else None
        with self.book.read() as s:
            self.rows = users.list_approvals(s, status=status)
        self.table.setRowCount(len(self.rows))
        for r, a in enumerate(self.rows):
            cells = (str(a.id), a.summary or describe_raw(a), a.requested_by,
                     format_datetime(a.requested_at.astimezone(), "short"),
                     _(users.APPROVAL_STATUS_LABELS.get(a.status, a.status)),
                     a.decided_by or "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self._selection_changed()

    def selected(self) -> users.ApprovalView | None:
        row = self.table.currentRow() if self.table.selectedItems() else -1
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        waiting = chosen is not None and chosen.status == "pending"
        self.approve_button.setEnabled(waiting)
        self.reject_button.setEnabled(waiting)

    def decide(self, *, approve: bool) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        reason = ""
        if not approve:
            reason, ok = QInputDialog.getText(self, _("Reject the request"),
                                              _("Why is it rejected?"))
            if not ok:
                return
        request_id = chosen.id
        try:
            self.book.write(lambda s: users.decide(s, request_id, approve=approve,
                                                   reason=reason))
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh()


def describe_raw(a: users.ApprovalView) -> str:
    """A request sent from the command line without a note: its kind, amount and subject."""
    return f"{_(users.APPROVAL_KIND_LABELS.get(a.kind, a.kind))} {format_money(a.amount)}: " \
           f"{a.subject}"


def waiting_for(book: Book) -> int:
    """Requests of other users that the signed-in user may approve (for the status bar)."""
    if not book.actor.can(Capability.APPROVE):
        return 0
    with book.read() as s:
        return sum(1 for a in users.list_approvals(s, status="pending")
                   if a.requested_by != book.actor.username)
