"""The Jurnal page: lazy loading, filters, the new-entry dialog and reversals."""

from __future__ import annotations

from datetime import date

import pytest

from coopdesk.book import Book
from coopdesk.ledger import journal
from coopdesk.ledger.journal import NewEntry, credit, debit
from coopdesk.ledger.journal_query import JournalFilter, count_postings, posting_block
from coopdesk.ui.journal_model import BLOCK
from tests.ui.conftest import settle

ENTRIES = 3_000


def _post_many(book: Book, n: int = ENTRIES) -> None:
    entries = [
        NewEntry(date(2025, 1 + i % 12, 1 + i % 28), f"Setoran {i}",
                 (debit("cash", 10_000 + i), credit("savings.sukarela", 10_000 + i)))
        for i in range(n)
    ]
    book.write(lambda s: journal.post_entries(s, entries))


def _journal(window):  # type: ignore[no-untyped-def]
    page = window.show_page("jurnal")
    settle(window)
    return page


def test_journal_opens_at_the_end_without_building_every_row(window, book: Book) -> None:
    _post_many(book)
    page = _journal(window)
    model = page.model
    assert model.rowCount() == 2 * ENTRIES
    last = model.row_at(model.rowCount() - 1)
    assert last is not None and last.date == date(2025, 12, 28)
    # Only the blocks the view looked at (the end of the list), never all 6,000 rows.
    assert 0 < model.rows_built <= 3 * BLOCK
    page.table.scrollToTop()
    settle(window)
    assert model.row_at(0) is not None and model.row_at(0).date == date(2025, 1, 1)
    assert model.rows_built <= 6 * BLOCK


def test_blocks_read_by_keyset_and_by_offset_agree(book: Book) -> None:
    _post_many(book, 700)
    with book.read() as s:
        flt = JournalFilter()
        total = count_postings(s, flt)
        everything = posting_block(s, flt, limit=total)
        first = posting_block(s, flt, limit=200)
        after = posting_block(s, flt, limit=200, after=first[-1].key)
        at_offset = posting_block(s, flt, limit=200, offset=200)
        from_end = posting_block(s, flt, limit=200, offset=100, from_end=True)
        before = posting_block(s, flt, limit=200, before=from_end[0].key)
    keys = [r.key for r in everything]
    assert keys == sorted(keys)
    assert [r.key for r in after] == [r.key for r in at_offset] == keys[200:400]
    assert [r.key for r in from_end] == keys[total - 300:total - 100]
    assert [r.key for r in before] == keys[total - 500:total - 300]


def test_filters_narrow_the_list_in_sql(book: Book) -> None:
    _post_many(book, 300)
    book.write(lambda s: journal.post_entry(s, date=date(2025, 3, 3), memo="Beli kertas",
                                            lines=[debit("expense.office", 5_000),
                                                   credit("cash", 5_000)]))
    with book.read() as s:
        assert count_postings(s, JournalFilter(text="kertas")) == 2
        assert count_postings(s, JournalFilter(account="expense.office")) == 1
        march = count_postings(s, JournalFilter(start=date(2025, 3, 1), end=date(2025, 3, 31)))
        rows = posting_block(s, JournalFilter(account="5202"), limit=10)
    assert march == 2 * 25 + 2  # 25 savings entries dated in March, plus the paper
    assert [r.entry_memo for r in rows] == ["Beli kertas"]
    assert rows[0].first_line


def test_search_box_filters_the_table(window, book: Book, qtbot) -> None:
    _post_many(book, 50)
    book.write(lambda s: journal.post_entry(s, date=date(2025, 3, 3), memo="Beli kertas HVS",
                                            lines=[debit("expense.office", 5_000),
                                                   credit("cash", 5_000)]))
    page = _journal(window)
    assert page.model.rowCount() == 102
    page.search.setText("KERTAS")
    qtbot.waitUntil(lambda: page.model.filter.text == "KERTAS", timeout=5000)
    settle(window)
    assert page.model.rowCount() == 2
    assert page.model.row_at(0).entry_memo == "Beli kertas HVS"


def _fill_line(dialog, row: int, account: str, debit_text: str = "",
               credit_text: str = "") -> None:
    dialog.picker(row).set_account_code(account)
    dialog.money(row, 1).setText(debit_text)
    dialog.money(row, 2).setText(credit_text)


def _entry_dialog(window):  # type: ignore[no-untyped-def]
    from coopdesk.ui.entry_dialog import EntryDialog

    page = _journal(window)
    return page, EntryDialog(window.ctx, page._accounts, page, on=date(2025, 6, 1))


def test_new_entry_dialog_refuses_an_unbalanced_entry(window, book: Book, qtbot) -> None:
    _page, dialog = _entry_dialog(window)
    qtbot.addWidget(dialog)
    dialog.memo.setText("Beli tinta")
    _fill_line(dialog, 0, "5202", debit_text="150000")
    _fill_line(dialog, 1, "1101", credit_text="100000")
    assert not dialog.post_button.isEnabled()
    assert "50,000" in dialog.difference.text()
    dialog.post()  # even when called directly, nothing is posted
    assert dialog.posted is None
    with book.read() as s:
        assert count_postings(s) == 0


def test_new_entry_dialog_posts_a_balanced_entry(window, book: Book, qtbot) -> None:
    _page, dialog = _entry_dialog(window)
    qtbot.addWidget(dialog)
    dialog.memo.setText("Beli tinta")
    dialog.reference.setText("NOTA-17")
    _fill_line(dialog, 0, "5202", debit_text="150000")
    _fill_line(dialog, 1, "1101", credit_text="Rp 150000")
    assert dialog.post_button.isEnabled()
    dialog.post()
    assert dialog.posted is not None
    with book.read() as s:
        entry = journal.get_entry(s, dialog.posted.id)
    assert entry.memo == "Beli tinta" and entry.source_ref == "NOTA-17"
    assert sorted(line.amount for line in entry.lines) == [-150_000, 150_000]


def test_new_entry_dialog_shows_a_service_refusal(window, book: Book, qtbot,
                                                  monkeypatch) -> None:
    from coopdesk.ledger import periods

    book.write(lambda s: periods.lock_through(s, date(2025, 6, 30)))
    shown: list[BaseException] = []
    monkeypatch.setattr(window.ctx, "show_error", shown.append)
    _page, dialog = _entry_dialog(window)
    qtbot.addWidget(dialog)
    dialog.memo.setText("Terlambat")
    _fill_line(dialog, 0, "5202", debit_text="1000")
    _fill_line(dialog, 1, "1101", credit_text="1000")
    dialog.post()
    assert dialog.posted is None
    assert len(shown) == 1 and "closed" in str(shown[0]).lower()


def test_a_line_with_debit_and_credit_is_refused(window, qtbot) -> None:
    _page, dialog = _entry_dialog(window)
    qtbot.addWidget(dialog)
    dialog.memo.setText("x")
    _fill_line(dialog, 0, "5202", debit_text="1000", credit_text="1000")
    _fill_line(dialog, 1, "1101", credit_text="1000")
    assert not dialog.post_button.isEnabled()
    assert "not both" in dialog.difference.text()


def test_reverse_the_selected_entry(window, book: Book, monkeypatch) -> None:
    posted = book.write(lambda s: journal.post_entry(
        s, date=date(2025, 2, 2), memo="Salah catat",
        lines=[debit("expense.office", 7_000), credit("cash", 7_000)]))
    page = _journal(window)
    answers: list[str] = []
    monkeypatch.setattr("coopdesk.ui.pages.journal.confirm", lambda *a, **k: True)
    monkeypatch.setattr("coopdesk.ui.pages.journal.inform",
                        lambda _parent, text, **_k: answers.append(text))
    page.table.selectRow(0)
    assert page.reverse_button.isEnabled()
    page.reverse_selected()
    settle(window)
    with book.read() as s:
        original = journal.get_entry(s, posted.id)
        assert original.reversed_by_id is not None
        reversal = journal.get_entry(s, original.reversed_by_id)
    assert reversal.reference in answers[0]
    assert page.model.rowCount() == 4


def test_declining_the_confirmation_reverses_nothing(window, book: Book, monkeypatch) -> None:
    book.write(lambda s: journal.post_entry(
        s, date=date(2025, 2, 2), memo="Benar",
        lines=[debit("expense.office", 7_000), credit("cash", 7_000)]))
    page = _journal(window)
    monkeypatch.setattr("coopdesk.ui.pages.journal.confirm", lambda *a, **k: False)
    page.table.selectRow(0)
    page.reverse_selected()
    with book.read() as s:
        assert count_postings(s) == 2


@pytest.mark.parametrize("text", ["1.500.000", "1500000", "Rp 1.500.000", "Rp1.500.000"])
def test_money_edit_reads_what_people_type(qtbot, text: str) -> None:
    from coopdesk.i18n import set_language
    from coopdesk.ui.widgets import MoneyEdit

    set_language("id")
    try:
        edit = MoneyEdit()
        qtbot.addWidget(edit)
        edit.setText(text)
        assert edit.amount() == 1_500_000 and isinstance(edit.amount(), int)
        edit.editingFinished.emit()
        assert edit.text() == "Rp1.500.000"
    finally:
        set_language("en")


def test_money_edit_refuses_a_fraction(qtbot) -> None:
    from coopdesk.ui.widgets import MoneyEdit

    edit = MoneyEdit()
    qtbot.addWidget(edit)
    edit.setText("12.5")
    assert edit.amount() is None
    assert edit.error()




def test_dragging_the_scroll_bar_builds_no_rows_until_released(window, book: Book) -> None:
    _post_many(book, 1_000)
    page = _journal(window)
    model = page.model
    built = model.rows_built
    model.set_deferred(True)
    assert model.data(model.index(1_000, 2)) == "…"
    assert model.rows_built == built
    model.set_deferred(False)
    assert model.data(model.index(1_000, 2)) is not None
    assert model.rows_built > built


def test_landmarks_lead_to_the_same_lines_as_offsets(book: Book) -> None:
    from coopdesk.ledger.journal_query import posting_key_at

    _post_many(book, 400)
    with book.read() as s:
        flt = JournalFilter()
        everything = [r.key for r in posting_block(s, flt, limit=10_000)]
        first = posting_key_at(s, flt, offset=99)
        second = posting_key_at(s, flt, offset=99, after=first)
        from_landmark = posting_block(s, flt, limit=50, after=second, offset=10)
        assert posting_key_at(s, flt, offset=10_000) is None
    assert first == everything[99]
    assert second == everything[199]
    assert [r.key for r in from_landmark] == everything[210:260]


def test_jumps_use_landmarks_found_in_the_background(window, book: Book, monkeypatch,
                                                     qtbot) -> None:
    from coopdesk.ui import journal_model
    from coopdesk.ui.pages import journal as journal_page

    monkeypatch.setattr(journal_model, "STRIDE", 256)
    monkeypatch.setattr(journal_page, "STRIDE", 256)
    _post_many(book, 1_000)
    page = _journal(window)
    model = page.model
    assert model.landmarks == []  # not at once: the first screenful comes first

    def found() -> bool:
        # The search starts LANDMARK_DELAY_MS after the first screenful, which is itself loaded
        # in the background: wait for both rather than for a fixed time.
        settle(window)
        return len(model.landmarks) == 2_000 // 256

    qtbot.waitUntil(found, timeout=journal_page.LANDMARK_DELAY_MS + 10_000)
    with book.read() as s:
        expected = [r.key for r in posting_block(s, JournalFilter(), limit=BLOCK, offset=800)]
    model.blocks.clear()
    assert model._landmark_before(800) is not None
    got = [model.row_at(row).key for row in range(800, 800 + BLOCK)]
    assert got == expected
