"""Backups: consistent online copies, restore (which backs up first), rotation, automatic backups and the
start-up check that offers the newest intact backup when the store is damaged."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from clirun import cli
from peerreview_desktop.core import backups, notes
from peerreview_desktop.core.backups import BackupInfo
from peerreview_desktop.core.errors import InvalidInput, StoreError
from peerreview_desktop.core.startup import startup_check
from peerreview_desktop.core.store import Store


def note_count(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM note").fetchone()[0]
    finally:
        con.close()


def damage(db: Path) -> None:
    """Overwrite the middle half of the file's pages with garbage, as a failing disk might."""
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)
    size = db.stat().st_size
    with open(db, "r+b") as f:
        f.seek(4096 * 2)
        f.write(b"\xa5" * (size // 2))


def test_backup_then_restore_through_the_cli_rolls_back_later_notes(capsys, demo_store, demo_id, tmp_path):
    data = demo_store.data_dir
    demo_store.close()
    before = note_count(data / "peerreview.db")
    r = cli(capsys, data, "backup", "-o", str(tmp_path / "b1.db"))
    assert r.code == 0 and (tmp_path / "b1.db").stat().st_size > 0
    assert cli(capsys, data, "notes", "add", demo_id, "--text", "written after the backup").code == 0
    assert note_count(data / "peerreview.db") == before + 1

    r = cli(capsys, data, "restore", str(tmp_path / "b1.db"))

    assert r.code == 0, r.err
    assert note_count(data / "peerreview.db") == before
    assert cli(capsys, data, "check").code == 0
    kept = [b for b in backups.list_backups(data) if b.reason == "before-restore"]
    assert len(kept) == 1 and note_count(kept[0].path) == before + 1  # the store as it was, note included


def test_restore_backs_up_the_open_store_first_and_the_store_stays_usable(demo_store, demo_id, tmp_path):
    first = backups.take(demo_store, tmp_path / "first.db")
    added = notes.add(demo_store, demo_id, "a note only the safety copy keeps").value

    result = backups.restore(demo_store, first.path)

    assert result.kept_as is not None and "before-restore" in result.kept_as.name
    with sqlite3.connect(result.kept_as) as con:
        assert con.execute("SELECT count(*) FROM note WHERE id = ?", (added,)).fetchone()[0] == 1
    assert added not in {n.id for n in notes.list_notes(demo_store, demo_id)}
    again = notes.add(demo_store, demo_id, "the restored store takes new notes").value  # same open Store object
    assert again in {n.id for n in notes.list_notes(demo_store, demo_id)}
    assert demo_store.integrity_problems() == []


def test_a_backup_taken_during_an_open_write_transaction_holds_only_committed_notes(demo_store, demo_id, tmp_path):
    before = note_count(demo_store.path)
    writer = sqlite3.connect(demo_store.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM note")  # not committed while the backup runs
    try:
        info = backups.take(demo_store, tmp_path / "during.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert note_count(info.path) == before
    with sqlite3.connect(info.path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backups_list_json_names_each_backup_newest_first(capsys, store):
    backups.take(store)
    backups.backup_before(store, "import")
    store.close()
    r = cli(capsys, store.data_dir, "backups", "list", "--json")
    assert r.code == 0
    rows = r.json()
    assert [x["reason"] for x in rows] == ["before-import", "manual"]
    assert set(rows[0]) >= {"path", "name", "created_at", "reason", "automatic", "size"}
    assert rows[0]["automatic"] is True and rows[1]["automatic"] is False


def test_restore_accepts_a_backup_by_its_name_in_the_backups_folder(capsys, demo_store, demo_id):
    info = backups.take(demo_store)
    notes.add(demo_store, demo_id, "to be rolled back")
    before = note_count(info.path)
    demo_store.close()
    r = cli(capsys, demo_store.data_dir, "restore", info.path.name)
    assert r.code == 0, r.err
    assert note_count(demo_store.path) == before


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(capsys, store, tmp_path):
    junk = tmp_path / "holiday.db"
    junk.write_bytes(b"not a database at all" * 100)
    store.close()
    digest = hashlib.sha256(store.path.read_bytes()).hexdigest()
    r = cli(capsys, store.data_dir, "restore", str(junk))
    assert r.code == 1 and "not a Peer Review Desktop backup" in r.err and "Traceback" not in r.err
    assert r.err.strip().count("\n") == 0
    assert hashlib.sha256(store.path.read_bytes()).hexdigest() == digest
    assert backups.list_backups(store.data_dir) == []


def test_restore_refuses_a_backup_from_a_newer_version(store, tmp_path):
    newer = backups.take(store, tmp_path / "newer.db").path
    with sqlite3.connect(newer) as con:
        con.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    with pytest.raises(StoreError, match="newer version"):
        backups.restore(store, newer)


def test_a_backup_cannot_be_written_over_the_store_itself(store):
    with pytest.raises(InvalidInput, match="over the store itself"):
        backups.take(store, store.path)


def _fake(folder: Path, when: datetime, reason: str) -> BackupInfo:
    p = folder / f"peerreview-{when:%Y%m%d-%H%M%S-%f}-{reason}.db"
    p.write_bytes(b"x")
    return BackupInfo(p, when, reason, 1)


def test_rotation_keeps_hourly_for_a_day_daily_for_a_month_and_every_manual_backup(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    now = datetime(2026, 11, 20, 15, 0, 0)
    made = [_fake(folder, now - timedelta(minutes=10 * i), "periodic") for i in range(1, 24 * 6)]  # every 10 min
    made += [_fake(folder, now - timedelta(days=d, hours=h), "daily") for d in range(2, 60) for h in (1, 5)]
    manual = _fake(folder, now - timedelta(days=400), "manual")

    removed = backups.rotate(tmp_path, now=now)

    left = backups.list_backups(tmp_path)
    assert manual.path.exists() and manual.path not in removed
    recent = [b for b in left[backups.KEEP_NEWEST:] if now - b.created <= timedelta(days=1)]  # beyond the 5 newest
    assert len({b.created.strftime("%Y%m%d%H") for b in recent}) == len(recent)  # at most one per hour
    assert len(recent) >= 22
    older = [b for b in left if timedelta(days=1) < now - b.created <= timedelta(days=31)]
    assert len({b.created.date() for b in older}) == len(older) and len(older) >= 29
    assert not [b for b in left if b.automatic and now - b.created > timedelta(days=31)]
    assert len(made) + 1 == len(left) + len(removed)


def test_rotation_always_keeps_the_five_newest_and_three_pre_upgrade_copies(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    now = datetime(2026, 11, 20, 15, 0, 0)
    old = [_fake(folder, now - timedelta(days=100 + i), "before-import") for i in range(8)]
    mig = [_fake(folder, now - timedelta(days=200 + i), f"before-migration-000{i}") for i in range(5)]
    backups.rotate(tmp_path, now=now)
    assert [b.path.exists() for b in old] == [True] * 5 + [False] * 3
    assert [b.path.exists() for b in mig] == [True] * 3 + [False] * 2


def test_start_up_backup_is_taken_once_a_day(store):
    first = backups.startup_backup(store)
    assert first is not None and first.reason == "daily"
    assert backups.startup_backup(store) is None
    tomorrow = datetime.now() + timedelta(days=1)
    assert backups.startup_backup(store, now=tomorrow) is not None


def test_periodic_backup_only_after_the_interval_and_only_when_something_was_edited(demo_store, demo_id):
    first = backups.maybe_periodic_backup(demo_store)
    assert first is not None and first.reason == "periodic"
    assert backups.maybe_periodic_backup(demo_store) is None  # too soon
    later = datetime.now() + timedelta(minutes=backups.PERIODIC_MINUTES + 1)
    assert backups.maybe_periodic_backup(demo_store, now=later) is None  # nothing edited since
    notes.add(demo_store, demo_id, "an edit during the visit")
    second = backups.maybe_periodic_backup(demo_store, now=later)
    assert second is not None and note_count(second.path) == note_count(first.path) + 1


def test_startup_check_finds_a_healthy_store_and_an_empty_folder(store, tmp_path):
    store.close()
    assert startup_check(store.data_dir).state == "ok"
    assert startup_check(tmp_path / "nothing-yet").state == "new"


def test_startup_check_offers_the_newest_intact_backup_and_recovery_sets_the_damaged_store_aside(demo_store, demo_id):
    good = backups.take(demo_store, reason="daily")
    newer_but_damaged = backups.take(demo_store, reason="periodic")
    demo_store.close()
    damage(newer_but_damaged.path)
    damage(demo_store.path)
    damaged_digest = hashlib.sha256(demo_store.path.read_bytes()).hexdigest()

    report = startup_check(demo_store.data_dir)

    assert report.state == "damaged" and not report.ok
    assert report.backup is not None and report.backup.path == good.path
    assert "damaged" in report.message and "backup" in report.message
    assert hashlib.sha256(demo_store.path.read_bytes()).hexdigest() == damaged_digest  # the check changed nothing

    result = backups.recover(demo_store.data_dir, report.backup.path)

    assert result.kept_as is not None
    assert hashlib.sha256(result.kept_as.read_bytes()).hexdigest() == damaged_digest  # set aside, not overwritten
    reopened = Store.open(demo_store.data_dir)
    try:
        assert reopened.integrity_problems() == []
        assert len(notes.list_notes(reopened, demo_id)) == note_count(good.path)
    finally:
        reopened.close()


def test_a_damaged_store_is_refused_with_one_sentence_and_restore_recovers_it(capsys, demo_store):
    info = backups.take(demo_store)
    demo_store.close()
    damage(demo_store.path)
    r = cli(capsys, demo_store.data_dir, "check")
    assert r.code == 1 and "damaged" in r.err and "Traceback" not in r.err
    r = cli(capsys, demo_store.data_dir, "restore", str(info.path))
    assert r.code == 0, r.err
    assert cli(capsys, demo_store.data_dir, "check").code == 0


def test_the_scan_after_start_takes_the_daily_backup_of_an_intact_store(store):
    from peerreview_desktop.core.startup import scan_after_start

    assert startup_check(store.data_dir, scan=False).state == "ok"
    report = scan_after_start(store)
    assert report.state == "ok"
    assert [b.reason for b in backups.list_backups(store.data_dir)] == ["daily"]


def test_the_scan_after_start_reports_damage_and_backs_nothing_up(demo_store):
    from peerreview_desktop.core.startup import scan_after_start

    good = backups.take(demo_store, reason="periodic")
    size = demo_store.path.stat().st_size
    with open(demo_store.path, "r+b") as f:  # the disk fails under the running app
        f.seek(4096 * 3)
        f.write(b"\x5a" * (size // 2))
    report = scan_after_start(demo_store)
    assert report.state == "damaged" and report.backup is not None and report.backup.path == good.path
    assert [b.reason for b in backups.list_backups(demo_store.data_dir)] == ["periodic"]
