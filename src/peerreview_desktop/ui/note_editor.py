"""The note editor: text, time, activity, place / year group / subject, criteria tags (completion by code or word),
strength / development / neutral marker, confidential flag and attachments (drop files or photos anywhere on it).

There is no save button. Typing restarts a 600 ms timer; when it fires (and on leaving the editor, switching note,
closing the window or quitting) the difference from what is stored goes to `notes.update` as one undoable
`NoteEditCommand` (typing in one note merges into one undo step)."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import notes
from ..core.changes import Changes
from ..core.errors import NotFound
from ..core.frameworks import FrameworkDef
from ..core.vocabulary import ACTIVITIES, MARKERS
from .attachments_view import AttachmentsView, dropped_files, has_files
from .autosave import Autosaving, autosave_timer
from .framework_tree import CriteriaTagger
from .ops import NoteEditCommand, attach_command, detach_command
from .widgets import EmptyState, marker_icon, route_undo_to_app, section_label

YEAR_GROUPS = ["Nursery", "Reception"] + [f"Year {n}" for n in range(1, 14)] + ["Key Stage 1", "Key Stage 2",
                                                                               "Whole school"]
SUBJECTS = ["Art and design", "Computing", "Design and technology", "English", "Geography", "History", "Mathematics",
            "Modern foreign languages", "Music", "Physical education", "Phonics", "PSHE", "Reading",
            "Religious education", "Science", "Writing"]
MARKER_KEYS = {"strength": "Alt+S", "development": "Alt+D", "neutral": "Alt+U"}
QT_TIME = "yyyy-MM-ddTHH:mm"


class NoteText(QPlainTextEdit):
    """The note's text; files and images dropped or pasted on it become attachments, not text."""

    def __init__(self, editor: NoteEditor):
        super().__init__(editor)
        self.editor = editor

    def canInsertFromMimeData(self, source) -> bool:  # noqa: N802, ANN001
        return has_files(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source) -> None:  # noqa: N802, ANN001
        if has_files(source):
            with dropped_files(source) as paths:
                self.editor.attach_files(paths)
            return
        super().insertFromMimeData(source)


class NoteEditor(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.note_id: str | None = None
        self.locked = ""
        self._saved: dict = {}
        self._loading = False
        self.new_note_for_files = None  # set by the workspace: creates a note for files dropped on an empty editor
        self.setAcceptDrops(True)
        self.timer = autosave_timer(self, self.flush)
        self._build()
        ctx.changed.connect(self._on_changed)
        self.autosaving = Autosaving(self, ctx)

    # -- layout ----------------------------------------------------------------------------------------------------
    def _build(self) -> None:  # noqa: PLR0915
        self.empty = EmptyState("No note open — press Ctrl+N to capture one, or pick a note from the list.", self)
        form = QWidget(self)
        self.form = form
        self.time = QDateTimeEdit(form)
        self.time.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        self.time.setCalendarPopup(True)
        self.time.setAccessibleName("Time of the observation")
        self.activity = QComboBox(form)
        self.activity.setAccessibleName("Activity")
        self.activity.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.activity.setMinimumContentsLength(12)
        for key, label in ACTIVITIES.items():
            self.activity.addItem(label, key)
        self.place = self._line(form, "Place", "Place, e.g. Year 4 classroom")
        self.year_group = self._line(form, "Year group", "Year group", YEAR_GROUPS)
        self.subject = self._line(form, "Subject", "Subject", SUBJECTS)
        self.text = NoteText(self)
        self.text.setAccessibleName("Note text")
        self.text.setPlaceholderText("What did you see or hear? Type here — everything saves as you go.")
        self.text.setTabChangesFocus(True)
        self.text.setUndoRedoEnabled(False)  # the window's undo stack undoes typing, per note
        self.text.setMinimumHeight(140)
        self.tagger = CriteriaTagger(form)
        self.tagger.changed.connect(lambda _codes: self._edited(now=True))
        self.marker_group = QButtonGroup(self)
        self.marker_group.setExclusive(True)
        markers = QHBoxLayout()
        markers.setSpacing(6)
        self.marker_buttons: dict[str, QPushButton] = {}
        for key, label in MARKERS.items():
            b = QPushButton(marker_icon(key), label, form)
            b.setCheckable(True)
            b.setAccessibleName(f"Mark as {label.lower()}")
            b.setToolTip(f"Mark this note as {label.lower()} ({MARKER_KEYS[key]})")
            self.marker_group.addButton(b)
            self.marker_buttons[key] = b
            b.clicked.connect(lambda _c=False, k=key: self.set_marker(k))
            markers.addWidget(b)
        markers.addStretch(1)
        self.confidential = QCheckBox("Confidential: keep out of reports", form)
        self.confidential.setAccessibleName("Confidential: kept out of reports and shared packages")
        self.confidential.setToolTip("Confidential notes stay out of reports and of packages for others (Alt+C)")
        self.confidential.toggled.connect(lambda _on: self._edited(now=True))
        self.attachments = AttachmentsView(self.ctx, form)
        self.attachments.files_dropped.connect(self.attach_files)
        self.attachments.remove_requested.connect(self._detach)
        self.author = QLabel(form)
        self.author.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.addWidget(self._buddy("When", self.time), 0, 0)
        grid.addWidget(self.time, 0, 1)
        grid.addWidget(self._buddy("Activity", self.activity), 1, 0)
        grid.addWidget(self.activity, 1, 1)
        where = QHBoxLayout()
        for w in (self.place, self.year_group, self.subject):
            where.addWidget(w, 2 if w is self.place else 1)
        grid.addWidget(self._buddy("Where", self.place), 2, 0)
        grid.addLayout(where, 2, 1)
        grid.setColumnStretch(1, 1)

        lay = QVBoxLayout(form)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addLayout(grid)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.author)
        lay.addWidget(section_label("Criteria", form))
        lay.addWidget(self.tagger)
        lay.addWidget(section_label("Marker", form))
        lay.addLayout(markers)
        lay.addWidget(self.confidential)
        lay.addWidget(section_label("Attachments", form))
        lay.addWidget(self.attachments)

        scroll = QScrollArea(self)  # a small window scrolls the form rather than squashing it
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        form.setMinimumHeight(520)
        scroll.setMinimumWidth(form.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4)
        self.scroll = scroll
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 8)
        outer.addWidget(self.pages, 1)

        self.time.dateTimeChanged.connect(lambda _dt: self._edited())
        self.activity.currentIndexChanged.connect(lambda _i: self._edited(now=True))
        self.text.textChanged.connect(self._edited)
        for w in (self.place, self.year_group, self.subject):
            w.textEdited.connect(lambda _t: self._edited())
        route_undo_to_app(self.text, self.place, self.year_group, self.subject, self.tagger.field, self.time)

        self.marker_actions = {}
        for key, label in MARKERS.items():
            act = QAction(f"Mark as {label}", self)
            act.setShortcut(QKeySequence(MARKER_KEYS[key]))
            act.triggered.connect(lambda _c=False, k=key: self.set_marker(k))
            self.marker_actions[key] = act
        self.confidential_action = QAction("Confidential", self)
        self.confidential_action.setShortcut(QKeySequence("Alt+C"))
        self.confidential_action.triggered.connect(lambda: self.confidential.toggle())
        self.tag_action = QAction("Tag a Criterion", self)
        self.tag_action.setShortcut(QKeySequence("Ctrl+T"))
        self.tag_action.triggered.connect(self.focus_tags)

    def _line(self, parent: QWidget, name: str, hint: str, words: list[str] | None = None) -> QLineEdit:
        w = QLineEdit(parent)
        w.setAccessibleName(name)
        w.setPlaceholderText(hint)
        w.setClearButtonEnabled(False)
        if words:
            c = QCompleter(words, w)
            c.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            c.setFilterMode(Qt.MatchFlag.MatchContains)
            w.setCompleter(c)
        return w

    @staticmethod
    def _buddy(text: str, w: QWidget) -> QLabel:
        lab = QLabel(text, w.parentWidget())
        lab.setBuddy(w)
        return lab

    # -- review and note -------------------------------------------------------------------------------------------
    def set_review(self, review_id: str | None, fw: FrameworkDef | None, locked: str = "") -> None:
        self.set_note(None)
        self.review_id, self.locked = review_id, locked
        self.tagger.set_framework(fw)
        for w in (self.text, self.place, self.year_group, self.subject):
            w.setReadOnly(bool(locked))
        for w in (self.time, self.activity, self.confidential, self.tagger, self.attachments,
                  *self.marker_buttons.values()):
            w.setEnabled(not locked)
        for act in (*self.marker_actions.values(), self.confidential_action, self.tag_action):
            act.setEnabled(not locked)
        self.setAcceptDrops(not locked)
        self.empty.setText("This review is read-only: pick a note from the list to read it." if locked else
                           "No note open — press Ctrl+N to capture one, or pick a note from the list.")

    def set_note(self, note_id: str | None) -> None:
        if note_id == self.note_id:
            return
        self.flush()
        self.note_id = None
        view = None
        if note_id:
            try:
                view = notes.get(self.ctx.store, note_id)
            except NotFound:
                view = None
        if view is None:
            self._saved = {}
            self.pages.setCurrentWidget(self.empty)
            self.attachments.set_note(None, [])
            return
        self.note_id = view.id
        self._load(view)
        self.pages.setCurrentWidget(self.scroll)

    def _values_of(self, v) -> dict:  # noqa: ANN001
        return {"text": v.text, "occurred_at": v.occurred_at[:16], "activity": v.activity, "place": v.place or "",
                "year_group": v.year_group or "", "subject": v.subject or "", "criteria": list(v.criteria),
                "marker": v.marker, "confidential": bool(v.confidential)}

    def _load(self, v, keep_cursor: bool = False) -> None:  # noqa: ANN001
        self._loading = True
        try:
            values = self._values_of(v)
            if self.text.toPlainText() != values["text"]:
                pos = self.text.textCursor().position()
                self.text.setPlainText(values["text"])
                if keep_cursor:
                    cur = self.text.textCursor()
                    cur.setPosition(min(pos, len(values["text"])))
                    self.text.setTextCursor(cur)
            self.time.setDateTime(QDateTime.fromString(values["occurred_at"], QT_TIME))
            self.activity.setCurrentIndex(max(0, self.activity.findData(values["activity"])))
            for key in ("place", "year_group", "subject"):
                w = getattr(self, key)
                if w.text() != values[key]:
                    w.setText(values[key])
            self.tagger.set_codes(values["criteria"])
            for key, b in self.marker_buttons.items():
                b.setChecked(key == values["marker"])
            self.confidential.setChecked(values["confidential"])
            self.attachments.set_note(v.id, v.attachments)
            self.author.setText(f"Written by {v.author}" if v.author else "")
            self._saved = values
        finally:
            self._loading = False

    def current_values(self) -> dict:
        marker = next((k for k, b in self.marker_buttons.items() if b.isChecked()), "neutral")
        return {"text": self.text.toPlainText(), "occurred_at": self.time.dateTime().toString(QT_TIME),
                "activity": self.activity.currentData(), "place": self.place.text().strip(),
                "year_group": self.year_group.text().strip(), "subject": self.subject.text().strip(),
                "criteria": self.tagger.codes(), "marker": marker, "confidential": self.confidential.isChecked()}

    # -- autosave --------------------------------------------------------------------------------------------------
    def _edited(self, now: bool = False) -> None:
        if self._loading or not self.note_id or self.locked:
            return
        if now:
            self.flush()
        else:
            self.ctx.dirty.emit()
            self.timer.start()

    @property
    def pending(self) -> bool:
        return self.timer.isActive()

    def flush(self) -> None:
        """Write what differs from the store, now. Called by the timer, on focus change, switching, close, quit."""
        self.timer.stop()
        if not self.note_id or self.locked or not self._saved:
            return
        cur = self.current_values()
        after = {k: v for k, v in cur.items() if v != self._saved.get(k)}
        if not after:
            return
        typing = {k: v for k, v in after.items() if k in NoteEditCommand.TYPING}
        other = {k: v for k, v in after.items() if k not in NoteEditCommand.TYPING}
        for part in (typing, other):  # typing first: it happened before the click or key that flushed it
            if part and not self._push(part):
                return
        self.ctx.mark_saved()

    def _push(self, after: dict) -> bool:
        before = {k: self._saved[k] for k in after}
        self._saved.update(after)
        if self.ctx.push(NoteEditCommand(self.ctx, self.note_id, before, after, notes.update)):
            return True
        self._saved.update(before)
        return False

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and self.isAncestorOf(old) and (new is None or not self.isAncestorOf(new)):
            self.flush()

    def _on_changed(self, ch: Changes) -> None:
        if not self.note_id or not ch.notes or (ch.ids and self.note_id not in ch.ids):
            return
        try:
            view = notes.get(self.ctx.store, self.note_id)
        except NotFound:
            self.note_id = None
            self.set_note(None)
            return
        if self._values_of(view) != self._saved:  # changed elsewhere (undo, redo): show what is stored
            self.timer.stop()
            self._load(view, keep_cursor=True)
        else:
            self.attachments.set_note(view.id, view.attachments)

    # -- actions ---------------------------------------------------------------------------------------------------
    def set_marker(self, key: str) -> None:
        if not self.note_id or self.locked:
            return
        for k, b in self.marker_buttons.items():
            b.setChecked(k == key)
        self._edited(now=True)

    def focus_text(self, at_end: bool = True) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if at_end:
            self.text.moveCursor(self.text.textCursor().MoveOperation.End)

    def focus_tags(self) -> None:
        if self.note_id:
            self.tagger.field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def attach_files(self, paths: list[str]) -> None:
        if not paths or self.locked:
            return
        if not self.note_id:
            if self.new_note_for_files is not None:
                self.new_note_for_files(paths)
            return
        self.flush()
        self.ctx.push(attach_command(self.ctx, self.note_id, list(paths)))

    def _detach(self, attachment: dict) -> None:
        if self.note_id and not self.locked:
            self.ctx.push(detach_command(self.ctx, self.note_id, attachment))

    # -- drag and drop anywhere on the editor ----------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802, ANN001
        if not self.locked and has_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        if not self.locked and has_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802, ANN001
        with dropped_files(event.mimeData()) as paths:
            self.attach_files(paths)
        event.acceptProposedAction()

    def shutdown(self) -> None:
        self.autosaving.unhook()
