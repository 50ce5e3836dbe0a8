"""Screenshots of the host check with the demo review: host mode, the comment resolution view, the history and a
note conflict (for `peerreview screenshots` and the docs). Rendered from a scratch copy of the store."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from ..core import comments, demo, host_mode, lifecycle, merge, notes, review_document
from ..core.models import Setting
from ..core.store import Store
from .comments_view import CommentsView
from .conflicts_view import ConflictsView
from .context import AppContext
from .history_view import HistoryView
from .host_mode import HostModeView


def render_host_check_screens(store, out_dir, size: tuple[int, int] = (1400, 900)) -> list[Path]:  # noqa: ANN001
    """Host mode, the comment resolution view, the history and a note conflict, with the demo review, as PNG files.
    Works on a scratch copy of the store, so the user's own store is never changed."""
    out, paths = Path(out_dir), []
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="peerreview-screens-"))
    copy = None
    try:
        store.backup(scratch / "peerreview.db")
        copy = Store.open(scratch)
        with copy.write() as s:  # a scratch copy: whatever state the user's copy was in, start from a draft
            for key in (host_mode.HOST, host_mode.REVIEW, host_mode.SINCE):
                row = s.get(Setting, key)
                if row is not None:
                    s.delete(row)
        copy.refresh_actor()
        rid = demo.ensure_demo(copy).value
        if lifecycle.versions(copy, rid)[-1].status == "final":
            lifecycle.reopen(copy, rid)
        ctx = AppContext(copy, inline=True)
        doc = review_document.build(copy, rid)
        host_mode.enter(copy, rid, "Ruth Amadi")
        for kw, text, stance in (({"finding": doc["findings"][0]["id"]}, "The library reopened in March, not May.",
                                  "challenge"),
                                 ({"criterion": doc["judgements"][0]["criterion"]}, "A fair picture of leadership.",
                                  "accept"),
                                 ({"finding": doc["findings"][5]["id"]}, "Persistent absence fell to 14% this term; "
                                  "the figure quoted is last year's.", "challenge")):
            comments.add(copy, rid, text, stance=stance, **kw)

        def shot(widget: QWidget, name: str) -> None:
            widget.resize(*size)
            widget.show()
            for _ in range(6):
                QApplication.processEvents()
            path = out / name
            widget.grab().save(str(path), "PNG")
            widget.close()
            paths.append(path)

        view = HostModeView(ctx)
        view.set_review(rid)
        view.select("finding", doc["findings"][0]["id"])
        view.composer.text.setPlainText("The phonics scheme changed in September 2025.")
        shot(view, "host-mode.png")
        host_mode.leave(copy, host_mode.reviewer_name_of(copy))
        first = comments.list_comments(copy, rid)[0]
        comments.resolve(copy, first.id, "accepted", "Corrected the date in the finding")
        for cls, name in ((CommentsView, "host-comments.png"), (HistoryView, "history.png")):
            w = cls(ctx)
            w.set_review(rid)
            shot(w, name)
        note = doc["notes"][0]
        notes.update(copy, note["id"], text=note["text"] + " Sam added this after the visit.")
        with copy.write() as s:
            merge.merge_notes(s, rid, {"id": rid, "notes": [dict(note, text=note["text"] + " (Jo: the Year 2 group, "
                                                                 "not Year 1.)", marker="development")]}, "Jo Kettle")
        w = ConflictsView(ctx)
        w.set_review(rid)
        shot(w, "conflicts.png")
    finally:
        if copy is not None:
            copy.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return paths
