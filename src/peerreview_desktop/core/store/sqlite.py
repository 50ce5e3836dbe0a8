"""Everything that only SQLite understands: connection pragmas, the FTS5 index over notes, the online backup API,
integrity checks. Nothing outside core/store may use SQLite-specific SQL, so that a shared PostgreSQL store can
replace this module later."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

SYNCHRONOUS = "FULL"  # a power cut must not lose an acknowledged note
BUSY_TIMEOUT_MS = 10_000


def install_pragmas(engine: Engine) -> None:
    """Foreign keys on, WAL, FULL sync; explicit BEGIN (DEFERRED, or IMMEDIATE for writers)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (SQLAlchemy's pysqlite recipe)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # noqa: ANN001
        kind = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {kind}".strip())


def probe(path: Path) -> str | None:
    """Read the schema revision of an existing store without changing a byte. None: an empty, new store.
    Raises sqlite3.DatabaseError when the file is not a SQLite database."""
    uri = f"file:{path}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # raises on a file that is not a database
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in names:
            if names:
                raise sqlite3.DatabaseError("no alembic_version table in a non-empty database")
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


FTS_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_fts USING fts5("
    "note_id UNINDEXED, review_id UNINDEXED, text, place, subject, year_group, author, "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS note_fts_ai AFTER INSERT ON note BEGIN "
    "INSERT INTO note_fts(note_id, review_id, text, place, subject, year_group, author) "
    "VALUES (new.id, new.review_id, new.text, new.place, new.subject, new.year_group, new.author); END",
    "CREATE TRIGGER IF NOT EXISTS note_fts_ad AFTER DELETE ON note BEGIN "
    "DELETE FROM note_fts WHERE note_id = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS note_fts_au AFTER UPDATE OF text, place, subject, year_group, author ON note BEGIN "
    "UPDATE note_fts SET text = new.text, place = new.place, subject = new.subject, "
    "year_group = new.year_group, author = new.author WHERE note_id = new.id; END",
]


def has_fts(conn) -> bool:  # noqa: ANN001
    return conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name='note_fts_ai'").fetchone() is not None


def ensure_fts(conn) -> None:  # noqa: ANN001
    """Create the note index if missing and fill it from the notes (a derived index, never migrated)."""
    have = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name='note_fts'").fetchone()
    for ddl in FTS_DDL:
        conn.exec_driver_sql(ddl)
    if not have:
        conn.exec_driver_sql(
            "INSERT INTO note_fts(note_id, review_id, text, place, subject, year_group, author) "
            "SELECT id, review_id, text, place, subject, year_group, author FROM note"
        )


def fts_query(user_text: str) -> str:
    """Turn what a person types into a safe FTS5 query: each word a quoted prefix term, all required."""
    words = [w for w in "".join(c if c.isalnum() or c in "'-" else " " for c in user_text).split() if w.strip("'-")]
    return " ".join('"' + w.replace('"', "") + '"*' for w in words)


def search(conn, query: str, review_id: str | None, limit: int, include_confidential: bool = True):  # noqa: ANN001
    """Ranked hits: (note_id, review_id, snippet)."""
    q = fts_query(query)
    if not q:
        return []
    sql = (
        "SELECT f.note_id, f.review_id, snippet(note_fts, 2, '[', ']', '…', 12) "
        "FROM note_fts f JOIN note n ON n.id = f.note_id WHERE note_fts MATCH ?"
    )
    args: list = [q]
    if review_id:
        sql += " AND f.review_id = ?"
        args.append(review_id)
    if not include_confidential:
        sql += " AND n.confidential = 0"
    sql += " ORDER BY rank LIMIT ?"
    args.append(limit)
    return conn.exec_driver_sql(sql, tuple(args)).fetchall()


def integrity_problems(conn) -> list[str]:  # noqa: ANN001
    problems = []
    rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
    if [r[0] for r in rows] != ["ok"]:
        problems += [f"integrity: {r[0]}" for r in rows[:20]]
    for r in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()[:20]:
        problems.append(f"foreign key: table {r[0]} row {r[1]} refers to a missing {r[2]}")
    fts = conn.exec_driver_sql("SELECT count(*) FROM note_fts").fetchone()[0]
    notes = conn.exec_driver_sql("SELECT count(*) FROM note").fetchone()[0]
    if fts != notes:
        problems.append(f"search index: {fts} entries for {notes} notes")
    return problems


def quick_check(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        return [] if [r[0] for r in rows] == ["ok"] else [r[0] for r in rows[:20]]
    finally:
        conn.close()


DAMAGED = {"SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CORRUPT_INDEX", "SQLITE_CORRUPT_SEQUENCE", "SQLITE_CORRUPT_VTAB"}


def is_damage(exc: BaseException) -> bool:
    """True when SQLite says the file itself is damaged or not a database (as opposed to locked, read-only, full)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name in DAMAGED or (not name and isinstance(exc, sqlite3.DatabaseError)
                               and ("malformed" in str(exc) or "not a database" in str(exc)))


def change_marker(path: Path) -> tuple:
    """Something that changes whenever a user changes the store (each change adds an audit entry or touches a
    note), read without writing: periodic backups are skipped while nothing was edited."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"audit_entry", "note"} <= names:
            return ()
        return (conn.execute("SELECT max(seq) FROM audit_entry").fetchone()[0],
                *conn.execute("SELECT count(*), max(updated_at) FROM note").fetchone())
    finally:
        conn.close()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup_to(src: Path, dest: Path) -> None:
    """A consistent copy of a live store through SQLite's online backup API (safe while others write). Written to a
    temporary name, synced, then renamed: a crash or a full disk never leaves a half backup under a real name."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        s = sqlite3.connect(f"file:{src}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            d = sqlite3.connect(tmp)
            try:
                s.backup(d)
                d.execute("PRAGMA journal_mode=DELETE")
            finally:
                d.close()
        finally:
            s.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        tmp.replace(dest)
        _fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        for extra in ("-journal", "-wal", "-shm"):
            tmp.with_name(tmp.name + extra).unlink(missing_ok=True)
        raise


def restore_from(backup: Path, dest: Path) -> None:
    """Replace the store at `dest` with the contents of `backup`, through the backup API: one write transaction on
    the live file (all of it or none of it; the WAL and other open connections stay coherent)."""
    s = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    d = sqlite3.connect(dest, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        s.backup(d)
    finally:
        d.close()
        s.close()


def copy_into_new(backup: Path, dest: Path) -> None:
    """Put a copy of `backup` at `dest`, where no store is (after a damaged one was set aside): written beside it,
    then renamed into place, in WAL mode like every store."""
    backup_to(backup, dest)
    conn = sqlite3.connect(dest)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()


def is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
