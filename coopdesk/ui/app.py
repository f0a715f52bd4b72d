"""Starting the desktop app: language, the book to open, the main window; and `--screenshot`.

The book is `--db`, else `COOPDESK_DB`, else the default book in the data folder. With no book
there yet, the first-run dialog offers to create one. A book that cannot be opened is explained
and the user may choose another; it is never deleted or overwritten. The language comes from
`--lang` / `COOPDESK_LANG`, else the app's preferences (Indonesian by default); switching it in
the View menu rebuilds the window on the same page, no restart needed.

Signing in is the trust area's: when `coopdesk.ui.login` defines `sign_in(book, parent) -> bool`
(set `book.actor`, or return False when the person gives up), it is asked before a book's window
opens. Screenshots skip it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from coopdesk.book import Book, Location
    from coopdesk.ui.main_window import MainWindow

DEFAULT_SIZE = (1280, 800)
SIGN_IN = "coopdesk.ui.login:sign_in"
#: The trust area's parts of a window (idle lock, backup menu) and its backup on closing a book
#: (quitting, or switching to another book).
ATTACH = "coopdesk.ui.login_session:attach"
ON_CLOSE = "coopdesk.ui.login_session:on_close"


def parse_size(text: str | None) -> tuple[int, int]:
    if not text:
        return DEFAULT_SIZE
    try:
        w, h = text.lower().split("x")
        width, height = int(w), int(h)
    except ValueError:
        return DEFAULT_SIZE
    return (max(width, 320), max(height, 240))


def preload_domain() -> None:
    """Import the database and formatting libraries before Qt. Once PySide6 is loaded, its import
    hook reads the source of every module imported after it (to look for `__feature__`), which
    makes SQLAlchemy's few hundred modules cost a third of a second more at every start."""
    import babel.dates
    import babel.numbers  # noqa: F401
    import sqlalchemy.orm  # noqa: F401

    import coopdesk.book
    import coopdesk.ledger.journal_query  # noqa: F401


def skip_pyside_source_scan() -> None:
    """PySide's import hook reads the source of every module imported after it, to see whether
    it uses PySide's optional `__feature__` switches (coopdesk uses none). At about a millisecond
    a module, the domain modules that pages and cards import cost a third of a second at start.
    Modules outside Qt and coopdesk.ui are answered from their name; should PySide's internals
    change, the hook is simply left as it is."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return

    def uses_pyside(module: object) -> bool:
        name = str(getattr(module, "__name__", ""))
        if name.startswith(("coopdesk.ui", "PySide6", "shiboken6", "pytestqt")):
            return bool(original(module))
        return False

    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 (a private name)


def run_app(db: str | None = None, screenshot: Path | None = None, page: str | None = None,
            size: str | None = None, language: str | None = None) -> int:
    if "PySide6" not in sys.modules:
        preload_domain()
    from PySide6.QtWidgets import QApplication

    skip_pyside_source_scan()
    from coopdesk.i18n import set_language
    from coopdesk.ui import prefs
    from coopdesk.ui.style import STYLE_SHEET

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("coopdesk")
    app.setStyleSheet(STYLE_SHEET)
    from coopdesk.ui import qt_words

    qt_words.install(app)
    settings = prefs.app_settings()
    set_language(language or os.environ.get("COOPDESK_LANG") or prefs.saved_language(settings))
    controller = AppController(app, settings)
    if screenshot is not None:
        return controller.screenshot(db, screenshot, page, parse_size(size))
    if not controller.start(db, page):
        return 0
    code = int(app.exec())
    trust_hook(ON_CLOSE, controller.book, None)
    return code


class AppController:
    """Owns the open book and its window; swaps them when the user opens another book."""

    def __init__(self, app: QApplication, settings: object) -> None:
        from PySide6.QtCore import QSettings

        assert isinstance(settings, QSettings)
        self.app = app
        self.settings = settings
        self.book: Book | None = None
        self.window: MainWindow | None = None

    # -- the first book ---------------------------------------------------------------------

    def start(self, db: str | None, page: str | None) -> bool:
        from coopdesk.book import resolve_location

        book = self.open_interactively(resolve_location(db))
        if book is None or not sign_in(book, None):
            return False
        self.show_book(book, page or str(self.settings.value("window/page", "") or "") or None)
        return True

    def open_interactively(self, location: Location, parent: QWidget | None = None
                           ) -> Book | None:
        """The book at `location`, after the first-run dialog or a choice of another book."""
        from coopdesk.book import Book
        from coopdesk.errors import BookError
        from coopdesk.ui.first_run import FirstRunDialog

        while True:
            if location.path is not None and not location.path.exists():
                dialog = FirstRunDialog(location, parent)
                dialog.exec()
                return dialog.book
            try:
                return Book.open(location)
            except BookError as exc:
                other = self.explain_unopenable(exc, parent)
                if other is None:
                    return None
                location = other

    def explain_unopenable(self, exc: Exception, parent: QWidget | None) -> Location | None:
        from coopdesk.book import resolve_location
        from coopdesk.i18n import _
        from coopdesk.ui.first_run import choose_book_file
        from coopdesk.ui.messages import confirm

        if not confirm(parent, str(exc), yes=_("Choose another book…"), no=_("Quit"),
                       title=_("The book cannot be opened"),
                       detail=_("The book was left exactly as it was.")):
            return None
        path = choose_book_file(parent)
        return resolve_location(path) if path is not None else None

    # -- the window -------------------------------------------------------------------------

    def build_window(self, book: Book, page: str | None, section: str | None = None,
                     *, headless: bool = False) -> MainWindow:
        from coopdesk.ui.context import AppContext
        from coopdesk.ui.main_window import MainWindow
        from coopdesk.ui.pages import DEFAULT_PAGE, page_keys

        ctx = AppContext(book)
        ctx.headless = headless
        window = MainWindow(ctx, self.settings, book_name=book_name(book))
        window.open_book_requested.connect(self.open_other_book)
        window.new_book_requested.connect(self.new_book)
        window.language_requested.connect(self.switch_language)
        window.show_page(page if page in page_keys() else DEFAULT_PAGE, section)
        trust_hook(ATTACH, window)
        return window

    def show_book(self, book: Book, page: str | None, *, restore: bool = True) -> None:
        old_window, old_book = self.window, self.book
        if old_book is not None and old_book is not book:
            # Leaving a book is closing it: the same automatic backup as on quitting.
            trust_hook(ON_CLOSE, old_book, old_window)
        key, section = split_page(page)
        self.book = book
        self.window = self.build_window(book, key, section)
        if old_window is not None:
            self.window.restoreGeometry(old_window.saveGeometry())
            old_window.close()
            old_window.deleteLater()
        elif restore:
            self.window.restore_state()
        if old_book is not None and old_book is not book:
            old_book.close()
        self.window.show()
        self.announce_upgrade(book)

    def announce_upgrade(self, book: Book) -> None:
        if book.upgrade_backup is None:
            return
        from coopdesk.i18n import _
        from coopdesk.ui.messages import inform

        inform(self.window, _("This book was made by an older version of coopdesk and has been "
                              "upgraded. A copy of it as it was is kept in “{path}”.").format(
                                  path=book.upgrade_backup), title=_("Book upgraded"))

    def open_other_book(self) -> None:
        from coopdesk.book import Book
        from coopdesk.errors import UserError
        from coopdesk.ui.first_run import choose_book_file
        from coopdesk.ui.messages import show_error

        path = choose_book_file(self.window)
        if path is None:
            return
        try:
            book = Book.open(path)
        except UserError as exc:
            show_error(self.window, exc)
            return
        if not sign_in(book, self.window):
            book.close()
            return
        self.show_book(book, None)

    def new_book(self) -> None:
        from PySide6.QtWidgets import QDialog, QFileDialog

        from coopdesk.book import resolve_location
        from coopdesk.i18n import _
        from coopdesk.ui.first_run import BOOK_FILTER, NewCooperativeDialog

        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Where should the new book be saved?"),
            str(Path.home() / "koperasi.coopdesk"), BOOK_FILTER)
        if not path:
            return
        target = Path(path) if path.endswith(".coopdesk") else Path(path + ".coopdesk")
        dialog = NewCooperativeDialog(resolve_location(target), self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.book is not None:
            self.show_book(dialog.book, None)

    def switch_language(self, code: str) -> None:
        from coopdesk.i18n import set_language
        from coopdesk.ui import prefs

        self.settings.setValue(prefs.LANGUAGE, set_language(code))
        self.settings.sync()
        if self.window is not None and self.book is not None:
            self.window.save_state()
            self.show_book(self.book, self.window.page_key())

    # -- screenshots ------------------------------------------------------------------------

    def screenshot(self, db: str | None, target: Path, page: str | None,
                   size: tuple[int, int]) -> int:
        """Render the window (or the first-run dialog when there is no book) to a PNG."""
        from coopdesk.book import Book, resolve_location
        from coopdesk.errors import UserError
        from coopdesk.i18n import _
        from coopdesk.ui.pages import page_keys

        location = resolve_location(db)
        key, section = split_page(page)
        if key is not None and key not in page_keys():
            sys.stderr.write(_("coopdesk: there is no page “{page}”; pages: {pages}.").format(
                page=key, pages=", ".join(page_keys())) + "\n")
            return 2
        if location.path is not None and not location.path.exists():
            from coopdesk.ui.first_run import FirstRunDialog

            return grab(FirstRunDialog(location), target, None)
        try:
            book = Book.open(location)
        except UserError as exc:
            sys.stderr.write(_("coopdesk: {message}").format(message=exc.message) + "\n")
            return exc.exit_code
        with book:
            window = self.build_window(book, key, section, headless=True)
            window.resize(*size)
            window.show()
            settle(window.ctx)
            code = grab(window, target, size)
            window.ctx.cancel_tasks()
            window.ctx.wait_for_tasks()
            return code


def sign_in(book: Book, parent: QWidget | None) -> bool:
    """Ask the trust area's sign-in dialog, when there is one, who is using the book."""
    from coopdesk.ui.lazy import PartMissing, load_object

    try:
        ask = load_object(SIGN_IN)
    except PartMissing:
        return True
    assert callable(ask)
    return bool(ask(book, parent))


def trust_hook(spec: str, *args: object) -> None:
    """Call the trust area's part named by `spec`, when it exists."""
    from coopdesk.ui.lazy import PartMissing, load_object

    try:
        part = load_object(spec)
    except PartMissing:
        return
    assert callable(part)
    part(*args)


def settle(ctx: object, rounds: int = 5) -> None:
    """Let pages finish loading (their work and its results) before a screenshot."""
    from PySide6.QtWidgets import QApplication

    from coopdesk.ui.context import AppContext

    assert isinstance(ctx, AppContext)
    for _round in range(rounds):
        QApplication.processEvents()
        ctx.wait_for_tasks()
        QApplication.processEvents()
        if not ctx.busy:
            break


def grab(widget: QWidget, target: Path, size: tuple[int, int] | None) -> int:
    from PySide6.QtWidgets import QApplication

    if size is not None:
        widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    # Light PNG compression: a screenshot is for looking at, and saving it should not dominate.
    ok = widget.grab().save(str(target), "PNG", 80)
    widget.close()
    return 0 if ok else 1


def split_page(page: str | None) -> tuple[str | None, str | None]:
    """`laporan:neraca` → ("laporan", "neraca"): a page and a section (tab) in it."""
    if not page:
        return None, None
    key, _sep, section = page.partition(":")
    return key.strip().lower() or None, section.strip() or None


def book_name(book: Book) -> str:
    from coopdesk import settings

    try:
        with book.read() as session:
            return settings.COOP_NAME.get(session)
    except Exception:  # a name is decoration: never let it stop the app from opening
        return ""
