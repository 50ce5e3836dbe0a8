"""Host check at a distance (pytest-qt): a host headteacher imports the lead's draft package into their own data
folder; opening it shows the host's comment screen (no editing, no hand-back rule), and "Send response…" offers a
response package."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from package_helpers import PASSPHRASE, Pair, export  # noqa: E402
from peerreview_desktop.core import comments, identity, review_document, reviews  # noqa: E402
from peerreview_desktop.core.packages import import_paths  # noqa: E402
from peerreview_desktop.core.store import Store  # noqa: E402

pytest_plugins = ["package_fixtures"]

HOST = ("Imogen Halloway", "Lindenmoor Primary", "headteacher")


@pytest.fixture
def host_store(pair: Pair, tmp_path):  # noqa: ANN201
    """The host's own data folder, holding the lead reviewer's draft imported through the real package path."""
    draft = export(pair, tmp_path / "draft.zip", kind="draft")
    host = Store.open(tmp_path / "host")
    identity.init(host, *HOST, PASSPHRASE)
    identity.trust(host, (pair.root / "cards" / "reviewer.card").read_bytes(), "reviewer")
    [result] = import_paths(host, [draft])
    assert result.status == "imported"
    yield host
    host.close()


@pytest.fixture
def host_ctx(qapp, host_store, errors):  # noqa: ANN001, ANN201
    from peerreview_desktop.ui.context import AppContext

    c = AppContext(host_store, inline=True)
    c.show_error = errors
    yield c
    c.flush()
    c.worker.wait()
    c.deleteLater()


class Runs(list):
    """Dialogs the window would have shown, recorded instead of run."""

    def __call__(self, dialog) -> int:  # noqa: ANN001
        self.append(dialog)
        return 0


def test_an_imported_draft_opens_as_the_hosts_comment_screen(qtbot, host_ctx, pair: Pair, open_main, errors):
    rid = pair.review_id
    with host_ctx.store.read() as s:
        assert reviews.get(s, rid).mode == "host"
    w = open_main(host_ctx)
    runs = Runs()
    w.prompts.run = runs
    w.open_review(rid)
    assert w.page() == "host-check"
    view = w.host_check
    assert "Imogen Halloway" in view.banner.title.text() and "Lindenmoor" in view.banner.title.text()
    doc = review_document.build(host_ctx.store, rid)
    assert len(view.cards) == len(doc["findings"]) + len(doc["judgements"]) > 0
    editors = [e for e in view.findChildren(QLineEdit) + view.findChildren(QTextEdit) +
               view.findChildren(QPlainTextEdit) if e is not view.composer.text]
    assert editors == []  # nothing to edit but the comment
    assert not w.acts.new_note.isEnabled() and w.acts.report.isEnabled()

    fid = doc["findings"][0]["id"]
    qtbot.mouseClick(view.cards[("finding", fid)], Qt.MouseButton.LeftButton)
    view.composer.set_stance("challenge")
    qtbot.keyClicks(view.composer.text, "The library reopened in March, not May.")
    qtbot.mouseClick(view.composer.add, Qt.MouseButton.LeftButton)
    assert errors == []
    made = comments.list_comments(host_ctx.store, rid)
    assert [(c.target_id, c.stance, c.author) for c in made] == [(fid, "challenge", "Imogen Halloway")]

    qtbot.mouseClick(view.banner.report, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.banner.send, Qt.MouseButton.LeftButton)
    report, dialog = runs
    assert type(report).__name__ == "ReportDialog"
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == ["response"]
    assert dialog.kind.currentData() == "response" and dialog.export_button.isEnabled()


def test_leaving_the_host_check_needs_no_reviewer(qtbot, host_ctx, pair: Pair, open_main):
    w = open_main(host_ctx)
    w.open_review(pair.review_id)
    qtbot.mouseClick(w.host_check.banner.back_button, Qt.MouseButton.LeftButton)
    assert w.page() == "list"
