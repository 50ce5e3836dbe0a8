"""The evidence a judgement rests on: the linked notes, listed by activity, time and place (never by ID); notes
dragged from the notes list are linked by dropping them here; a picker ticks notes tagged with the criterion; Delete
unlinks the selected note; Enter or a double-click opens it."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.notes import NoteView
from ..core.vocabulary import ACTIVITIES, MARKERS
from .widgets import marker_icon, muted, section_label, uk_datetime

NOTE_IDS_MIME = "application/x-peerreview-note-ids"  # newline-separated note IDs (dragged from the notes list)
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
EMPTY_TEXT = ("No evidence linked yet. Drag notes here from the notes list, or choose Link notes… to pick from the "
              "notes tagged with it.")


def first_line(text: str, limit: int = 220) -> str:
    line = next((ln.strip() for ln in (text or "").splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def note_heading(n: NoteView) -> str:
    """"Lesson visit · Thu 12 Nov 2026, 10:40 · Year 4 classroom" — how a note is named to a reader."""
    where = " / ".join(p for p in (n.place, n.year_group, n.subject) if p)
    parts = [ACTIVITIES.get(n.activity, n.activity), uk_datetime(n.occurred_at), where]
    return " · ".join(p for p in parts if p)


def note_ids_from(mime: QMimeData) -> list[str]:
    if not mime.hasFormat(NOTE_IDS_MIME):
        return []
    raw = bytes(mime.data(NOTE_IDS_MIME).data()).decode("utf-8", "replace")
    return [i.strip() for i in raw.splitlines() if i.strip()]


def note_ids_mime(ids: list[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(NOTE_IDS_MIME, "\n".join(ids).encode("utf-8"))
    return mime


class EvidenceModel(QAbstractListModel):
    """The notes a judgement rests on. Notes dropped on it (NOTE_IDS_MIME) are offered by `notes_dropped`; the
    panel decides (the review may be read-only)."""

    notes_dropped = Signal(list)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.notes: list[NoteView] = []
        self.accept_drops = True

    def set_notes(self, items: list[NoteView]) -> None:
        self.beginResetModel()
        self.notes = list(items)
        self.endResetModel()

    def ids(self) -> list[str]:
        return [n.id for n in self.notes]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.notes)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or not 0 <= index.row() < len(self.notes):
            return None
        n = self.notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{note_heading(n)}\n{first_line(n.text) or '(no text yet)'}"
        if role == Qt.ItemDataRole.DecorationRole:
            return marker_icon(n.marker, 14)
        if role == Qt.ItemDataRole.ToolTipRole:
            by = f" — {n.author}" if n.author else ""
            return f"{MARKERS.get(n.marker, n.marker)}{by}\n\n{n.text[:1200]}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{MARKERS.get(n.marker, n.marker)} note: {note_heading(n)}. {first_line(n.text, 300)}"
        if role == NOTE_ID_ROLE:
            return n.id
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        drop = Qt.ItemFlag.ItemIsDropEnabled if self.accept_drops else Qt.ItemFlag.NoItemFlags
        if not index.isValid():
            return drop
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | drop  # a drop on a note links too

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [NOTE_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction | Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        return self.accept_drops and bool(note_ids_from(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        ids = note_ids_from(data)
        if not self.accept_drops or not ids:
            return False
        self.notes_dropped.emit(ids)
        return False  # the panel links them through a service; the model reloads from the store


class EvidenceList(QListView):
    """Linked notes; says what to do when there are none. Delete unlinks; Enter or double-click opens."""

    unlink = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Evidence notes linked to this judgement")
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setSpacing(2)
        self.setIconSize(QSize(14, 14))
        self.setMinimumHeight(150)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0:
            p = QPainter(self.viewport())
            p.setPen(muted(self))
            p.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                       int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), EMPTY_TEXT)
            p.end()

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentIndex().isValid():
            self.unlink.emit()
            return
        super().keyPressEvent(event)


class EvidenceSection(QWidget):
    """The "Evidence" heading with Link notes… and Unlink, above the list of linked notes."""

    pick_requested = Signal()
    unlink_requested = Signal(str)  # the selected note's ID
    notes_dropped = Signal(list)  # note IDs
    note_opened = Signal(str)  # a note's ID

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = section_label("Evidence", self)
        self.link_button = QPushButton("Link notes…", self)
        self.link_button.setAccessibleName("Link evidence notes to this judgement")
        self.link_button.setToolTip("Choose notes tagged with this criterion (Ctrl+L)")
        self.link_button.clicked.connect(self.pick_requested)
        self.unlink_button = QPushButton("Unlink", self)
        self.unlink_button.setAccessibleName("Unlink the selected note from this judgement")
        self.unlink_button.setToolTip("Unlink the selected note (Delete)")
        self.unlink_button.clicked.connect(self._unlink)
        self.model = EvidenceModel(self)
        self.model.notes_dropped.connect(self.notes_dropped)
        self.view = EvidenceList(self)
        self.view.setModel(self.model)
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        self.view.unlink.connect(self._unlink)
        head = QHBoxLayout()
        head.addWidget(self.label)
        head.addStretch(1)
        head.addWidget(self.link_button)
        head.addWidget(self.unlink_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addLayout(head)
        lay.addWidget(self.view, 1)

    def set_notes(self, linked: list[NoteView]) -> None:
        self.model.set_notes(linked)
        n = len(linked)
        self.label.setText(f"Evidence ({n} note{'s' if n != 1 else ''} linked)" if n else "Evidence")

    def set_locked(self, locked: bool) -> None:
        self.link_button.setEnabled(not locked)
        self.unlink_button.setEnabled(not locked and self.model.rowCount() > 0)
        self.model.accept_drops = not locked

    def _unlink(self) -> None:
        idx = self.view.currentIndex()
        if idx.isValid():
            self.unlink_requested.emit(idx.data(NOTE_ID_ROLE))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.note_opened.emit(index.data(NOTE_ID_ROLE))


class EvidencePicker(QDialog):
    """Tick the notes a judgement rests on: those tagged with the criterion (and any already linked), or every
    note of the review; a filter narrows the list by words."""

    def __init__(self, parent: QWidget | None, all_notes: list[NoteView], linked: set[str], code: str, title: str):
        super().__init__(parent)
        self.setWindowTitle(f"Link evidence to {code}")
        self.setMinimumSize(560, 460)
        self.code, self.all_notes, self.checked = code, all_notes, set(linked)
        intro = QLabel(f"Tick the notes that the judgement on <b>{code} {title}</b> rests on.", self)
        intro.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by words in the note, place or author")
        self.filter.setAccessibleName("Filter notes")
        self.filter.setClearButtonEnabled(True)
        self.show_all = QCheckBox(f"Show every note in the review, not only those tagged {code}", self)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Notes to link")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Link ticked notes")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        for w in (intro, self.filter, self.show_all, self.list, self.empty, buttons):
            lay.addWidget(w, 1 if w is self.list else 0)
        self.filter.textChanged.connect(self._fill)
        self.show_all.toggled.connect(self._fill)
        self.list.itemChanged.connect(self._ticked)
        self._fill()

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        words = self.filter.text().casefold().split()
        for n in self.all_notes:
            if not (self.show_all.isChecked() or self.code in n.criteria or n.id in self.checked):
                continue
            hay = " ".join((n.text, n.place, n.year_group, n.subject, n.author, note_heading(n))).casefold()
            if any(w not in hay for w in words):
                continue
            item = QListWidgetItem(marker_icon(n.marker, 14), f"{note_heading(n)}\n{first_line(n.text)}", self.list)
            item.setData(NOTE_ID_ROLE, n.id)
            item.setToolTip(n.text[:1200])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if n.id in self.checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        shown = self.list.count()
        self.empty.setText("" if shown else (
            "No note matches the filter." if words else
            f"No note is tagged {self.code} yet. Tick “Show every note” to pick from all of them."))
        self.empty.setVisible(not shown)

    def _ticked(self, item: QListWidgetItem) -> None:
        nid = item.data(NOTE_ID_ROLE)
        if item.checkState() == Qt.CheckState.Checked:
            self.checked.add(nid)
        else:
            self.checked.discard(nid)

    def chosen(self) -> list[str]:
        order = {n.id: i for i, n in enumerate(self.all_notes)}
        return sorted(self.checked, key=lambda i: order.get(i, 0))

    @classmethod
    def choose(cls, parent: QWidget | None, all_notes: list[NoteView], linked: set[str], code: str,
               title: str) -> list[str] | None:
        dlg = cls(parent, all_notes, linked, code, title)
        return dlg.chosen() if dlg.exec() == QDialog.DialogCode.Accepted else None
