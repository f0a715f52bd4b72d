"""The users screen (Book → Users…): the administrator adds users, changes roles, disables and
enables them and gives new passwords; everyone changes their own. Each refusal comes from the
service (`coopdesk.users`) and is shown in plain words; the screen holds no rules of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from coopdesk import audit, users
from coopdesk.access import SYSTEM, Actor, Role
from coopdesk.book import Book
from tests.trust.conftest import ADMIN, password_of

pytest.importorskip("pytestqt")


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the screen would show in a message box, instead of showing it."""
    from coopdesk.ui import login_users

    shown: list[str] = []
    monkeypatch.setattr(login_users, "show_error", lambda _p, exc: shown.append(str(exc)))
    monkeypatch.setattr(login_users, "confirm", lambda *a, **k: True)
    return shown


@pytest.fixture
def screen(qtbot: Any, book: Book) -> Iterator[Callable[[Actor], Any]]:
    from coopdesk.ui.login_users import UsersDialog

    def make(actor: Actor) -> Any:
        book.actor = actor
        dialog = UsersDialog(book)
        qtbot.addWidget(dialog)
        return dialog

    yield make


def _filled(fill: Callable[[Any], None]) -> Callable[[Any], int]:
    """An `exec` that fills the form and presses Save, as a person would."""
    def run(dialog: Any) -> int:
        fill(dialog)
        dialog.save()
        return int(dialog.result())
    return run


def _row(dialog: Any, name: str) -> dict[str, str]:
    for r in range(dialog.table.rowCount()):
        if dialog.table.item(r, 0).text() == name:
            return {dialog.table.horizontalHeaderItem(c).text(): dialog.table.item(r, c).text()
                    for c in range(dialog.table.columnCount())}
    raise KeyError(name)


def _trail(book: Book, action: str) -> list[tuple[str, str]]:
    with book.read(SYSTEM) as s:
        return [(r.username, r.entity_id or "")
                for r in audit.list_records(s, audit.AuditFilter(kind=action))]


def test_the_administrator_sees_every_user_with_role_and_status(
        screen: Any, staff: dict[str, Actor]) -> None:
    dialog = screen(staff[ADMIN])
    assert dialog.table.rowCount() == 6
    assert _row(dialog, "pengawas")["Role"] == "Supervisor (pengawas)"
    assert _row(dialog, ADMIN)["Administrator"] == "yes"
    assert _row(dialog, "operator")["Status"] == "active"
    assert dialog.add_button.isEnabled()


def test_adding_a_user_types_the_password_twice_with_a_plain_hint(
        screen: Any, book: Book, staff: dict[str, Actor], refusals: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from coopdesk.ui.login_users import AddUserDialog

    dialog = screen(staff[ADMIN])
    attempts = iter([("123456", "123456"), ("Sawah-Lebar-9", "Sawah-Lebar-8"),
                     ("Sawah-Lebar-9", "Sawah-Lebar-9")])
    hints: list[str] = []

    def fill(d: Any) -> None:
        first, again = next(attempts)
        d.username.setText("Siti.Aminah")
        d.full_name.setText("Siti Aminah")
        d.role.setCurrentIndex(d.role.findData("bendahara"))
        d.passwords.first.setText(first)
        d.passwords.again.setText(again)
        hints.append(d.passwords.hint.text())

    monkeypatch.setattr(AddUserDialog, "exec", _filled(fill))
    dialog.add_user()  # a PIN anyone can guess
    dialog.add_user()  # typed differently twice
    assert "too easy to guess" in hints[0] and "too easy to guess" in refusals[0]
    assert "not the same" in hints[1] and "not the same" in refusals[1]
    assert dialog.table.rowCount() == 6  # nothing added by either
    dialog.add_user()
    assert len(refusals) == 2 and "Strong" in hints[2]
    assert _row(dialog, "siti.aminah")["Role"] == "Treasurer (bendahara)"
    assert book.write(lambda s: users.sign_in(s, "siti.aminah", "Sawah-Lebar-9")).ok
    assert (ADMIN, "siti.aminah") in _trail(book, "user.add")


@pytest.mark.parametrize(("password", "level"), [
    ("", 0), ("12345", 0), ("111111", 0), ("koperasi", 0), ("482913", 1), ("padiku", 1),
    ("padi-2025", 2), ("Sawah-Lebar-9", 3), ("kebun kopi di lereng", 3),
])
def test_the_strength_hint(password: str, level: int) -> None:
    strength = users.password_strength(password, "siti")
    assert strength.level == level, strength.text
    assert (strength.level == 0) == bool(users.password_problems(password, "siti") or
                                          not password)


def test_changing_a_role_and_the_last_administrator_stays(
        screen: Any, book: Book, staff: dict[str, Actor], refusals: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from coopdesk.ui.login_users import RoleDialog

    dialog = screen(staff[ADMIN])
    choice = {"role": "pengawas", "admin": False}

    def fill(d: Any) -> None:
        d.role.setCurrentIndex(d.role.findData(choice["role"]))
        d.admin.setChecked(bool(choice["admin"]))

    monkeypatch.setattr(RoleDialog, "exec", _filled(fill))
    dialog.select("operator")
    dialog.change_role()
    assert _row(dialog, "operator")["Role"] == "Supervisor (pengawas)"
    dialog.select(ADMIN)  # the only administrator gives up being one: refused
    choice.update(role="ketua", admin=False)
    dialog.change_role()
    assert refusals == ["The book must keep at least one active administrator."]
    assert _row(dialog, ADMIN)["Administrator"] == "yes" and book.actor.is_admin


def test_giving_up_your_own_administration_takes_effect_at_once(
        screen: Any, book: Book, staff: dict[str, Actor], refusals: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from coopdesk.ui.login_users import RoleDialog

    book.write(lambda s: users.set_role(s, "ketua", Role.KETUA, is_admin=True),
               actor=staff[ADMIN])
    dialog = screen(staff[ADMIN])
    monkeypatch.setattr(RoleDialog, "exec", _filled(lambda d: d.admin.setChecked(False)))
    dialog.select(ADMIN)
    dialog.change_role()
    assert refusals == [] and not book.actor.is_admin  # not only at the next sign-in
    assert not dialog.add_button.isEnabled() and not dialog.role_button.isEnabled()


def test_disabling_and_enabling_with_plain_refusals(
        screen: Any, book: Book, staff: dict[str, Actor], refusals: list[str]) -> None:
    dialog = screen(staff[ADMIN])
    dialog.select(ADMIN)
    dialog.toggle_active()
    assert refusals == ["You cannot disable yourself."]
    dialog.select("bendahara")
    assert dialog.active_button.text() == "Disable"
    dialog.toggle_active()
    assert _row(dialog, "bendahara")["Status"] == "disabled"
    assert dialog.active_button.text() == "Enable"
    r = book.write(lambda s: users.sign_in(s, "bendahara", password_of("bendahara")))
    assert not r.ok and "disabled" in (r.problem or "")
    dialog.toggle_active()
    assert _row(dialog, "bendahara")["Status"] == "active"
    assert book.write(lambda s: users.sign_in(s, "bendahara", password_of("bendahara"))).ok
    # A second administrator may disable the first, but not then stop being one.
    chair = book.write(lambda s: users.set_role(s, "ketua", Role.KETUA, is_admin=True),
                       actor=staff[ADMIN])
    other = screen(users.actor_for(chair))
    other.select(ADMIN)
    other.toggle_active()
    assert _row(other, ADMIN)["Status"] == "disabled"
    with pytest.raises(users.UserError, match="at least one active administrator"), \
            book.transaction() as s:
        users.set_role(s, "ketua", Role.KETUA, is_admin=False)


def test_a_new_password_for_someone_who_forgot_theirs(
        screen: Any, book: Book, staff: dict[str, Actor], refusals: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from coopdesk.ui.login_users import ChangePasswordDialog, ResetPasswordDialog

    def fill(d: Any) -> None:
        d.passwords.first.setText("Jagung-Manis-4")
        d.passwords.again.setText("Jagung-Manis-4")

    monkeypatch.setattr(ResetPasswordDialog, "exec", _filled(fill))
    opened: list[str] = []
    monkeypatch.setattr(ChangePasswordDialog, "exec", lambda d: opened.append("mine") or 0)
    dialog = screen(staff[ADMIN])
    dialog.select("operator")
    dialog.reset_password()
    assert book.write(lambda s: users.sign_in(s, "operator", "Jagung-Manis-4")).ok
    assert (ADMIN, "operator") in _trail(book, "user.password")
    dialog.select(ADMIN)  # one's own goes through the current password
    dialog.reset_password()
    assert opened == ["mine"]


def test_changing_my_own_password_needs_the_current_one(
        qtbot: Any, book: Book, staff: dict[str, Actor], refusals: list[str]) -> None:
    from coopdesk.ui.login_users import ChangePasswordDialog

    book.actor = staff["bendahara"]
    d = ChangePasswordDialog(book)
    qtbot.addWidget(d)
    d.current.setText("bukan-ini-123")
    d.passwords.first.setText("Padi-Menguning-7")
    d.passwords.again.setText("Padi-Menguning-7")
    d.save()
    assert refusals == ["The current password is wrong."] and d.result() == 0
    d.current.setText(password_of("bendahara"))
    d.save()
    assert d.result() == QDialog.DialogCode.Accepted
    assert book.write(lambda s: users.sign_in(s, "bendahara", "Padi-Menguning-7")).ok


def test_other_roles_are_told_plainly_and_the_service_refuses_anyway(
        screen: Any, book: Book, staff: dict[str, Actor], refusals: list[str]) -> None:
    dialog = screen(staff["bendahara"])
    assert "Only the book's administrator" in dialog.note.text()
    assert dialog.table.rowCount() == 0  # the treasurer does not see the list
    assert not dialog.add_button.isEnabled() and dialog.mine_button.isEnabled()
    supervisor = screen(staff["pengawas"])  # the supervisor sees it, changes nothing
    assert supervisor.table.rowCount() == 6 and not supervisor.role_button.isEnabled()
    supervisor.select("operator")
    supervisor.toggle_active()  # as if the button had been pressed all the same
    assert refusals == ["As Supervisor (pengawas), pengawas may not manage users."]
    with book.read() as s:
        assert all(u.active for u in users.list_users(s))


def test_a_book_without_users_gets_an_administrator_first(book: Book) -> None:
    with pytest.raises(users.UserError, match="no administrator yet"), \
            book.transaction() as s:
        users.add_user(s, "siti", Role.BENDAHARA, "Sawah-Lebar-9")
    with book.transaction() as s:
        users.add_user(s, "siti", Role.KETUA, "Sawah-Lebar-9", is_admin=True)
        assert users.administrator_name(s) == "siti"


def test_the_book_menu_opens_the_users_screen(qtbot: Any, qapp: Any, book: Book,
                                              staff: dict[str, Actor],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from coopdesk.ui import login_users, prefs
    from coopdesk.ui.app import AppController, settle

    book.actor = staff[ADMIN]
    w = AppController(qapp, prefs.app_settings()).build_window(book, "beranda")
    qtbot.addWidget(w)
    opened: list[int] = []
    monkeypatch.setattr(login_users.UsersDialog, "exec",
                        lambda d: opened.append(d.table.rowCount()) or 0)
    menu = w.menuBar().actions()[0].menu()
    (action,) = [a for a in menu.actions() if a.text() == "&Users…"]
    action.trigger()
    assert opened == [6]
    settle(w.ctx)
