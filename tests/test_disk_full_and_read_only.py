"""A full disk or a read-only data folder: one clear sentence, exit 1, and not a byte of the store changed.

A full disk is real where the machine allows it (a tiny tmpfs, mounted when the tests run as root); everywhere
else the same failure is caused for real in a child process with a file-size limit (RLIMIT_FSIZE), the OS error
SQLite sees when a file cannot grow."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from clirun import cli
from peerreview_desktop.core import notes
from peerreview_desktop.core.errors import StoreError

DEMO = "d3e0c0de-0000-4000-8000-00000000d3e0"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def note_count(db: Path) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM note").fetchone()[0]
    finally:
        con.close()


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


@pytest.fixture
def tiny_disk(tmp_path):
    mnt = tmp_path / "tiny"
    if not _mount_tmpfs(mnt, "2m"):
        pytest.skip("cannot mount a small filesystem here (needs root); the file-size-limit test covers this")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def test_on_a_full_disk_adding_a_note_says_so_and_changes_nothing(capsys, demo_store, tiny_disk):
    demo_store.close()
    data = tiny_disk / "data"
    shutil.copytree(demo_store.data_dir, data)
    before = note_count(data / "peerreview.db")
    filler = fill(tiny_disk)

    r = cli(capsys, data, "notes", "add", DEMO, "--text", "Pupils in Year 5 explained their reasoning. " * 200)

    assert r.code == 1 and "disk" in r.err and "full" in r.err and "nothing was saved" in r.err
    assert "Traceback" not in r.err and r.err.strip().count("\n") == 0
    filler.unlink()
    assert note_count(data / "peerreview.db") == before
    assert cli(capsys, data, "check").code == 0


def test_an_open_store_on_a_disk_that_fills_up_refuses_the_edit_whole_and_keeps_working(demo_store, tiny_disk):
    from peerreview_desktop.core.store import Store

    demo_store.close()
    data = tiny_disk / "data"
    shutil.copytree(demo_store.data_dir, data)
    store = Store.open(data)
    try:
        before = len(notes.list_notes(store, DEMO))
        filler = fill(tiny_disk)
        with pytest.raises(StoreError, match="full"):
            notes.add(store, DEMO, "An observation that does not fit. " * 3000)
        assert len(notes.list_notes(store, DEMO)) == before
        filler.unlink()
        notes.add(store, DEMO, "Saved once there is room again.")
        assert len(notes.list_notes(store, DEMO)) == before + 1
        assert store.integrity_problems() == []
    finally:
        store.close()


def test_a_backup_onto_a_full_disk_leaves_no_half_file(capsys, store, tiny_disk):
    store.close()
    filler = fill(tiny_disk)
    r = cli(capsys, store.data_dir, "backup", "-o", str(tiny_disk / "copy.db"))
    filler.unlink()
    assert r.code == 1 and "full" in r.err and "Traceback" not in r.err
    assert sorted(p.name for p in tiny_disk.iterdir()) == []


WRITER = textwrap.dedent("""
    import resource, signal, sys
    from peerreview_desktop.cli import main
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    sys.exit(main(sys.argv[2:]))
""")


def test_when_the_store_cannot_grow_adding_a_note_fails_whole_with_one_sentence(demo_store):
    """RLIMIT_FSIZE: the write-ahead log cannot grow past 64 KB, so a long note cannot be written."""
    demo_store.close()
    data = demo_store.data_dir
    before = note_count(data / "peerreview.db")
    r = subprocess.run([sys.executable, "-c", WRITER, str(64 * 1024), "--data-dir", str(data), "notes", "add", DEMO,
                        "--text", "Leaders described the new reading curriculum in detail. " * 1800],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, r.stderr
    assert "could not be written" in r.stderr and "nothing was saved" in r.stderr and "Traceback" not in r.stderr
    assert note_count(data / "peerreview.db") == before
    ok = subprocess.run([sys.executable, "-m", "peerreview_desktop", "--data-dir", str(data), "check"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr


@pytest.fixture
def read_only_copy(demo_store, tmp_path):
    """A copy of a demo data folder that this process cannot write: permissions, or (as root, whom permissions do
    not stop) a read-only filesystem."""
    demo_store.close()
    if os.geteuid() != 0:
        ro = tmp_path / "ro"
        shutil.copytree(demo_store.data_dir, ro)
        for p in [ro, *ro.rglob("*")]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        yield ro
        for p in [ro, *ro.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        return
    mnt = tmp_path / "ro"
    if not _mount_tmpfs(mnt, "8m"):
        pytest.skip("running as root and cannot mount a read-only filesystem here")
    shutil.copytree(demo_store.data_dir, mnt, dirs_exist_ok=True)
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_read_only_data_folder_refuses_a_new_note_with_one_sentence_and_changes_nothing(capsys, read_only_copy):
    before = digest(read_only_copy)
    r = cli(capsys, read_only_copy, "notes", "add", DEMO, "--text", "x")
    assert r.code == 1
    assert "cannot be written" in r.err and "read-only" in r.err and "Traceback" not in r.err
    assert r.err.strip().count("\n") == 0
    assert digest(read_only_copy) == before


def test_a_read_only_data_folder_is_never_called_damaged(capsys, read_only_copy):
    r = cli(capsys, read_only_copy, "reviews", "list")
    assert "damaged" not in r.err and "not a Peer Review Desktop store" not in r.err
    assert r.code == 0 or "cannot be written" in r.err


def test_a_backup_into_an_unwritable_folder_fails_cleanly(capsys, store, read_only_copy):
    store.close()
    r = cli(capsys, store.data_dir, "backup", "-o", str(read_only_copy / f"{uuid.uuid4()}.db"))
    assert r.code == 1 and "cannot be written" in r.err and "Traceback" not in r.err
