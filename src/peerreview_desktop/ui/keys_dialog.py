"""Keys: your own key's fingerprint (the words to read aloud to colleagues), your contact card and public key to hand
out, and the colleagues' keys you trust — trust a card (after comparing its fingerprint), revoke one.

Also the passphrase prompt the export and import dialogs use (`ask_passphrase`)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import cards, identity, profile
from ..core.changes import Changes
from ..core.errors import InvalidInput, KeyError_
from ..core.passphrase import ENV
from .widgets import heading_font, uk_date

ROLE_LABELS = {"lead": "Partnership lead", "reviewer": "Reviewer", "host": "Host headteacher"}


class PassphraseDialog(QDialog):
    """Asks for the passphrase of your key (twice when `confirm`, for new keys). The text is never kept."""

    def __init__(self, prompt: str, parent: QWidget | None = None, *, confirm: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Passphrase")
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName("Passphrase")
        self.again = QLineEdit(self)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("Passphrase again")
        self.again.setVisible(confirm)
        self.confirm = confirm
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.edit)
        if confirm:
            form.addRow("&Again:", self.again)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addWidget(buttons)
        self.setMinimumWidth(420)

    def _accept(self) -> None:
        if not self.edit.text():
            self.problem.setText("Type your passphrase.")
        elif self.confirm and self.again.text() != self.edit.text():
            self.problem.setText("The two passphrases differ.")
        else:
            self.accept()

    def value(self) -> str:
        return self.edit.text()


def ask_passphrase(parent: QWidget | None, prompt: str = "Type the passphrase that protects your key.",
                   *, confirm: bool = False) -> str | None:
    """The passphrase ($PEERREVIEW_PASSPHRASE when set, for portable and test use), else asked; None if cancelled."""
    if os.environ.get(ENV):
        return os.environ[ENV]
    dlg = PassphraseDialog(prompt, parent, confirm=confirm)
    return dlg.value() if dlg.exec() == QDialog.DialogCode.Accepted else None


def _item(text: str) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return it


class KeysDialog(QDialog):
    COLUMNS = ("Name", "School", "Trusted as", "Key ID", "Fingerprint", "Status")

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Keys")
        self.setMinimumSize(860, 520)
        # swappable in tests
        self.ask_passphrase = ask_passphrase
        self.choose_open = lambda title, filt: QFileDialog.getOpenFileName(self, title, str(Path.home()), filt)[0]
        self.choose_save = lambda title, name: QFileDialog.getSaveFileName(self, title, str(Path.home() / name))[0]
        self.confirm = lambda title, text: QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

        own = QGroupBox("Your key", self)
        self.own_name = QLabel(own)
        self.fingerprint = QLabel(own)
        self.fingerprint.setFont(heading_font(self.font(), 1.25))
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setAccessibleName("Your fingerprint")
        self.fingerprint.setWordWrap(True)
        self.own_hint = QLabel("Read these words to colleagues when they trust your contact card.", own)
        self.own_hint.setWordWrap(True)
        self.card_button = QPushButton("Export Contact &Card…", own)
        self.pub_button = QPushButton("Export &Public Key…", own)
        self.create_button = QPushButton("&Create My Keys…", own)
        self.card_button.clicked.connect(self.export_card)
        self.pub_button.clicked.connect(self.export_public)
        self.create_button.clicked.connect(self.create_keys)
        row = QHBoxLayout()
        row.addWidget(self.card_button)
        row.addWidget(self.pub_button)
        row.addWidget(self.create_button)
        row.addStretch(1)
        ol = QVBoxLayout(own)
        ol.addWidget(self.own_name)
        ol.addWidget(self.fingerprint)
        ol.addWidget(self.own_hint)
        ol.addLayout(row)

        trusted = QGroupBox("Keys you trust", self)
        self.table = QTableWidget(0, len(self.COLUMNS), trusted)
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setAccessibleName("Trusted keys")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.trust_button = QPushButton("&Trust a Card…", trusted)
        self.revoke_button = QPushButton("&Revoke", trusted)
        self.trust_button.clicked.connect(self.trust_card)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        tl = QVBoxLayout(trusted)
        tl.addWidget(self.table)
        trow = QHBoxLayout()
        trow.addWidget(self.trust_button)
        trow.addWidget(self.revoke_button)
        trow.addStretch(1)
        tl.addLayout(trow)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(own)
        lay.addWidget(trusted, 1)
        lay.addWidget(self.status)
        lay.addWidget(close)
        self.refresh()

    # -- view ------------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            mine = identity.show(self.ctx.store)
        except KeyError_:
            mine = None
        has = mine is not None
        self.own_name.setText(f"{mine['name']} · key {mine['key_id']}" if has else
                              "You have no keys yet. Create them to sign the packages you send.")
        self.fingerprint.setText(mine["fingerprint"] if has else "")
        self.fingerprint.setVisible(has)
        self.own_hint.setVisible(has)
        for b in (self.card_button, self.pub_button):
            b.setEnabled(has)
        self.create_button.setVisible(not has)
        self.rows = identity.list_trusted(self.ctx.store)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            status = f"Revoked {uk_date(r.revoked_at[:10])}" if r.revoked_at else "Trusted"
            for j, text in enumerate((r.name, r.school, ROLE_LABELS.get(r.role, r.role), r.key_id, r.fingerprint,
                                      status)):
                self.table.setItem(i, j, _item(text))
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        self.revoke_button.setEnabled(0 <= row < len(self.rows) and self.rows[row].revoked_at is None)

    def _done(self, text: str) -> None:
        self.ctx.changed.emit(Changes(keys=True))
        self.refresh()
        self.status.setText(text)
        self.status.setAccessibleName(text)

    # -- actions ---------------------------------------------------------------------------------------------------
    def create_keys(self) -> None:
        with self.ctx.store.read() as s:
            p = profile.get(s)
            details = (p.name, p.school, p.role) if p else None
        if details is None:
            self.ctx.show_error(self, KeyError_("Fill in your profile first (File › Your Profile)."))
            return
        secret = self.ask_passphrase(self, "Choose a passphrase to protect your new keys. You will need it to sign "
                                           "packages; it cannot be recovered if forgotten.", confirm=True)
        if secret:
            self.ctx.submit(lambda: identity.init(self.ctx.store, *details, secret),
                            lambda fp: self._done(f"Your keys are ready. Fingerprint: {fp}"))

    def export_card(self) -> None:
        path = self.choose_save("Save your contact card", "contact-card.json")
        if not path:
            return
        secret = self.ask_passphrase(self)
        if secret:
            self.ctx.submit(lambda: identity.export_card(self.ctx.store, path, secret),
                            lambda p: self._done(f"Your contact card is in {p}."), store_work=False)

    def export_public(self) -> None:
        path = self.choose_save("Save your public key", "signing-key.pub")
        if path:
            self.ctx.submit(lambda: identity.export_public(self.ctx.store, path),
                            lambda p: self._done(f"Your public key is in {p}."), store_work=False)

    def trust_card(self) -> None:
        path = self.choose_open("Trust a contact card", "Contact cards (*.json *.card);;All files (*)")
        if not path:
            return
        try:
            data = Path(path).read_bytes()[: cards.MAX_CARD_BYTES + 1]
            card = cards.read_card(data)
        except (OSError, InvalidInput) as exc:
            self.ctx.show_error(self, exc if isinstance(exc, InvalidInput)
                                else InvalidInput(f"{path} cannot be read."))
            return
        role = self.choose_role(card)
        if role:
            self.ctx.submit(lambda: identity.trust(self.ctx.store, data, role),
                            lambda ch: self._done(f"You now trust {ch.value.name}."))

    def choose_role(self, card: cards.Card) -> str | None:
        """Show the card's fingerprint to compare, and ask what to trust it as."""
        dlg = QDialog(self)
        dlg.setWindowTitle("Trust a contact card")
        text = QLabel(f"<b>{card.name}</b>, {card.school or 'no school given'} ({card.role})<br>Key {card.key_id}",
                      dlg)
        fp = QLabel(card.fingerprint, dlg)
        fp.setFont(heading_font(self.font(), 1.25))
        fp.setWordWrap(True)
        ask = QLabel("Ask them to read their fingerprint to you. Trust the card only if the words are the same.", dlg)
        ask.setWordWrap(True)
        combo = QComboBox(dlg)
        combo.setAccessibleName("Trust as")
        for key, label in ROLE_LABELS.items():
            combo.addItem(label, key)
        combo.setCurrentIndex(max(0, combo.findData("lead" if "lead" in card.role.lower() else "reviewer")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dlg)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Trust")
        buttons.accepted.connect(dlg.accept)
        buttons.rejected.connect(dlg.reject)
        lay = QVBoxLayout(dlg)
        for w in (text, fp, ask):
            lay.addWidget(w)
        form = QFormLayout()
        form.addRow("Trust &as:", combo)
        lay.addLayout(form)
        lay.addWidget(buttons)
        return combo.currentData() if dlg.exec() == QDialog.DialogCode.Accepted else None

    def revoke_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return
        r = self.rows[row]
        if self.confirm("Revoke key", f"Revoke {r.name}'s key {r.key_id}? Packages signed with it will be refused "
                                      "from now on. This cannot be undone."):
            self.ctx.submit(lambda: identity.revoke(self.ctx.store, r.key_id),
                            lambda ch: self._done(f"{r.name}'s key is revoked."))
