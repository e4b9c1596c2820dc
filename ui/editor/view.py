"""The Scenario editor screen: the scenario's form, the selected turn, the branch graph and live checks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trainer.rubric import SITUATION_CRITERIA
from trainer.scenarios.draft import Draft, DraftBranch, DraftTurn
from ui.editor.forms import CriteriaPicker, TurnEditor, set_text, text_box
from ui.editor.graph import BranchGraph, Edge
from ui.views.widgets import card, label, scroll_page, set_role


class EditorView(QWidget):
    """Edits a Draft in place and says `edited` after every change; the controller checks and saves."""

    edited = Signal()
    new_template = Signal(str)  # situation
    new_copy = Signal(str)  # scenario id
    open_scenario = Signal(str)
    open_draft = Signal(object)  # Path of a kept draft
    import_file = Signal(object)  # Path
    export_file = Signal(object)  # Path
    add_folder = Signal(object)  # Path
    remove_folder = Signal(str)
    save = Signal()
    try_it = Signal()
    preview_voice = Signal()
    shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: Draft | None = None
        self.selected = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 18)
        layout.setSpacing(10)
        layout.addLayout(self._header())
        self.status = label("", "muted", selectable=True)
        layout.addWidget(self.status)
        self.notice = label("", "notice")
        self.notice.hide()
        layout.addWidget(self.notice)
        split = self.split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll_page(self._scenario_form()))
        split.addWidget(scroll_page(self._turn_form()))
        split.addWidget(self._graph_panel())
        split.setChildrenCollapsible(False)
        unit = self.fontMetrics().height()
        split.setSizes([unit * 22, unit * 22, unit * 20])
        layout.addWidget(split, 1)

    # -- building ------------------------------------------------------------------------------

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label("Scenario editor", "h1", wrap=False))
        row.addStretch(1)
        self.new_button, self.open_button, self.folders_button = QPushButton("New"), QPushButton("Open"), QPushButton("Folders")
        for button, tip in ((self.new_button, "Start from a template or a copy"),
                            (self.open_button, "Edit a scenario (built-in ones are saved as your copy)"),
                            (self.folders_button, "Scenario folders besides yours, e.g. a class's shared drive")):
            button.setMenu(QMenu(button))
            button.setToolTip(tip)
        self.new_menu = self.new_button.menu()
        self.import_button = QPushButton("Import…")
        self.import_button.clicked.connect(self._ask_import)
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self._ask_export)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primary")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.try_button = QPushButton("▶  Try it")
        self.try_button.setToolTip("Practise the draft now, typed or spoken")
        self.try_button.clicked.connect(self.try_it)
        for widget in (self.new_button, self.open_button, self.folders_button, self.import_button,
                       self.export_button, self.save_button, self.try_button):
            row.addWidget(widget)
        return row

    def _scenario_form(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 10, 0)
        column.setSpacing(12)
        column.addWidget(self._basics_card())
        column.addWidget(self._counterpart_card())
        frame, inner = card()
        inner.addWidget(label("Brief", "h3"))
        self.brief = text_box(4, "What the learner needs to know, and what good looks like", "Brief")
        inner.addWidget(self.brief)
        column.addWidget(frame)
        frame, inner = card()
        inner.addWidget(label("Criteria and weights", "h3"))
        self.criteria = CriteriaPicker()
        inner.addWidget(self.criteria)
        column.addWidget(frame)
        column.addStretch(1)
        self.brief.textChanged.connect(lambda: self._set("brief", self.brief.toPlainText().strip()))
        self.criteria.changed.connect(self._on_criteria)
        return page

    def _basics_card(self) -> QWidget:
        frame, inner = card()
        inner.addWidget(label("Scenario", "h3"))
        form = QFormLayout()
        self.id_edit, self.title_edit, self.role_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.situation = QComboBox()
        self.situation.addItems(list(SITUATION_CRITERIA))
        self.pass_mark = QSpinBox()
        self.pass_mark.setRange(0, 100)
        self.pass_mark.setSuffix(" %")
        for text, widget in (("Id (file name)", self.id_edit), ("Title", self.title_edit),
                             ("Situation", self.situation), ("Learner plays", self.role_edit),
                             ("Pass mark", self.pass_mark)):
            widget.setAccessibleName(text)
            form.addRow(text, widget)
        inner.addLayout(form)
        for edit, field in ((self.id_edit, "id"), (self.title_edit, "title"), (self.role_edit, "learner_role")):
            edit.textChanged.connect(lambda text, f=field: self._set(f, text.strip()))
        self.situation.currentTextChanged.connect(lambda text: self._set("situation", text))
        self.pass_mark.valueChanged.connect(lambda value: self._set("pass_mark", value))
        return frame

    def _counterpart_card(self) -> QWidget:
        frame, inner = card()
        inner.addWidget(label("Counterpart", "h3"))
        form = QFormLayout()
        row = QHBoxLayout()
        self.persona = QComboBox()
        self.persona.setAccessibleName("Voice persona")
        self.preview_button = QPushButton("▶ Preview")
        self.preview_button.setToolTip("Hear the opening line in this voice")
        self.preview_button.clicked.connect(self.preview_voice)
        row.addWidget(self.persona, 1)
        row.addWidget(self.preview_button)
        self.name_edit, self.cp_role_edit = QLineEdit(), QLineEdit()
        form.addRow("Voice", row)
        form.addRow("Name", self.name_edit)
        form.addRow("Role", self.cp_role_edit)
        inner.addLayout(form)
        self.persona_note = label("", "muted")
        inner.addWidget(self.persona_note)
        self.persona.currentIndexChanged.connect(self._on_persona)
        self.name_edit.textChanged.connect(lambda text: self._set("name", text.strip()))
        self.cp_role_edit.textChanged.connect(lambda text: self._set("role", text.strip()))
        return frame

    def _turn_form(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 10, 0)
        frame, inner = card()
        heading = QHBoxLayout()
        self.turn_heading = label("Turn", "h3", wrap=False)
        self.turn_picker = QComboBox()  # the graph's nodes, for the keyboard
        self.turn_picker.setAccessibleName("Turn to edit")
        self.turn_picker.activated.connect(lambda index: self.select_turn(self.turn_picker.itemText(index)))
        heading.addWidget(self.turn_heading)
        heading.addWidget(self.turn_picker, 1)
        inner.addLayout(heading)
        self.turn_editor = TurnEditor()
        self.turn_editor.changed.connect(self._on_turn_changed)
        self.turn_editor.renamed.connect(self._on_turn_renamed)
        inner.addWidget(self.turn_editor)
        column.addWidget(frame)
        column.addStretch(1)
        return page

    def _graph_panel(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        frame, inner = card()
        heading = QHBoxLayout()
        heading.addWidget(label("Branches", "h3"), 1)
        self.add_turn_button = QPushButton("+ Turn")
        self.add_turn_button.clicked.connect(self.add_turn)
        self.remove_turn_button = QPushButton("Remove turn")
        self.remove_turn_button.clicked.connect(self.remove_turn)
        heading.addWidget(self.add_turn_button)
        heading.addWidget(self.remove_turn_button)
        inner.addLayout(heading)
        self.graph = BranchGraph()
        self.graph.turn_clicked.connect(self.select_turn)
        inner.addWidget(self.graph, 1)
        column.addWidget(frame, 1)
        frame, inner = card()
        inner.addWidget(label("Check", "h3"))
        self.problems = label("", "muted", selectable=True)
        inner.addWidget(self.problems)
        column.addWidget(frame, 0)
        return panel

    # -- showing -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Say when the screen comes into view (the first draft is made then)."""
        super().showEvent(event)
        self.shown.emit()

    def set_personas(self, personas: Sequence[tuple[str, str]]) -> None:
        """The voice personas: (id, description)."""
        self.persona.blockSignals(True)
        self.persona.clear()
        for persona_id, description in personas:
            self.persona.addItem(persona_id, persona_id)
            self.persona.setItemData(self.persona.count() - 1, description, Qt.ItemDataRole.ToolTipRole)
        self.persona.blockSignals(False)

    def set_scenarios(self, scenarios: Sequence[tuple[str, str, str]], folders: Sequence[str],
                      drafts: Sequence[Path] = ()) -> None:
        """Menus: new from a template or a copy, open one (id, title, source) or a kept draft, the added folders."""
        self.new_menu.clear()
        for situation in SITUATION_CRITERIA:
            name = situation.replace("-", " ").capitalize()
            self.new_menu.addAction(f"Template: {name}", lambda s=situation: self.new_template.emit(s))
        copies = self.new_menu.addMenu("Copy of an existing scenario")
        opener = self.open_button.menu()
        opener.clear()
        for scenario_id, title, source in scenarios:
            copies.addAction(title, lambda s=scenario_id: self.new_copy.emit(s))
            opener.addAction(f"{title}  ·  {source}", lambda s=scenario_id: self.open_scenario.emit(s))
        if drafts:
            kept = opener.addMenu("Drafts (not saved yet)")
            for path in drafts:
                kept.addAction(path.stem, lambda p=path: self.open_draft.emit(p))
        menu = self.folders_button.menu()
        menu.clear()
        menu.addAction("Add a scenario folder…", self._ask_folder)
        for folder in folders:
            menu.addAction(f"Stop using {folder}", lambda f=folder: self.remove_folder.emit(f))

    def show_draft(self, draft: Draft, select: str = "") -> None:
        """Fill every field from the draft (no `edited` follows)."""
        self.draft = draft
        for edit, text in ((self.id_edit, draft.id), (self.title_edit, draft.title), (self.role_edit, draft.learner_role),
                           (self.name_edit, draft.name), (self.cp_role_edit, draft.role), (self.brief, draft.brief)):
            set_text(edit, text)
        for combo, value in ((self.situation, draft.situation), (self.persona, draft.persona)):
            combo.blockSignals(True)
            index = combo.findText(value)
            if index < 0 and value:
                combo.addItem(value, value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        self.pass_mark.blockSignals(True)
        self.pass_mark.setValue(draft.pass_mark if draft.pass_mark is not None else 70)
        self.pass_mark.blockSignals(False)
        self.criteria.set_criteria(draft.criteria)
        self._persona_note()
        self.select_turn(select or (draft.turns[0].id if draft.turns else ""))

    def select_turn(self, turn_id: str) -> None:
        """Edit this turn in the middle column."""
        if self.draft is None:
            return
        self.selected = turn_id
        turn = self.draft.turn(turn_id)
        self.turn_heading.setText("Turn (the start)" if self._is_first(turn_id) else "Turn")
        self.turn_picker.blockSignals(True)
        self.turn_picker.clear()
        self.turn_picker.addItems([t.id for t in self.draft.turns])
        self.turn_picker.setCurrentText(turn_id)
        self.turn_picker.blockSignals(False)
        self.turn_editor.show_turn(turn, list(self.draft.criteria), [t.id for t in self.draft.turns])
        self.remove_turn_button.setEnabled(turn is not None and len(self.draft.turns) > 1)
        self.refresh_graph()

    def refresh_graph(self, problem_turns: set[str] | None = None) -> None:
        """Redraw the graph from the draft."""
        if self.draft is None:
            return
        edges = [Edge(t.id, b.goto, b.label()) for t in self.draft.turns for b in t.branches]
        shown = problem_turns if problem_turns is not None else self.graph.problem_turns
        self.graph.show_graph([t.id for t in self.draft.turns], edges, self.selected, shown)

    def show_problems(self, errors: Sequence[str], problem_turns: set[str]) -> None:
        """Live check result: FILE:LINE: reason lines, or a green tick."""
        if errors:
            self.problems.setText("\n".join(errors))
            set_role(self.problems, "bad")
        else:
            self.problems.setText("✓  No problems: ready to save and try.")
            set_role(self.problems, "good")
        self.try_button.setEnabled(not errors)
        self.refresh_graph(problem_turns)

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- editing -------------------------------------------------------------------------------

    def _set(self, field: str, value: object) -> None:
        if self.draft is not None:
            setattr(self.draft, field, value)
            self.edited.emit()

    def _on_criteria(self) -> None:
        if self.draft is not None:
            self.draft.criteria = self.criteria.criteria()
            self.select_turn(self.selected)
            self.edited.emit()

    def _on_persona(self) -> None:
        self._persona_note()
        self._set("persona", self.persona.currentText())

    def _persona_note(self) -> None:
        self.persona_note.setText(str(self.persona.currentData(Qt.ItemDataRole.ToolTipRole) or ""))

    def _on_turn_changed(self) -> None:
        self.refresh_graph()
        self.edited.emit()

    def _on_turn_renamed(self, old: str, new: str) -> None:
        """Branches that led to the old id follow the rename."""
        assert self.draft is not None
        for turn in self.draft.turns:
            for branch in turn.branches:
                if branch.goto == old:
                    branch.goto = new
        self.select_turn(new)
        self.edited.emit()

    def add_turn(self) -> None:
        """A new turn after the others, requiring every criterion; the selected turn's default leads to it."""
        if self.draft is None:
            return
        taken = {t.id for t in self.draft.turns}
        new_id = next(f"turn-{n}" for n in range(len(taken) + 1, len(taken) + 100) if f"turn-{n}" not in taken)
        self.draft.turns.append(DraftTurn(new_id, ["", ""], list(self.draft.criteria), "", [DraftBranch("end")]))
        current = self.draft.turn(self.selected)
        if current is not None and current.branches and current.branches[-1].goto == "end":
            current.branches[-1].goto = new_id
        self.select_turn(new_id)
        self.edited.emit()

    def remove_turn(self) -> None:
        """Remove the selected turn; branches that led to it now end the conversation."""
        if self.draft is None or len(self.draft.turns) < 2:
            return
        self.draft.turns = [t for t in self.draft.turns if t.id != self.selected]
        for turn in self.draft.turns:
            for branch in turn.branches:
                if branch.goto == self.selected:
                    branch.goto = "end"
        self.select_turn(self.draft.turns[0].id)
        self.edited.emit()

    def _is_first(self, turn_id: str) -> bool:
        return bool(self.draft and self.draft.turns and self.draft.turns[0].id == turn_id)

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a scenario", "", "Scenario files (*.yaml *.yml)")
        if path:
            self.import_file.emit(Path(path))

    def _ask_export(self) -> None:
        name = f"{self.draft.id}.yaml" if self.draft else "scenario.yaml"
        path, _ = QFileDialog.getSaveFileName(self, "Export this scenario", name, "Scenario files (*.yaml)")
        if path:
            self.export_file.emit(Path(path))

    def _ask_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Add a scenario folder (e.g. a class's shared drive)")
        if path:
            self.add_folder.emit(Path(path))
