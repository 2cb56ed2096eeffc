"""A lesson is finished when every question is done or its last step is reached.

Not only when the learner pressed n past the end, as before.
"""

from __future__ import annotations

from pathlib import Path

from test_course_parse import GOOD

from tui_tutor.app.tracker import Tracker
from tui_tutor.course import Progress, ProgressStore, parse_lesson, read_progress
from tui_tutor.course.quiz import MAX_ATTEMPTS, lesson_finished, quiz_done


def demo():
    lesson, problems = parse_lesson(GOOD)
    assert lesson is not None, problems
    return lesson


def test_every_question_done_finishes_the_lesson() -> None:
    lesson = demo()
    kinds = {q.id: q.kind for q in lesson.quizzes}
    assert sorted(kinds.values()) == ["challenge", "multiple", "numeric", "predict", "single"]
    p = Progress()
    for quiz in lesson.quizzes:
        assert not lesson_finished(lesson, p.lesson_progress(lesson.id))
        if quiz.kind == "challenge":
            p.record_challenge(lesson, quiz.id)
        elif quiz.kind == "predict":
            p.record_answer(lesson, quiz.id, 1, False)  # a prediction made, even a wrong one
        elif quiz.kind == "numeric":
            for _ in range(MAX_ATTEMPTS):  # wrong three times: the answer is revealed
                p.record_answer(lesson, quiz.id, "0", False)
        else:
            p.record_answer(lesson, quiz.id, quiz.answer, True)
    lp = p.lessons[lesson.id]
    assert lp.step == 0 and lp.finished  # never went past the last step, yet finished


def test_a_question_left_open_is_not_done() -> None:
    assert not quiz_done("single", None)
    assert not quiz_done("numeric", {"response": "1", "correct": False, "attempts": 2})
    assert quiz_done("numeric", {"response": "1", "correct": False, "attempts": 3})
    assert not quiz_done("challenge", {"response": None, "correct": False, "attempts": 5})
    assert quiz_done("challenge", None, met=True)
    assert quiz_done("predict", {"response": 2, "correct": False, "attempts": 1})


def test_reaching_the_last_step_finishes_it_and_the_tracker_saves_that(tmp_path: Path) -> None:
    lesson = demo()
    path = tmp_path / "progress.json"
    tracker = Tracker(ProgressStore(path))
    tracker.score(lesson)  # the screen asks for the score as it shows the lesson
    for step in range(len(lesson.steps) - 1):
        tracker.set_current(lesson.id, step)
        assert not tracker.finished(lesson.id)
    tracker.set_current(lesson.id, len(lesson.steps) - 1)
    assert tracker.finished(lesson.id)
    saved = read_progress(path).lessons[lesson.id]
    assert saved.finished and saved.reached == len(lesson.steps) - 1
    tracker.set_current(lesson.id, 0)  # going back keeps how far the learner got
    assert read_progress(path).lessons[lesson.id].reached == len(lesson.steps) - 1


def test_the_tracker_saves_finished_when_the_last_question_is_answered(tmp_path: Path) -> None:
    lesson = demo()
    path = tmp_path / "progress.json"
    tracker = Tracker(ProgressStore(path))
    for quiz in lesson.quizzes:
        assert not tracker.finished(lesson.id)
        tracker.record_answer(lesson, quiz, quiz.answer, True)
    assert read_progress(path).lessons[lesson.id].finished
