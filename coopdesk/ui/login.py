"""Signing in to the desktop app, and the lock screen after idle minutes.

`sign_in(book, parent)` is what the app asks before a book's window opens (see
`coopdesk.ui.app`): a book with users asks for a name and password; a book without users (made
before users existed, or the demo) opens for its administrator, and its window offers the
`ClaimDialog` to choose a password. A wrong password disables the button for the wait the book
imposes (1 s, 2 s, 4 s, ...), with the seconds counting down, so nobody wonders whether the app
froze.

The checks themselves are `coopdesk.users.sign_in`, the same as on the command line.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coopdesk import users
from coopdesk.access import SYSTEM
from coopdesk.book import Book
from coopdesk.i18n import _
from coopdesk.ui.messages import show_error

LAST_USER = "trust/last_user"


def sign_in(book: Book, parent: QWidget | None) -> bool:
    """Set `book.actor` to the person at the screen; False when they give up. A book without
    users opens for its administrator; its window then asks for a password (`login_session`)."""
    if book.actor is not SYSTEM and book.actor.user_id is not None:
        return True  # signed in already, e.g. by creating the book a moment ago
    with book.read() as s:
        any_users = users.has_users(s)
    if not any_users:
        book.actor = SYSTEM
        return True
    dialog = SignInDialog(book, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(260)
    return field


class SignInDialog(QDialog):
    """Name and password; wrong ones wait longer each time before the next try."""

    def __init__(self, book: Book, parent: QWidget | None = None, *,
                 locked_user: str | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.wait_left = 0
        self.setWindowTitle(_("Unlock coopdesk") if locked_user else _("Sign in to coopdesk"))
        layout = QVBoxLayout(self)
        title = QLabel(_("The app was locked because nobody used it for a while.")
                       if locked_user else _("Who is using the book?"))
        title.setObjectName("cardTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        form = QFormLayout()
        self.username = QLineEdit(locked_user or str(QSettings().value(LAST_USER, "") or ""))
        self.username.setReadOnly(locked_user is not None)
        self.password = _password_field()
        form.addRow(_("User name"), self.username)
        form.addRow(_("Password or PIN"), self.password)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("difference")
        self.message.setProperty("balanced", "false")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok = QPushButton(_("Unlock") if locked_user else _("Sign in"))
        self.ok.setObjectName("primary")
        self.ok.setDefault(True)
        buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Quit") if locked_user else _("Cancel"),
                          QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.enable_at = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self._tick)
        (self.password if self.username.text() else self.username).setFocus()

    def try_sign_in(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        if not name:
            self.message.setText(_("Type your user name."))
            return
        action = "user.unlock" if self.username.isReadOnly() else "user.login"
        try:
            result = self.book.write(lambda s: users.sign_in(s, name, password, action=action))
        except Exception as exc:
            show_error(self, exc)
            return
        if result.actor is not None:
            self.book.actor = result.actor
            QSettings().setValue(LAST_USER, result.actor.username)
            self.accept()
            return
        self.password.clear()
        self.message.setText(result.problem or "")
        self.wait(result.wait_seconds)

    def wait(self, seconds: int) -> None:
        # A little past the book's own wait: a timer may fire a few milliseconds early.
        self.enable_at = time.monotonic() + seconds + 0.2
        if seconds > 0:
            self.ok.setEnabled(False)
            self._tick()
            self.timer.start()

    def _tick(self) -> None:
        self.wait_left = math.ceil(self.enable_at - 0.2 - time.monotonic())
        if self.enable_at <= time.monotonic():
            self.timer.stop()
            self.ok.setEnabled(True)
            self.ok.setText(_("Sign in") if not self.username.isReadOnly() else _("Unlock"))
            self.password.setFocus()
            return
        self.ok.setText(_("Wait {n} s").format(n=max(self.wait_left, 1)))


class ClaimDialog(QDialog):
    """A book without users: its administrator chooses a password, or decides later."""

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.setWindowTitle(_("Protect this book with a password"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("This book has no password yet, so anyone who opens it can change it. "
                         "Choose a name and a password (or a PIN of at least {n} digits) for "
                         "its administrator. Write it down and keep it in a safe place.")
                       .format(n=users.MIN_PASSWORD))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.username = QLineEdit(users.DEFAULT_ADMIN)
        self.password = _password_field()
        self.again = _password_field()
        form.addRow(_("User name"), self.username)
        form.addRow(_("Password or PIN"), self.password)
        form.addRow(_("Type it again"), self.again)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        save = QPushButton(_("Save the password"))
        save.setObjectName("primary")
        save.setDefault(True)
        buttons.addButton(save, QDialogButtonBox.ButtonRole.AcceptRole)
        later = buttons.addButton(_("Later"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        later.clicked.connect(self.accept)  # the book opens as before, and asks again next time
        layout.addWidget(buttons)
        self.password.setFocus()

    def save(self) -> None:
        from coopdesk.errors import UserError

        name, password = self.username.text().strip(), self.password.text()
        try:
            if password != self.again.text():
                raise UserError(_("The two passwords are not the same."))
            view = self.book.write(lambda s: users.create_administrator(s, name, password))
        except Exception as exc:
            show_error(self, exc)
            return
        self.book.actor = users.actor_for(view)
        QSettings().setValue(LAST_USER, view.username)
        self.accept()
