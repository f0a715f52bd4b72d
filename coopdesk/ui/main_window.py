"""The main window: a thin shell of navigation, menus and a status bar around the pages.

Pages are created the first time they are shown (their modules imported then, not at start-up).
When data changes (`ctx.changed`), the visible page refreshes at once and the others when next
shown. Book switching and language changes are the app's business (`coopdesk.ui.app`); the window
only asks for them through its signals.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk import __version__
from coopdesk.i18n import LANGUAGES, _, language
from coopdesk.ui import prefs
from coopdesk.ui.context import AppContext
from coopdesk.ui.lazy import create_part
from coopdesk.ui.pages import DEFAULT_PAGE, PAGES


class MainWindow(QMainWindow):
    open_book_requested = Signal()
    new_book_requested = Signal()
    language_requested = Signal(str)

    def __init__(self, ctx: AppContext, settings: QSettings, *, book_name: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        self.settings = settings
        self.pages: dict[str, QWidget] = {}
        self.stale: set[str] = set()
        self.setWindowTitle(f"{book_name} — coopdesk" if book_name else "coopdesk")
        self.resize(1280, 800)
        self._build_body(book_name)
        self._build_menus()
        self._build_status(book_name)
        ctx.changed.connect(self._on_changed)

    # -- building ---------------------------------------------------------------------------

    def _build_body(self, book_name: str) -> None:
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        side = QVBoxLayout()
        side.setSpacing(0)
        title = QLabel(book_name or "coopdesk")
        title.setObjectName("navigationTitle")
        title.setWordWrap(True)
        title.setFixedWidth(230)
        side.addWidget(title)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(230)
        for number, (key, label, _spec) in enumerate(PAGES, start=1):
            item = QListWidgetItem(_(label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"Ctrl+{number}" if number < 10 else "")
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self._on_navigate)
        side.addWidget(self.navigation, 1)
        row.addLayout(side)
        self.stack = QStackedWidget()
        self.stack.setContentsMargins(12, 12, 12, 12)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)

    def _build_menus(self) -> None:
        book_menu = self.menuBar().addMenu(_("&Book"))
        self._action(book_menu, _("&Open another book…"), QKeySequence.StandardKey.Open,
                     self.open_book_requested.emit)
        self._action(book_menu, _("&New book…"), QKeySequence.StandardKey.New,
                     self.new_book_requested.emit)
        book_menu.addSeparator()
        self._action(book_menu, _("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        view_menu = self.menuBar().addMenu(_("&View"))
        go_menu = view_menu.addMenu(_("&Go to"))
        for number, (key, label, _spec) in enumerate(PAGES, start=1):
            action = go_menu.addAction(_(label))
            if number < 10:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_page(k))
        lang_menu = view_menu.addMenu(_("&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = lang_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == language())
            action.setData(code)
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, c=code: self._ask_language(c))
        self._action(view_menu, _("&Refresh"), QKeySequence.StandardKey.Refresh,
                     self.refresh_current)
        help_menu = self.menuBar().addMenu(_("&Help"))
        self._action(help_menu, _("&About coopdesk"), None, self.show_about)

    def _action(self, menu, text: str, shortcut, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = menu.addAction(text)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_status(self, book_name: str) -> None:
        place = self.ctx.book.location.display
        text = _("Book: {name} ({place})").format(name=book_name, place=place) if book_name \
            else _("Book: {place}").format(place=place)
        self.book_label = QLabel(text)
        self.book_label.setToolTip(place)
        self.statusBar().addWidget(self.book_label, 1)
        self.busy_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy_label)
        self.ctx.busy_changed.connect(
            lambda busy: self.busy_label.setText(_("Working…") if busy else ""))

    # -- pages ------------------------------------------------------------------------------

    def page_key(self) -> str:
        item = self.navigation.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else DEFAULT_PAGE

    def show_page(self, key: str, section: str | None = None) -> QWidget:
        """Show page `key` (creating it the first time); `section` picks a tab inside it."""
        row = next((i for i, (k, _l, _s) in enumerate(PAGES) if k == key), None)
        if row is None:
            raise KeyError(key)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)  # → _on_navigate
        page = self.pages[key]
        if section and hasattr(page, "show_section"):
            page.show_section(section)
        return page

    def _on_navigate(self, row: int) -> None:
        if row < 0:
            return
        key, label, spec = PAGES[row]
        page = self.pages.get(key)
        if page is None:
            page = create_part(spec, _(label), self.ctx, parent=self.stack)
            self.pages[key] = page
            self.stack.addWidget(page)
        elif key in self.stale:
            self.stale.discard(key)
            page.refresh()  # type: ignore[attr-defined]
        self.stack.setCurrentWidget(page)

    def refresh_current(self) -> None:
        page = self.pages.get(self.page_key())
        if page is not None:
            page.refresh()  # type: ignore[attr-defined]

    def _on_changed(self, _area: str) -> None:
        current = self.page_key()
        self.stale.update(k for k in self.pages if k != current)
        self.refresh_current()

    # -- menus ------------------------------------------------------------------------------

    def _ask_language(self, code: str) -> None:
        if code != language():
            self.language_requested.emit(code)

    def show_about(self) -> None:
        from coopdesk.ui.messages import inform

        inform(self, _("coopdesk {version}\nBookkeeping, member register and product labels for "
                       "village cooperatives.").format(version=__version__),
               title=_("About coopdesk"))

    # -- window state -----------------------------------------------------------------------

    def restore_state(self) -> None:
        geometry = self.settings.value(prefs.GEOMETRY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value(prefs.STATE)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_state(self) -> None:
        self.settings.setValue(prefs.GEOMETRY, self.saveGeometry())
        self.settings.setValue(prefs.STATE, self.saveState())
        self.settings.setValue(prefs.PAGE, self.page_key())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.ctx.cancel_tasks()
        self.ctx.wait_for_tasks()
        super().closeEvent(event)
