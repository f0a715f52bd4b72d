"""The savings counter saves the amount the treasurer typed, not the usual amount it prefilled."""

from __future__ import annotations

from datetime import date
from typing import Any

from coopdesk.book import Book
from coopdesk.ledger import savings
from coopdesk.members import register


def test_a_typed_wajib_amount_is_saved_as_typed(qtbot: Any, book: Book) -> None:
    from coopdesk.ui.context import AppContext
    from coopdesk.ui.pages.savings import CounterTab

    with book.transaction() as s:
        register.add_member(s, register.MemberData(member_no="A00001", name="Siti Rahayu",
                                                   gender="P", joined_on=date(2025, 1, 2)))
    ctx = AppContext(book)
    shown: list[str] = []
    ctx.preview_pdf = lambda data, title: shown.append(title)  # type: ignore[method-assign]
    tab = CounterTab(ctx)
    qtbot.addWidget(tab)
    tab.member.setText("A00001")
    tab.member_chosen()
    tab.kind.setCurrentIndex(tab.kind.findData("wajib"))
    prefilled = tab.amount.amount()
    typed = (prefilled or 10_000) * 3  # three months at once
    tab.amount.setText(str(typed))
    tab.save("in")
    with book.read() as s:
        m = savings.member(s, "A00001")
        assert savings.balances(s, m.id).wajib == typed
    assert len(shown) == 1 and shown[0].startswith("Receipt KW/")  # opened for printing
