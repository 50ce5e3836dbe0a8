"""The store: one SQLite file (`peerreview.db`) in the data folder, opened through SQLAlchemy/SQLModel.

Opening checks the file before touching it: a file that is not a store, or one written by a newer version of the
app, is refused without a byte changed. An older schema is backed up, then migrated (Alembic, one transaction).
When the store is already at the newest schema, Alembic is not even imported (start-up speed).

Services get a session per user action: `with store.write() as s:` is one IMMEDIATE transaction (commit on
success, rollback on any error); `with store.read() as s:` reads a consistent snapshot."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlmodel import Session

from ..errors import PeerReviewError, StoreError
from ..paths import DB_NAME
from . import sqlite as lite
from .schema import KNOWN_REVISIONS, SCHEMA_HEAD


@dataclass
class Actor:
    name: str = "Local reviewer"
    role: str = "reviewer"


def _free_bytes(where: Path) -> int:
    for folder in (Path(where), *Path(where).parents):
        try:
            return shutil.disk_usage(folder).free
        except OSError:
            continue
    return 1 << 62


def _os_error_sentence(exc: BaseException, where: Path) -> str:
    text_ = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "disk is full" in text_ or "database or disk is full" in text_:
        return f"The disk holding {where} is full; nothing was saved. Free some space and try again."
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text_ or "read-only" in text_ or "unable to open" in text_:
        return f"The data folder {where} cannot be written (read-only or no permission); nothing was saved."
    if "malformed" in text_ or "not a database" in text_:
        return (f"The store in {where} is damaged; restore a backup (`peerreview backups list` shows them, "
                "`peerreview restore FILE` puts one back).")
    if code in (errno.EIO, errno.EFBIG) or "disk i/o error" in text_:
        if _free_bytes(where) < 1 << 20:
            return f"The disk holding {where} is full; nothing was saved. Free some space and try again."
        return f"The disk holding {where} could not be written (it may be full or failing); nothing was saved."
    return f"The store at {where} could not be used: {exc}."


os_error_sentence = _os_error_sentence  # for core services that touch store files directly (backups)


class Store:
    def __init__(self, data_dir: Path, engine, actor: Actor):  # noqa: ANN001
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self.engine = engine
        self._write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")
        self.actor = actor

    # -- opening -------------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path | str, *, create: bool = True) -> Store:
        data_dir = Path(data_dir)
        path = data_dir / DB_NAME
        try:
            if not path.exists():
                if not create:
                    raise StoreError(f"There is no store in {data_dir}.")
                fresh = not data_dir.exists()
                data_dir.mkdir(parents=True, exist_ok=True)
                if fresh and os.name == "posix":
                    os.chmod(data_dir, 0o700)  # confidential notes: a new data folder is private to its user
                revision = None
            else:
                revision = cls._probe(path)
            if revision is not None and revision not in KNOWN_REVISIONS:
                raise StoreError(
                    f"The store in {data_dir} was written by a newer version of Peer Review Desktop "
                    f"(schema {revision}); install the newer version to open it. Nothing was changed."
                )
            engine = create_engine(
                f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": lite.BUSY_TIMEOUT_MS / 1000}
            )
            lite.install_pragmas(engine)
            store = cls(data_dir, engine, Actor())
            if revision != SCHEMA_HEAD:
                store._migrate(revision)
            store._after_open()
            return store
        except PeerReviewError:
            raise
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(_os_error_sentence(exc, data_dir)) from exc
        except Exception as exc:  # SQLAlchemy wraps sqlite3 errors
            orig = getattr(exc, "orig", None)
            if isinstance(orig, sqlite3.Error | OSError):
                raise StoreError(_os_error_sentence(orig, data_dir)) from exc
            raise

    @staticmethod
    def _probe(path: Path) -> str | None:
        if path.stat().st_size and not lite.is_sqlite_file(path):
            raise StoreError(f"{path} is not a Peer Review Desktop store (the file is damaged or of another kind).")
        try:
            return lite.probe(path)
        except sqlite3.DatabaseError as exc:
            # locked, read-only folder, no permission, I/O error: said as such by the caller, never "damaged"
            if lite.is_damage(exc) or "no alembic_version" in str(exc):
                raise StoreError(
                    f"{path} is not a Peer Review Desktop store (the file is damaged or of another kind).") from exc
            raise

    def _migrate(self, revision: str | None) -> None:
        if revision is not None:
            self.backup(reason=f"before-migration-{revision}")
        from .migrate import upgrade

        upgrade(self.engine)

    def _after_open(self) -> None:
        """Derived state (search index, built-in frameworks) is checked with one plain read and written only when
        missing, so opening an up-to-date store costs no write, no fsync and no ORM set-up (fast CLI start)."""
        with self.engine.connect() as conn:
            ready = lite.has_fts(conn) and conn.execute(
                text("SELECT value FROM setting WHERE key = 'builtin_frameworks_seeded'")).scalar() == builtin_stamp()
            conn.rollback()
        if not ready:
            from .. import framework_library

            with self.write() as s:
                lite.ensure_fts(s.connection())
                framework_library.seed_builtin(s)
        self.refresh_actor()

    def refresh_actor(self) -> None:
        """Who is acting, for the audit trail: the host while host mode is on, else the profile's reviewer."""
        with self.engine.connect() as conn:
            host = conn.execute(text("SELECT value FROM setting WHERE key = 'host_mode'")).scalar()
            prof = conn.execute(text("SELECT name, role FROM profile LIMIT 1")).fetchone()
            conn.rollback()
        if host:
            self.actor = Actor(name=host, role="host")
        elif prof:
            self.actor = Actor(name=prof[0], role=prof[1])
        else:
            self.actor = Actor()

    # -- sessions ------------------------------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action = one IMMEDIATE transaction: all of it lands, or none of it."""
        session = Session(self._write_engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except BaseException as exc:
            session.rollback()
            orig = getattr(exc, "orig", None)
            if isinstance(orig, sqlite3.OperationalError) and (
                "readonly" in str(orig) or "disk" in str(orig) or "unable to open" in str(orig)
            ):
                raise StoreError(_os_error_sentence(orig, self.data_dir)) from exc
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    # -- SQLite-only services ------------------------------------------------------------------------------------
    def search_rows(self, session: Session, query: str, review_id: str | None, limit: int, include_confidential: bool):
        return lite.search(session.connection(), query, review_id, limit, include_confidential)

    def integrity_problems(self) -> list[str]:
        with self.read() as s:
            return lite.integrity_problems(s.connection())

    def schema_revision(self) -> str | None:
        with self.read() as s:
            row = s.connection().execute(text("SELECT version_num FROM alembic_version")).fetchone()
            return row[0] if row else None

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    def backup(self, dest: Path | None = None, reason: str = "manual") -> Path:
        """A consistent online copy of the store (attachments are content-addressed and never rewritten, so the
        database file is all that a backup needs to hold)."""
        if dest is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            dest = self.backups_dir / f"peerreview-{stamp}-{reason}.db"
        try:
            lite.backup_to(self.path, Path(dest))
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(_os_error_sentence(exc, Path(dest).parent)) from exc
        return Path(dest)

    def adopt_restored(self) -> None:
        """After a backup was copied into the open store: bring an older schema up to date (the store as it was
        before the restore is already backed up) and refresh derived state."""
        revision = self._probe(self.path)
        if revision != SCHEMA_HEAD:
            from .migrate import upgrade

            upgrade(self.engine)
        self.engine.dispose()  # pooled connections forget any cached schema
        self._after_open()

    def close(self) -> None:
        self.engine.dispose()


def builtin_stamp() -> str:
    """Changes when the app version or the set of shipped framework files changes (then they are re-seeded)."""
    from ... import __version__
    from ..paths import resource

    files = sorted(resource("frameworks").glob("*.json"))
    return __version__ + ";" + ";".join(f"{p.name}:{p.stat().st_size}" for p in files)


def open_store(data_dir: Path | str) -> Store:
    return Store.open(data_dir)
