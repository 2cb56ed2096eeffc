"""The lab's one-home tables: views, keys and readout against the lesson format and the engine;
the session's rules (seeds, overlay, what is saved) without any UI."""

from __future__ import annotations

import string

import pytest
from lab_host import SMALL, LabApp

from tui_tutor import ml
from tui_tutor.app.lab import ACTIONS, LAB_BINDINGS, VIEWS, LabKeys
from tui_tutor.app.lab.actions import action_name, help_rows, lab_bindings
from tui_tutor.app.lab.curves import Curves, Snapshot
from tui_tutor.app.lab.readout import READOUT_METRICS
from tui_tutor.app.lab.session import LabSession
from tui_tutor.app.screens.main import TutorScreen
from tui_tutor.course.model import VIEWS as LESSON_VIEWS
from tui_tutor.i18n import LANGS, TABLES, has, t


# -- views --------------------------------------------------------------------------------
def test_the_views_registry_is_the_lesson_formats_list() -> None:
    assert tuple(VIEWS) == LESSON_VIEWS
    for name, view in VIEWS.items():
        assert view.name == name and has(f"view.{name}")
        assert isinstance(view.extras, tuple)  # the per-layer values a view needs recorded
        assert view.canvas in ("plot", "boundary")
        assert view.sweep in (
            None,
            "validation",
            "learning",
            "gradcheck",
            "surface",
        )  # LabConfig.sweep
        if view.sweep:
            assert has(f"what.{view.sweep}")


# -- keys ---------------------------------------------------------------------------------
def test_bindings_footer_labels_and_help_rows_come_from_the_action_table() -> None:
    assert [b.key for b in LAB_BINDINGS] == [a.key for a in ACTIONS.values()]
    assert [action_name(b) for b in LAB_BINDINGS] == list(ACTIONS)
    assert LabKeys.BINDINGS == LAB_BINDINGS
    for lang in LANGS:
        labels = [b.description for b in lab_bindings(lang)]
        assert labels == [t(f"key.{name}", lang) for name in ACTIONS]
        rows = help_rows(lang)
        assert [action_name(b) for b, _ in rows] == list(ACTIONS)
        assert all(text and "{" not in text for _, text in rows), rows
    for action in ACTIONS.values():
        assert action.setting is None or action.setting in ml.CONTROLS


def test_the_lambda_help_derives_from_the_settings_ladder() -> None:
    ladder = ml.SETTINGS["lambd"].ladder
    for lang in LANGS:
        text = ACTIONS["lambd_up"].help(lang)
        assert f"… {ml.format_number(ladder[-1])}" in text and "… 30" not in text
        views = ACTIONS["next_view"].help(lang)
        assert all(t(f"view.{v}", lang) in views for v in VIEWS)


async def test_the_main_screen_gets_the_lab_keys_in_the_learners_language(make_app) -> None:
    app = make_app(lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TutorScreen) and isinstance(app.screen, LabKeys)
        shown = {b.action: b.description for _, b in app.screen._bindings}
        for name, action in ACTIONS.items():
            assert shown[f"lab('{name}')"] == action.label("zh")


# -- readout ------------------------------------------------------------------------------
def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_readouts_metrics_are_the_engines() -> None:
    for field, metric in READOUT_METRICS.items():
        assert metric in ml.RUN_METRICS, metric
        assert ml.METRICS[metric].percent, metric  # the readout shows them as percents
    run, rec = SMALL.final()
    assert set(READOUT_METRICS.values()) <= set(run.metrics(rec))
    for lang in LANGS:
        assert _fields(TABLES[lang]["readout"]) == {*READOUT_METRICS, "lambd", "layers", "epoch"}


# -- every setting the learner may change has its words --------------------------------------
@pytest.mark.parametrize("key", ml.CONTROLS)
def test_every_controllable_setting_has_a_label_and_a_fixed_notice(key: str) -> None:
    for lang in LANGS:
        assert TABLES[lang].get(f"field.{key}"), (lang, key)
        assert TABLES[lang].get(f"what.{key}"), (lang, key)


async def test_a_fixed_setting_says_so_in_the_learners_language() -> None:
    app = LabApp(controls=["m"], lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("]")
        assert app.panel.config.lambd == 0
        assert app.panel.notice == t("not_offered", "zh", what=t("what.lambd", "zh"))


# -- the session, without any UI ------------------------------------------------------------
def _snap(session: LabSession, epoch: int, status: str = "running") -> Snapshot:
    curves = Curves(epoch=(float(epoch),), train_error=(0.1,), dev_error=(0.2,))
    return Snapshot(session.run_id, curves, {"W1": None}, {"bayes_error": 0.05}, status, epoch)


def test_the_session_keeps_seeds_overrides_and_ignores_late_snapshots() -> None:
    s = LabSession(SMALL, overrides={"lambd": 0.1}, views=["cost", "nope"], controls=["m"])
    assert s.config.lambd == 0.1 and s.overrides() == {"lambd": 0.1}
    assert s.views == ("cost",) and s.offered("m") and not s.offered("lambd")
    s.rerun()
    s.new_data()
    s.new_data()
    assert (s.weight_seed, s.data_seed) == (SMALL.seed + 1, SMALL.seed + 2)
    first = s.start_run(keep_before=False, finished=False)
    assert (first.weight_seed, first.data_seed) == (1, 2) and s.shown.draw == 3
    assert s.sweep_key("validation") != LabSession(SMALL).sweep_key("validation")
    s.apply(SMALL)  # a change: the preset's seeds again, nothing left to save
    assert (s.weight_seed, s.data_seed) == (0, 0) and s.overrides() == {}
    s.start_run(keep_before=True, finished=False)
    stale = Snapshot(first.run_id, Curves(), None, None, "done", 60)
    assert not s.accept(stale) and s.shown.metrics is None
    assert s.accept(_snap(s, 10)) and s.shown.bayes == 0.05 and s.shown.epoch == 10


def test_the_overlay_is_the_last_run_that_got_somewhere() -> None:
    s = LabSession(SMALL)  # 60 epochs: a run is "somewhere" from epoch 18 (30%)
    s.start_run(keep_before=False, finished=False)
    s.accept(_snap(s, 40))
    s.start_run(keep_before=True, finished=False)
    assert s.before is not None and s.before.curves.epoch == (40.0,)
    s.accept(_snap(s, 5))  # cancelled early (keys in a burst): the older overlay stays
    s.start_run(keep_before=True, finished=False)
    assert s.before.curves.epoch == (40.0,)
    s.accept(_snap(s, 5, "done"))  # a finished run is always far enough
    s.start_run(keep_before=True, finished=True)
    assert s.before.curves.epoch == (5.0,)
    s.start_run(keep_before=False, finished=False)  # a new preset: no overlay
    assert s.before is None


def test_a_bad_saved_override_is_refused() -> None:
    with pytest.raises(ml.ConfigError):
        LabSession(SMALL, overrides={"lambd": -1})


def test_help_and_quit_come_before_the_lab_keys_in_the_footer() -> None:
    """A compact Footer cuts what does not fit at its end: at 80 columns a lesson that
    offers keep_prob (K, k) filled it before ``? help`` and ``q quit``."""
    shown = [b.action for b in TutorScreen.BINDINGS if b.show]
    first_lab = min(shown.index(b.action) for b in LAB_BINDINGS if b.show)
    assert shown.index("help") < first_lab and shown.index("quit") < first_lab
