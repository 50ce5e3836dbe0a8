"""The coverage table: one row per area (a heading) followed by one row per criterion, with the evidence it has
(notes, strength / development / neutral markers, activities, authors) and whether it is judged. Gaps (no note, or
fewer than `coverage.LOW_EVIDENCE`) are tinted so they stand out: the "can we leave the school?" check.

Data come from one `coverage.coverage` call; a change to notes or judgements refreshes the figures in place
(`dataChanged`), so the view's scroll position and selection stay put."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from ..core import coverage, reviews
from ..core.changes import Changes
from ..core.coverage import LOW_EVIDENCE, CriterionCoverage
from ..core.frameworks import SPECIAL_GRADES, FrameworkDef
from ..core.vocabulary import ACTIVITIES
from .widgets import mix

COVERAGE_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's CriterionCoverage (None on an area row)
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "area" or "criterion"
CODE_ROLE = Qt.ItemDataRole.UserRole + 3  # the criterion's (or area's) code
SORT_ROLE = Qt.ItemDataRole.UserRole + 4  # a plain value to sort by
GRADE_COLOUR_ROLE = Qt.ItemDataRole.UserRole + 5  # the judged grade's colour on the Judged column (or None)

COLUMNS = ("Criterion", "Notes", "Strength", "Development", "Neutral", "Balance", "Activities", "Authors", "Judged")
CRITERION, NOTES, STRENGTH, DEVELOPMENT, NEUTRAL, BALANCE, ACTIVITIES_COL, AUTHORS, JUDGED = range(len(COLUMNS))
HEADER_TIPS = {
    NOTES: "Evidence notes tagged with the criterion",
    STRENGTH: "Notes marked as a strength",
    DEVELOPMENT: "Notes marked as an area for development",
    NEUTRAL: "Notes marked neutral",
    BALANCE: "Strength (green), neutral (grey) and development (orange) among the notes",
    ACTIVITIES_COL: "The kinds of activity the evidence comes from",
    AUTHORS: "How many reviewers wrote the evidence",
    JUDGED: "The judgement recorded for the criterion, if any",
}
NO_EVIDENCE = QColor("#d64541")  # tint for a criterion with no evidence at all
LITTLE_EVIDENCE = QColor("#e8a33c")  # tint for a criterion with some, but too little, evidence
WELL_EVIDENCED = QColor("#2e8b57")  # tint that deepens with the number of notes


def contrasting_text(colour: QColor) -> QColor:
    """Black or white, whichever reads better on `colour` (WCAG relative luminance)."""

    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())
    return QColor("#000000") if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else QColor("#ffffff")


def gap_counts(rows: list[CriterionCoverage]) -> tuple[int, int]:
    """(criteria with no evidence, criteria with some but fewer than LOW_EVIDENCE notes)."""
    none = sum(1 for c in rows if c.notes == 0)
    return none, sum(1 for c in rows if 0 < c.notes < LOW_EVIDENCE)


def headline(rows: list[CriterionCoverage]) -> str:
    """The one sentence a team reads before leaving the school."""
    if not rows:
        return "This framework has no criteria."
    none, little = gap_counts(rows)
    few = "only one note" if LOW_EVIDENCE == 2 else f"fewer than {LOW_EVIDENCE} notes"
    if none:
        first = f"{none} criteri{'on has' if none == 1 else 'a have'} no evidence yet"
        if little:
            return f"{first}, and {little} {'has' if little == 1 else 'have'} {few}."
        return f"{first}."
    if little:
        return f"Every criterion has some evidence, but {little} {'has' if little == 1 else 'have'} {few}."
    return f"Every criterion has at least {LOW_EVIDENCE} evidence notes."


class CoverageModel(QAbstractTableModel):
    def __init__(self, ctx, parent: QObject | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.fw: FrameworkDef | None = None
        self.items: list[CriterionCoverage] = []  # criteria, framework order
        self._rows: list[tuple[str, str]] = []  # ("area", code) or ("criterion", code), display order
        self._by_code: dict[str, CriterionCoverage] = {}
        ctx.changed.connect(self.on_changed)

    # -- loading ---------------------------------------------------------------------------------------------------
    def set_review(self, review_id: str | None) -> None:
        self.beginResetModel()
        self.review_id, self.fw = review_id, None
        if review_id:
            with self.ctx.store.read() as s:
                self.fw = reviews.framework_of(s, reviews.get(s, review_id))
        self._load()
        self._rows = []
        if self.fw is not None:
            for area in self.fw.areas:
                self._rows.append(("area", area.code))
                self._rows.extend(("criterion", c.code) for c in area.criteria)
        self.endResetModel()

    def _load(self) -> None:
        self.items = coverage.coverage(self.ctx.store, self.review_id) if self.review_id else []
        self._by_code = {c.code: c for c in self.items}

    def on_changed(self, ch: Changes) -> None:
        if not self.review_id or not (ch.notes or ch.judgements or ch.review):
            return
        self._load()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    # -- queries ---------------------------------------------------------------------------------------------------
    def kind(self, row: int) -> str:
        return self._rows[row][0]

    def code(self, row: int) -> str:
        return self._rows[row][1]

    def row_of(self, code: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r[1] == code), -1)

    def headline(self) -> str:
        return headline(self.items) if self.fw is not None else ""

    def gaps(self) -> tuple[int, int]:
        return gap_counts(self.items)

    def _area_items(self, area_code: str) -> list[CriterionCoverage]:
        return [c for c in self.items if c.area_code == area_code]

    # -- the model -------------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(COLUMNS):
            return None
        kind, code = self._rows[index.row()]
        if role == KIND_ROLE:
            return kind
        if role == CODE_ROLE:
            return code
        if kind == "area":
            return self._area_data(code, index.column(), role)
        return self._criterion_data(self._by_code.get(code), index.column(), role)

    def _area_data(self, code: str, col: int, role: int):  # noqa: ANN202
        area = self.fw.area(code)
        items = self._area_items(code)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole) and col == CRITERION:
            notes = sum(c.notes for c in items)
            none, little = gap_counts(items)
            parts = [f"{len(items)} criteri{'on' if len(items) == 1 else 'a'}", f"{notes} note{'s' if notes != 1 else ''}"]
            if none or little:
                parts.append(f"{none + little} gap{'s' if none + little != 1 else ''}")
            return f"{area.code}  {area.title}  ·  {', '.join(parts)}"
        if role == Qt.ItemDataRole.DisplayRole:
            return ""
        if role == Qt.ItemDataRole.FontRole:
            f = QFont(QGuiApplication.font())
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.BackgroundRole:
            return QGuiApplication.palette().color(QPalette.ColorRole.AlternateBase)
        if role == SORT_ROLE:
            return code
        return None

    def _criterion_data(self, c: CriterionCoverage | None, col: int, role: int):  # noqa: ANN202, PLR0911, PLR0912
        if c is None:
            return None
        if role == COVERAGE_ROLE:
            return c
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._display(c, col, sort=role == SORT_ROLE)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(c, col)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMNS[col]}: {self._display(c, col) or 'none'}" if col != CRITERION else f"{c.code} {c.title}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col != CRITERION and col != ACTIVITIES_COL:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(c, col)
        if role == GRADE_COLOUR_ROLE and col == JUDGED:
            g = self._grade(c.judged)
            return QColor(g.colour) if g is not None and not g.special else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == JUDGED and (g := self._grade(c.judged)) is not None and not g.special:
                return contrasting_text(QColor(g.colour))
            if col in (STRENGTH, DEVELOPMENT, NEUTRAL, AUTHORS) and not self._display(c, col, sort=True):
                return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            if col == JUDGED and (c.judged is None or c.judged in SPECIAL_GRADES):
                return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole and col == NOTES and c.gap:
            f = QFont(QGuiApplication.font())
            f.setBold(True)
            return f
        return None

    def _grade(self, key: str | None):  # noqa: ANN202
        if not key or self.fw is None:
            return None
        if key in SPECIAL_GRADES:
            return next(g for g in self.fw.special_grades if g.key == key)
        return next((g for g in self.fw.grades if g.key == key), None)

    def _display(self, c: CriterionCoverage, col: int, sort: bool = False):  # noqa: ANN202
        if col == CRITERION:
            return c.code if sort else f"{c.code}  {c.title}"
        if col == NOTES:
            return c.notes
        if col in (STRENGTH, DEVELOPMENT, NEUTRAL):
            n = (c.strength, c.development, c.neutral)[col - STRENGTH]
            return n if sort else (str(n) if n else "–")
        if col == BALANCE:
            return c.balance if sort else ""
        if col == ACTIVITIES_COL:
            if sort:
                return len(c.activities)
            return ", ".join(ACTIVITIES.get(a, a) for a, _n in c.activities.most_common()) or "–"
        if col == AUTHORS:
            n = len(c.authors)
            return n if sort else (str(n) if n else "–")
        if col == JUDGED:
            g = self._grade(c.judged)
            if sort:
                return g.position if g is not None else 99
            return g.label if g is not None else "Not yet judged"
        return None

    def _tooltip(self, c: CriterionCoverage, col: int) -> str | None:
        if col == CRITERION or col == NOTES:
            if c.notes == 0:
                return f"{c.code} {c.title}: no evidence yet. Tag notes with {c.code} to cover it."
            if c.gap:
                return f"{c.code} {c.title}: only {c.notes} note{'s' if c.notes != 1 else ''} so far."
            return f"{c.code} {c.title}: {c.notes} notes."
        if col == BALANCE and c.notes:
            return f"{c.strength} strength, {c.neutral} neutral, {c.development} development"
        if col == ACTIVITIES_COL and c.activities:
            return "\n".join(f"{ACTIVITIES.get(a, a)}: {n}" for a, n in c.activities.most_common())
        if col == AUTHORS and c.authors:
            return "\n".join(f"{name}: {n} note{'s' if n != 1 else ''}" for name, n in c.authors.most_common())
        return None

    def _background(self, c: CriterionCoverage, col: int) -> QColor | None:
        base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
        if col == JUDGED:
            g = self._grade(c.judged)
            return QColor(g.colour) if g is not None and not g.special else None
        if c.notes == 0 and col in (CRITERION, NOTES):
            return mix(base, NO_EVIDENCE, 0.32 if col == NOTES else 0.16)
        if c.gap and col in (CRITERION, NOTES):
            return mix(base, LITTLE_EVIDENCE, 0.34 if col == NOTES else 0.16)
        if col == NOTES:
            peak = max((i.notes for i in self.items), default=1) or 1
            return mix(base, WELL_EVIDENCED, 0.12 + 0.38 * c.notes / peak)
        return None
