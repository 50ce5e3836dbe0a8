"""The reviewer profile: who is using this copy of the app (name, school, role). Shown on first run and from the
menu; the name goes on every note written and into the audit trail."""

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
    QVBoxLayout,
    QWidget,
)

from ..core import profile
from ..core.changes import Changes
from .widgets import heading_font

ROLE_CHOICES = ("reviewer", "lead reviewer", "headteacher", "host headteacher", "partnership lead", "observer")


def save_profile(store, name: str, school: str, role: str) -> Changes:  # noqa: ANN001
    """Store the profile (one write transaction) and act as this person from now on."""
    with store.write() as s:
        profile.save(s, name, school, role)
    store.refresh_actor()
    return Changes(review=True)


class ProfileDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        with ctx.store.read() as s:
            p = profile.get(s)
            current = (p.name, p.school, p.role) if p else None
        self.first_run = current is None
        self.setWindowTitle("Welcome to Peer Review Desktop" if self.first_run else "Your profile")
        self.setMinimumWidth(520)

        heading = QLabel("Welcome" if self.first_run else "Your profile", self)
        heading.setFont(heading_font(self.font(), 1.4))
        intro = QLabel(
            "Tell us who you are. Your name goes on the evidence notes you write and on the reviews you sign; "
            "everything stays on this computer." if self.first_run else
            "Your name goes on the notes you write from now on; notes already written keep their author.", self)
        intro.setWordWrap(True)

        self.name = QLineEdit(self)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Jordan Ellis")
        self.school = QLineEdit(self)
        self.school.setAccessibleName("Your school")
        self.school.setPlaceholderText("e.g. Millbrook Primary School")
        self.role = QComboBox(self)
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

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Create profile" if self.first_run else "Save")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._check)

        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        lay.addWidget(heading)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addStretch(1)
        lay.addWidget(self.buttons)
        self._check()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def role_value(self) -> str:
        text = self.role.currentText().strip()
        i = self.role.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.role.itemData(i) if i >= 0 else text.lower()

    def _check(self) -> None:
        ok = bool(self.name.text().strip())
        self.save_button.setEnabled(ok)
        self.message.setText("" if ok else "Type your name to continue; your school and role help the people "
                                            "who read your reviews.")

    def accept(self) -> None:
        if not self.name.text().strip():
            self._check()
            return
        if self.ctx.call(save_profile, self.name.text(), self.school.text(), self.role_value()) is None:
            return  # the reason was shown; the dialog stays open
        super().accept()
