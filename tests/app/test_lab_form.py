"""The lab's form: every setting a lesson lists has a field, read with the setting's grammar,
with messages in the learner's language; every control of every bundled lesson changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lab_host import SMALL, LabApp
from textual.widgets import Input, Select

from tui_tutor import course, ml
from tui_tutor.app.lab.fields import choices, field_text, read_fields
from tui_tutor.app.screens.form import LabForm
from tui_tutor.i18n import LANGS, t


@pytest.mark.parametrize(
    ("texts", "key", "needle"),
    [
        ({"lambd": "abc"}, "lambd", "number such as 0.01"),
        ({"lambd": "-1"}, "lambd", "between 0 and 1000"),
        ({"layers": "0"}, "layers", "1 to 256"),
        ({"layers": "100000"}, "layers", "1 to 256"),
        ({"layers": "20,x"}, "layers", "20,3"),
        ({"layers": ",".join(["2"] * 51)}, "layers", "at most 50"),
        ({"epochs": "0"}, "epochs", "between 1"),
        ({"epochs": "2.5"}, "epochs", "whole"),
        ({"epochs": ""}, "epochs", "empty"),
        ({"m": "3"}, "m", "between 8"),
        ({"lr": "0"}, "lr", "between 1e-06"),
        ({"noise": "nan"}, "noise", "number"),
        ({"flip": "0.5"}, "flip", "between 0 and 0.45"),
        ({"init_scale": "x"}, "init_scale", "number such as 1"),
        ({"batch_size": "-2"}, "batch_size", "between 0 and 20000"),
        ({"batch_size": "100"}, "batch_size", "between 0 and 48"),  # 48 training examples
        ({"activation": "swish"}, "activation", "relu, tanh, linear, sigmoid"),
        ({"split": "0.5,0.2"}, "split", "0.6,0.2,0.2"),
        ({"split": "a,b"}, "split", "0.6,0.2,0.2"),
        ({"shift": "9"}, "shift", "between -5 and 5"),
    ],
)
def test_a_bad_value_names_the_field_and_what_it_accepts(texts, key, needle) -> None:
    new, bad, message = read_fields(SMALL, texts, "en")
    assert new is None and bad == key
    assert message.startswith(t(f"field.{key}", "en") + ": ") and needle in message, message
    _, _, zh = read_fields(SMALL, texts, "zh")
    assert zh.startswith(t(f"field.{key}", "zh") + "：")
    assert not any(w in zh for w in ("must", "type", "between", "got")), zh  # all in Chinese


@pytest.mark.parametrize(
    ("text", "layers"),
    [("20,3", (20, 3)), ("20 3", (20, 3)), (" 20, 3 ", (20, 3)), ("none", ()), ("", ())],
)
def test_layers_take_the_clis_grammar(text, layers) -> None:
    new, bad, _ = read_fields(SMALL, {"layers": text, "epochs": "1e3"})
    assert bad is None and new.layers == layers and new.epochs == 1000


@pytest.mark.parametrize("key", ml.CONTROLS)
def test_every_field_shows_what_it_reads_back(key) -> None:
    text = field_text(SMALL, key)
    new, bad, _ = read_fields(SMALL, {key: text})
    assert bad is None and getattr(new, key) == getattr(SMALL, key)


@pytest.mark.parametrize("lang", LANGS)
def test_on_off_and_scale_fields_read_back_and_say_what_they_accept(lang) -> None:
    assert choices("normalize") == ("on", "off") and field_text(SMALL, "normalize") == "on"
    new, bad, _ = read_fields(SMALL, {"normalize": "off", "feature_scale": "1 50"}, lang)
    assert bad is None and new.normalize is False and new.feature_scale == (1.0, 50.0)
    new, bad, message = read_fields(SMALL, {"feature_scale": "1,5000"}, lang)
    assert new is None and bad == "feature_scale"
    assert t("field.feature_scale", lang) in message and "1000" in message and "5000" in message


def _other_value(key: str, now: object) -> str:
    """A valid text for ``key`` that differs from ``now`` (from the setting's declaration)."""
    s = ml.SETTINGS[key]
    if s.kind == "choice":
        return next(c for c in s.choices if c != now)
    if s.kind == "layers":
        return "none" if now else s.example
    if s.kind == "bool":
        return s.show(not now)
    if s.kind == "scale":
        return s.show(next(v for v in (s.parse(s.example), (1.0, 1.0)) if v != now))
    candidates = [s.parse(s.example), *(s.limits or ())]
    return s.show(next(v for v in candidates if v != now))


def _bundled_lessons() -> list:
    """Each bundled lesson's lab once: the test reads only its preset, controls and views
    (the form in English), which a zh lesson shares with its en twin
    (tests/lessons/test_presets.py::test_en_and_zh_match), so a twin would test it twice."""
    lessons, seen = [], set()
    for lang in LANGS:
        pack = course.load_pack(course.bundled_lessons_dir(lang))
        assert not pack.problems, pack.problems
        assert pack.lessons, f"no bundled lessons in {lang}: the package lost them"
        for lesson in pack.lessons:
            lab = lesson.lab  # each language has its copy of a CSV
            lab = replace(lab, csv=Path(lab.csv).name) if lab.csv else lab
            key = (lesson.controls, lesson.views, lab)
            if key not in seen:
                seen.add(key)
                lessons.append(pytest.param(lesson, id=f"{lang}-{lesson.id}"))
    return lessons


@pytest.mark.parametrize("lesson", _bundled_lessons())
async def test_every_control_of_every_bundled_lesson_can_be_changed(lesson) -> None:
    assert set(lesson.controls) <= set(ml.CONTROLS)
    preset = lesson.lab.with_changes(epochs=min(lesson.lab.epochs, 300))  # quick runs
    app = LabApp(preset, controls=list(lesson.controls), views=list(lesson.views))
    async with app.run_test(size=(100, 40)) as pilot:
        lab = app.panel
        if "lambd" in lesson.controls:  # the keys walk λ's ladder ...
            await pilot.press("right_square_bracket")
            assert lab.config.lambd > preset.lambd
        if "layers" in lesson.controls:  # ... and the layers'
            await pilot.press("greater_than_sign", "equals_sign")
            assert lab.config.layers != preset.layers
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, LabForm)
        assert [w.id for w in form.query(".form-field")] == [f"field-{k}" for k in lesson.controls]
        want = {}
        for key in lesson.controls:
            text = _other_value(key, getattr(lab.config, key))
            widget = form.query_one(f"#field-{key}")
            if isinstance(widget, Select):
                widget.value = text
            else:
                assert isinstance(widget, Input)
                widget.value = text
            want[key] = ml.SETTINGS[key].parse(text)
        await pilot.click("#form-apply")
        assert not isinstance(app.screen, LabForm), form.query_one("#form-message").render()
        assert {k: getattr(lab.config, k) for k in want} == want
        changed = {k for k, v in want.items() if v != getattr(preset, k)}
        # ConfigChanged reaches the host a message later than the click under load
        await app.until(lambda: bool(app.changed) and set(app.changed[-1].overrides) == changed)
        assert set(app.changed[-1].overrides) == changed
