"""What trust adds to an open book's window: the idle lock, the backup menu and its reminder.

`attach(window)` is called by the app for every window it builds (see `coopdesk.ui.app`):

- Lock: after the cooperative's idle minutes (`users.IDLE_LOCK_MINUTES`) without a key press or
  a click, the window hides behind the sign-in dialog for the same user; "Lock now" does it at
  once. A book without users has nobody to lock for.
- Book menu: back up now, restore a backup, backup and security settings, users
  (`login_users`), approvals (`login_approvals`), change my password, lock now.
- Notices in the status bar, each a button: a book without users asks its administrator to set
  a password; a book whose last backup is older than the reminder days offers to back up now;
  requests waiting for the signed-in user's approval open the approvals.
  (Buttons, not pop-ups: nothing stands between the treasurer and the work.)

`on_close(book, parent)` is called when the app quits and when the user switches to another
book: an automatic backup into the chosen folder, rotated.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from coopdesk import backup, users
from coopdesk.access import SYSTEM, Capability
from coopdesk.book import Book
from coopdesk.i18n import _
from coopdesk.settings import SettingKey
from coopdesk.ui.messages import confirm, inform, show_error, warn

log = logging.getLogger(__name__)
ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}


def attach(window: QMainWindow) -> None:
    ctx = window.ctx  # type: ignore[attr-defined]
    window._trust = TrustParts(window, ctx)  # type: ignore[attr-defined]  # kept alive with it


class TrustParts(QObject):
    def __init__(self, window: QMainWindow, ctx: object) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.book: Book = ctx.book  # type: ignore[attr-defined]
        self.locked = False
        self.claim_notice: QPushButton | None = None
        self.backup_notice: QPushButton | None = None
        self.approval_notice: QPushButton | None = None
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.lock)
        self._add_menu()
        self._start_idle_timer()
        app = QApplication.instance()
        if app is not None:  # every key press and click anywhere restarts the countdown
            app.installEventFilter(self)
        if not getattr(ctx, "headless", False):
            self._notices()

    # -- idle lock ----------------------------------------------------------------------------

    def _signed_in(self) -> bool:
        return self.book.actor is not SYSTEM and self.book.actor.user_id is not None

    def _start_idle_timer(self) -> None:
        minutes = 0
        if self._signed_in():
            with self.book.read() as s:
                minutes = users.IDLE_LOCK_MINUTES.get(s)
        if minutes > 0:
            self.idle.setInterval(minutes * 60_000)
            self.idle.start()
        else:
            self.idle.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.idle.isActive():
            self.idle.start()  # restart the countdown
        return False

    def lock(self) -> None:
        """Hide the window behind the sign-in dialog of the same user."""
        if self.locked or not self._signed_in():
            return
        from coopdesk.ui.login import SignInDialog

        self.locked = True
        self.window.hide()
        dialog = SignInDialog(self.book, None, locked_user=self.book.actor.username)
        unlocked = dialog.exec() == QDialog.DialogCode.Accepted
        self.locked = False
        if not unlocked:
            self.window.close()
            return
        self.window.show()
        self._start_idle_timer()

    # -- menu ---------------------------------------------------------------------------------

    def _add_menu(self) -> None:
        menu = _book_menu(self.window)
        quit_action = menu.actions()[-1] if menu.actions() else None
        items = [
            (_("&Back up now…"), QKeySequence("Ctrl+Shift+B"), self.back_up_now),
            (_("&Restore a backup…"), None, self.restore),
            (_("Backup and &security settings…"), None, self.settings),
            (_("&Users…"), None, self.manage_users),
            (_("A&pprovals…"), None, self.approvals),
            (_("&Change my password…"), None, self.change_password),
            (_("&Lock now"), QKeySequence("Ctrl+L"), self.lock),
        ]
        for text, shortcut, slot in items:
            action = menu.addAction(text)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(lambda _checked=False, f=slot: f())
            if quit_action is not None:
                menu.insertAction(quit_action, action)
        if quit_action is not None:
            menu.insertSeparator(quit_action)

    def back_up_now(self) -> None:
        with self.book.read() as s:
            folder = backup.folder(s)
            name = backup.backup_name(_coop(s), "manual")
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Save the backup"), str(folder / name),
            f"coopdesk backup (*{backup.SUFFIX})")
        if not path:
            return
        target = Path(path if path.endswith(backup.SUFFIX) else path + backup.SUFFIX)

        def done(result: backup.BackupResult) -> None:
            if self.backup_notice is not None:
                self.backup_notice.hide()
            inform(self.window, _("The backup is saved in “{path}”. Keep a copy outside this "
                                  "computer, for example on a USB stick.").format(
                                      path=result.path), title=_("Backup made"))

        self.ctx.run_task(  # type: ignore[attr-defined]
            lambda _progress: backup.make_backup(self.book, target),
            title=_("Making a backup…"), on_done=done)

    def restore(self) -> None:
        from coopdesk import backup_restore

        with self.book.read() as s:
            allowed = self.book.actor.can(Capability.RESTORE)
            folder = backup.folder(s)
        if not allowed:
            warn(self.window, _("Only the book's administrator may restore a backup."))
            return
        path, _filter = QFileDialog.getOpenFileName(
            self.window, _("Choose the backup to restore"), str(folder),
            f"coopdesk backup (*{backup.SUFFIX});;*")
        if not path:
            return
        try:
            manifest = backup.verify_backup(Path(path))
        except Exception as exc:
            show_error(self.window, exc)
            return
        if not confirm(self.window, _("Replace this book with the backup of {coop} made on "
                                      "{when}? A copy of the book as it is now is kept.").format(
                                          coop=manifest.cooperative or "?",
                                          when=manifest.created_at[:16].replace("T", " ")),
                       yes=_("Restore"), title=_("Restore a backup")):
            return
        try:
            result = backup_restore.restore(self.book.location, Path(path),
                                            username=self.book.actor.username)
        except Exception as exc:
            show_error(self.window, exc)
            return
        inform(self.window, _("The backup was restored. The book as it was is kept in "
                              "“{path}”.").format(path=result.kept or "-"),
               title=_("Backup restored"))
        self.book.actor = SYSTEM  # the restored book has its own users: sign in again
        from coopdesk.ui.login import sign_in

        if not sign_in(self.book, self.window):
            self.window.close()
            return
        self.ctx.changed.emit("all")  # type: ignore[attr-defined]

    def settings(self) -> None:
        if not self.book.actor.can(Capability.SETTINGS):
            warn(self.window, _("Only the chair or the book's administrator may change these "
                                "settings."))
            return
        TrustSettingsDialog(self.book, self.window).exec()
        self._start_idle_timer()

    def change_password(self) -> None:
        if not self._signed_in():
            from coopdesk.ui.login import ClaimDialog

            if ClaimDialog(self.book, self.window).exec() and self._signed_in():
                if self.claim_notice is not None:
                    self.claim_notice.hide()
                self._start_idle_timer()
            return
        from coopdesk.ui.login_users import ChangePasswordDialog

        ChangePasswordDialog(self.book, self.window).exec()

    def manage_users(self) -> None:
        from coopdesk.ui.login_users import UsersDialog

        UsersDialog(self.book, self.window).exec()

    def approvals(self) -> None:
        from coopdesk.ui.login_approvals import ApprovalsDialog

        ApprovalsDialog(self.book, self.window).exec()
        self._approval_notice()

    # -- notices ------------------------------------------------------------------------------

    def _notices(self) -> None:
        with self.book.read() as s:
            no_users = not users.has_users(s)
            note = backup.reminder(s)
        if no_users:
            self.claim_notice = self._notice(
                _("This book has no password yet: set one"), self.change_password)
        if note is not None and self.book.actor.can(Capability.BACKUP):
            self.backup_notice = self._notice(_("Back up now"), self.back_up_now, tip=note)
        self._approval_notice()

    def _approval_notice(self) -> None:
        from coopdesk.ui.login_approvals import waiting_for

        n = waiting_for(self.book)
        if n and self.approval_notice is None:
            self.approval_notice = self._notice("", self.approvals)
        if self.approval_notice is not None:
            self.approval_notice.setText(_("{n} payment(s) wait for your approval").format(n=n))
            self.approval_notice.setVisible(n > 0)

    def _notice(self, text: str, slot: object, *, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("primary")
        button.setToolTip(tip or text)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.window.statusBar().addPermanentWidget(button)
        return button


def _book_menu(window: QMainWindow) -> QMenu:
    menu = window.menuBar().actions()[0].menu() if window.menuBar().actions() else None
    return menu if isinstance(menu, QMenu) else window.menuBar().addMenu(_("&Book"))


def _coop(session: Session) -> str:
    from coopdesk.settings import COOP_NAME

    return COOP_NAME.get(session)


class TrustSettingsDialog(QDialog):
    """Where backups go and how many are kept, the reminder, the idle lock, second approval."""

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.setWindowTitle(_("Backup and security settings"))
        self.setMinimumWidth(640)
        with book.read() as s:
            self.before = _trust_settings(s)
        layout = QVBoxLayout(self)
        # Tall enough for the wrapped explanation at any width (a plain size hint is not).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(self._backup_form())
        layout.addWidget(self._approval_box())
        buttons = QDialogButtonBox()
        buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.separation.toggled.connect(self._separation_toggled)
        self._separation_toggled(self.separation.isChecked())

    def _backup_form(self) -> QFormLayout:
        b = self.before
        form = QFormLayout()
        self.folder = QLineEdit(str(b["folder"]))
        self.folder.setMinimumWidth(280)
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.keep = _spin(1, 1000, int(b["keep"]))
        self.remind = _spin(0, 365, int(b["remind"]))
        self.idle = _spin(0, 1440, int(b["idle"]))
        form.addRow(_("Backup folder"), row)
        form.addRow(_("Automatic backups kept"), self.keep)
        form.addRow(_("Remind after days without a backup"), self.remind)
        form.addRow(_("Lock after idle minutes (0: never)"), self.idle)
        return form

    def _approval_box(self) -> QGroupBox:
        from coopdesk.ui.widgets import MoneyEdit

        b = self.before
        box = QGroupBox(_("Second approval (maker and checker)"))
        column = QVBoxLayout(box)
        self.separation = QCheckBox(_("A second person approves loans and large withdrawals"))
        self.separation.setChecked(bool(b["separation"]))
        explain = QLabel(_("When this is on, the one who enters a loan cannot approve it, and a "
                           "loan paid out by the one who approved it, or a withdrawal above the "
                           "amount below, waits until another user approves it (Book → "
                           "Approvals…). 0 means every payment."))
        explain.setWordWrap(True)
        self.loan_above, self.withdrawal_above = (MoneyEdit(allow_zero=True),
                                                  MoneyEdit(allow_zero=True))
        self.loan_above.set_amount(int(b["loan_above"]))
        self.withdrawal_above.set_amount(int(b["withdrawal_above"]))
        form = QFormLayout()
        form.addRow(_("Loans that need approval: above"), self.loan_above)
        form.addRow(_("Withdrawals that need approval: above"), self.withdrawal_above)
        column.addWidget(self.separation)
        column.addWidget(explain)
        column.addLayout(form)
        return box

    def _separation_toggled(self, on: bool) -> None:
        self.loan_above.setEnabled(on)
        self.withdrawal_above.setEnabled(on)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Backup folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def values(self) -> dict[str, Any]:
        from coopdesk.errors import UserError

        for field in (self.loan_above, self.withdrawal_above):
            if field.error():
                raise UserError(field.error() or "")
        return {"folder": self.folder.text().strip(), "keep": self.keep.value(),
                "remind": self.remind.value(), "idle": self.idle.value(),
                "separation": self.separation.isChecked(),
                "loan_above": self.loan_above.amount() or 0,
                "withdrawal_above": self.withdrawal_above.amount() or 0}

    def save(self) -> None:
        """Only what was changed is written (and so audited), all in one transaction."""
        try:
            changed = {k: v for k, v in self.values().items() if v != self.before[k]}
            if changed:
                self.book.write(lambda s: _put_trust_settings(s, changed))
        except Exception as exc:
            show_error(self, exc)
            return
        self.accept()


_TRUST_SETTINGS: dict[str, SettingKey[Any]] = {
    "folder": backup.BACKUP_FOLDER, "keep": backup.BACKUP_KEEP, "remind": backup.BACKUP_REMIND_DAYS,
    "idle": users.IDLE_LOCK_MINUTES, "separation": users.SEPARATION_OF_DUTIES,
    "loan_above": users.APPROVAL_LOAN_ABOVE, "withdrawal_above": users.APPROVAL_WITHDRAWAL_ABOVE,
}


def _trust_settings(session: Session) -> dict[str, Any]:
    values: dict[str, Any] = {k: key.get(session) for k, key in _TRUST_SETTINGS.items()}
    values["folder"] = str(backup.folder(session))  # the default shown, not left blank
    return values


def _put_trust_settings(session: Session, changed: dict[str, Any]) -> None:
    for name, value in changed.items():
        _TRUST_SETTINGS[name].put(session, value)


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


def on_close(book: Book | None, parent: QWidget | None = None) -> None:
    """The automatic backup when the app closes; a failure is said, never fatal."""
    if book is None or not book.actor.can(Capability.BACKUP):
        return
    try:
        backup.auto_backup(book, reason="close")
    except Exception as exc:  # the app is closing: tell, but let it close
        log.warning("automatic backup failed: %s", exc)
        warn(parent, _("The automatic backup could not be made: {error}").format(error=exc),
             title=_("Backup"))
