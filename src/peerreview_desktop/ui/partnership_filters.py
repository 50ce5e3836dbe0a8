"""The lead workspace's filter bar: school (name or URN), cluster, school year or a date range, review type,
framework, reviewer and status (final, superseded, conflicting revision…). `changed` fires (debounced for typing)
with nothing but "read `selection()` and `status_value()` again"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ..core.partnership import Selection
from ..core.partnership_data import STATUS_LABELS, Catalogue, academic_year
from ..core.vocabulary import REVIEW_TYPES

ANY_DATE = QDate(2000, 1, 1)


def _combo(name: str, parent: QWidget) -> QComboBox:
    c = QComboBox(parent)
    c.setAccessibleName(name)
    c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    c.setMinimumContentsLength(8)
    return c


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.school = QLineEdit(self)
        self.school.setPlaceholderText("School or URN")
        self.school.setAccessibleName("Filter by school name or URN")
        self.school.setClearButtonEnabled(True)
        self.school.setMinimumWidth(150)
        self.school.setMaximumWidth(220)
        self.cluster = _combo("Filter by cluster", self)
        self.year = _combo("Filter by school year", self)
        self.date_from = self._date("Reviews from")
        self.date_to = self._date("Reviews up to")
        self.type = _combo("Filter by type of review", self)
        self.framework = _combo("Filter by framework", self)
        self.reviewer = _combo("Filter by reviewer", self)
        self.status = _combo("Filter the reviews list by status", self)
        self.clear = QPushButton("Clear filters", self)
        self.clear.setAccessibleName("Clear all filters")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.changed)
        self.school.textChanged.connect(lambda _t: self._timer.start())
        for c in (self.cluster, self.type, self.framework, self.reviewer, self.status):
            c.currentIndexChanged.connect(lambda _i: self._emit())
        self.year.currentIndexChanged.connect(self._year_chosen)
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(lambda _d: self._emit())
        self.clear.clicked.connect(self.reset)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(self.school)
        for label, w in (("", self.cluster), ("", self.year), ("From", self.date_from), ("to", self.date_to),
                         ("", self.type), ("", self.framework), ("", self.reviewer), ("", self.status)):
            if label:  # the combo boxes say what they filter ("All clusters"); the dates need a word
                lab = QLabel(label, self)
                lab.setBuddy(w)
                lay.addWidget(lab)
            lay.addWidget(w)
        lay.addWidget(self.clear)
        lay.addStretch(1)
        self._quiet = False

    def _date(self, name: str) -> QDateEdit:
        d = QDateEdit(self)
        d.setAccessibleName(name)
        d.setCalendarPopup(True)
        d.setDisplayFormat("dd/MM/yyyy")
        d.setMinimumDate(ANY_DATE)
        d.setSpecialValueText("Any")
        d.setDate(ANY_DATE)
        return d

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit()

    def _year_chosen(self, _i: int) -> None:
        if self._quiet:
            return
        y = self.year.currentData()
        self._quiet = True
        if y:
            first = int(y[:4])
            self.date_from.setDate(QDate(first, 9, 1))
            self.date_to.setDate(QDate(first + 1, 8, 31))
        else:
            self.date_from.setDate(ANY_DATE)
            self.date_to.setDate(ANY_DATE)
        self._quiet = False
        self.changed.emit()

    def set_catalogue(self, cat: Catalogue, clusters: list[str]) -> None:
        """Fill the choices from what the store holds, keeping the current choice where it still exists."""
        self._quiet = True
        entries = [e for e in cat.entries if e.mode not in ("host", "team")]
        self._fill(self.cluster, "All clusters", [(c, c) for c in clusters])
        years = sorted({academic_year(e.start_date) for e in entries if e.start_date}, reverse=True)
        self._fill(self.year, "All years", [(y, y) for y in years])
        types = sorted({e.type for e in entries})
        self._fill(self.type, "All types", [(REVIEW_TYPES.get(t, t), t) for t in types])
        fws = sorted({(e.framework_name, e.framework_key) for e in entries})
        self._fill(self.framework, "All frameworks", list(fws))
        people = sorted({n for e in entries for n in e.reviewers}, key=str.casefold)
        self._fill(self.reviewer, "All reviewers", [(n, n) for n in people])
        self._fill(self.status, "All statuses", [(STATUS_LABELS[k], k) for k in
                                                 ("final", "superseded", "conflict", "in_progress", "draft_shared",
                                                  "planned")])
        self._quiet = False

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for label, data in items:
            combo.addItem(label, data)
        i = combo.findData(keep) if keep is not None else 0
        combo.setCurrentIndex(max(0, i))
        combo.blockSignals(False)

    def reset(self) -> None:
        self._quiet = True
        self.school.blockSignals(True)
        self.school.clear()
        self.school.blockSignals(False)
        for c in (self.cluster, self.year, self.type, self.framework, self.reviewer, self.status):
            c.setCurrentIndex(0)
        self.date_from.setDate(ANY_DATE)
        self.date_to.setDate(ANY_DATE)
        self._quiet = False
        self.changed.emit()

    def _day(self, d: QDateEdit) -> date | None:
        q = d.date()
        return None if q == ANY_DATE else date(q.year(), q.month(), q.day())

    def selection(self) -> Selection:
        one = lambda c: {c.currentData()} if c.currentData() else set()  # noqa: E731
        return Selection(clusters=one(self.cluster), date_from=self._day(self.date_from),
                         date_to=self._day(self.date_to), types=one(self.type), frameworks=one(self.framework),
                         reviewer=self.reviewer.currentData() or "", school_text=self.school.text().strip())

    def active(self) -> bool:
        return self.selection().describe() != "all schools, all dates" or bool(self.status_value())

    def status_value(self) -> str | None:
        return self.status.currentData()
