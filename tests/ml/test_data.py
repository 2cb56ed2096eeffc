"""Datasets, splits, standardization, distribution shift and CSV loading."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor import ml
from tui_tutor.ml import DataError


@pytest.mark.parametrize(
    ("m", "split", "sizes"),
    [
        (1000, (0.7, 0.3), (700, 300, 0)),
        (100, (0.7, 0.3), (70, 30, 0)),
        (1000, (0.6, 0.2, 0.2), (600, 200, 200)),
        (10_000, (0.6, 0.2, 0.2), (6000, 2000, 2000)),
        (1_000_000, (0.98, 0.01, 0.01), (980_000, 10_000, 10_000)),
        (10_000_000, (0.98, 0.01, 0.01), (9_800_000, 100_000, 100_000)),
        (1_000_000, (0.995, 0.0025, 0.0025), (995_000, 2500, 2500)),
        (1_000_000, (0.995, 0.004, 0.001), (995_000, 4000, 1000)),
        (500, (300, 100, 100), (300, 100, 100)),
        (500, (300, 100), (300, 100, 0)),
        (500, (200, 100, 100), (200, 100, 100)),  # counts may leave examples unused
    ],
)
def test_split_sizes_are_exact(m, split, sizes):
    assert ml.split_sizes(m, split) == sizes


@settings(max_examples=60, deadline=None)
@given(
    m=st.integers(100, 100_000),
    dev=st.floats(0.01, 0.4),
    test=st.one_of(st.just(0.0), st.floats(0.01, 0.4)),
)
def test_ratio_splits_always_add_up_to_m(m, dev, test):
    split = (1.0 - dev - test, dev, test)
    train, d, t = ml.split_sizes(m, split)
    assert train + d + t == m
    assert d >= 1 and train >= 1 and (t >= 1 or test == 0)
    assert abs(d - m * dev) <= 0.5 + 1e-9
    assert abs(t - m * test) <= 0.5 + 1e-9


@pytest.mark.parametrize(
    ("split", "match"),
    [
        ((0.8, 0.8), "add up to 1"),
        ((0.5, 0.3, 0.1), "add up to 1"),
        ((0.7, 0.2, 0.05, 0.05), "2 or 3 parts"),
        ((0.6,), "2 or 3 parts"),
        ((-0.2, 0.6, 0.6), "non-negative"),
        ((float("nan"), 0.5), "non-negative"),
        ((600, 300, 200), "more than the 1000 examples"),
        ((10.5, 20), "whole numbers"),
        ((1.0, 0.0), "no dev"),
        ((0.999, 0.001), "no dev"),
        ((0, 5), "no training"),
    ],
)
def test_bad_splits_say_what_is_wrong(split, match):
    with pytest.raises(DataError, match=match):
        ml.split_sizes(1000 if split != (0.999, 0.001) else 100, split)


def test_splits_are_disjoint_cover_the_data_and_are_seeded():
    m = 1000
    X = np.vstack([np.arange(m, dtype=float), np.zeros(m)])  # column i holds its own id
    Y = (np.arange(m) % 2).reshape(1, -1).astype(float)
    s = ml.split_data(X, Y, (0.6, 0.2, 0.2), seed=4)
    ids = [set(a[0].astype(int)) for a in (s.X_train, s.X_dev, s.X_test)]
    assert [len(i) for i in ids] == [600, 200, 200]
    assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])
    assert set().union(*ids) == set(range(m))
    for Xs, Ys in ((s.X_train, s.Y_train), (s.X_dev, s.Y_dev), (s.X_test, s.Y_test)):
        np.testing.assert_array_equal(Ys[0], Xs[0] % 2)  # labels travel with their inputs
    again = ml.split_data(X, Y, (0.6, 0.2, 0.2), seed=4)
    np.testing.assert_array_equal(again.X_dev, s.X_dev)
    other = ml.split_data(X, Y, (0.6, 0.2, 0.2), seed=5)
    assert not np.array_equal(other.X_dev, s.X_dev)


@pytest.mark.parametrize("name", sorted(ml.DATASETS))
def test_datasets_are_seeded_balanced_and_shaped(name):
    X, Y = ml.make_dataset(name, 201, noise=0.1, seed=3)
    assert X.shape == (2, 201) and Y.shape == (1, 201)
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert 0.35 < Y.mean() < 0.65
    X2, Y2 = ml.make_dataset(name, 201, noise=0.1, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    X3, _ = ml.make_dataset(name, 201, noise=0.1, seed=4)
    assert not np.array_equal(X, X3)


def test_label_flip_rate_is_p():
    _, clean = ml.make_dataset("blobs", 20_000, noise=0.0, flip=0.0, seed=1)
    _, flipped = ml.make_dataset("blobs", 20_000, noise=0.0, flip=0.2, seed=1)
    assert abs(float(np.mean(clean != flipped)) - 0.2) < 0.01


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"name": "swirl"}, "unknown dataset"),
        ({"m": 1}, "at least 2"),
        ({"flip": 0.5}, "flip"),
        ({"noise": -0.1}, "noise"),
    ],
)
def test_bad_dataset_requests(kwargs, match):
    with pytest.raises(DataError, match=match):
        ml.make_dataset(**kwargs)


def test_standardization_uses_training_statistics_only():
    raw = ml.make_splits("moons", 400, (0.6, 0.2, 0.2), noise=0.2, seed=2, standardize=False)
    s = ml.make_splits("moons", 400, (0.6, 0.2, 0.2), noise=0.2, seed=2)
    mu = raw.X_train.mean(axis=1, keepdims=True)
    sigma = raw.X_train.std(axis=1, keepdims=True)
    np.testing.assert_allclose(s.scaler.mu, mu)
    np.testing.assert_allclose(s.scaler.sigma, sigma)
    np.testing.assert_allclose(s.X_train.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(s.X_train.std(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(s.X_dev, (raw.X_dev - mu) / sigma)
    np.testing.assert_allclose(s.X_test, (raw.X_test - mu) / sigma)
    assert not np.allclose(s.X_dev.mean(axis=1), 0.0, atol=1e-6)  # dev stats were not used
    np.testing.assert_allclose(s.scaler.inverse(s.X_dev), raw.X_dev)


def test_distribution_shift_moves_dev_and_test_only_and_raises_dev_error():
    base = ml.LabConfig.from_mapping({"m": 600, "epochs": 400, "layers": [10], "lr": 0.5})
    shifted = base.with_changes(shift=1.5)
    a, b = base.data(), shifted.data()
    np.testing.assert_allclose(a.scaler.inverse(a.X_train), b.scaler.inverse(b.X_train))
    delta = b.scaler.inverse(b.X_dev) - a.scaler.inverse(a.X_dev)
    np.testing.assert_allclose(delta, np.broadcast_to([[1.5], [0.75]], delta.shape))
    _, rec_a = base.final()
    _, rec_b = shifted.final()
    assert rec_a.train_error == rec_b.train_error  # the training problem is unchanged
    assert rec_b.dev_error > rec_a.dev_error + 0.1


def _write(tmp_path, text, name="data.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_csv_loads_with_and_without_header(tmp_path):
    rows = "0.5,1.0,0\n-1,2,1\n3,4.5,1\n0,0,0\n"
    X, Y = ml.load_csv(_write(tmp_path, rows))
    assert X.shape == (2, 4) and Y.shape == (1, 4)
    np.testing.assert_array_equal(X[:, 1], [-1, 2])
    np.testing.assert_array_equal(Y[0], [0, 1, 1, 0])
    X2, Y2 = ml.load_csv(_write(tmp_path, "x1,x2,label\n" + rows + "\n\n", "h.csv"))
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("x1,x2,label\n1,2,0\n3,oops,1\n4,5,1\n", r"data\.csv:3: .*not three numbers"),
        ("1,2,0\n1,2\n3,4,1\n", r"data\.csv:2: expected 3 columns"),
        ("1,2,0\n3,4,2\n5,6,1\n7,8,0\n", r"data\.csv:2: label '2' is not 0 or 1"),
        ("1,2,0\n3,inf,1\n", r"data\.csv:2: x1 and x2 must be finite"),
        ("x1,x2,label\n1,2,0\n3,4,1\n", r"needs at least 4 data rows.*found 2"),
        ("1,2,1\n3,4,1\n5,6,1\n7,8,1\n", r"every label is 1; both classes"),
        ("", r"found 0"),
    ],
)
def test_bad_csv_names_file_line_and_what_is_accepted(tmp_path, text, match):
    with pytest.raises(DataError, match=match):
        ml.load_csv(_write(tmp_path, text))


def test_csv_missing_folder_and_binary(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        ml.load_csv(tmp_path / "nope.csv")
    with pytest.raises(DataError, match="folder"):
        ml.load_csv(tmp_path)
    p = tmp_path / "bin.csv"
    p.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(DataError, match="not a text file"):
        ml.load_csv(p)


def test_csv_data_feeds_a_lab_config(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2))
    y = (X[:, 0] > 0).astype(int)
    text = "x1,x2,label\n" + "".join(f"{a},{b},{c}\n" for (a, b), c in zip(X, y, strict=True))
    cfg = ml.LabConfig.from_mapping(
        {"csv": str(_write(tmp_path, text)), "split": [0.5, 0.5], "epochs": 50}
    )
    s = cfg.data()
    assert s.sizes == (20, 20, 0)
    _, rec = cfg.final()
    assert rec.status == "done" and rec.dev_error < 0.2


# -- CSV bounds (issue 10): a clear message, never a traceback or gigabytes -----------------
def test_csv_row_cap_is_the_m_settings_limit():
    assert ml.SETTINGS["m"].limits[1] == ml.data.MAX_CSV_ROWS


def test_a_csv_too_large_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    with path.open("w") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200 * 2**20)
    read = []
    real_open = type(path).open

    def spy(self, *a, **kw):
        fh = real_open(self, *a, **kw)
        real_read = fh.read
        fh.read = lambda n=-1: read.append(n) or real_read(n)  # type: ignore[method-assign]
        return fh

    monkeypatch.setattr(type(path), "open", spy)
    with pytest.raises(ml.DataError, match="larger than 4 MB; the lab takes at most 20000 rows"):
        ml.load_csv(path)
    assert read == [ml.data.MAX_CSV_BYTES + 1]


def test_a_csv_with_too_many_rows_names_the_row(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(f"{i},{i},{i % 2}" for i in range(20001)), encoding="utf-8")
    with pytest.raises(ml.DataError, match=r"rows.csv:20001: more than 20000 data rows"):
        ml.load_csv(path)


def test_a_huge_field_is_a_message_not_a_csv_error(tmp_path):
    path = tmp_path / "field.csv"
    path.write_text("1,2,0\n1," + "9" * 200_000 + ",1\n", encoding="utf-8")
    with pytest.raises(ml.DataError, match=r"field.csv:2: not a CSV row \(field larger"):
        ml.load_csv(path)


@pytest.mark.parametrize("x", ["1e308", "-1e308", "2e15"])
def test_absurd_coordinates_are_refused(tmp_path, x):
    path = tmp_path / "x.csv"
    path.write_text(f"1,2,0\n{x},3,1\n3,4,0\n5,6,1\n", encoding="utf-8")
    with pytest.raises(ml.DataError, match=r"x.csv:2: x1 and x2 must be between -1e15 and 1e15"):
        ml.load_csv(path)


def test_a_pipe_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(ml.DataError, match="not a regular file"):
        ml.load_csv(fifo)


def test_normalize_setting_uses_the_training_sets_statistics_for_a_dev_set_of_other_mean():
    raw = ml.LabConfig.from_mapping({"m": 200, "shift": 2.0, "normalize": False}).data()
    s = ml.LabConfig.from_mapping({"m": 200, "shift": 2.0}).data()  # normalize: on
    mu = raw.X_train.mean(axis=1, keepdims=True)
    sigma = raw.X_train.std(axis=1, keepdims=True)
    assert raw.scaler is None and s.scaler is not None
    np.testing.assert_allclose(s.X_train.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(s.X_dev, (raw.X_dev - mu) / sigma)  # the train μ and σ
    # The dev set's raw mean is 2 (and 1) further along: after normalization it still is.
    moved = (raw.X_dev.mean(axis=1) - mu[:, 0]) / sigma[:, 0]
    np.testing.assert_allclose(s.X_dev.mean(axis=1), moved)
    assert np.all(s.X_dev.mean(axis=1) > 1.0)


def test_feature_scale_multiplies_the_raw_inputs_before_normalization():
    base = {"m": 100, "normalize": False}
    raw = ml.LabConfig.from_mapping(base).data()
    scaled = ml.LabConfig.from_mapping({**base, "feature_scale": [1, 50]}).data()
    for a, b in ((raw.X_train, scaled.X_train), (raw.X_dev, scaled.X_dev)):
        np.testing.assert_array_equal(b[0], a[0])
        np.testing.assert_allclose(b[1], 50 * a[1], rtol=1e-15)
    on = ml.LabConfig.from_mapping({"m": 100}).data()
    on_scaled = ml.LabConfig.from_mapping({"m": 100, "feature_scale": [0.01, 50]}).data()
    np.testing.assert_allclose(on_scaled.X_train, on.X_train, atol=1e-12)  # units cancel
    np.testing.assert_allclose(on_scaled.X_test, on.X_test, atol=1e-12)
    with pytest.raises(DataError, match="2 scale factors"):
        ml.scale_features(raw.X_train, (1.0, 2.0, 3.0))


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [("normalize", "off", False), ("normalize", " ON ", True), ("normalize", "no", False),
     ("feature_scale", "1,50", (1.0, 50.0)), ("feature_scale", "[0.5 2]", (0.5, 2.0))],
)  # fmt: skip
def test_the_new_settings_read_what_a_person_types(key, text, value):
    s = ml.SETTINGS[key]
    assert s.parse(text) == value and s.parse(s.show(value)) == value


@pytest.mark.parametrize(
    ("key", "value", "match"),
    [("normalize", "maybe", "on or off"), ("normalize", 1, "true or false"),
     ("feature_scale", [1], "two factors"), ("feature_scale", [1, 2000], "0.001 and 1000"),
     ("feature_scale", "1,x", "not a list of numbers"), ("feature_scale", "3", "two factors"),
     ("feature_scale", [True, 1], "numbers")],
)  # fmt: skip
def test_the_new_settings_refuse_bad_values(key, value, match):
    s = ml.SETTINGS[key]
    with pytest.raises(ml.ConfigError, match=match):
        s.parse(value) if isinstance(value, str) else s.coerce(value)
