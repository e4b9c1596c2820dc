"""The main window's screens by name, and the two screens made of several parts, each built with its controllers.

Building a screen imports its modules, so these functions are called the first time a screen is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from ui.services import Services
from ui.settings import Settings

if TYPE_CHECKING:
    from ui.classroom.due import DueList
    from ui.controllers.practice import PracticeController
    from ui.controllers.progress import ProgressController
    from ui.controllers.solo import SoloPractice
    from ui.controllers.talk import TalkControl
    from ui.controllers.voice import CounterpartVoice
    from ui.runtime import Runtime
    from ui.views.practice_view import PracticeView
    from ui.views.progress_view import ProgressView


class Screens(Mapping[str, QWidget]):
    """The screens by name; asking for one builds it (and its controllers) the first time."""

    def __init__(self, getters: dict[str, Callable[[], QWidget]]) -> None:
        self._getters = getters

    def __getitem__(self, name: str) -> QWidget:
        return self._getters[name]()

    def __iter__(self) -> Iterator[str]:
        return iter(self._getters)

    def __len__(self) -> int:
        return len(self._getters)


@dataclass(frozen=True)
class PracticeScreen:
    """The Practice screen: the talk control, the practice flow and one learner's rounds on it."""

    view: PracticeView
    talk: TalkControl
    flow: PracticeController
    solo: SoloPractice


def build_practice(services: Services, settings: Settings, runtime: Runtime, voice: CounterpartVoice,
                   parent: QObject) -> PracticeScreen:
    """The Practice screen on the runtime's workers (the listener is made now if it was not)."""
    from ui.controllers.practice import PracticeController
    from ui.controllers.solo import SoloPractice
    from ui.controllers.talk import TalkControl
    from ui.views.practice_view import PracticeView

    view = PracticeView()
    talk = TalkControl(view.talk, runtime.listener, settings, parent)  # type: ignore[arg-type]
    flow = PracticeController(view, services, runtime.db, voice, talk, parent=parent)
    return PracticeScreen(view, talk, flow, SoloPractice(flow, view, settings, parent))


@dataclass(frozen=True)
class ProgressScreen:
    """The Progress screen, with the spaced-practice due list on it."""

    view: ProgressView
    control: ProgressController
    due: DueList


def build_progress(services: Services, settings: Settings, runtime: Runtime, parent: QObject) -> ProgressScreen:
    """The Progress screen reading the runtime's store."""
    from ui.classroom.due import DueList
    from ui.controllers.progress import ProgressController
    from ui.views.progress_view import ProgressView

    view = ProgressView()
    due = DueList()
    view.add_due(due)
    return ProgressScreen(view, ProgressController(view, services, settings, runtime.db, parent), due)
