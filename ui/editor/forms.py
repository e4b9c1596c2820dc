"""The editor's form parts: criteria with weights, one turn (lines, model answer, required), its branches."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from trainer.rubric import CRITERIA, CRITERIA_BY_ID
from trainer.scenarios.draft import CONDITION_LISTS, DraftBranch, DraftTurn
from ui.views.widgets import label

VARIANTS = 3
# (label, key in `when`, value): the one-part conditions a branch row offers
KINDS = (("Otherwise", "", None), ("If it shows", "met", None), ("If it misses", "missed", None),
         ("If it misses any of", "any_missed", None), ("If it passes", "passed", True),
         ("If it does not pass", "passed", False))


def text_box(lines: int, placeholder: str, name: str) -> QPlainTextEdit:
    """A plain text box about `lines` lines tall."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setAccessibleName(name)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def set_text(box: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Replace a box's text without sending edit signals."""
    box.blockSignals(True)
    if isinstance(box, QPlainTextEdit):
        box.setPlainText(text)
    else:
        box.setText(text)
        box.setCursorPosition(0)
    box.blockSignals(False)


class CriteriaPicker(QWidget):
    """Every rubric criterion with its description; tick to use it, set its weight."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        self.weights: dict[str, QDoubleSpinBox] = {}
        for index, criterion in enumerate(CRITERIA):
            row = index * 2
            box = QCheckBox(criterion.name)
            box.setToolTip(f"{criterion.id}: {criterion.shows}")
            weight = QDoubleSpinBox()
            weight.setRange(0.5, 10)
            weight.setSingleStep(0.5)
            weight.setDecimals(1)
            weight.setAccessibleName(f"Weight of {criterion.name}")
            weight.setToolTip("Weight in the score")
            box.toggled.connect(weight.setEnabled)
            box.toggled.connect(self.changed)
            weight.valueChanged.connect(self.changed)
            description = label(criterion.shows, "muted")
            description.setContentsMargins(box.iconSize().width() + 8, 0, 0, 6)
            grid.addWidget(box, row, 0)
            grid.addWidget(weight, row, 1)
            grid.addWidget(description, row + 1, 0, 1, 2)
            self.boxes[criterion.id], self.weights[criterion.id] = box, weight
        grid.setColumnStretch(0, 1)

    def set_criteria(self, criteria: dict[str, float]) -> None:
        """Tick these criteria with their weights (signals held)."""
        for cid, box in self.boxes.items():
            box.blockSignals(True)
            self.weights[cid].blockSignals(True)
            box.setChecked(cid in criteria)
            self.weights[cid].setEnabled(cid in criteria)
            self.weights[cid].setValue(criteria.get(cid, 1.0))
            box.blockSignals(False)
            self.weights[cid].blockSignals(False)

    def criteria(self) -> dict[str, float]:
        """The ticked criteria, in rubric order, with weights."""
        return {cid: float(self.weights[cid].value()) for cid, box in self.boxes.items() if box.isChecked()}


class CriteriaButton(QToolButton):
    """A button whose menu ticks criteria; its text lists the ticked ones."""

    changed = Signal()

    def __init__(self, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty = empty
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._chosen: list[str] = []
        self._full = empty

    def set_choices(self, options: Sequence[str], chosen: Sequence[str]) -> None:
        """Offer `options` (criterion ids), with `chosen` ticked (unknown ids kept, so errors stay visible)."""
        self._chosen = list(chosen)
        menu = self.menu()
        menu.clear()
        for cid in dict.fromkeys([*options, *chosen]):
            action = QAction(CRITERIA_BY_ID[cid].name if cid in CRITERIA_BY_ID else cid, menu)
            action.setCheckable(True)
            action.setChecked(cid in chosen)
            action.setData(cid)
            action.toggled.connect(lambda on, c=cid: self._toggle(c, on))
            menu.addAction(action)
        self._caption()

    def _toggle(self, cid: str, on: bool) -> None:
        self._chosen = [c for c in self._chosen if c != cid] + ([cid] if on else [])
        self._caption()
        self.changed.emit()

    def chosen(self) -> list[str]:
        return list(self._chosen)

    def _caption(self) -> None:
        names = [CRITERIA_BY_ID[c].name if c in CRITERIA_BY_ID else c for c in self._chosen]
        self._full = ", ".join(names) or self._empty
        self.setToolTip(self._full)
        room = max(40, self.width() - self.fontMetrics().height() * 2)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room))

    def minimumSizeHint(self) -> QSize:
        """Narrow: long lists are elided, the full list is in the tooltip."""
        return QSize(self.fontMetrics().height() * 6, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().height() * 10, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-elide the caption to the new width."""
        super().resizeEvent(event)
        self._caption()


class BranchRow(QWidget):
    """One branch: a condition on the reply and the turn it leads to."""

    changed = Signal()
    removed = Signal(object)  # the row

    def __init__(self, branch: DraftBranch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.branch = branch
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 6)
        column.setSpacing(3)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Branch condition")
        for text, _key, _value in KINDS:
            self.kind.addItem(text)
        self.criteria = CriteriaButton("choose skills…")
        self.goto = QComboBox()
        self.goto.setAccessibleName("Go to turn")
        self.goto.setEditable(True)
        self.goto.setMinimumContentsLength(10)
        remove = QPushButton("×")
        remove.setToolTip("Remove this branch")
        remove.setStyleSheet("padding: 4px 8px;")
        remove.clicked.connect(lambda: self.removed.emit(self))
        for widgets in (((self.kind, 0), (self.criteria, 1)),
                        ((label("→ go to", "muted", wrap=False), 0), (self.goto, 1), (remove, 0))):
            row = QHBoxLayout()
            for widget, stretch in widgets:
                row.addWidget(widget, stretch)
            column.addLayout(row)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.criteria.changed.connect(self._on_criteria)
        self.goto.currentTextChanged.connect(self._on_goto)

    def show_branch(self, criteria: Sequence[str], turn_ids: Sequence[str]) -> None:
        """Fill the controls from the branch (a combined condition shows as an extra, editable-away kind)."""
        when = self.branch.when
        keys = [k for k in (*CONDITION_LISTS, "passed") if k in when]
        for widget in (self.kind, self.criteria, self.goto):
            widget.blockSignals(True)
        while self.kind.count() > len(KINDS):
            self.kind.removeItem(len(KINDS))
        if len(keys) > 1:
            self.kind.addItem("If: " + DraftBranch("", when).label())
            self.kind.setCurrentIndex(len(KINDS))
        else:
            self.kind.setCurrentIndex(self._kind_index(keys[0] if keys else "", when.get("passed")))
        listed = next((when[k] for k in CONDITION_LISTS if k in when), [])
        self.criteria.set_choices(criteria, listed)
        self.criteria.setVisible(self.kind.currentIndex() in (1, 2, 3))
        self.goto.clear()
        self.goto.addItems([*turn_ids, "end"])
        self.goto.setCurrentText(self.branch.goto)
        for widget in (self.kind, self.criteria, self.goto):
            widget.blockSignals(False)

    @staticmethod
    def _kind_index(key: str, passed: object) -> int:
        for index, (_text, k, value) in enumerate(KINDS):
            if k == key and (key != "passed" or value == passed):
                return index
        return 0

    def _on_kind(self, index: int) -> None:
        if index >= len(KINDS):
            return
        _text, key, value = KINDS[index]
        listed = self.criteria.chosen()
        self.branch.when = {} if not key else {key: value} if key == "passed" else {key: listed}
        self.criteria.setVisible(index in (1, 2, 3))
        self.changed.emit()

    def _on_criteria(self) -> None:
        key = KINDS[self.kind.currentIndex()][1] if self.kind.currentIndex() < len(KINDS) else ""
        if key in CONDITION_LISTS:
            self.branch.when = {key: self.criteria.chosen()}
            self.changed.emit()

    def _on_goto(self, text: str) -> None:
        self.branch.goto = text.strip()
        self.changed.emit()


class TurnEditor(QWidget):
    """The selected turn: id, 2-3 line variants, required criteria, model answer and branches."""

    changed = Signal()
    renamed = Signal(str, str)  # old id, new id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.turn: DraftTurn | None = None
        self._criteria: list[str] = []
        self._turn_ids: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.turn_id = QLineEdit()
        self.turn_id.setAccessibleName("Turn id")
        self.turn_id.editingFinished.connect(self._on_rename)
        layout.addWidget(label("Turn id", "muted"))
        layout.addWidget(self.turn_id)
        layout.addWidget(label("What the counterpart says (2-3 wordings; one is picked each time)", "muted"))
        self.lines = [text_box(2, f"Wording {i + 1}" + (" (optional)" if i == 2 else ""), f"Line {i + 1}")
                      for i in range(VARIANTS)]
        for box in self.lines:
            box.textChanged.connect(self._on_lines)
            layout.addWidget(box)
        layout.addWidget(label("Skills this reply must show", "muted"))
        self.requires = CriteriaButton("choose skills…")
        self.requires.setAccessibleName("Required skills")
        self.requires.changed.connect(self._on_requires)
        layout.addWidget(self.requires)
        layout.addWidget(label("Model answer", "muted"))
        self.model_answer = text_box(3, "A reply that shows every required skill", "Model answer")
        self.model_answer.textChanged.connect(self._on_model)
        layout.addWidget(self.model_answer)
        layout.addWidget(label("Where the reply leads (first match wins; the last one is the default)", "muted"))
        self.branch_rows: list[BranchRow] = []
        self._branches = QVBoxLayout()
        layout.addLayout(self._branches)
        self.add_branch_button = QPushButton("+ Branch")
        self.add_branch_button.clicked.connect(self.add_branch)
        layout.addWidget(self.add_branch_button, 0, Qt.AlignmentFlag.AlignLeft)

    def show_turn(self, turn: DraftTurn | None, criteria: Sequence[str], turn_ids: Sequence[str]) -> None:
        """Edit this turn, offering the scenario's criteria and turns."""
        self.turn, self._criteria, self._turn_ids = turn, list(criteria), [t for t in turn_ids]
        self.setEnabled(turn is not None)
        if turn is None:
            return
        set_text(self.turn_id, turn.id)
        for index, box in enumerate(self.lines):
            set_text(box, turn.lines[index] if index < len(turn.lines) else "")
        self.requires.set_choices(criteria, turn.requires)
        set_text(self.model_answer, turn.model_answer)
        self._show_branches()

    def _show_branches(self) -> None:
        for row in self.branch_rows:  # hidden and deleted in place: a focused row re-parented would steal activation
            self._branches.removeWidget(row)
            row.hide()
            row.deleteLater()
        assert self.turn is not None
        self.branch_rows = []
        for branch in self.turn.branches:
            row = BranchRow(branch, self)
            row.show_branch(self._criteria, [t for t in self._turn_ids if t != self.turn.id])
            row.changed.connect(self.changed)
            row.removed.connect(self._remove_branch)
            self._branches.addWidget(row)
            self.branch_rows.append(row)

    def add_branch(self) -> None:
        """A new conditional branch before the default one."""
        if self.turn is None:
            return
        first = self._criteria[:1]
        self.turn.branches.insert(max(0, len(self.turn.branches) - 1), DraftBranch("end", {"missed": first}))
        self._show_branches()
        self.changed.emit()

    def _remove_branch(self, row: BranchRow) -> None:
        if self.turn is not None and row.branch in self.turn.branches:
            self.turn.branches.remove(row.branch)
            self._show_branches()
            self.changed.emit()

    def _on_lines(self) -> None:
        if self.turn is not None:
            self.turn.lines = [box.toPlainText().strip() for box in self.lines]
            self.changed.emit()

    def _on_requires(self) -> None:
        if self.turn is not None:
            self.turn.requires = self.requires.chosen()
            self.changed.emit()

    def _on_model(self) -> None:
        if self.turn is not None:
            self.turn.model_answer = self.model_answer.toPlainText().strip()
            self.changed.emit()

    def _on_rename(self) -> None:
        new = self.turn_id.text().strip()
        if self.turn is not None and new and new != self.turn.id:
            old, self.turn.id = self.turn.id, new
            self.renamed.emit(old, new)


def connect_all(signals: Sequence[object], slot: Callable[[], None]) -> None:
    """Connect several no-argument-needed signals to one slot."""
    for signal in signals:
        signal.connect(lambda *_args: slot())  # type: ignore[attr-defined]
