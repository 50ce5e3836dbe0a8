"""The notes pane: a search-and-filter bar (words, activity, marker, author; Ctrl+F) over the notes table, with a
count, an empty state that says what to do, and drops of files onto a note (attach) or onto the list (new note)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.vocabulary import ACTIVITIES, MARKERS
from .attachments_view import dropped_files, has_files
from .notes_model import (
    ACTIVITY,
    AUTHOR,
    CRITERIA,
    ID_ROLE,
    MARKER,
    TEXT,
    TIME,
    NotesFilter,
    NotesModel,
)
from .widgets import EmptyState, glyph_icon

EMPTY_NO_NOTES = "No notes yet — press Ctrl+N to capture one."
EMPTY_FILTERED = "No notes match — change the filters, or press Esc in the search box to clear them."


def _note_at(index):  # noqa: ANN001, ANN202
    """The NoteView behind a (proxy) index, read from the model itself: passing Python objects through
    QVariant data roles is slow and, in some PySide6 versions, unsafe."""
    model = index.model()
    if isinstance(model, QSortFilterProxyModel):
        index = model.mapToSource(index)
        model = index.model()
    return model.note_at(index.row()) if isinstance(model, NotesModel) and index.isValid() else None


class NoteLineDelegate(QStyledItemDelegate):
    """The note column: the activity in bold, then the first line of the text; a lock for a confidential note and
    a paper clip for one with attachments."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lock, self.clip = glyph_icon("lock"), glyph_icon("clip")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:  # noqa: ANN001
        n = _note_at(index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if n is None:
            return
        r = opt.rect.adjusted(6, 0, -4, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        fg = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        size = min(14, r.height() - 4)
        for on, icon in ((n.confidential, self.lock), (bool(n.attachments), self.clip)):
            if on:
                icon.paint(painter, QRect(r.left(), r.center().y() - size // 2, size, size))
                r.setLeft(r.left() + size + 4)
        bold = QFont(opt.font)
        bold.setBold(True)
        label = ACTIVITIES.get(n.activity, n.activity)
        painter.setFont(bold)
        painter.setPen(fg)
        fm = QFontMetrics(bold)
        label = fm.elidedText(label, Qt.TextElideMode.ElideRight, max(0, r.width() // 2))
        painter.drawText(r, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), label)
        r.setLeft(r.left() + fm.horizontalAdvance(label) + 8)
        painter.setFont(opt.font)
        if not n.text.strip() and not selected:
            fg = opt.palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(fg)
        body = QFontMetrics(opt.font).elidedText(text, Qt.TextElideMode.ElideRight, max(0, r.width()))
        painter.drawText(r, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), body)
        painter.restore()


class NotesView(QTableView):
    files_dropped = Signal(str, list)  # note ID ('' for none), paths

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragEnabled(True)  # notes dragged onto a judgement become its evidence
        self.setDefaultDropAction(Qt.DropAction.CopyAction)

    def _accepts(self, event) -> bool:  # noqa: ANN001
        return self.acceptDrops() and has_files(event.mimeData())

    def dragEnterEvent(self, event) -> None:  # noqa: N802, ANN001
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802, ANN001
        if not self._accepts(event):
            event.ignore()
            return
        index = self.indexAt(event.position().toPoint())
        note_id = index.data(ID_ROLE) if index.isValid() else ""
        with dropped_files(event.mimeData()) as paths:
            if paths:
                self.files_dropped.emit(note_id or "", paths)
        event.acceptProposedAction()


class NotesPane(QWidget):
    current_note_changed = Signal(str)  # '' when none
    files_dropped = Signal(str, list)
    open_note = Signal()  # Enter on a note: go to the editor

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.model = NotesModel(ctx, self)
        self.proxy = NotesFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setAccessibleName("Search notes")
        self.search.setPlaceholderText("Search notes (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self._apply_text)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.activity = self._combo("Filter by activity", "All activities", ACTIVITIES)
        self.marker = self._combo("Filter by marker", "All markers", MARKERS)
        self.author = self._combo("Filter by author", "All authors", {})
        self.count = QLabel(self)
        self.count.setAccessibleName("Number of notes shown")
        self.scope = QLabel(self)  # "Showing notes on CT2 Quality of teaching…" when the tree narrows the list
        self.scope.setWordWrap(True)
        self.scope.setAccessibleName("Which notes are shown")
        self.scope.hide()

        self.view = NotesView(self)
        self.view.setObjectName("notesView")
        self.view.setAccessibleName("Notes")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(TIME, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.setMinimumWidth(280)
        hh = self.view.horizontalHeader()
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        fm = self.fontMetrics()
        widths = {TIME: fm.horizontalAdvance("Thu 12 Nov, 09:05") + 18, CRITERIA: fm.horizontalAdvance("CT2, BA1") + 18,
                  MARKER: fm.horizontalAdvance("Mark") + 26,
                  ACTIVITY: fm.horizontalAdvance("Meeting with leaders") + 12, AUTHOR: 130}
        for col, w in widths.items():
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(col, w)
        for col in (ACTIVITY, AUTHOR):  # shown in the note column and its tooltip; filters cover them
            self.view.setColumnHidden(col, True)
        self.view.setItemDelegateForColumn(TEXT, NoteLineDelegate(self.view))
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.activated.connect(lambda _i: self.open_note.emit())
        self.view.files_dropped.connect(self.files_dropped)

        self.empty = EmptyState(EMPTY_NO_NOTES, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        for c in (self.activity, self.marker, self.author):
            filters.addWidget(c)
        filters.addStretch(1)
        filters.addWidget(self.count)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.setSpacing(6)
        lay.addWidget(self.search)
        lay.addLayout(filters)
        lay.addWidget(self.scope)
        lay.addWidget(self.stack, 1)
        for sig in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved, self.proxy.modelReset,
                    self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.layoutChanged):
            sig.connect(self._update_state)
        self.model.modelReset.connect(self._fill_authors)

    # files dropped on the empty state (or anywhere on the pane outside the list) start a new note
    def dragEnterEvent(self, event) -> None:  # noqa: N802, ANN001
        if self.view.acceptDrops() and has_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802, ANN001
        with dropped_files(event.mimeData()) as paths:
            if paths:
                self.files_dropped.emit("", paths)
        event.acceptProposedAction()

    def _combo(self, name: str, all_label: str, items: dict[str, str]) -> QComboBox:
        c = QComboBox(self)
        c.setAccessibleName(name)
        c.setToolTip(name)
        c.addItem(all_label, "")
        for key, label in items.items():
            c.addItem(label, key)
        c.currentIndexChanged.connect(lambda _i: self._apply_combos())
        c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        c.setMinimumContentsLength(6)
        return c

    def _fill_authors(self) -> None:
        current = self.author.currentData()
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem("All authors", "")
        for name in self.model.authors():
            self.author.addItem(name, name)
        self.author.setCurrentIndex(max(0, self.author.findData(current)))
        self.author.blockSignals(False)
        self.author.setVisible(len(self.model.authors()) > 1)

    # -- filtering -------------------------------------------------------------------------------------------------
    def _apply_text(self) -> None:
        self.proxy.set_filter(text=self.search.text())
        self._after_filter()

    def _apply_combos(self) -> None:
        self.proxy.set_filter(activity=self.activity.currentData(), marker=self.marker.currentData(),
                              author=self.author.currentData())
        self._after_filter()

    def set_scope(self, codes: list[str], label: str) -> None:
        """Narrow the list to notes tagged with any of `codes` (the tree's selection); [] shows all."""
        self.proxy.set_filter(criteria=codes)
        self.scope.setText(f"Showing notes on {label}" if codes else "")
        self.scope.setVisible(bool(codes))
        self._after_filter()

    def clear_filters(self) -> None:
        self.search.clear()
        for c in (self.activity, self.marker, self.author):
            c.setCurrentIndex(0)
        self._debounce.stop()
        self._apply_text()

    def _after_filter(self) -> None:
        self._update_state()

    def _update_state(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown:,} of {total:,} notes" if shown != total else f"{total:,} notes")
        self.empty.setText("Loading notes…" if self.model.loading else EMPTY_NO_NOTES if not total else EMPTY_FILTERED)
        self.stack.setCurrentWidget(self.view if shown else self.empty)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001
        if obj is self.search and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape and (self.search.text() or self.proxy.active):
                self.clear_filters()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._debounce.stop()
                self._apply_text()
                self.view.setFocus()
                if not self.view.currentIndex().isValid() and self.proxy.rowCount():
                    self.select_row(0)
                return event.key() == Qt.Key.Key_Down
        return False

    # -- selection -------------------------------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.current_note_changed.emit(current.data(ID_ROLE))

    def current_note(self) -> str:
        idx = self.view.currentIndex()
        return idx.data(ID_ROLE) if idx.isValid() else ""

    def select_note(self, note_id: str) -> bool:
        row = self.model.row_of(note_id)
        if row is None:
            return False
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if not idx.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(idx)
        return True

    def select_row(self, row: int) -> None:
        row = max(0, min(row, self.proxy.rowCount() - 1))
        if self.proxy.rowCount():
            self.view.selectionModel().setCurrentIndex(
                self.proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(self.proxy.index(row, 0))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_locked(self, locked: bool) -> None:
        self.view.setAcceptDrops(not locked)
        self.setAcceptDrops(not locked)
