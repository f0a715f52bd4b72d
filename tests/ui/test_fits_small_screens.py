"""Every page fits a 1280×800 screen, the common size of a modest office PC or laptop: a page
whose controls sum to more forces the window off the screen's edge, where its buttons cannot be
reached. Indonesian words run longer than English ones, so both are measured."""

from __future__ import annotations

import pytest

from coopdesk.book import Book
from coopdesk.i18n import set_language

SMALL_SCREEN_WIDTH = 1280


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_fits_a_1280_pixel_screen(qtbot, controller, book: Book,  # type: ignore[no-untyped-def]
                                             language: str) -> None:
    from coopdesk.ui.app import settle
    from coopdesk.ui.pages import page_keys

    set_language(language)  # before the window: its widgets take their words when built
    try:
        window = controller.build_window(book, "beranda")
        qtbot.addWidget(window)
        window.show()
        too_wide = {}
        for key in page_keys():
            window.show_page(key)
            settle(window.ctx)
            need = window.minimumSizeHint().width()
            if need > SMALL_SCREEN_WIDTH:
                too_wide[key] = need
        assert too_wide == {}, f"pages wider than {SMALL_SCREEN_WIDTH} px: {too_wide}"
    finally:
        set_language("en")
