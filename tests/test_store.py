"""The store: refuses what it must not touch, migrates what it may, keeps the search index in step."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys

import pytest

from peerreview_desktop.core.errors import StoreError
from peerreview_desktop.core.store import Store
from peerreview_desktop.core.store.schema import KNOWN_REVISIONS, SCHEMA_HEAD


def sha(path) -> str:  # noqa: ANN001
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_wal_with_foreign_keys(store):
    with store.read() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_random_bytes_are_refused_and_left_untouched(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    db = d / "peerreview.db"
    db.write_bytes(bytes(range(256)) * 16)
    before = sha(db)
    with pytest.raises(StoreError, match="not a Peer Review Desktop store"):
        Store.open(d)
    assert sha(db) == before


def test_a_store_from_a_newer_schema_is_refused_unchanged(data_dir):
    db = data_dir / "peerreview.db"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    con.commit()
    con.close()
    for extra in ("-wal", "-shm"):
        (data_dir / f"peerreview.db{extra}").unlink(missing_ok=True)
    before = sha(db)
    with pytest.raises(StoreError, match="newer version"):
        Store.open(data_dir)
    assert sha(db) == before


def test_known_revisions_agree_with_alembic():
    from alembic.script import ScriptDirectory

    from peerreview_desktop.core.store.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == SCHEMA_HEAD
    assert sorted(r.revision for r in script.walk_revisions()) == sorted(KNOWN_REVISIONS)


def test_upgrade_from_empty_matches_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from peerreview_desktop.core.store.schema import include_name

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_name": include_name}),
                                SQLModel.metadata)
    assert diff == []


@pytest.mark.parametrize("revision", KNOWN_REVISIONS)
def test_a_store_from_every_released_schema_opens_with_nothing_lost(tmp_path, revision):
    """tests/fixtures/stores/<revision>.db is a real store with the demo review, made by the release that
    introduced that schema revision; opening it with this version migrates it (after a backup) and keeps
    every note."""
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "stores" / f"{revision}.db"
    d = tmp_path / "old"
    d.mkdir()
    shutil.copy(fixture, d / "peerreview.db")
    con = sqlite3.connect(d / "peerreview.db")
    notes_before = con.execute("SELECT count(*) FROM note").fetchone()[0]
    con.close()
    s = Store.open(d)
    try:
        assert s.schema_revision() == SCHEMA_HEAD
        if revision != SCHEMA_HEAD:
            assert list((d / "backups").glob("*before-migration*"))
        with s.read() as sess:
            assert sess.connection().exec_driver_sql("SELECT count(*) FROM note").scalar() == notes_before
        assert notes_before >= 30
        assert s.integrity_problems() == []
    finally:
        s.close()


def test_search_index_follows_edits_and_deletes(demo_store, demo_id):
    from peerreview_desktop.core import notes, search

    nid = notes.add(demo_store, demo_id, "The quincunx display in the hall").value
    assert [h.note_id for h in search.search(demo_store, "quincunx")] == [nid]
    notes.update(demo_store, nid, text="A tessellation display in the hall")
    assert search.search(demo_store, "quincunx") == []
    assert [h.note_id for h in search.search(demo_store, "tessellation")] == [nid]
    notes.delete(demo_store, nid)
    assert search.search(demo_store, "tessellation") == []
    assert demo_store.integrity_problems() == []


def test_search_survives_punctuation_and_fts_syntax(demo_store):
    from peerreview_desktop.core import search

    for q in ['"', "AND OR NOT", "NEAR(", "*", "a:b", "(((", "ŵ"]:
        search.search(demo_store, q)  # never raises


def test_reviews_list_does_not_import_qt(data_dir):
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "peerreview_desktop", "--data-dir",
                          str(data_dir), "reviews", "list"], capture_output=True, text=True, check=True)
    assert "peerreview_desktop" in out.stderr
    for heavy in ("PySide6", "alembic", "reportlab", "cryptography"):
        assert f" {heavy}" not in out.stderr, heavy
