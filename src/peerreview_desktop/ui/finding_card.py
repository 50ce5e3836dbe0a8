"""One finding in the findings editor: its text, edited in place and saved as you type (600 ms after the last key,
or at once on leaving it), the criteria it cites by code (completion offers them; a code the framework does not have
is named, not stored), and its handle and buttons to reorder (Alt+Up / Alt+Down, or drag) and delete it."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QPoint, QStringListModel, Qt
from PySide6.QtGui import QDrag, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import findings
from ..core.findings import FindingView
from ..core.frameworks import FrameworkDef
from ..core.vocabulary import FINDING_KINDS
from .autosave import autosave_timer
from .context import ServiceCommand
from .notices import warning_text
from .widgets import route_undo_to_app

if TYPE_CHECKING:
    from .findings_editor import FindingsEditor

FINDING_MIME = "application/x-peerreview-finding-id"


class TextCommand(ServiceCommand):
    """Typing in one finding merges into one undo step."""

    MERGE_ID = 0x66696E64

    def __init__(self, ctx, finding_id: str, before: str, after: str):  # noqa: ANN001
        self.finding_id, self.before, self.after = finding_id, before, after
        super().__init__(ctx, "Edit finding", lambda: findings.update(ctx.store, finding_id, text=self.after),
                         lambda: findings.update(ctx.store, finding_id, text=self.before))

    def id(self) -> int:  # noqa: A003 - Qt naming
        return self.MERGE_ID

    def mergeWith(self, other) -> bool:  # noqa: N802, ANN001 - Qt naming
        if not isinstance(other, TextCommand) or other.finding_id != self.finding_id or other.failed:
            return False
        self.after = other.after
        return True


class CriteriaField(QLineEdit):
    """Comma-separated criterion codes; completion works on the code being typed ("ct" offers CT1, CT2…)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("Cite criteria, e.g. CT2, LO1")
        self.setAccessibleName("Criteria this finding cites")
        self.words = QStringListModel(self)
        self.completer = QCompleter(self.words, self)
        self.completer.setWidget(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.activated[str].connect(self._insert)
        self.textEdited.connect(self._complete)

    def set_framework(self, fw: FrameworkDef | None) -> None:
        self.words.setStringList([f"{c.code} — {c.title}" for c in fw.criteria] if fw else [])

    def codes(self) -> list[str]:
        return [c.strip().upper() for c in self.text().replace(";", ",").split(",") if c.strip()]

    def _complete(self, text: str) -> None:
        token = text.split(",")[-1].strip()
        if not token:
            self.completer.popup().hide()
            return
        self.completer.setCompletionPrefix(token)
        self.completer.complete()

    def _insert(self, completion: str) -> None:
        head = [c.strip() for c in self.text().split(",")[:-1] if c.strip()]
        self.setText(", ".join([*head, completion.split(" — ")[0]]) + ", ")
        self.editingFinished.emit()


class FindingCard(QFrame):
    """A finding as a card: drag handle, text, criteria field with move and delete buttons, and the titles of the
    criteria it cites."""

    def __init__(self, editor: FindingsEditor, f: FindingView):
        super().__init__()
        self.editor, self.finding_id, self.kind = editor, f.id, f.kind
        self.saved_text, self.saved_criteria = f.text, list(f.criteria)
        self.unknown: list[str] = []  # codes typed that the framework does not have (named until fixed)
        self.cited: list[str] = []  # the codes whose titles are shown
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.handle = QLabel("⠿", self)
        self.handle.setToolTip("Drag to reorder, or press Alt+Up / Alt+Down")
        self.handle.setCursor(Qt.CursorShape.OpenHandCursor)
        self.handle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.text = QTextEdit(self)
        self.text.setAcceptRichText(False)
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.setTabChangesFocus(True)
        self.text.setUndoRedoEnabled(False)
        self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text.setAccessibleName(f"{FINDING_KINDS[f.kind]} finding")
        self.text.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.criteria = CriteriaField(self)
        self.criteria.set_framework(editor.fw)
        self.titles = QLabel(self)
        self.titles.setWordWrap(True)
        self.titles.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.buttons = []
        for look, name, slot in ((Qt.ArrowType.UpArrow, "Move up (Alt+Up)", lambda: self._shift(-1)),
                                 (Qt.ArrowType.DownArrow, "Move down (Alt+Down)", lambda: self._shift(1)),
                                 (QStyle.StandardPixmap.SP_TrashIcon, "Delete this finding", self._delete)):
            b = QToolButton(self)
            if isinstance(look, Qt.ArrowType):
                b.setArrowType(look)  # drawn in the palette's colours, so it shows in dark mode too
            else:
                b.setIcon(self.style().standardIcon(look))
            b.setAutoRaise(True)
            b.setToolTip(name)
            b.setAccessibleName(name)
            b.clicked.connect(slot)
            self.buttons.append(b)
        for key, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            sc = QShortcut(QKeySequence(key), self, lambda s=step: self._shift(s))
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.timer = autosave_timer(self, self.flush)
        self.text.textChanged.connect(self._typed)
        self.criteria.editingFinished.connect(self._criteria_done)
        route_undo_to_app(self.text, self.criteria)
        row = QHBoxLayout()
        row.setSpacing(2)
        row.addWidget(self.criteria, 1)
        for b in self.buttons:
            row.addWidget(b)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(self.text)
        right.addLayout(row)
        right.addWidget(self.titles)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 6, 6, 6)
        lay.addWidget(self.handle, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(right, 1)
        self.load(f, force=True)

    def load(self, f: FindingView, force: bool = False) -> None:
        self.kind = f.kind
        if force or (not self.timer.isActive() and self.text.toPlainText() != f.text):
            self.text.blockSignals(True)
            cursor = len(f.text) if force else self.text.textCursor().position()
            self.text.setPlainText(f.text)
            c = self.text.textCursor()
            c.setPosition(min(cursor, len(f.text)))
            self.text.setTextCursor(c)
            self.text.blockSignals(False)
            self._fit()
        self.saved_text = f.text
        if force or not self.criteria.hasFocus():
            self.criteria.setText(", ".join(f.criteria))
        self.saved_criteria = list(f.criteria)
        self._show_titles(f.criteria, self.unknown)

    def set_locked(self, locked: bool) -> None:
        self.text.setReadOnly(locked)
        self.criteria.setReadOnly(locked)
        for b in self.buttons:
            b.setVisible(not locked)
        self.handle.setVisible(not locked)

    def _show_titles(self, codes: list[str], unknown: list[str] = ()) -> None:
        fw = self.editor.fw
        self.cited = list(codes)
        known = [f"{c} {fw.criterion(c).title}" for c in codes if fw and c in {x.code for x in fw.criteria}]
        text = " · ".join(escape(k, quote=False) for k in known)
        if unknown:
            red = warning_text(self.palette()).name()
            text = (f"<span style='color:{red}'>Not a criterion of this framework: "
                    f"{escape(', '.join(unknown), quote=False)}</span>" + ("<br>" + text if text else ""))
        self.titles.setText(text)
        self.titles.setVisible(bool(text))

    def _fit(self) -> None:
        h = int(self.text.document().size().height()) + 2 * self.text.frameWidth() + 4
        self.text.setFixedHeight(max(self.fontMetrics().height() * 2 + 8, h))

    def _typed(self) -> None:
        if not self.text.isReadOnly():
            self.editor.ctx.dirty.emit()
            self.timer.start()

    def flush(self) -> None:
        self.timer.stop()
        text = self.text.toPlainText()
        if self.text.isReadOnly() or text.strip() == self.saved_text.strip() or not text.strip():
            return
        before, self.saved_text = self.saved_text, text
        if self.editor.ctx.push(TextCommand(self.editor.ctx, self.finding_id, before, text)):
            self.editor.ctx.mark_saved()
        else:
            self.saved_text = before

    def _criteria_done(self) -> None:
        if self.criteria.isReadOnly() or self.criteria.completer.popup().isVisible():
            return
        fw = self.editor.fw
        codes = list(dict.fromkeys(self.criteria.codes()))
        valid = {c.code for c in fw.criteria} if fw else set()
        self.unknown = [c for c in codes if c not in valid]
        codes = [c for c in codes if c in valid]
        self._show_titles(codes, self.unknown)
        if codes != self.saved_criteria:
            before, fid = list(self.saved_criteria), self.finding_id
            ctx = self.editor.ctx
            self.saved_criteria = codes
            ctx.push(ServiceCommand(ctx, "Cite criteria", lambda: findings.update(ctx.store, fid, criteria=codes),
                                    lambda: findings.update(ctx.store, fid, criteria=before)))

    def _shift(self, step: int) -> None:
        self.editor.shift(self.finding_id, step)

    def _delete(self) -> None:
        self.editor.delete(self.finding_id)

    def mousePressEvent(self, event) -> None:  # noqa: N802, ANN001
        self._press = event.position().toPoint() if self.handle.geometry().contains(event.position().toPoint()) \
            else None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        start = getattr(self, "_press", None)
        if start is None or self.text.isReadOnly() or \
                (event.position().toPoint() - start).manhattanLength() < QApplication.startDragDistance():
            return
        self.flush()
        mime = QMimeData()
        mime.setData(FINDING_MIME, self.finding_id.encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(self.grab().scaledToWidth(min(self.width(), 320)))
        drag.setHotSpot(QPoint(10, 10))
        self._press = None
        drag.exec(Qt.DropAction.MoveAction)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.unknown:
            self._show_titles(self.cited, self.unknown)
