"""The readout: the numbers a step asks for, the dev error's uncertainty, a sealed test
set, and a diagnosis that says what it cannot tell (issue 9 #4, #6, #8, #14)."""

from __future__ import annotations

import pytest
from lab_host import LONG, SMALL, LabApp, readout

from tui_tutor import ml
from tui_tutor.app.lab.readout import Readout
from tui_tutor.app.screens.main import TutorScreen
from tui_tutor.course import Progress, ProgressStore
from tui_tutor.i18n import t


async def _text(config: ml.LabConfig = SMALL, size=(100, 30), **kw) -> tuple[str, dict]:
    app = LabApp(config, **kw)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        return " ".join(readout(app).split()), dict(app.panel.metrics or {})


async def test_a_step_adds_the_figures_it_sends_the_learner_to() -> None:
    text, m = await _text()
    assert "‖W‖²" not in text and "zero weights" not in text
    text, m = await _text(readout=["w_norm_sq", "zero_weights", "m_dev"])
    assert f"‖W‖² {ml.format_value('w_norm_sq', m['w_norm_sq'])}" in text
    assert f"zero weights {ml.format_value('zero_weights', m['zero_weights'])}" in text
    assert f"dev examples {int(m['m_dev'])}" in text


async def test_the_test_error_is_shown_only_in_a_step_that_says_so() -> None:
    text, m = await _text()
    assert "test" not in text  # sealed
    text, m = await _text(readout=["test_error"])
    assert f"test error {ml.format_value('test_error', m['test_error'])}" in text


async def test_the_dev_error_comes_with_its_interval_and_size() -> None:
    text, m = await _text()
    n = int(m["m_dev"])
    lo, hi = ml.wilson_interval(round(m["dev_error"] * n), n)
    shown = f"(95%: {lo * 100:.1f}–{hi * 100:.1f}, n={n})"
    assert f"dev {m['dev_error'] * 100:.1f}% {shown}" in text


async def test_a_tiny_dev_set_is_too_small_to_tell() -> None:
    cfg = SMALL.with_changes(m=100, split=[0.9, 0.05, 0.05], epochs=600)  # 5 dev examples
    text, m = await _text(cfg)
    assert m["m_dev"] == 5
    assert t("diag.too_small", "en") in text and "(each is 20 points)" in text
    # the reason is the interval, which spans the line where variance turns high
    line = ml.format_value("dev_error", m["train_error"] + 0.03)
    lo, hi = ml.wilson_interval(round(m["dev_error"] * 5), 5)
    assert lo < m["train_error"] + 0.03 < hi and f"interval spans {line}," in text
    assert "done" not in text


async def test_a_verdict_mid_run_is_provisional() -> None:
    app = LabApp(LONG, test_mode=False)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        await app.until(lambda: lab.status == "running" and lab.metrics is not None)
        text = " ".join(readout(app).split())
        assert "so far: " in text and "provisional until epoch 200000" in text
        assert "→" not in text  # no next step before the run ends


async def test_the_floor_of_a_csv_is_unknown_and_an_estimate_is_marked(tmp_path) -> None:
    rows = "\n".join(f"{i % 7},{(i * 3) % 5},{i % 2}" for i in range(60))
    path = tmp_path / "data.csv"
    path.write_text(rows, encoding="utf-8")
    cfg = SMALL.with_changes(csv=str(path), m=60)
    text, _ = await _text(cfg)
    assert "Bayes unknown" in text and t("diag.note.bayes_unknown", "en") in text
    text, _ = await _text(cfg.with_changes(bayes=0.25))
    assert "Bayes 25.0% (estimate)" in text and "unknown" not in text


async def test_a_shifted_dev_set_says_the_gap_may_be_the_mismatch() -> None:
    text, _ = await _text(SMALL.with_changes(shift=1.5))
    assert t("diag.note.mismatch", "en") in text


async def test_check_the_test_set_only_when_there_is_one() -> None:
    big = SMALL.with_changes(m=4000, noise=0.05, layers=[8], epochs=300)
    text, m = await _text(big)
    assert "fine" in text and m["m_test"] > 0 and "check the test set once" in text
    text, m = await _text(big.with_changes(split=[0.7, 0.3]))
    assert "fine" in text and m["m_test"] == 0 and "test set" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_l2_lesson_shows_the_weights_it_talks_about(make_app, lang, tmp_path) -> None:
    saved = Progress()  # the learner left off at step 2 (the app resumes there: one run)
    saved.set_position("l2-regularization", 1)
    assert ProgressStore(tmp_path / "p.json").save(saved)
    app = make_app(lessons_dir=None, progress=tmp_path / "p.json", lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TutorScreen)
        assert (app.screen.lesson.id, app.screen.step_index) == ("l2-regularization", 1)
        lab = app.screen.lab
        text = " ".join(str(lab.query_one("#lab-readout").render()).split())
        m = lab.metrics
        assert m is not None and m["lambd"] == 0.7
        assert f"‖W‖² {ml.format_value('w_norm_sq', m['w_norm_sq'])}" in text
        assert t("metric.zero_weights", lang) in text


def test_the_form_takes_the_learners_bayes_estimate() -> None:
    from tui_tutor.app.lab.fields import field_text, read_fields

    assert field_text(SMALL, "bayes") == ""  # computed from the data
    cfg, key, _ = read_fields(SMALL, {"bayes": "0.25"})
    assert cfg is not None and cfg.bayes == 0.25 and key is None
    cfg, key, _ = read_fields(cfg, {"bayes": ""})
    assert cfg is not None and cfg.bayes is None
    cfg, key, message = read_fields(SMALL, {"bayes": "0.7"})
    assert cfg is None and key == "bayes" and "0.5" in message


async def test_a_new_run_keeps_the_readout_s_rows_until_the_step_changes() -> None:
    """A key's run shows a one-line provisional verdict, then the longer final one: the
    readout keeps the taller height meanwhile, so neither the lesson above nor the chart
    moves at every key (and the screen is not laid out twice a key). A new step's lab,
    or a new width, lets it shrink to its text again."""
    app = LabApp(SMALL)
    async with app.run_test(size=(70, 30)) as pilot:
        await app.until(lambda: app.finished)
        await pilot.pause()
        lab, box = app.panel, app.panel.query_one("#lab-readout", Readout)
        done_rows = box.outer_size.height
        box.show(lab.shown, "running", lab.session.readout)  # as a new run's first points
        await pilot.pause()
        text = box.text()
        short = len(text.wrap(app.console, box.content_size.width))
        assert "provisional" in text.plain and short < done_rows
        assert box.outer_size.height == done_rows
        lab.load(SMALL.with_changes(epochs=200000))  # another step: it may shrink
        box.show(lab.shown, "running", lab.session.readout)
        await pilot.pause()
        assert box.outer_size.height == short


def test_the_gap_shown_is_the_difference_of_the_errors_shown() -> None:
    """8.6% and 8.3% showed a gap of +0.2% (the exact 0.24 points); the readout's three
    figures must add up. Every pair of errors of a 300-example split is checked."""
    for n_train, n_dev in ((75, 225), (240, 60), (700, 300)):
        for a in range(0, n_train + 1, 7):
            for b in range(0, n_dev + 1, 5):
                train, dev = a / n_train, b / n_dev
                shown = [float(ml.format_value(k, v)[:-1]) for k, v in
                         (("train_error", train), ("dev_error", dev))]  # fmt: skip
                gap = ml.format_value("gap", ml.shown_gap(train, dev))
                assert float(gap[:-1]) == pytest.approx(shown[1] - shown[0], abs=1e-9), (a, b)


async def test_the_readout_s_gap_adds_up() -> None:
    text, m = await _text()
    train, dev = (ml.format_value(k, m[k]) for k in ("train_error", "dev_error"))
    gap = float(dev[:-1]) - float(train[:-1])
    assert f"gap {gap:+.1f}%" in text


@pytest.mark.parametrize("offered", [True, False])
async def test_the_next_step_names_a_key_only_where_it_works(offered) -> None:
    """Lesson 07's readout said "bigger network (> or =)" in a step where > did nothing."""
    controls = ["layers", "lambd"] if offered else ["keep_prob"]
    cfg = SMALL.with_changes(m=1000, layers=[], epochs=300, flip=0.0)
    text, m = await _text(cfg, controls=controls)
    d = ml.diagnose_metrics(m)
    assert d is not None and d.kind == "high_bias"
    assert ("(> or =)" in text) is offered and t("diag.high_bias", "en") in text
    assert "bigger network or train longer" in text or offered
