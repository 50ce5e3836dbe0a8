"""Starting the app: the QApplication (name, icon, style that follows the system's light or dark palette,
high-DPI), an excepthook that logs and shows copyable details, the store (a damaged or newer store is explained
in a dialog, never a traceback), the first-run profile, and the main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from ..core.errors import PeerReviewError
from .widgets import app_icon

log = logging.getLogger("peerreview.ui")
APP_NAME = "Peer Review Desktop"


def make_app(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (reused if one exists: tests, screenshots)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setApplicationName("peerreview")
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("PeerReviewDesktop")
    app.setDesktopFileName("peerreview")
    app.setWindowIcon(app_icon())
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))  # UK dates, Monday first
    if sys.platform != "darwin":
        # Fusion looks the same everywhere and follows the system colour scheme (light or dark) since Qt 6.5;
        # on macOS the native style does that itself.
        if app.style().name().lower() != "fusion":  # often it already is: no restyling on the way to the window
            app.setStyle("Fusion")
    return app


def settings_for(data_dir: Path) -> QSettings:
    """Window state lives in the data folder (portable with it; tests keep it in tmp_path)."""
    return QSettings(str(Path(data_dir) / "ui-settings.ini"), QSettings.Format.IniFormat)


# -- unexpected errors -------------------------------------------------------------------------------------------
def _log_file(data_dir: Path | None) -> Path | None:
    import tempfile

    for folder in (data_dir, Path(tempfile.gettempdir())):
        if folder is None:
            continue
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
            return Path(folder) / "peerreview-error.log"
        except OSError:
            continue
    return None


def install_excepthook(data_dir: Path | None) -> Path | None:
    """Unexpected errors: logged (to `data_dir`/peerreview-error.log), then shown with copyable details."""
    logfile = _log_file(data_dir)
    if logfile is not None:
        handler = logging.FileHandler(logfile, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        logging.getLogger().addHandler(handler)

    def hook(exc_type, exc, tb) -> None:  # noqa: ANN001
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", details)
        if isinstance(exc, PeerReviewError):
            QMessageBox.warning(QApplication.activeWindow(), APP_NAME, str(exc))
            return
        show_crash(details, logfile)

    sys.excepthook = hook
    return logfile


def crash_box(details: str, logfile: Path | None = None, parent: QWidget | None = None) -> QMessageBox:
    """A short apology, the details one click away, and a button that copies them for a bug report."""
    box = QMessageBox(parent or QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(APP_NAME)
    box.setText("Something went wrong that should not have.")
    box.setInformativeText("Your saved work is safe in the store. "
                           + (f"The details are also in {logfile}." if logfile else ""))
    box.setDetailedText(details)
    box.copy_button = QPushButton("Copy Details", box)
    box.copy_button.setAccessibleName("Copy the error details")
    box.addButton(box.copy_button, QMessageBox.ButtonRole.ActionRole)
    box.copy_button.clicked.disconnect()  # copying must not close the box
    box.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
    box.addButton(QMessageBox.StandardButton.Close)
    return box


def show_crash(details: str, logfile: Path | None = None, parent: QWidget | None = None) -> None:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        print(details, file=sys.stderr)  # nobody can click an offscreen dialog
        return
    crash_box(details, logfile, parent).exec()


# -- start-up ----------------------------------------------------------------------------------------------------
def _tell(text: str, detail: str = "") -> None:
    """A start-up problem: in a dialog, or on stderr when there is no screen to show one on."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        print(" ".join(x for x in (text, detail) if x), file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text)
    box.setInformativeText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.exec()


def _offer_restore(report) -> bool:  # noqa: ANN001
    """The store is damaged and an intact backup exists: restore it? (Offscreen nobody can answer: no.)"""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return False
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, "Your data could not be opened: the store is damaged.")
    box.setInformativeText(f"{report.message}\n\nRestoring sets the damaged file aside in the backups folder; "
                           "nothing is deleted.")
    restore = box.addButton("Restore the Backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is restore


def open_store(data_dir: Path):  # noqa: ANN201
    """The store, checked first without the page-by-page scan (damaged: offer the newest intact backup; newer,
    locked, read-only: say why), or None after saying in one sentence why it cannot be opened. The full scan and the
    daily backup run after the window is shown (`check_after_start`)."""
    from ..core.startup import startup_check
    from ..core.store import Store

    report = startup_check(data_dir, scan=False)
    try:
        if report.state == "damaged":
            if report.backup is None or not _offer_restore(report):
                _tell("Peer Review Desktop cannot open its data.", f"{report.message} Nothing has been changed.")
                return None
            from ..core import backups

            backups.recover(data_dir, report.backup.path)
        elif not report.ok:
            _tell("Peer Review Desktop cannot open its data.", f"{report.message} Nothing has been changed.")
            return None
        store = Store.open(data_dir)
    except PeerReviewError as exc:
        _tell("Peer Review Desktop cannot open its data.", f"{exc} Nothing has been changed.")
        return None
    return store


def check_after_start(window) -> None:  # noqa: ANN001
    """On the store worker, once the window is up: the page-by-page scan of the store and, when it is intact, the
    daily backup. A damaged store is reported to the user with the offer to restore the newest intact backup."""
    from ..core.startup import scan_after_start

    ctx = window.ctx
    store = ctx.store

    def done(report, error) -> None:  # noqa: ANN001
        if error is not None:
            log.warning("the start-up check failed: %s", error)
        elif report.state == "damaged":
            offer_restore_after_start(window, report)
        elif report.message:  # intact, but the daily backup could not be taken: logged, work goes on
            log.warning("%s", report.message)

    if ctx.inline:
        try:
            done(scan_after_start(store), None)
        except Exception as exc:  # noqa: BLE001
            done(None, exc)
        return
    ctx.worker.submit(lambda: scan_after_start(store), done)


def offer_restore_after_start(window, report) -> bool:  # noqa: ANN001
    """Tell the user the store is damaged; with an intact backup, offer it and, if they agree, put it back (the
    damaged file set aside, nothing deleted) and carry on with the restored store. True when restored."""
    from ..core import backups
    from ..core.store import Store

    if report.backup is None:
        window.prompts.inform("Peer Review Desktop", "Your data is damaged.",
                              f"{report.message} Carry on with care and make a backup of what you can.")
        return False
    if not window.prompts.restore_backup(report.message):
        window.show_message("The store is damaged; restore a backup soon (peerreview backups list).")
        return False
    ctx = window.ctx
    window.show_list()
    if window._workspace is not None:
        window._workspace.close_review()
    ctx.worker.wait()
    data_dir = ctx.store.data_dir
    ctx.store.close()
    try:
        result = backups.recover(data_dir, report.backup.path)
    finally:
        ctx.store = Store.open(data_dir)
    ctx.undo.clear()
    ctx.changed.emit(result.changes)
    window.list_screen.reload()
    window.show_message(f"Restored the backup {result.restored_from.name}; the damaged store is in the backups "
                        "folder.")
    return True


def start_periodic_backups(ctx, minutes: float = 1.0):  # noqa: ANN001, ANN201
    """A timer that, off the main thread, takes a rotating backup when the store changed since the last one."""
    from PySide6.QtCore import QTimer

    from ..core import backups

    def done(_result, error) -> None:  # noqa: ANN001
        if error is not None:
            log.warning("periodic backup failed: %s", error)

    timer = QTimer(ctx)
    timer.setInterval(int(minutes * 60_000))
    timer.timeout.connect(lambda: ctx.worker.submit(lambda: backups.maybe_periodic_backup(ctx.store), done))
    timer.start()
    return timer


def connect_quit(app: QApplication, ctx) -> None:  # noqa: ANN001
    """Quitting (from the menu, the session ending, a signal) writes what the editor holds first."""
    app.aboutToQuit.connect(ctx.flush)


def needs_profile(store) -> bool:  # noqa: ANN001
    """No profile yet (first run). One plain query: no ORM set-up on the way to the first window."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM profile LIMIT 1")).first()
        conn.rollback()
    return found is None


def skip_first_run() -> bool:
    return os.environ.get("QT_QPA_PLATFORM") == "offscreen" and os.environ.get("PEERREVIEW_NO_FIRST_RUN") == "1"


def run(data_dir: Path, review: str | None = None) -> int:
    """`peerreview gui [--review ID]`: the event loop, until the window closes."""
    import gc

    gc.disable()  # no cyclic collections while start-up builds its long-lived objects (they are frozen once shown)
    app = make_app()
    install_excepthook(data_dir)
    store = open_store(data_dir)
    if store is None:
        gc.enable()
        return 1
    from PySide6.QtCore import QTimer

    from .context import AppContext
    from .main_window import MainWindow

    ctx = AppContext(store)
    try:
        if not skip_first_run() and needs_profile(store):
            from .profile_dialog import ProfileDialog

            gc.enable()  # a dialog the user may leave open a while: collect as usual meanwhile
            ProfileDialog(ctx, None).exec()
            store.refresh_actor()
        window = MainWindow(ctx, settings=settings_for(data_dir))
        window.resize(1400, 900)
        window.restore_geometry()
        if not window.resume_host_mode():  # host mode survives a restart: straight back into it
            if review:
                from ..core import reviews

                with store.read() as s:
                    review = reviews.resolve_id(s, review)
            elif not window.list_screen.model.rowCount():
                from ..core import demo

                review = demo.ensure_demo(store).value
            if review:
                window.open_review(review)
        window.show()
        connect_quit(app, ctx)
        start_periodic_backups(ctx)
        QTimer.singleShot(0, lambda: (gc.freeze(), gc.enable()))  # start-up's objects stay; collect the rest as usual
        QTimer.singleShot(400, lambda: check_after_start(window))  # after the first paint
        return app.exec()
    except PeerReviewError as exc:
        print(str(exc), file=sys.stderr)
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            QMessageBox.warning(None, APP_NAME, str(exc))
        return 1
    finally:
        gc.enable()
        ctx.worker.wait()
        ctx.store.close()


def render_screenshots(store, out_dir, size: tuple[int, int] = (1400, 900)) -> list:  # noqa: ANN001
    """`peerreview screenshots` (see ui/screenshots.py)."""
    from .screenshots import render_screenshots as render

    return render(store, out_dir, size)
