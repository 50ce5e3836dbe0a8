"""The start-up check: before the app opens the store, look at it read-only (SQLite's quick_check) and, when it is
damaged, find the newest backup that is intact, for the UI to offer. Nothing is ever changed here: restoring is the
user's choice (`backups.restore_into` / `backups.recover`), and it sets the damaged files aside, never over them.

    report = startup_check(data_dir)
    if report.state == "damaged":       # ask: restore report.backup (may be None: no good backup)?
        backups.recover(data_dir, report.backup.path)
    elif not report.ok:                 # newer schema, locked, read-only, unreadable: show report.message
        ...
    store = Store.open(data_dir)
    backups.startup_backup(store)       # once a day

The page-by-page scan (quick_check) reads the whole file: about 0.2 s for 50,000 notes here, more on a slow laptop.
To keep it off the path to the first window, check with `scan=False` (header, schema, locks: milliseconds at any
size), open the store and show the window, then run `scan_after_start(store)` on the store worker: it scans and,
when the store is intact, takes the daily backup; when damaged, its report offers the newest intact backup.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .backups import BackupInfo, check_backup, list_backups
from .errors import PeerReviewError
from .paths import DB_NAME
from .store import sqlite as lite
from .store.schema import KNOWN_REVISIONS

STATES = ("new", "ok", "damaged", "newer", "locked", "read-only", "unreadable")


@dataclass
class StartupReport:
    """`state`: one of STATES. `message`: one sentence for a person (empty when ok). `problems`: what quick_check
    found. `backup`: when damaged, the newest intact backup (None if there is none)."""

    data_dir: Path
    state: str
    message: str = ""
    problems: list[str] = field(default_factory=list)
    backup: BackupInfo | None = None

    @property
    def ok(self) -> bool:
        return self.state in ("new", "ok")

    def as_json(self) -> dict:
        return {"state": self.state, "ok": self.ok, "message": self.message, "problems": self.problems,
                "backup": self.backup.as_json() if self.backup else None}


def latest_good_backup(data_dir: Path | str) -> BackupInfo | None:
    """The newest backup that is an intact store this version can open."""
    for b in list_backups(data_dir):
        if b.reason == "damaged":
            continue
        try:
            check_backup(b.path)
        except PeerReviewError:
            continue
        return b
    return None


def _damaged(data_dir: Path, problems: list[str]) -> StartupReport:
    good = latest_good_backup(data_dir)
    offer = (f"the newest intact backup is from {good.when} ({good.reason_label}) and can be restored"
             if good else "there is no intact backup to restore")
    return StartupReport(data_dir, "damaged", f"The store in {data_dir} is damaged; {offer}.", problems, good)


def startup_check(data_dir: Path | str, *, scan: bool = True) -> StartupReport:
    """Check the store in `data_dir` without changing a byte (see the module's docstring). `scan=False` leaves out
    the page-by-page scan (then run `scan_after_start` once the window is up)."""
    data_dir = Path(data_dir)
    path = data_dir / DB_NAME
    try:
        exists = path.exists()
        size = path.stat().st_size if exists else 0
    except OSError:
        return StartupReport(data_dir, "unreadable", f"The data folder {data_dir} cannot be read (no permission).")
    if not exists:
        return StartupReport(data_dir, "new")
    if size and not lite.is_sqlite_file(path):
        return _damaged(data_dir, ["the file is not a SQLite database"])
    try:
        revision = lite.probe(path)
        problems = lite.quick_check(path) if revision is not None and scan else []
    except sqlite3.Error as exc:
        if lite.is_damage(exc) or "alembic_version" in str(exc):
            return _damaged(data_dir, [str(exc)])
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return StartupReport(data_dir, "locked", f"The store in {data_dir} is busy (another program is "
                                 "writing to it); close it and try again.")
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return StartupReport(data_dir, "read-only", f"The data folder {data_dir} cannot be written "
                                 "(read-only or no permission); copy it somewhere writable to open it.")
        return StartupReport(data_dir, "unreadable", f"The store in {data_dir} cannot be read ({exc}).")
    if revision is not None and revision not in KNOWN_REVISIONS:
        return StartupReport(data_dir, "newer", f"The store in {data_dir} was written by a newer version of Peer "
                             "Review Desktop; install the newer version to open it.")
    if problems:
        return _damaged(data_dir, problems)
    return StartupReport(data_dir, "ok")


def scan_after_start(store) -> StartupReport:  # noqa: ANN001
    """For the store worker once the window is shown: the page-by-page scan of the open store (read-only, beside
    the app's own connections) and then, if it is intact, the daily backup (a damaged store is never backed up
    over good copies). A failing backup is reported in `message` but leaves the state "ok"."""
    from .backups import startup_backup

    report = startup_check(store.data_dir)
    if report.state != "ok":
        return report
    try:
        startup_backup(store)
    except PeerReviewError as exc:
        report.message = f"The daily backup could not be taken: {exc}"
    return report
