"""The profile dialog: on first run it makes the profile and a signing key together, off the main thread, from a
passphrase typed twice, then shows the key's fingerprint words; a short or mismatched passphrase blocks saving and
says why beside the field; later it shows the key's fingerprint and ID and saves the profile without a passphrase."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from peerreview_desktop.core import identity, profile
from peerreview_desktop.ui.context import AppContext
from peerreview_desktop.ui.profile_dialog import ProfileDialog, save_profile

PASSPHRASE = "kestrel lantern orchard"


@pytest.fixture
def threaded_ctx(qapp, store, errors):  # noqa: ANN001, ANN201
    """A context whose slow work really runs on the worker thread, as in the app."""
    c = AppContext(store)
    c.show_error = errors
    yield c
    c.worker.wait()
    c.deleteLater()


def open_dialog(qtbot, ctx) -> ProfileDialog:  # noqa: ANN001
    d = ProfileDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow, timeout=2000)
    return d


def fill_in(qtbot, d: ProfileDialog, first: str, again: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(d.name, "Jordan Ellis")
    qtbot.keyClicks(d.school, "Millbrook Primary School")
    d.role.setFocus()
    d.role.lineEdit().selectAll()
    qtbot.keyClicks(d.role, "Lead reviewer")
    qtbot.keyClicks(d.passphrase.first, first)
    qtbot.keyClicks(d.passphrase.again, again)


def stored(store) -> tuple:  # noqa: ANN001
    with store.read() as s:
        p, k = profile.get(s), identity.own_key(s)
        return (p.name, p.school, p.role) if p else None, k.key_id if k else None


def test_first_run_makes_the_profile_and_a_key_off_the_main_thread_and_shows_its_fingerprint(threaded_ctx, qtbot,
                                                                                             errors):
    ctx = threaded_ctx
    d = open_dialog(qtbot, ctx)
    assert d.first_run and d.windowTitle() == "Welcome to Peer Review Desktop"
    assert "no way to recover" in d.passphrase.explanation.text()
    fill_in(qtbot, d, PASSPHRASE, PASSPHRASE)
    assert d.save_button.isEnabled() and d.save_button.text() == "Create profile and key"

    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    assert d.busy and not d.name.isEnabled() and not d.save_button.isEnabled()  # the worker has the key to seal
    d.reject()
    assert d.isVisible()  # not closed half way through
    qtbot.waitUntil(lambda: d.ready_page.isVisible(), timeout=15_000)

    assert not errors
    mine = identity.show(ctx.store)
    assert (mine["name"], mine["school"], mine["role"]) == ("Jordan Ellis", "Millbrook Primary School",
                                                            "lead reviewer")
    assert d.new_fingerprint.text() == mine["fingerprint"] and len(mine["fingerprint"].split()) == 8
    assert d.new_fingerprint.words[0].font().pointSizeF() > d.font().pointSizeF() * 1.4  # large enough to read out
    assert mine["key_id"] in d.new_fingerprint.key_id.text()
    assert mine["fingerprint"] in d.new_fingerprint.accessibleName()
    assert identity.unlock(ctx.store, PASSPHRASE).age_identity.startswith("AGE-SECRET-KEY-1")
    assert ctx.store.actor.name == "Jordan Ellis"
    assert d.passphrase.value() == ""  # not kept once the key is sealed

    assert d.done_button.isVisible() and not d.save_button.isVisible()
    qtbot.keyClick(d.done_button, Qt.Key.Key_Return)
    assert d.result() == d.DialogCode.Accepted


def test_passphrases_that_differ_block_saving_and_say_so_beside_the_field(ctx, qtbot):
    d = open_dialog(qtbot, ctx)
    fill_in(qtbot, d, PASSPHRASE, "kestrel lantern")
    assert not d.save_button.isEnabled()
    assert d.passphrase.again_note.isHidden()  # still typing the start of it: no complaint yet
    qtbot.keyClicks(d.passphrase.again, " orchid")
    assert not d.save_button.isEnabled()
    assert not d.passphrase.again_note.isHidden()
    assert d.passphrase.again_note.text() == "The two passphrases do not match."
    assert d.passphrase.again.accessibleDescription() == "The two passphrases do not match."
    d.accept()  # Enter, or a click that slipped through, stores nothing
    assert d.isVisible() and stored(ctx.store) == (None, None)

    d.passphrase.again.clear()
    qtbot.keyClicks(d.passphrase.again, PASSPHRASE)
    assert d.passphrase.again_note.isHidden() and d.save_button.isEnabled()


def test_a_passphrase_shorter_than_eight_characters_is_refused(ctx, qtbot):
    d = open_dialog(qtbot, ctx)
    fill_in(qtbot, d, "", "")
    assert not d.save_button.isEnabled()
    assert d.message.text() == "Choose a passphrase of at least 8 characters to protect your key."
    qtbot.keyClicks(d.passphrase.first, "maple12")
    qtbot.keyClicks(d.passphrase.again, "maple12")
    assert not d.save_button.isEnabled()
    assert d.passphrase.first_note.text() == "At least 8 characters: 1 more to go."
    assert d.message.isHidden()  # said once, beside the field
    qtbot.keyClick(d.passphrase.first, Qt.Key.Key_3)
    assert d.passphrase.first_note.isHidden()
    assert not d.save_button.isEnabled()  # the two differ now
    qtbot.keyClick(d.passphrase.again, Qt.Key.Key_3)
    assert d.save_button.isEnabled()


def test_first_run_needs_a_name_first(ctx, qtbot):
    d = open_dialog(qtbot, ctx)
    assert not d.save_button.isEnabled()
    assert "Type your name" in d.message.text()


def test_the_passphrase_can_be_shown_while_typing(ctx, qtbot):
    d = open_dialog(qtbot, ctx)
    assert d.passphrase.first.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClick(d.name, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(d.passphrase.show_text.isChecked, timeout=1000)  # a mnemonic clicks the box (animated)
    assert d.passphrase.first.echoMode() == d.passphrase.again.echoMode() == QLineEdit.EchoMode.Normal


def test_later_the_profile_shows_its_key_and_saves_without_a_passphrase(ctx, qtbot):
    fingerprint = identity.init(ctx.store, "Jordan Ellis", "Millbrook Primary School", "observer", PASSPHRASE)
    key_id = identity.show(ctx.store)["key_id"]
    d = open_dialog(qtbot, ctx)
    assert not d.first_run and d.name.text() == "Jordan Ellis" and d.role_value() == "observer"
    assert d.fingerprint.isVisible() and d.passphrase.isHidden()
    assert d.fingerprint.text() == fingerprint
    assert d.fingerprint.key_id.text() == f"Key ID {key_id}"
    d.name.setText("Jordan Ellis-Hart")
    assert d.save_button.isEnabled() and d.save_button.text() == "Save"
    d.accept()
    assert d.result() == d.DialogCode.Accepted
    assert stored(ctx.store) == (("Jordan Ellis-Hart", "Millbrook Primary School", "observer"), key_id)


def test_a_profile_without_a_key_saves_as_it_is_or_makes_one(ctx, qtbot):
    save_profile(ctx.store, "Jordan Ellis", "Millbrook Primary School", "observer")
    d = open_dialog(qtbot, ctx)
    assert d.fingerprint.isHidden() and d.passphrase.isVisible()
    assert "no signing key yet" in d.key_note.text()
    d.name.setText("Jordan Ellis-Hart")
    assert d.save_button.isEnabled() and d.save_button.text() == "Save"
    qtbot.keyClicks(d.passphrase.first, PASSPHRASE)
    assert not d.save_button.isEnabled()  # a passphrase begun must be confirmed
    qtbot.keyClicks(d.passphrase.again, PASSPHRASE)
    assert d.save_button.text() == "Save and make key"
    d.accept()  # the test context runs the work at once
    assert d.ready_page.isVisible()
    name, key_id = stored(ctx.store)
    assert name == ("Jordan Ellis-Hart", "Millbrook Primary School", "observer") and key_id
    assert d.new_fingerprint.text() == identity.show(ctx.store)["fingerprint"]
