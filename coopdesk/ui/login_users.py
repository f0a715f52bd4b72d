"""The users screen (Book → Users…): who may use the book, in which role, and their passwords.

Every button calls the same services as `coopdesk user ...` on the command line
(`coopdesk.users`), each in one transaction; the services check the permission and write the
audit record, so this screen only shows what they answer. Only the book's administrator may
change users; anyone may open the screen to change their own password, and the supervisor sees
the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
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

from coopdesk import users
from coopdesk.access import ROLE_LABELS, Capability, Role
from coopdesk.book import Book
from coopdesk.errors import UserError
from coopdesk.i18n import N_, _, format_datetime
from coopdesk.ui.messages import confirm, show_error

STRENGTH_COLOURS = ("#b3261e", "#8a5a00", "#1e6b34", "#1e6b34")


class PasswordPair:
    """A new password typed twice, with a plain hint of how hard it is to guess: three rows
    added to the dialog's form, so their labels line up with the fields above them."""

    def __init__(self, form: QFormLayout, username: Callable[[], str] = lambda: "") -> None:
        self.username = username
        self.first, self.again = QLineEdit(), QLineEdit()
        for field in (self.first, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMinimumWidth(260)
            field.textChanged.connect(self.update_hint)
        self.hint = QLabel("")
        self.hint.setWordWrap(True)
        self.hint.setObjectName("passwordHint")
        form.addRow(_("New password or PIN"), self.first)
        form.addRow(_("Type it again"), self.again)
        form.addRow("", self.hint)
        self.update_hint()

    def update_hint(self) -> None:
        strength = users.password_strength(self.first.text(), self.username())
        text = strength.text
        if self.again.text() and self.again.text() != self.first.text():
            text += " " + _("The two passwords are not the same yet.")
        self.hint.setText(text)
        self.hint.setStyleSheet(f"color: {STRENGTH_COLOURS[strength.level]}")

    def password(self) -> str:
        """The password, once both fields agree (the strength is the service's to judge)."""
        if self.first.text() != self.again.text():
            raise UserError(_("The two passwords are not the same."))
        return self.first.text()


def _buttons(dialog: QDialog, save_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    save = QPushButton(save_text)
    save.setObjectName("primary")
    save.setDefault(True)
    buttons.addButton(save, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.save)  # type: ignore[attr-defined]
    buttons.rejected.connect(dialog.reject)
    return buttons


def _role_box(current: Role = Role.OPERATOR) -> QComboBox:
    box = QComboBox()
    for role in Role:
        box.addItem(_(ROLE_LABELS[role]), role.value)
    box.setCurrentIndex(box.findData(current.value))
    return box


class _ActionDialog(QDialog):
    """A small form whose Save runs one service in one transaction; a refusal keeps it open."""

    def __init__(self, book: Book, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.book = book
        self.result_view: Any = None
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)

    def run(self, action: Callable[[Any], Any]) -> None:
        try:
            self.result_view = self.book.write(action)
        except UserError as exc:
            show_error(self, exc)
            return
        self.accept()


class AddUserDialog(_ActionDialog):
    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(book, _("Add a user"), parent)
        form = QFormLayout()
        self.username, self.full_name = QLineEdit(), QLineEdit()
        self.username.setPlaceholderText(_("e.g. siti"))
        self.role = _role_box()
        self.admin = QCheckBox(_("Also manages users and settings (administrator)"))
        form.addRow(_("User name"), self.username)
        form.addRow(_("Full name"), self.full_name)
        form.addRow(_("Role"), self.role)
        form.addRow("", self.admin)
        self.passwords = PasswordPair(form, self.username.text)
        self.username.textChanged.connect(self.passwords.update_hint)
        self.layout_.addLayout(form)
        self.layout_.addWidget(_buttons(self, _("Add the user")))

    def save(self) -> None:
        name, full_name = self.username.text(), self.full_name.text()
        role, admin = Role(self.role.currentData()), self.admin.isChecked()
        try:
            password = self.passwords.password()
        except UserError as exc:
            show_error(self, exc)
            return
        self.run(lambda s: users.add_user(s, name, role, password, full_name=full_name,
                                          is_admin=admin))


class RoleDialog(_ActionDialog):
    def __init__(self, book: Book, user: users.UserView, parent: QWidget | None = None) -> None:
        super().__init__(book, _("Change the role of {name}").format(name=user.username), parent)
        self.user = user
        form = QFormLayout()
        self.role = _role_box(user.role)
        self.admin = QCheckBox(_("Also manages users and settings (administrator)"))
        self.admin.setChecked(user.is_admin)
        form.addRow(_("Role"), self.role)
        form.addRow("", self.admin)
        self.layout_.addLayout(form)
        self.layout_.addWidget(_buttons(self, _("Save")))

    def save(self) -> None:
        name, role = self.user.username, Role(self.role.currentData())
        admin = self.admin.isChecked()
        self.run(lambda s: users.set_role(s, name, role, is_admin=admin))


class ResetPasswordDialog(_ActionDialog):
    """The administrator gives another user a new password (they forgot theirs)."""

    def __init__(self, book: Book, user: users.UserView, parent: QWidget | None = None) -> None:
        super().__init__(book, _("New password for {name}").format(name=user.username), parent)
        self.user = user
        note = QLabel(_("Give {name} the new password in person. They can change it afterwards "
                        "in Book → Change my password.").format(name=user.username))
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        form = QFormLayout()
        self.passwords = PasswordPair(form, lambda: user.username)
        self.layout_.addLayout(form)
        self.layout_.addWidget(_buttons(self, _("Save the password")))

    def save(self) -> None:
        name = self.user.username
        try:
            password = self.passwords.password()
        except UserError as exc:
            show_error(self, exc)
            return
        self.run(lambda s: users.set_password(s, name, password))


class ChangePasswordDialog(_ActionDialog):
    """Your own password: the current one first, so nobody at an unlocked screen can change it."""

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(book, _("Change my password"), parent)
        self.layout_.addWidget(QLabel(_("Signed in as {name}").format(
            name=book.actor.username)))
        form = QFormLayout()
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Current password"), self.current)
        self.passwords = PasswordPair(form, lambda: book.actor.username)
        self.layout_.addLayout(form)
        self.layout_.addWidget(_buttons(self, _("Save the password")))

    def save(self) -> None:
        name, current = self.book.actor.username, self.current.text()
        try:
            password = self.passwords.password()
        except UserError as exc:
            show_error(self, exc)
            return
        self.run(lambda s: users.set_password(s, name, password, current_password=current))


COLUMNS = (N_("User name"), N_("Full name"), N_("Role"), N_("Administrator"), N_("Status"),
           N_("Last sign-in"))


class UsersDialog(QDialog):
    """The list of users and what the administrator does to them."""

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.rows: list[users.UserView] = []
        self.setWindowTitle(_("Users"))
        self.resize(820, 440)
        layout = QVBoxLayout(self)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_buttons())
        self.refresh()

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add a user…"))
        self.role_button = QPushButton(_("Change role…"))
        self.active_button = QPushButton(_("Disable"))
        self.reset_button = QPushButton(_("New password…"))
        self.mine_button = QPushButton(_("Change my password…"))
        close = QPushButton(_("Close"))
        for button, slot in ((self.add_button, self.add_user), (self.role_button, self.change_role),
                             (self.active_button, self.toggle_active),
                             (self.reset_button, self.reset_password),
                             (self.mine_button, self.change_my_password), (close, self.accept)):
            button.clicked.connect(lambda _checked=False, f=slot: f())
            row.addWidget(button)
        row.insertStretch(5, 1)
        return row

    # -- the list -------------------------------------------------------------------------------

    def may_manage(self) -> bool:
        return self.book.actor.can(Capability.USERS)

    def refresh(self) -> None:
        chosen = self.selected()
        try:
            with self.book.read() as s:
                self.rows = users.list_users(s)
        except UserError:  # not theirs to see: they may still change their own password
            self.rows = []
        self.note.setText(_("Who may use this book, and what each may do.") if self.may_manage()
                          else _("Only the book's administrator can add users or change them. "
                                 "You can change your own password here."))
        self.table.setRowCount(len(self.rows))
        for r, u in enumerate(self.rows):
            cells = (u.username, u.full_name, _(ROLE_LABELS[u.role]),
                     _("yes") if u.is_admin else "", _("active") if u.active else _("disabled"),
                     format_datetime(u.last_login_at.astimezone(), "short") if u.last_login_at
                     else _("never"))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, u.username)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if chosen is not None:
            self.select(chosen.username)
        self._selection_changed()

    def select(self, username: str) -> None:
        for r, u in enumerate(self.rows):
            if u.username == username:
                self.table.selectRow(r)

    def selected(self) -> users.UserView | None:
        row = self.table.currentRow() if self.table.selectedItems() else -1
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selection_changed(self) -> None:
        user = self.selected()
        manage = self.may_manage()
        self.add_button.setEnabled(manage)
        for button in (self.role_button, self.active_button, self.reset_button):
            button.setEnabled(manage and user is not None)
        self.active_button.setText(_("Enable") if user is not None and not user.active
                                   else _("Disable"))
        self.mine_button.setEnabled(self.book.actor.user_id is not None)

    # -- actions --------------------------------------------------------------------------------

    def _after(self, dialog: _ActionDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_view is not None:
            self._follow_own_change(dialog.result_view)
            self.refresh()
            self.select(dialog.result_view.username)

    def _follow_own_change(self, view: users.UserView) -> None:
        """A change to the signed-in user's own role takes effect now, not at the next sign-in."""
        if view.id == self.book.actor.user_id:
            self.book.actor = users.actor_for(view)

    def add_user(self) -> None:
        self._after(AddUserDialog(self.book, self))

    def change_role(self) -> None:
        if (user := self.selected()) is not None:
            self._after(RoleDialog(self.book, user, self))

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.id == self.book.actor.user_id:  # one's own: with the current password
            self.change_my_password()
            return
        self._after(ResetPasswordDialog(self.book, user, self))

    def change_my_password(self) -> None:
        ChangePasswordDialog(self.book, self).exec()

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active and not confirm(
                self, _("Stop {name} from signing in? Everything they recorded stays in the "
                        "book.").format(name=user.username), yes=_("Disable")):
            return
        name, active = user.username, not user.active
        try:
            view = self.book.write(lambda s: users.set_active(s, name, active))
        except UserError as exc:
            show_error(self, exc)
            return
        self._follow_own_change(view)
        self.refresh()
