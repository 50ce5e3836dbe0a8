"""The first screen: your reviews (school, dates, type, status, framework, notes), with an empty state that says
how to start. Enter or a double-click opens a review."""

from __future__ import annotations

import json
from html import escape

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import text

from ..core import review_index
from ..core.changes import Changes
from ..core.review_index import ReviewSummary
from .widgets import EmptyState, heading_font, uk_date_range

COLUMNS = ("School", "Dates", "Type", "Status", "Framework", "Notes")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
MODE_LABELS = {"team": "team copy", "host": "host draft", "received": "received"}
_PLAN = text("SELECT focus_areas, lines_of_enquiry, context FROM review WHERE id = :id")


DISPLAY, ACCESSIBLE, ALIGN, TIP = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole),
                                   int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ToolTipRole))
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _texts(r: ReviewSummary) -> tuple[str, ...]:
    status = r.status_label + (f" (version {r.version})" if r.version > 1 else "")
    if r.mode in MODE_LABELS:
        status += f" · {MODE_LABELS[r.mode]}"
    return (r.school, uk_date_range(r.start_date, r.end_date), r.type_label, status, r.framework_name, f"{r.notes:,}")


class ReviewListModel(QAbstractTableModel):
    """The reviews, with each row's words worked out once per reload (a view asks `data` hundreds of times while
    it lays out and paints, on the way to the first window)."""

    def __init__(self, ctx, parent: QObject | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self._rows: list[ReviewSummary] = []
        self._texts: list[tuple[str, ...]] = []

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = review_index.list_reviews(self.ctx.store)  # one plain SQL query: no ORM set-up at start-up
        self._texts = [_texts(r) for r in self._rows]
        self.endResetModel()

    def has_received(self) -> bool:
        """Whether reviews imported from other reviewers' packages are here (then the partnership overview is)."""
        return any(r.mode == "received" for r in self._rows)

    def summary(self, row: int) -> ReviewSummary:
        return self._rows[row]

    def column_texts(self, col: int) -> list[str]:
        return [t[col] for t in self._texts]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._rows):
            return None
        if role == DISPLAY or role == ACCESSIBLE:  # noqa: PLR1714 - ints, the fastest test
            return self._texts[row][col]
        if role == SORT_ROLE:
            r = self._rows[row]
            return (r.school.casefold(), r.start_date, r.type_label, r.status, r.framework_name, r.notes)[col]
        if role == ALIGN:
            return RIGHT if col == 5 else None
        if role == TIP and col == 0 and self._rows[row].urn:
            r = self._rows[row]
            return f"{r.school} (URN {r.urn})"
        if role == ID_ROLE:
            return self._rows[row].id
        return None


class ReviewCard(QFrame):
    """The selected review at a glance: school, when, what kind, against which framework, focus areas, context."""

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reviewCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(340)
        self.setMaximumWidth(460)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 16, 18, 16)
        lay.addWidget(self.body)
        lay.addStretch(1)

    def show_review(self, s: ReviewSummary | None) -> None:
        if s is None:
            self.body.setText("")
            return
        with self.ctx.store.engine.connect() as conn:  # plain SQL, like the list itself (fast first paint)
            row = conn.execute(_PLAN, {"id": s.id}).fetchone()
            conn.rollback()
        focus = json.loads(row[0] or "[]") if row else []
        enquiries = json.loads(row[1] or "[]") if row else []
        context = " ".join((row[2] or "").split()) if row else ""
        if len(context) > 420:
            context = context[:419].rsplit(" ", 1)[0] + "…"
        rows = [("When", uk_date_range(s.start_date, s.end_date)), ("Review", s.type_label),
                ("Framework", s.framework_name), ("Status", s.status_label + (f", version {s.version}" if s.version > 1
                                                                             else "")),
                ("Evidence", f"{s.notes:,} note{'s' if s.notes != 1 else ''}")]
        if s.urn:
            rows.insert(0, ("URN", s.urn))
        html = [f"<p style='font-size:large'><b>{escape(s.school)}</b></p><table cellspacing='0' cellpadding='3'>"]
        html += [f"<tr><td style='padding-right:12px'><b>{k}</b></td><td>{escape(v)}</td></tr>" for k, v in rows]
        html.append("</table>")
        if focus:
            html.append("<p><b>Focus areas</b></p><ul style='margin-left:-20px'>"
                        + "".join(f"<li>{escape(f)}</li>" for f in focus) + "</ul>")
        if enquiries:
            html.append(f"<p><b>Lines of enquiry</b>: {len(enquiries)}</p>")
        if context:
            html.append(f"<p><b>Context</b><br>{escape(context)}</p>")
        self.body.setText("".join(html))
        self.setAccessibleName(f"{s.school}, {uk_date_range(s.start_date, s.end_date)}, {s.type_label}")


class ReviewListScreen(QWidget):
    open_review = Signal(str)
    new_review = Signal()
    open_demo = Signal()

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.model = ReviewListModel(ctx, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)

        title = QLabel("Your reviews", self)
        title.setFont(heading_font(self.font(), 1.6))
        self.subtitle = QLabel(self)
        self.new_button = QPushButton("Plan a new review…", self)
        self.new_button.setAccessibleName("Plan a new review")
        self.new_button.setToolTip("Plan a new review (Ctrl+Shift+N)")
        self.new_button.clicked.connect(self.new_review)
        self.open_button = QPushButton("Open", self)
        self.open_button.setAccessibleName("Open the selected review")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open_current)

        self.table = QTableView(self)
        self.table.setObjectName("reviewTable")
        self.table.setAccessibleName("Reviews")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # sized from the words once per reload
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self._open_current())
        self.table.activated.connect(lambda _i: self._open_current())

        self.empty = QWidget(self)
        elay = QVBoxLayout(self.empty)
        elay.addStretch(1)
        elay.addWidget(EmptyState("No reviews yet — plan one with “Plan a new review…” (Ctrl+Shift+N), "
                                  "or open the demo review to explore.", self.empty))
        self.demo_button = QPushButton("Open the demo review", self.empty)
        self.demo_button.setAccessibleName("Open the demo review")
        self.demo_button.clicked.connect(self.open_demo)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.demo_button)
        row.addStretch(1)
        elay.addLayout(row)
        elay.addStretch(2)

        self.card = ReviewCard(ctx, self)
        listing = QWidget(self)
        llay = QHBoxLayout(listing)
        llay.setContentsMargins(0, 0, 0, 0)
        llay.setSpacing(14)
        llay.addWidget(self.table, 1)
        llay.addWidget(self.card)
        self.listing = listing
        self.stack = QStackedWidget(self)
        self.stack.addWidget(listing)
        self.stack.addWidget(self.empty)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        top = QHBoxLayout()
        heads = QVBoxLayout()
        heads.setSpacing(2)
        heads.addWidget(title)
        heads.addWidget(self.subtitle)
        top.addLayout(heads, 1)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignBottom)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 20, 24, 20)
        lay.setSpacing(14)
        lay.addLayout(top)
        lay.addWidget(self.stack, 1)
        self.model.modelReset.connect(self._update_state)
        ctx.changed.connect(self._on_changed)

    def _on_changed(self, ch: Changes) -> None:
        """Reviews added, imported or removed: always (one plain query). Edits inside a review: only while the list
        is on screen (it is reloaded whenever it is shown), so an autosave in the workspace does not re-read it."""
        if ch.reviews or (self.isVisible() and (ch.review or ch.notes)):
            self.reload()

    def reload(self) -> None:
        self.model.reload()
        self._fit_columns()
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
            self.table.selectRow(0)

    def _fit_columns(self) -> None:
        """Each column as wide as its widest entry (measured once, not by the view asking every row)."""
        fm, header = self.table.fontMetrics(), self.table.horizontalHeader()
        bold = QFontMetrics(header.font())
        for col in range(1, len(COLUMNS)):
            widest = max((fm.horizontalAdvance(t) for t in self.model.column_texts(col)), default=0)
            header.resizeSection(col, max(widest, bold.horizontalAdvance(COLUMNS[col]) + 18) + 20)

    def _update_state(self) -> None:
        n = self.model.rowCount()
        self.stack.setCurrentWidget(self.listing if n else self.empty)
        self.open_button.setEnabled(bool(n))
        self.subtitle.setText("Press Enter or double-click a review to open it." if n else
                              "Reviews you plan, capture or import appear here.")

    def _current_changed(self, current, _previous) -> None:  # noqa: ANN001
        self.card.show_review(self.model.summary(self.proxy.mapToSource(current).row()) if current.isValid() else None)

    def _open_current(self) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            self.open_review.emit(idx.data(ID_ROLE))

    def focus_list(self) -> None:
        (self.table if self.model.rowCount() else self.new_button).setFocus()
