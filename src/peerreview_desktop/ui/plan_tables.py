"""The editable pieces of a review plan in the new-review wizard: tables (the team, the timetable) whose cells are
typed or chosen from a list, and lists of short phrases (focus areas, lines of enquiry). All keyboard-driven: Tab
moves to and edits the next cell, Enter in a phrase field adds it, Delete removes the selected row or phrase."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

KEY = Qt.ItemDataRole.UserRole  # a cell's stored value when it shows a label ("lead reviewer" behind "Lead reviewer")


def delete_pressed(view: QAbstractItemView, event: QEvent) -> bool:
    """The Delete key on `view` while no cell or item of it is being edited."""
    return event.type() == QEvent.Type.KeyPress and event.matches(QKeySequence.StandardKey.Delete) \
        and view.state() != QAbstractItemView.State.EditingState


class EnterField(QLineEdit):
    """A line edit whose Enter adds something to a list, rather than pressing the wizard's Next."""

    entered = Signal(str)

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001
        popup = self.completer().popup() if self.completer() else None
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (popup and popup.isVisible()):
            if self.text().strip():
                self.entered.emit(self.text().strip())
                self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class ChoiceDelegate(QStyledItemDelegate):
    """A cell edited with a combo box of (key, label); the cell shows the label and keeps the key (KEY role)."""

    def __init__(self, choices, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.choices = choices  # callable -> list[(key, label)]

    def createEditor(self, parent, option, index):  # noqa: N802, ANN001, ANN201
        box = QComboBox(parent)
        for key, label in self.choices():
            box.addItem(label, key)
        return box

    def setEditorData(self, editor, index) -> None:  # noqa: N802, ANN001
        editor.setCurrentIndex(max(0, editor.findData(index.data(KEY))))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802, ANN001
        model.setData(index, editor.currentData(), KEY)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class TimeDelegate(QStyledItemDelegate):
    """A cell holding a time of day ("09:45"), edited with a time field."""

    def createEditor(self, parent, option, index):  # noqa: N802, ANN001, ANN201
        edit = QTimeEdit(parent)
        edit.setDisplayFormat("HH:mm")
        return edit

    def setEditorData(self, editor, index) -> None:  # noqa: N802, ANN001
        editor.setTime(QTime.fromString(index.data() or "09:00", "HH:mm"))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802, ANN001
        model.setData(index, editor.time().toString("HH:mm"), Qt.ItemDataRole.DisplayRole)


class PlanTable(QWidget):
    """An editable table (Tab moves and edits the next cell) with Add and Remove buttons; Delete removes a row."""

    changed = Signal()

    def __init__(self, headers: list[str], add_text: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setAccessibleName(name)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.SelectedClicked | triggers.EditKeyPressed
                                   | triggers.AnyKeyPressed)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        self.add_button = QPushButton(add_text, self)
        self.add_button.setAccessibleName(add_text.replace("&", ""))
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setAccessibleName("Remove the selected row")
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.table.installEventFilter(self)

    def add_row(self, cells: list[tuple[str, object]], edit_column: int | None = 0) -> None:
        """`cells`: (shown text, key or None) per column; then the `edit_column` cell is opened for typing."""
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, (text, key) in enumerate(cells):
            item = QTableWidgetItem(text)
            if key is not None:
                item.setData(KEY, key)
            self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self.changed.emit()
        if edit_column is not None:
            self.table.setFocus()
            self.table.setCurrentCell(row, edit_column)
            self.table.editItem(self.table.item(row, edit_column))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def rows(self) -> list[list[tuple[str, object]]]:
        out = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(self.table.columnCount())]
            out.append([((i.text() if i else "").strip(), i.data(KEY) if i else None) for i in items])
        return out

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.table and delete_pressed(self.table, event):
            self.remove_row()
            return True
        return False


class ListEditor(QWidget):
    """A list of short phrases: type in the field and press Enter to add; double-click or F2 edits; Delete removes."""

    def __init__(self, hint: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName(name)
        self.list.setWordWrap(True)
        self.field = EnterField(self)
        self.field.setPlaceholderText(hint)
        self.field.setAccessibleName(f"Add to {name.lower()}")
        self.field.entered.connect(self.add)
        remove = QPushButton("Remove", self)
        remove.setAccessibleName(f"Remove the selected item from {name.lower()}")
        remove.clicked.connect(self.remove)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(remove)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)
        self.list.installEventFilter(self)

    def add(self, text: str) -> None:
        item = QListWidgetItem(text, self.list)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)

    def remove(self) -> None:
        if self.list.currentRow() >= 0:
            self.list.takeItem(self.list.currentRow())

    def items(self) -> list[str]:
        return [t for t in (self.list.item(i).text().strip() for i in range(self.list.count())) if t]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.list and delete_pressed(self.list, event):
            self.remove()
            return True
        return False
