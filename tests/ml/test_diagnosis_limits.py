"""What the diagnosis can tell and what it cannot (issue 9 #6), and how λ is chosen (#7).

The course's table still comes out as published (tests/ml/test_diagnose_sweep_config.py);
these pin the cases where the old rule overreached: float noise at a boundary, tiny dev
sets, a train error under the floor, shifted dev data, a floor nobody knows.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.ml import LabConfig, SweepResult
from tui_tutor.ml.diagnose import KINDS, NOTES


@pytest.mark.parametrize(
    ("train", "dev", "bayes", "kind"),
    [
        (0.01, 0.11, 0.0, "high_variance"),
        (0.15, 0.16, 0.0, "high_bias"),
        (0.15, 0.30, 0.0, "both"),
        (0.005, 0.01, 0.0, "fine"),
        (0.15, 0.16, 0.15, "fine"),
    ],
)
def test_the_course_table_holds_with_a_big_dev_set(train, dev, bayes, kind):
    """FACTS.md's four cases and the Bayes 15% case, with 10,000 dev examples."""
    d = ml.diagnose(train, dev, bayes, n_train=10_000, n_dev=10_000)
    assert d.kind == kind and "variance_unsure" not in d.notes


def test_a_boundary_is_decided_by_the_errors_not_float_noise():
    # 0.05 - 0.02 = 0.030000000000000002 read "high variance" with the 3-point tolerance.
    assert ml.diagnose(0.02, 0.05).kind == "fine"
    assert 0.07 - 0.05 > 0.02  # float noise: the bias of 0.07 over a 5% floor
    assert ml.diagnose(0.07, 0.07, 0.05).kind == "fine"
    assert ml.diagnose(0.0701, 0.0701, 0.05).kind == "high_bias"
    assert ml.diagnose(0.02, 0.0501).kind == "high_variance"


def test_wilson_interval():
    lo, hi = ml.wilson_interval(0, 4)
    assert lo == 0.0 and hi == pytest.approx(0.490, abs=1e-3)
    lo, hi = ml.wilson_interval(28, 225)  # 12.4%
    assert lo == pytest.approx(0.0875, abs=1e-3) and hi == pytest.approx(0.1738, abs=1e-3)
    assert ml.wilson_interval(5, 5)[1] == 1.0 and ml.wilson_interval(3, 0) == (0.0, 1.0)


def test_four_dev_examples_are_too_few_to_say_fine():
    """'dev 0.0% ... fine, done' on 4 dev examples: one example is 25 points."""
    d = ml.diagnose(0.056, 0.0, 0.052, n_train=72, n_dev=4)
    assert d.kind == "too_small"
    assert d.n_dev == 4 and d.one_example == 0.25
    assert d.dev_interval is not None and d.dev_interval[1] > 0.45


def test_a_noisy_twenty_example_dev_set_is_not_high_variance():
    """After `d` on a 20-example dev set the old rule said 'high variance'."""
    assert ml.diagnose(0.145, 0.2, 0.152).kind == "high_variance"  # the point estimate
    assert ml.diagnose(0.145, 0.2, 0.152, n_train=200, n_dev=20).kind == "too_small"


def test_high_bias_comes_first_even_when_variance_cannot_be_told():
    d = ml.diagnose(0.196, 0.212, 0.076, n_train=240, n_dev=80)
    assert d.kind == "high_bias" and "variance_unsure" in d.notes
    assert d.high_bias and not d.high_variance


def test_a_clear_gap_is_high_variance_even_on_a_small_dev_set():
    d = ml.diagnose(0.0, 0.151, 0.107, n_train=75, n_dev=225)
    assert d.kind == "high_variance" and "variance_unsure" not in d.notes


def test_a_train_error_below_the_floor_is_flagged_as_memorized_noise():
    assert "memorized" in ml.diagnose(0.0, 0.151, 0.107, n_train=75, n_dev=225).notes
    # 9.3% on 75 examples is within chance of a 10.7% floor: no warning.
    assert "memorized" not in ml.diagnose(0.093, 0.17, 0.107, n_train=75, n_dev=225).notes
    assert "memorized" not in ml.diagnose(0.0, 0.1, 0.0).notes  # a floor of 0: never
    assert "memorized" in ml.diagnose(0.0, 0.1, 0.05).notes  # without n: 2 points below


def test_a_shifted_dev_set_says_part_of_the_gap_may_be_the_mismatch():
    d = ml.diagnose(0.145, 0.29, 0.152, n_train=400, n_dev=500, shifted=True)
    assert d.kind == "high_variance" and "mismatch" in d.notes
    assert "mismatch" not in ml.diagnose(0.145, 0.29, 0.152).notes


def test_an_unknown_floor_is_taken_as_zero_and_said():
    d = ml.diagnose(0.25, 0.26, math.nan)
    assert d.kind == "high_bias" and not d.bayes_known and d.bayes == 0.0
    assert "bayes_unknown" in d.notes
    assert ml.diagnose(0.25, 0.26, 0.25).kind == "fine"  # the learner's estimate


def test_every_kind_and_note_is_declared():
    assert set(KINDS) >= {"too_small"} and set(NOTES) >= {"memorized", "mismatch"}


def test_a_csvs_floor_is_unknown_unless_estimated(tmp_path):
    rows = "\n".join(f"{i % 7},{(i * 3) % 5},{i % 2}" for i in range(40))
    path = tmp_path / "data.csv"
    path.write_text(rows, encoding="utf-8")
    cfg = LabConfig.from_mapping({"csv": str(path), "m": 40, "flip": 0.1})
    assert math.isnan(cfg.bayes_error) and cfg.bayes_source == "unknown"
    est = cfg.with_changes(bayes=0.25)
    assert est.bayes_error == 0.25 and est.bayes_source == "estimate"
    assert LabConfig().bayes_source == "model" and LabConfig().bayes is None
    run, last = est.with_changes(epochs=5).final()
    assert run.metrics(last)["bayes_error"] == 0.25


def test_the_bayes_setting_is_optional_and_bounded():
    s = ml.SETTINGS["bayes"]
    assert s.parse("") is None and s.parse("0.25") == 0.25 and s.coerce(None) is None
    with pytest.raises(ml.ConfigError, match="between 0 and 0.5"):
        LabConfig.from_mapping({"bayes": 0.7})
    assert s.show(None) == "" and "bayes" in ml.CONTROLS


def test_diagnose_metrics_reads_a_runs_metrics():
    run, last = LabConfig(m=100, epochs=20, layers=(4,)).final()
    m = run.metrics(last)
    d = ml.diagnose_metrics(m)
    assert d is not None and d.n_dev == m["m_dev"] == 20
    assert ml.diagnose_metrics({**m, "dev_error": math.nan}) is None


def _result(devs, values, n_dev):
    k = len(devs)
    z = np.zeros(k)
    return SweepResult("lambd", np.array(values, float), z, np.array(devs, float),
                       z, z, z, z, np.zeros(k, bool), n_dev)  # fmt: skip


def test_a_tie_goes_to_the_most_regularized_model():
    # 80 dev examples: 5/80 = 6.25% ties for λ 0..1, 6/80 is within one example.
    r = _result(
        [5 / 80] * 8 + [6 / 80, 14 / 80], [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10], 80
    )
    assert r.best_index == 0
    assert r.ties == list(range(9))
    assert r.chosen_index == 8 and r.values[r.chosen_index] == 3
    clear = _result([0.3, 0.1, 0.4], [0, 1, 10], 80)
    assert clear.ties == [1] and clear.chosen_index == 1
    assert _result([math.nan, math.nan], [0, 1], 10).chosen_index == -1
