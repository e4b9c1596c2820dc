"""The Roster tab: classes on the left; the chosen class's learners, presence, adding and CSV import on the right."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from trainer.classroom import Member
from ui.views.widgets import card, label

PathChooser = Callable[[QWidget], Path | None]


def choose_roster_file(parent: QWidget) -> Path | None:
    """Ask for a roster CSV."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import a roster", "", "CSV files (*.csv);;All files (*)")
    return Path(name) if name else None


class RosterView(QWidget):
    """Lays out the roster; every action leaves as a signal."""

    class_chosen = Signal(int)
    create_class = Signal(str)
    add_learner = Signal(str, str, str)  # name, email, team
    import_csv = Signal(object)  # Path
    present_changed = Signal(int, bool)  # learner id, present

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choose_file: PathChooser = choose_roster_file  # tests hand in a path instead of a dialog
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addWidget(self._classes(), 2)
        row.addWidget(self._members(), 5)
        self.present_boxes: dict[int, QCheckBox] = {}

    def _classes(self) -> QWidget:
        frame, layout = card(8)
        layout.addWidget(label("Classes", "h2"))
        self.class_list = QListWidget()
        self.class_list.setAccessibleName("Classes")
        self.class_list.currentItemChanged.connect(self._on_class_item)
        layout.addWidget(self.class_list, 1)
        self.class_name = QLineEdit()
        self.class_name.setPlaceholderText("New class name")
        self.class_name.returnPressed.connect(self._create)
        self.create_button = QPushButton("Create class")
        self.create_button.clicked.connect(self._create)
        layout.addWidget(self.class_name)
        layout.addWidget(self.create_button)
        return frame

    def _members(self) -> QWidget:
        frame, layout = card(8)
        head = QHBoxLayout()
        self.heading = label("No class yet", "h2")
        self.counts = label("", "muted", wrap=False)
        head.addWidget(self.heading, 1)
        head.addWidget(self.counts)
        layout.addLayout(head)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Present", "Name", "Email", "Team"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._add_row())
        self.problems = label("", "error", selectable=True)
        self.problems.hide()
        layout.addWidget(self.problems)
        return frame

    def _add_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.name, self.email, self.team = QLineEdit(), QLineEdit(), QLineEdit()
        for edit, hint in ((self.name, "Learner's name"), (self.email, "Email (optional)"), (self.team, "Team (optional)")):
            edit.setPlaceholderText(hint)
            edit.setAccessibleName(hint)
            edit.returnPressed.connect(self._add)
            row.addWidget(edit, 2 if edit is self.name else 1)
        self.add_button = QPushButton("Add learner")
        self.add_button.clicked.connect(self._add)
        self.import_button = QPushButton("Import CSV…")
        self.import_button.setToolTip("A CSV with a 'name' column; 'email' and 'team' are optional")
        self.import_button.clicked.connect(self._import)
        row.addWidget(self.add_button)
        row.addWidget(self.import_button)
        return row

    def _create(self) -> None:
        if self.class_name.text().strip():
            self.create_class.emit(self.class_name.text().strip())
            self.class_name.clear()

    def _add(self) -> None:
        if self.name.text().strip():
            self.add_learner.emit(self.name.text().strip(), self.email.text().strip(), self.team.text().strip())
            for edit in (self.name, self.email, self.team):
                edit.clear()
            self.name.setFocus()

    def _import(self) -> None:
        path = self.choose_file(self)
        if path is not None:
            self.import_csv.emit(path)

    def _on_class_item(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.class_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    # -- what the controller sets -----------------------------------------------------------------

    def show_classes(self, classes: Sequence[tuple[int, str]], chosen: int | None) -> None:
        """The class list with one chosen (adding is possible once there is a class)."""
        self.class_list.blockSignals(True)
        self.class_list.clear()
        for cid, name in classes:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            self.class_list.addItem(item)
            if cid == chosen:
                self.class_list.setCurrentItem(item)
        self.class_list.blockSignals(False)
        has_class = chosen is not None
        for widget in (self.name, self.email, self.team, self.add_button, self.import_button):
            widget.setEnabled(has_class)

    def show_members(self, class_name: str, members: Sequence[Member]) -> None:
        """The roster table with a present box per learner."""
        self.heading.setText(class_name or "Create a class to start a roster")
        present = sum(m.present for m in members)
        self.counts.setText(f"{len(members)} learners  ·  {present} present" if members else "")
        self.table.setRowCount(len(members))
        self.present_boxes = {}
        for row, m in enumerate(members):
            box = QCheckBox()
            box.setChecked(m.present)
            box.setAccessibleName(f"{m.name} is present")
            box.toggled.connect(lambda on, lid=m.learner_id: self.present_changed.emit(lid, on))
            box.setFixedSize(box.sizeHint())  # the whole box is the indicator: a click anywhere on it counts
            holder = QWidget()
            cell = QHBoxLayout(holder)
            cell.setContentsMargins(12, 0, 12, 0)
            cell.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
            self.table.setCellWidget(row, 0, holder)
            self.present_boxes[m.learner_id] = box
            for col, text in enumerate((m.name, m.email, m.team), start=1):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def show_problems(self, problems: Sequence[str], added: int | None = None) -> None:
        """Lines an import could not use (FILE:LINE: reason), or an error."""
        head = f"Imported {added} learner{'s' if added != 1 else ''}. " if added is not None else ""
        text = head + ("Some lines were skipped:\n" if problems and added is not None else "") + "\n".join(problems)
        self.problems.setText(text.strip())
        self.problems.setObjectName("error" if problems else "notice")
        self.problems.style().unpolish(self.problems)
        self.problems.style().polish(self.problems)
        self.problems.setVisible(bool(text.strip()))
