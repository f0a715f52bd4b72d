"""Separation of duties in the desktop app: the chair turns it on and sets the limits in the
settings; then a large withdrawal at the counter and a loan payout by the one who approved the
loan wait for a second user ("Menunggu persetujuan pengguna kedua"), who approves in Book →
Approvals…, and the same button then pays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from coopdesk import audit, users
from coopdesk.access import SYSTEM, Actor
from coopdesk.book import Book
from coopdesk.i18n import _, set_language
from coopdesk.ledger import savings
from coopdesk.ledger.loans import lifecycle, views
from tests.loans.conftest import add_members, add_products
from tests.trust.conftest import ADMIN

pytest.importorskip("pytestqt")

WAITING = "Waiting for a second user's approval"


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(title, text) of every message the approval part shows; its questions are answered yes."""
    from coopdesk.ui import login_approvals

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(login_approvals, "inform",
                        lambda _p, text, title=None: shown.append((title or "", text)))
    monkeypatch.setattr(login_approvals, "confirm",
                        lambda _p, text, title=None, **k: shown.append((title or "", text)) or True)
    monkeypatch.setattr(login_approvals, "show_error",
                        lambda _p, exc: shown.append(("error", str(exc))))
    # Any other refusal, as the pages show it (never a box that waits for a click in a test).
    monkeypatch.setattr("coopdesk.ui.messages.show_error",
                        lambda _p, exc: shown.append(("other", str(exc))))
    return shown


def _turn_on(book: Book, admin: Actor, *, loan_above: int = 0,
             withdrawal_above: int = 1_000_000) -> None:
    def change(s: Any) -> None:
        users.SEPARATION_OF_DUTIES.put(s, True)
        users.APPROVAL_LOAN_ABOVE.put(s, loan_above)
        users.APPROVAL_WITHDRAWAL_ABOVE.put(s, withdrawal_above)

    book.write(change, actor=admin)


def _approve_in_dialog(book: Book, checker: Actor) -> Any:
    from coopdesk.ui.login_approvals import ApprovalsDialog

    book.actor = checker
    dialog = ApprovalsDialog(book)
    dialog.table.selectRow(0)
    dialog.decide(approve=True)
    return dialog


def test_the_chair_turns_second_approval_on_and_sets_both_limits(
        qtbot: Any, book: Book, staff: dict[str, Actor], told: list[tuple[str, str]]) -> None:
    from coopdesk.ui.login_session import TrustSettingsDialog

    book.actor = staff[ADMIN]
    dialog = TrustSettingsDialog(book)
    qtbot.addWidget(dialog)
    assert not dialog.separation.isChecked() and not dialog.loan_above.isEnabled()
    dialog.separation.setChecked(True)
    assert dialog.loan_above.isEnabled() and dialog.withdrawal_above.isEnabled()
    dialog.loan_above.setText("5000000")
    dialog.withdrawal_above.setText("500000")
    dialog.save()
    assert dialog.result() == 1
    with book.read(SYSTEM) as s:
        assert users.SEPARATION_OF_DUTIES.get(s)
        assert users.APPROVAL_LOAN_ABOVE.get(s) == 5_000_000
        assert users.APPROVAL_WITHDRAWAL_ABOVE.get(s) == 500_000
        changed = {r.entity_id for r in audit.list_records(
            s, audit.AuditFilter(username=ADMIN, kind="settings.change"))}
    # Only what was changed is written and audited (not the folder, the lock, ...).
    assert changed == {"trust.separation_of_duties", "trust.approval.loan_above",
                       "trust.approval.withdrawal_above"}


def test_a_treasurer_is_told_the_settings_are_not_theirs(
        staff: dict[str, Actor], window_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from coopdesk.ui import login_session

    w = window_for(staff["bendahara"])
    warned: list[str] = []
    monkeypatch.setattr(login_session, "warn", lambda _p, text, **k: warned.append(text))
    w._trust.settings()
    assert warned and "Only the chair or the book's administrator" in warned[0]


@pytest.fixture
def ctx(qapp: Any, book: Book, staff: dict[str, Actor],
        monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The app's context on a book where Anggota 1 (A001) has 2,000,000 in simpanan sukarela."""
    from coopdesk.ui.context import AppContext

    add_members(book, 1)
    book.write(lambda s: savings.deposit(s, member_no="A001", kind="sukarela",
                                         amount=2_000_000, on=date(2025, 3, 1)),
               actor=staff["bendahara"])
    context = AppContext(book)
    monkeypatch.setattr(context, "preview_pdf", lambda data, title: None)
    yield context
    context.wait_for_tasks()


def _withdraw(ctx: Any, amount: int) -> bool:
    """Take sukarela out the way the savings counter does: the service in one transaction,
    a refusal shown through `ctx.show_error`. True when the money was paid."""
    from coopdesk.errors import UserError

    try:
        ctx.book.write(lambda s: savings.withdraw(s, member_no="A001", kind="sukarela",
                                                  amount=amount, on=date(2025, 3, 2)))
    except UserError as exc:
        ctx.show_error(exc)
        return False
    return True


def _sukarela(book: Book) -> int:
    with book.read(SYSTEM) as s:
        return savings.balances(s, savings.member(s, "A001").id).of("sukarela")


def test_a_large_withdrawal_waits_for_a_second_user(
        book: Book, staff: dict[str, Actor], ctx: Any,
        told: list[tuple[str, str]]) -> None:
    _turn_on(book, staff[ADMIN], withdrawal_above=1_000_000)
    book.actor = staff["bendahara"]
    assert not _withdraw(ctx, 1_500_000)
    assert len(told) == 2, told
    (question, sent) = told
    assert question[0] == WAITING and "Anggota 1 (A001)" in question[1]
    assert sent[0] == WAITING and sent[1].startswith(WAITING + ". Request 1 was sent")
    assert _sukarela(book) == 2_000_000  # nothing paid yet
    assert not _withdraw(ctx, 1_500_000)  # pressed again before anyone approved
    assert told[-1][0] == WAITING
    assert told[-1][1].startswith(WAITING + ": request 1 for this payment was sent before")
    dialog = _approve_in_dialog(book, staff["bendahara"])  # one's own: refused
    assert told[-1] == ("error", "You cannot approve your own request; another person must.")
    assert dialog.table.item(0, 1).text().startswith("Savings payout Rp1,500,000: Anggota 1")
    _approve_in_dialog(book, staff["ketua"])
    book.actor = staff["bendahara"]
    assert _withdraw(ctx, 1_500_000)
    assert _sukarela(book) == 500_000
    with book.read(SYSTEM) as s:
        (used,) = users.list_approvals(s)
    assert (used.status, used.decided_by, used.used_by) == ("used", "ketua", "bendahara")
    assert len(told) == 4  # paid without another word


def test_a_withdrawal_within_the_limit_is_paid_at_once(
        book: Book, staff: dict[str, Actor], ctx: Any, told: list[tuple[str, str]]) -> None:
    _turn_on(book, staff[ADMIN], withdrawal_above=1_000_000)
    book.actor = staff["bendahara"]
    assert _withdraw(ctx, 1_000_000)
    assert told == [] and _sukarela(book) == 1_000_000


def test_declining_to_send_the_request_sends_nothing(
        book: Book, staff: dict[str, Actor], ctx: Any, told: list[tuple[str, str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from coopdesk.ui import login_approvals

    _turn_on(book, staff[ADMIN])
    book.actor = staff["bendahara"]
    monkeypatch.setattr(login_approvals, "confirm", lambda *a, **k: False)
    assert not _withdraw(ctx, 1_500_000)
    with book.read(SYSTEM) as s:
        assert users.list_approvals(s) == []


def test_the_counter_pays_out_a_typed_amount(
        qtbot: Any, book: Book, staff: dict[str, Actor], ctx: Any,
        told: list[tuple[str, str]]) -> None:
    from coopdesk.ui.pages.savings import CounterTab

    book.actor = staff["bendahara"]
    tab = CounterTab(ctx)
    qtbot.addWidget(tab)
    tab.member.setText("A001")
    tab.member_chosen()
    tab.kind.setCurrentIndex(tab.kind.findData("sukarela"))
    tab.amount.setText("50000")
    tab.save("out")
    assert told == [] and _sukarela(book) == 1_950_000


def test_the_message_is_indonesian_for_the_treasurer() -> None:
    from coopdesk.ui.login_approvals import WAITING as waiting

    set_language("id")
    try:
        assert _(waiting) == "Menunggu persetujuan pengguna kedua"
    finally:
        set_language("en")


@pytest.fixture
def window_for(qtbot: Any, qapp: Any, book: Book) -> Iterator[Any]:
    """The main window on `book` for a user, as the app builds it after signing in."""
    from coopdesk.ui import prefs
    from coopdesk.ui.app import AppController, settle

    made: list[Any] = []

    def make(actor: Actor, page: str = "beranda") -> Any:
        book.actor = actor
        w = AppController(qapp, prefs.app_settings()).build_window(book, page)
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        settle(w.ctx)
        w.close()


def test_a_loan_paid_out_by_its_approver_waits_for_a_second_user(
        book: Book, staff: dict[str, Actor], window_for: Any,
        told: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    from coopdesk.ui.app import settle
    from coopdesk.ui.pages import loans_actions

    add_members(book, 1)
    add_products(book)
    _turn_on(book, staff[ADMIN], loan_above=0)
    loan = book.write(lambda s: lifecycle.apply_for_loan(
        s, member_no="A001", product="Modal Usaha", principal=3_000_000, term=10,
        applied_on=date.today()), actor=staff["operator"])
    book.write(lambda s: lifecycle.approve_loan(s, loan.id), actor=staff["bendahara"])
    w = window_for(staff["bendahara"], "pinjaman")
    monkeypatch.setattr(w.ctx, "preview_pdf", lambda data, title: None)
    page = w.show_page("pinjaman")
    settle(w.ctx)
    panel = page.list.detail
    monkeypatch.setattr(panel, "confirm", lambda text, yes: True)
    panel.load(loan.id)
    settle(w.ctx)

    def status() -> str:
        with book.read(SYSTEM) as s:
            return views.get_loan(s, loan.id).status

    loans_actions.disburse(panel)
    assert [t for t, _text in told] == [WAITING, WAITING] and status() == "approved"
    assert loan.loan_no in told[0][1] and "Anggota 1" in told[0][1]
    _approve_in_dialog(book, staff["ketua"])
    book.actor = staff["bendahara"]
    loans_actions.disburse(panel)
    settle(w.ctx)
    assert status() == "active" and len(told) == 2


def test_the_checker_sees_how_many_payments_wait(
        book: Book, staff: dict[str, Actor], window_for: Any) -> None:
    _turn_on(book, staff[ADMIN])
    book.write(lambda s: users.request_approval(s, users.WITHDRAWAL, "savings:A001:sukarela",
                                                1_500_000, "Penarikan Bu Siti"),
               actor=staff["bendahara"])
    for name, expected in (("ketua", True), ("bendahara", False), ("pengawas", False)):
        notice = window_for(staff[name])._trust.approval_notice
        assert (notice is not None and notice.isVisible()) == expected, name
        if expected:
            assert notice.text() == "1 payment(s) wait for your approval"
