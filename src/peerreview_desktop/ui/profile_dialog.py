"""The reviewer profile: who is using this copy of the app (name, school, role) and their signing key. Shown on
first run, where it makes the profile and the key together (`identity.init`, off the main thread: sealing the key
takes a moment) and then shows the key's fingerprint to read to colleagues; and from the menu, where it shows the
key's fingerprint and ID (or offers to make a key, for a profile that has none). The name goes on every note
written and into the audit trail."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ..core import identity, profile
from ..core.changes import Changes
from .signing_key import READ_ALOUD, FingerprintView, PassphraseFields
from .widgets import heading_font, section_label

ROLE_CHOICES = ("reviewer", "lead reviewer", "headteacher", "host headteacher", "partnership lead", "observer")
Button = QDialogButtonBox.StandardButton


def save_profile(store, name: str, school: str, role: str) -> Changes:  # noqa: ANN001
    """Store the profile (one write transaction) and act as this person from now on."""
    with store.write() as s:
        profile.save(s, name, school, role)
    store.refresh_actor()
    return Changes(review=True)


def make_profile_and_key(store, name: str, school: str, role: str, passphrase: str) -> str | Exception:  # noqa: ANN001
    """`identity.init` for a worker thread: the fingerprint, or the error as a value (the dialog shows it and stays
    open with everything typed)."""
    try:
        return identity.init(store, name, school, role, passphrase)
    except Exception as exc:  # noqa: BLE001
        return exc


class ProfileDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        with ctx.store.read() as s:
            p = profile.get(s)
            current = (p.name, p.school, p.role) if p else None
            has_key = identity.own_key(s) is not None
        self.first_run = current is None
        self.key = identity.show(ctx.store) if has_key and not self.first_run else None
        self.setWindowTitle("Welcome to Peer Review Desktop" if self.first_run else "Your profile")
        self.setMinimumWidth(600)

        self._form_page(current)
        self._ready_page()
        self.ready_page.hide()
        self.buttons = QDialogButtonBox(Button.Save | Button.Cancel | Button.Ok, self)
        self.save_button = self.buttons.button(Button.Save)
        self.save_button.setText("Create profile and key" if self.first_run else "Save")
        self.done_button = self.buttons.button(Button.Ok)
        self.done_button.setText("Done")
        self.done_button.hide()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.form_page, 1)
        lay.addWidget(self.ready_page, 1)
        lay.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()
        self.resize(self.minimumWidth(), self.heightForWidth(self.minimumWidth()))  # wrapped text at this width
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- layout ----------------------------------------------------------------------------------------------------
    def _form_page(self, current: tuple[str, str, str] | None) -> None:
        page = QWidget(self)
        heading = QLabel("Welcome" if self.first_run else "Your profile", page)
        heading.setFont(heading_font(self.font(), 1.4))
        intro = QLabel(
            "Tell us who you are. Your name goes on the evidence notes you write and on the reviews you sign; "
            "everything stays on this computer." if self.first_run else
            "Your name goes on the notes you write from now on; notes already written keep their author.", page)
        intro.setWordWrap(True)

        self.name = QLineEdit(page)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Jordan Ellis")
        self.school = QLineEdit(page)
        self.school.setAccessibleName("Your school")
        self.school.setPlaceholderText("e.g. Millbrook Primary School")
        self.role = QComboBox(page)
        self.role.setAccessibleName("Your role")
        self.role.setEditable(True)
        self.role.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for r in ROLE_CHOICES:
            self.role.addItem(r.capitalize(), r)
        if current:
            self.name.setText(current[0])
            self.school.setText(current[1])
            i = self.role.findData(current[2])
            if i >= 0:
                self.role.setCurrentIndex(i)
            else:
                self.role.setEditText(current[2].capitalize())
        form = QFormLayout()
        form.addRow("Your &name:", self.name)
        form.addRow("Your &school:", self.school)
        form.addRow("Your &role:", self.role)

        key_heading = section_label("Your signing key", page)
        self.passphrase = PassphraseFields(page)
        self.passphrase.changed.connect(self._check)
        self.fingerprint = FingerprintView(page, scale=1.3)
        if self.key:
            self.fingerprint.set_key(self.key["fingerprint"], self.key["key_id"])
        self.passphrase.setVisible(self.key is None)
        self.fingerprint.setVisible(self.key is not None)
        self.key_note = QLabel(READ_ALOUD if self.key else "You have no signing key yet: choose a passphrase to "
                               "make one now (you need it to sign packages), or save your profile without one.", page)
        self.key_note.setWordWrap(True)
        self.key_note.setVisible(not self.first_run)

        self.message = QLabel(page)
        self.message.setWordWrap(True)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message.setAccessibleName("What the profile still needs")
        self.progress = QProgressBar(page)
        self.progress.setRange(0, 0)  # busy: sealing the key takes a moment
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setAccessibleName("Making your signing key")
        self.progress.hide()

        labels = [form.labelForField(w) for w in (self.name, self.school, self.role)] + \
            [self.passphrase.form.labelForField(w) for w in (self.passphrase.first, self.passphrase.again)]
        width = max(lab.sizeHint().width() for lab in labels)
        for lab in labels:
            lab.setMinimumWidth(width)  # the two forms' fields line up

        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        for w in (heading, intro):
            lay.addWidget(w)
        lay.addLayout(form)
        lay.addSpacing(6)
        for w in (key_heading, self.key_note, self.fingerprint, self.passphrase, self.message, self.progress):
            lay.addWidget(w)
        lay.addStretch(1)
        self.form_page = page

    def _ready_page(self) -> None:
        page = QWidget(self)
        heading = QLabel("Your signing key is ready", page)
        heading.setFont(heading_font(self.font(), 1.4))
        intro = QLabel("These eight words are your key's fingerprint. Read them to a colleague to confirm your key: "
                       "they check them against the words they have for you.", page)
        intro.setWordWrap(True)
        self.new_fingerprint = FingerprintView(page)
        after = QLabel("The key's private part stays on this computer, sealed by your passphrase. You can see these "
                       "words again at any time under File › Your Profile.", page)
        after.setWordWrap(True)
        after.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(14)
        lay.addWidget(heading)
        lay.addWidget(intro)
        lay.addWidget(self.new_fingerprint)
        lay.addWidget(after)
        lay.addStretch(1)
        self.ready_page = page

    # -- checking --------------------------------------------------------------------------------------------------
    def role_value(self) -> str:
        text = self.role.currentText().strip()
        i = self.role.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.role.itemData(i) if i >= 0 else text.lower()

    def makes_key(self) -> bool:
        """Whether Save makes a key: always on first run; for a profile without one, once a passphrase is typed."""
        return self.key is None and (self.first_run or not self.passphrase.is_empty())

    def problem(self) -> str:
        if not self.name.text().strip():
            return "Type your name to continue; your school and role help the people who read your reviews."
        return self.passphrase.problem() if self.makes_key() else ""

    def _check(self) -> None:
        text = self.problem()
        self.save_button.setEnabled(not text and not self.busy)
        shown = "" if self.name.text().strip() and self.passphrase.noted() else text  # not said twice
        self.message.setText(shown)
        self.message.setVisible(bool(shown))
        if not self.first_run and self.key is None:
            self.save_button.setText("Save and make key" if self.makes_key() else "Save")

    # -- saving ----------------------------------------------------------------------------------------------------
    def accept(self) -> None:
        if self.ready_page.isVisibleTo(self):
            super().accept()
            return
        if self.busy or self.problem():
            self._check()
            return
        details = (self.name.text(), self.school.text(), self.role_value())
        if not self.makes_key():
            if self.ctx.call(save_profile, *details) is not None:  # else the reason was shown; the dialog stays open
                super().accept()
            return
        self._set_busy(True)
        store, secret = self.ctx.store, self.passphrase.value()
        self.ctx.submit(lambda: make_profile_and_key(store, *details, secret), self._made)

    def _made(self, outcome: str | Exception) -> None:
        self._set_busy(False)
        if isinstance(outcome, Exception):
            self.ctx.show_error(self, outcome)
            return
        self.passphrase.clear()
        self.ctx.changed.emit(Changes(review=True, keys=True))
        self.key = identity.show(self.ctx.store)
        self.new_fingerprint.set_key(outcome, self.key["key_id"])
        self.form_page.hide()
        self.ready_page.show()
        self.setWindowTitle("Your signing key is ready")
        self.save_button.hide()
        self.buttons.button(Button.Cancel).hide()
        self.done_button.show()
        self.done_button.setDefault(True)
        self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.adjustSize()  # the form was taller than what is left to show

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for w in (self.name, self.school, self.role, self.passphrase, self.buttons.button(Button.Cancel)):
            w.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.message.setText("Making your signing key…" if busy else "")
        self.message.setVisible(busy)
        if not busy:
            self._check()
        else:
            self.save_button.setEnabled(False)

    def reject(self) -> None:
        if self.ready_page.isVisibleTo(self):
            super().accept()  # the profile and key are made: Escape or closing the window is Done
        elif not self.busy:  # while the key is being written the dialog stays, to show how it went
            super().reject()
