"""The Laporan statements tab, offscreen, for what the board decides and writes: covering a loss
from the reserve on the SHU tab, the cash-flow groups in the mapping dialog, and the board's
words in the notes."""

from __future__ import annotations

from datetime import date

import pytest

from coopdesk.book import Book
from coopdesk.ledger import closing, journal, reports
from coopdesk.ledger.journal import Line
from tests.statements.factory import a_year, add_members
from tests.ui.conftest import settle

pytest.importorskip("pytestqt")
LOSS = 155_000 - 45_000  # a_year with two members


def _loss_year(book: Book, reserve: int) -> None:
    with book.transaction() as s:
        a_year(s, add_members(s, 2))
        if reserve:
            journal.post_entry(s, date=date(2025, 1, 2), memo="cadangan",
                               lines=[Line("bank", reserve), Line("shu.reserve", -reserve)])
        closing.close_year(s, 2025, today=date(2026, 1, 10))


def _shu_panel(window):  # type: ignore[no-untyped-def]
    tab = window.show_page("laporan", "statements").current_tab()
    tab.tabs.setCurrentIndex(1)
    settle(window)
    return tab.shu


def _balance(book: Book, role: str) -> int:
    with book.read() as s:
        return reports.account_register(s, role).closing


def test_the_shu_tab_covers_a_loss_from_the_reserve(window, book, monkeypatch) -> None:
    from coopdesk.ui.pages import reports_statements_shu as shu_ui

    _loss_year(book, 500_000)
    panel = _shu_panel(window)
    assert panel.year.year() == 2025 and panel.loss is not None
    assert not panel.cover_button.isHidden() and panel.cover_button.isEnabled()
    assert panel.distribute_button.isHidden()
    assert "may cover it from the reserve" in panel.notes.text()
    dialogs = []
    monkeypatch.setattr(shu_ui.CoverLossDialog, "exec", lambda self: dialogs.append(self) or 1)
    monkeypatch.setattr(shu_ui.QMessageBox, "information", lambda *a: None)
    panel.cover_loss()
    settle(window)
    assert dialogs[0].amount.amount() == LOSS  # all the loss, which the reserve can cover
    assert _balance(book, "shu.reserve") == 500_000 - LOSS
    assert _balance(book, "shu.current_year") == 0
    assert not panel.cover_button.isEnabled()  # reloaded: nothing left to cover
    assert "covered" in panel.state.text()


def test_a_reserve_too_small_is_explained_and_nothing_posted(window, book,
                                                             monkeypatch) -> None:
    from coopdesk.ui.pages import reports_statements_shu as shu_ui

    _loss_year(book, 30_000)
    panel = _shu_panel(window)
    errors: list[BaseException] = []
    monkeypatch.setattr(window.ctx, "show_error", errors.append)
    monkeypatch.setattr(shu_ui.CoverLossDialog, "exec", lambda self: 1)
    monkeypatch.setattr(shu_ui.CoverLossDialog, "values",
                        lambda self: (date(2026, 3, 14), LOSS))
    panel.cover_loss()
    settle(window)
    assert len(errors) == 1 and "holds only" in str(errors[0])
    assert _balance(book, "shu.reserve") == 30_000


def test_cash_flow_groups_are_changed_in_the_mapping_dialog(window, book) -> None:
    from coopdesk.ledger import statements as stm
    from coopdesk.ledger.statements import mapping
    from coopdesk.ui.pages.reports_statements_setup import SetupDialog

    with book.transaction() as s:
        journal.post_entry(s, date=date(2025, 5, 2), memo="titipan arisan",
                           lines=[Line("cash", 1_000_000), Line("suspense", -1_000_000)])
    dialog = SetupDialog(window.ctx)
    cash = dialog.groups["1101"]
    assert not cash.isEnabled() and cash.currentIndex() == -1  # cash itself has no group
    group = dialog.groups["2190"]
    assert group.currentData() == "other_financing" and group.isEnabled()
    group.setCurrentIndex(group.findData("savings"))
    dialog.save()
    with book.read() as s:
        row = next(r for r in mapping.mapping_rows(s) if r.code == "2190")
        cash = stm.cash_flow(s, 2025)
    assert row.group == "savings" and row.chosen
    assert cash.amount("CF_SAVINGS_IN") == 1_000_000 and cash.amount("CF_OTHER_FINANCING") == 0
    again = SetupDialog(window.ctx)
    assert again.groups["2190"].currentData() == "savings"
    line = again.combos["1110"]
    line.setCurrentIndex(line.findData("OTHER_RECEIVABLES"))
    bank = again.groups["1110"]
    assert bank.isEnabled() and bank.currentData() == "other_financing"  # no longer cash
    again.save()
    with book.read() as s:
        row = next(r for r in mapping.mapping_rows(s) if r.code == "1110")
    assert (row.line, row.group) == ("OTHER_RECEIVABLES", "other_financing")  # as shown


def test_the_board_writes_the_notes_and_previews_them(window, book, monkeypatch) -> None:
    import pypdfium2

    from coopdesk.ledger.statements.notes_text import board_texts
    from coopdesk.ui.pages import reports_statements_notes as notes_ui

    with book.transaction() as s:
        a_year(s, add_members(s, 2))
    panel = window.show_page("laporan", "statements").current_tab().statements
    settle(window)
    opened = []
    monkeypatch.setattr(notes_ui.NotesDialog, "exec", lambda self: opened.append(self) or 0)
    panel.notes_button.click()
    dialog = opened[0]
    assert dialog.year == 2025 and dialog.edits["events"].toPlainText() == ""
    assert dialog.edits["events"].placeholderText().startswith("The board writes here")
    dialog.edits["events"].setPlainText("Tidak ada kejadian penting setelah tanggal neraca.")
    shown: list[bytes] = []
    monkeypatch.setattr(window.ctx, "preview_pdf", lambda data, title: shown.append(data))
    dialog.preview()
    settle(window)
    pdf = pypdfium2.PdfDocument(shown[0])
    text = "".join(str(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    pdf.close()
    assert "Tidak ada kejadian penting" in text
    with book.read() as s:
        assert board_texts(s, 2025)["events"] == ""  # a preview keeps nothing
    dialog.save()
    with book.read() as s:
        assert board_texts(s, 2025)["events"] == ("Tidak ada kejadian penting setelah tanggal "
                                                  "neraca.")
    reopened = notes_ui.NotesDialog(window.ctx, 2025)
    assert reopened.edits["events"].toPlainText().startswith("Tidak ada")
