"""What the review's read-and-act panels share (the host comments, the history, the conflicts): a padded column
laid out the same way, `set_review` that reloads, and a scrolling column of cards (also host mode's)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QScrollArea, QVBoxLayout, QWidget

from .widgets import heading_font


class ReviewPanel(QWidget):
    """A panel showing one review: subclasses build their widgets, call `lay_out`, and implement `reload` and
    `_on_changed` (the context's changes, which `lay_out` connects)."""

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None

    def lay_out(self, *rows: QWidget | QLayout | tuple[QWidget | QLayout, int]) -> QVBoxLayout:
        """The panel's column, 16 × 12 px in from its edges; a row given as (item, stretch) takes the spare room."""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        for row in rows:
            item, stretch = row if isinstance(row, tuple) else (row, 0)
            if isinstance(item, QLayout):
                lay.addLayout(item, stretch)
            else:
                lay.addWidget(item, stretch)
        self.ctx.changed.connect(self._on_changed)
        return lay

    def set_review(self, review_id: str | None) -> None:
        self.review_id = review_id
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    def _on_changed(self, _changes) -> None:  # noqa: ANN001
        """Subclasses reload when what they show has changed."""


def title_row(parent: QWidget, title: str, *right: QWidget) -> QHBoxLayout:
    """The panel's heading on the left and its options (a check box or two) on the right."""
    label = QLabel(title, parent)
    label.setFont(heading_font(parent.font(), 1.35))
    row = QHBoxLayout()
    row.addWidget(label)
    row.addStretch(1)
    for w in right:
        row.addWidget(w)
    return row


def card_column(parent: QWidget, spacing: int) -> tuple[QScrollArea, QWidget, QVBoxLayout]:
    """A frameless scroll area holding a column of cards: (the scroll area, its body, the body's layout)."""
    body = QWidget()
    body_lay = QVBoxLayout(body)
    body_lay.setContentsMargins(0, 0, 8, 0)
    body_lay.setSpacing(spacing)
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    return scroll, body, body_lay
