"""Backups and restore: a copy that comes back equal, checked before it is put back, and never at
the cost of the book it replaces."""

from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from coopdesk import audit, backup, backup_restore
from coopdesk.access import Actor
from coopdesk.book import Book, resolve_location
from coopdesk.cli import login, main
from coopdesk.errors import PermissionDenied
from coopdesk.ledger import journal
from coopdesk.ledger.journal import credit, debit

D = date(2025, 3, 1)


def _post(book: Book, amount: int, on: date = D) -> None:
    book.write(lambda s: journal.post_entry(
        s, date=on, memo=f"setoran {amount}",
        lines=[debit("cash", amount), credit("savings.sukarela", amount)]))


def _state(book: Book) -> tuple[dict[str, int], int, int]:
    """Per-account balances, entry count and audit records: what a restore must bring back."""
    with book.read() as s:
        balances = dict(s.execute(text(
            "SELECT a.code, SUM(p.amount) FROM posting p JOIN account a ON a.id = p.account_id "
            "GROUP BY a.code")).all())
        entries = s.execute(text("SELECT COUNT(*) FROM journal_entry")).scalar_one()
        records = s.execute(text("SELECT COUNT(*) FROM audit_log")).scalar_one()
    return {k: int(v) for k, v in balances.items()}, int(entries), int(records)


def test_a_backup_restores_to_the_same_book_and_keeps_the_one_it_replaced(
        book: Book, tmp_path: Path) -> None:
    for amount in (10_000, 25_000, 40_000):
        _post(book, amount)
    with book.transaction() as s:
        journal.reverse_entry(s, 1)
    result = backup.make_backup(book, tmp_path / "b.coopdesk-backup")
    at_backup = _state(book)
    assert result.manifest.counts["journal_entry"] == 4
    assert result.manifest.kind == ("sqlite" if book.dialect == "sqlite" else "logical")
    _post(book, 99_000)  # after the backup: must be gone after the restore, but kept aside
    restored = backup_restore.restore(book.location, result.path, keep_dir=tmp_path / "kept")
    assert restored.kept is not None
    balances, entries, records = _state(book)
    assert (balances, entries) == at_backup[:2]
    # The copy was taken just before the backup's own record; the restore adds its record.
    assert records == at_backup[2] - 1 + 1
    with book.read() as s:
        last = s.execute(text("SELECT action FROM audit_log ORDER BY id DESC")).scalars().first()
    assert last == "backup.restore"
    with book.read() as s:
        assert audit.verify_chain(s).ok
    # The book keeps working: numbers continue where the backup left off.
    with book.transaction() as s:
        e = journal.post_entry(s, date=D, memo="lagi", lines=[debit("cash", 1),
                                                               credit("savings.sukarela", 1)])
    assert e.number == 5
    kept = Path(restored.kept)
    assert kept.exists()
    if kept.suffix == backup.SUFFIX:
        assert backup.read_manifest(kept).counts["journal_entry"] == 5
    else:
        with Book.open(kept) as old:
            assert _state(old)[1] == 5


def test_any_backup_restores_into_the_other_kind_of_book(book: Book, tmp_path: Path) -> None:
    _post(book, 12_345)
    result = backup.make_backup(book, tmp_path / "x.coopdesk-backup")
    other = tmp_path / "other.coopdesk"
    backup_restore.restore(resolve_location(other), result.path)
    with Book.open(other) as copy:
        assert _state(copy)[:2] == _state(book)[:2]
        with copy.read() as s:
            assert audit.verify_chain(s).ok


def _rewrite(src: Path, dst: Path, *, manifest: dict[str, object] | None = None,
             payload: bytes | None = None) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        m = json.loads(zin.read(backup.MANIFEST))
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == backup.MANIFEST and manifest is not None:
                data = json.dumps({**m, **manifest}).encode()
            elif info.filename == m["payload"] and payload is not None:
                data = payload(data) if callable(payload) else payload
            zout.writestr(info.filename, data)


def _flip_a_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]


@pytest.mark.parametrize(("damage", "message"), [
    ({"payload": _flip_a_byte}, "checksum does not match"),
    ({"payload": b""}, "checksum does not match"),
    ({"manifest": {"schema": ["9999"]}}, "newer version of coopdesk"),
    ({"manifest": {"format_version": 2}}, "newer version of coopdesk"),
    ({"manifest": {"format": "something-else"}}, "not a coopdesk backup"),
    ({"manifest": {"payload": "missing.bin"}}, "not a coopdesk backup"),
])
def test_a_damaged_or_newer_backup_is_refused_and_nothing_changes(
        book: Book, tmp_path: Path, damage: dict[str, object], message: str) -> None:
    _post(book, 7_000)
    good = backup.make_backup(book, tmp_path / "good.coopdesk-backup").path
    bad = tmp_path / "bad.coopdesk-backup"
    _rewrite(good, bad, **damage)  # type: ignore[arg-type]
    _post(book, 8_000)
    before = _state(book)
    with pytest.raises(backup.BackupRefused, match=message):
        backup_restore.restore(book.location, bad, keep_dir=tmp_path / "kept")
    assert _state(book) == before
    assert not (tmp_path / "kept").exists()


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a zip", os.urandom(2048),
                                     b"id,name\n1,Siti\n"])
def test_files_that_are_not_backups_are_refused(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "x.coopdesk-backup"
    f.write_bytes(content)
    with pytest.raises(backup.BackupRefused, match="not a coopdesk backup"):
        backup.verify_backup(f)


def test_a_restore_never_replaces_something_that_is_not_a_book(sqlite_book: Book,
                                                               tmp_path: Path) -> None:
    made = backup.make_backup(sqlite_book, tmp_path / "b.coopdesk-backup").path
    precious = tmp_path / "skripsi.docx"
    precious.write_bytes(b"my thesis" * 100)
    with pytest.raises(backup.BackupRefused, match="not a coopdesk book"):
        backup_restore.restore(resolve_location(precious), made)
    assert precious.read_bytes() == b"my thesis" * 100


def test_a_damaged_book_is_kept_as_it_was_and_replaced(sqlite_book: Book,
                                                       tmp_path: Path) -> None:
    _post(sqlite_book, 5_000)
    made = backup.make_backup(sqlite_book, tmp_path / "b.coopdesk-backup").path
    target = tmp_path / "rusak.coopdesk"
    damaged = bytearray(Path(str(sqlite_book.location.path)).read_bytes())
    damaged[4096:8192] = b"\xff" * 4096  # a page of garbage
    target.write_bytes(bytes(damaged))
    assert backup_restore.probe(resolve_location(target)) == "broken"
    result = backup_restore.restore(resolve_location(target), made)
    assert result.kept is not None and Path(result.kept).read_bytes() == bytes(damaged)
    with Book.open(target) as restored:
        assert _state(restored)[1] == 1


def test_only_some_roles_make_backups_and_only_the_administrator_restores(
        book: Book, staff: dict[str, Actor], tmp_path: Path) -> None:
    for name in ("ketua", "bendahara", "pengawas", "operator"):
        book.actor = staff[name]
        assert backup.make_backup(book, tmp_path / f"{name}.coopdesk-backup").path.exists()
    book.actor = staff["readonly"]
    with pytest.raises(PermissionDenied, match="make backups"):
        backup.make_backup(book, tmp_path / "readonly.coopdesk-backup")
    assert not (tmp_path / "readonly.coopdesk-backup").exists()
    assert not staff["ketua"].can(backup_restore_capability())
    assert staff["admin"].can(backup_restore_capability())


def backup_restore_capability() -> object:
    from coopdesk.access import Capability

    return Capability.RESTORE


def test_automatic_backups_rotate_but_manual_ones_stay(sqlite_book: Book, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    with sqlite_book.transaction() as s:
        backup.BACKUP_FOLDER.put(s, str(folder))
        backup.BACKUP_KEEP.put(s, 3)
    manual = backup.make_backup(sqlite_book, folder / "manual.coopdesk-backup").path
    made = [backup.auto_backup(sqlite_book).path for _ in range(5)]
    left = {p.name for p in folder.iterdir()}
    assert left == {manual.name} | {m.name for m in made[-3:]}
    assert all(backup.verify_backup(p) for p in folder.iterdir())


def test_the_reminder_speaks_up_after_the_set_number_of_days(sqlite_book: Book,
                                                             tmp_path: Path) -> None:
    today = date.today()
    with sqlite_book.read() as s:
        assert backup.reminder(s, today) is None  # a new book
        assert "never been backed up" in (backup.reminder(s, today + timedelta(days=7)) or "")
    backup.make_backup(sqlite_book, tmp_path / "b.coopdesk-backup")
    with sqlite_book.read() as s:
        assert backup.reminder(s, today + timedelta(days=6)) is None
        assert "7 days ago" in (backup.reminder(s, today + timedelta(days=7)) or "")
    with sqlite_book.transaction() as s:
        backup.BACKUP_REMIND_DAYS.put(s, 0)
    with sqlite_book.read() as s:
        assert backup.reminder(s, today + timedelta(days=400)) is None


def test_backup_and_restore_on_the_command_line(book: Book, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(login, "interactive", lambda: False)
    _post(book, 3_000)
    out = io.StringIO()
    file = tmp_path / "cli.coopdesk-backup"
    assert main(["--db", book.location.url, "backup", "--out", str(file)], stdout=out,
                stderr=io.StringIO()) == 0
    assert "Checksum (SHA-256)" in out.getvalue()
    _post(book, 4_000)
    err = io.StringIO()
    assert main(["--db", book.location.url, "restore", str(file)], stdout=io.StringIO(),
                stderr=err) == 1
    assert "--yes" in err.getvalue()
    out = io.StringIO()
    code = main(["--db", book.location.url, "restore", str(file), "--yes"], stdout=out,
                stderr=io.StringIO())
    assert code == 0 and "Restored" in out.getvalue() and "kept in" in out.getvalue()
    assert _state(book)[1] == 1


def test_the_backup_command_without_out_uses_the_chosen_folder(book: Book, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    monkeypatch.setattr(login, "interactive", lambda: False)
    folder = tmp_path / "flashdisk"
    assert main(["--db", book.location.url, "backup-settings", "--folder", str(folder),
                 "--keep", "2"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    out = io.StringIO()
    assert main(["--db", book.location.url, "backup"], stdout=out, stderr=io.StringIO()) == 0
    (made,) = folder.iterdir()
    assert made.name.startswith("koperasi-uji-coba-") and made.name.endswith(backup.SUFFIX)
    out = io.StringIO()
    main(["--db", book.location.url, "backup-settings"], stdout=out, stderr=io.StringIO())
    assert str(folder) in out.getvalue() and "Last backup: never" not in out.getvalue()


def test_backups_made_in_one_second_keep_their_order_through_rotation(tmp_path: Path) -> None:
    from datetime import datetime

    base = tmp_path / backup.backup_name("Koperasi Maju", "close", datetime(2026, 1, 1, 10))
    made = []
    for _ in range(6):
        path = backup._unique(base)
        path.write_bytes(b"x")
        made.append(path)
        backup.rotate(tmp_path, 2, coop="Koperasi Maju")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in made[-2:])
    assert len({p.name for p in made}) == 6  # never the name of one removed before


def test_copies_made_before_upgrades_rotate_apart_from_closing_backups(tmp_path: Path) -> None:
    from datetime import datetime

    coop = "Koperasi Maju"

    def made(reason: str, hour: int) -> str:
        path = tmp_path / backup.backup_name(coop, reason, datetime(2026, 1, 1, hour))
        path.write_bytes(b"x")
        return path.name

    manual = made("manual", 0)
    upgrades = [made(backup.UPGRADE_REASON, h) for h in (1, 2, 3)]
    closes = [made("close", h) for h in range(4, 10)]
    backup.rotate(tmp_path, 2, coop=coop)  # what closing the app does
    assert {p.name for p in tmp_path.iterdir()} == {manual, *upgrades, *closes[-2:]}
    backup.rotate(tmp_path, 2, coop=coop, reasons=(backup.UPGRADE_REASON,))  # an upgrade
    assert {p.name for p in tmp_path.iterdir()} == {manual, *upgrades[-2:], *closes[-2:]}
