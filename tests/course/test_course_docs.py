"""docs/lesson-format.md stays true: its example lesson is valid and shows what it states,
its ``[lab]`` table is the settings' declarations (keys, types, ranges, choices, defaults,
controls), its metric table is the engine's metrics, and every view and quiz kind is
documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui_tutor import ml
from tui_tutor.course import KINDS, VIEWS, count_checks, load_pack, run_checks
from tui_tutor.course.model import DEFAULT_CONTROLS

DOC = Path(__file__).resolve().parents[2] / "docs" / "lesson-format.md"
_LAB_EXTRA = ("controls", "views", "view", "readout")


@pytest.fixture(scope="module")
def text() -> str:
    return DOC.read_text(encoding="utf-8")


def _table(text: str, heading: str) -> dict[str, list[str]]:
    """The first table after ``heading``: each name in a row's first cell -> its cells."""
    lines = text.split(heading, 1)[1].split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    out: dict[str, list[str]] = {}
    for row in lines[start + 2 : end]:  # after the header and the |---| line
        cells = [c.strip() for c in row.strip().strip("|").split(" | ")]
        for name in re.findall(r"`([^`]+)`", cells[0]):
            assert name not in out, f"{name} is documented twice"
            out[name] = cells
    return out


def _number(x: float) -> str:
    return ml.format_number(x).replace("e-0", "e-")  # 1e-6, as an author writes it


def _toml(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return _number(value)  # type: ignore[arg-type]


def test_example_lesson_is_valid_and_true(text: str, tmp_path: Path) -> None:
    example = text.split("## A complete example", 1)[1]
    body = example.split("````markdown\n", 1)[1].rsplit("````", 1)[0]
    (tmp_path / "01-l2-first-look.md").write_text(body, encoding="utf-8")
    pack = load_pack(tmp_path)
    assert [str(p) for p in pack.problems] == []
    (lesson,) = pack.lessons
    assert {q.kind for q in lesson.quizzes} == set(KINDS)
    assert sum(count_checks(s) for s in lesson.steps) >= 4  # claims, a predict, a challenge
    assert [str(p) for p in run_checks(pack)] == []


def test_lab_table_is_the_settings(text: str) -> None:
    rows = _table(text, "### `[lab]`")
    assert set(rows) == {*ml.SETTINGS, *_LAB_EXTRA}
    wrong = []
    for key, s in ml.SETTINGS.items():
        _, what, default = rows[key]
        if default.replace("`", "") != _toml(s.default):
            wrong.append(f"{key}: default {default!r}, declared {_toml(s.default)}")
        if s.kind == "choice":
            names = re.findall(r'`"([^"`]+)"`', what)
            if names != list(s.choices) or not what.startswith("one of"):
                wrong.append(f"{key}: choices {names}, declared {list(s.choices)}")
        if s.kind in ("int", "float") and s.limits:
            span = f"{_number(s.limits[0])}..{_number(s.limits[1])}"
            if span not in what:
                wrong.append(f"{key}: the range {span} is not stated")
            whole = "a whole number" in what
            if whole != (s.kind == "int") or not what.startswith("a "):
                wrong.append(f"{key}: the type is not stated as {s.kind}")
        if s.kind == "layers" and s.limits and s.unit_limits:
            span = f"at most {int(s.limits[1])} layers of {s.unit_limits[0]}..{s.unit_limits[1]}"
            if span not in what or not what.startswith("a list"):
                wrong.append(f"{key}: {span!r} is not stated")
        if s.kind == "split" and not what.startswith("a list"):
            wrong.append(f"{key}: the type is not stated as a list")
        if s.kind == "path" and not what.startswith("text"):
            wrong.append(f"{key}: the type is not stated as text")
        if s.kind == "bool" and not what.startswith("`true` or `false`"):
            wrong.append(f"{key}: the type is not stated as true or false")
        if s.kind == "scale" and s.limits:
            span = f"a list of 2 factors, each {_number(s.limits[0])}..{_number(s.limits[1])}"
            if not what.startswith(span):
                wrong.append(f"{key}: {span!r} is not stated")
    assert wrong == []


def test_controls_row_lists_what_the_app_can_change(text: str) -> None:
    _, what, default = _table(text, "### `[lab]`")["controls"]
    listed = re.findall(r"`([a-z_0-9]+)`", what.split("any of", 1)[1].split("(", 1)[0])
    assert listed == list(ml.CONTROLS)
    assert re.findall(r'"([a-z_0-9]+)"', default) == list(DEFAULT_CONTROLS)
    assert set(DEFAULT_CONTROLS) <= set(ml.CONTROLS)
    _, views, _ = _table(text, "### `[lab]`")["views"]
    assert re.findall(r"`([a-z]+)`", views.split(":", 1)[1]) == list(VIEWS)


def test_metric_table_is_the_engines_metrics(text: str) -> None:
    assert set(_table(text, "### Metric names")) == set(ml.METRICS)


def test_every_name_is_documented(text: str) -> None:
    names = [*VIEWS, *KINDS, *ml.DATASETS]
    missing = [n for n in names if f"`{n}`" not in text and f'"{n}"' not in text]
    assert missing == []
