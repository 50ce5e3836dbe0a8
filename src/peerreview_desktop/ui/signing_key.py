"""A reviewer's signing key, as the profile shows it: the passphrase chosen for a new key (typed twice, checked as
it is typed, with what it is for and that it cannot be recovered), and the key's fingerprint, eight words large
enough to read aloud to a colleague, with its key ID."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from .notices import warning_text
from .widgets import heading_font

MIN_LENGTH = 8
EXPLANATION = (
    "<p style='margin-bottom:6px'>Packages you send are signed with this key, so that colleagues can check they come "
    "from you. A passphrase protects it: you type the passphrase whenever you sign a package.</p>"
    f"<p style='margin-bottom:6px'>Use at least {MIN_LENGTH} characters; a few unrelated words are easy to remember "
    "and hard to guess.</p>"
    "<p><b>There is no way to recover a forgotten passphrase:</b> you would have to make a new key.</p>")
MISMATCH = "The two passphrases do not match."
READ_ALOUD = ("Read these words to a colleague to confirm your key: they check them against the words they have "
              "for you.")


def passphrase_problem(first: str, second: str) -> str:
    """Why `first` (typed again as `second`) cannot protect a key yet, in one sentence; "" when it can."""
    if len(first) < MIN_LENGTH:
        return f"Choose a passphrase of at least {MIN_LENGTH} characters to protect your key."
    if second != first:
        return "Type the passphrase again to confirm it." if first.startswith(second) else MISMATCH
    return ""


def inline_label(parent: QWidget) -> QLabel:
    return QLabel(parent)  # one short line, beside its field


class PassphraseFields(QWidget):
    """The passphrase for a new key, typed twice. Under each field, as you type: how many characters are still
    needed, and whether the two differ (once the second is not the start of the first)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.explanation = QLabel(EXPLANATION, self)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.first = QLineEdit(self)
        self.first.setAccessibleName("Passphrase that protects your signing key")
        self.again = QLineEdit(self)
        self.again.setAccessibleName("The passphrase again, to confirm it")
        for edit in (self.first, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self._typed)
        self.first_note = inline_label(self)
        self.again_note = inline_label(self)
        self.again_note.setAccessibleName("Passphrase mismatch")
        self.show_text = QCheckBox("Sho&w the passphrase as I type", self)
        self.show_text.setAccessibleName("Show the passphrase as you type it")
        self.show_text.toggled.connect(self._reveal)
        self.form = form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Passphrase:", self.first)
        form.addRow("", self.first_note)
        form.addRow("Type it &again:", self.again)
        form.addRow("", self.again_note)
        form.addRow("", self.show_text)
        for note in (self.first_note, self.again_note):
            form.setRowVisible(note, False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(self.explanation)
        lay.addLayout(form)

    def value(self) -> str:
        return self.first.text()

    def noted(self) -> bool:
        """Whether a note beside a field already says what is wrong."""
        return bool(self.first_note.text() or self.again_note.text())

    def is_empty(self) -> bool:
        return not self.first.text() and not self.again.text()

    def problem(self) -> str:
        return passphrase_problem(self.first.text(), self.again.text())

    def clear(self) -> None:
        self.first.clear()
        self.again.clear()

    def _typed(self) -> None:
        first, again = self.first.text(), self.again.text()
        short = MIN_LENGTH - len(first)
        self._note(self.first, self.first_note, f"At least {MIN_LENGTH} characters: {short} more to go."
                   if first and short > 0 else "", warn=False)
        self._note(self.again, self.again_note, MISMATCH if again and not first.startswith(again) else "", warn=True)
        self.changed.emit()

    def _note(self, edit: QLineEdit, label: QLabel, text: str, warn: bool) -> None:
        label.setText(text)
        self.form.setRowVisible(label, bool(text))
        edit.setAccessibleDescription(text)
        pal = label.palette()
        colour = warning_text(self.palette()) if warn else self.palette().color(QPalette.ColorRole.PlaceholderText)
        pal.setColor(QPalette.ColorRole.WindowText, colour)
        label.setPalette(pal)

    def _reveal(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        for edit in (self.first, self.again):
            edit.setEchoMode(mode)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._typed()


class FingerprintView(QFrame):
    """The eight fingerprint words in two rows of four, large, on a panel in the palette's alternate colour; the key
    ID beneath them."""

    def __init__(self, parent: QWidget | None = None, scale: float = 1.6):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.scale = scale
        self.words: list[QLabel] = []
        self.key_id = QLabel(self)
        self.key_id.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_id.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.key_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid = QGridLayout(self)  # the words in rows 0 and 1, the key ID across row 2
        self.grid.setContentsMargins(18, 14, 18, 12)
        self.grid.setHorizontalSpacing(22)
        self.grid.setVerticalSpacing(10)
        self.grid.addWidget(self.key_id, 2, 0, 1, 4)

    def set_key(self, fingerprint: str, key_id: str) -> None:
        for lab in self.words:
            lab.deleteLater()
        self.words = []
        font = heading_font(self.font(), self.scale, bold=False)
        font.setWeight(QFont.Weight.DemiBold)
        for i, word in enumerate(fingerprint.split()):
            lab = QLabel(word, self)
            lab.setFont(font)
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(lab, i // 4, i % 4)
            self.words.append(lab)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF())
        self.key_id.setFont(mono)
        self.key_id.setText(f"Key ID {key_id}")
        self.setAccessibleName(f"Your key's fingerprint: {fingerprint}")
        self.setAccessibleDescription(f"Key ID {' '.join(key_id)}")

    def text(self) -> str:
        return " ".join(lab.text() for lab in self.words)
