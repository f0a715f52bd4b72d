"""The Pinjaman page: the list, the live schedule of a new loan, and a repayment's preview."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from coopdesk.book import Book
from coopdesk.ledger.loans import views
from tests.loans.conftest import new_loan
from tests.ui.conftest import settle

pytest.importorskip("pytestqt")


def _page(window: Any) -> Any:
    page = window.show_page("pinjaman")
    settle(window)
    return page


@pytest.fixture
def loans_window(qtbot: Any, qapp: Any, coop: Book) -> Iterator[Any]:
    """The main window on the test cooperative (members and loan products, no loans yet)."""
    from coopdesk.ui import prefs
    from coopdesk.ui.app import AppController

    w = AppController(qapp, prefs.app_settings()).build_window(coop, "beranda")
    qtbot.addWidget(w)
    w.show()
    yield w
    settle(w)
    w.close()  # before the book closes (and, on PostgreSQL, its database is dropped)


def test_the_list_shows_late_loans_with_their_days(loans_window: Any, coop: Book) -> None:
    late = new_loan(coop, on=date.today() - timedelta(days=120))
    page = _page(loans_window)
    t = page.list.table
    assert t.rowCount() == 1
    assert t.item(0, 0).text() == late.loan_no
    assert int(t.item(0, 3).text()) > 30  # days late, in red
    assert t.item(0, 0).background().color().name() in ("#fff4e5", "#fdecea")
    settle(loans_window)
    assert page.list.detail.heading.text().startswith(late.loan_no)
    assert page.list.detail.instalments.rowCount() == 12


def test_the_new_loan_form_shows_the_schedule_as_figures_change(loans_window: Any,
                                                                coop: Book) -> None:
    page = _page(loans_window)
    page.tabs.setCurrentWidget(page.form)
    settle(loans_window)
    form = page.form
    form.product.setCurrentIndex(form.product.findText("Modal Usaha"))
    form.member.setCurrentIndex(1)
    form.amount.setText("12000000")
    form.term.setValue(12)
    form.update_schedule()
    assert form.rows.rowCount() == 12
    assert "1.5% flat ≈ 2.64% effective per month" in form.cost.text()
    assert form.save_button.isEnabled()
    form.term.setValue(6)
    form.update_schedule()
    assert form.rows.rowCount() == 6
    form.amount.setText("1000")  # too small for 6 instalments
    form.update_schedule()
    assert "too small" in form.problem.text() and not form.save_button.isEnabled()
    form.amount.setText("6000000")
    form.update_schedule()
    loans_window.ctx.headless = True
    form.save()
    settle(loans_window)
    with coop.read() as s:
        saved = views.list_loans(s)
    assert [(v.principal, v.term, v.status) for v in saved] == [(6_000_000, 6, "applied")]


def test_the_repayment_dialog_previews_the_split_before_saving(loans_window: Any,
                                                               coop: Book) -> None:
    from coopdesk.ui.pages.loans_actions import RepaymentDialog

    loan = new_loan(coop, on=date.today() - timedelta(days=75))
    page = _page(loans_window)
    settle(loans_window)
    panel = page.list.detail
    assert panel.loan_id == loan.id
    dialog = RepaymentDialog(panel)
    # Suggested: everything payable now (two instalments and their denda, or more).
    suggested = dialog.amount.amount()
    assert suggested is not None and suggested > 2 * 1_180_000
    dialog.amount.setText("500000")
    dialog.update_preview()
    assert dialog.split.rowCount() == 1
    assert "jasa Rp180,000" in dialog.message.text()
    dialog.amount.setText(str(suggested + 100_000))
    dialog.update_preview()
    assert "more than can be paid" in dialog.message.text()
    save = dialog.buttons.buttons()[0]
    assert not save.isEnabled()
    dialog.save_excess.setChecked(True)
    dialog.update_preview()
    assert save.isEnabled()
    dialog.save()
    assert dialog.result_ is not None and dialog.result_.to_savings == 100_000
    assert not dialog.isVisible()
