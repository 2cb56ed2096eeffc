"""``tui-tutor class init/add/remove/list``: output, the password line, bad input."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from tests.cli.cli_helpers import run
from tui_tutor.classroom.folder import open_class, verify_password


def test_init_add_list_remove(capsys, tmp_path: Path) -> None:
    d = str(tmp_path / "c")
    code, out, err = run(capsys, "class", "init", d)
    assert code == 0 and "host key" in out and err == ""
    assert stat.S_IMODE((tmp_path / "c" / "host_key").stat().st_mode) == 0o600
    code, out, _ = run(capsys, "class", "add", d, "alice")
    assert code == 0
    password = out.splitlines()[-1]
    stored = open_class(d).learner("alice")["password"]
    assert password not in (tmp_path / "c" / "class.json").read_text()
    assert verify_password(stored, password)
    code, out, _ = run(capsys, "class", "list", d)
    assert code == 0 and out.startswith("alice") and "password" in out
    code, out, _ = run(capsys, "class", "remove", d, "alice")
    assert code == 0 and "removed alice" in out
    assert open_class(d).learners() == []


def test_add_key(capsys, tmp_path: Path) -> None:
    if not Path("/usr/bin/ssh-keygen").exists():
        pytest.skip("ssh-keygen is not installed")
    d = str(tmp_path / "c")
    run(capsys, "class", "init", d)
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "k")], check=True
    )
    code, out, _ = run(capsys, "class", "add", d, "bob", "--key", str(tmp_path / "k.pub"))
    assert code == 0 and "ssh-ed25519" in out
    assert open_class(d).learner("bob")["password"] is None
    code, _, err = run(capsys, "class", "add", d, "bob", "--key", str(tmp_path / "k"))
    assert code == 2 and "private key" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv, says",
    [
        (["class", "add", "{d}", "../../x"], "not a learner name"),
        (["class", "add", "{d}", "a b"], "not a learner name"),
        (["class", "remove", "{d}", "nobody"], "no learner 'nobody'"),
        (["class", "add", "{d}/nope", "alice"], "does not exist"),
        (["class", "add", "{d}", "alice", "--key", "{d}"], "is a folder"),
        (["class", "add", "{d}", "alice", "--key", "{d}/class.json"], "not an OpenSSH public"),
        (["class", "list", "{tmp}"], "not a class folder"),
        (["class", "init", "{d}"], "already a class"),
        (["class"], "needs a subcommand"),
        (["class", "frob"], "choose from"),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, tmp_path: Path, argv, says) -> None:
    d = tmp_path / "c"
    run(capsys, "class", "init", str(d))
    argv = [a.format(d=d, tmp=tmp_path) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2, err
    assert says in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_corrupt_roster_is_a_clear_error_and_stays(capsys, tmp_path: Path) -> None:
    d = tmp_path / "c"
    run(capsys, "class", "init", str(d))
    (d / "class.json").write_text('{"format": "tui-tutor-class", "vers')
    for argv in (["list", str(d)], ["add", str(d), "alice"], ["remove", str(d), "alice"]):
        code, _, err = run(capsys, "class", *argv)
        assert code == 2 and "not valid JSON" in err and err.count("\n") == 1
    assert (d / "class.json").read_text() == '{"format": "tui-tutor-class", "vers'
