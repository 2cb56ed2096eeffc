"""The lesson parser: round trips, sorting, the controls it accepts."""

from __future__ import annotations

from pathlib import Path

from tests.course.parse_helpers import GOOD, line_of, only_problem, problems_of, write
from tui_tutor import ml
from tui_tutor.course import CONTROLS, Condition, load_pack, parse_lesson


def test_good_lesson_round_trip(tmp_path: Path) -> None:
    write(tmp_path, "01-demo.md", GOOD)
    pack = load_pack(tmp_path)
    assert pack.problems == []
    (lesson,) = pack.lessons
    assert (lesson.id, lesson.title, lesson.order) == ("demo", "Demo lesson", 3)
    assert lesson.lab == ml.LabConfig(m=200, flip=0.05, layers=(8, 3), epochs=300)
    assert lesson.controls == ("lambd", "layers", "lr")
    assert lesson.views == ("curves", "boundary", "cost")
    assert [s.index for s in lesson.steps] == [0, 1, 2]
    intro, under, third = lesson.steps
    assert intro.title == "Demo lesson" and intro.view == "curves"
    assert intro.markdown.startswith("Intro text")
    assert under.title == "Underfitting" and under.view == "boundary"
    assert under.lab == lesson.lab.with_changes(layers=())
    assert dict(under.overrides) == {"layers": []}
    assert "```" not in under.markdown and "αλ/m" in under.markdown
    assert under.claims == (
        Condition("train_error", ">", 0.1),
        Condition("w_norm_sq", "<", None, 3, 1.5),
    )
    assert third.title == "" and third.lab == lesson.lab
    assert "::: step inside code" in third.markdown  # code fences are kept, not parsed
    kinds = [q.kind for q in lesson.quizzes]
    assert kinds == ["single", "multiple", "numeric", "predict", "challenge"]
    single, multi, num, predict, challenge = lesson.quizzes
    assert single.answer == 2 and single.choices == ("a", "b", "c")
    assert multi.answer == (1, 3)
    assert (num.answer, num.tolerance) == (0.9979, 0.0001)
    assert dict(predict.run) == {"lambd": 10} and predict.expect[0].value == 0.1
    assert [c.metric for c in challenge.goal] == ["dev_error", "gap"]
    assert dict(challenge.solution) == {"lambd": 0.1}
    assert single.line == line_of(GOOD, "```quiz")
    assert lesson.step_of("q-num") is third


def test_controls_may_be_empty_views_may_not(tmp_path: Path) -> None:
    text = GOOD.replace('controls = ["lambd", "layers", "lr"]', "controls = []")
    assert problems_of(text, tmp_path) == []
    text = GOOD.replace('views = ["curves", "boundary", "cost"]', "views = []")
    line, msg = only_problem(text, tmp_path)
    assert "views must be a non-empty list" in msg and line == line_of(text, "views = []")


def test_controls_are_the_settings_the_app_can_change(tmp_path: Path) -> None:
    """A lesson may list any of ml.CONTROLS (the app's form has a field for each); a
    setting the form does not offer, or no setting at all, is a problem at its line
    that names the accepted names."""
    assert CONTROLS == ml.CONTROLS
    every = "controls = [" + ", ".join(f'"{c}"' for c in ml.CONTROLS) + "]"
    assert problems_of(GOOD.replace('controls = ["lambd", "layers", "lr"]', every), tmp_path) == []
    accepted = f"accepted: {', '.join(ml.CONTROLS)}"
    authors_only = [k for k, s in ml.SETTINGS.items() if not s.control]
    assert authors_only  # csv and seed: the form offers no field for them
    for name in authors_only:
        text = GOOD.replace('controls = ["lambd", "layers", "lr"]', f'controls = ["lr", "{name}"]')
        line, msg = only_problem(text, tmp_path)
        assert line == line_of(text, "controls =")
        assert msg == (
            f"controls: {name!r} is a setting the learner cannot change in the app; {accepted}"
        )
    text = GOOD.replace('controls = ["lambd", "layers", "lr"]', 'controls = ["dropout"]')
    assert only_problem(text, tmp_path) == (
        line_of(text, "controls ="),
        f"controls: unknown name 'dropout'; {accepted}",
    )


def test_crlf_and_bom_are_read(tmp_path: Path) -> None:
    data = ("\ufeff" + GOOD).replace("\n", "\r\n").encode("utf-8")
    write(tmp_path, "01-demo.md", data)
    pack = load_pack(tmp_path)
    assert pack.problems == [] and len(pack.lessons[0].steps) == 3


def test_parse_lesson_single_text() -> None:
    lesson, problems = parse_lesson(GOOD, "x.md")
    assert problems == [] and lesson is not None and lesson.id == "demo"


def test_lessons_sorted_by_order(tmp_path: Path) -> None:
    write(tmp_path, "01-b.md", GOOD.replace('"demo"', '"b"').replace("order = 3", "order = 9"))
    write(tmp_path, "02-a.md", GOOD.replace('"demo"', '"a"').replace("order = 3", "order = 1"))
    (tmp_path / "README.md").write_text("not a lesson")
    pack = load_pack(tmp_path)
    # the links point at lesson "demo", which no longer exists
    assert {p.message.split(",")[0] for p in pack.problems} == {"link to lesson 'demo'"}
    assert [lesson.id for lesson in pack.lessons] == ["a", "b"]


def test_a_reloaded_pack_reads_what_the_file_holds_now(tmp_path: Path) -> None:
    """Parsed lessons are remembered by content: a file rewritten at once with the same
    size (within the file clock's tick) is read again, and each load owns its lists."""
    path = tmp_path / "demo.md"
    path.write_text(GOOD, encoding="utf-8")
    first = load_pack(tmp_path)
    path.write_text(GOOD.replace('title = "Demo lesson"', 'title = "Demo lessoN"'), "utf-8")
    second = load_pack(tmp_path)
    assert [x.title for x in first.lessons] == ["Demo lesson"]
    assert [x.title for x in second.lessons] == ["Demo lessoN"]
    second.problems.append("marker")  # type: ignore[arg-type]
    assert "marker" not in load_pack(tmp_path).problems
