"""LabPanel in a tiny host app: keys change the run, the views draw, runs finish.

Most tests use ``test_mode`` (training runs synchronously to the end, deterministic);
the live tests train in the thread worker and wait on what the panel does (its
reactives and messages, ``worker.wait()``), never on the clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
import time
from dataclasses import replace

import pytest
from lab_host import GUARD_S, LONG, SMALL, LabApp, legend, plot_text, readout, send_key, tabs
from textual.widgets import Input, Static
from textual.worker import WorkerCancelled

from tui_tutor import ml
from tui_tutor.app.lab import LabPanel
from tui_tutor.app.lab import runner as runner_module
from tui_tutor.app.lab.curves import CurveLog, Snapshot, downsample
from tui_tutor.app.lab.plot import LabPlot
from tui_tutor.app.lab.runner import (
    ADAPT,
    MAX_EVERY,
    MAX_THROTTLE_S,
    RECORDS_PER_RUN,
    THROTTLE_S,
    Runner,
    _Frames,
    records_every,
)
from tui_tutor.app.screens.form import LabForm
from tui_tutor.i18n import t


def test_downsample_keeps_at_most_limit_points_and_the_last() -> None:
    assert downsample(5, 300) == [0, 1, 2, 3, 4]
    idx = downsample(10001, 300)
    assert len(idx) <= 301 and idx[0] == 0 and idx[-1] == 10000
    log = CurveLog()
    for rec in SMALL.run(every=1).records:
        log.add(rec)
    snap = log.snapshot(limit=20)
    assert len(snap) <= 21 and snap.epoch[-1] == 60.0


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


async def test_lambda_keys_walk_the_settings_ladder_and_show_in_readout() -> None:
    ladder = ml.SETTINGS["lambd"].ladder
    app = LabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        await pilot.press("right_square_bracket")
        assert lab.config.lambd == ladder[1]
        await pilot.press("]", "]")
        assert lab.config.lambd == ladder[3] == 0.01
        assert "λ=0.01 " in readout(app)
        assert lab.before is not None and len(lab.before)  # the overlay of the last run
        await pilot.press("[", "[", "[")
        assert lab.config.lambd == 0.0
        await pilot.press("[")
        assert lab.config.lambd == 0.0 and "already 0" in lab.notice
        assert [m.config.lambd for m in app.changed] == [*ladder[1:4], *ladder[2::-1]]
        assert len(app.finished) == 7  # the first run and one per change


async def test_lambda_up_stops_at_the_ladders_top_and_steps_from_an_off_ladder_value() -> None:
    app = LabApp(SMALL.with_changes(lambd=0.7))  # a lesson's λ between two rungs
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        await pilot.press("]")
        assert lab.config.lambd == 1.0
        lab.apply(lab.config.with_changes(lambd=ml.SETTINGS["lambd"].ladder[-1]))
        await pilot.press("]")
        assert lab.config.lambd == 100.0 and "top of the ladder (100)" in lab.notice


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
            legends.append(legend(lab))
        assert seen == ["validation", "learning", "curves", "boundary"]
        assert len(lab.sweeps) == 2  # validation and learning curves, computed and cached
        assert "best λ=" in legends[0] and "against m" in legends[1]
        assert "dev %" in legends[2] and "train" in legends[3]


async def test_a_runs_snapshots_leave_the_sweep_chart_alone() -> None:
    app = LabApp(views=["validation", "curves"])
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        plot = lab.query_one(LabPlot)
        await pilot.pause()
        assert len(lab.sweeps) == 1
        builds = plot.builds
        shown = lab.shown  # what ten snapshots a second of a live run do: the chart stays
        for _ in range(3):
            snap = replace(app_snapshot(lab), status="running", epoch=lab.shown.epoch + 1)
            lab.post_message(Runner.Progress(snap))
            await pilot.pause()
        assert lab.shown is not shown and plot.builds == builds
        # The snapshot on screen again (a pause re-posts it): nothing is redrawn, and a
        # readout or tab line whose text is unchanged is not updated (nor laid out).
        shown, updates = lab.shown, []
        for widget in (lab.query_one("#lab-readout"), lab.query_one("#lab-tabs")):
            widget.update = lambda text, **_: updates.append(text)
        lab.post_message(Runner.Progress(snap))
        await pilot.pause()
        lab._paint_state()
        assert lab.shown is shown and updates == []
        lab.status = "paused"  # a real change still gets through (the tab line's state)
        assert len(updates) == 1 and "paused" in str(updates[0])
        for widget in (lab.query_one("#lab-readout"), lab.query_one("#lab-tabs")):
            del widget.update
        lab.status = "done"
        await pilot.press("right_square_bracket")  # the current-λ line moves: rebuilt
        assert plot.builds > builds
        await pilot.press("tab", "tab")  # back from the curves: the sweep chart again
        assert lab.view == "validation" and "best λ=" in legend(lab)
        assert "0.001" in "".join(plot.render_line(y).text for y in range(30))


def app_snapshot(lab: LabPanel):
    """A snapshot of the shown run, as the worker would post it."""
    from tui_tutor.app.lab.curves import Snapshot

    s = lab.shown
    return Snapshot(lab.run_id, s.curves, s.params, s.metrics, "done", s.epoch, s.data)


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
        assert lab.config == SMALL and lab.session.weight_seed == SMALL.seed + 1
        assert lab.metrics is not None and lab.metrics["m_train"] == first["m_train"]
        assert "run 2" in tabs(lab)
        assert not app.changed


async def test_new_data_draw_keeps_the_weights_seed_and_matches_the_engine() -> None:
    app = LabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        first = dict(lab.metrics)
        await pilot.press("r", "d")
        assert lab.config == SMALL and not app.changed
        assert lab.session.weight_seed == SMALL.seed + 1 and lab.session.data_seed == SMALL.seed + 1
        assert "data 2" in tabs(lab)
        assert "same initial weights" in lab.notice
        # The run is the engine's own run of a config whose seed is 1 for data and weights.
        _, rec = SMALL.with_changes(seed=1).final()
        assert lab.metrics["dev_error"] == rec.dev_error != first["dev_error"]
        await pilot.press("]")  # a change starts again from the preset's draws
        assert lab.session.data_seed == lab.session.weight_seed == SMALL.seed


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


async def test_the_learners_changes_come_with_what_to_save() -> None:
    app = LabApp(SMALL, overrides={"lambd": 0.3})
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        assert lab.config.lambd == 0.3
        await pilot.press("]", "=")
        assert app.changed[-1].overrides == {"lambd": 1.0, "layers": [8, 4]}
        await pilot.press(*"[" * 7, "-")  # back to the preset (λ = 0): nothing to save
        assert app.changed[-1].overrides == {}


async def test_form_rejects_bad_values_and_keeps_the_old_ones() -> None:
    app = LabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        await pilot.press("e")
        assert isinstance(app.screen, LabForm)
        form = app.screen
        for key, bad in (("lambd", "abc"), ("lambd", "-1"), ("layers", "0"), ("epochs", "0")):
            form.query_one(f"#field-{key}", Input).value = bad
            form.query_one("#field-lr", Input).focus()  # ctrl+s applies from any field
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, LabForm)
            msg = str(form.query_one("#form-message", Static).render())
            assert t(f"field.{key}", "en") in msg
            assert app.focused is form.query_one(f"#field-{key}")
            assert lab.config == SMALL
            good = {"lambd": "0", "layers": "6,3", "epochs": "60"}[key]
            form.query_one(f"#field-{key}", Input).value = good
        form.query_one("#field-lambd", Input).value = "0.7"
        form.query_one("#field-layers", Input).value = "10 2"  # the CLI's grammar too
        lr = form.query_one("#field-lr", Input)
        lr.focus()
        await pilot.press("enter")  # Enter in a field that is not the last: the next field
        assert isinstance(app.screen, LabForm) and app.focused is not lr
        assert isinstance(app.focused, Input) and lab.config == SMALL
        form.query_one(f"#field-{form.fields[-1]}").focus()
        await pilot.press("enter")  # ... in the last one: apply
        assert not isinstance(app.screen, LabForm)
        assert lab.config.lambd == 0.7 and lab.config.layers == (10, 2)
        assert app.changed[-1].config == lab.config
        await pilot.press("e")
        assert app.screen.query_one("#field-layers", Input).value == "10,2"
        await pilot.press("escape")
        assert not isinstance(app.screen, LabForm) and lab.config.lambd == 0.7


async def test_form_shows_only_offered_fields_in_the_lessons_order() -> None:
    app = LabApp(controls=["m", "lambd", "activation"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        ids = [w.id for w in app.screen.query(".form-field")]
        assert ids == ["field-m", "field-lambd", "field-activation"]


async def test_the_edit_key_says_when_nothing_can_be_changed() -> None:
    app = LabApp(controls=[])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        assert not isinstance(app.screen, LabForm)
        assert app.panel.notice == t("nothing_offered", "en")


async def test_run_with_load_and_an_unknown_action() -> None:
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


def test_no_color_keeps_every_line_and_region_readable(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def go() -> None:
        app = LabApp(view="boundary")
        assert app.no_color
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            lab = app.panel
            assert "O X" in legend(lab)  # dev points get their own glyphs
            raster = str(lab.query_one("#lab-boundary").render())
            assert "." in raster and ("o" in raster or "x" in raster)
            await pilot.press("tab", "tab")
            assert "t train" in legend(lab) and "d dev" in legend(lab)  # letters, not colours
            plot = str(lab.query_one("#lab-plot").render())
            assert "t" in plot and "d" in plot

    asyncio.run(go())


# -- live runs in the thread worker ---------------------------------------------------
async def finish(worker) -> None:
    """Wait for a cancelled (or finished) worker to end."""
    with contextlib.suppress(WorkerCancelled):
        await asyncio.wait_for(worker.wait(), 60)


async def test_lambda_change_cancels_the_running_training_and_restarts() -> None:
    app = LabApp(LONG, test_mode=False)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        await app.until(lambda: len(lab.curves) > 0)
        old = lab.runner.worker
        assert old is not None and lab.running and lab.config.lambd == 0
        send_key(app, "right_square_bracket", "]")
        await app.until(lambda: lab.config.lambd > 0)
        assert old.is_cancelled
        assert lab.config.lambd == 0.001 and lab.runner.worker is not old
        await finish(old)
        await app.until(lambda: len(lab.curves) > 0)  # the new run's first points
        assert lab.running and lab.metrics is not None and lab.metrics["lambd"] == 0.001
        assert len(lab.before) > 0  # the cancelled run stays as the overlay
        assert not app.finished  # a cancelled run never reports as finished
        lab.runner.worker.cancel()


# every_frame: the worker offers a snapshot at every record, so the paused re-post is the
# frame on screen already (the case a busy host makes likely) and changes no reactive.
@pytest.mark.parametrize("every_frame", [False, True])
async def test_space_pauses_and_resumes_the_live_run(monkeypatch, every_frame) -> None:
    pulled: list[int] = []  # the last epoch the worker took from the engine
    make_run = Runner._make_run

    def counting(request, *args):
        run = make_run(request, *args)

        def records():
            for rec in run.records:
                pulled[:] = [rec.epoch]
                yield rec

        return replace(run, records=records())

    monkeypatch.setattr(Runner, "_make_run", staticmethod(counting))
    if every_frame:
        monkeypatch.setattr(runner_module._Frames, "gap", lambda self: 0.0)
    app = LabApp(LONG, test_mode=False)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        held: list[Runner.Progress] = []
        receive = lab.runner.receive

        def watching(msg: Runner.Progress) -> None:
            if msg.painted is None:  # posted from the paused branch, then the worker waits
                held.append(msg)
            receive(msg)
            # ``held`` is this test's own state: wake ``until``. The panel's reactives do
            # not change when the paused re-post is the frame on screen already (the
            # worker had posted at that very record), so nothing else would.
            app.signal()

        lab.runner.receive = watching
        await app.until(lambda: len(lab.curves) > 0)
        send_key(app, "space", " ")
        await app.until(lambda: lab.paused and held)
        epoch = held[0].snapshot.epoch
        assert lab.curves.epoch[-1] == epoch and pulled == [epoch]  # the worker holds there
        assert "space resumes" in lab.notice
        send_key(app, "space", " ")
        await app.until(lambda: not lab.paused)
        assert lab.running
        await app.until(lambda: lab.curves.epoch[-1] > epoch)
        assert len(held) == 1 and len(lab.curves) <= 301
        lab.runner.worker.cancel()


async def test_a_stale_sweep_is_stopped_and_does_not_hold_up_the_next_one(monkeypatch) -> None:
    stopped = threading.Event()
    engine = ml.validation_curve

    def recording(*args, **kwargs):
        try:
            return engine(*args, **kwargs)
        except ml.SweepCancelled:
            stopped.set()
            raise

    monkeypatch.setattr(ml.sweep, "validation_curve", recording)
    slow = SMALL.with_changes(m=400, layers=[16, 16], epochs=20000)  # ~10 s if not stopped
    app = LabApp(slow, test_mode=False, views=["validation", "learning"])
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        plot = lab.query_one(LabPlot)
        # The progress timer's next tick redraws the chart with how far the sweep got.
        await app.until(lambda: re.search(r"computing the validation curve.*… \d+%", plot.key[-1]))
        (stale,) = lab.sweeps.computing
        worker = lab.sweeps.worker(stale)
        lab.do("next_view")  # the learning curve starts; the validation curve goes on
        assert len(lab.sweeps.computing) == 2 and not worker.is_cancelled
        other = lab.sweeps.worker(lab.session.sweep_key("learning"))
        lab.load(SMALL, views=["validation"])  # the learner moves to the next step
        needed = lab.session.sweep_key("validation")
        assert worker.is_cancelled and other.is_cancelled  # both stopped, not queued
        assert lab.sweeps.computing == (needed,)
        assert await asyncio.to_thread(stopped.wait, 60)  # the engine stopped (in 25 epochs)
        await app.until(lambda: needed in lab.sweeps)
        assert stale not in lab.sweeps  # ... and it never finished
        sweep = lab.sweeps.result(needed)
        assert f"dev {sweep.dev_error[sweep.chosen_index] * 100:.1f}%" in legend(lab)  # the pick
        assert not lab.sweeps.busy


async def test_notes_clear_themselves_but_pause_stays(monkeypatch) -> None:
    monkeypatch.setattr(LabPanel, "NOTICE_HOLD_S", 0.05)
    app = LabApp(LONG, test_mode=False)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        await app.until(lambda: len(lab.curves) > 0)
        send_key(app, "d", "d")
        await app.until(lambda: "data draw 2" in lab.notice)
        await app.until(lambda: lab.notice == "")  # its timer cleared it
        assert not lab.query_one("#lab-notice").has_class("shown")
        send_key(app, "r", "r")
        send_key(app, "space", " ")  # sticky, said before the rerun note's timer fires
        await app.until(lambda: lab.paused)
        later = asyncio.Event()  # a timer set after the note's: it fires after it
        app.set_timer(LabPanel.NOTICE_HOLD_S * 4, later.set)
        await asyncio.wait_for(later.wait(), 60)
        assert "space resumes" in lab.notice and lab.query_one("#lab-notice").has_class("shown")
        lab.runner.worker.cancel()


async def test_a_short_live_run_posts_run_finished() -> None:
    app = LabApp(SMALL.with_changes(epochs=3000), test_mode=False)
    async with app.run_test(size=(100, 30)):
        await app.until(lambda: app.finished)
        assert len(app.finished) == 1
        assert app.panel.status == "done" and app.panel.runner.worker is None
        assert app.finished[0].metrics["epoch"] == 3000
        # It recorded no more points than the chart's columns draw (two braille dots
        # each), fewer than the RECORDS_PER_RUN it would record on a wide screen.
        width = app.panel.query_one(LabPlot).size.width
        assert app.panel._chart_points() == 2 * width < RECORDS_PER_RUN
        assert len(app.panel.curves) <= 2 * width + 1


def test_snapshots_come_less_often_while_frames_are_slow_to_reach_the_screen() -> None:
    frames = _Frames()
    assert frames.gap() == THROTTLE_S  # a quiet host: ten a second
    assert frames.offer(Snapshot.failed(1, ValueError("x")))
    frames.posted_at -= 0.3  # the frame took 0.3 s to be painted (a busy host)
    assert frames.take() is None and frames.latency >= 0.3
    assert frames.gap() == pytest.approx(ADAPT * frames.latency)
    frames.latency = 60.0
    assert frames.gap() == MAX_THROTTLE_S  # however busy: one a second at least


def test_a_run_records_about_as_many_points_as_asked() -> None:
    assert records_every(3000, 100) == 30 and records_every(3000) == 10
    assert records_every(3000, 1000) == 10  # never more than RECORDS_PER_RUN
    assert records_every(10**6, 10) == MAX_EVERY and records_every(50, 100) == 1


async def test_live_snapshots_are_throttled_and_downsampled(monkeypatch) -> None:
    """Every snapshot the worker builds (posted, or kept while a frame is in flight and
    handed on after its paint) comes THROTTLE_S after the one before, downsampled."""
    app = LabApp(LONG, test_mode=False)
    built: list[tuple[float, int]] = []
    offer = runner_module._Frames.offer
    loop = asyncio.get_running_loop()

    def recording(frames, snap):  # called in the worker thread, right after the build
        built.append((time.monotonic(), len(snap.curves)))
        with contextlib.suppress(RuntimeError):  # the loop closed: the test is over
            loop.call_soon_threadsafe(app.signal)
        return offer(frames, snap)

    monkeypatch.setattr(runner_module._Frames, "offer", recording)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        await app.until(lambda: len(built) >= 6)
        lab.runner.worker.cancel()
    times = [when for when, _ in built]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= THROTTLE_S * 0.99  # about ten a second, never faster
    assert all(n <= 301 for _, n in built)
    assert built[-1][1] > built[0][1]  # the curves grew between them


@pytest.mark.parametrize("test_mode", [True, False])
async def test_a_missing_csv_is_a_notice_not_a_crash(tmp_path, test_mode) -> None:
    cfg = SMALL.with_changes(csv=str(tmp_path / "missing.csv"))
    app = LabApp(cfg, test_mode=test_mode)
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        await app.until(lambda: lab.status == "error")
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
        await app.until(lambda: lab.status == "error")
        await pilot.press("tab")
        key = lab.session.sweep_key("learning")
        await app.until(lambda: lab.sweeps.error(key))
        await pilot.pause()
        assert "could not compute the learning curve" in plot_text(lab)
        assert "missing.csv" in plot_text(lab) + lab.notice
        assert not lab.sweeps.busy


async def test_a_slow_painter_never_stalls_training_and_frames_coalesce() -> None:
    """The painter is stuck on the first frame: the worker still trains to the end (it
    never waits for a paint), keeping only the latest snapshot; once the frame is painted
    the final curve follows at once (one frame, not the ones in between)."""
    app = LabApp(SMALL.with_changes(epochs=3000), test_mode=False)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        stuck: list = []
        runner = lab.runner
        runner._when_painted = stuck.append  # nothing is ever painted until released
        delivered: list = []
        deliver = runner._deliver

        def recording(snap):
            delivered.append(snap)
            deliver(snap)

        runner._deliver = recording
        lab.restart(keep_before=False)
        job = runner.worker
        await asyncio.wait_for(job.wait(), GUARD_S)
        assert job.error is None
        mine = [s for s in delivered if s.run_id == lab.run_id]
        assert len(mine) == 1 and not mine[0].final  # the first points, at once; then nothing
        assert mine[0].epoch < 3000
        runner._when_painted = lambda callback: app.call_later(callback)
        for callback in stuck:
            callback()  # the stuck frames are painted: each box hands over its latest
        await app.until(lambda: lab.status == "done")
        mine = [s for s in delivered if s.run_id == lab.run_id]
        assert len(mine) == 2 and mine[-1].final and mine[-1].epoch == 3000
        assert lab.metrics is not None and lab.metrics["epoch"] == 3000
