"""What the judgement panel shows and changes: the linked-evidence list model (which takes notes dropped from the
notes list) and its view, how a note is described to a reader (never by its ID), the evidence picker dialog, the
warning box and the roll-up strip, the undoable judgement command, and one read of everything the panel needs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPalette, QUndoCommand
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..core import judgements, notes, reviews
from ..core.changes import Changes
from ..core.errors import ReviewLocked
from ..core.frameworks import SPECIAL_COLOUR, FrameworkDef
from ..core.judgements import JudgementView
from ..core.notes import NoteView
from ..core.vocabulary import ACTIVITIES, MARKERS
from .context import AppContext, ServiceCommand
from .coverage_model import contrasting_text, mix
from .widgets import FlowLayout, marker_icon, muted, uk_datetime

NOTE_IDS_MIME = "application/x-peerreview-note-ids"  # newline-separated note IDs (dragged from the notes list)
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
WARNING = QColor("#c0392b")


def first_line(text: str, limit: int = 140) -> str:
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
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.accept_drops else Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

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


# -- undo ----------------------------------------------------------------------------------------------------------
class JudgementCommand(ServiceCommand):
    """One change to a criterion's judgement: `before` / `after` are whole states ({"grade", "rationale",
    "evidence"}) or None for "no judgement". Typing in one criterion's rationale merges into one undo step."""

    MERGE_ID = 0x6A756467

    def __init__(self, ctx: AppContext, review_id: str, code: str, before: dict | None, after: dict | None,
                 text: str, typing: bool = False):
        self.review_id, self.code, self.typing = review_id, code, typing
        self.before, self.after = before, after
        super().__init__(ctx, text, lambda: self._apply(self.after), lambda: self._apply(self.before))

    def _apply(self, state: dict | None) -> Changes:
        store = self.ctx.store
        if state is None:
            return judgements.clear(store, self.review_id, self.code)
        return judgements.judge(store, self.review_id, self.code, state["grade"], state["rationale"],
                                evidence=list(state["evidence"]))

    def id(self) -> int:  # noqa: A003 - Qt naming
        return self.MERGE_ID if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt naming
        if not isinstance(other, JudgementCommand) or not other.typing or other.failed \
                or (other.review_id, other.code) != (self.review_id, self.code):
            return False
        self.after = other.after
        return True


# -- one read of what the panel shows ------------------------------------------------------------------------------
@dataclass
class CriterionState:
    fw: FrameworkDef
    locked: str  # why the review cannot be changed ("" when it can)
    judgement: JudgementView | None
    warnings: list[str]
    rollup: dict[str, str | None]  # area code -> grade key (median) or None
    judged_count: dict[str, tuple[int, int]] = field(default_factory=dict)  # area -> (judged, criteria)
    tagged: Counter = field(default_factory=Counter)  # markers of the notes tagged with the criterion

    def saved(self) -> dict | None:
        j = self.judgement
        return None if j is None else {"grade": j.grade, "rationale": j.rationale, "evidence": list(j.evidence)}


def lock_reason(s, review_id: str) -> str:  # noqa: ANN001
    try:
        reviews.editable(s, review_id, "change judgements in")
    except ReviewLocked as exc:
        return str(exc)
    return ""


def read_state(store, review_id: str, code: str | None, note_markers: dict[str, str]) -> CriterionState:  # noqa: ANN001
    """Everything the panel shows for `code` in one read transaction (`note_markers`: note ID -> marker)."""
    with store.read() as s:
        r = reviews.get(s, review_id)
        fw = reviews.framework_of(s, r)
        locked = lock_reason(s, r.id)
        js = judgements.list_for(s, r.id, fw)
        markers = judgements.markers_by_criterion(s, r.id)
    j = next((x for x in js if x.criterion == code), None)
    warn = judgements.warnings(fw, j, markers.get(code), [note_markers[n] for n in j.evidence if n in note_markers]) \
        if j is not None else []
    judged = {x.criterion for x in js if x.grade != "not-judged"}
    counts = {a.code: (sum(1 for c in a.criteria if c.code in judged), len(a.criteria)) for a in fw.areas}
    return CriterionState(fw, locked, j, warn, judgements.area_rollup(fw, js), counts, markers.get(code, Counter()))


def review_notes(store, review_id: str) -> dict[str, NoteView]:  # noqa: ANN001
    return {n.id: n for n in notes.list_notes(store, review_id)}


# -- the picker ----------------------------------------------------------------------------------------------------
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
        self.empty.setForegroundRole(self.empty.foregroundRole())
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


# -- small parts of the panel --------------------------------------------------------------------------------------
def chip_style(colour: QColor, chosen: bool, pal: QPalette, widget: str = "QPushButton") -> str:
    base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
    bg, fg, edge = (colour, contrasting_text(colour), colour.darker(135)) if chosen else \
        (mix(base, colour, 0.2), text, mix(base, colour, 0.75))
    return (f"{widget} {{ background: {bg.name()}; color: {fg.name()}; border: 2px solid {edge.name()};"
            f" border-radius: 5px; padding: 5px 10px; {'font-weight: bold;' if chosen else ''} }}"
            f"{widget}:focus {{ border: 2px solid {pal.color(QPalette.ColorRole.Highlight).name()}; }}")


class EvidenceList(QListView):
    """Linked notes; says what to do when there are none. Delete unlinks; Enter or double-click opens."""

    unlink = Signal()

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0:
            p = QPainter(self.viewport())
            p.setPen(muted(self))
            text = self.property("emptyText") or ""
            p.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                       int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
            p.end()

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentIndex().isValid():
            self.unlink.emit()
            return
        super().keyPressEvent(event)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class WarningBox(QFrame):
    """Why a reader might doubt the judgement, in a box that cannot be missed (hidden when there is nothing)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("warnings")
        self.setAccessibleName("Warnings about this judgement")
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.text, 1)
        self.items: list[str] = []
        self.hide()

    def set_warnings(self, items: list[str]) -> None:
        self.items = list(items)
        self.setVisible(bool(items))
        if not items:
            return
        base = self.palette().color(QPalette.ColorRole.Base)
        self.setStyleSheet(f"QFrame#warnings {{ background: {mix(base, WARNING, 0.12).name()};"
                           f" border: 1px solid {WARNING.name()}; border-left: 5px solid {WARNING.name()};"
                           " border-radius: 4px; }")
        size = self.fontMetrics().height() + 4
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.text.setText("<br>".join(f"<b>{_esc(w)}</b>" if i == 0 else _esc(w) for i, w in enumerate(items)))
        self.setAccessibleDescription(" ".join(items))


class RollupStrip(QWidget):
    """Per area, the median grade of its judged criteria, as small chips in the scale's colours."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=4)
        self.chips: dict[str, QLabel] = {}

    def show_rollup(self, fw: FrameworkDef | None, rollup: dict[str, str | None],
                    judged: dict[str, tuple[int, int]], current_area: str | None) -> None:
        while self.flow.count():
            w = self.flow.takeAt(0).widget()
            if w is not None:
                w.hide()
                w.deleteLater()
        self.chips = {}
        self.setVisible(bool(fw and fw.graded))
        if not fw or not fw.graded:
            return
        head = QLabel("By area:", self)
        head.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.flow.addWidget(head)
        for area in fw.areas:
            g = next((x for x in fw.grades if x.key == rollup.get(area.code)), None)
            done, total = judged.get(area.code, (0, 0))
            chip = QLabel(f"{area.code}  {g.label if g else '—'}", self)
            style = chip_style(QColor(g.colour if g else SPECIAL_COLOUR), g is not None, self.palette(), "QLabel")
            chip.setStyleSheet(style.replace("padding: 5px 10px", "padding: 2px 8px")
                               + ("QLabel { border-width: 3px; }" if area.code == current_area else ""))
            chip.setToolTip(f"{area.title}: {g.label if g else 'no graded criterion yet'} "
                            f"(the median of {done} of {total} criteria judged)")
            chip.setAccessibleName(f"{area.title}: {g.label if g else 'not yet judged'}")
            self.flow.addWidget(chip)
            self.chips[area.code] = chip
        self.updateGeometry()
