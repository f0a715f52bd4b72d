"""The Anggota and Simpanan screens and the migrant report tab (pytest-qt, offscreen)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from coopdesk.book import Book
from tests.members.factories import member

pytest.importorskip("pytestqt")


@pytest.fixture
def ctx(qapp, book: Book):  # type: ignore[no-untyped-def]
    from coopdesk.ui.context import AppContext

    context = AppContext(book)
    context.headless = True
    yield context
    context.wait_for_tasks()


def settle(ctx) -> None:  # type: ignore[no-untyped-def]
    from coopdesk.ui.app import settle as app_settle

    app_settle(ctx)


def _count(book: Book, table: str) -> int:
    with book.read() as s:
        return int(s.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_member_form_checks_as_you_type_and_saves(ctx, qtbot, book: Book) -> None:  # type: ignore[no-untyped-def]
    from coopdesk.ui.pages.members_form import MemberDialog

    dialog = MemberDialog(ctx, None)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()  # no name yet
    dialog.name.setText("Siti Rahayu")
    dialog.nik.setText("12345")
    assert not dialog.save_button.isEnabled()
    assert "16" in dialog.messages.text()
    dialog.nik.setText("3302264705850001")
    dialog.birth.setText("08/05/1985")  # the NIK says the 7th: a warning only
    assert dialog.save_button.isEnabled()
    assert "!" in dialog.messages.text() and "✗" not in dialog.messages.text()
    dialog.birth.setText("31/02/1985")
    assert not dialog.save_button.isEnabled()
    dialog.birth.setText("07/05/1985")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    with book.read() as s:
        row = s.execute(text("SELECT member_no, name, birth_date FROM member")).one()
    assert (row[0], row[1], str(row[2])) == ("A00001", "Siti Rahayu", "1985-05-07")


def test_member_list_filters_as_you_type(ctx, qtbot, book: Book) -> None:  # type: ignore[no-untyped-def]
    from coopdesk.ui.pages.members import MembersPage

    member(book, "Siti Rahayu", village="Kuntili")
    member(book, "Budi Santoso", village="Kemiri", gender="L")
    page = MembersPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    page.search.setText("kemi")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.data(page.model.index(0, 1)) == "Budi Santoso"


def test_import_preview_lists_problems_before_anything_is_saved(ctx, qtbot, book: Book,
                                                                tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from coopdesk.ui.pages.members_import import ImportDialog

    bad = tmp_path / "bad.csv"
    bad.write_text("member_no,name,nik,gender\nA00001,Siti,123,P\nA00002,Budi,,X\n")
    dialog = ImportDialog(ctx, bad)
    qtbot.addWidget(dialog)
    settle(ctx)
    cells = [(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
             for r in range(dialog.table.rowCount())]
    assert cells == [("2", "nik"), ("3", "gender")]
    assert not dialog.import_button.isEnabled()
    assert _count(book, "member") == 0
    good = tmp_path / "good.csv"
    good.write_text("member_no,name,gender,destination_country,sector,departure_date\n"
                    "A00001,Siti,P,HK,informal,2020-01-01\n")
    dialog = ImportDialog(ctx, good)
    qtbot.addWidget(dialog)
    settle(ctx)
    assert dialog.import_button.isEnabled()
    dialog.run_import()
    settle(ctx)
    assert (_count(book, "member"), _count(book, "placement")) == (1, 1)


def test_batch_dues_one_key_per_member_saved_as_one_transaction(ctx, qtbot, book: Book
                                                                 ) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from coopdesk.ui.pages.savings_dues import AMOUNT, DuesTab

    for name in ("Ani", "Budi", "Citra"):
        member(book, name, joined_on=date(2025, 1, 6))
    tab = DuesTab(ctx)
    qtbot.addWidget(tab)
    tab.day.set_date(date(2025, 3, 10))
    assert tab.grid.rowCount() == 3
    tab.grid.setFocus()
    tab.grid.setCurrentCell(0, AMOUNT)
    qtbot.keyClick(tab.grid, Qt.Key.Key_Space)  # Ani paid
    qtbot.keyClick(tab.grid, Qt.Key.Key_Space)  # Budi paid
    assert tab.grid.currentRow() == 2
    tab.grid.item(1, AMOUNT).setText("30000")  # Budi paid three months
    assert tab.payments() == [("A00001", 10_000), ("A00002", 30_000)]
    audit_before = _count(book, "audit_log")
    tab.save()
    settle(ctx)
    assert (_count(book, "journal_entry"), _count(book, "receipt")) == (2, 2)
    # one transaction: the postings, the receipts and one audit record for each bulk step
    assert _count(book, "audit_log") - audit_before == 3


def test_migrants_tab_shows_counts_with_column_shares(ctx, qtbot, book: Book,  # type: ignore[no-untyped-def]
                                                      monkeypatch) -> None:
    from coopdesk.ui.pages.reports_migrants import MigrantsTab
    from tests.members.factories import placement

    a = member(book, "Siti")
    b = member(book, "Sri")
    placement(book, a.member_no, "HK", departure=date(2025, 2, 1))
    placement(book, b.member_no, "TW", "formal", departure=date(2025, 3, 1))
    tab = MigrantsTab(ctx)
    qtbot.addWidget(tab)
    tab.year.setValue(2025)
    table = tab.table
    assert table.rowCount() == 3
    assert table.item(0, 0).text() == "Hong Kong"
    assert table.item(0, 1).text().startswith("1") and "100" in table.item(0, 1).text()
    assert table.item(2, 7).text().startswith("2")
    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(ctx, "preview_pdf", lambda data, title: shown.append((data, title)))
    tab.preview()  # built off the UI thread, then shown
    settle(ctx)
    assert len(shown) == 1 and shown[0][0].startswith(b"%PDF") and "2025" in shown[0][1]


def test_pay_in_from_the_counter_shows_the_receipt(ctx, qtbot, book: Book,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    from coopdesk.ui.pages.savings import CounterTab

    member(book, "Siti Rahayu")
    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(ctx, "preview_pdf", lambda data, title: shown.append((data, title)))
    tab = CounterTab(ctx)
    qtbot.addWidget(tab)
    tab.member.setText("A00001")
    tab.member_chosen()
    assert tab.amount.amount() == 10_000  # this month's wajib, prefilled
    tab.day.set_date(date(2025, 3, 10))
    tab.save("in")
    assert shown and shown[0][0].startswith(b"%PDF") and "KW/2025/000001" in shown[0][1]
    with book.read() as s:
        assert s.execute(text("SELECT total FROM receipt")).scalar_one() == 10_000
    tab.kind.setCurrentIndex(2)  # sukarela: nothing to take out
    tab.amount.set_amount(5_000)
    tab.save("out")
    assert len(shown) == 1  # refused: no second receipt


def test_stays_abroad_and_household_are_added_and_removed_from_the_form(  # type: ignore[no-untyped-def]
        ctx, qtbot, book: Book, monkeypatch) -> None:
    from coopdesk.members import household
    from coopdesk.ui.pages import members_form

    m = member(book)
    changed: list[str] = []
    ctx.changed.connect(changed.append)
    monkeypatch.setattr(members_form, "confirm", lambda *_a, **_k: True)
    tabs = [members_form.PlacementsTab(ctx, m), members_form.HouseholdTab(ctx, m)]
    records = [household.PlacementData(country="HK", sector="informal", job="perawat",
                                       departure_date=date(2025, 2, 1)),
               household.PersonData(relation="child", name="Dimas", birth_date=date(2015, 6, 1),
                                    caregiver="grandparent")]
    for tab, data, first_cell in zip(tabs, records, ("Hong Kong", None), strict=True):
        qtbot.addWidget(tab)
        monkeypatch.setattr(tab, "_ask", lambda d=data: d)
        tab.add()
        assert tab.table.rowCount() == 1
        if first_cell:
            assert tab.table.item(0, 0).text() == first_cell
        else:
            assert tab.table.item(0, 1).text() == "Dimas"
        tab.table.selectRow(0)
        tab.remove()
        assert tab.table.rowCount() == 0
    assert (_count(book, "placement"), _count(book, "household_person")) == (0, 0)
    assert changed.count("members") == 4  # every add and remove tells the other pages
