"""The derivative and gradcheck views: what they draw, the metrics a challenge reads, looks."""

from __future__ import annotations

import pytest
from conftest import screen_text
from lab_host import SMALL, LabApp, legend, plot_text

from tui_tutor import ml

CHECK = SMALL.with_changes(layers=[5, 3], epochs=1500)
VIEWS = ("gradcheck", "derivative", "curves")


async def test_the_gradcheck_view_finds_the_planted_layer_and_the_run_carries_metrics() -> None:
    app = LabApp(CHECK.with_changes(bug="course"), views=VIEWS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lab = app.panel
        await app.until(lambda: lab.sweeps.result(lab.session.sweep_key("gradcheck")))
        await pilot.pause()
        title = plot_text(lab)
        assert "probably a bug" in title and "layer 2" in title
        assert "planted: course" in legend(lab)
        metrics = app.finished[-1].metrics  # what a challenge is judged on
        assert metrics["gc_layer"] == 2 and metrics["gc_difference"] > 0.1
        text = screen_text(app)
        assert "dW1" in text and "db3" in text


async def test_fixing_the_right_layer_passes_the_check() -> None:
    app = LabApp(CHECK.with_changes(bug="mystery", layers=[5, 3]), views=VIEWS, controls=["fix"])
    async with app.run_test(size=(80, 24)):
        await app.until(lambda: app.finished)
        assert app.finished[-1].metrics["gc_difference"] > 1e-3
        app.panel.change(fix=2)
        await app.until(lambda: len(app.finished) >= 2)
        assert app.finished[-1].metrics["gc_difference"] < 1e-7


async def test_views_without_the_check_measure_no_check() -> None:
    app = LabApp(CHECK, views=("curves",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        metrics = app.finished[-1].metrics
        assert all(metrics[k] != metrics[k] for k in ml.CHECK_METRICS)  # NaN: not asked


async def test_the_derivative_view_shows_the_courses_quotients() -> None:
    app = LabApp(CHECK, views=VIEWS, view="derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = legend(app.panel)
        assert "3.0301 / 3.0001" in text and "slopes 1.00 / 2.00" in text
        assert "rounding wins below 1e-8 / 3e-6" in plot_text(app.panel)


@pytest.mark.parametrize("view", ["gradcheck", "derivative"])
def test_view_snapshot_80x24(snap_compare, view):
    app = LabApp(CHECK.with_changes(bug="course"), views=VIEWS, view=view)
    assert snap_compare(app, terminal_size=(80, 24))


def test_with_dropout_the_view_says_to_turn_it_off_first() -> None:
    from tui_tutor.app.lab.views.gradcheck import headline

    check = ml.lab_check(CHECK)
    dropout = ml.LabCheck(check.at_init, check.after, 10, "none", 0, 0.0, keep_prob=0.8)
    for lang in ("en", "zh"):
        assert "keep_prob = 1" in headline(dropout, lang)
    assert "keep_prob" not in headline(check, "en")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_readout_says_no_layer_and_writes_tiny_differences_with_exponents(lang):
    """Without a bug the check points at no layer: the readout said "check → layer 0";
    and a relative difference of 1e-11 was rounded to "0"."""
    from lab_host import readout

    from tui_tutor.i18n import t

    fields = ["gc_init", "gc_difference", "gc_layer"]
    app = LabApp(CHECK, views=VIEWS, readout=fields, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.until(lambda: app.finished)
        await pilot.pause()
        m = app.finished[-1].metrics
        text = " ".join(readout(app).split())
        assert m["gc_layer"] == 0 and t("readout.gc_layer_none", lang) in text
        assert f"{t('metric.gc_layer', lang)} 0" not in text
        assert 0 < m["gc_init"] < 1e-7
        shown = ml.format_value("gc_init", m["gc_init"])
        assert shown == f"{m['gc_init']:.2e}" and shown in text


@pytest.mark.parametrize("value", [3.2e-11, 4.5e-9, 0.0123, 1.0])
def test_a_relative_difference_keeps_its_decade(value) -> None:
    shown = ml.format_value("gc_difference", value)
    assert float(shown) == pytest.approx(value, rel=5e-3) and "e" in shown
    assert ml.format_value("gc_difference", value, stated=True) != "0"
