"""Whole journeys through the main window's menus (pytest-qt, offscreen, work inline): the host check on the reviewer's
laptop from "Show to host" to a second version, and the partnership lead importing a signed package and opening the
overview. The window's questions (`window.prompts`) are answered by the test; everything else is real."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from peerreview_desktop.core import comments, host_mode, identity, lifecycle, review_document
from peerreview_desktop.core.demo import DEMO_ID
from peerreview_desktop.core.errors import KeyError_
from peerreview_desktop.core.packages import export_package
from peerreview_desktop.core.store import Store
from peerreview_desktop.ui.sample_partnership import SCHOOLS, final_review

LEFT = Qt.MouseButton.LeftButton
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def _lead_and_package(tmp_path_factory, _template_dir):
    """A partnership lead's data folder that trusts a reviewer, and that reviewer's signed package of a final review
    (built once: sealing keys and rendering the final report take a moment)."""
    root = tmp_path_factory.mktemp("lead-and-package")
    for name in ("reviewer", "lead"):
        shutil.copytree(_template_dir, root / name)
    reviewer, lead = Store.open(root / "reviewer"), Store.open(root / "lead")
    try:
        identity.init(reviewer, "Alys Brennan-Ford", "Quillfield Primary", "reviewer", PASSPHRASE)
        identity.init(lead, "Tobias Ekwueme", "Harrowmere Partnership", "partnership lead", PASSPHRASE)
        identity.trust(lead, identity.card_bytes(reviewer, PASSPHRASE), "reviewer")
        rid = final_review(reviewer, SCHOOLS[0])
        (root / "usb").mkdir()
        export_package(reviewer, rid, root / "usb" / "ashcombe-vale-final.zip", kind="final", passphrase=PASSPHRASE)
    finally:
        reviewer.close()
        lead.close()
    return root


@pytest.fixture
def lead_store(tmp_path, _lead_and_package):
    shutil.copytree(_lead_and_package / "lead", tmp_path / "lead")
    s = Store.open(tmp_path / "lead")
    yield s
    s.close()


def menu_action(window, menu: str, text: str):  # noqa: ANN001, ANN201
    """The action called `text` in the menu `menu` of the window's menu bar (mnemonics and "…" ignored)."""
    def plain(s: str) -> str:
        return s.replace("&", "").replace("…", "").strip()

    for top in window.menuBar().actions():
        if plain(top.text()) == menu:
            for act in top.menu().actions():
                if plain(act.text()) == text:
                    return act
    raise AssertionError(f"no {menu} › {text}")


def choose(window, menu: str, text: str) -> None:  # noqa: ANN001
    act = menu_action(window, menu, text)
    assert act.isEnabled(), f"{menu} › {text} is disabled"
    act.trigger()


def test_host_check_from_show_to_host_to_a_second_version(qtbot, ctx, open_main, errors):
    identity.init(ctx.store, "Sam Ellery", "Northfold Primary", "lead reviewer", PASSPHRASE)
    w = open_main(ctx)
    w.prompts.host_name = lambda _parent, suggested: "Ruth Amadi"
    w.prompts.confirm = lambda title, text, detail, button: True
    choose(w, "File", "Open the Demo Review")
    assert w.page() == "review" and w.workspace.review_id == DEMO_ID

    choose(w, "Review", "Show to Host")
    assert w.page() == "host" and host_mode.active(ctx.store).host == "Ruth Amadi"
    enabled = {a.text().replace("&", "") for a in w.acts.all if a.isEnabled()}
    assert enabled == {"Quit", "Keyboard Shortcuts", "About Peer Review Desktop"}
    assert not w.acts.toolbar.isVisible() and not w.workspace.isVisible()

    view = w.host_view
    finding = review_document.build(ctx.store, DEMO_ID)["findings"][0]["id"]
    qtbot.mouseClick(view.cards[("finding", finding)], LEFT)
    qtbot.keyClicks(view.composer.text, "The library reopened in March, not May.")
    qtbot.mouseClick(view.composer.add, LEFT)
    [comment] = comments.list_comments(ctx.store, DEMO_ID)
    assert (comment.author, comment.target_id) == ("Ruth Amadi", finding)

    answers = iter(["Ruth Amadi", PASSPHRASE])  # the host's own name first: refused
    w.prompts.reviewer_secret = lambda _parent, reviewer, has_keys: next(answers)
    qtbot.mouseClick(view.banner.button, LEFT)
    assert [type(e) for e in errors] == [KeyError_] and w.page() == "host"
    assert host_mode.active(ctx.store) is not None
    qtbot.mouseClick(view.banner.button, LEFT)
    assert w.page() == "review" and host_mode.active(ctx.store) is None
    ws = w.workspace
    assert ws.tabs.currentWidget() is ws.comments and ws.tabs.tabText(ws.tabs.currentIndex()) == "Host comments (1)"

    card = ws.comments.cards[comment.id]
    qtbot.keyClicks(card.reason, "Corrected the date in the finding.")
    qtbot.mouseClick(card.buttons["accepted"], LEFT)
    assert comments.list_comments(ctx.store, DEMO_ID)[0].resolution == "accepted"
    assert ws.tabs.tabText(ws.tabs.currentIndex()) == "Host comments"

    choose(w, "Review", "Finalise Review")
    assert lifecycle.versions(ctx.store, DEMO_ID)[-1].status == "final"
    assert ws.header.status.text() == "Final  ·  version 1"
    assert ws.banner.isVisible() and "reopen it to make version 2" in ws.banner.label.text()
    ws.focus_pane(1)
    ws.notes.select_row(0)
    assert ws.editor.note_id and ws.editor.text.isReadOnly()
    assert not w.acts.new_note.isEnabled() and not w.acts.finalise.isEnabled() and w.acts.reopen.isEnabled()

    choose(w, "Review", "Reopen as New Version")
    assert [v.version for v in lifecycle.versions(ctx.store, DEMO_ID)] == [1, 2]
    assert ws.header.status.text() == "In progress  ·  version 2"
    assert not ws.banner.isVisible() and not ws.editor.text.isReadOnly()
    assert w.acts.new_note.isEnabled() and w.acts.finalise.isEnabled()
    assert len(errors) == 1
    w.close()


def test_a_restart_in_host_mode_opens_straight_into_it(qtbot, demo_ctx, open_main):
    host_mode.enter(demo_ctx.store, DEMO_ID, "Ruth Amadi")
    w = open_main(demo_ctx)
    assert w.resume_host_mode()
    assert w.page() == "host" and w.host_view.review_id == DEMO_ID
    w.show_list()  # nothing gets round it: not the list, not a review, not the overview
    w.open_review(DEMO_ID)
    w.show_partnership()
    assert w.page() == "host"
    QApplication.processEvents()
    w.close()


def test_the_partnership_page_shows_the_schools_of_an_imported_package(qtbot, open_main, lead_store,
                                                                       _lead_and_package, errors):
    from peerreview_desktop.ui.context import AppContext

    folder = _lead_and_package / "usb"
    ctx = AppContext(lead_store, inline=True)
    ctx.show_error = errors
    w = open_main(ctx)
    assert w.acts.partnership_tool.isVisible()  # a partnership lead: the overview is on the toolbar from the start

    def import_the_folder(dlg) -> int:  # noqa: ANN001
        dlg.choose_folder = lambda: str(folder)
        dlg.ask_passphrase = lambda *_a, **_k: PASSPHRASE
        dlg.folder_button.click()
        dlg.import_button.click()
        return 1

    w.prompts.run = import_the_folder
    choose(w, "File", "Import Packages")
    assert w.list_screen.model.rowCount() == 1 and w.list_screen.model.has_received()

    qtbot.keyClick(w, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.page() == "partnership"
    view = w.partnership
    heat = view.heatmap.model
    assert [heat.index(r, 0).data() for r in range(heat.rowCount())] == ["Ashcombe Vale Primary School"]
    assert "1 of 1 schools reviewed" in view.subtitle.text()
    view.open_review.emit(view.review_ids()[0])
    assert w.page() == "review" and w.workspace.summary.school == "Ashcombe Vale Primary School"
    assert w.workspace.locked and not w.acts.new_note.isEnabled() and not w.acts.show_to_host.isEnabled()
    assert errors == []
    w.close()
    ctx.worker.wait()


@pytest.mark.parametrize("menu, text", [("Review", "Show to Host"), ("Review", "Report"),
                                        ("Review", "Export Package"), ("Review", "Finalise Review"),
                                        ("Note", "New Note")])
def test_review_actions_wait_for_an_open_review(ctx, open_main, menu, text):
    w = open_main(ctx)
    assert w.page() == "list" and not menu_action(w, menu, text).isEnabled()
    assert menu_action(w, "File", "Import Packages").isEnabled()
    assert not w.acts.partnership_tool.isVisible()  # a reviewer with no imported reviews: not on the toolbar
    w.close()


@pytest.mark.parametrize("menu, text, dialog", [("File", "Your Profile", "ProfileDialog"),
                                                ("File", "Keys and Trusted Colleagues", "KeysDialog"),
                                                ("File", "Import Packages", "ImportDialog"),
                                                ("Review", "Export Package", "ExportDialog"),
                                                ("Review", "Report", "ReportDialog")])
def test_each_dialog_opens_from_its_menu_for_the_open_review(window, menu, text, dialog):
    opened = []
    window.prompts.run = lambda dlg: opened.append(dlg) or 0
    choose(window, menu, text)
    assert [type(d).__name__ for d in opened] == [dialog]
    if hasattr(opened[0], "review_id"):
        assert opened[0].review_id == DEMO_ID


def test_notes_to_choose_between_after_an_import_are_offered_in_the_conflicts_view(window):
    from peerreview_desktop.core import merge, notes
    from peerreview_desktop.core.packages import PackageResult
    from peerreview_desktop.ui.workspace import CONFLICTS

    store = window.ctx.store
    note = review_document.build(store, DEMO_ID)["notes"][0]
    notes.update(store, note["id"], text=note["text"] + " Seen again after lunch.")
    with store.write() as s:  # what importing a team member's notes package did
        merge.merge_notes(s, DEMO_ID, {"id": DEMO_ID, "notes": [dict(note, text=note["text"] + " (Year 2.)")]},
                          "Jo Kettle")
    asked = []
    window.prompts.confirm = lambda title, text, detail, button: asked.append(text) or True
    window.show_list()
    window.commands.after_import([PackageResult("jo-notes.zip", "imported", kind="notes", review_id=DEMO_ID,
                                                detail={"added": 0, "updated": 0, "conflicts": 1})])
    assert asked == ["1 note was changed both here and on a team member's laptop."]
    ws = window.workspace
    assert window.page() == "review" and ws.tabs.currentIndex() == CONFLICTS
    assert ws.tabs.isTabVisible(CONFLICTS) and ws.tabs.tabText(CONFLICTS) == "Conflicts (1)"
    assert ws.conflicts.list.count() == 1


def test_the_list_follows_reviews_added_while_it_is_hidden(window):
    from peerreview_desktop.core import reviews

    plan = reviews.Plan(school="Harrowgate Fields Primary", framework="school-peer-review", start_date="2027-02-01")
    window.ctx.call(reviews.new_review, plan)
    assert window.page() == "review"
    assert window.list_screen.model.rowCount() == 2
