"""The Laporan statements tab and the Beranda charts, offscreen: they open, show the book's
figures, drill down, try a split, close a year, and make the meeting pack."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from coopdesk.book import Book
from coopdesk.ledger import closing, journal
from coopdesk.ledger.journal import Line
from tests.statements.factory import a_year, add_members
from tests.ui.conftest import settle

pytest.importorskip("pytestqt")
SHOTS = os.environ.get("COOPDESK_SHOTS")  # a folder: save what the tests see, to look at


def _fill(book: Book, *, close: bool = True) -> None:
    with book.transaction() as s:
        a_year(s, add_members(s, 6))
        journal.post_entry(s, date=date(2025, 8, 1), memo="jual",
                           lines=[Line("cash", 900_000), Line("income.sales", -900_000)])
        if close:
            closing.close_year(s, 2025, today=date(2026, 1, 10))


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def _tab(window):  # type: ignore[no-untyped-def]
    page = window.show_page("laporan", "statements")
    settle(window)
    return page.current_tab()


def test_statements_show_the_year_beside_the_previous_and_drill_down(window, book,
                                                                      monkeypatch) -> None:
    from coopdesk.i18n import format_money
    from coopdesk.ledger.statements.lines import StatementKind
    from coopdesk.ui.pages import reports_statements_drill

    _fill(book)
    tab = _tab(window)
    panel = tab.statements
    assert panel.year.year() == 2025
    panel.kind.setCurrentIndex(panel.kind.findData(StatementKind.INCOME.value))
    settle(window)
    texts = [panel.table.item(r, 0).text().strip() for r in range(panel.table.rowCount())]
    assert "Interest (jasa) on loans to members" in texts
    assert panel.table.horizontalHeaderItem(1).text() == "2025"
    assert panel.statement is not None and panel.statement.final.code == "TOTAL"
    panel.compare.setChecked(False)
    assert panel.table.isColumnHidden(2)
    _shot(window, "statements-income")
    opened = []
    monkeypatch.setattr(reports_statements_drill.LineDialog, "exec",
                        lambda self: opened.append(self) or 0)
    row = texts.index("Interest (jasa) on loans to members")
    panel._drill(row, 0)
    dialog = opened[0]
    assert dialog.accounts.item(0, 0).text() == "4101"
    dialog.show_entries(0)
    # One repayment per member, the year's movement (the figure on the statement), then the
    # closing entry that moved the year's jasa to the SHU, marked.
    jasa = panel.statement.amount("LOAN_INTEREST")
    assert jasa == 15_000 * (1 + 2 + 3 + 4 + 5 + 6)
    assert dialog.entries.rowCount() == 8
    assert dialog.entries.item(6, 2).text() == "Movement of the year, as on the statement"
    assert dialog.entries.item(6, 6).text() == format_money(jasa)
    assert dialog.entries.item(7, 2).text().startswith("[Closing entry] Year-end closing 2025")
    assert dialog.entries.item(7, 6).text() == format_money(0)
    assert format_money(jasa) in dialog.caption.text() and "closing entry" in \
        dialog.caption.text()
    _shot(dialog, "statements-drill")


def test_what_if_changes_the_split_and_distributing_pays_members(window, book,
                                                                  monkeypatch) -> None:
    from coopdesk.ledger import reports
    from coopdesk.ui.pages import reports_statements_shu as shu_ui

    _fill(book)
    tab = _tab(window)
    tab.tabs.setCurrentIndex(1)
    settle(window)
    panel = tab.shu
    assert panel.current is not None and panel.current.pool > 0
    before = panel.result.jasa_modal
    panel.part_spins["jasa_modal"].setValue(20)
    assert not panel.try_button.isEnabled()  # 105% is refused before anything is counted
    panel.part_spins["reserve"].setValue(35)
    assert panel.try_button.isEnabled() and panel.save_button.isEnabled()
    panel.what_if()
    settle(window)
    assert panel.result.jasa_modal > before
    assert panel.members.rowCount() == 6
    _shot(window, "shu-what-if")
    monkeypatch.setattr(shu_ui.DistributeDialog, "exec", lambda self: 1)
    monkeypatch.setattr(shu_ui.DistributeDialog, "values",
                        lambda self: (date(2026, 3, 14), "sukarela"))
    monkeypatch.setattr(shu_ui.QMessageBox, "information", lambda *a: None)
    panel.distribute()
    settle(window)
    with book.read() as s:
        assert reports.account_register(s, "shu.members_payable").closing == 0
        assert reports.account_register(s, "shu.reserve").closing == panel.result.parts[0].amount
    assert not panel.distribute_button.isEnabled()


def test_close_the_year_from_its_checklist(window, book, monkeypatch) -> None:
    from coopdesk.ledger import periods
    from coopdesk.ui.pages import reports_statements_close as close_ui

    _fill(book, close=False)
    tab = _tab(window)
    tab.tabs.setCurrentIndex(2)
    settle(window)
    panel = tab.close_year
    assert panel.year.year() == 2025
    assert panel.items.count() >= 6 and panel.close_button.isEnabled()
    _shot(window, "close-checklist")
    monkeypatch.setattr(close_ui.QMessageBox, "question",
                        lambda *a: close_ui.QMessageBox.StandardButton.Yes)
    panel.close_year()
    settle(window)
    with book.read() as s:
        assert {y.year: y.closed for y in periods.list_years(s)}[2025]
    panel.year.setCurrentIndex(panel.year.findData(2025))
    panel.load()
    settle(window)
    assert panel.reopen_button.isEnabled() and not panel.close_button.isEnabled()


def test_the_meeting_pack_is_made_and_previewed(window, book, monkeypatch) -> None:
    import pypdfium2

    _fill(book)
    tab = _tab(window)
    tab.tabs.setCurrentIndex(3)
    settle(window)
    shown: list[bytes] = []
    monkeypatch.setattr(window.ctx, "preview_pdf", lambda data, title: shown.append(data))
    tab.pack.year.setCurrentIndex(tab.pack.year.findData(2025))
    tab.pack.build(tab.pack._preview)
    settle(window)
    assert len(pypdfium2.PdfDocument(shown[0])) >= 6 + 6
    _shot(window, "meeting-pack")


def test_the_charts_card_draws_the_book(window, book, qtbot) -> None:
    from coopdesk.ui.pages.charts import ChartsCard, short_money

    _fill(book)
    card = ChartsCard(window.ctx)
    qtbot.addWidget(card)
    card.resize(1100, 300)
    settle(window)
    assert card.shu.trends is not None
    assert [y.year for y in card.shu.trends.shu][-2:] == [2025, 2026] or card.shu.trends.shu
    image = card.grab()
    assert not image.isNull()
    _shot(card, "charts")
    assert short_money(1_250_000) == "Rp1.3 m" and short_money(-2_000_000_000) == "-Rp2 bn"


def test_signers_and_lines_are_set_in_the_setup_dialog(window, book) -> None:
    from coopdesk.ledger.statements import mapping, pdf
    from coopdesk.ui.pages.reports_statements_setup import SetupDialog

    dialog = SetupDialog(window.ctx)
    dialog.chair.setText("Siti Aminah")
    combo = dialog.combos["3101"]
    combo.setCurrentIndex(combo.findData("OTHER_LIABILITIES"))
    dialog.save()
    with book.read() as s:
        assert pdf.Signers.from_book(s).chair == "Siti Aminah"
        row = next(r for r in mapping.mapping_rows(s) if r.code == "3101")
    assert row.line == "OTHER_LIABILITIES" and row.chosen
