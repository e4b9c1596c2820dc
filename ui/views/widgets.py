"""Small building blocks shared by the views: labels, cards, the level meter, the reply box, an avatar."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QScrollArea, QSizePolicy, QVBoxLayout, QWidget


def label(text: str = "", name: str = "", wrap: bool = True, selectable: bool = False) -> QLabel:
    """A label with an object name for the style sheet."""
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def card(spacing: int = 8) -> tuple[QFrame, QVBoxLayout]:
    """A rounded panel and its layout."""
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.setSpacing(spacing)
    return frame, layout


def column(parent: QWidget | None = None, margins: tuple[int, int, int, int] = (0, 0, 0, 0),
           spacing: int = 8) -> QVBoxLayout:
    """A vertical layout (set on parent when given) with these margins and spacing."""
    layout = QVBoxLayout(parent) if parent is not None else QVBoxLayout()
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    return layout


def title_block(title: str, role: str = "h1", spacing: int = 2) -> tuple[QVBoxLayout, QLabel, QLabel]:
    """A screen's title over a muted line that says where it is (the turn, say)."""
    column = QVBoxLayout()
    column.setSpacing(spacing)
    heading, line = label(title, role), label("", "muted")
    column.addWidget(heading)
    column.addWidget(line)
    return column, heading, line


def scroll_page(inner: QWidget) -> QScrollArea:
    """A vertically scrolling area around a page."""
    inner.setObjectName("page")
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(inner)
    return area


def set_role(widget: QLabel, name: str) -> None:
    """Change a label's style role (pass/fail, good/bad) and re-polish it."""
    widget.setObjectName(name)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def mic_icon(color: QColor, side: int) -> QIcon:
    """A microphone drawn in one colour (no icon theme or emoji font needed)."""
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, max(1.5, side / 12))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(color)
    w = side / 3
    painter.drawRoundedRect(QRectF(side / 2 - w / 2, side * 0.08, w, side * 0.5), w / 2, w / 2)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(side * 0.2, side * 0.2, side * 0.6, side * 0.52), 180 * 16, 180 * 16)
    painter.drawLine(QPointF(side / 2, side * 0.72), QPointF(side / 2, side * 0.9))
    painter.drawLine(QPointF(side * 0.33, side * 0.9), QPointF(side * 0.67, side * 0.9))
    painter.end()
    return QIcon(pixmap)


class LevelMeter(QWidget):
    """A horizontal input level bar (0..1), smoothed so it reads like a VU meter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Input level")

    @property
    def value(self) -> float:
        """The shown level, 0..1."""
        return self._value

    def sizeHint(self) -> QSize:
        """Wide and thin."""
        return QSize(240, max(10, self.fontMetrics().height() // 2))

    def set_value(self, value: float) -> None:
        """Jump up at once, fall back smoothly."""
        target = min(1.0, max(0.0, value))
        self._value = target if target > self._value else 0.6 * self._value + 0.4 * target
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        """A rounded track and its filled part."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = rect.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(rect, radius, radius)
        if self._value > 0.01:
            filled = QRectF(rect.x(), rect.y(), max(rect.height(), rect.width() * self._value), rect.height())
            painter.setBrush(self.palette().color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(filled, radius, radius)


class ReplyEdit(QPlainTextEdit):
    """The 'type instead' box: Enter sends, Shift+Enter starts a new line."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Type your reply here and press Enter…")
        self.setAccessibleName("Type your reply")
        lines = 3
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 18)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter sends; Shift+Enter is a new line."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            text = self.toPlainText().strip()
            if text:
                self.submitted.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)


class Avatar(QWidget):
    """A round badge with the counterpart's initials."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._initials = ""
        self._speaking = False
        side = self.fontMetrics().height() * 3
        self.setFixedSize(side, side)

    def set_person(self, name: str) -> None:
        """Show this person's initials."""
        self._initials = "".join(part[0] for part in name.split()[:2]).upper()
        self.update()

    def set_speaking(self, speaking: bool) -> None:
        """Ring the badge while the counterpart speaks."""
        self._speaking = speaking
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        """The badge and its initials."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        painter.setBrush(accent)
        pen_color = accent.lighter(150) if self._speaking else QColor(0, 0, 0, 0)
        painter.setPen(pen_color)
        painter.drawEllipse(rect)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.HighlightedText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._initials)
