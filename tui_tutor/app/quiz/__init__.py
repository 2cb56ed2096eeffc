"""The questions under a lesson step."""

from .widget import MAX_ATTEMPTS, QuizWidget

__all__ = ["MAX_ATTEMPTS", "QuizWidget"]
