"""The branch graph: turns as nodes in layers from the start, branches as labelled arrows; click to edit."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import tones

END = "end"


@dataclass(frozen=True)
class Edge:
    """One branch: from a turn to a turn (or the end), with its condition as a caption."""

    source: str
    target: str
    caption: str


def layers(turn_ids: Sequence[str], edges: Sequence[Edge]) -> list[list[str]]:
    """Turns by their longest distance from the first, so every arrow points down where it can.

    Turns nothing reaches are left out; a loop (an error the check reports) is capped, not followed forever.
    """
    if not turn_ids:
        return []
    known, cap = set(turn_ids), len(turn_ids)
    depth = {turn_ids[0]: 0}
    for _ in range(cap):
        changed = False
        for edge in edges:
            if edge.source in depth and edge.target in known and depth.get(edge.target, -1) < depth[edge.source] + 1 <= cap:
                depth[edge.target] = depth[edge.source] + 1
                changed = True
        if not changed:
            break
    depth[turn_ids[0]] = 0
    rows: list[list[str]] = [[] for _ in range(max(depth.values()) + 1)]
    for turn_id in turn_ids:
        if turn_id in depth:
            rows[depth[turn_id]].append(turn_id)
    return [row for row in rows if row]


class BranchGraph(QWidget):
    """A small painted graph of the draft's turns; `turn_clicked(id)` when a node is clicked."""

    turn_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.turn_ids: list[str] = []
        self.edges: list[Edge] = []
        self.selected = ""
        self.problem_turns: set[str] = set()
        self._boxes: dict[str, QRectF] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self.fontMetrics().height() * 12)
        self.setAccessibleName("Branch graph")
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        unit = self.fontMetrics().height()
        return QSize(unit * 24, unit * 22)

    def show_graph(self, turn_ids: Sequence[str], edges: Sequence[Edge], selected: str = "",
                   problem_turns: set[str] | None = None) -> None:
        """Draw these turns and branches; `selected` is highlighted, problem turns are outlined in red."""
        self.turn_ids, self.edges = list(turn_ids), list(edges)
        self.selected, self.problem_turns = selected, set(problem_turns or ())
        self._boxes = {}
        self.update()

    def node_rect(self, turn_id: str) -> QRectF:
        """Where a node is drawn (after a paint); empty when it is not."""
        return self._boxes.get(turn_id, QRectF())

    @property
    def ghosts(self) -> list[str]:
        """Branch targets that are no turn (drawn dashed, so a typo shows where it is)."""
        return list(dict.fromkeys(e.target for e in self.edges if e.target != END and e.target not in self.turn_ids))

    def _layout(self) -> dict[str, QRectF]:
        nodes = [*self.turn_ids, *self.ghosts]
        rows = layers(nodes, self.edges)
        placed = {n for row in rows for n in row}
        last = ([END] if any(e.target == END for e in self.edges) else []) + [n for n in nodes if n not in placed]
        rows += [last] if last else []  # the end, with unreachable turns beside it
        count = len(rows)
        if not count:
            return {}
        unit = self.fontMetrics().height()
        height = unit * 1.9
        gap = max(height * 1.2, (self.height() - 2 * unit - count * height) / max(1, count - 1))
        boxes: dict[str, QRectF] = {}
        for index, row in enumerate(rows):
            width = min(unit * 9.5, (self.width() - unit) / max(1, len(row)) - unit * 0.6)
            step = (self.width() - unit) / len(row)
            for j, turn_id in enumerate(row):
                x = unit / 2 + step * j + (step - width) / 2
                boxes[turn_id] = QRectF(x, unit + index * (height + gap), width, height)
        return boxes

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Arrows first, then the nodes over them, then the captions on top."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette, t = self.palette(), tones(self.palette())
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        self._boxes = self._layout()
        captions = [self._arrow(painter, edge, QColor(t.muted), QColor(t.bad), self._caption_at(edge))
                    for edge in self.edges]
        for turn_id, box in self._boxes.items():
            self._node(painter, turn_id, box, QColor(t.bad), QColor(t.line))
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.82)
        painter.setFont(small)
        for caption in captions:
            if caption is not None:
                self._caption(painter, *caption, QColor(t.panel), QColor(t.line))

    def _caption_at(self, edge: Edge) -> float:
        """Where along its arrow a caption sits: siblings are staggered so their captions do not overlap."""
        siblings = [e for e in self.edges if e.source == edge.source]
        if len(siblings) < 2:
            return 0.5
        return 0.3 + 0.4 * siblings.index(edge) / (len(siblings) - 1)

    def _arrow(self, painter: QPainter, edge: Edge, colour: QColor, bad: QColor,
               at: float) -> tuple[QPointF, str] | None:
        start, end = self._boxes.get(edge.source), self._boxes.get(edge.target)
        if start is None or end is None:
            return None
        missing = edge.target in self.ghosts
        if end.top() > start.bottom():
            a, b = QPointF(start.center().x(), start.bottom()), QPointF(end.center().x(), end.top())
        else:  # a branch back up (or to an unreachable turn drawn below): leave from the top
            a, b = QPointF(start.center().x(), start.top()), QPointF(end.center().x(), end.bottom())
        path = QPainterPath(a)
        bend = (b.y() - a.y()) / 2
        path.cubicTo(QPointF(a.x(), a.y() + bend), QPointF(b.x(), b.y() - bend), b)
        pen = QPen(bad if missing else colour, 1.6, Qt.PenStyle.DashLine if missing else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        self._head(painter, path, bad if missing else colour)
        return path.pointAtPercent(at), edge.caption

    @staticmethod
    def _head(painter: QPainter, path: QPainterPath, colour: QColor) -> None:
        tip, before = path.pointAtPercent(1.0), path.pointAtPercent(0.93)
        dx, dy = tip.x() - before.x(), tip.y() - before.y()
        length = math.hypot(dx, dy) or 1.0
        ux, uy, size = dx / length, dy / length, 9.0
        left = QPointF(tip.x() - size * ux + size * 0.5 * uy, tip.y() - size * uy - size * 0.5 * ux)
        right = QPointF(tip.x() - size * ux - size * 0.5 * uy, tip.y() - size * uy + size * 0.5 * ux)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon([tip, left, right])

    def _node(self, painter: QPainter, turn_id: str, box: QRectF, bad: QColor, line: QColor) -> None:
        palette = self.palette()
        chosen, ghost = turn_id == self.selected, turn_id not in self.turn_ids and turn_id != END
        radius = box.height() / 2 if turn_id == END else 8
        fill = palette.color(QPalette.ColorRole.Highlight) if chosen else palette.color(QPalette.ColorRole.Button)
        border = bad if turn_id in self.problem_turns else palette.color(QPalette.ColorRole.Highlight) if chosen else line
        painter.setPen(QPen(border, 2.2 if turn_id in self.problem_turns else 1.2))
        painter.setBrush(fill)
        if ghost:
            painter.setPen(QPen(bad, 1.6, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box, radius, radius)
        font = QFont(self.font())
        font.setBold(turn_id == (self.turn_ids[0] if self.turn_ids else "") or chosen)
        painter.setFont(font)
        role = QPalette.ColorRole.HighlightedText if chosen else QPalette.ColorRole.ButtonText
        painter.setPen(bad if ghost else palette.color(role))
        text = "End" if turn_id == END else f"{turn_id}?" if ghost else turn_id
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideMiddle, int(box.width() - 10))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, elided)

    def _caption(self, painter: QPainter, at: QPointF, text: str, fill: QColor, line: QColor) -> None:
        metrics = painter.fontMetrics()
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, self.fontMetrics().height() * 9)
        width, height = metrics.horizontalAdvance(shown) + 10, metrics.height() + 2
        box = QRectF(at.x() - width / 2, at.y() - height / 2, width, height)
        painter.setPen(QPen(line, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, shown)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a turn selects it for editing."""
        for turn_id, box in self._boxes.items():
            if turn_id != END and box.contains(event.position()):
                self.turn_clicked.emit(turn_id)
                return
        super().mousePressEvent(event)
