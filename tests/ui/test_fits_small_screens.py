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


def test_the_label_designer_fits_with_every_template_and_its_preview(  # type: ignore[no-untyped-def]
        qtbot, controller, book: Book) -> None:
    """Filled in, the products page is at its widest: the longest template name in the list
    and a drawn preview must not push it past the screen."""
    from coopdesk.products import catalog, producers
    from coopdesk.ui.app import settle
    from tests.products.conftest import GROUP, keripik

    with book.transaction() as s:
        code = catalog.save_product(s, keripik(producers.add_producer(s, GROUP).id)).code
    set_language("id")
    try:
        window = controller.build_window(book, "produk")
        qtbot.addWidget(window)
        window.resize(SMALL_SCREEN_WIDTH, 800)
        window.show()
        from coopdesk.ui.pages.products import ProductsPage

        page = window.findChild(ProductsPage)
        page.select(code)
        settle(window.ctx)
        designer = page.designer
        page.tabs.setCurrentWidget(designer)
        widest = {}
        for i in range(designer.template.count()):
            designer.last_result = None
            designer.template.setCurrentIndex(i)
            qtbot.waitUntil(lambda: designer.last_result is not None, timeout=10_000)
            settle(window.ctx)
            widest[designer.template.itemText(i)] = window.minimumSizeHint().width()
        too_wide = {name: w for name, w in widest.items() if w > SMALL_SCREEN_WIDTH}
        assert len(widest) >= 8 and too_wide == {}, too_wide
    finally:
        set_language("en")
