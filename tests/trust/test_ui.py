"""The desktop side of trust: signing in, the wait after a wrong password, claiming a book
without users, the lock, the backup menu, the supervisor's audit tab, the first-run form."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from coopdesk import backup, users
from coopdesk.access import SYSTEM, Actor
from coopdesk.book import Book, resolve_location
from coopdesk.ledger import journal
from coopdesk.ledger.journal import credit, debit
from tests.trust.conftest import ADMIN, ADMIN_PASSWORD, password_of


@pytest.fixture
def window_for(qtbot, book: Book):  # type: ignore[no-untyped-def]
    """A main window on `book` for the given actor (as the app builds it)."""
    from coopdesk.ui import prefs
    from coopdesk.ui.app import AppController, settle

    made = []

    def make(actor: Actor):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        book.actor = actor
        controller = AppController(QApplication.instance(), prefs.app_settings())
        w = controller.build_window(book, "laporan")
        qtbot.addWidget(w)
        w.show()
        settle(w.ctx)
        made.append(w)
        return w

    yield make
    for w in made:
        settle(w.ctx)


def test_signing_in_waits_longer_after_each_wrong_password(qtbot, book: Book,
                                                          staff: dict[str, Actor]) -> None:
    from coopdesk.ui.login import SignInDialog

    book.actor = SYSTEM
    dialog = SignInDialog(book)
    qtbot.addWidget(dialog)
    dialog.username.setText("bendahara")
    dialog.password.setText("bukan-sandinya")
    dialog.try_sign_in()
    assert "Wrong user name or password" in dialog.message.text()
    assert not dialog.ok.isEnabled() and dialog.ok.text() == "Wait 1 s"
    assert dialog.password.text() == ""
    qtbot.waitUntil(dialog.ok.isEnabled, timeout=3000)
    dialog.password.setText(password_of("bendahara"))
    dialog.try_sign_in()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()
    assert book.actor == staff["bendahara"]


def test_sign_in_asks_only_books_with_users(qtbot, book: Book, monkeypatch) -> None:
    from coopdesk.ui import login

    asked: list[str] = []
    monkeypatch.setattr(login.SignInDialog, "exec", lambda self: asked.append("x") or 0)
    assert login.sign_in(book, None) and book.actor is SYSTEM and asked == []
    with book.transaction() as s:
        users.create_administrator(s, ADMIN, ADMIN_PASSWORD)
    assert not login.sign_in(book, None) and asked == ["x"]  # they cancelled: no window


def test_a_book_without_users_is_claimed_from_its_window(qtbot, book: Book, window_for,
                                                         monkeypatch) -> None:
    from coopdesk.ui import login

    w = window_for(SYSTEM)
    parts = w._trust
    assert parts.claim_notice is not None and parts.claim_notice.isVisible()

    def fill(self):  # type: ignore[no-untyped-def]
        self.username.setText("ketua.siti")
        self.password.setText("Merdeka-1945")
        self.again.setText("Merdeka-1945")
        self.save()
        return self.result()

    monkeypatch.setattr(login.ClaimDialog, "exec", fill)
    parts.claim_notice.click()
    assert book.actor.username == "ketua.siti" and book.actor.is_admin
    assert not parts.claim_notice.isVisible()
    assert book.write(lambda s: users.sign_in(s, "ketua.siti", "Merdeka-1945")).ok


def test_the_lock_hides_the_window_until_the_same_user_signs_in(qtbot, book: Book, window_for,
                                                                staff: dict[str, Actor],
                                                                monkeypatch) -> None:
    from coopdesk.ui import login

    with book.transaction(staff[ADMIN]) as s:
        users.IDLE_LOCK_MINUTES.put(s, 3)
    w = window_for(staff["bendahara"])
    parts = w._trust
    assert parts.idle.isActive() and parts.idle.interval() == 3 * 60_000
    seen: list[tuple[str, bool]] = []

    def unlock(self):  # type: ignore[no-untyped-def]
        seen.append((self.username.text(), self.username.isReadOnly()))
        assert not w.isVisible()
        self.password.setText(password_of("bendahara"))
        self.try_sign_in()
        return self.result()

    monkeypatch.setattr(login.SignInDialog, "exec", unlock)
    parts.idle.timeout.emit()
    assert seen == [("bendahara", True)] and w.isVisible()
    with book.read(staff["pengawas"]) as s:
        from coopdesk import audit

        (rec,) = audit.list_records(s, audit.AuditFilter(kind="user.unlock"))
    assert (rec.username, rec.role) == ("bendahara", "bendahara")
    monkeypatch.setattr(login.SignInDialog, "exec", lambda self: 0)  # gives up: app closes
    parts.lock()
    assert not w.isVisible()


def test_no_lock_for_a_book_without_users(book: Book, window_for) -> None:
    w = window_for(SYSTEM)
    assert not w._trust.idle.isActive()


def test_the_book_menu_backs_up_and_the_reminder_goes_away(qtbot, book: Book, window_for,
                                                           tmp_path: Path,
                                                           monkeypatch) -> None:
    from coopdesk.ui import login_session

    with book.transaction() as s:
        backup.BACKUP_REMIND_DAYS.put(s, 1)
    monkeypatch.setattr(backup, "reminder", lambda s, today=None: "No backup for 3 days.")
    w = window_for(SYSTEM)
    parts = w._trust
    texts = [a.text() for a in w.menuBar().actions()[0].menu().actions()]
    assert {"&Back up now…", "&Restore a backup…", "&Lock now"} <= set(texts)
    assert texts[-1] == "&Quit"
    assert parts.backup_notice is not None and parts.backup_notice.isVisible()
    target = tmp_path / "cadangan.coopdesk-backup"
    monkeypatch.setattr(login_session.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    told: list[str] = []
    monkeypatch.setattr(login_session, "inform", lambda _p, text, **k: told.append(text))
    parts.back_up_now()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert target.exists() and backup.verify_backup(target).counts["account"] > 0
    assert not parts.backup_notice.isVisible()


def test_closing_the_app_makes_a_rotated_backup(book: Book, tmp_path: Path) -> None:
    from coopdesk.ui.login_session import on_close

    with book.transaction() as s:
        backup.BACKUP_FOLDER.put(s, str(tmp_path / "usb"))
        backup.BACKUP_KEEP.put(s, 2)
    for _ in range(3):
        on_close(book)
    made = sorted((tmp_path / "usb").iterdir())
    assert len(made) == 2 and all("-close" in p.name for p in made)


def test_switching_to_another_book_backs_up_the_one_left(qtbot, qapp, book: Book,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path, monkeypatch) -> None:
    from coopdesk.ui import first_run, prefs
    from coopdesk.ui.app import AppController
    from tests.conftest import make_cooperative

    with book.transaction() as s:
        backup.BACKUP_FOLDER.put(s, str(tmp_path / "usb"))
    book.write(lambda s: journal.post_entry(
        s, date=__import__("datetime").date(2025, 3, 1), memo="setoran",
        lines=[debit("cash", 5_000), credit("savings.sukarela", 5_000)]))
    other = tmp_path / "lain.coopdesk"
    with Book.open(other, create=True) as b:
        make_cooperative(b)
    controller = AppController(qapp, prefs.app_settings())
    controller.show_book(book, "beranda")
    qtbot.addWidget(controller.window)
    monkeypatch.setattr(first_run, "choose_book_file", lambda parent: other)
    controller.open_other_book()
    assert controller.book is not book and controller.book.location.path == other
    (made,) = (tmp_path / "usb").iterdir()
    assert "-close" in made.name and backup.verify_backup(made).counts["journal_entry"] == 1
    controller.switch_language("en")  # the same book again: nothing to back up
    assert len(list((tmp_path / "usb").iterdir())) == 1
    controller.window.close()
    controller.book.close()


def test_a_role_without_backups_makes_none_on_close(book: Book, staff: dict[str, Actor],
                                                    tmp_path: Path) -> None:
    from coopdesk.ui.login_session import on_close

    with book.transaction(staff[ADMIN]) as s:
        backup.BACKUP_FOLDER.put(s, str(tmp_path / "usb"))
    book.actor = staff["readonly"]
    on_close(book)
    assert not (tmp_path / "usb").exists()


def _audit_tab(w):  # type: ignore[no-untyped-def]
    from coopdesk.ui.app import settle

    page = w.show_page("laporan", "audit")
    settle(w.ctx)
    return page.current_tab()


def test_the_supervisor_reads_filters_checks_and_exports_the_trail(
        book: Book, window_for, staff: dict[str, Actor], tmp_path: Path,
        monkeypatch) -> None:
    from coopdesk.ui import files
    from coopdesk.ui.app import settle

    book.write(lambda s: journal.post_entry(
        s, date=__import__("datetime").date(2025, 3, 1), memo="setoran",
        lines=[debit("cash", 5_000), credit("savings.sukarela", 5_000)]),
        actor=staff["bendahara"])
    w = window_for(staff["pengawas"])
    tab = _audit_tab(w)
    assert tab.table is not None and tab.table.rowCount() > 0
    tab.user.setCurrentIndex(tab.user.findData("bendahara"))
    settle(w.ctx)
    assert tab.table.rowCount() == 1 and "ledger.post_entry" in tab.table.item(0, 3).text()
    assert "5000" in tab.table.item(0, 4).text()
    told: list[str] = []
    monkeypatch.setattr("coopdesk.ui.messages.inform", lambda _p, text, **k: told.append(text))
    tab.verify()
    settle(w.ctx)
    assert told and "is whole" in told[0]
    for kind in ("xlsx", "pdf"):
        out = tmp_path / f"jejak.{kind}"
        monkeypatch.setattr(files.QFileDialog, "getSaveFileName",
                            lambda *a, o=out, **k: (str(o), ""))
        tab.export(kind)
        settle(w.ctx)
        assert out.exists() and out.stat().st_size > 1000


def test_other_roles_are_told_the_trail_is_not_theirs(book: Book, window_for,
                                                      staff: dict[str, Actor]) -> None:
    w = window_for(staff["bendahara"])
    tab = _audit_tab(w)
    assert tab.table is None


def test_the_new_cooperative_form_makes_its_administrator(qtbot, tmp_path: Path,
                                                          monkeypatch) -> None:
    from coopdesk.ui import first_run

    shown: list[BaseException] = []
    monkeypatch.setattr(first_run, "show_error", lambda _p, exc: shown.append(exc))
    target = tmp_path / "baru.coopdesk"
    dialog = first_run.NewCooperativeDialog(resolve_location(target))
    qtbot.addWidget(dialog)
    dialog.name.setText("Koperasi Maju")
    dialog.admin.setText("Bendahara.Desa")
    dialog.password.setText("123456")
    dialog.password_again.setText("123456")
    dialog.create_book()
    assert dialog.book is None and "too easy" in str(shown[-1]) and not target.exists()
    dialog.password.setText("Sandi-Koperasi-7")
    dialog.password_again.setText("Sandi-Koperasi-8")
    dialog.create_book()
    assert dialog.book is None and "not the same" in str(shown[-1])
    dialog.password_again.setText("Sandi-Koperasi-7")
    dialog.create_book()
    assert dialog.book is not None
    assert dialog.book.actor.username == "bendahara.desa" and dialog.book.actor.is_admin
    from coopdesk.ui.login import sign_in

    assert sign_in(dialog.book, None)  # signed in already: no second question
    dialog.book.close()
