"""The Produk & Label page and the home card, offscreen: badges, live checks, batches, preview."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from coopdesk.book import Book
from coopdesk.products import batches, catalog
from coopdesk.products.records import ProductData
from tests.products.conftest import counts, placements


@pytest.fixture
def ctx(qapp, book: Book) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from coopdesk.ui.context import AppContext

    context = AppContext(book)
    context.headless = True
    yield context
    context.wait_for_tasks()


def _settle(ctx: object) -> None:
    from coopdesk.ui.app import settle

    settle(ctx, rounds=10)


@pytest.fixture
def page(qtbot, ctx, product: str, group_id: int):  # type: ignore[no-untyped-def]
    from coopdesk.ui.pages.products import ProductsPage

    with ctx.book.transaction() as s:
        catalog.save_product(s, ProductData(code="PY-1", name="Peyek Kacang",
                                            producer_id=group_id))
    widget = ProductsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    _settle(ctx)
    yield widget
    # A preview still waiting on its timer would start after the book is closed and report an
    # error in the next test: stop it and let running work end while the book is open.
    widget.designer._timer.stop()
    widget.close()
    ctx.wait_for_tasks()


def _row(page, code: str) -> int:  # type: ignore[no-untyped-def]
    return next(i for i, o in enumerate(page.rows) if o.product.code == code)


def test_the_list_shows_readiness_and_permit_badges(page) -> None:  # type: ignore[no-untyped-def]
    ks, py = _row(page, "KS-250"), _row(page, "PY-1")
    assert page.table.item(ks, 1).text() == "✓ Complete"
    assert page.table.item(py, 1).text() == "✗ Missing 4"
    assert "Distribution permit" in page.table.item(py, 1).toolTip()
    assert page.table.item(ks, 2).text() == "Valid"
    assert page.table.item(py, 2).text() == "None yet"


def test_the_form_checks_as_you_type_and_refuses_bad_input(page, ctx, qtbot  # type: ignore[no-untyped-def]
                                                           ) -> None:
    page.select("KS-250")
    _settle(ctx)
    form = page.form
    assert form.code.text() == "KS-250" and form.validate() == []
    before = counts(ctx.book)
    form.barcode.setText("8991234567890")
    qtbot.waitUntil(lambda: "should be 1" in form.problems.text(), timeout=2000)
    assert form.barcode.property("invalid") is True
    form.save()
    assert counts(ctx.book) == before
    form.barcode.setText("8991234567891")
    form.shelf_life.setValue(200)
    qtbot.waitUntil(lambda: form.problems.text() == "", timeout=2000)
    form.save()
    with ctx.book.read() as s:
        assert catalog.get_product(s, "KS-250").shelf_life_days == 200


def test_a_new_product_from_the_form(page, ctx) -> None:  # type: ignore[no-untyped-def]
    page.new_product()
    form = page.form
    form.code.setText("GK-1")
    form.name.setText("Gula Kelapa")
    form.ingredients.setPlainText("Nira kelapa 100%")
    form.net_amount.setText("0,5")
    form.net_unit.setCurrentText("kg")
    form.save()
    _settle(ctx)
    with ctx.book.read() as s:
        p = catalog.get_product(s, "GK-1")
    assert (str(p.net_amount), p.net_unit, p.ingredients[0].quantity_text) == ("0.5", "kg",
                                                                               "100%")
    assert any(o.product.code == "GK-1" for o in page.rows)


def test_batches_are_coloured_by_expiry(page, ctx) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    with ctx.book.transaction() as s:
        batches.add_batch(s, product_code="KS-250", produced_on=today - timedelta(days=200),
                          code="OLD")
        batches.add_batch(s, product_code="KS-250", produced_on=today - timedelta(days=170),
                          code="NEAR")
        batches.add_batch(s, product_code="KS-250", produced_on=today, code="NEW")
    page.batches.load("KS-250")
    rows = {page.batches.table.item(r, 0).text(): page.batches.table.item(r, 0)
            for r in range(page.batches.table.rowCount())}
    assert rows["OLD"].background().color().name() == "#fde2e1"
    assert rows["NEAR"].background().color().name() == "#fef0c7"
    assert rows["NEW"].background().style().name == "NoBrush"
    page.batches.produced.set_date(today + timedelta(days=3))
    page.batches.add()
    assert "in the future" in page.batches.message.text()


def test_the_designer_previews_what_prints_with_skips(page, ctx, qtbot  # type: ignore[no-untyped-def]
                                                      ) -> None:
    page.select("KS-250")
    _settle(ctx)
    designer = page.designer
    designer.template.setCurrentIndex(designer.template.findData("avery-l7163"))
    designer.skip.setValue(4)
    qtbot.waitUntil(lambda: designer.last_result is not None and designer.last_result.labels
                    == 10, timeout=5000)
    _settle(ctx)
    assert [len(p) for p in placements(designer.pdf)] == [10]
    assert designer.preview.pixmap() is not None and not designer.preview.pixmap().isNull()
    assert "every mandatory item" in designer.notes.text()


def test_the_home_card_lists_alerts(qtbot, ctx, product: str) -> None:  # type: ignore[no-untyped-def]
    from coopdesk.ui.pages.products_alerts import AlertsCard

    with ctx.book.transaction() as s:
        batches.add_batch(s, product_code=product,
                          produced_on=date.today() - timedelta(days=175), code="HAMPIR")
    card = AlertsCard(ctx)
    qtbot.addWidget(card)
    _settle(ctx)
    assert not card.empty.isVisible()
    assert any("batch HAMPIR" in label.text() for label in card.lines)


def test_saving_from_the_form_keeps_what_the_form_shows(page, ctx) -> None:  # type: ignore[no-untyped-def]
    with ctx.book.read() as s:
        before = catalog.get_product(s, "KS-250")
    page.select("KS-250")
    _settle(ctx)
    assert page.form.nutrition.amounts["energy"].text() == "120"
    page.form.save()
    with ctx.book.read() as s:
        after = catalog.get_product(s, "KS-250")
    assert after == before


def test_an_own_template_from_the_designer(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from coopdesk.products import templates
    from coopdesk.ui.pages.products_label import TemplateDialog

    dialog = TemplateDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.template_id.setText("stiker-21")
    dialog.name.setText("Stiker 21")
    dialog.save()
    assert dialog.saved_id == "stiker-21"
    with ctx.book.read() as s:
        assert templates.get_template(s, "stiker-21").per_page == 21
    again = TemplateDialog(ctx)
    qtbot.addWidget(again)
    again.template_id.setText("stiker-lebar")
    again.name.setText("Terlalu lebar")
    again.sizes["label_width"].setValue(90)
    again.save()
    assert again.saved_id is None and "overlap" in again.problems.text()


def test_non_food_hides_the_food_fields(page, ctx) -> None:  # type: ignore[no-untyped-def]
    page.new_product()
    form = page.form
    form.kind.setCurrentIndex(form.kind.findData("nonfood"))
    assert not form.ingredients.isVisible() and not form.shelf_life.isVisible()
    assert not form.allergens["milk"].isVisible() and form.price.isVisible()
    form.kind.setCurrentIndex(form.kind.findData("food"))
    assert form.ingredients.isVisible() and form.allergens["milk"].isVisible()


def _first_label(pdf: bytes) -> tuple[float, float]:
    return placements(pdf)[0][0]


def test_the_designer_keeps_a_calibration_per_printer_and_prints_with_the_chosen_ones(  # type: ignore[no-untyped-def]
        page, ctx, qtbot, monkeypatch) -> None:
    from reportlab.lib.units import mm

    from coopdesk.products import calibration
    from coopdesk.ui.pages import products_label

    epson = "EPSON L3110 Series"
    with ctx.book.transaction() as s:
        calibration.save_calibration(s, "avery-l7160", calibration.Calibration(dx=2.0), epson)
    designer = page.designer
    designer.load("KS-250")  # what choosing the product does
    designer.template.setCurrentIndex(designer.template.findData("avery-l7160"))
    qtbot.waitUntil(lambda: designer.pdf is not None, timeout=5000)
    _settle(ctx)
    assert [designer.printer.itemData(i) for i in range(designer.printer.count())] == [
        "default", epson]
    plain = _first_label(designer.pdf)
    designer.printer.setCurrentIndex(designer.printer.findData(epson))
    assert designer.dx.value() == 2.0
    qtbot.waitUntil(lambda: _first_label(designer.pdf)[0] != plain[0], timeout=5000)
    assert _first_label(designer.pdf)[0] - plain[0] == pytest.approx(2.0 * mm, abs=0.02)
    # Saved from the panel: for the printer chosen there, not for every printer.
    designer.dy.setValue(1.0)
    designer.save_calibration()
    with ctx.book.read() as s:
        assert calibration.get_calibration(s, "avery-l7160", epson).dy == 1.0
        assert calibration.get_calibration(s, "avery-l7160", None) == calibration.Calibration()
    # Printing uses the printer picked in the print dialog, whatever the panel shows.
    designer.printer.setCurrentIndex(0)
    printed: list[bytes] = []
    monkeypatch.setattr(products_label, "_print_pdf", lambda pdf, printer: printed.append(pdf))

    class DialogPrinter:
        def printerName(self) -> str:
            return epson

    designer.print_on(DialogPrinter(), designer.job())
    qtbot.waitUntil(lambda: bool(printed), timeout=5000)
    assert _first_label(printed[0])[0] - plain[0] == pytest.approx(2.0 * mm, abs=0.02)


def test_the_form_shows_the_nutrition_table_with_akg(page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    page.select("KS-250")
    _settle(ctx)
    editor = page.form.nutrition
    assert editor.serving.text() == "25 g" and editor.amounts["fat"].text() == "6"
    assert editor.akg["fat"].text() == "9% AKG" and editor.akg["energy"].text() == ""
    editor.servings.setText("10")
    editor.amounts["carbohydrate"].setText("16")
    editor.amounts["sugar"].setText("20")
    assert editor.akg["carbohydrate"].text() == "5% AKG"
    qtbot.waitUntil(lambda: "part of the carbohydrate" in page.form.problems.text(),
                    timeout=2000)
    before = counts(ctx.book)
    page.form.save()
    assert counts(ctx.book) == before
    editor.amounts["sugar"].setText("2,5")
    qtbot.waitUntil(lambda: page.form.problems.text() == "", timeout=2000)
    page.form.save()
    with ctx.book.read() as s:
        n = catalog.get_product(s, "KS-250").nutrition
    assert n is not None and (n.servings, n.amount("sugar")) == (Decimal(10), Decimal("2.5"))


def test_a_group_logo_from_the_form(page, ctx, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from coopdesk.products import producers
    from tests.products.conftest import png

    picture, text = tmp_path / "logo.png", tmp_path / "logo.txt"
    picture.write_bytes(png())
    text.write_text("not a picture")
    page.select("KS-250")
    _settle(ctx)
    chosen = [str(text)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen[0], ""))
    page.form.choose_logo()
    assert "not a PNG or JPEG" in page.form.problems.text()
    chosen[0] = str(picture)
    page.form.choose_logo()
    with ctx.book.read() as s:
        group = producers.find_producer(s, "KUB Sari Rasa")
    assert group.logo_id is not None
