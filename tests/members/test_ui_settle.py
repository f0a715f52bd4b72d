"""The Simpanan screens for leaving, voiding and the wajib amounts (pytest-qt, offscreen): each
dialog is driven as a user would, and the book is checked afterwards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import text

from coopdesk.book import Book
from coopdesk.ledger import receipts, savings
from coopdesk.ledger.loans import repayments, views
from tests.members.factories import member, running_loan

pytest.importorskip("pytestqt")

LEFT = date(2025, 6, 15)


@pytest.fixture
def ctx(qapp, book: Book):  # type: ignore[no-untyped-def]
    from coopdesk.ui.context import AppContext

    context = AppContext(book)
    context.headless = True
    yield context
    context.wait_for_tasks()


def _deposit(book: Book, no: str, kind: savings.Kind, amount: int, on: date
             ) -> savings.Movement:
    with book.transaction() as s:
        return savings.deposit(s, member_no=no, kind=kind, amount=amount, on=on)


def _drive(monkeypatch, cls: type, steps: Callable[[object], None]) -> list[object]:  # type: ignore[no-untyped-def]
    """Replace the dialog's modal loop with `steps` (what the user does in it)."""
    seen: list[object] = []

    def run(dialog: object) -> int:
        seen.append(dialog)
        steps(dialog)
        return int(dialog.result())  # type: ignore[attr-defined]

    monkeypatch.setattr(cls, "exec", run)
    return seen


def _cells(table) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]


def test_member_leaves_with_a_loan_in_arrears(ctx, qtbot, book: Book, monkeypatch  # type: ignore[no-untyped-def]
                                              ) -> None:
    from PySide6.QtCore import Qt

    from coopdesk.ui.pages.savings import CounterTab
    from coopdesk.ui.pages.savings_leave import LeaveDialog

    m = member(book)
    _deposit(book, m.member_no, "pokok", 200_000, date(2025, 1, 6))
    _deposit(book, m.member_no, "sukarela", 2_300_000, date(2025, 1, 20))
    loan = running_loan(book, m.member_no)
    with book.read() as s:
        quote = repayments.payoff_quote(s, loan.id, LEFT)  # what the loan's page asks today
    shown: list[str] = []
    monkeypatch.setattr(ctx, "preview_pdf", lambda data, title: shown.append(title))

    def user(dialog: LeaveDialog) -> None:
        rows = _cells(dialog.table)
        assert [label for label, _a in rows][:2] == [
            "Principal savings (simpanan pokok)", "Voluntary savings (simpanan sukarela)"]
        assert rows[2][1] == "-Rp1,200,000" and "principal" in rows[2][0]
        assert "jasa" in rows[3][0] and "denda" in rows[4][0]
        assert rows[-1] == ("To pay out", f"Rp{2_500_000 - quote.amount:,}")
        assert "days late" in dialog.note.text()
        assert not dialog.settle_button.isEnabled()  # no reason yet
        qtbot.keyClicks(dialog.reason, "pindah ke Jakarta")
        assert dialog.settle_button.isEnabled()
        qtbot.mouseClick(dialog.settle_button, Qt.MouseButton.LeftButton)

    tab = CounterTab(ctx)
    qtbot.addWidget(tab)
    tab.member.setText(m.member_no)
    tab.day.set_date(LEFT)
    seen = _drive(monkeypatch, LeaveDialog, user)  # type: ignore[arg-type]
    tab.leave()
    assert len(seen) == 1 and shown == ["Receipt KW/2025/000004"]
    assert "has left" in tab.result.text()
    with book.read() as s:
        row = s.execute(text("SELECT status, left_on, left_reason FROM member")).one()
        r = receipts.find_receipt(s, "KW/2025/000004")
        assert views.get_loan(s, loan.id).status == "closed"
        assert savings.balances(s, m.id).total == 0
    assert (row[0], str(row[1]), row[2]) == ("keluar", "2025-06-15", "pindah ke Jakarta")
    assert r.total == 2_500_000 - quote.amount and r.kind == "savings.settlement"


def test_a_member_who_owes_more_cannot_be_settled_from_the_dialog(ctx, qtbot, book: Book  # type: ignore[no-untyped-def]
                                                                  ) -> None:
    from coopdesk.ui.pages.savings_leave import LeaveDialog

    m = member(book)
    _deposit(book, m.member_no, "pokok", 200_000, date(2025, 1, 6))
    running_loan(book, m.member_no)
    dialog = LeaveDialog(ctx, m.member_no, LEFT)
    qtbot.addWidget(dialog)
    dialog.reason.setText("pindah")
    assert "must be paid first" in dialog.note.text()
    assert not dialog.settle_button.isEnabled()


def test_void_a_receipt_from_the_receipts_tab(ctx, qtbot, book: Book, monkeypatch  # type: ignore[no-untyped-def]
                                              ) -> None:
    from PySide6.QtCore import Qt

    from coopdesk.ui.pages.savings_receipts import ReceiptsTab, VoidDialog

    m = member(book)
    _deposit(book, m.member_no, "sukarela", 300_000, date(2025, 3, 1))
    wrong = _deposit(book, m.member_no, "sukarela", 200_000, date(2025, 3, 2))
    shown: list[str] = []
    monkeypatch.setattr(ctx, "preview_pdf", lambda data, title: shown.append(title))

    def user(dialog: VoidDialog) -> None:
        dialog.day.set_date(date(2025, 3, 5))
        effect = dialog.effect.text()
        assert "reversing journal entry dated 5 March 2025" in effect
        assert "Rp500,000 → Rp300,000" in effect and "VOID" in effect
        assert not dialog.void_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "salah jumlah")
        qtbot.mouseClick(dialog.void_button, Qt.MouseButton.LeftButton)

    tab = ReceiptsTab(ctx)
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 2
    qtbot.keyClicks(tab.search, "000002")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.table.rowCount() == 1
    assert not tab.void_button.isEnabled()  # nothing chosen yet
    tab.table.selectRow(0)
    seen = _drive(monkeypatch, VoidDialog, user)  # type: ignore[arg-type]
    qtbot.mouseClick(tab.void_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1 and shown == [f"Receipt {wrong.receipt.number}"]
    assert tab.table.item(0, 6).text() == "VOID: salah jumlah"
    assert not tab.void_button.isEnabled()  # already void
    with book.read() as s:
        r = receipts.get_receipt(s, wrong.receipt.id)
        assert r.void and r.void_entry_id is not None
        assert savings.balances(s, m.id).sukarela == 300_000


def test_a_loan_receipt_says_where_to_void_it(ctx, qtbot, book: Book) -> None:  # type: ignore[no-untyped-def]
    from coopdesk.ui.pages.savings_receipts import VoidDialog

    m = member(book)
    loan = running_loan(book, m.member_no)
    with book.transaction() as s:
        paid = repayments.repay(s, loan.id, 118_000, on=date(2025, 2, 28))
    dialog = VoidDialog(ctx, paid.receipt_id)
    qtbot.addWidget(dialog)
    dialog.reason.setText("salah")
    assert "Pinjaman" in dialog.effect.text()
    assert not dialog.void_button.isEnabled()


def test_a_new_wajib_amount_changes_the_grids_prefill_from_its_month(ctx, qtbot, book: Book  # type: ignore[no-untyped-def]
                                                                     ) -> None:
    from PySide6.QtCore import Qt

    from coopdesk.ui.pages.savings_dues import AMOUNT, DuesTab
    from coopdesk.ui.pages.savings_wajib import WajibAmountsDialog

    member(book)
    dialog = WajibAmountsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    dialog.amount.setText("15000")
    dialog.start.set_date(date(2025, 7, 1))
    dialog.note.setText("RAT 2025")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 2
    assert [dialog.table.item(1, c).text() for c in range(3)] == [
        "July 2025", "Rp15,000", "RAT 2025"]
    tab = DuesTab(ctx)
    qtbot.addWidget(tab)
    tab.day.set_date(date(2025, 6, 10))
    assert tab.grid.item(0, AMOUNT).text() == "10,000"
    tab.day.set_date(date(2025, 7, 10))
    assert tab.grid.item(0, AMOUNT).text() == "15,000"


def test_a_leaving_is_cancelled_from_the_member_form(ctx, qtbot, book: Book, monkeypatch  # type: ignore[no-untyped-def]
                                                     ) -> None:
    """The member form of someone who left offers to cancel it; the dialog says what comes
    back, waits for a reason, and the form then shows a member again."""
    from PySide6.QtCore import Qt

    from coopdesk.ledger import savings_leave
    from coopdesk.ui.pages.members_form import MemberDialog
    from coopdesk.ui.pages.savings_leave import CancelLeavingDialog

    m = member(book)
    _deposit(book, m.member_no, "sukarela", 2_000_000, date(2025, 1, 20))
    loan = running_loan(book, m.member_no)
    with book.transaction() as s:
        done = savings_leave.leave(s, m.member_no, on=LEFT, reason="salah pilih")
    assert done.receipt is not None

    def user(dialog: CancelLeavingDialog) -> None:
        plan = dialog.what.text()
        assert done.receipt is not None and done.receipt.number in plan
        assert "Rp2,000,000 goes back" in plan and "is as it was before" in plan
        assert not dialog.undo_button.isEnabled()  # no reason yet
        qtbot.keyClicks(dialog.reason, "anggota yang salah")
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)

    form = MemberDialog(ctx, m.member_no)
    qtbot.addWidget(form)
    assert not form.status.isEnabled() and form.status.currentData() == "keluar"
    seen = _drive(monkeypatch, CancelLeavingDialog, user)  # type: ignore[arg-type]
    qtbot.mouseClick(form.cancel_leaving_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert form.status.isEnabled() and form.status.currentData() == "anggota"
    assert form.status.findData("keluar") == -1
    with book.read() as s:
        status = s.execute(text("SELECT status FROM member")).scalar_one()
        assert status == "anggota"
        assert views.get_loan(s, loan.id).status == "active"
        assert savings.balances(s, m.id).sukarela == 2_000_000
