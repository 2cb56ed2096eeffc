"""The activations and weights views: what they draw, the layer key z, the extras they ask for."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from lab_host import LabApp, legend, tabs
from textual.widgets import Static

from tui_tutor import ml
from tui_tutor.app.lab.actions import ACTIONS, help_rows
from tui_tutor.app.lab.plot import LabPlot
from tui_tutor.app.lab.views import VIEWS, extras_for
from tui_tutor.app.lab.views.activations import z_histogram, z_range
from tui_tutor.i18n import t

TANH = ml.LabConfig.from_mapping(
    {"dataset": "moons", "m": 120, "noise": 0.2, "layers": [8, 3], "activation": "tanh",
     "init": "xavier", "epochs": 80}
)  # fmt: skip
INSIDE = ["activations", "weights"]


def plot_lines(app: LabApp) -> str:
    return str(app.panel.query_one(LabPlot).render())


def notice(app: LabApp) -> str:
    return str(app.panel.query_one("#lab-notice", Static).render())


def test_views_ask_for_their_extras_only_when_offered() -> None:
    assert {"activations", "weights"} <= set(VIEWS)
    need = extras_for(("activations", "weights"))
    assert need == {"linear_share_layers", "z_abs_p90_layers", "w_norm_sq_layers",
                    "w_max_layers"}  # fmt: skip
    assert all(name in ml.EXTRAS for name in need)
    assert extras_for(("curves", "boundary", "cost")) == frozenset()


def test_histogram_shares_add_up_and_the_axis_holds_the_values() -> None:
    z = np.array([-9.0, -0.2, 0.1, 0.3, 0.4, 2.2])
    R = z_range(z)
    assert R == 9.0  # the 99th percentile of |z| (≈ 8.6) rounded up to a half
    centres, share = z_histogram(z, R, bins=6)
    assert share.sum() == pytest.approx(100.0)
    assert share[0] == pytest.approx(100 / 6)  # -9 lands in the first bin
    assert z_range(np.array([0.1, -0.3])) == 2.0  # never narrower than -2..2


async def test_activations_legend_is_the_runs_own_numbers_and_z_cycles_layers() -> None:
    app = LabApp(TANH, views=INSIDE)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.until(lambda: app.panel.status == "done")
        lab = app.panel
        run = lab.shown
        share = run.extras["linear_share_layers"]
        assert len(share) == 2  # one per hidden layer
        # the readout metric pools both layers; the legend shows layer 1's share
        X = run.data.X_train
        Z1 = run.params["W1"] @ X + run.params["b1"]
        assert share[0] == np.mean(np.abs(Z1) < 0.5)
        text = legend(lab)
        assert "layer 1/2 (z)" in text and f"|z|<0.5: {100 * share[0]:.0f}%" in text
        assert "tanh(z)" in text
        assert "-0.5" in plot_lines(app) and "+0.5" in plot_lines(app)  # the linear band
        await pilot.press("z")
        assert lab.session.layer == 2
        assert "layer 2/2 (z)" in legend(lab)
        assert f"{100 * share[1]:.0f}%" in legend(lab)
        assert notice(app) == t("layer_shown", "en", l=2, n=2)
        await pilot.press("z")
        assert "layer 1/2" in legend(lab)  # back to the first
        await pilot.press("tab")
        assert lab.view == "weights" and "weights" in tabs(lab)


async def test_weights_view_shows_each_units_incoming_weights() -> None:
    app = LabApp(TANH.with_changes(lambd=3.0), views=["weights"])
    async with app.run_test(size=(80, 24)):
        await app.until(lambda: app.panel.status == "done")
        lab = app.panel
        W1 = lab.shown.params["W1"]
        text = legend(lab)
        assert f"‖W[1]‖² {ml.format_value('w_norm_sq', float(np.sum(W1**2)))}" in text
        assert f"largest {np.abs(W1).max():.2f}" in text
        assert "‖w‖ per unit" in text and "max |w|" in text
        ticks = plot_lines(app)
        assert all(str(i) in ticks for i in range(1, 9))  # a bar per unit of layer 1


async def test_logistic_regression_has_nothing_inside_and_z_says_so() -> None:
    app = LabApp(TANH.with_changes(layers=[]), views=INSIDE)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.until(lambda: app.panel.status == "done")
        assert t("inside.no_hidden", "en") in plot_lines(app)
        await pilot.press("z")
        assert notice(app) == t("no_layers", "en")


async def test_removing_a_layer_clamps_the_shown_layer() -> None:
    app = LabApp(TANH, views=INSIDE)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.until(lambda: app.panel.status == "done")
        await pilot.press("z")  # layer 2 of 2
        await pilot.press("less_than_sign")  # now [8]: one hidden layer
        await app.until(lambda: app.panel.status == "done" and app.panel.config.layers == (8,))
        assert "layer 1/1 (z)" in legend(app.panel)


def test_no_color_and_chinese(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def go() -> None:
        app = LabApp(TANH, views=INSIDE, lang="zh")
        async with app.run_test(size=(80, 24)) as pilot:
            await app.until(lambda: app.panel.status == "done")
            text = legend(app.panel)
            assert "第 1/2 层（z）" in text and "# z 分布 %" in text and "g tanh(z)" in text
            assert "#" in plot_lines(app) and "g" in plot_lines(app)
            await pilot.press("tab")
            assert "x 最大 |w|" in legend(app.panel)

    asyncio.run(go())


def test_the_layer_key_is_in_the_help_in_both_languages() -> None:
    assert ACTIONS["next_layer"].key == "z"
    for lang in ("en", "zh"):
        rows = dict((b.key, text) for b, text in help_rows(lang))
        assert rows["z"] == t("help.next_layer", lang)


def test_a_diverged_runs_huge_z_keep_a_short_axis() -> None:
    from tui_tutor.app.lab.views.activations import z_ticks

    assert z_range(np.array([1e300, -1e300])) == 1e6
    assert len(z_ticks(1e6)) <= 12 and len(z_ticks(5.5)) <= 12
    assert {-0.5, 0.5} <= set(z_ticks(3.0))


async def test_a_diverging_run_draws_both_views() -> None:
    app = LabApp(TANH.with_changes(lr=10.0, init_scale=100.0, epochs=300), views=INSIDE)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.until(lambda: app.panel.status in ("done", "diverged"))
        assert plot_lines(app)
        await pilot.press("tab")
        assert plot_lines(app)


async def test_the_lab_computes_extras_per_snapshot_not_per_record(monkeypatch) -> None:
    import importlib

    def refuse(*args, **kwargs):
        raise AssertionError("extras computed at a record")

    monkeypatch.setattr(importlib.import_module("tui_tutor.ml.train"), "compute_extras", refuse)
    app = LabApp(TANH, views=INSIDE)
    async with app.run_test(size=(80, 24)):
        await app.until(lambda: app.panel.status == "done")
        assert len(app.panel.shown.extras["w_max_layers"]) == 3
