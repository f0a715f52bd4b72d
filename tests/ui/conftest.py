"""UI fixtures: the app's main window on a fresh book, offscreen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coopdesk.book import Book


@pytest.fixture
def controller(qapp):  # type: ignore[no-untyped-def]
    from coopdesk.ui import prefs
    from coopdesk.ui.app import AppController

    return AppController(qapp, prefs.app_settings())


@pytest.fixture
def window(qtbot, controller, book: Book) -> Iterator[object]:  # type: ignore[no-untyped-def]
    w = controller.build_window(book, "beranda")
    qtbot.addWidget(w)
    w.show()
    yield w
    settle(w)


def settle(window) -> None:  # type: ignore[no-untyped-def]
    """Wait until the window's background work is done and delivered."""
    from coopdesk.ui.app import settle as app_settle

    app_settle(window.ctx)
