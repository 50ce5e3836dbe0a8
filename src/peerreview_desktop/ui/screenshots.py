"""`peerreview screenshots OUT_DIR`: the main screens, offscreen, as PNG files at a fixed size.

01–06 show the demo review in the user's store (the review list, the new-review wizard, capture, coverage, a
judgement, findings). 07–09 (host mode, the host comments, the history) work on a scratch copy of that store, and
10–11 (the partnership overview, the import dialog's results) on a fictional partnership built in a scratch folder
through the real key, export and import path (ui/sample_partnership.py): the user's own data is never changed by
those."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from ..core.errors import PeerReviewError


def settle(ms: int = 120) -> None:
    """Run the event loop for a moment: layouts, paints, deferred deletions and the short timers views use to fit
    their rows all happen, as they would on screen."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def over_window(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window, dimmed, with `dialog` in front of it under a title bar, as a window manager would show it."""
    dialog.show()
    settle()
    back, front = window.grab(), dialog.grab()
    dialog.close()
    p = QPainter(back)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(back.rect(), QColor(0, 0, 0, 70))
    dpr = front.devicePixelRatio()
    fw, fh, bar = front.width() / dpr, front.height() / dpr, 30
    x = (back.width() / back.devicePixelRatio() - fw) / 2
    y = (back.height() / back.devicePixelRatio() - fh - bar) / 2
    for i in range(1, 9):  # a soft shadow
        p.fillRect(QRectF(x - i, y - i + 4, fw + 2 * i, fh + bar + 2 * i), QColor(0, 0, 0, 10))
    pal = dialog.palette()
    p.fillRect(QRectF(x, y, fw, bar), pal.color(QPalette.ColorRole.Window).darker(112))
    p.setPen(pal.color(QPalette.ColorRole.WindowText))
    f = QFont(dialog.font())
    f.setBold(True)
    p.setFont(f)
    p.drawText(QRectF(x, y, fw, bar), int(Qt.AlignmentFlag.AlignCenter), dialog.windowTitle())
    p.drawPixmap(int(x), int(y + bar), front)
    p.end()
    return back


class Shots:
    def __init__(self, out_dir: str | Path, size: tuple[int, int]):
        self.out, self.size = Path(out_dir), size
        self.out.mkdir(parents=True, exist_ok=True)
        self.paths: list[Path] = []

    def save(self, name: str, image: QPixmap) -> None:
        path = self.out / name
        if not image.save(str(path), "PNG"):
            raise PeerReviewError(f"Could not write {path}.")
        self.paths.append(path)

    def window(self, store):  # noqa: ANN001, ANN201
        from .context import AppContext
        from .main_window import MainWindow

        window = MainWindow(AppContext(store, inline=True))
        window.resize(*self.size)
        window.show()
        settle()
        return window


def render_screenshots(store, out_dir: str | Path, size: tuple[int, int] = (1400, 900)) -> list[Path]:  # noqa: ANN001
    """Every screen in order; returns the paths of the PNG files."""
    from ..core import demo
    from .app import make_app

    make_app()
    shots = Shots(out_dir, size)
    demo_id = demo.ensure_demo(store).value
    window = shots.window(store)
    try:
        for name, scene in WORKSPACE_SCENES:
            settle()
            image = scene(window, demo_id)
            settle()
            shots.save(name, image if image is not None else window.grab())
    finally:
        window.close()
        settle()
    from .screenshots_more import host_check_scenes, partnership_scenes, remote_host_scene

    host_check_scenes(shots, store)
    partnership_scenes(shots)
    remote_host_scene(shots)
    return shots.paths


# -- 01–06: the demo review in the workspace ---------------------------------------------------------------------------
def _scene_list(window, demo_id):  # noqa: ANN001, ANN202
    window.show_list()


def _scene_wizard(window, demo_id):  # noqa: ANN001, ANN202
    from .wizard import NewReviewWizard

    wizard = NewReviewWizard(window.ctx, window)
    _fill_wizard(wizard)
    wizard.resize(min(860, window.width() - 120), min(640, window.height() - 120))
    image = over_window(window, wizard)
    wizard.deleteLater()
    return image


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


WORKSPACE_SCENES = [
    ("01-review-list.png", _scene_list),
    ("02-new-review-wizard.png", _scene_wizard),
    ("03-capture.png", _scene_capture),
    ("04-coverage.png", _scene_tab(1)),
    ("05-judgement.png", _scene_judgement),
    ("06-findings.png", _scene_tab(3)),
]


def scratch_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="peerreview-screens-"))


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
