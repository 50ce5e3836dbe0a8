"""Start-up (ui/app.py): the store is checked quickly before the window and thoroughly after it; a store found damaged
after start-up is reported with the offer to restore the newest intact backup; and the report and the notices read
in a dark palette too."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtGui import QColor, QPalette

from peerreview_desktop.core import backups
from peerreview_desktop.core.demo import DEMO_ID


def _damage(db: Path) -> None:
    """Scribble over the middle of the database file (its pages, not its header)."""
    size = db.stat().st_size
    with open(db, "r+b") as f:
        f.seek(4096 * 2)
        f.write(b"\xa5" * min(4096 * 6, size - 4096 * 3))


def test_a_store_damaged_after_start_up_is_reported_with_the_offer_to_restore(qtbot, demo_ctx, open_main, errors):
    from peerreview_desktop.ui.app import check_after_start

    store = demo_ctx.store
    backups.take(store, reason="manual")
    with store.engine.connect() as conn:  # everything in the main file, so that the damage is seen
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    w = open_main(demo_ctx)
    w.open_review(DEMO_ID)
    _damage(store.path)
    offered = []
    w.prompts.restore_backup = lambda message: offered.append(message) or True
    check_after_start(w)
    assert len(offered) == 1 and "is damaged" in offered[0] and "intact backup" in offered[0]
    assert w.page() == "list" and w.list_screen.model.rowCount() == 1  # the restored store, open and working
    assert demo_ctx.store is not store
    con = sqlite3.connect(demo_ctx.store.path)
    assert con.execute("PRAGMA quick_check").fetchone() == ("ok",)
    con.close()
    assert any(b.reason == "damaged" for b in backups.list_backups(demo_ctx.store.data_dir))  # set aside, not deleted
    assert "Restored the backup" in w.statusBar().currentMessage()
    assert errors == []
    w.close()


def test_an_intact_store_gets_its_daily_backup_after_start_up_and_no_question(qtbot, demo_ctx, open_main):
    from peerreview_desktop.ui.app import check_after_start

    w = open_main(demo_ctx)
    w.prompts.restore_backup = lambda message: (_ for _ in ()).throw(AssertionError("asked"))
    check_after_start(w)
    assert [b.reason for b in backups.list_backups(demo_ctx.store.data_dir)] == ["daily"]
    w.close()


def test_the_open_store_at_start_up_skips_the_full_scan(data_dir, monkeypatch, qapp):
    from peerreview_desktop.core import startup
    from peerreview_desktop.ui.app import open_store

    scans = []
    monkeypatch.setattr(startup.lite, "quick_check", lambda path: scans.append(path) or [])
    store = open_store(data_dir)
    try:
        assert store is not None and scans == []
        assert not backups.list_backups(data_dir)  # the daily backup waits for the window
    finally:
        store.close()


def _dark() -> QPalette:
    pal = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#17181a"), (QPalette.ColorRole.Text, "#e8eaed")):
        pal.setColor(role, QColor(colour))
    return pal


def test_the_banner_is_painted_from_the_palette_in_dark_mode(qtbot):
    from peerreview_desktop.ui.widgets import Banner

    b = Banner()
    qtbot.addWidget(b)
    b.setPalette(_dark())
    b.resize(400, 40)
    b.show_text("This review is final (version 1) and locked.")
    fill = QColor(b.grab().toImage().pixel(392, 20))  # right of the words
    assert fill.lightness() < 110  # a dark amber, not the light yellow of old
    assert b.label.palette().color(QPalette.ColorRole.WindowText).lightness() > 200


def test_the_read_only_review_banner_follows_a_dark_palette(demo_store):
    from peerreview_desktop.core import review_document
    from peerreview_desktop.ui.review_reader import document_html

    html = document_html(review_document.build(demo_store, DEMO_ID), "An earlier version.", _dark())
    assert "#fff4d6" not in html and "#e9eff6" not in html
    banner = html.split("background:", 1)[1][:8]
    assert QColor(banner).lightness() < 110
