"""Export a review as a signed package: which kind, whether to encrypt it to a trusted partnership lead (the only way
confidential notes leave this computer), and where to save it (a folder, a USB stick, a synced drive). The package
is written off the main thread; the passphrase is asked first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import identity, reviews
from ..core.errors import PeerReviewError
from ..core.packages import contents, export_package
from ..core.packages.format import slug
from .keys_dialog import ROLE_LABELS, ask_passphrase
from .widgets import heading_font

KIND_LABELS = {
    "final": ("Final review", "The locked review with its final report, for the partnership lead."),
    "draft": ("Draft for the host", "The draft and its DRAFT report, for the host headteacher's factual-accuracy check."),
    "notes": ("Notes for the team", "The plan and your own notes, for the team to merge (no judgements or findings)."),
    "response": ("Host's response", "Your comments on the draft, back to the lead reviewer."),
}


class ExportDialog(QDialog):
    def __init__(self, ctx, review_id: str, parent: QWidget | None = None, kind: str | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Export a review package")
        self.setMinimumWidth(600)
        # swappable in tests
        self.ask_passphrase = ask_passphrase
        self.choose_save = lambda start: QFileDialog.getSaveFileName(
            self, "Save the package", start, "Review packages (*.zip *.age)")[0]
        self.result_info = None
        with ctx.store.read() as s:
            r = reviews.get(s, review_id)
            self.review_id, mode, status, default = r.id, r.mode, r.status, contents.default_kind(r)
        school = reviews.summary(ctx.store, self.review_id).school

        heading = QLabel(f"Export “{school}”", self)
        heading.setFont(heading_font(self.font(), 1.3))
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Kind of package")
        for k in contents.ALLOWED.get(mode, ()):
            if (k == "final") != (status == "final") and k in ("final", "draft"):
                continue
            self.kind.addItem(KIND_LABELS[k][0], k)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind or default)))
        self.kind_help = QLabel(self)
        self.kind_help.setWordWrap(True)
        self.recipient = QComboBox(self)
        self.recipient.setAccessibleName("Encrypt to")
        self.recipient.addItem("Not encrypted (no confidential notes)", None)
        live = [t for t in identity.list_trusted(ctx.store) if t.revoked_at is None]
        for t in sorted(live, key=lambda t: (t.role != "lead", t.name)):
            self.recipient.addItem(f"{t.name} — {ROLE_LABELS.get(t.role, t.role)} ({t.key_id})", t.key_id)
        leads = [i for i in range(self.recipient.count()) if any(
            t.key_id == self.recipient.itemData(i) and t.role == "lead" for t in live)]
        self._leads = {self.recipient.itemData(i) for i in leads}
        self.recipient.setCurrentIndex(leads[0] if leads and default == "final" else 0)
        self.confidential = QLabel(self)
        self.confidential.setWordWrap(True)
        self.dest = QLineEdit(self)
        self.dest.setAccessibleName("Save to")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.browse)
        self._school_slug = slug(school)
        row = QHBoxLayout()
        row.addWidget(self.dest, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Kind:", self.kind)
        form.addRow("", self.kind_help)
        form.addRow("&Encrypt to:", self.recipient)
        form.addRow("", self.confidential)
        save_label = QLabel("&Save to:", self)
        save_label.setBuddy(self.dest)
        form.addRow(save_label, row)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Export progress")
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton("E&xport", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._update)
        self.recipient.currentIndexChanged.connect(self._update)
        self._update()
        if self.kind.count() == 0:
            self.message.setText("This review was imported read-only; it cannot be exported as a package of yours.")
            self.export_button.setEnabled(False)

    def _suggested(self) -> str:
        ext = ".age" if self.recipient.currentData() else ".zip"
        folder = Path(self.dest.text()).parent if self.dest.text() else Path.home()
        return str(folder / f"{self._school_slug}-{self.kind.currentData() or 'package'}{ext}")

    def _update(self) -> None:
        kind = self.kind.currentData()
        self.kind_help.setText(KIND_LABELS[kind][1] if kind else "")
        to = self.recipient.currentData()
        self.confidential.setText(
            "Confidential notes are included: only this partnership lead can open the package." if to in self._leads
            else "Confidential notes are left out." if to else
            "Anyone with the file can read it; confidential notes are left out.")
        if not self.dest.isModified():
            self.dest.setText(self._suggested())

    def browse(self) -> None:
        path = self.choose_save(self.dest.text() or self._suggested())
        if path:
            self.dest.setText(path)
            self.dest.setModified(True)

    def start(self) -> None:
        kind, to, out = self.kind.currentData(), self.recipient.currentData(), self.dest.text().strip()
        if not kind or not out:
            self.message.setText("Choose a kind of package and where to save it.")
            return
        secret = self.ask_passphrase(self, "Type your passphrase to sign the package.")
        if not secret:
            return
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.message.setText("Writing the package…")

        def work():  # noqa: ANN202 - off the main thread; a user's error comes back as a value
            try:
                return export_package(self.ctx.store, self.review_id, out, kind=kind, encrypt_to=to, passphrase=secret)
            except PeerReviewError as exc:
                return exc

        self.ctx.submit(work, self._finished)

    def _finished(self, outcome) -> None:  # noqa: ANN001
        self.progress.hide()
        if isinstance(outcome, PeerReviewError):
            self.export_button.setEnabled(True)
            self.message.setText(str(outcome))
            self.ctx.show_error(self, outcome)
            return
        self.ctx.changed.emit(outcome)
        res = outcome.value
        self.result_info = res
        self.progress.hide()
        to = f", encrypted to {res.recipient_label}" if res.recipient else ""
        self.message.setText(f"Saved the {res.kind} package (revision {res.revision}{to}) to {res.path}.")
        self.message.setAccessibleName(self.message.text())
        self.buttons.clear()
        done = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        done.clicked.connect(self.accept)
