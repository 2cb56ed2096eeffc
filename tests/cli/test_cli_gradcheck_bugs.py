"""``tui-tutor gradcheck --bug / --fix / --course-case``: the course's figures, bad names."""

from __future__ import annotations

from cli_helpers import run, run_json

from tui_tutor import ml


def test_course_case_correct_gradients(capsys):
    data = run_json(capsys, "gradcheck", "--course-case")
    assert data["course_case"] and data["n_params"] == 47 and data["m_train"] == 3
    assert data["difference"] < 1e-8 and data["verdict"] == "great"  # the course: ~1.2e-7
    status, out, _ = run(capsys, "gradcheck", "--course-case")
    assert status == 0 and "1.2e-7" in out and "logits" in out and "4-5-3-1" in out


def test_course_case_with_the_courses_two_bugs(capsys):
    data = run_json(capsys, "gradcheck", "--course-case", "--bug", "course", "--details")
    assert 0.28 < data["difference"] < 0.29 and data["verdict"] == "probably a bug"
    bad = {k for k, v in data["details"].items() if v["verdict"] == "probably a bug"}
    assert bad == {"W2", "b1"} and data["layer"] == 2
    status, out, _ = run(capsys, "gradcheck", "--course-case", "--bug", "course", "--details")
    assert status == 0 and "differing: db1, dW2" in out and "dW3" in out


def test_a_bug_that_hides_at_initialization_shows_after_training(capsys):
    small = ["--m", "100", "--bug", "forgot-b"]
    assert run_json(capsys, "gradcheck", *small)["verdict"] == "great"
    later = run_json(capsys, "gradcheck", *small, "--after", "2000")
    assert later["verdict"] == "probably a bug" and later["layer"] == 2


def test_the_fix_names_the_layer(capsys):
    args = ["gradcheck", "--course-case", "--bug", "mystery"]
    assert run_json(capsys, *args)["verdict"] == "probably a bug"
    assert run_json(capsys, *args, "--fix", "2")["verdict"] == "great"


def test_bad_bug_and_misplaced_options_are_one_line_exit_2(capsys):
    status, out, err = run(capsys, "gradcheck", "--bug", "nope")
    assert status == 2 and not out and len(err.strip().splitlines()) == 1
    assert "--bug: 'nope' is unknown; choose " + ", ".join(ml.BUGS) in err
    status, _, err = run(capsys, "gradcheck", "--course-case", "--layers", "3")
    assert status == 2 and "drop --layers" in err and len(err.strip().splitlines()) == 1
    status, _, err = run(capsys, "gradcheck", "--bug", "mystery", "--layers", "5")
    assert status == 2 and "mystery needs at least 2 hidden layers" in err
    status, _, err = run(capsys, "train", "--bug", "course")
    assert status == 2 and "--bug" in err  # training never plants a bug


def test_help_lists_the_bugs(capsys):
    status, out, _ = run(capsys, "gradcheck", "--help")
    assert status == 0
    flat = " ".join(out.split())
    assert all(name in flat for name in ml.BUGS) and "--course-case" in flat
