"""The questions under a lesson step."""

from .list import QuizList
from .widget import MAX_ATTEMPTS, QuizWidget

__all__ = ["MAX_ATTEMPTS", "QuizList", "QuizWidget"]
