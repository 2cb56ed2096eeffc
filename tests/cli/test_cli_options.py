"""The lab options are generated from ml.SETTINGS: flag, type, metavar, help, group."""

from __future__ import annotations

import dataclasses
import re

import pytest
from cli_helpers import run

from tui_tutor import cli, ml

LAB_COMMANDS = ("train", "gradcheck", "sweep")


def _help(capsys, *argv: str) -> str:
    status, out, err = run(capsys, *argv, "--help")
    assert status == 0, err
    return out


def _sections(text: str) -> dict[str, str]:
    """--help text by group title ("data:", "network:", ...)."""
    parts = re.split(r"^(\S[^\n]*):\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("command", LAB_COMMANDS)
def test_every_setting_is_an_option_under_its_group_with_range_and_default(capsys, command):
    base = cli.gradcheck.BASE if command == "gradcheck" else ml.LabConfig()
    sections = _sections(_help(capsys, command))
    for s in ml.SETTINGS.values():
        if s.group == "gradient check" and command != "gradcheck":
            # The gradient check's own settings (bug, fix): training never uses them.
            assert s.group not in sections and s.flag not in _help(capsys, command)
            continue
        section = " ".join(sections[s.group].split())  # unwrap argparse's lines
        metavar = s.metavar or s.key.upper()
        if s.kind == "bool":  # --normalize [on|off] and --no-normalize
            assert f"{s.flag} [{metavar}]" in section and f"--no-{s.flag[2:]}" in section
        else:
            assert f"{s.flag} {metavar}" in section, s.key
        shown = s.show(getattr(base, s.key))
        if shown:
            assert f"default {shown}" in section, s.key
        if s.kind in ("int", "float", "choice", "layers"):
            assert s.accepted() in section, s.key


def test_the_defaults_in_help_are_the_commands_own(capsys):
    unwrapped = lambda command: " ".join(_help(capsys, command).split())  # noqa: E731
    assert "default 5,3" in unwrapped("gradcheck")  # gradcheck's small network
    assert "default 20,3" in unwrapped("train")


@pytest.mark.parametrize("command", [*LAB_COMMANDS, "lessons", "report"])
def test_help_starts_with_a_clean_usage_line(capsys, command):
    first = _help(capsys, command).splitlines()[0]
    assert first.startswith(f"usage: tui-tutor {command} [-h]"), first


def test_report_help_says_what_happens_with_an_unreadable_file(capsys):
    text = " ".join(_help(capsys, "report").split())
    assert "still gets a row" in text and "exit status is 1" in text
    assert "does not exist or is a folder is an error (exit 2" in text


@pytest.mark.parametrize("text", ["20,3", "20 3", "20, 3", " 20 ,3 ", "none", "", "7"])
def test_layers_read_the_one_grammar(text):
    args = cli.build_parser().parse_args(["train", "--layers", text])
    assert args.layers == ml.SETTINGS["layers"].parse(text)


def test_a_changed_setting_changes_the_option(capsys, monkeypatch):
    # Nothing in the CLI repeats a setting's range or help: change the declaration and
    # the option's help and its check follow.
    noise = dataclasses.replace(ml.SETTINGS["noise"], help="wobble", limits=(0.0, 0.5))
    monkeypatch.setitem(ml.SETTINGS, "noise", noise)
    section = " ".join(_sections(_help(capsys, "train"))["data"].split())
    assert "--noise NOISE wobble (0 to 0.5; default 0.2)" in section
    status, _, err = run(capsys, "train", "--noise", "0.7")
    assert status == 2 and "--noise: must be between 0 and 0.5, got 0.7" in err


def test_a_value_error_names_the_option_and_the_range(capsys):
    # Setting.parse's "give one such as ..." is replaced by the setting's range.
    status, _, err = run(capsys, "train", "--lambd", "abc")
    assert status == 2
    assert err == "tui-tutor: error: --lambd: 'abc' is not a number; give a number from 0 to 1000\n"


def test_init_scale_help_says_it_scales_every_init(capsys):
    """Issue 9 #15: the help said it scaled only the random init; it scales every one."""
    from tui_tutor import ml

    assert "every initial weight (any --init)" in ml.SETTINGS["init_scale"].help
    for init in ("he", "xavier", "random"):
        a = ml.init_params([2, 4, 1], init, seed=0, scale=1.0)["W1"]
        b = ml.init_params([2, 4, 1], init, seed=0, scale=3.0)["W1"]
        assert abs(b - 3 * a).max() < 1e-12, init
