"""Issue 9's screen items at 80x24: what the learner types goes where they look, and
what they read fits and says what it means."""

from __future__ import annotations

import math
import re

from conftest import PACK, notes, screen_text, settle
from lab_host import send_key
from textual.widgets import Input
from textual.widgets._toast import Toast

from tui_tutor.app import build_app
from tui_tutor.app.lab.plot import COLORS, MIN_ROWS, LabPlot, nice_axis
from tui_tutor.app.quiz import QuizWidget
from tui_tutor.app.screens.form import LabForm
from tui_tutor.app.tracker import Tracker
from tui_tutor.course import load_pack
from tui_tutor.course.kinds import check_answer, parse_number
from tui_tutor.course.model import Quiz


def numeric_quiz(app) -> QuizWidget:
    return app.screen.query_one(QuizWidget)


async def test_enter_in_the_form_never_types_into_the_steps_answer(make_app):
    """Issue 9 item 1: `e`, change a field, Enter, then '20 3' Enter: no attempt."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", "e")  # the numeric step, then the form
        await settle(pilot, lambda: isinstance(app.screen, LabForm))
        form = app.screen
        field = form.query_one("#field-lambd", Input)
        field.focus()
        await pilot.press("ctrl+a", *"0.5", "enter")  # Enter: the next field, not apply
        assert isinstance(app.screen, LabForm)
        await pilot.press(*"20 3", "enter")
        await pilot.pause()
        await pilot.press("escape", "escape")
        await settle(pilot, lambda: not isinstance(app.screen, LabForm))
        quiz = numeric_quiz(app)
        assert quiz.attempts == 0 and not quiz.done
        assert not isinstance(app.focused, Input)  # closing gives no field the keys


async def test_a_fast_typed_decimal_keeps_its_dot(make_app):
    """Issue 9 item 12: '0.05' typed in one burst arrives whole."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n")
        await pilot.pause()
        for key, char in (("0", "0"), ("full_stop", "."), ("0", "0"), ("5", "5")):
            send_key(app, key, char)  # one burst: nothing handled in between
        await settle(pilot, lambda: isinstance(app.focused, Input))
        await pilot.pause()
        field = numeric_quiz(app).query_one(Input)
        assert field.value == "0.05"


def test_percentage_points_accept_a_percent_sign() -> None:
    """Issue 9 item 12: '3%' is 3 points in a 'percentage points' question."""
    quiz = Quiz(id="g", kind="numeric", prompt="gap?", answer=3.0, tolerance=0.5, unit="points")
    for typed in ("3", "3%", "3 points", "3 percentage points", "3pp"):
        assert parse_number(typed, "points") == 3.0, typed
        assert check_answer(quiz, typed).correct, typed
    assert parse_number("3%", "") == 0.03  # without a unit "3%" still means 0.03


def test_a_jump_to_the_last_step_finishes_the_lesson_before_any_score() -> None:
    """The tracker knows the pack's lessons: reaching the last step finishes a lesson
    even when nothing asked for its score first (build_app passes them)."""
    from conftest import PACK

    lessons = load_pack(PACK).lessons
    lesson = lessons[0]
    tracker = Tracker(None, lessons=lessons)
    tracker.set_current(lesson.id, len(lesson.steps) - 1)
    assert tracker.finished(lesson.id)


async def test_build_app_gives_the_tracker_the_pack(make_app):
    app = make_app()
    lessons = app.lessons
    app.tracker.set_current(lessons[0].id, len(lessons[0].steps) - 1)
    assert app.tracker.finished(lessons[0].id)


def _visible_lines(app) -> list[str]:
    return [line.strip() for line in screen_text(app).splitlines()]


async def test_a_five_choice_question_shows_its_prompt_with_its_choices_80x24():
    """Issue 9 items 3 and 12: a number key brings the question into view first (it
    answers nothing while out of sight), then its prompt and every choice show together."""
    app = build_app(lang="en", lesson="bias-variance", test_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.go_to("bias-variance", 3)
        await pilot.pause()
        quiz = app.screen.quizzes.widgets[0]
        assert len(quiz.quiz.choices) == 5
        await pilot.press("1")
        await pilot.pause()
        text = screen_text(app)
        prompt_start = quiz.quiz.prompt.split()[:4]
        assert " ".join(prompt_start) in " ".join(text.split())
        for choice in quiz.quiz.choices:
            assert " ".join(choice.split()[:3]) in " ".join(text.split()), choice
        await pilot.press("1")  # now in view: this one answers
        assert quiz.selected


def test_y_ticks_are_round_values_on_rows() -> None:
    """Issue 9 item 2: ticks like 0/20/40/60, never 56 / 46.7 / 18.7."""
    for rows in range(1, 30):
        for top in (0.004, 0.95, 1.26, 7.6, 56.0, 99.0, 120.0, 3e4):
            axis, ticks = nice_axis(top, rows)
            assert axis >= top * (1 - 1e-9) and ticks[0] == 0 and ticks[-1] == axis
            step = ticks[1] - ticks[0]
            mantissa = step / 10 ** math.floor(math.log10(step))
            assert any(math.isclose(mantissa, m) for m in (1, 1.5, 2, 2.5, 3, 4, 5, 10))
            assert axis <= top * 2.5  # never a chart mostly empty


def _colours(plot) -> set[tuple[int, int, int]]:
    """The foreground colours of the chart's characters (its data rows)."""
    out = set()
    for y in range(plot.size.height):
        for segment in plot.render_line(y):
            style = segment.style
            if style is not None and style.color is not None and segment.text.strip():
                triplet = style.color.get_truecolor()
                out.add((triplet.red, triplet.green, triplet.blue))
    return out


def _near(colour, wanted, slack: int = 40) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(colour, wanted, strict=True))


async def test_the_tours_first_chart_shows_every_series_80x24():
    """Issue 9 item 2: on the tour's first step at 80x24 the plot keeps its minimum
    height and train, dev, J and the floor each show somewhere (train was hidden)."""
    app = build_app(lang="en", lesson="tour", test_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = app.screen.lab
        await settle(pilot, lambda: lab.status == "done")
        await pilot.pause()
        plot = lab.query_one(LabPlot)
        assert plot.rows >= MIN_ROWS
        seen = _colours(plot)
        for name in ("train", "dev", "cost", "floor"):
            assert any(_near(c, COLORS[name], 12) for c in seen), name
        lines = [plot.render_line(y).text for y in range(plot.rows)]
        numbers = [float(m.group(1)) for m in map(re.compile(r"^\s*([\d.]+)┤").match, lines) if m]
        assert len(numbers) >= 2 and all(n % 5 == 0 for n in numbers), lines


async def test_the_penalty_curve_is_not_hidden_under_the_weights(make_app):
    """Issue 9 item 15: in the cost view the λ penalty shows beside ‖W‖²."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        lab = app.screen.lab
        await settle(pilot, lambda: lab.status == "done")
        lab.change(lambd=3.0)
        await settle(pilot, lambda: lab.status == "done")
        lab.view = "cost"
        await pilot.pause()
        seen = _colours(lab.query_one(LabPlot))
        for name in ("penalty", "w_norm", "cost"):
            assert any(_near(c, COLORS[name], 12) for c in seen), name


async def test_a_small_terminal_says_so_and_keeps_layout_and_quit(make_app):
    """Issue 9 item 10: at 50x15 the screen says it is small and names f, ? and q;
    f changes the layout and q quits."""
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert "50x15" in top and "f " in top and "q " in top
        await pilot.press("f")
        assert app.screen.layout_mode == "lab"
        await pilot.press("q")
    assert app.return_code == 0
    big = make_app()
    async with big.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not big.screen.query_one("#small-note").display


async def test_messages_cover_neither_the_readout_nor_the_lesson_80x24(make_app):
    """Issue 9 item 10: a toast sits over the chart, not over the readout."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("p")  # "This is the first step."
        await settle(pilot, lambda: bool(app.screen.query(Toast)))
        await pilot.pause()
        toast = app.screen.query_one(Toast).region
        lab = app.screen.lab
        for part in ("#lab-readout", "#lab-legend"):
            assert not toast.overlaps(lab.query_one(part).region), part
        assert not toast.overlaps(app.screen.query_one("#lesson-pane").region)


async def test_help_explains_the_score_and_a_step_change_says_the_lab_resets(make_app):
    """Issue 9 item 14: the scoring rule where the score is explained (help), and one
    line when moving on drops the learner's lab changes for the next step's preset."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        lab = app.screen.lab
        await settle(pilot, lambda: lab.status == "done")
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        assert "Score: a right answer at the first try" in shown and "retry 0.5" in shown
        await pilot.press("escape")
        await pilot.press("n")  # no change made: nothing said
        await pilot.pause()
        said = lambda: [n for n in notes(app) if "own settings" in n]  # noqa: E731
        assert lab.notice == "" and not said()
        lab.change(lambd=0.7)
        await pilot.press("n")
        await pilot.pause()
        # in a toast over the chart: a two-row notice line moved the lesson up and back
        assert len(said()) == 1 and lab.notice == ""


async def test_without_colour_the_active_tab_and_the_boundarys_regions_differ(
    make_app, monkeypatch
):
    """Issue 9 item 11: with NO_COLOR the active view tab is bracketed, and the two
    regions of the boundary view differ by glyph (dots on one side)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        lab = app.screen.lab
        await settle(pilot, lambda: lab.status == "done")
        await pilot.press("tab")
        await settle(pilot, lambda: lab.view == "boundary")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        tabs = next(line for line in lines if "curves" in line and "cost" in line)
        assert "[boundary]" in tabs and "[curves]" not in tabs
        raster = lab.query_one("#lab-boundary")
        grid = "".join(raster.render_line(y).text for y in range(raster.size.height))
        assert grid.count(".") > 20 and grid.count(" ") > 20


def test_the_problems_notice_is_one_clean_line_per_problem(tmp_path) -> None:
    """A pack's file name with a newline or ESC cannot start a fake line of the notice."""
    from conftest import PACK

    from tui_tutor.app.app import TutorApp
    from tui_tutor.course.model import Problem

    evil = Problem(PACK / "a\nfake.md:1: all good\x1b]0;x\x07.md", 2, "bad\nkey")
    app = TutorApp(load_pack(PACK).lessons, Tracker(None), problems=[evil], lessons_dir=PACK)
    lines = app.problems_text().splitlines()
    assert len(lines) == 3  # the title, the problem, how to hide it
    assert "\x1b" not in lines[1] and "\\x1b" in lines[1]
    assert "fake.md" in lines[1] and "key" in lines[1]


async def test_stacked_the_lab_keeps_its_chart_and_its_whole_readout_80x24():
    """Stacked at 80x24, gradient-checking's readout has four lines: the last (the
    diagnosis) was cut under a chart at its minimum height. The lab now takes the rows
    both need, and gives them back when the lab is shown alone."""
    app = build_app(lang="en", lesson="gradient-checking", test_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = app.screen.lab
        await settle(pilot, lambda: lab.status == "done")
        await pilot.pause()
        readout = lab.query_one("#lab-readout")
        last = str(readout.render()).splitlines()[-1].strip()
        assert "dev set too small to tell" in last
        assert last[:30] in screen_text(app)
        assert lab.query_one(LabPlot).size.height >= 7  # its minimum height (LabPanel's CSS)
        assert readout.region.bottom <= lab.region.bottom
        await pilot.press("f")  # the lab alone: no minimum of ours left on it
        await pilot.pause()
        assert app.screen._lab_rows is None and last[:30] in screen_text(app)


async def test_a_long_title_is_shortened_and_the_step_and_score_stay():
    """At 120x40 the lesson pane is about 50 columns: a long title cut the header at
    'score'. Now the title gives way, with an ellipsis."""
    from dataclasses import replace

    from textual.app import App

    from tui_tutor.app.screens.main import LessonHeader

    lesson = load_pack(PACK).lessons[0]
    lesson = replace(lesson, title="Why regularization reduces overfitting, seen from inside")

    class HeaderApp(App):
        def compose(self):
            yield LessonHeader()

    app = HeaderApp()
    async with app.run_test(size=(50, 3)) as pilot:
        header = app.query_one(LessonHeader)
        header.show(lesson, 1, (1.0, 3), "en")
        await pilot.pause()
        line = header.render_line(0).text.rstrip()
        assert line.endswith("step 2/4  ·  score 1/3"), line
        assert "Why regularization" in line and "…" in line and len(line) <= 50
