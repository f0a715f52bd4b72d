"""Starting without a book, with a book that cannot be opened, and switching language."""

from __future__ import annotations

from pathlib import Path

from coopdesk.book import Book, resolve_location
from coopdesk.i18n import language, set_language


def test_first_run_creates_a_cooperative(qtbot, tmp_path: Path) -> None:
    from coopdesk import settings
    from coopdesk.ui.first_run import NewCooperativeDialog

    location = resolve_location(tmp_path / "baru.coopdesk")
    dialog = NewCooperativeDialog(location)
    qtbot.addWidget(dialog)
    dialog.name.setText("Koperasi Maju Bersama")
    dialog.address.setPlainText("Desa Kuntili, Sumpiuh")
    dialog.first_year.setValue(2026)
    dialog.create_book()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.book is not None
    with dialog.book.read() as s:
        assert settings.COOP_NAME.get(s) == "Koperasi Maju Bersama"
        assert settings.COOP_ADDRESS.get(s) == "Desa Kuntili, Sumpiuh"
    dialog.book.close()


def test_first_run_without_a_name_creates_nothing(qtbot, tmp_path: Path, monkeypatch) -> None:
    from coopdesk.ui import first_run

    shown: list[BaseException] = []
    monkeypatch.setattr(first_run, "show_error", lambda _parent, exc: shown.append(exc))
    target = tmp_path / "kosong.coopdesk"
    dialog = first_run.NewCooperativeDialog(resolve_location(target))
    qtbot.addWidget(dialog)
    dialog.create_book()
    assert dialog.book is None and shown
    assert not target.exists()


def test_a_failed_creation_leaves_no_half_made_book(qtbot, tmp_path: Path, monkeypatch) -> None:
    from coopdesk.ui import first_run

    monkeypatch.setattr(first_run, "show_error", lambda _parent, exc: None)
    target = tmp_path / "gagal.coopdesk"
    dialog = first_run.NewCooperativeDialog(resolve_location(target))
    qtbot.addWidget(dialog)
    dialog.name.setText("Koperasi")
    dialog.logo.setText(str(tmp_path / "no-such-logo.png"))
    dialog.create_book()
    assert dialog.book is None
    assert not target.exists()


def test_first_run_opens_the_demo_cooperative(qtbot, tmp_path: Path) -> None:
    from coopdesk.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(resolve_location(tmp_path / "demo.coopdesk"))
    qtbot.addWidget(dialog)
    dialog.open_demo()
    qtbot.waitUntil(lambda: dialog.book is not None, timeout=60_000)
    with dialog.book.read() as s:
        from coopdesk.ledger.journal_query import count_postings

        assert count_postings(s) > 1000
    dialog.book.close()


def test_a_file_that_is_not_a_book_is_explained_and_left_alone(controller, tmp_path: Path,
                                                                monkeypatch) -> None:
    target = tmp_path / "catatan.coopdesk"
    target.write_bytes(b"not a database at all")
    asked: list[str] = []

    def refuse(exc, _parent):  # type: ignore[no-untyped-def]
        asked.append(str(exc))

    monkeypatch.setattr(controller, "explain_unopenable", refuse)
    assert controller.open_interactively(resolve_location(target)) is None
    assert "not a coopdesk book" in asked[0]
    assert target.read_bytes() == b"not a database at all"


def test_switching_language_rebuilds_the_window_in_indonesian(controller, book: Book,
                                                              qtbot) -> None:
    from tests.ui.conftest import settle

    before = language()
    try:
        controller.show_book(book, "jurnal", restore=False)
        qtbot.addWidget(controller.window)
        settle(controller.window)
        controller.switch_language("id")
        window = controller.window
        qtbot.addWidget(window)
        settle(window)
        assert window.page_key() == "jurnal"
        assert window.navigation.item(0).text() == "Beranda"
        assert window.pages["jurnal"].new_button.text() == "Jurnal baru…"
        from coopdesk.ui import prefs

        assert prefs.saved_language(controller.settings) == "id"
    finally:
        controller.settings.remove("ui/language")
        set_language(before)
        controller.book = None


def test_start_opens_the_book_and_remembers_the_page(controller, book_url: str, qtbot,
                                                     backend: str) -> None:
    assert controller.start(book_url, "laporan")
    window = controller.window
    qtbot.addWidget(window)
    assert window.page_key() == "laporan"
    window.close()  # saves the page and the geometry
    assert controller.settings.value("window/page") == "laporan"
    controller.book.close()


def test_start_without_a_book_offers_the_first_run_dialog(controller, tmp_path: Path,
                                                          monkeypatch) -> None:
    from coopdesk.ui import first_run

    offered: list[Path] = []

    def fake_exec(self):  # type: ignore[no-untyped-def]
        offered.append(self.location.path)
        return 0  # the person closed it

    monkeypatch.setattr(first_run.FirstRunDialog, "exec", fake_exec)
    target = tmp_path / "belum-ada.coopdesk"
    assert controller.start(str(target), None) is False
    assert offered == [target.resolve()]
    assert not target.exists()
