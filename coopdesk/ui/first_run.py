"""Starting without a book: create a cooperative, open the demo cooperative, or pick a book file.

New books are created only where nothing exists yet (`Book.open(create=True)` refuses an existing
book). A book this dialog created and could not fill is removed again, so a failed start leaves
nothing half-made behind; a book that already existed is never touched.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coopdesk.book import Book, Location
from coopdesk.errors import UserError
from coopdesk.i18n import _, language
from coopdesk.ui.messages import show_error

BOOK_FILTER = "coopdesk (*.coopdesk);;*"


def remove_new_book(book: Book) -> None:
    """Remove a book this app created a moment ago and could not fill."""
    book.close()
    if book.location.path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{book.location.path}{suffix}").unlink(missing_ok=True)


def create_cooperative_book(location: Location, name: str, *, address: str = "",
                            phone: str = "", logo: Path | None = None,
                            first_year: int | None = None,
                            admin: tuple[str, str] | None = None) -> Book:
    """A new book at `location` holding a new cooperative (one transaction); with `admin`
    (name, password) its administrator too, who is then the one signed in."""
    from coopdesk.attachments import add_attachment_file
    from coopdesk.ledger.setup import Cooperative, create_cooperative

    book = Book.open(location, create=True)
    try:
        with book.transaction() as session:
            logo_id = add_attachment_file(session, "logo", logo) if logo else None
            create_cooperative(session, Cooperative(name, address, phone),
                               first_year=first_year or date.today().year,
                               language=language(), logo_id=logo_id)
            if admin is not None:
                from coopdesk import users

                book.actor = users.actor_for(users.create_administrator(session, *admin))
    except BaseException:
        remove_new_book(book)
        raise
    return book


def choose_book_file(parent: QWidget | None) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(parent, _("Open a book"), str(Path.home()),
                                                BOOK_FILTER)
    return Path(path) if path else None


class NewCooperativeDialog(QDialog):
    """Name, address, phone, logo and first financial year of a new cooperative."""

    def __init__(self, location: Location, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.location = location
        self.book: Book | None = None
        self.setWindowTitle(_("New cooperative"))
        self.setMinimumWidth(600)  # the logo field shows its whole hint
        layout = QVBoxLayout(self)
        intro = QLabel(_("Fill in your cooperative's details. They are printed at the top of "
                         "every report. You can change them later."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Koperasi Desa Maju Bersama"))
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(60)
        self.phone = QLineEdit()
        self.logo = QLineEdit()
        self.logo.setPlaceholderText(_("optional: a PNG or JPEG picture"))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        self.first_year = QSpinBox()
        self.first_year.setRange(1990, 2100)
        self.first_year.setValue(date.today().year)
        self.admin = QLineEdit("admin")
        self.password, self.password_again = QLineEdit(), QLineEdit()
        for field in (self.password, self.password_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Name of the cooperative"), self.name)
        form.addRow(_("Address"), self.address)
        form.addRow(_("Phone"), self.phone)
        form.addRow(_("Logo"), logo_row)
        form.addRow(_("First financial year"), self.first_year)
        form.addRow(_("Your user name"), self.admin)
        form.addRow(_("Password or PIN"), self.password)
        form.addRow(_("Type it again"), self.password_again)
        layout.addLayout(form)
        where = QLabel(_("The book will be saved in: {place}").format(place=location.display))
        where.setObjectName("muted")
        where.setWordWrap(True)
        layout.addWidget(where)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(_("Create the book"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create_book)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the logo"), str(Path.home()), _("Pictures (*.png *.jpg *.jpeg)"))
        if path:
            self.logo.setText(path)

    def create_book(self) -> None:
        try:
            if not self.name.text().strip():
                raise UserError(_("Please fill in the name of the cooperative."))
            logo = Path(self.logo.text().strip()) if self.logo.text().strip() else None
            admin = self._admin()
            self.book = create_cooperative_book(
                self.location, self.name.text(), address=self.address.toPlainText(),
                phone=self.phone.text(), logo=logo, first_year=self.first_year.value(),
                admin=admin)
        except Exception as exc:
            show_error(self, exc)
            return
        self.accept()


    def _admin(self) -> tuple[str, str] | None:
        """The administrator (the person creating the book) and a password fit to keep; None
        when no password is given (the book then asks for one when it is opened)."""
        from coopdesk import users

        name, password = self.admin.text().strip(), self.password.text()
        if not password and not self.password_again.text():
            return None
        problems = users.password_problems(password, name)
        if problems:
            raise UserError(" ".join(problems))
        if password != self.password_again.text():
            raise UserError(_("The two passwords are not the same."))
        return users.check_username(name), password


class FirstRunDialog(QDialog):
    """No book yet: three plain choices."""

    def __init__(self, location: Location, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.location = location
        self.book: Book | None = None
        self.setWindowTitle(_("Welcome to coopdesk"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        title = QLabel(_("Welcome to coopdesk"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        intro = QLabel(_("There is no book yet. What would you like to do?"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        choices = (
            ("newButton", _("Start the book of my cooperative"),
             _("Enter your cooperative's name and address; the accounts are ready to use."),
             self.new_cooperative),
            ("demoButton", _("Try the demo cooperative"),
             _("A made-up cooperative with members and a year of bookkeeping, to look around."),
             self.open_demo),
            ("openButton", _("Open a book file…"),
             _("A book copied from another computer or a backup."), self.open_other),
        )
        self.choice_buttons: list[QPushButton] = []
        for name, label, hint, slot in choices:
            button = QPushButton(label)
            self.choice_buttons.append(button)
            button.setObjectName(name)
            button.setMinimumHeight(44)
            button.clicked.connect(slot)
            layout.addWidget(button)
            note = QLabel(hint)
            note.setObjectName("muted")
            note.setWordWrap(True)
            note.setContentsMargins(4, 0, 0, 10)
            layout.addWidget(note)
        where = QLabel(_("New books are saved in: {place}").format(place=location.display))
        where.setObjectName("muted")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def new_cooperative(self) -> None:
        dialog = NewCooperativeDialog(self.location, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.book is not None:
            self.book = dialog.book
            self.accept()

    def open_demo(self) -> None:
        from coopdesk.ui.context import AppContext

        try:
            book = Book.open(self.location, create=True)
        except UserError as exc:
            show_error(self, exc)
            return
        ctx = AppContext(book, self)
        self._demo_ctx = ctx

        def build(progress):
            from coopdesk.demo import DemoPlan, build_demo

            return build_demo(book, DemoPlan(), progress=progress)

        def failed(exc: BaseException) -> None:
            remove_new_book(book)
            self._enable_choices(True)
            from coopdesk.progress import Cancelled

            if not isinstance(exc, Cancelled):
                show_error(self, exc)

        def done(_plan: object) -> None:
            self.book = book
            self.accept()

        # Only the choices are disabled: the progress dialog (a child) must keep its Cancel.
        self._enable_choices(False)
        ctx.run_task(build, title=_("Making the demo cooperative…"), on_done=done,
                     on_error=failed)

    def _enable_choices(self, enabled: bool) -> None:
        for button in self.choice_buttons:
            button.setEnabled(enabled)

    def open_other(self) -> None:
        path = choose_book_file(self)
        if path is None:
            return
        try:
            self.book = Book.open(path)
        except UserError as exc:
            show_error(self, exc)
            return
        self.accept()
