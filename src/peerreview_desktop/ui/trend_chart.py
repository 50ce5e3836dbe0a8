"""The partnership's self-evaluation as a chart: school years across, the maturity scale up (strongest at the top,
each grade a lightly tinted band in its own colour), one line per dimension in a colour-blind-safe palette, with a
legend. Painted directly (no chart library)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QSizePolicy, QTableView, QVBoxLayout, QWidget

from ..core.partnership import Trend
from .heatmap_view import GradeDelegate, legend_widget
from .partnership_models import trend_columns, trend_model
from .widgets import EmptyState

# Okabe and Ito's palette: distinguishable with the common colour-vision deficiencies
LINE_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000", "#f0e442"]


class TrendChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.trend: Trend | None = None
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Self-evaluation trend chart")

    def set_trend(self, trend: Trend | None) -> None:
        self.trend = trend
        if trend is not None:
            summary = "; ".join(
                f"{a['title']}: " + ", ".join(f"{p.year} {p.cells[a['code']].label}" if p.cells.get(a["code"])
                                              else f"{p.year} not graded" for p in trend.points)
                for a in trend.areas)
            self.setAccessibleDescription(summary)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(720, 320)

    def paintEvent(self, _event) -> None:  # noqa: N802, ANN001
        t = self.trend
        if t is None or not t.points:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        text = self.palette().color(QPalette.ColorRole.WindowText)
        label_w = max(fm.horizontalAdvance(g["label"]) for g in t.scale) + 16
        legend_w = min(320, max(fm.horizontalAdvance(a["title"]) for a in t.areas) + 40)
        plot = QRectF(label_w, 12, self.width() - label_w - legend_w - 24, self.height() - 12 - fm.height() - 18)
        n = len(t.scale)
        band = plot.height() / n
        for i, g in enumerate(t.scale):  # strongest at the top
            tint = QColor(g["colour"])
            tint.setAlpha(38)
            r = QRectF(plot.left(), plot.top() + i * band, plot.width(), band)
            p.fillRect(r, tint)
            p.setPen(text)
            p.drawText(QRectF(0, r.top(), label_w - 8, band), int(Qt.AlignmentFlag.AlignRight
                                                                   | Qt.AlignmentFlag.AlignVCenter), g["label"])
        years = [pt.year for pt in t.points]
        step = plot.width() / max(1, len(years))
        xs = [plot.left() + step * (i + 0.5) for i in range(len(years))]
        for x, y in zip(xs, years, strict=True):
            p.setPen(text)
            p.drawText(QRectF(x - step / 2, plot.bottom() + 6, step, fm.height()), int(Qt.AlignmentFlag.AlignCenter), y)
        k = len(t.areas)
        for j, a in enumerate(t.areas):
            colour = QColor(LINE_COLOURS[j % len(LINE_COLOURS)])
            offset = (j - (k - 1) / 2) * min(4.0, band / (k + 2))  # lines on the same grade sit side by side
            pts = []
            for x, pt in zip(xs, t.points, strict=True):
                c = pt.cells.get(a["code"])
                pts.append(None if c is None else QPointF(x, plot.top() + band * (c.position + 0.5) + offset))
            pen = QPen(colour, 2.4)
            p.setPen(pen)
            path = QPainterPath()
            started = False
            for q in pts:
                if q is None:
                    started = False
                    continue
                if started:
                    path.lineTo(q)
                else:
                    path.moveTo(q)
                    started = True
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            p.setBrush(colour)
            for q in pts:
                if q is not None:
                    p.drawEllipse(q, 4, 4)
            ly = plot.top() + j * (fm.height() + 8)
            lx = plot.right() + 20
            p.setPen(QPen(colour, 3))
            p.drawLine(QPointF(lx, ly + fm.height() / 2), QPointF(lx + 18, ly + fm.height() / 2))
            p.setPen(text)
            f = QFont(self.font())
            p.setFont(f)
            p.drawText(QRectF(lx + 24, ly, legend_w - 24, fm.height() + 4),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                       fm.elidedText(a["title"], Qt.TextElideMode.ElideRight, int(legend_w - 24)))
        p.end()


class TrendPanel(QWidget):
    """The self-evaluation tab: a caption naming what improved and declined, the grades by school year as a table
    in the scale's colours, and the chart."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        w = self
        self.trend_model = trend_model(self)
        self.trend = QTableView(w)
        self.trend.setModel(self.trend_model)
        self.trend.setAccessibleName("Partnership self-evaluation by school year")
        self.trend.setItemDelegate(GradeDelegate(self.trend))
        self.trend.verticalHeader().hide()
        self.trend.setShowGrid(False)
        self.trend.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.trend.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        self.trend_caption = QLabel(w)
        self.trend_caption.setWordWrap(True)
        self.trend_chart = TrendChart(w)
        self.trend_legend = QVBoxLayout()
        self.trend_empty = EmptyState("No partnership self-evaluation yet: record one each year as a review of type "
                                      "“Partnership self-evaluation” on the Partnership Maturity framework and "
                                      "finalise it; the trend appears here.", w)
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(self.trend_caption)
        lay.addLayout(self.trend_legend)
        lay.addWidget(self.trend)
        lay.addWidget(self.trend_chart, 1)
        lay.addWidget(self.trend_empty, 1)

    def set_trend(self, t: Trend | None) -> None:
        self.trend_model.set_rows(t.areas if t else [], trend_columns(t))
        self.trend.setVisible(t is not None)
        self.trend_chart.setVisible(t is not None)
        self.trend_chart.set_trend(t)
        self.trend_empty.setVisible(t is None)
        while self.trend_legend.count():
            item = self.trend_legend.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        if t is None:
            self.trend_caption.setText("")
            return
        up = [a["title"] for a in t.areas if t.direction(a["code"]) > 0]
        down = [a["title"] for a in t.areas if t.direction(a["code"]) < 0]
        words = "; ".join(w for w in (f"improving: {', '.join(up)}" if up else "",
                                      f"declining: {', '.join(down)}" if down else "") if w)
        self.trend_caption.setText(escape(f"{t.framework}, one self-evaluation per school year (the latest in each "
                                          "year). " + (words[:1].upper() + words[1:] + "." if words else "")))
        self.trend_legend.addWidget(legend_widget(t.scale, self))
        hh = self.trend.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, self.trend_model.columnCount()):
            self.trend.setColumnWidth(c, 150)
        rows = self.trend_model.rowCount()
        self.trend.setFixedHeight(self.trend.horizontalHeader().sizeHint().height()
                                  + rows * self.trend.verticalHeader().defaultSectionSize() + 4)

