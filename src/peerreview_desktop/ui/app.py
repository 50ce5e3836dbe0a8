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
    """The store, checked first (damaged: offer the newest intact backup; newer, locked, read-only: say why), or
    None after saying in one sentence why it cannot be opened. Takes the daily backup."""
    from ..core import backups
    from ..core.startup import startup_check
    from ..core.store import Store

    report = startup_check(data_dir)
    try:
        if report.state == "damaged":
            if report.backup is None or not _offer_restore(report):
                _tell("Peer Review Desktop cannot open its data.", f"{report.message} Nothing has been changed.")
                return None
            backups.recover(data_dir, report.backup.path)
        elif not report.ok:
            _tell("Peer Review Desktop cannot open its data.", f"{report.message} Nothing has been changed.")
            return None
        store = Store.open(data_dir)
    except PeerReviewError as exc:
        _tell("Peer Review Desktop cannot open its data.", f"{exc} Nothing has been changed.")
        return None
    try:
        backups.startup_backup(store)
    except PeerReviewError as exc:  # a backup that fails must not stop the reviewer working; it is logged
        log.warning("daily backup failed: %s", exc)
    return store


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
    from ..core import profile

    with store.read() as s:
        return profile.get(s) is None


def skip_first_run() -> bool:
    return os.environ.get("QT_QPA_PLATFORM") == "offscreen" and os.environ.get("PEERREVIEW_NO_FIRST_RUN") == "1"


def run(data_dir: Path, review: str | None = None) -> int:
    """`peerreview gui [--review ID]`: the event loop, until the window closes."""
    app = make_app()
    install_excepthook(data_dir)
    store = open_store(data_dir)
    if store is None:
        return 1
    from ..core import demo, profile, reviews
    from .context import AppContext
    from .main_window import MainWindow

    ctx = AppContext(store)
    try:
        if needs_profile(store) and not skip_first_run():
            from .profile_dialog import ProfileDialog

            ProfileDialog(ctx, None).exec()
            store.actor = profile.actor_for(store)
        window = MainWindow(ctx, settings=settings_for(data_dir))
        window.resize(1400, 900)
        window.restore_geometry()
        if review:
            with store.read() as s:
                review = reviews.resolve_id(s, review)
        elif not reviews.list_reviews(store):
            review = demo.ensure_demo(store).value
        if review:
            window.open_review(review)
        window.show()
        connect_quit(app, ctx)
        start_periodic_backups(ctx)
        return app.exec()
    except PeerReviewError as exc:
        print(str(exc), file=sys.stderr)
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            QMessageBox.warning(None, APP_NAME, str(exc))
        return 1
    finally:
        ctx.worker.wait()
        store.close()


# -- screenshots -------------------------------------------------------------------------------------------------
def _settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def render_screenshots(store, out_dir: str | Path, size: tuple[int, int] = (1400, 900)) -> list[Path]:  # noqa: ANN001
    """The main screens with the demo review, offscreen, as PNG files; returns their paths in order."""
    app = make_app()
    from ..core import demo
    from .context import AppContext
    from .main_window import MainWindow

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = AppContext(store, inline=True)
    demo_id = demo.ensure_demo(store).value
    window = MainWindow(ctx)
    window.resize(*size)
    window.show()
    paths = []
    try:
        for name, scene in SCENES:
            _settle(app)
            image = scene(window, demo_id)
            _settle(app)
            image = image if image is not None else window.grab()
            path = out / name
            if not image.save(str(path), "PNG"):
                raise PeerReviewError(f"Could not write {path}.")
            paths.append(path)
    finally:
        window.close()
        _settle(app)
    return paths


def _scene_list(window, demo_id):  # noqa: ANN001, ANN202
    window.show_list()


def _scene_wizard(window, demo_id):  # noqa: ANN001, ANN202
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QFont, QPainter, QPalette

    from .wizard import NewReviewWizard

    wizard = NewReviewWizard(window.ctx, window)
    _fill_wizard(wizard)
    wizard.resize(min(860, window.width() - 120), min(640, window.height() - 120))
    wizard.show()
    QApplication.processEvents()
    back = window.grab()
    front = wizard.grab()
    wizard.close()
    wizard.deleteLater()
    p = QPainter(back)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(back.rect(), QColor(0, 0, 0, 70))
    dpr = front.devicePixelRatio()
    fw, fh, bar = front.width() / dpr, front.height() / dpr, 30
    x = (back.width() / back.devicePixelRatio() - fw) / 2
    y = (back.height() / back.devicePixelRatio() - fh - bar) / 2
    for i in range(1, 9):  # a soft shadow, as a window manager would draw it
        p.fillRect(QRectF(x - i, y - i + 4, fw + 2 * i, fh + bar + 2 * i), QColor(0, 0, 0, 10))
    pal = wizard.palette()
    p.fillRect(QRectF(x, y, fw, bar), pal.color(QPalette.ColorRole.Window).darker(112))
    p.setPen(pal.color(QPalette.ColorRole.WindowText))
    f = QFont(wizard.font())
    f.setBold(True)
    p.setFont(f)
    p.drawText(QRectF(x, y, fw, bar), int(Qt.AlignmentFlag.AlignCenter), wizard.windowTitle())
    p.drawPixmap(int(x), int(y + bar), front)
    p.end()
    return back


def _fill_wizard(wizard) -> None:  # noqa: ANN001
    """A fictional plan, shown on the team page."""
    from PySide6.QtCore import QDate

    wizard.school.setText("Ashcombe Vale Primary School")
    wizard.urn.setText("990512")
    wizard.context.setPlainText("A one-form entry primary school with a nursery, on the edge of a market town.")
    wizard.start.setDate(QDate(2027, 1, 20))
    wizard.end.setDate(QDate(2027, 1, 21))
    for name, role, label, school in (("Priya Raman", "reviewer", "Reviewer", "Kestrel Brook Primary School"),
                                      ("Owen Gallagher", "reviewer", "Reviewer", "St Aldhelm's CE Primary"),
                                      ("Ruth Okonkwo", "host headteacher", "Host headteacher",
                                       "Ashcombe Vale Primary School")):
        wizard.team.add_row([(name, None), (label, role), (school, None)], None)
    for focus in ("Early reading and phonics", "Mathematics in Key Stage 2"):
        wizard.focus.add(focus)
    wizard.restart()
    while wizard.currentId() != 3 and wizard.currentPage() is not None and not wizard.currentPage().isFinalPage():
        wizard.next()


def _scene_capture(window, demo_id):  # noqa: ANN001, ANN202
    window.open_review(demo_id)
    ws = window.workspace
    notes = ws.notes.model.notes()
    pick = next((n for n in notes if len(n.criteria) >= 2 and n.marker != "neutral" and len(n.text) > 200), None)
    if pick is not None:
        ws.notes.select_note(pick.id)
    ws.editor.focus_text(at_end=False)


def _scene_tab(tab: int):  # noqa: ANN202
    def scene(window, demo_id):  # noqa: ANN001, ANN202
        window.workspace.tabs.setCurrentIndex(tab)
    return scene


def _scene_judgement(window, demo_id):  # noqa: ANN001, ANN202
    from ..core import judgements, notes, reviews

    ws = window.workspace
    store = window.ctx.store
    code = None
    with store.read() as s:
        r = reviews.get(s, demo_id)
        fw = reviews.framework_of(s, r)
        markers = judgements.markers_by_criterion(s, r.id)
        views = {n.id: n.marker for n in notes.list_for(s, r.id)}
        for j in judgements.list_for(s, r.id, fw):
            if j.evidence and judgements.warnings(fw, j, markers.get(j.criterion), [views.get(e, "") for e in j.evidence]):
                code = j.criterion
                break
    ws.tabs.setCurrentIndex(2)
    if code:
        ws.show_criterion(code)


SCENES = [
    ("01-review-list.png", _scene_list),
    ("02-new-review-wizard.png", _scene_wizard),
    ("03-capture.png", _scene_capture),
    ("04-coverage.png", _scene_tab(1)),
    ("05-judgement.png", _scene_judgement),
    ("06-findings.png", _scene_tab(3)),
]
