"""LabPanel in a tiny host app: keys change the run, the form rejects bad values, runs finish.

Most tests use ``test_mode`` (training runs synchronously to the end, deterministic);
the live tests use a long run in the thread worker and check pause and cancellation.
"""

from __future__ import annotations

import asyncio
import re
import time

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import WorkerState

from tui_tutor import ml
from tui_tutor.app.lab import LAB_ACTIONS, LAB_BINDINGS, LAMBDA_LADDER, LabPanel
from tui_tutor.app.lab import panel as lab_module
from tui_tutor.app.lab.form import LabForm, apply_fields, parse_fields
from tui_tutor.app.lab.panel import _ladder_step
from tui_tutor.app.lab.plots import CurveLog, LabPlot, downsample
from tui_tutor.i18n import TABLES, t

SMALL = ml.LabConfig.from_mapping(
    {"dataset": "moons", "m": 80, "noise": 0.2, "flip": 0.05, "layers": [6, 3], "epochs": 60}
)
LONG = SMALL.with_changes(m=200, layers=[8], epochs=200000)


class LabScreen(Screen):
    BINDINGS = LAB_BINDINGS

    def __init__(self, panel: LabPanel) -> None:
        super().__init__()
        self.panel = panel

    def compose(self) -> ComposeResult:
        yield self.panel

    def action_lab(self, name: str) -> None:
        self.query_one(LabPanel).do(name)


class LabApp(App):
    """Hosts one LabPanel and records the messages it posts."""

    def __init__(self, config: ml.LabConfig = SMALL, **kw) -> None:
        super().__init__()
        kw.setdefault("test_mode", True)
        self.panel = LabPanel(config, **kw)
        self.finished: list[LabPanel.RunFinished] = []
        self.changed: list[LabPanel.ConfigChanged] = []

    def on_mount(self) -> None:
        self.push_screen(LabScreen(self.panel))

    def on_lab_panel_run_finished(self, msg: LabPanel.RunFinished) -> None:
        self.finished.append(msg)

    def on_lab_panel_config_changed(self, msg: LabPanel.ConfigChanged) -> None:
        self.changed.append(msg)


def plot_text(lab: LabPanel) -> str:
    plot = lab.query_one("#lab-plot")
    return str(plot.render_line(0).text) + "".join(plot.render_line(y).text for y in range(1, 3))


def readout(app: LabApp) -> str:
    return str(app.panel.query_one("#lab-readout", Static).render())


def send_key(app: App, key: str, char: str | None = None) -> None:
    """A real key event, without pilot.press's wait for an idle CPU (training is busy)."""
    app._driver.send_message(events.Key(key, char))


async def wait_for(cond, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        await asyncio.sleep(0.01)
    return cond()


# -- pure helpers ---------------------------------------------------------------------
def test_lambda_ladder_steps_through_zero_and_off_ladder_values() -> None:
    assert LAMBDA_LADDER[0] == 0.0
    assert _ladder_step(0.0, LAMBDA_LADDER, up=True) == 0.001
    assert _ladder_step(0.001, LAMBDA_LADDER, up=False) == 0.0
    assert _ladder_step(0.0, LAMBDA_LADDER, up=False) is None
    assert _ladder_step(30.0, LAMBDA_LADDER, up=True) == 100.0  # one ladder: the CLI's too
    assert _ladder_step(100.0, LAMBDA_LADDER, up=True) is None
    assert _ladder_step(0.7, LAMBDA_LADDER, up=True) == 1.0  # a lesson's λ off the ladder
    assert _ladder_step(0.7, LAMBDA_LADDER, up=False) == 0.3


def test_downsample_keeps_at_most_limit_points_and_the_last() -> None:
    assert downsample(5, 300) == [0, 1, 2, 3, 4]
    idx = downsample(10001, 300)
    assert len(idx) <= 301 and idx[0] == 0 and idx[-1] == 10000
    log = CurveLog()
    for rec in SMALL.run(every=1).records:
        log.add(rec)
    snap = log.snapshot(limit=20)
    assert len(snap) <= 21 and snap.epoch[-1] == 60.0


@pytest.mark.parametrize(
    ("texts", "key", "needle"),
    [
        ({"lambd": "abc"}, "lambd", "number"),
        ({"lambd": "-1"}, "lambd", "between 0"),
        ({"layers": "0"}, "layers", "1 to 256"),
        ({"layers": "100000"}, "layers", "1 to 256"),
        ({"layers": ""}, "layers", "empty"),
        ({"layers": "20,x"}, "layers", "20,3"),
        ({"epochs": "0"}, "epochs", "between 1"),
        ({"epochs": "2.5"}, "epochs", "whole"),
        ({"m": "3"}, "m", "between 8"),
        ({"layers": "2,2,2,2,2,2,2"}, "layers", "at most 6"),
        ({"lr": "0"}, "lr", "between 1e-06"),
        ({"noise": "nan"}, "noise", "number"),
    ],
)
def test_form_values_are_checked_with_a_message_naming_the_field(texts, key, needle) -> None:
    new, bad, message = apply_fields(SMALL, texts, "en")
    assert new is None and bad == key
    assert t(f"field.{key}", "en") in message and needle in message
    _, _, zh = apply_fields(SMALL, texts, "zh")
    assert t(f"field.{key}", "zh") in zh
    assert not any(w in zh for w in ("must", "type", "between")), zh  # all in Chinese


def test_form_values_parse_into_a_config() -> None:
    assert parse_fields({"layers": " 20, 3 ", "epochs": "1e3"}) == {
        "layers": [20, 3],
        "epochs": 1000,
    }
    new, bad, _ = apply_fields(SMALL, {"lambd": "0.7", "layers": "20,3", "lr": "0.1"})
    assert bad is None and new is not None
    assert (new.lambd, new.layers, new.lr) == (0.7, (20, 3), 0.1)


def test_strings_exist_in_both_languages() -> None:
    assert set(TABLES["en"]) == set(TABLES["zh"])
    assert t("diag.high_variance", "zh") == "高方差"
    assert t("no.such.key", "zh") == "no.such.key"


# -- the panel in test mode -----------------------------------------------------------
async def test_run_finishes_on_mount_with_metrics_and_readout() -> None:
    app = LabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lab = app.panel
        assert lab.status == "done" and not lab.running
        assert len(app.finished) == 1
        msg = app.finished[0]
        assert msg.config == SMALL
        assert {"train_error", "dev_error", "gap", "w_norm_sq", "bayes_error"} <= set(msg.metrics)
        assert msg.metrics["epoch"] == 60
        text = readout(app)
        bayes = msg.metrics["bayes_error"]
        assert bayes >= 0.05  # label flips plus the overlap that noise causes
        assert "λ=0 " in text and "layers 6,3" in text and f"Bayes {bayes * 100:.1f}%" in text
        d = ml.diagnose(msg.metrics["train_error"], msg.metrics["dev_error"], bayes)
        assert t(f"diag.{d.kind}", "en") in text
        assert t(f"advice.{d.kind}", "en") in text


async def test_lambda_keys_walk_the_ladder_and_show_in_readout() -> None:
    app = LabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        await pilot.press("right_square_bracket")
        assert lab.config.lambd == 0.001
        await pilot.press("]", "]")
        assert lab.config.lambd == 0.01
        assert "λ=0.01 " in readout(app)
        assert lab.before is not None and len(lab.before)  # the overlay of the last run
        await pilot.press("[", "[", "[")
        assert lab.config.lambd == 0.0
        await pilot.press("[")
        assert lab.config.lambd == 0.0 and "already 0" in lab.notice
        assert [m.config.lambd for m in app.changed] == [0.001, 0.003, 0.01, 0.003, 0.001, 0.0]
        assert len(app.finished) == 7  # the first run and one per change


async def test_layer_keys_widen_narrow_add_and_remove() -> None:
    app = LabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        await pilot.press("=")
        assert lab.config.layers == (8, 4)
        await pilot.press("-", "-")
        assert lab.config.layers == (5, 2)
        await pilot.press(">")
        assert lab.config.layers == (5, 2, 2)
        await pilot.press("<", "<", "<")
        assert lab.config.layers == ()
        assert "layers none" in readout(app)
        await pilot.press("<")
        assert lab.config.layers == () and "logistic regression" in lab.notice
        await pilot.press(">")
        assert lab.config.layers == (4,)


async def test_tab_cycles_the_offered_views_and_sweeps_are_drawn() -> None:
    app = LabApp(views=["curves", "boundary", "validation", "learning"], view="boundary")
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        assert lab.view == "boundary"
        assert lab.query_one("#lab-boundary").display
        seen, legends = [], []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(lab.view)
            legends.append(str(lab.query_one("#lab-legend", Static).render()))
        assert seen == ["validation", "learning", "curves", "boundary"]
        assert len(lab._sweeps) == 2  # validation and learning curves, computed and cached
        assert "best λ=" in legends[0] and "against m" in legends[1]
        assert "dev %" in legends[2] and "train" in legends[3]


async def test_a_runs_snapshots_leave_the_sweep_chart_alone() -> None:
    app = LabApp(views=["validation", "curves"])
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        plot = lab.query_one(LabPlot)
        await pilot.pause()
        assert lab._sweeps
        version = plot.version
        lab._refresh_all()  # what each snapshot of a run does: the sweep chart is the same
        assert plot.version == version
        await pilot.press("right_square_bracket")  # the current-λ line moves: redrawn
        assert plot.version > version
        await pilot.press("tab", "tab")  # back from the curves: the sweep chart again
        assert lab.view == "validation" and "best λ=" in str(
            lab.query_one("#lab-legend", Static).render()
        )
        assert "0.001" in "".join(plot.render_line(y).text for y in range(30))


async def test_only_offered_controls_change() -> None:
    app = LabApp(controls=["lambd"])
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        await pilot.press("=")
        assert lab.config.layers == (6, 3)
        assert lab.notice == "the network size is fixed in this lesson"
        await pilot.press("]")
        assert lab.config.lambd == 0.001


async def test_rerun_keeps_data_and_config_but_changes_the_weights() -> None:
    app = LabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        first = lab.metrics
        await pilot.press("r")
        assert lab.config == SMALL and lab.weight_seed == SMALL.seed + 1
        assert lab.metrics is not None and lab.metrics["m_train"] == first["m_train"]
        assert "run 2" in str(lab.query_one("#lab-tabs", Static).render())
        assert not app.changed


async def test_new_data_draw_keeps_the_weights_seed_and_matches_the_engine() -> None:
    app = LabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        first = dict(lab.metrics)
        await pilot.press("r", "d")
        assert lab.config == SMALL and not app.changed
        assert lab.weight_seed == SMALL.seed + 1 and lab.data_seed == SMALL.seed + 1
        assert "data 2" in str(lab.query_one("#lab-tabs", Static).render())
        assert "same initial weights" in lab.notice
        # The run is the engine's own run of a config whose seed is 1 for data and weights.
        _, rec = SMALL.with_changes(seed=1).final()
        assert lab.metrics["dev_error"] == rec.dev_error != first["dev_error"]
        await pilot.press("]")  # a change starts again from the preset's draws
        assert lab.data_seed == lab.weight_seed == SMALL.seed


async def test_readout_matches_the_engine_after_the_learner_changes_things() -> None:
    app = LabApp()
    async with app.run_test(size=(160, 30)) as pilot:
        lab = app.panel
        await pilot.press("]", "]", "=", ">", "tab", "tab")
        cfg = lab.config
        assert (cfg.lambd, cfg.layers) == (0.003, (8, 4, 4))
        run, rec = cfg.final()
        want = run.metrics(rec)
        got = lab.metrics
        for key in ("train_error", "dev_error", "gap", "bayes_error", "w_norm_sq", "cost"):
            assert got[key] == pytest.approx(want[key], abs=1e-12), key
        text = readout(app)
        for label, key in (("train", "train_error"), ("dev", "dev_error")):
            assert f"{label} {want[key] * 100:.1f}%" in text
        assert f"gap {want['gap'] * 100:+.1f}%" in text
        assert f"Bayes {want['bayes_error'] * 100:.1f}%" in text
        c = lab.curves  # the curves end where the readout does
        assert c.epoch[-1] == cfg.epochs and c.dev_error[-1] == want["dev_error"]
        assert c.w_norm_sq[-1] == pytest.approx(want["w_norm_sq"])


async def test_form_rejects_bad_values_and_keeps_the_old_ones() -> None:
    app = LabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        await pilot.press("e")
        assert isinstance(app.screen, LabForm)
        form = app.screen
        for key, bad in (("lambd", "abc"), ("lambd", "-1"), ("layers", "0"), ("epochs", "0")):
            form.query_one(f"#field-{key}", Input).value = bad
            await pilot.press("enter")
            assert isinstance(app.screen, LabForm)
            msg = str(form.query_one("#form-message", Static).render())
            assert t(f"field.{key}", "en") in msg
            assert lab.config == SMALL
            form.query_one(f"#field-{key}", Input).value = {
                "lambd": "0",
                "layers": "6,3",
                "epochs": "60",
            }[key]
        form.query_one("#field-lambd", Input).value = "0.7"
        form.query_one("#field-layers", Input).value = "10,2"
        await pilot.press("enter")
        assert not isinstance(app.screen, LabForm)
        assert lab.config.lambd == 0.7 and lab.config.layers == (10, 2)
        assert app.changed[-1].config == lab.config
        await pilot.press("e", "escape")
        assert not isinstance(app.screen, LabForm) and lab.config.lambd == 0.7


async def test_form_shows_only_offered_fields() -> None:
    app = LabApp(controls=["lambd", "m"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        ids = [w.id for w in app.screen.query(Input)]
        assert ids == ["field-lambd", "field-m"]


async def test_run_with_and_load_and_unknown_action() -> None:
    app = LabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        assert lab.run_with({"lambd": 10})
        await pilot.pause()
        assert lab.config.lambd == 10 and app.finished[-1].config.lambd == 10
        assert not lab.run_with({"lambd": -1}) and lab.config.lambd == 10
        assert "lambd" in lab.notice
        lab.load(SMALL.with_changes(layers=[2]), views=["cost"], controls=[])
        await pilot.pause()
        assert lab.view == "cost" and lab.before is None and lab.config.layers == (2,)
        lab.do("nonsense")
        assert "nonsense" in lab.notice
        assert set(LAB_ACTIONS) == {b.action[5:-2] for b in LAB_BINDINGS}


async def test_resizes_down_to_40x12_and_chinese_readout() -> None:
    app = LabApp(lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        lab = app.panel
        for size in ((80, 24), (40, 12), (20, 6), (120, 40)):
            await pilot.resize_terminal(*size)
            for _ in range(5):
                lab.do("next_view")
                await pilot.pause()
        assert "隐藏层 6,3" in readout(app)
        assert lab.status == "done"


# -- live runs in the thread worker ---------------------------------------------------
async def test_lambda_change_cancels_the_running_training_and_restarts() -> None:
    app = LabApp(LONG, test_mode=False)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        assert await wait_for(lambda: len(lab.curves) > 0)
        old = lab.worker
        assert old is not None and lab.running and lab.config.lambd == 0
        send_key(app, "right_square_bracket", "]")
        assert await wait_for(lambda: lab.config.lambd > 0)
        assert old.is_cancelled
        assert lab.config.lambd == 0.001 and lab.worker is not old
        assert await wait_for(lambda: old.state in (WorkerState.CANCELLED, WorkerState.SUCCESS))
        assert await wait_for(lambda: len(lab.curves) > 0)  # the new run's first points
        assert lab.running and lab.metrics is not None and lab.metrics["lambd"] == 0.001
        assert len(lab.before) > 0  # the cancelled run stays as the overlay
        assert not app.finished  # a cancelled run never reports as finished
        lab.worker.cancel()


async def test_space_pauses_and_resumes_the_live_run() -> None:
    app = LabApp(LONG, test_mode=False)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        assert await wait_for(lambda: len(lab.curves) > 0)
        send_key(app, "space", " ")
        assert await wait_for(lambda: lab.paused)
        await asyncio.sleep(0.3)
        epoch = lab.curves.epoch[-1]
        await asyncio.sleep(0.4)
        assert lab.curves.epoch[-1] == epoch
        send_key(app, "space", " ")
        assert await wait_for(lambda: not lab.paused)
        assert lab.running
        assert await wait_for(lambda: lab.curves.epoch[-1] > epoch)
        assert len(lab.curves) <= 301
        lab.worker.cancel()


async def test_a_stale_sweep_is_stopped_and_does_not_hold_up_the_next_one(monkeypatch) -> None:
    ended: list[str] = []
    engine = ml.validation_curve

    def recording(*args, **kwargs):
        try:
            return engine(*args, **kwargs)
        except ml.SweepCancelled:
            ended.append("stopped")
            raise

    monkeypatch.setattr(ml.sweep, "validation_curve", recording)
    slow = SMALL.with_changes(m=400, layers=[16, 16], epochs=20000)  # ~10 s if not stopped
    app = LabApp(slow, test_mode=False, views=["validation", "learning"])
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        assert await wait_for(lambda: lab._sweep_epochs)  # it reports progress
        await asyncio.sleep(0.6)  # the next tick of the progress timer
        assert re.search(r"computing the validation curve.*… \d+%", plot_text(lab))
        stale = next(iter(lab._sweep_workers))
        worker = lab._sweep_workers[stale]
        lab.do("next_view")  # the learning curve starts; the validation curve goes on
        assert len(lab._sweep_workers) == 2 and not worker.is_cancelled
        other = lab._sweep_workers[lab._sweep_key("learning")]
        lab.load(SMALL, views=["validation"])  # the learner moves to the next step
        needed = lab._sweep_key("validation")
        assert worker.is_cancelled and other.is_cancelled  # both stopped, not queued
        assert set(lab._sweep_workers) == {needed}
        assert await wait_for(lambda: ended == ["stopped"], timeout=1)  # within 25 epochs
        assert await wait_for(lambda: needed in lab._sweeps)
        assert stale not in lab._sweeps  # ... and it never finished
        legend = str(lab.query_one("#lab-legend", Static).render())
        sweep = lab._sweeps[needed]
        assert f"dev {sweep.dev_error[sweep.best_index] * 100:.1f}%" in legend
        assert not lab._sweep_workers


async def test_notes_clear_themselves_but_pause_stays(monkeypatch) -> None:
    monkeypatch.setattr(lab_module, "NOTICE_HOLD_S", 0.2)
    app = LabApp(LONG, test_mode=False)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        assert await wait_for(lambda: len(lab.curves) > 0)
        send_key(app, "d", "d")
        assert await wait_for(lambda: "data draw 2" in lab.notice)
        assert await wait_for(lambda: lab.notice == "", timeout=2)
        assert not lab.query_one("#lab-notice").has_class("shown")
        send_key(app, "space", " ")
        assert await wait_for(lambda: lab.paused)
        await asyncio.sleep(0.4)
        assert "space resumes" in lab.notice  # sticky while paused
        lab.worker.cancel()


async def test_a_short_live_run_posts_run_finished() -> None:
    app = LabApp(SMALL.with_changes(epochs=300), test_mode=False)
    async with app.run_test(size=(100, 30)):
        assert await wait_for(lambda: len(app.finished) == 1)
        assert app.panel.status == "done" and app.panel.worker is None
        assert app.finished[0].metrics["epoch"] == 300


async def test_a_diverging_run_says_so_and_finishes() -> None:
    app = LabApp(SMALL.with_changes(lr=10.0, layers=[64, 64, 64], epochs=200))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lab = app.panel
        assert lab.status == "diverged" and not lab.running
        assert t("diverged", "en") in readout(app)
        assert app.finished[0].metrics["diverged"] == 1.0
        for _ in range(5):  # every view copes with NaN curves
            await pilot.press("tab")


async def test_live_updates_are_throttled_and_downsampled() -> None:
    app = LabApp(LONG, test_mode=False)
    seen: list[tuple[float, int]] = []
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        original = lab._refresh_all

        def counting() -> None:
            seen.append((time.monotonic(), len(lab.curves)))
            original()

        lab._refresh_all = counting
        await asyncio.sleep(1.5)
        lab.worker.cancel()
    assert 5 <= len(seen) <= 20  # about ten updates a second
    assert all(n <= 301 for _, n in seen)


@pytest.mark.parametrize("test_mode", [True, False])
async def test_a_missing_csv_is_a_notice_not_a_crash(tmp_path, test_mode) -> None:
    cfg = SMALL.with_changes(csv=str(tmp_path / "missing.csv"))
    app = LabApp(cfg, test_mode=test_mode)
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        assert await wait_for(lambda: lab.status == "error")
        await pilot.pause()
        assert "missing.csv" in lab.notice and not lab.running
        assert not app.finished


async def test_a_missing_csv_on_a_sweep_view_is_said_in_the_chart_not_a_crash(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a short path, so the chart's title line holds the message
    cfg = SMALL.with_changes(csv="missing.csv")
    app = LabApp(cfg, test_mode=False, views=["validation", "learning"])
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        assert await wait_for(lambda: lab.status == "error")
        await pilot.press("tab")
        await pilot.pause()
        assert "could not compute the learning curve" in plot_text(lab)
        assert "missing.csv" in plot_text(lab) + lab.notice
        assert not lab._sweep_workers


def test_no_color_keeps_every_line_and_region_readable(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def go() -> None:
        app = LabApp(view="boundary")
        assert app.no_color
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            lab = app.panel
            legend = str(lab.query_one("#lab-legend", Static).render())
            assert "O X" in legend  # dev points get their own glyphs
            raster = str(lab.query_one("#lab-boundary").render())
            assert "." in raster and ("o" in raster or "x" in raster)
            await pilot.press("tab", "tab")
            legend = str(lab.query_one("#lab-legend", Static).render())
            assert "t train" in legend and "d dev" in legend  # letters instead of colours
            plot = str(lab.query_one("#lab-plot").render())
            assert "t" in plot and "d" in plot

    asyncio.run(go())
