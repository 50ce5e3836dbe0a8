"""The lead's Import dialog, the Export dialog and the Keys dialog, over real data folders (work runs inline)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from package_helpers import PASSPHRASE, Pair, export  # noqa: E402
from peerreview_desktop.core import identity  # noqa: E402
from peerreview_desktop.core.packages import ledger  # noqa: E402

pytest_plugins = ["package_fixtures"]


@pytest.fixture
def lead_ctx(qapp, pair: Pair, errors):  # noqa: ANN001, ANN201
    from peerreview_desktop.ui.context import AppContext

    c = AppContext(pair.lead, inline=True)
    c.show_error = errors
    yield c
    c.deleteLater()


@pytest.fixture
def reviewer_ctx(qapp, pair: Pair, errors):  # noqa: ANN001, ANN201
    from peerreview_desktop.ui.context import AppContext

    c = AppContext(pair.reviewer, inline=True)
    c.show_error = errors
    yield c
    c.deleteLater()


def test_import_dialog_lists_each_package_with_its_outcome_in_words(qtbot, lead_ctx, pair: Pair, tmp_path, errors):
    from peerreview_desktop.ui.import_dialog import ImportDialog

    folder = tmp_path / "usb"
    folder.mkdir()
    export(pair, folder / "good.zip")
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    changed = []
    lead_ctx.changed.connect(changed.append)
    dlg = ImportDialog(lead_ctx)
    qtbot.addWidget(dlg)
    dlg.choose_folder = lambda: str(folder)
    dlg.folder_button.click()
    assert dlg.import_button.isEnabled()
    dlg.import_button.click()
    rows = {dlg.list.topLevelItem(i).text(0): (dlg.list.topLevelItem(i).text(1), dlg.list.topLevelItem(i).text(2))
            for i in range(dlg.list.topLevelItemCount())}
    assert rows["good.zip"][0] == "Imported" and "Alys Brennan-Ford" in rows["good.zip"][1]
    assert rows["broken.zip"][0] == "Refused" and "not a readable ZIP" in rows["broken.zip"][1]
    assert dlg.summary.text() == "Done: 1 imported, 1 refused."
    assert changed and changed[-1].reviews and not errors
    # again: the good one is already here
    dlg.choose_files = lambda: [str(folder / "good.zip")]
    dlg.files_button.click()
    dlg.import_button.click()
    assert dlg.list.topLevelItem(0).text(1) == "Already here"


def test_import_dialog_asks_for_the_passphrase_only_for_encrypted_packages(qtbot, lead_ctx, pair: Pair, tmp_path,
                                                                         monkeypatch):
    from peerreview_desktop.ui.import_dialog import ImportDialog

    monkeypatch.delenv("PEERREVIEW_PASSPHRASE", raising=False)
    enc = export(pair, tmp_path / "p.age", encrypt_to="Tobias Ekwueme")
    asked = []
    dlg = ImportDialog(lead_ctx)
    qtbot.addWidget(dlg)
    dlg.ask_passphrase = lambda *_a, **_k: asked.append(1) or PASSPHRASE
    dlg.add_paths([str(enc)])
    dlg.import_button.click()
    assert asked == [1] and dlg.list.topLevelItem(0).text(1) == "Imported"


def test_export_dialog_offers_the_lead_and_writes_an_encrypted_package(qtbot, reviewer_ctx, pair: Pair, tmp_path):
    from peerreview_desktop.ui.export_dialog import ExportDialog

    dlg = ExportDialog(reviewer_ctx, pair.review_id)
    qtbot.addWidget(dlg)
    kinds = [dlg.kind.itemData(i) for i in range(dlg.kind.count())]
    assert kinds == ["draft", "notes"]  # not final yet; a response is the host's
    lead_row = next(i for i in range(dlg.recipient.count()) if "Tobias Ekwueme" in dlg.recipient.itemText(i))
    dlg.recipient.setCurrentIndex(lead_row)
    assert "Confidential notes are included" in dlg.confidential.text()
    assert dlg.dest.text().endswith(".age")
    dlg.dest.setText(str(tmp_path / "out.age"))
    dlg.dest.setModified(True)
    dlg.ask_passphrase = lambda *_a, **_k: PASSPHRASE
    dlg.export_button.click()
    assert (tmp_path / "out.age").is_file() and "Saved the draft package" in dlg.message.text()
    assert [e.direction for e in ledger.entries(pair.reviewer, pair.review_id)] == ["out"]


def test_export_dialog_shows_a_wrong_passphrase_and_stays_open(qtbot, reviewer_ctx, pair: Pair, tmp_path, errors):
    from peerreview_desktop.ui.export_dialog import ExportDialog

    dlg = ExportDialog(reviewer_ctx, pair.review_id)
    qtbot.addWidget(dlg)
    dlg.dest.setText(str(tmp_path / "out.zip"))
    dlg.dest.setModified(True)
    dlg.ask_passphrase = lambda *_a, **_k: "wrong"
    dlg.export_button.click()
    assert "passphrase is not right" in dlg.message.text() and dlg.export_button.isEnabled()
    assert not (tmp_path / "out.zip").exists() and len(errors) == 1


def test_keys_dialog_shows_the_fingerprint_trusts_and_revokes(qtbot, lead_ctx, pair: Pair):
    from peerreview_desktop.ui.keys_dialog import KeysDialog

    dlg = KeysDialog(lead_ctx)
    qtbot.addWidget(dlg)
    assert dlg.fingerprint.text() == identity.show(pair.lead)["fingerprint"]
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 0).text() == "Alys Brennan-Ford"
    dlg.choose_open = lambda *_a: str(pair.root / "cards" / "stranger.card")
    dlg.choose_role = lambda card: "reviewer"
    dlg.trust_button.click()
    assert dlg.table.rowCount() == 2 and "You now trust Mallory Quince" in dlg.status.text()
    row = next(i for i in range(2) if dlg.table.item(i, 0).text() == "Mallory Quince")
    dlg.table.selectRow(row)
    dlg.confirm = lambda *_a: True
    dlg.revoke_button.click()
    row = next(i for i in range(2) if dlg.table.item(i, 0).text() == "Mallory Quince")
    assert dlg.table.item(row, 5).text().startswith("Revoked")


def test_import_dialog_lets_the_lead_choose_a_conflicting_version(qtbot, lead_ctx, pair: Pair, tmp_path):
    import shutil

    from peerreview_desktop.core import notes
    from peerreview_desktop.core.packages import export_package
    from peerreview_desktop.core.store import Store
    from peerreview_desktop.ui.import_dialog import ImportDialog

    export(pair, tmp_path / "1-base.zip")
    pair.reviewer.close()
    shutil.copytree(pair.root / "reviewer", pair.root / "laptop-two")
    pair.reviewer = Store.open(pair.root / "reviewer")
    export(pair, tmp_path / "2-a.zip")
    other = Store.open(pair.root / "laptop-two")
    try:
        notes.add(other, pair.review_id, "Written on the second laptop")
        export_package(other, pair.review_id, tmp_path / "3-b.zip", private_keys=pair.reviewer_keys)
    finally:
        other.close()
    dlg = ImportDialog(lead_ctx)
    qtbot.addWidget(dlg)
    dlg.add_paths([str(tmp_path / n) for n in ("1-base.zip", "2-a.zip", "3-b.zip")])
    dlg.import_button.click()
    conflict = next(dlg.list.topLevelItem(i) for i in range(3) if dlg.list.topLevelItem(i).text(1).startswith("Conflict"))
    assert dlg.choose_button.isHidden()
    dlg.list.setCurrentItem(conflict)
    assert not dlg.choose_button.isHidden()
    dlg.choose_button.click()
    assert conflict.text(1) == "Chosen"
    assert "Written on the second laptop" in [n.text for n in notes.list_notes(pair.lead, pair.review_id)]


def test_import_results_show_each_outcome_with_its_own_icon_and_colour_and_the_refusal_in_full(
        qtbot, lead_ctx, pair: Pair, tmp_path):
    from peerreview_desktop.ui.import_dialog import ImportDialog

    good = export(pair, tmp_path / "good.zip")
    broken = tmp_path / ("a-package-with-a-very-long-name-from-a-usb-stick-" * 3 + ".zip")
    broken.write_bytes(b"PK\x03\x04 not really")
    dlg = ImportDialog(lead_ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.add_paths([str(good), str(broken)])
    dlg.import_button.click()
    items = {dlg.list.topLevelItem(i).text(1): dlg.list.topLevelItem(i) for i in range(2)}
    ok, refused = items["Imported"], items["Refused"]
    assert not ok.icon(1).isNull() and not refused.icon(1).isNull()
    assert ok.icon(1).cacheKey() != refused.icon(1).cacheKey()
    assert ok.foreground(1).color() != refused.foreground(1).color()
    # the refused package is selected and its reason is shown in full, wrapped, within the default width
    assert dlg.list.currentItem() is refused
    assert dlg.details.isVisible() and dlg.details.wordWrap()
    assert refused.text(2) in dlg.details.text() and "not a readable ZIP" in dlg.details.text()
    assert dlg.width() == dlg.minimumWidth() and dlg.details.width() <= dlg.width()
    assert dlg.list.columnWidth(0) <= 240
    dlg.list.setCurrentItem(ok)
    assert "Alys Brennan-Ford" in dlg.details.text()
