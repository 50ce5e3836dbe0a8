"""Item models of the lead workspace, over the core's overview (`core.partnership`): reviews, heat map, themes,
matches, trend and schools. One small table model takes a list of rows and column definitions; grade cells carry
their scale colour (GRADE_ROLE) for the heat map delegate. The schools model is editable (name, URN, cluster,
phase) through the schools service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..core import schools as school_service
from ..core.partnership import Cell, HeatMap, PriorityTheme, Trend
from ..core.partnership_data import ReviewEntry
from ..core.partnership_matching import Match, Side
from .widgets import uk_date

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
GRADE_ROLE = Qt.ItemDataRole.UserRole + 3  # a core.partnership.Cell (or None) for grade columns
ROW_ROLE = Qt.ItemDataRole.UserRole + 4  # the row object itself

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass
class Column:
    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    tip: Callable[[Any], str] | None = None
    grade: Callable[[Any], Cell | None] | None = None
    align: int | None = None
    header_tip: str = ""


class TableModel(QAbstractTableModel):
    """Rows of any objects shown through `columns`; `ident(row)` gives ID_ROLE."""

    def __init__(self, columns: list[Column], ident: Callable[[Any], str] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.columns = columns
        self.ident = ident
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any], columns: list[Column] | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if columns is not None:
            self.columns = columns
        self.endResetModel()

    def row(self, i: int) -> Any:
        return self.rows[i]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.header
        if role == Qt.ItemDataRole.ToolTipRole and col.header_tip:
            return col.header_tip
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) or index.column() >= len(self.columns):
            return None
        r, col = self.rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return col.text(r)
        if role == SORT_ROLE:
            return col.sort(r) if col.sort else col.text(r).casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tip(r) if col.tip else None
        if role == GRADE_ROLE:
            return col.grade(r) if col.grade else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return col.align
        if role == ID_ROLE:
            return self.ident(r) if self.ident else None
        if role == ROW_ROLE:
            return r
        return None


# -- reviews --------------------------------------------------------------------------------------------------------

def reviews_model(parent: QObject | None = None) -> TableModel:
    def status(e: ReviewEntry) -> str:
        text = e.status_label
        if e.status == "conflict":
            text = f"Conflicting revision {e.version}"
        elif e.status == "superseded":
            text = f"Superseded (version {e.version})"
        elif e.conflict:
            text += " · conflict to resolve"
        return text

    cols = [
        Column("School", lambda e: e.school, tip=lambda e: f"{e.school} (URN {e.urn})" if e.urn else e.school),
        Column("Cluster", lambda e: e.cluster or "—"),
        Column("Visit", lambda e: uk_date(e.start_date), sort=lambda e: e.start_date),
        Column("Type", lambda e: e.type_label),
        Column("Framework", lambda e: f"{e.framework_name} {e.framework_version}"),
        Column("Reviewers", lambda e: ", ".join(e.reviewers), tip=lambda e: ", ".join(e.reviewers)),
        Column("Status", status, sort=lambda e: (e.status, e.version)),
    ]
    model = TableModel(cols, ident=lambda e: f"{e.id}|{e.version}|{e.status}", parent=parent)
    model.why = lambda e: ""  # set by the view: core.partnership.Overview.why
    cols.append(Column("Counts in the overview", lambda e: model.why(e), header_tip="Each school's latest final "
                       "review counts; superseded versions, drafts and conflicting revisions never do"))
    return model


# -- heat map -------------------------------------------------------------------------------------------------------

def heatmap_columns(m: HeatMap | None, fw=None, criteria: bool = False) -> list[Column]:  # noqa: ANN001
    cols = [Column("School", lambda r: r.school, tip=lambda r: f"{r.school} (URN {r.urn})" if r.urn else r.school),
            Column("Cluster", lambda r: r.cluster or "—"),
            Column("Visit", lambda r: uk_date(r.start_date), sort=lambda r: r.start_date)]
    if m is None:
        return cols
    if criteria and fw is not None:
        for c in fw.criteria:
            cols.append(_grade_col(c.code, f"{c.code} {c.title}", lambda r, k=c.code: r.criteria.get(k)))
    else:
        for a in m.areas:
            cols.append(_grade_col(a["code"], a["title"], lambda r, k=a["code"]: r.cells.get(k)))
    return cols


def _grade_col(code: str, title: str, get: Callable[[Any], Cell | None]) -> Column:
    return Column(code, lambda r: (get(r).label if get(r) else "—"), sort=lambda r: (get(r).position if get(r) else 99),
                  tip=lambda r: f"{r.school}\n{title}: {get(r).label if get(r) else 'not graded'}", grade=get,
                  header_tip=title)


def heatmap_model(parent: QObject | None = None) -> TableModel:
    return TableModel(heatmap_columns(None), ident=lambda r: r.review_id, parent=parent)


# -- themes, matches, trend -----------------------------------------------------------------------------------------

def priorities_model(parent: QObject | None = None) -> TableModel:
    cols = [Column("Criterion", lambda p: f"{p.criterion} {p.title}", sort=lambda p: p.criterion,
                   tip=lambda p: f"{p.framework} · {p.area_title}"),
            Column("Weakest grade", lambda p: str(p.weakest), sort=lambda p: p.weakest, align=RIGHT,
                   header_tip="Schools judged in the weakest grade of the scale"),
            Column("Weaker half", lambda p: f"{p.lower} of {p.judged}", sort=lambda p: p.lower, align=RIGHT,
                   header_tip="Schools in the lower half of the scale, of those judged on the criterion"),
            Column("Schools", lambda p: ", ".join(p.schools), tip=lambda p: "\n".join(p.schools))]
    return TableModel(cols, ident=lambda p: f"{p.framework_key}:{p.criterion}", parent=parent)


def finding_themes_model(parent: QObject | None = None) -> TableModel:
    cols = [Column("Schools", lambda t: str(t.count), sort=lambda t: t.count, align=RIGHT),
            Column("Finding", lambda t: t.text, tip=lambda t: t.text + (f"\n(grouped from {t.wordings} wordings)"
                                                                        if t.wordings > 1 else "")),
            Column("Where", lambda t: ", ".join(t.schools), tip=lambda t: "\n".join(t.schools))]
    return TableModel(cols, ident=lambda t: t.text, parent=parent)


def matches_model(parent: QObject | None = None) -> TableModel:
    cols = [Column("Criterion", lambda m: f"{m.criterion} {m.title}", sort=lambda m: m.criterion,
                   tip=lambda m: f"{m.framework_name} · {m.area_title}"),
            Column("Strong", lambda m: str(len(m.strong)), sort=lambda m: len(m.strong), align=RIGHT,
                   header_tip="Schools judged in the strongest grade"),
            Column("Priority", lambda m: str(len(m.priority)), sort=lambda m: len(m.priority), align=RIGHT,
                   header_tip="Schools where it is a priority (the weakest grade)")]
    return TableModel(cols, ident=lambda m: f"{m.framework_key}:{m.criterion}", parent=parent)


def sides_model(parent: QObject | None = None) -> TableModel:
    cols = [Column("School", lambda s: s.school, tip=lambda s: s.rationale or s.grade_label),
            Column("Cluster", lambda s: s.cluster or "—"),
            Column("Grade", lambda s: s.grade_label, grade=lambda s: Cell(s.grade, s.grade_label, s.colour, 0))]
    return TableModel(cols, ident=lambda s: s.review_id, parent=parent)


def trend_model(parent: QObject | None = None) -> TableModel:
    return TableModel([], ident=None, parent=parent)


def trend_columns(t: Trend | None) -> list[Column]:
    """One row per dimension (area), one column per school year, and the direction."""
    if t is None:
        return []
    cols = [Column("Dimension", lambda a: a["title"])]
    for p in t.points:
        cols.append(Column(p.year, lambda a, p=p: p.cells[a["code"]].label if p.cells.get(a["code"]) else "—",
                           sort=lambda a, p=p: p.cells[a["code"]].position if p.cells.get(a["code"]) else 99,
                           grade=lambda a, p=p: p.cells.get(a["code"]), header_tip=f"Self-evaluation of {uk_date(p.start_date)}"))
    words = {1: "↑ improving", -1: "↓ declining", 0: "→ steady"}
    cols.append(Column("Trend", lambda a: words[t.direction(a["code"])], sort=lambda a: t.direction(a["code"])))
    return cols


# -- schools (editable) ---------------------------------------------------------------------------------------------

class SchoolsModel(TableModel):
    EDITABLE = {0: "name", 1: "urn", 2: "cluster", 3: "phase"}

    def __init__(self, ctx, parent: QObject | None = None):  # noqa: ANN001
        cols = [Column("School", lambda s: s.name), Column("URN", lambda s: s.urn or ""),
                Column("Cluster", lambda s: s.cluster or ""), Column("Phase", lambda s: s.phase),
                Column("Reviews", lambda s: str(s.reviews), sort=lambda s: s.reviews, align=RIGHT)]
        super().__init__(cols, ident=lambda s: s.id, parent=parent)
        self.ctx = ctx

    def reload(self) -> None:
        self.set_rows(school_service.list_schools(self.ctx.store))

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        f = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE:
            return False
        school = self.rows[index.row()]
        field = self.EDITABLE[index.column()]
        if str(value) == (getattr(school, field) or ""):
            return False
        ch = self.ctx.call(school_service.update_school, school.id, **{field: str(value)})
        if ch is None:
            return False
        fresh = {s.id: s for s in school_service.list_schools(self.ctx.store)}
        if school.id in fresh:
            self.rows[index.row()] = fresh[school.id]
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        return True


def side_text(s: Side) -> str:
    return s.rationale or f"Judged {s.grade_label.lower()}; the reviewers wrote no rationale."


def match_pairs(m: Match) -> str:
    return "; ".join(f"{p.partner} → {p.school}" + (" (same cluster)" if p.same_cluster else "") for p in m.pairs)


__all__ = ["ID_ROLE", "SORT_ROLE", "GRADE_ROLE", "ROW_ROLE", "TableModel", "Column", "SchoolsModel",
           "reviews_model", "heatmap_model", "heatmap_columns", "priorities_model", "finding_themes_model",
           "matches_model", "sides_model", "trend_model", "trend_columns", "side_text", "match_pairs",
           "PriorityTheme"]
