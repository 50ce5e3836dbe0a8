"""The notes of one review as a table (Vorta's archive table model): rows are `NoteView`s from ONE `list_notes`
call; after an edit one row is replaced (`dataChanged`), an added note is inserted, a deleted one removed, so
typing in a review with thousands of notes never resets the view. `NotesFilter` narrows the list by criterion,
activity, author, marker and text."""

from __future__ import annotations

import bisect

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from ..core import notes
from ..core.changes import Changes
from ..core.errors import NotFound
from ..core.notes import NoteView
from ..core.vocabulary import ACTIVITIES, MARKERS
from .evidence_list import NOTE_IDS_MIME, note_ids_mime
from .widgets import MARKER_COLOURS, marker_icon, uk_datetime

ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = ("Time", "Note", "Criteria", "Mark", "Activity", "Author")
TIME, TEXT, CRITERIA, MARKER, ACTIVITY, AUTHOR = range(len(COLUMNS))
RELOAD_OVER = 50  # a change naming more notes than this reloads the list in one go


def _first_line(text: str, limit: int = 160) -> str:
    line = " ".join(text[:limit * 2].split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def _key(n: NoteView) -> tuple[str, str, str]:
    return (n.occurred_at, n.created_at, n.id)


class NotesModel(QAbstractTableModel):
    evidence_changed = Signal()  # a note's criteria or marker changed, or notes came or went (counts to redo)
    loaded = Signal()  # the notes of a newly opened review are in

    def __init__(self, ctx, parent: QObject | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self._rows: list[NoteView] = []
        self._keys: list[tuple[str, str, str]] = []
        self._row_of: dict[str, int] = {}
        self._generation = 0
        self.loading = False
        self._icons = {m: marker_icon(m, 14) for m in MARKERS}
        ctx.changed.connect(self.on_changed)

    # -- loading ---------------------------------------------------------------------------------------------------
    def set_review(self, review_id: str | None) -> None:
        """Load the review's notes with ONE `list_notes` call, off the main thread: the window paints at once and
        the rows arrive as one reset (`loaded` then fires). Tests run it inline, so it is done on return."""
        self._generation += 1
        generation = self._generation
        self.beginResetModel()
        self.review_id = review_id
        self._set_rows([])
        self.loading = bool(review_id)
        self.endResetModel()
        if not review_id:
            return

        def arrived(rows: list[NoteView]) -> None:
            if generation != self._generation:
                return  # another review was opened meanwhile
            self.beginResetModel()
            self._set_rows(rows)
            self.loading = False
            self.endResetModel()
            self.loaded.emit()
            self.evidence_changed.emit()

        store = self.ctx.store
        self.ctx.submit(lambda: notes.list_notes(store, review_id), arrived, store_work=False)

    def _set_rows(self, rows: list[NoteView]) -> None:
        self._rows = sorted(rows, key=_key)
        self._keys = [_key(n) for n in self._rows]
        self._reindex()

    def _reindex(self, start: int = 0) -> None:
        if start == 0:
            self._row_of = {}
        for i in range(start, len(self._rows)):  # from the changed row on: O(rows after it), no queries
            self._row_of[self._rows[i].id] = i

    def reload(self) -> None:
        self.set_review(self.review_id)

    def on_changed(self, ch: Changes) -> None:
        if not self.review_id or not (ch.notes or ch.reviews):
            return
        if self.loading:  # the load under way reads after this change, or a reload follows
            if ch.notes:
                self.reload()
            return
        if not ch.ids or len(ch.ids) > RELOAD_OVER or (ch.reviews and not ch.notes):
            if ch.notes or self.review_id in ch.ids:
                self.reload()
            return
        for nid in ch.ids:
            self.refresh_note(nid)

    def refresh_note(self, note_id: str) -> None:
        """Bring one note up to date: replace its row, insert it, or remove it."""
        try:
            view = notes.get(self.ctx.store, note_id)
        except NotFound:
            view = None
        if view is not None and view.review_id != self.review_id:
            view = None
        row = self._row_of.get(note_id)
        if view is None:
            if row is not None:
                self._remove(row)
                self.evidence_changed.emit()
            return
        if row is not None:
            old = self._rows[row]
            retagged = (old.criteria, old.marker) != (view.criteria, view.marker)
            key = _key(view)
            others = self._keys[:row] + self._keys[row + 1:]
            pos = bisect.bisect_right(others, key)
            if pos != row:  # its time changed: move the row (selection and persistent indexes follow it)
                self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), pos if pos < row else pos + 1)
                self._rows.pop(row)
                self._keys.pop(row)
                self._rows.insert(pos, view)
                self._keys.insert(pos, key)
                self._reindex(min(row, pos))
                self.endMoveRows()
                row = pos
            self._rows[row], self._keys[row] = view, key
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            if retagged:
                self.evidence_changed.emit()
            return
        pos = bisect.bisect_right(self._keys, _key(view))
        self.beginInsertRows(QModelIndex(), pos, pos)
        self._rows.insert(pos, view)
        self._keys.insert(pos, _key(view))
        self._reindex(pos)
        self.endInsertRows()
        self.evidence_changed.emit()

    def _remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        gone = self._rows.pop(row)
        self._keys.pop(row)
        self._row_of.pop(gone.id, None)
        self._reindex(row)
        self.endRemoveRows()

    # -- lookup ----------------------------------------------------------------------------------------------------
    def note(self, note_id: str) -> NoteView | None:
        row = self._row_of.get(note_id)
        return self._rows[row] if row is not None else None

    def note_at(self, row: int) -> NoteView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def sort_key(self, row: int, col: int) -> str:
        n = self._rows[row]
        if col == TIME:
            return "|".join(self._keys[row])
        if col == TEXT:
            return n.text.casefold()
        if col == CRITERIA:
            return ",".join(n.criteria)
        if col == ACTIVITY:
            return ACTIVITIES.get(n.activity, n.activity)
        return n.marker if col == MARKER else n.author

    def row_of(self, note_id: str) -> int | None:
        return self._row_of.get(note_id)

    def notes(self) -> list[NoteView]:
        return list(self._rows)

    def authors(self) -> list[str]:
        return sorted({n.author for n in self._rows if n.author})

    # -- Qt model --------------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
                | Qt.ItemFlag.ItemIsDragEnabled)

    # notes dragged out of the list (onto a judgement's evidence) carry their IDs
    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [NOTE_IDS_MIME]

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802, ANN001
        ids = list(dict.fromkeys(self._rows[i.row()].id for i in indexes if i.isValid()))
        return note_ids_mime(ids)

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201, C901
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        n, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == TIME:
                return uk_datetime(n.occurred_at, short=True)
            if col == ACTIVITY:
                return ACTIVITIES.get(n.activity, n.activity)
            if col == TEXT:
                return _first_line(n.text) or "(no text yet)"
            if col == CRITERIA:
                return ", ".join(n.criteria)
            if col == AUTHOR:
                return n.author
        elif role == Qt.ItemDataRole.ToolTipRole:
            if col == TEXT:
                flags = [w for w, on in (("Confidential", n.confidential),
                                         (f"{len(n.attachments)} attachment(s)", n.attachments)) if on]
                where = ", ".join(x for x in (n.place, n.year_group, n.subject) if x)
                head = " · ".join(x for x in (ACTIVITIES.get(n.activity, n.activity), where, n.author) if x)
                return "\n".join([head, "", n.text[:600]] + ([" · ".join(flags)] if flags else []))
            if col == TIME:
                return uk_datetime(n.occurred_at)
            if col == MARKER:
                return MARKERS.get(n.marker, n.marker)
        elif role == Qt.ItemDataRole.DecorationRole and col == MARKER:
            return self._icons.get(n.marker)
        elif role == Qt.ItemDataRole.TextAlignmentRole and col == MARKER:
            return int(Qt.AlignmentFlag.AlignCenter)
        elif role == Qt.ItemDataRole.ForegroundRole and col == TEXT and not n.text.strip():
            return QBrush(QColor(MARKER_COLOURS["neutral"]))
        elif role == Qt.ItemDataRole.AccessibleTextRole:
            extra = (", confidential" if n.confidential else "") + (", with attachments" if n.attachments else "")
            return f"{uk_datetime(n.occurred_at)}, {ACTIVITIES.get(n.activity, n.activity)}, " \
                   f"{MARKERS.get(n.marker, n.marker)}{extra}: {_first_line(n.text, 80)}"
        elif role == SORT_ROLE:
            return self.sort_key(index.row(), col)
        elif role == ID_ROLE:
            return n.id
        return None


class NotesFilter(QSortFilterProxyModel):
    """Criterion (or a set of them: an area), activity, author, marker and words; all must match. A note just
    created is pinned so that it shows even when the filters would hide it."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.criteria: frozenset[str] = frozenset()
        self.activity = self.author = self.marker = ""
        self.words: list[str] = []
        self.pinned: str | None = None
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_filter(self, **kw) -> None:  # noqa: ANN003
        """criteria=iterable of codes, activity=key, author=name, marker=key, text=words ('' clears each)."""
        def change() -> None:
            for key, value in kw.items():
                if key == "criteria":
                    self.criteria = frozenset(value or ())
                elif key == "text":
                    self.words = (value or "").casefold().split()
                else:
                    setattr(self, key, value or "")
            self.pinned = None

        self._refilter(change)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Time order is the model's own order: no sorting pass at all (thousands of notes open instantly)."""
        if column == TIME and order == Qt.SortOrder.AscendingOrder:
            super().sort(-1, order)
        else:
            super().sort(column, order)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        return model.sort_key(left.row(), left.column()) < model.sort_key(right.row(), right.column())

    def pin(self, note_id: str | None) -> None:
        self._refilter(lambda: setattr(self, "pinned", note_id))

    def _refilter(self, change) -> None:  # noqa: ANN001
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    @property
    def active(self) -> bool:
        return bool(self.criteria or self.activity or self.author or self.marker or self.words)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        n: NoteView = model._rows[row]  # noqa: SLF001 - the filter runs per row; no index objects needed
        if n.id == self.pinned:
            return True
        if self.criteria and not self.criteria.intersection(n.criteria):
            return False
        if self.activity and n.activity != self.activity:
            return False
        if self.author and n.author != self.author:
            return False
        if self.marker and n.marker != self.marker:
            return False
        if self.words:
            hay = f"{n.text} {n.place} {n.year_group} {n.subject} {n.author} {' '.join(n.criteria)}".casefold()
            return all(w in hay for w in self.words)
        return True
