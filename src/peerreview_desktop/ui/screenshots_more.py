"""Screenshots 07–12, each set in a scratch folder (see ui/screenshots.py): host mode, the host comments and the
history on a copy of the user's store; the partnership overview and the import results on a fictional partnership;
a host headteacher checking an imported draft on their own laptop."""

from __future__ import annotations

from ..core import comments, demo, findings, host_mode, identity, lifecycle, review_document
from ..core.models import Setting
from ..core.store import Store
from .screenshots import Shots, over_window, remove, scratch_folder, settle


def _host_mode_off(store: Store) -> None:
    """On the scratch copy only: whatever state the user's copy was in, no host mode (it is switched off here
    directly, as the reviewer's passphrase is not known)."""
    with store.write() as s:
        for key in (host_mode.HOST, host_mode.REVIEW, host_mode.SINCE):
            row = s.get(Setting, key)
            if row is not None:
                s.delete(row)
    store.refresh_actor()


def host_check_scenes(shots: Shots, store) -> None:  # noqa: ANN001
    """07 host mode with the host's comments, 08 the comments to resolve, 09 the history."""
    from .workspace import HISTORY

    scratch = scratch_folder()
    copy = window = None
    try:
        store.backup(scratch / "peerreview.db")
        copy = Store.open(scratch)
        _host_mode_off(copy)
        rid = demo.ensure_demo(copy).value
        if lifecycle.versions(copy, rid)[-1].status == "final":
            lifecycle.reopen(copy, rid)
        doc = review_document.build(copy, rid)
        window = shots.window(copy)
        window.prompts.host_name = lambda _parent, _suggested: "Ruth Amadi"
        window.open_review(rid)
        window.commands.show_to_host()
        for kw, text, stance in (
                ({"finding": doc["findings"][0]["id"]}, "The phonics check figure for 2026 was 77%, not 79%.",
                 "challenge"),
                ({"criterion": doc["judgements"][0]["criterion"]}, "A fair picture of leadership.", "accept"),
                ({"finding": doc["findings"][5]["id"]}, "Persistent absence fell to 14% this term; the figure quoted "
                                                         "is last year's.", "challenge")):
            comments.add(copy, rid, text, stance=stance, **kw)
        view = window.host_view
        view.reload()
        view.select("finding", doc["findings"][0]["id"])
        view.composer.text.setPlainText("The phonics scheme changed in September 2025, not 2024.")
        settle()
        shots.save("07-host-mode.png", window.grab())
        _host_mode_off(copy)
        window._host_left()
        first = comments.list_comments(copy, rid)[0]
        finding = doc["findings"][0]
        window.ctx.call(findings.update, finding["id"], text=finding["text"].replace("to 79%", "to 77%"))
        window.ctx.call(comments.resolve, first.id, "accepted", "Corrected the figure to 77% in the finding.")
        settle()
        shots.save("08-host-comments.png", window.grab())
        window.workspace.show_tab(HISTORY)
        settle()
        shots.save("09-history.png", window.grab())
    finally:
        if window is not None:
            window.close()
            settle()
        if copy is not None:
            copy.close()
        remove(scratch)


def partnership_scenes(shots: Shots) -> None:
    """10 the partnership overview of a few imported fictional reviews; 11 the import dialog after a good and a
    tampered package."""
    from . import sample_partnership
    from .import_dialog import ImportDialog

    scratch = scratch_folder()
    lead = window = None
    try:
        sample = sample_partnership.build(scratch)
        lead = Store.open(sample.lead_dir)
        window = shots.window(lead)
        window.show_partnership()
        settle()
        shots.save("10-partnership.png", window.grab())
        dlg = ImportDialog(window.ctx, window)
        dlg.ask_passphrase = lambda *_a, **_k: sample_partnership.PASSPHRASE
        dlg.add_paths([str(sample.good), str(sample.tampered)])
        dlg.start()  # the screenshots' context runs work inline: the results are in when this returns
        dlg.resize(dlg.minimumWidth(), dlg.minimumHeight())  # the default size: it must read well there
        shots.save("11-import-results.png", over_window(window, dlg))
        dlg.deleteLater()
    finally:
        if window is not None:
            window.close()
            settle()
        if lead is not None:
            lead.close()
        remove(scratch)


def remote_host_scene(shots: Shots) -> None:
    """12 the host headteacher's own copy of the app: a draft package imported, a comment being written."""
    from ..core.packages import export_package, import_paths

    scratch = scratch_folder()
    reviewer = host = window = None
    secret = "sample host check only"
    try:
        reviewer, host = Store.open(scratch / "reviewer"), Store.open(scratch / "host")
        identity.init(reviewer, "Priya Raman", "Kestrel Brook Primary School", "lead reviewer", secret)
        identity.init(host, "Ruth Amadi", "Lindenmoor Primary School", "headteacher", secret)
        identity.trust(host, identity.card_bytes(reviewer, secret), "reviewer")
        rid = demo.ensure_demo(reviewer).value
        draft = export_package(reviewer, rid, scratch / "draft.zip", kind="draft",
                               private_keys=identity.unlock(reviewer, secret)).value.path
        import_paths(host, [draft])
        doc = review_document.build(host, rid)
        comments.add(host, rid, "Persistent absence fell to 14% this term; the figure quoted is last year's.",
                     stance="challenge", finding=doc["findings"][5]["id"])
        window = shots.window(host)
        window.open_review(rid)
        view = window.host_check
        view.select("finding", doc["findings"][0]["id"])
        view.composer.set_stance("challenge")
        view.composer.text.setPlainText("The phonics check figure for 2026 was 77%, not 79%.")
        settle()
        shots.save("12-host-check-own-laptop.png", window.grab())
    finally:
        if window is not None:
            window.close()
            settle()
        for store in (reviewer, host):
            if store is not None:
                store.close()
        remove(scratch)
