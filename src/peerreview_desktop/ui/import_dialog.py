"""Import review packages: choose files or a whole folder (or drop them on the dialog); each package is verified
before anything is stored, off the main thread, and listed with what happened to it in plain words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import age_crypto
from ..core.changes import Changes
from ..core.packages import PackageResult, import_paths
from ..core.packages.apply import choose_conflict
from ..core.packages.importer import expand
from .keys_dialog import ask_passphrase
from .widgets import heading_font

STATUS_WORDS = {
    "imported": "Imported",
    "duplicate": "Already here",
    "superseded": "Newer version",
    "conflict": "Conflict: both kept",
    "refused": "Refused",
}
# each outcome's icon (a shape, so colour is never the only sign) and text colour, readable on a light background
STATUS_LOOKS = {
    "imported": (QStyle.StandardPixmap.SP_DialogApplyButton, "#1b6e33"),
    "duplicate": (QStyle.StandardPixmap.SP_MessageBoxInformation, "#4a5560"),
    "superseded": (QStyle.StandardPixmap.SP_BrowserReload, "#20476b"),
    "conflict": (QStyle.StandardPixmap.SP_MessageBoxWarning, "#8a4b00"),
    "refused": (QStyle.StandardPixmap.SP_MessageBoxCritical, "#a4231b"),
}
KIND_WORDS = {"final": "final review", "draft": "draft", "notes": "team notes", "response": "host's response"}


class _Relay(QObject):
    progress = Signal(int, int, str)


class ImportDialog(QDialog):
    COLUMNS = ("Package", "Result", "What happened")

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import review packages")
        self.setMinimumSize(820, 460)
        self.setAcceptDrops(True)
        # swappable in tests
        self.ask_passphrase = ask_passphrase
        self.choose_files = lambda: QFileDialog.getOpenFileNames(
            self, "Choose review packages", str(Path.home()), "Review packages (*.zip *.age);;All files (*)")[0]
        self.choose_folder = lambda: QFileDialog.getExistingDirectory(self, "Choose a folder of packages",
                                                                      str(Path.home()))
        self.paths: list[str] = []
        self.results: list[PackageResult] = []
        self._relay = _Relay(self)
        self._relay.progress.connect(self._progress)

        heading = QLabel("Import review packages", self)
        heading.setFont(heading_font(self.font(), 1.3))
        intro = QLabel("Each package is checked before anything is stored: its signature must come from a key you "
                       "trust, and every file must be exactly as it was signed. A refused package changes nothing.",
                       self)
        intro.setWordWrap(True)
        self.files_button = QPushButton("Choose &Files…", self)
        self.folder_button = QPushButton("Choose a F&older…", self)
        self.files_button.clicked.connect(self.add_files)
        self.folder_button.clicked.connect(self.add_folder)
        row = QHBoxLayout()
        row.addWidget(self.files_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(self.COLUMNS)
        self.list.setAccessibleName("Packages and what happened to each")
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # one line a package; the details pane has it all
        self.list.header().setStretchLastSection(True)
        self.list.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.details = QLabel(self)  # the selected package's outcome in full (a long refusal reason wraps here)
        self.details.setObjectName("importDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setStyleSheet("QLabel#importDetails { border: 1px solid palette(mid); border-radius: 6px;"
                                   " padding: 8px; }")
        self.details.setAccessibleName("What happened to the selected package")
        self.details.hide()
        self.empty = QLabel("Choose package files or a folder, or drop them here.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Import progress")
        self.progress.hide()
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start)
        self.choose_button = self.buttons.addButton("&Use This Version", QDialogButtonBox.ButtonRole.ActionRole)
        self.choose_button.setToolTip("Make the selected conflicting package the current version of its review "
                                      "(the version it replaces is kept)")
        self.choose_button.hide()
        self.choose_button.clicked.connect(self.use_selected)
        self.list.itemSelectionChanged.connect(self._selection)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(intro)
        lay.addLayout(row)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.details)
        lay.addWidget(self.progress)
        lay.addWidget(self.summary)
        lay.addWidget(self.buttons)

    # -- choosing --------------------------------------------------------------------------------------------------
    def add_paths(self, paths: list[str]) -> None:
        for p in paths:
            if p and p not in self.paths:
                self.paths.append(p)
                item = QTreeWidgetItem([Path(p).name + ("/" if Path(p).is_dir() else ""), "Waiting", str(p)])
                self.list.addTopLevelItem(item)
        self.empty.setVisible(not self.paths)
        self.import_button.setEnabled(bool(self.paths))
        self.import_button.setDefault(bool(self.paths))

    def add_files(self) -> None:
        self.add_paths(self.choose_files())

    def add_folder(self) -> None:
        folder = self.choose_folder()
        if folder:
            self.add_paths([folder])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt naming
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt naming
        self.add_paths([u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()

    # -- importing -------------------------------------------------------------------------------------------------
    def start(self) -> None:
        paths = list(self.paths)
        secret = None
        if any(age_crypto.is_age(f) for f in expand(paths)):
            secret = self.ask_passphrase(self, "Some packages are encrypted to you. Type your passphrase to open them.")
            if not secret:
                return
        for b in (self.import_button, self.files_button, self.folder_button):
            b.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.summary.setText("Checking and importing…")
        relay = self._relay

        def work():  # noqa: ANN202 - off the main thread; progress reaches the dialog by signal
            return import_paths(self.ctx.store, paths, secret, progress=lambda i, n, name: relay.progress.emit(i, n, name))

        self.ctx.submit(work, self._finished)

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if name:
            self.summary.setText(f"Checking {name} ({done + 1} of {total})…")

    def _selection(self) -> None:
        items = self.list.selectedItems()
        r = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        self.choose_button.setVisible(isinstance(r, PackageResult) and r.status == "conflict")
        if isinstance(r, PackageResult):
            self.details.setText(f"<b>{Path(r.path).name}</b> — {items[0].text(1)}<br>{items[0].text(2)}")
        self.details.setVisible(isinstance(r, PackageResult))

    def use_selected(self) -> None:
        items = self.list.selectedItems()
        r = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        if not isinstance(r, PackageResult) or r.status != "conflict":
            return
        item = items[0]

        def chosen(_changes) -> None:  # noqa: ANN001
            r.status = "imported"
            self._show_outcome(item, r)
            item.setText(1, "Chosen")
            item.setText(2, f"This version from {(r.signer or {}).get('name', 'the signer')} is now the current one; "
                            "the one it replaced is kept.")
            self._selection()

        self.ctx.submit(lambda: choose_conflict(self.ctx.store, r.package_id), chosen)

    def _finished(self, results: list[PackageResult]) -> None:
        self.results = results
        self.progress.hide()
        self.list.clear()
        for r in results:
            item = QTreeWidgetItem([Path(r.path).name, STATUS_WORDS.get(r.status, r.status), describe(r)])
            item.setToolTip(2, describe(r))
            item.setData(0, Qt.ItemDataRole.UserRole, r)
            self._show_outcome(item, r)
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(0)
        self.list.resizeColumnToContents(1)
        self.list.setColumnWidth(0, min(self.list.columnWidth(0), 240))  # long file names must not squeeze the reason
        worst = next((i for i, r in enumerate(results) if r.status == "refused"), 0 if results else None)
        if worst is not None:
            self.list.setCurrentItem(self.list.topLevelItem(worst))
        self.summary.setText(summarise(results))
        self.summary.setAccessibleName(self.summary.text())
        self.paths = []
        for b in (self.files_button, self.folder_button):
            b.setEnabled(True)
        if any(r.status in ("imported", "superseded", "conflict") for r in results):
            self.ctx.changed.emit(Changes(reviews=True, review=True, notes=True, comments=True, ids=[
                r.review_id for r in results if r.review_id]))


    def _show_outcome(self, item: QTreeWidgetItem, r: PackageResult) -> None:
        pixmap, colour = STATUS_LOOKS.get(r.status, STATUS_LOOKS["duplicate"])
        item.setIcon(1, self.style().standardIcon(pixmap) if r.status in STATUS_LOOKS else QIcon())
        item.setForeground(1, QBrush(QColor(colour)))
        font = item.font(1)
        font.setBold(r.status in ("refused", "conflict"))
        item.setFont(1, font)


def describe(r: PackageResult) -> str:
    """One plain sentence per package."""
    if r.status == "refused":
        return r.message
    who = (r.signer or {}).get("name", "someone")
    what = KIND_WORDS.get(r.kind or "", "package")
    lead = f"The {what} from {who}"
    if r.status == "duplicate":
        return f"{lead} was imported before; nothing changed."
    if r.status == "conflict":
        return f"{lead} branches from an earlier version than the one here; both are kept for you to choose."
    if r.kind == "notes" and "added" in r.detail:
        return (f"{lead}: {r.detail['added']} notes added, {r.detail.get('updated', 0)} updated, "
                f"{r.detail.get('conflicts', 0)} to choose between.")
    if r.kind == "response":
        return f"{lead}: {r.detail.get('comments_added', 0)} comments added."
    if r.status == "superseded":
        return f"{lead} replaces the earlier version (which is kept)."
    return f"{lead} is imported (revision {r.revision})."


def summarise(results: list[PackageResult]) -> str:
    if not results:
        return "No package files were found there."
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    parts = [f"{counts[s]} {word.lower()}" for s, word in STATUS_WORDS.items() if s in counts]
    return "Done: " + ", ".join(parts) + "."
