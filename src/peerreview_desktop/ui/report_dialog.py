"""Report…: save the open review's report as a PDF (confidential notes left out). The file name is suggested —
"<School> peer review <date>.pdf" in the user's Documents — the PDF is rendered off the main thread, and then the
dialog offers to open it, with a small picture of its first page when `pdftoppm` is on this computer (Qt's PDF module
is not part of PySide6-Essentials; without either, there is no preview rather than a fake one)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import PeerReviewError
from ..core.review_index import summary
from .widgets import heading_font, uk_date

PREVIEW_WIDTH = 300


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def suggested_name(school: str, start_date: str | None) -> str:
    """"Lindenmoor Primary School peer review 12 November 2026.pdf", safe on every file system."""
    name = f"{school} peer review {uk_date(start_date)}".strip()
    return " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).split()).strip(" .") + ".pdf"


def first_page_png(pdf: Path, width: int = PREVIEW_WIDTH * 2) -> bytes | None:
    """Page 1 as PNG bytes, drawn by `pdftoppm` (poppler); None when it is not installed or fails."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(prefix="peerreview-preview-") as tmp:
        out = Path(tmp) / "page"
        try:
            subprocess.run([tool, "-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to", str(width), str(pdf),
                            str(out)], check=True, capture_output=True, timeout=30)
            return out.with_suffix(".png").read_bytes()
        except (OSError, subprocess.SubprocessError):
            return None


class ReportDialog(QDialog):
    def __init__(self, ctx, review_id: str, parent: QWidget | None = None, open_url=None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx, self.review_id = ctx, review_id
        self.saved: Path | None = None
        self.info = None
        self.open_url = open_url or QDesktopServices.openUrl  # swappable in tests
        self.choose_save = lambda start: QFileDialog.getSaveFileName(self, "Save the report", start, "PDF (*.pdf)")[0]
        s = summary(ctx.store, review_id)
        self.setWindowTitle("Report")
        self.setMinimumWidth(620)
        heading = QLabel(f"Report: {s.school}", self)
        heading.setFont(heading_font(self.font(), 1.3))
        what = ("The final report of the review." if s.status == "final" else
                "A draft report of the review as it stands, marked DRAFT on every page.")
        intro = QLabel(f"{what} Confidential notes are never included.", self)
        intro.setWordWrap(True)
        self.path = QLineEdit(str(documents_folder() / suggested_name(s.school, s.start_date)), self)
        self.path.setAccessibleName("Save the report to")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        label = QLabel("&Save to:", self)
        label.setBuddy(self.path)
        row.addWidget(label)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setAccessibleName("Making the report")
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = QLabel(self)
        self.preview.setAccessibleName("The report's first page")
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = self.buttons.addButton("Save &Report", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.start)
        self.open_button = self.buttons.addButton("&Open", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setToolTip("Open the report in your PDF reader")
        self.open_button.clicked.connect(self.open_report)
        self.open_button.hide()
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        for w in (heading, intro):
            lay.addWidget(w)
        lay.addLayout(row)
        lay.addWidget(self.progress)
        lay.addWidget(self.message)
        lay.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(1)
        lay.addWidget(self.buttons)

    def browse(self) -> None:
        path = self.choose_save(self.path.text())
        if path:
            self.path.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def start(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.message.setText("Choose where to save the report.")
            return
        path = Path(text).expanduser()
        self._busy(True)
        self.message.setText("Making the report…")
        store, rid = self.ctx.store, self.review_id

        def work():  # noqa: ANN202 - off the main thread; a user's error comes back as a value
            from ..core.report_service import write_report

            try:
                return write_report(store, rid, path)
            except PeerReviewError as exc:
                return exc

        self.ctx.submit(work, self._done, store_work=False)

    def _busy(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.save_button.setEnabled(not on)
        self.path.setEnabled(not on)

    def _done(self, outcome) -> None:  # noqa: ANN001
        self._busy(False)
        if isinstance(outcome, PeerReviewError):
            self.message.setText(str(outcome))
            return
        self.info, self.saved = outcome, Path(outcome.path)
        pages = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
        self.message.setText(f"Saved the report ({pages}) to {self.saved}.")
        self.message.setAccessibleName(self.message.text())
        self.save_button.setText("Save &Again")
        self.save_button.setDefault(False)
        self.open_button.show()
        self.open_button.setDefault(True)
        self.open_button.setFocus()
        pdf = self.saved
        self.ctx.submit(lambda: first_page_png(pdf), self._show_preview, store_work=False)

    def _show_preview(self, png: bytes | None) -> None:
        pm = QPixmap()
        if not png or not pm.loadFromData(png, "PNG"):
            return  # no poppler here: the Open button is enough
        pm.setDevicePixelRatio(max(1.0, pm.width() / PREVIEW_WIDTH))
        self.preview.setPixmap(pm)
        self.preview.show()
        self.adjustSize()

    def open_report(self) -> None:
        if self.saved is not None:
            self.open_url(QUrl.fromLocalFile(str(self.saved)))
