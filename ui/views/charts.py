"""Every chart in one place: proficiency bars, the calendar heatmap, the per-skill trend, the class trend."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from PySide6.QtCharts import (
    QAbstractAxis,
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from ui.views.widgets import label


class Bar(QWidget):
    """A thin horizontal bar showing a share 0..1."""

    def __init__(self, value: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = value
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        """A comfortable default size."""
        return QSize(160, max(8, self.fontMetrics().height() // 2))

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Track and filled part."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        rect = QRectF(self.rect())
        radius = rect.height() / 2
        painter.setBrush(self.palette().color(QPalette.ColorRole.Midlight))
        painter.drawRoundedRect(rect, radius, radius)
        if self.value > 0:
            painter.setBrush(self.palette().color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(QRectF(0, 0, max(rect.height(), rect.width() * self.value), rect.height()), radius, radius)


class SkillBars(QWidget):
    """Recency-weighted proficiency per skill, weakest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(6)
        self.rows: list[tuple[str, float]] = []

    def show_skills(self, rows: Sequence[tuple[str, float]]) -> None:
        """One row per skill: name, bar, share."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.rows = list(rows)
        if not rows:
            self._grid.addWidget(label("No graded replies yet: practise a scenario to see your skills here.", "muted"), 0, 0)
            return
        for index, (name, share) in enumerate(rows):
            self._grid.addWidget(label(name, wrap=False), index, 0)
            self._grid.addWidget(Bar(share), index, 1)
            self._grid.addWidget(label(f"{share:.0%}", "muted", wrap=False), index, 2, Qt.AlignmentFlag.AlignRight)
        self._grid.setColumnStretch(1, 1)


class Heatmap(QWidget):
    """Columns of weeks (Monday at the top), a square per day, darker for more attempts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: list[list[tuple[date, int]]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Calendar of practice days")

    def show_weeks(self, weeks: list[list[tuple[date, int]]]) -> None:
        """Show these weeks of practice days."""
        self.weeks = weeks
        self._fit_height()
        self.update()

    def _cell(self) -> int:
        return max(12, round(self.fontMetrics().height() * 1.3))

    def _step(self) -> float:
        left = self.fontMetrics().horizontalAdvance("Wed  ")
        return min(self._cell(), (self.width() - left) / max(1, len(self.weeks)))

    def _fit_height(self) -> None:
        """As tall as seven rows of squares at the width there is, plus the month line."""
        self.setFixedHeight(round(self.fontMetrics().height() + 8 + 7 * self._step()))

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        """Keep the height in step with the width."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_height()

    def sizeHint(self) -> QSize:
        """Room for the weeks and the labels."""
        cell = self._cell()
        return QSize(cell * (len(self.weeks) + 3), cell * 9)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Day labels, month labels and one square per day."""
        if not self.weeks:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, step = self.fontMetrics().horizontalAdvance("Wed  "), self._step()
        top = self.fontMetrics().height() + 4
        text = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text)
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
            painter.drawText(QRectF(0, top + row * step, left, step), Qt.AlignmentFlag.AlignVCenter, name)
        self._months(painter, left, step)
        for col, week in enumerate(self.weeks):
            for row, (day, count) in enumerate(week):
                if day > date.today():
                    continue
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self._shade(count))
                painter.drawRoundedRect(QRectF(left + col * step + 1, top + row * step + 1, step - 3, step - 3), 3, 3)

    def _months(self, painter: QPainter, left: int, step: float) -> None:
        last = None
        for col, week in enumerate(self.weeks):
            first = week[0][0]
            if first.month != last and col < len(self.weeks) - 1:
                painter.drawText(QRectF(left + col * step, 0, step * 4, self.fontMetrics().height()),
                                 Qt.AlignmentFlag.AlignLeft, first.strftime("%b"))
                last = first.month

    def _shade(self, count: int) -> QColor:
        if count == 0:
            return self.palette().color(QPalette.ColorRole.Midlight)
        accent = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        accent.setAlphaF((0.35, 0.6, 0.8, 1.0)[min(count, 4) - 1 if count < 6 else 3])
        return accent


def running_average(values: Sequence[float], window: int = 3) -> list[float]:
    """The mean of each value and the ones before it, up to `window` of them: the trend under daily noise."""
    return [sum(values[max(0, i - window + 1) : i + 1]) / len(values[max(0, i - window + 1) : i + 1])
            for i in range(len(values))]


class _Chart(QChartView):
    """A line of percentages with a dot per point, in the palette's colours, on a transparent card."""

    def __init__(self, rows: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFrameShape(QChartView.Shape.NoFrame)
        self.setStyleSheet("background: transparent;")
        self.setMinimumHeight(self.fontMetrics().height() * rows)
        chart = QChart()
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        self.setChart(chart)

    def _series(self, points: Sequence[tuple[float, float, float]], dot_alpha: float, dot_size: float) -> QChart:
        """A fresh chart of (x, line value, dot value) points, both 0..1 shown as percent; axes still to add."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        palette = self.palette()
        chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
        chart.setPlotAreaBackgroundVisible(False)
        line, dots = QLineSeries(), QScatterSeries()
        accent = palette.color(QPalette.ColorRole.Highlight)
        line.setPen(QPen(accent, 2.5))
        faint = QColor(accent)
        faint.setAlphaF(dot_alpha)
        dots.setColor(faint)
        dots.setBorderColor(faint)
        dots.setMarkerSize(dot_size)
        for x, on_line, dot in points:
            line.append(x, on_line * 100)
            dots.append(x, dot * 100)
        chart.addSeries(line)
        chart.addSeries(dots)
        return chart

    def _axes(self, chart: QChart, x: QAbstractAxis) -> None:
        """The given x axis and a 0-100 % y axis, in the palette's text and grid colours."""
        y = QValueAxis()
        y.setRange(0, 100)
        y.setTickCount(5)
        y.setLabelFormat("%d%%")
        text, grid = self.palette().color(QPalette.ColorRole.WindowText), self.palette().color(QPalette.ColorRole.Midlight)
        for axis in (x, y):
            axis.setLabelsColor(text)
            axis.setGridLineColor(grid)
            axis.setLinePenColor(grid)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in chart.series():
            s.attachAxis(x)
            s.attachAxis(y)


class TrendChart(_Chart):
    """Share of replies that showed one skill, per practice day: daily dots, their running average as a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(12, parent)
        self.points: list[tuple[date, float]] = []

    def sizeHint(self) -> QSize:
        """A chart that fits a card."""
        return QSize(self.fontMetrics().height() * 24, self.fontMetrics().height() * 13)

    def show_trend(self, points: Sequence[tuple[date, float]]) -> None:
        """Daily shares as dots, their running average as a line."""
        self.points = list(points)
        stamps = [QDateTime(datetime.combine(day, time(12))).toMSecsSinceEpoch() for day, _share in points]
        averages = running_average([share for _day, share in points])
        chart = self._series([(x, avg, p[1]) for x, avg, p in zip(stamps, averages, points, strict=True)], 0.45, 7)
        x = QDateTimeAxis()
        x.setFormat("d MMM")
        x.setTickCount(6)
        if points:
            first, last = points[0][0], points[-1][0]
            span = max((last - first).days, 6)
            x.setRange(QDateTime(datetime.combine(first, time(0))),
                       QDateTime(datetime.combine(first, time(0))).addDays(span + 1))
        self._axes(chart, x)


class SessionTrendChart(_Chart):
    """Share of required criteria met, per class session (labelled by day and number)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(11, parent)
        self.points: list[tuple[str, float]] = []

    def show_trend(self, trend: Sequence[tuple[int, str, float]]) -> None:
        """One point per class session, in order."""
        self.points = [(_day(started), share) for _sid, started, share in trend]
        chart = self._series([(index, share, share) for index, (_day_label, share) in enumerate(self.points)], 1.0, 9)
        x = QCategoryAxis()
        x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for index, (day, _share) in enumerate(self.points):
            x.append(f"{day} ({index + 1})", index)
        x.setRange(-0.3, max(1, len(self.points) - 1) + 0.3)
        self._axes(chart, x)


def _day(started: str) -> str:
    try:
        return datetime.fromisoformat(started).astimezone().strftime("%d %b")
    except ValueError:
        return started[:10]
