"""Backups of the store: taken by hand (`peerreview backup`), once a day at start-up, every few minutes while
edits happen, and before imports, migrations and restores; listed, rotated and restored.

Every backup is a consistent online copy of the database file made through SQLite's backup API (core/store), so it
can be taken while the app is writing. Attachments are not copied: they are stored once each under their SHA-256
(`attachments/ab/abcd…`), written once and never changed or deleted, so every backup's references stay valid and a
backup costs only the size of the database. Backups live in `<data folder>/backups/` as
`peerreview-YYYYMMDD-HHMMSS-micro-<reason>.db` (local time).

Rotation applies to automatic backups only: the five newest are always kept, then the newest of each hour for a day
and the newest of each day for a month. Backups made by hand and damaged stores set aside are never removed; the
three newest pre-upgrade copies are kept (the only copies of an older schema)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from .changes import Changes
from .errors import InvalidInput, NotFound, StoreError
from .paths import DB_NAME
from .store import Store
from .store import os_error_sentence as _os_error_sentence
from .store import sqlite as lite
from .store.schema import KNOWN_REVISIONS

BACKUPS = "backups"
PERIODIC_MINUTES = 10
KEEP_NEWEST = 5
HOURLY_FOR = timedelta(days=1)
DAILY_FOR = timedelta(days=31)
KEEP_MIGRATION = 3
NEVER_ROTATED = ("manual", "damaged")
_NAME = re.compile(r"^peerreview-(\d{8}-\d{6}(?:-\d{6})?)-([a-z0-9-]+)\.db$")
REASON_LABELS = {
    "manual": "made by hand", "daily": "daily", "periodic": "while editing", "before-import": "before an import",
    "before-restore": "before a restore", "damaged": "a damaged store set aside",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int

    @property
    def automatic(self) -> bool:
        return self.reason not in NEVER_ROTATED

    @property
    def reason_label(self) -> str:
        if self.reason.startswith("before-migration"):
            return "before an upgrade"
        return REASON_LABELS.get(self.reason, self.reason.replace("-", " "))

    @property
    def when(self) -> str:
        """For people: '20 November 2026 at 14:05'."""
        return f"{self.created.day} {self.created:%B %Y} at {self.created:%H:%M}"

    def as_json(self) -> dict:
        return {"path": str(self.path), "name": self.path.name, "created_at": self.created.isoformat(timespec="seconds"),
                "reason": self.reason, "automatic": self.automatic, "size": self.size}


@dataclass
class RestoreResult:
    restored_from: Path
    kept_as: Path | None  # the store as it was before (a backup, or the damaged files set aside)
    changes: Changes = field(default_factory=lambda: Changes(review=True, notes=True, judgements=True, findings=True,
                                                             comments=True, frameworks=True, keys=True, reviews=True))


# -- listing and rotation ----------------------------------------------------------------------------------------
def backups_dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / BACKUPS


def _info(path: Path) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if not m or not path.is_file():
        return None
    stamp = m.group(1)
    created = datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f" if stamp.count("-") == 2 else "%Y%m%d-%H%M%S")
    return BackupInfo(path, created, m.group(2), path.stat().st_size)


def list_backups(data_dir: Path | str) -> list[BackupInfo]:
    """Backups in the data folder's backups/, newest first."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    found = [i for i in (_info(p) for p in folder.glob("peerreview-*.db")) if i is not None]
    return sorted(found, key=lambda i: (i.created, i.path.name), reverse=True)


def to_keep(backups: list[BackupInfo], now: datetime) -> set[Path]:
    """The rotation policy (see the module's docstring) as a pure function: which backups stay."""
    keep = {b.path for b in backups if not b.automatic}
    auto = sorted((b for b in backups if b.automatic), key=lambda b: b.created, reverse=True)
    migration = [b for b in auto if b.reason.startswith("before-migration")]
    keep |= {b.path for b in migration[:KEEP_MIGRATION]}
    keep |= {b.path for b in auto[:KEEP_NEWEST]}
    seen: set[str] = set()
    for b in auto:  # newest first, so the first of each bucket is its newest
        age = now - b.created
        bucket = (f"h{b.created:%Y%m%d%H}" if age <= HOURLY_FOR else
                  f"d{b.created:%Y%m%d}" if age <= DAILY_FOR else None)
        if bucket and bucket not in seen:
            seen.add(bucket)
            keep.add(b.path)
    return keep


def rotate(data_dir: Path | str, now: datetime | None = None) -> list[Path]:
    """Remove the automatic backups the policy no longer keeps (and half-written ones left by a crash)."""
    now = now or datetime.now()
    backups = list_backups(data_dir)
    keep = to_keep(backups, now)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    folder = backups_dir(data_dir)
    if folder.is_dir():
        for part in folder.glob("*.part*"):
            try:
                if now.timestamp() - part.stat().st_mtime > 3600:
                    part.unlink()
            except OSError:
                pass
    return removed


# -- taking backups ------------------------------------------------------------------------------------------------
def _slug(reason: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    return slug or "manual"


def take(store: Store, dest: Path | str | None = None, reason: str = "manual") -> BackupInfo:
    """A backup now: into the backups folder, or to `dest` (a file, or a folder to put it in)."""
    if dest is not None:
        dest = Path(dest).expanduser()
        if dest.is_dir():
            dest = dest / f"peerreview-{datetime.now():%Y%m%d-%H%M%S-%f}-{_slug(reason)}.db"
        if dest.resolve() == store.path.resolve():
            raise InvalidInput("A backup cannot be written over the store itself; choose another file name.")
    path = store.backup(dest, reason=_slug(reason))
    info = _info(path) or BackupInfo(path, datetime.now(), _slug(reason), path.stat().st_size)
    if path.parent == store.backups_dir:
        rotate(store.data_dir)
    return info


def backup_before(store: Store, reason: str) -> BackupInfo:
    """An automatic backup before something that changes much at once, e.g. `backup_before(store, "import")`."""
    slug = _slug(reason)
    return take(store, reason=slug if slug.startswith("before-") else f"before-{slug}")


def startup_backup(store: Store, now: datetime | None = None) -> BackupInfo | None:
    """Once a day, at start-up: a 'daily' backup unless one was taken today. Returns it, or None."""
    today = (now or datetime.now()).date()
    if any(b.reason == "daily" and b.created.date() == today for b in list_backups(store.data_dir)):
        return None
    return take(store, reason="daily")


_markers: dict[Path, tuple] = {}


def _marker_of(path: Path) -> tuple | None:
    if path not in _markers:
        try:
            _markers[path] = lite.change_marker(path)
        except sqlite3.Error:
            return None
    return _markers[path]


def maybe_periodic_backup(store: Store, minutes: float = PERIODIC_MINUTES, now: datetime | None = None) -> BackupInfo | None:
    """For a UI timer (e.g. every minute): a 'periodic' backup when the newest backup is at least `minutes` old
    and the store was edited since it was taken. Cheap when there is nothing to do (two small read-only queries)."""
    now = now or datetime.now()
    latest = next((b for b in list_backups(store.data_dir) if b.reason != "damaged"), None)
    if latest is not None:
        if now - latest.created < timedelta(minutes=minutes):
            return None
        if _marker_of(latest.path) == lite.change_marker(store.path):
            return None
    info = take(store, reason="periodic")
    _markers[info.path] = lite.change_marker(info.path)
    return info


# -- restoring -----------------------------------------------------------------------------------------------------
def find_source(data_dir: Path | str, source: Path | str) -> Path:
    """A backup file by path, or by its name in the backups folder (as `backups list` shows it)."""
    p = Path(source).expanduser()
    if p.is_file():
        return p
    inside = backups_dir(data_dir) / Path(source).name
    if inside.is_file():
        return inside
    raise NotFound(f"There is no backup file at {source}.")


def check_backup(path: Path) -> str:
    """Refuse anything that is not an intact store this version can open; returns its schema revision."""
    if not lite.is_sqlite_file(path):
        raise InvalidInput(f"{path.name} is not a Peer Review Desktop backup (not a SQLite database); nothing was changed.")
    try:
        revision = lite.probe(path)
        problems = lite.quick_check(path)
    except sqlite3.Error as exc:
        if lite.is_damage(exc) or "alembic_version" in str(exc):
            raise InvalidInput(f"{path.name} is not a Peer Review Desktop backup, or it is damaged; "
                               "nothing was changed.") from exc
        raise StoreError(_os_error_sentence(exc, path.parent)) from exc
    if revision is None:
        raise InvalidInput(f"{path.name} holds no Peer Review Desktop store; nothing was changed.")
    if revision not in KNOWN_REVISIONS:
        raise StoreError(f"{path.name} was made by a newer version of Peer Review Desktop (schema {revision}); "
                         "install that version to restore it. Nothing was changed.")
    if problems:
        raise InvalidInput(f"{path.name} is damaged ({problems[0]}); choose another backup. Nothing was changed.")
    return revision


def restore(store: Store, source: Path | str) -> RestoreResult:
    """Put a backup in place of the open store. The store as it was is backed up first ('before-restore'); the
    copy is one SQLite transaction on the live file, so it lands whole or not at all."""
    src = find_source(store.data_dir, source)
    check_backup(src)
    if src.resolve() == store.path.resolve():
        raise InvalidInput("That file is the store itself; choose a backup to restore.")
    safety = take(store, reason="before-restore")
    try:
        lite.restore_from(src, store.path)
        store.adopt_restored()
    except sqlite3.Error as exc:
        raise StoreError(_os_error_sentence(exc, store.data_dir) + f" The store as it was is in {safety.path}.") from exc
    rotate(store.data_dir)
    return RestoreResult(src, safety.path)


def recover(data_dir: Path | str, source: Path | str) -> RestoreResult:
    """Put a backup in place of a store that cannot be opened (damaged). Nothing is overwritten: the damaged files
    are moved into backups/ as `…-damaged.db` (with their -wal) first."""
    data_dir = Path(data_dir)
    src = find_source(data_dir, source)
    check_backup(src)
    db = data_dir / DB_NAME
    aside = None
    try:
        if db.exists():
            aside = backups_dir(data_dir) / f"peerreview-{datetime.now():%Y%m%d-%H%M%S-%f}-damaged.db"
            aside.parent.mkdir(parents=True, exist_ok=True)
            for extra in ("-wal", "-shm", ""):
                part = db.with_name(DB_NAME + extra)
                if part.exists():
                    part.replace(aside.with_name(aside.name + extra))
        lite.copy_into_new(src, db)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(_os_error_sentence(exc, data_dir)) from exc
    Store.open(data_dir).close()  # migrates an older backup (after backing it up) and rebuilds derived state
    return RestoreResult(src, aside)


def restore_into(data_dir: Path | str, source: Path | str) -> RestoreResult:
    """`peerreview restore`: a live restore when the store opens, else (damaged, or none yet) a recovery."""
    from .startup import startup_check

    report = startup_check(data_dir)
    if report.state in ("damaged", "new"):
        return recover(data_dir, source)
    if report.state != "ok":
        raise StoreError(report.message)
    store = Store.open(data_dir)
    try:
        return restore(store, source)
    finally:
        store.close()
