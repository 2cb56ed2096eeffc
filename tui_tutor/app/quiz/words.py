"""What a question says, by its kind's entry: the prompt with how to answer, the verdict."""

from __future__ import annotations

from rich.text import Text

from tui_tutor.course.kinds import QuizKind, in_percent
from tui_tutor.course.model import Quiz
from tui_tutor.i18n import t

from ..safe_text import as_text, plain

__all__ = ["answer_text", "final_feedback", "prompt_text"]


def _instructions(quiz: Quiz, kind: QuizKind, lang: str) -> str:
    """How to answer: the string ``quiz_<kind>`` (``quiz_numeric_unit`` with a unit)."""
    key = f"quiz_{kind.name}"
    if kind.typed and in_percent(quiz.unit) and quiz.unit != "%":
        return t(f"{key}_points", lang)  # which number is meant: 3, 3% and 3 points are 3
    if kind.typed and quiz.unit:
        return t(f"{key}_unit", lang, unit=plain(quiz.unit, line=True))
    return t(key, lang, n=len(quiz.choices or []))


def _title(kind: QuizKind, lang: str) -> str:
    if kind.runs_lab:
        return t("quiz_prediction", lang)
    if kind.live:
        return t("quiz_challenge_title", lang)
    return t("quiz_question", lang)


def prompt_text(quiz: Quiz, kind: QuizKind, done: bool, correct: bool, lang: str) -> Text:
    """``Question: <prompt>`` (ticked once right), then how to answer while it waits."""
    prompt = Text()
    mark = " ✓" if done and correct else ""
    prompt.append(t("quiz_heading", lang, title=_title(kind, lang) + mark), style="bold")
    prompt.append_text(as_text(quiz.prompt))
    if not done:
        prompt.append("\n" + _instructions(quiz, kind, lang), style="italic dim")
    return prompt


def answer_text(quiz: Quiz, kind: QuizKind) -> str:
    """The right answer as the learner reads it: ``2. High bias``, ``0.9993 s``."""
    choices = list(quiz.choices or [])
    answer = quiz.answer
    if kind.multiple:
        return "; ".join(f"{k}. {choices[k - 1]}" for k in answer if 0 < k <= len(choices))
    if kind.choices and isinstance(answer, int) and 0 < answer <= len(choices):
        return f"{answer}. {choices[answer - 1]}"
    if kind.typed:
        unit = f" {quiz.unit}" if quiz.unit else ""
        return f"{answer:g}{unit}" if isinstance(answer, (int, float)) else str(answer)
    return str(answer)


def final_feedback(quiz: Quiz, kind: QuizKind, correct: bool, message: str, lang: str) -> str:
    """The lines shown once a question is over: the verdict (``message`` if given), why."""
    lines = []
    if message:
        lines.append(message)
    elif kind.live:
        lines.append(t("quiz_challenge_met", lang))
    elif kind.runs_lab:
        if correct:
            lines.append(t("quiz_prediction_held", lang))
        else:
            lines.append(t("quiz_prediction_failed", lang, answer=answer_text(quiz, kind)))
    elif correct:
        lines.append(t("quiz_correct", lang))
    else:
        lines.append(t("quiz_reveal", lang, answer=answer_text(quiz, kind)))
    if quiz.explain:
        lines.append(t("quiz_explain", lang, explain=quiz.explain))
    return "\n".join(lines)
