"""Report… from the Review menu (the PDF is made off the main thread — inline here — then offered to open, with a
picture of its first page when poppler's pdftoppm is installed), and `peerreview screenshots` with its scratch-folder
scenes, which never change the user's store."""

from __future__ import annotations

import hashlib
import shutil

from PySide6.QtCore import QUrl

from peerreview_desktop.core.demo import DEMO_ID
from peerreview_desktop.ui.report_dialog import suggested_name


def test_the_suggested_report_name_is_the_school_and_the_date_in_words():
    assert suggested_name("Lindenmoor Primary School", "2026-11-12") == \
        "Lindenmoor Primary School peer review 12 November 2026.pdf"
    assert suggested_name('St Mary/St John "Federation": Upper', "2027-01-20") == \
        "St Mary St John Federation Upper peer review 20 January 2027.pdf"


def test_report_saves_the_pdf_and_offers_to_open_it(qtbot, window, tmp_path, errors):
    opened: list[QUrl] = []
    target = tmp_path / "out" / "Lindenmoor report.pdf"
    target.parent.mkdir()
    shown = []

    def save_and_open(dlg) -> int:  # noqa: ANN001
        assert dlg.path.text().endswith("Lindenmoor Primary School peer review 12 November 2026.pdf")
        assert not dlg.open_button.isVisible()
        dlg.path.setText(str(target))
        dlg.save_button.click()
        shown.append((dlg.message.text(), dlg.open_button.isVisibleTo(dlg), dlg.preview.pixmap().isNull()))
        dlg.open_button.click()
        return 0

    window.prompts.run = save_and_open
    window.prompts.open_url = opened.append
    window.acts.report.trigger()
    assert target.read_bytes()[:5] == b"%PDF-"
    message, can_open, no_preview = shown[0]
    assert message.startswith("Saved the report (") and str(target) in message and can_open
    assert no_preview == (shutil.which("pdftoppm") is None)  # a real first page, or none at all
    assert opened == [QUrl.fromLocalFile(str(target))]
    assert errors == []


def test_a_report_that_cannot_be_saved_says_why_and_stays_open(qtbot, window, tmp_path):
    from peerreview_desktop.ui.report_dialog import ReportDialog

    dlg = ReportDialog(window.ctx, DEMO_ID, window)
    qtbot.addWidget(dlg)
    dlg.path.setText(str(tmp_path / "no such folder" / "report.pdf"))
    dlg.save_button.click()
    assert "does not exist" in dlg.message.text() and dlg.save_button.isEnabled()
    assert not dlg.open_button.isVisibleTo(dlg)


def _digest(path) -> str:  # noqa: ANN001
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_screenshots_render_every_screen_and_leave_the_users_store_alone(demo_store, tmp_path, qapp):
    from peerreview_desktop.ui.screenshots import render_screenshots

    with demo_store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _digest(demo_store.path)
    paths = render_screenshots(demo_store, tmp_path / "shots", (1100, 720))
    assert [p.name for p in paths] == [
        "01-review-list.png", "02-new-review-wizard.png", "03-capture.png", "04-coverage.png", "05-judgement.png",
        "06-findings.png", "07-host-mode.png", "08-host-comments.png", "09-history.png", "10-partnership.png",
        "11-import-results.png", "12-host-check-own-laptop.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 20_000 for p in paths)
    with demo_store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _digest(demo_store.path) == before
