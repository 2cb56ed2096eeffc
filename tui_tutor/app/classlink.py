"""The learner's app in a class (``tui-tutor --class DIR``): filled in by the next commits."""

from __future__ import annotations

from typing import Any

from tui_tutor.classroom.seat import Seat

from .app import TutorApp


class ClassTutorApp(TutorApp):
    """The tutor of a learner in a class; ``seat`` names the class folder and the learner."""

    def __init__(self, *args: Any, seat: Seat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seat = seat
