"""The new-review wizard: host school → framework → type and dates → team → focus and lines of enquiry →
timetable → summary. Each page says inline what it still needs; Finish stores the plan with one
`reviews.new_review` call and leaves the new review's ID in `review_id`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..core import framework_library, profile, reviews
from ..core.vocabulary import ACTIVITIES, REVIEW_TYPES, TEAM_ROLES
from .plan_tables import KEY, ChoiceDelegate, ListEditor, PlanTable, TimeDelegate
from .widgets import uk_date


def message_label(parent: QWidget) -> QLabel:
    lab = QLabel(parent)
    lab.setWordWrap(True)
    lab.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    lab.setAccessibleName("What this page still needs")
    return lab


class Page(QWizardPage):
    def __init__(self, wizard: NewReviewWizard, title: str, subtitle: str):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.message = message_label(self)
        self.lay = QVBoxLayout(self)

    def problem(self) -> str:
        """What stops the user going on ("" when nothing does)."""
        return ""

    def note(self) -> str:
        """Something worth knowing that does not stop the user."""
        return ""

    def isComplete(self) -> bool:  # noqa: N802
        text = self.problem()
        self.message.setText(text or self.note())
        return not text

    def finish(self) -> None:
        self.lay.addWidget(self.message)
        self.completeChanged.emit()


class NewReviewWizard(QWizard):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.setWindowTitle("Plan a new review")
        self.setMinimumSize(820, 600)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Create review")
        with ctx.store.read() as s:
            self.frameworks = [(f, framework_library.get(s, f.id)) for f in framework_library.list_all(s)]
            me = profile.get(s)
            self.me = (me.name, me.school) if me else ("", "")
        known = [r for r in reviews.list_reviews(ctx.store) if r.mode == "author"]
        schools = sorted({r.school for r in known})
        self.recent_framework = known[0].framework if known else None
        self._school_page(schools)
        self._framework_page()
        self._dates_page()
        self._team_page()
        self._focus_page()
        self._timetable_page()
        self._summary_page()

    # -- pages -----------------------------------------------------------------------------------------------------
    def _school_page(self, schools: list[str]) -> None:
        p = Page(self, "Host school", "Which school are you visiting?")
        self.school = QLineEdit(p)
        self.school.setAccessibleName("Host school name")
        self.school.setPlaceholderText("e.g. Brookfield Primary School")
        self.school.setCompleter(QCompleter(schools, self.school))
        self.urn = QLineEdit(p)
        self.urn.setAccessibleName("URN (optional)")
        self.urn.setPlaceholderText("six digits, optional")
        self.urn.setMaxLength(6)
        self.context = QPlainTextEdit(p)
        self.context.setAccessibleName("The school's context (optional)")
        self.context.setPlaceholderText("Optional: size, phase, community, recent changes — what the team should know.")
        self.context.setTabChangesFocus(True)
        self.context.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        form = QFormLayout()
        form.addRow("School &name:", self.school)
        form.addRow("&URN:", self.urn)
        form.addRow("&Context:", self.context)
        p.lay.addLayout(form)
        p.lay.addStretch(1)
        p.problem = lambda: ("Type the host school's name to continue." if not self.school.text().strip() else
                             "The URN is the school's six-digit unique reference number; leave it empty if unsure."
                             if self.urn.text().strip() and not (self.urn.text().strip().isdigit()
                                                                 and len(self.urn.text().strip()) == 6) else "")
        for w in (self.school, self.urn):
            w.textChanged.connect(p.completeChanged)
        p.finish()
        self.addPage(p)

    def _framework_page(self) -> None:
        p = Page(self, "Framework", "What will the review be judged against?")
        self.fw_list = QListWidget(p)
        self.fw_list.setAccessibleName("Frameworks")
        self.fw_list.setSpacing(3)
        for summary, fw in self.frameworks:
            scale = (f"graded: {fw.grades[0].label} … {fw.grades[-1].label}" if fw.graded
                     else "narrative only (no grades)")
            item = QListWidgetItem(f"{fw.title}\n{summary.areas} areas, {summary.criteria} criteria · {scale}",
                                   self.fw_list)
            item.setData(KEY, summary.id)
            item.setToolTip(fw.description)
        self.fw_list.setCurrentRow(self._default_framework())
        self.fw_about = QLabel(p)
        self.fw_about.setWordWrap(True)
        self.fw_list.currentRowChanged.connect(self._framework_chosen)
        self.fw_list.currentRowChanged.connect(p.completeChanged)
        p.lay.addWidget(self.fw_list, 1)
        p.lay.addWidget(self.fw_about)
        p.problem = lambda: "" if self.fw_list.currentItem() else "Choose a framework to continue."
        self._framework_chosen(self.fw_list.currentRow())
        p.finish()
        self.addPage(p)

    def _dates_page(self) -> None:
        p = Page(self, "Type and dates", "What kind of review is it, and when?")
        self.type = QComboBox(p)
        self.type.setAccessibleName("Type of review")
        for key, label in REVIEW_TYPES.items():
            self.type.addItem(label, key)
        self.start = QDateEdit(QDate.currentDate(), p)
        self.end = QDateEdit(QDate.currentDate(), p)
        for w, name in ((self.start, "First day of the visit"), (self.end, "Last day of the visit")):
            w.setDisplayFormat("dd/MM/yyyy")
            w.setCalendarPopup(True)
            w.setAccessibleName(name)
            w.dateChanged.connect(p.completeChanged)
        self.start.dateChanged.connect(lambda d: self.end.setDate(d) if self.end.date() < d else None)
        self.when = QLabel(p)
        form = QFormLayout()
        form.addRow("&Type:", self.type)
        form.addRow("&First day:", self.start)
        form.addRow("&Last day:", self.end)
        form.addRow("", self.when)
        p.lay.addLayout(form)
        p.lay.addStretch(1)

        def problem() -> str:
            s, e = self.start.date().toPython(), self.end.date().toPython()
            days = (e - s).days + 1
            self.when.setText(f"{uk_date(s, weekday=True)}" + (f" to {uk_date(e, weekday=True)} ({days} days)"
                                                               if days > 1 else " (one day)"))
            return "The last day is before the first day." if e < s else ""

        p.problem = problem
        p.finish()
        self.addPage(p)
        self._framework_chosen(self.fw_list.currentRow())

    def _team_page(self) -> None:
        p = Page(self, "Team", "Who is on the review team, and what is each person's role?")
        self.team = PlanTable(["Name", "Role", "School"], "&Add a team member", "Review team", p)
        self.team.table.setItemDelegateForColumn(1, ChoiceDelegate(lambda: [(r, r.capitalize()) for r in TEAM_ROLES]))
        self.team.add_button.clicked.connect(lambda: self.team.add_row([("", None), ("Reviewer", "reviewer"),
                                                                         ("", None)]))
        if self.me[0]:
            self.team.add_row([(self.me[0], None), ("Lead reviewer", "lead reviewer"), (self.me[1], None)], None)
        self.team.changed.connect(p.completeChanged)

        def problem() -> str:
            rows = self.team.rows()
            if not any(r[0][0] for r in rows):
                return "Add at least one member of the review team (Alt+A), with their name."
            if any(not r[0][0] and (r[2][0]) for r in rows):
                return "A team member needs a name; remove the row if it is not needed."
            return ""

        p.problem = problem
        p.lay.addWidget(self.team, 1)
        p.finish()
        self.addPage(p)

    def _focus_page(self) -> None:
        p = Page(self, "Focus and lines of enquiry", "What will the team look at most closely? Both are optional.")
        self.focus = ListEditor("Add a focus area and press Enter, e.g. Early reading", "Focus areas", p)
        self.enquiry = ListEditor("Add a line of enquiry and press Enter, e.g. How well do pupils with SEND…",
                                  "Lines of enquiry", p)
        for title, w in (("Focus areas", self.focus), ("Lines of enquiry", self.enquiry)):
            lab = QLabel(f"<b>{title}</b>", p)
            lab.setBuddy(w.field)
            p.lay.addWidget(lab)
            p.lay.addWidget(w, 1)
        p.finish()
        self.addPage(p)

    def _timetable_page(self) -> None:
        p = Page(self, "Timetable", "The visit's activities. Optional now: you can add them later.")
        self.slots = PlanTable(["Date", "Start", "End", "Activity", "Title", "Location"], "&Add an activity",
                               "Timetable", p)
        t = self.slots.table
        t.setItemDelegateForColumn(0, ChoiceDelegate(self._visit_days, t))
        t.setItemDelegateForColumn(1, TimeDelegate(t))
        t.setItemDelegateForColumn(2, TimeDelegate(t))
        t.setItemDelegateForColumn(3, ChoiceDelegate(lambda: list(ACTIVITIES.items()), t))
        head = t.horizontalHeader()
        for col in range(4):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("00:00") + 44)  # room for the time editor
        self.slots.add_button.clicked.connect(self._add_slot)
        self.slots.changed.connect(p.completeChanged)

        def problem() -> str:
            days = {d for d, _label in self._visit_days()}
            for r in self.slots.rows():
                if r[4][0] and r[1][0] and r[2][0] and r[2][0] <= r[1][0]:
                    return f"“{r[4][0]}” ends before it starts: change its start or end time."
                if r[4][0] and r[0][1] not in days:
                    return f"“{r[4][0]}” is on a day outside the visit: choose one of the visit's days."
            return ""

        p.problem = problem
        p.note = lambda: ("Activities without a title are left out of the plan."
                          if any(not r[4][0] for r in self.slots.rows()) else "")
        p.lay.addWidget(self.slots, 1)
        p.finish()
        self.addPage(p)

    def _summary_page(self) -> None:
        p = Page(self, "Check and create", "Check the plan; Back changes anything. Create review stores it.")
        self.summary = QLabel(p)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        p.lay.addWidget(self.summary, 1)
        p.initializePage = lambda: self.summary.setText(self.summary_html())
        p.finish()
        self.addPage(p)

    # -- helpers ---------------------------------------------------------------------------------------------------
    def _default_framework(self) -> int:
        """The framework of the latest review, else the graded one with most criteria."""
        ids = [f.id for f, _ in self.frameworks]
        if self.recent_framework in ids:
            return ids.index(self.recent_framework)
        return max(range(len(ids)), key=lambda i: (self.frameworks[i][1].graded, len(self.frameworks[i][1].criteria)),
                   default=0)

    def _framework_chosen(self, row: int) -> None:
        if 0 <= row < len(self.frameworks):
            fw = self.frameworks[row][1]
            self.fw_about.setText(fw.description)
            if fw.review_types and hasattr(self, "type") and self.type.currentData() not in fw.review_types:
                self.type.setCurrentIndex(max(0, self.type.findData(fw.review_types[0])))

    def _visit_days(self) -> list[tuple[str, str]]:
        s, e = self.start.date().toPython(), self.end.date().toPython()
        return [(str(s + timedelta(n)), f"{s + timedelta(n):%a} {(s + timedelta(n)).day} "
                 f"{s + timedelta(n):%b %Y}") for n in range(max(1, (e - s).days + 1))]

    def _add_slot(self) -> None:
        rows = self.slots.rows()
        day, label = (rows[-1][0][1], rows[-1][0][0]) if rows else self._visit_days()[0]
        start = rows[-1][2][0] if rows and rows[-1][2][0] else "09:00"
        end = (datetime.strptime(start, "%H:%M") + timedelta(minutes=45)).strftime("%H:%M")
        self.slots.add_row([(label, day), (start, None), (end, None), ("Learning walk", "learning-walk"), ("", None),
                            ("", None)], edit_column=4)

    def plan(self) -> reviews.Plan:
        fw_item = self.fw_list.currentItem()
        return reviews.Plan(
            school=self.school.text().strip(), urn=self.urn.text().strip() or None,
            framework=fw_item.data(KEY) if fw_item else "", type=self.type.currentData(),
            start_date=self.start.date().toPython(),
            end_date=self.end.date().toPython() if self.end.date() > self.start.date() else None,
            context=self.context.toPlainText().strip(),
            focus_areas=self.focus.items(), lines_of_enquiry=self.enquiry.items(),
            team=[{"name": r[0][0], "role": r[1][1] or "reviewer", "school": r[2][0]} for r in self.team.rows()
                  if r[0][0]],
            timetable=[{"date": r[0][1], "start": r[1][0], "end": r[2][0], "activity": r[3][1] or "other",
                        "title": r[4][0], "location": r[5][0]} for r in self.slots.rows() if r[4][0]])

    def summary_html(self) -> str:
        pl = self.plan()
        fw = self.frameworks[self.fw_list.currentRow()][1]
        e = lambda v: escape(str(v), quote=False)  # noqa: E731
        start = pl.start_date if isinstance(pl.start_date, date) else None
        when = uk_date(start, weekday=True) + (f" to {uk_date(pl.end_date, weekday=True)}" if pl.end_date else "")
        rows = [("School", e(pl.school) + (f" (URN {e(pl.urn)})" if pl.urn else "")), ("Framework", e(fw.title)),
                ("Type", e(REVIEW_TYPES[pl.type])), ("When", e(when)),
                ("Team", "<br>".join(f"{e(m['name'])} — {e(m['role'].capitalize())}"
                                     + (f", {e(m['school'])}" if m["school"] else "") for m in pl.team)),
                ("Focus areas", "<br>".join(map(e, pl.focus_areas)) or "None yet"),
                ("Lines of enquiry", "<br>".join(map(e, pl.lines_of_enquiry)) or "None yet"),
                ("Timetable", "<br>".join(f"{e(uk_date(t['date']))}, {t['start']}–{t['end']} — {e(t['title'])}"
                                          for t in pl.timetable) or "None yet")]
        return "<table cellspacing='0' cellpadding='4'>" + "".join(
            f"<tr><td valign='top'><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows) + "</table>"

    def accept(self) -> None:
        ch = self.ctx.call(reviews.new_review, self.plan())
        if ch is None:
            return  # the error was shown; the wizard stays open with everything typed
        self.review_id = ch.value
        super().accept()
