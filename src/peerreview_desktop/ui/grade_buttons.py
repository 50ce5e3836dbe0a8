"""A framework's grade scale drawn as chips in the scale's colours: the buttons that choose a criterion's grade (a
click, Space, or keys 1…n), and the strip showing each area's rolled-up grade. Colours are mixed from the palette,
so both read in light and dark mode and are restyled when the palette changes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QButtonGroup, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.frameworks import SPECIAL_COLOUR, FrameworkDef, Grade
from .coverage_model import contrasting_text, mix
from .widgets import FlowLayout


def chip_style(colour: QColor, chosen: bool, pal: QPalette, widget: str = "QPushButton") -> str:
    base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
    bg, fg, edge = (colour, contrasting_text(colour), colour.darker(135)) if chosen else \
        (mix(base, colour, 0.2), text, mix(base, colour, 0.75))
    return (f"{widget} {{ background: {bg.name()}; color: {fg.name()}; border: 2px solid {edge.name()};"
            f" border-radius: 5px; padding: 5px 10px; {'font-weight: bold;' if chosen else ''} }}"
            f"{widget}:focus {{ border: 2px solid {pal.color(QPalette.ColorRole.Highlight).name()}; }}")


def grade_colour(g: Grade | None) -> QColor:
    return QColor(g.colour if g is not None and not g.special else SPECIAL_COLOUR)


class GradeButtons(QWidget):
    """One checkable button per grade (at most one chosen), then a line naming the keys. Keys 1…9 choose a grade
    anywhere in `scope` except where text is typed (a text field takes its digits first)."""

    chosen = Signal(str)  # the grade's key

    def __init__(self, scope: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.scope = scope
        self.scale: list[Grade] = []
        self.buttons: dict[str, QPushButton] = {}
        self._shortcuts: list[QShortcut] = []
        self.row = QWidget(self)
        self.flow = FlowLayout(self.row, spacing=6)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.hint = QLabel(self)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(self.row)
        lay.addWidget(self.hint)

    def set_scale(self, fw: FrameworkDef) -> None:
        """The framework's grades then its special grades ("not judged"…); none for an ungraded framework."""
        for b in self.buttons.values():
            self.group.removeButton(b)
            b.deleteLater()
        for s in self._shortcuts:
            s.setParent(None)
        self.buttons, self._shortcuts = {}, []
        while self.flow.count():
            self.flow.takeAt(0)
        self.scale = [*fw.grades, *fw.special_grades] if fw.graded else []
        for n, g in enumerate(self.scale, start=1):
            b = QPushButton(g.label, self.row)
            b.setCheckable(True)
            b.setAccessibleName(f"Grade: {g.label}")
            b.setToolTip(f"{g.description} (press {n})" if g.description else f"{g.label} (press {n})")
            b.clicked.connect(lambda _c=False, k=g.key: self.chosen.emit(k))
            self.group.addButton(b)
            self.flow.addWidget(b)
            self.buttons[g.key] = b
            if n <= 9:
                key = QShortcut(QKeySequence(str(n)), self.scope, lambda k=g.key: self.chosen.emit(k))
                key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self._shortcuts.append(key)
        count = len(fw.grades)
        extra = "; ".join(f"{n} {g.label.lower()}" for n, g in enumerate(self.scale[count:], start=count + 1))
        self.hint.setText(f"Keys 1–{count} choose a grade; {extra}." if self.scale else "")
        self.setVisible(bool(self.scale))

    def show_grade(self, key: str | None) -> None:
        """Check the button of `key` (none for None) and mark it with a tick."""
        self.group.setExclusive(False)  # an exclusive group refuses to uncheck its checked button
        for k, b in self.buttons.items():
            b.setChecked(k == key)
        self.group.setExclusive(True)
        self._restyle()

    def set_locked(self, locked: bool) -> None:
        for b in self.buttons.values():
            b.setEnabled(not locked)
        for s in self._shortcuts:
            s.setEnabled(not locked)

    def _restyle(self) -> None:
        pal = self.palette()
        for g in self.scale:
            b = self.buttons[g.key]
            b.setText(f"✓ {g.label}" if b.isChecked() else g.label)
            b.setStyleSheet(chip_style(grade_colour(g), b.isChecked(), pal))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()


class RollupStrip(QWidget):
    """Per area, the median grade of its judged criteria, as small chips in the scale's colours."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=4)
        self.chips: dict[str, QLabel] = {}
        self._shown: tuple = (None, {}, {}, None)

    def show_rollup(self, fw: FrameworkDef | None, rollup: dict[str, str | None],
                    judged: dict[str, tuple[int, int]], current_area: str | None) -> None:
        self._shown = (fw, rollup, judged, current_area)
        while self.flow.count():
            w = self.flow.takeAt(0).widget()
            if w is not None:
                w.hide()
                w.deleteLater()
        self.chips = {}
        self.setVisible(bool(fw and fw.graded))
        if not fw or not fw.graded:
            return
        head = QLabel("By area:", self)
        head.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        head.setContentsMargins(0, 4, 0, 0)
        self.flow.addWidget(head)
        for area in fw.areas:
            g = next((x for x in fw.grades if x.key == rollup.get(area.code)), None)
            done, total = judged.get(area.code, (0, 0))
            chip = QLabel(f"{area.code}  {g.label if g else '—'}", self)
            style = chip_style(grade_colour(g), g is not None, self.palette(), "QLabel")
            chip.setStyleSheet(style.replace("padding: 5px 10px", "padding: 2px 8px")
                               + ("QLabel { border-width: 3px; }" if area.code == current_area else ""))
            chip.setToolTip(f"{area.title}: {g.label if g else 'no graded criterion yet'} "
                            f"(the median of {done} of {total} criteria judged)")
            chip.setAccessibleName(f"{area.title}: {g.label if g else 'not yet judged'}")
            self.flow.addWidget(chip)
            self.chips[area.code] = chip
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._shown[0] is not None:
            self.show_rollup(*self._shown)
