"""The partnership lead's workspace: every school's latest review in one place — heat map, themes, who can help
whom, the partnership's self-evaluation trend, all review versions (with filters, superseded and conflicting ones
included) and the schools and clusters — plus the spreadsheet and the board paper. Everything shown is computed in
core (`core.partnership`); this module only lays it out.

Embed it with `PartnershipView(ctx)`; call `refresh()` when it is shown (it also refreshes itself when reviews
change while it is visible). `open_review(review_id)` asks the host window to open the current version of a review
in its workspace; reading any version here needs no host (a read-only window)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import partnership, schools
from ..core.changes import Changes
from ..core.partnership_data import load_catalogue
from .heatmap_view import HeatmapView
from .matching_view import MatchingView
from .partnership_filters import FilterBar
from .partnership_models import (
    ID_ROLE,
    ROW_ROLE,
    SORT_ROLE,
    SchoolsModel,
    TableModel,
    finding_themes_model,
    priorities_model,
    reviews_model,
)
from .trend_chart import TrendPanel
from .widgets import Banner, heading_font, section_label, sorted_table

TABS = ("Heat map", "Themes", "Who can help whom", "Self-evaluation", "Reviews", "Schools")


def _table(model: TableModel, name: str, parent: QWidget, stretch: int = 0) -> QTableView:
    t, _proxy = sorted_table(model, name, parent, SORT_ROLE)
    hh = t.horizontalHeader()
    hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    hh.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


class PartnershipView(QWidget):
    open_review = Signal(str)  # the current version of a review, for the host window's workspace
    status_message = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.overview: partnership.Overview | None = None
        self._catalogue = None
        self._stale = True
        # swappable in tests: file choosers and how a review document is shown
        self.ask_save_path = lambda caption, name, filt: QFileDialog.getSaveFileName(self, caption, name, filt)[0]
        self.ask_open_path = lambda caption, filt: QFileDialog.getOpenFileName(self, caption, "", filt)[0]
        self.show_document = self._show_document

        self.title = QLabel("Partnership", self)
        self.title.setFont(heading_font(self.font(), 1.6))
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        self.export_button = QPushButton("Export spreadsheet…", self)
        self.export_button.setToolTip("All sheets (reviews, heat map, judgements, findings, themes, matching) as "
                                      ".xlsx or .csv")
        self.board_button = QPushButton("Board paper…", self)
        self.board_button.setToolTip("The board paper as a PDF: heat map, themes, who can help whom, trend")
        self.export_button.clicked.connect(self.export_spreadsheet)
        self.board_button.clicked.connect(self.export_board_paper)
        self.banner = Banner(self)
        self.filters = FilterBar(self)
        self.filters.changed.connect(self._apply)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.heatmap = HeatmapView(self)
        self.heatmap.open_review.connect(self._open_current)
        self.matching = MatchingView(self)
        self.matching.open_review.connect(self._open_current)
        self.tabs.addTab(self.heatmap, TABS[0])
        self.tabs.addTab(self._themes_tab(), TABS[1])
        self.tabs.addTab(self.matching, TABS[2])
        self.trend_panel = TrendPanel(self)
        self.tabs.addTab(self.trend_panel, TABS[3])
        self.tabs.addTab(self._reviews_tab(), TABS[4])
        self.tabs.addTab(self._schools_tab(), TABS[5])

        top = QHBoxLayout()
        heads = QVBoxLayout()
        heads.setSpacing(2)
        heads.addWidget(self.title)
        heads.addWidget(self.subtitle)
        top.addLayout(heads, 1)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.board_button, 0, Qt.AlignmentFlag.AlignBottom)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 20, 24, 16)
        lay.setSpacing(10)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addWidget(self.filters)
        lay.addWidget(self.tabs, 1)
        ctx.changed.connect(self._on_changed)

    # -- tabs -------------------------------------------------------------------------------------------------------
    def _themes_tab(self) -> QWidget:
        w = QWidget(self)
        self.priorities_model = priorities_model(self)
        self.next_steps_model = finding_themes_model(self)
        self.strengths_model = finding_themes_model(self)
        self.priorities = _table(self.priorities_model, "Criteria most often judged a priority", w, stretch=3)
        self.priorities.doubleClicked.connect(self._priority_activated)
        self.priorities.activated.connect(self._priority_activated)
        self.next_steps = _table(self.next_steps_model, "Commonest next steps and areas for development", w, stretch=2)
        self.strengths = _table(self.strengths_model, "Commonest strengths", w, stretch=2)
        for t in (self.next_steps, self.strengths):
            t.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
            t.setColumnWidth(1, 460)
        split = QSplitter(Qt.Orientation.Vertical, w)
        split.setChildrenCollapsible(False)
        for label, table in (("Criteria most often judged a priority (Enter shows who can help)", self.priorities),
                             ("Commonest next steps and areas for development (similar wordings grouped)",
                              self.next_steps), ("Commonest strengths", self.strengths)):
            box = QWidget(split)
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 8, 0, 0)
            bl.addWidget(section_label(label, box))
            bl.addWidget(table, 1)
            split.addWidget(box)
        for i, stretch in enumerate((3, 2, 1)):
            split.setStretchFactor(i, stretch)
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        return w

    def _reviews_tab(self) -> QWidget:
        w = QWidget(self)
        self.reviews_model = reviews_model(self)
        self.reviews = _table(self.reviews_model, "Reviews across the partnership", w, stretch=0)
        self.reviews.setObjectName("partnershipReviews")
        self.reviews.doubleClicked.connect(self._read_review)
        self.reviews.activated.connect(self._read_review)
        self.reviews_caption = QLabel(w)
        self.reviews_caption.setWordWrap(True)
        self.open_button = QPushButton("Read", w)
        self.open_button.setToolTip("Show the selected review read-only, as its reviewers left it (Enter)")
        self.open_button.clicked.connect(lambda: self._read_review(self.reviews.currentIndex()))
        self.workspace_button = QPushButton("Open in workspace", w)
        self.workspace_button.setToolTip("Open the current version of the selected review in the review workspace "
                                         "(imported reviews are read-only there)")
        self.workspace_button.clicked.connect(self._open_in_workspace)
        row = QHBoxLayout()
        row.addWidget(self.reviews_caption, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.workspace_button)
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.reviews, 1)
        return w

    def _schools_tab(self) -> QWidget:
        w = QWidget(self)
        self.schools_model = SchoolsModel(self.ctx, self)
        self.schools = _table(self.schools_model, "Schools and clusters", w, stretch=0)
        self.schools.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                     | QAbstractItemView.EditTrigger.EditKeyPressed
                                     | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.schools.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.import_button = QPushButton("Import schools from CSV…", w)
        self.import_button.setToolTip("A CSV file with the columns name, urn, cluster, phase: schools are matched "
                                      "by URN, else by name")
        self.import_button.clicked.connect(self.import_schools)
        cap = QLabel("Double-click (or F2) to edit a school's name, URN, cluster or phase. Reviews attach to a school "
                     "by its URN when the reviewer gave one, else by its name.", w)
        cap.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(cap, 1)
        row.addWidget(self.import_button)
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.schools, 1)
        return w

    # -- data -------------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the store (every review version and the schools) and redraw everything."""
        self._catalogue = load_catalogue(self.ctx.store)
        self.schools_model.reload()
        clusters = schools.cluster_names(self.ctx.store)
        self.filters.set_catalogue(self._catalogue, clusters)
        self._stale = False
        self._apply()

    def _apply(self) -> None:
        if self._catalogue is None:
            self.refresh()
            return
        ov = partnership.build(self.ctx.store, self.filters.selection(), catalogue=self._catalogue)
        self.overview = ov
        self.title.setText(escape(ov.partnership))
        left = f" · {ov.superseded} superseded version{'s' if ov.superseded != 1 else ''} left out" \
            if ov.superseded else ""
        self.subtitle.setText(f"{ov.reviewed_schools} of {len(ov.schools)} schools reviewed · {len(ov.latest)} "
                              f"review{'s' if len(ov.latest) != 1 else ''} counting (each school's latest final "
                              f"review){left} · {ov.selection.describe()}")
        if ov.conflicts:
            names = ", ".join(sorted({e.school for e in ov.conflicts}))
            self.banner.show_text(f"Conflicting revisions were received for the review of {names}: the version "
                                  "stored first is shown; see the Reviews tab (status “Conflicting revision”).")
        else:
            self.banner.show_text("")
        self.heatmap.set_overview(ov)
        self.priorities_model.set_rows(ov.priorities)
        self.next_steps_model.set_rows(ov.next_steps)
        self.strengths_model.set_rows(ov.strengths)
        self.matching.set_overview(ov)
        self.trend_panel.set_trend(ov.trend)
        self._show_reviews(ov)

    def _show_reviews(self, ov: partnership.Overview) -> None:
        status = self.filters.status_value()
        sel = ov.selection
        rows = [e for e in ov.catalogue.entries if e.mode not in ("host", "team") and sel.admits(e)
                and (status is None or e.status == status)]
        self.reviews_model.why = ov.why
        self.reviews_model.set_rows(rows)
        counted = sum(1 for e in rows if ov.why(e).startswith("Yes"))
        self.reviews_caption.setText(f"{len(rows)} review version{'s' if len(rows) != 1 else ''}, of which {counted} "
                                     "count in the overview. Superseded versions and conflicting revisions are listed "
                                     "but never count. Enter or double-click reads one.")

    def _on_changed(self, ch: Changes) -> None:
        if ch.reviews or ch.review or ch.judgements or ch.findings:
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802, ANN001
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- actions ----------------------------------------------------------------------------------------------------
    def _open_current(self, review_id: str) -> None:
        self._read(review_id, None, "current")

    def _read_review(self, index) -> None:  # noqa: ANN001
        e = index.data(ROW_ROLE) if index.isValid() else None
        if e is not None:
            self._read(e.id, e.version, e.status)

    def _read(self, review_id: str, version: int | None, status: str) -> None:
        from .review_reader import load_document

        banner = {"superseded": "An earlier version, superseded by a newer one: it does not count in the overview.",
                  "conflict": "A conflicting revision received from the same reviewer: it is kept for you to "
                              "compare and does not count."}.get(status, "")
        try:
            if version is None:
                doc = load_document(self.ctx.store, review_id, 0, "current")
            else:
                doc = load_document(self.ctx.store, review_id, version,
                                    status if status in ("superseded", "conflict") else "current")
        except Exception as exc:  # noqa: BLE001
            self.ctx.show_error(self, exc)
            return
        self.show_document(doc, banner)

    def _open_in_workspace(self) -> None:
        index = self.reviews.currentIndex()
        e = index.data(ROW_ROLE) if index.isValid() else None
        if e is not None:
            self.open_review.emit(e.id)  # the stored (current) version, whichever version row was selected

    def _show_document(self, doc: dict, banner: str) -> None:
        from .review_reader import ReviewReader

        reader = ReviewReader(doc, banner, self)
        reader.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        reader.show()

    def _priority_activated(self, index) -> None:  # noqa: ANN001
        p = index.data(ROW_ROLE) if index.isValid() else None
        if p is not None and self.matching.select_criterion(p.criterion):
            self.tabs.setCurrentWidget(self.matching)

    def export_spreadsheet(self) -> None:
        path = self.ask_save_path("Export the partnership spreadsheet", "partnership.xlsx",
                                  "Excel workbook (*.xlsx);;CSV, one file (*.csv)")
        if not path:
            return
        from ..core.partnership_export import export

        ov = self.overview
        self.ctx.submit(lambda: export(ov, path),
                        lambda sheets: self.status_message.emit(f"Saved the spreadsheet ({len(sheets)} sheets) to "
                                                                f"{path}."))

    def export_board_paper(self) -> None:
        path = self.ask_save_path("Save the board paper", "board-paper.pdf", "PDF (*.pdf)")
        if not path:
            return
        from ..core.partnership_report import render_board_paper

        ov = self.overview
        self.ctx.submit(lambda: render_board_paper(ov, path),
                        lambda info: self.status_message.emit(f"Saved the board paper ({info.pages} pages) to "
                                                              f"{path}."))

    def import_schools(self) -> None:
        path = self.ask_open_path("Import schools from CSV", "CSV (*.csv)")
        if not path:
            return
        ch = self.ctx.call(schools.import_csv, path)
        if ch is not None:
            r = ch.value
            self.status_message.emit(f"Schools: {r.created} added, {r.updated} updated, {r.unchanged} unchanged.")

    def review_ids(self) -> list[str]:
        """The review IDs the heat map shows (for tests and for the host window)."""
        return [self.heatmap.model.index(r, 0).data(ID_ROLE) for r in range(self.heatmap.model.rowCount())]
