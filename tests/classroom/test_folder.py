"""The class folder: names, the roster, password hashes, keys, atomic writes, bad input."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from tui_tutor.classroom import folder as cf

ED25519 = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl you@host"
)


@pytest.mark.parametrize("name", ["alice", "Li_Wei-2", "a", "x" * 32, "7up"])
def test_good_names_pass(name: str) -> None:
    assert cf.check_name(name) == name


@pytest.mark.parametrize(
    "name", ["", "../../x", "a/b", ".hidden", "-rf", "x" * 33, "ali ce", "é", "a\x1b[31m", "a.json"]
)
def test_bad_names_are_refused_saying_what_is_accepted(name: str) -> None:
    with pytest.raises(ValueError, match="letters") as info:
        cf.check_name(name)
    assert "\x1b" not in str(info.value)


def test_progress_file_is_never_a_path(tmp_path: Path) -> None:
    folder = cf.ClassFolder(tmp_path)
    assert folder.progress_file("alice") == tmp_path / "progress" / "alice.json"
    with pytest.raises(ValueError):
        folder.progress_file("../../x")
    assert folder.state_file == tmp_path / "state.json"
    assert folder.live_dir == tmp_path / "live"


def test_password_hash_verifies_only_the_password() -> None:
    stored = cf.hash_password("open sesame")
    assert stored.startswith("scrypt$") and "open sesame" not in stored
    assert cf.verify_password(stored, "open sesame")
    assert not cf.verify_password(stored, "open sesamE")
    assert not cf.verify_password(None, "")
    assert not cf.verify_password("scrypt$garbage", "x")
    assert cf.hash_password("a") != cf.hash_password("a")  # salted


def test_init_makes_roster_key_and_progress(tmp_path: Path) -> None:
    folder = cf.init_class(tmp_path / "c")
    assert folder.learners() == []
    assert stat.S_IMODE(folder.host_key_file.stat().st_mode) == 0o600
    assert folder.host_key_file.read_text().startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    assert folder.progress_dir.is_dir()
    doc = json.loads(folder.roster_file.read_text())
    assert doc == {"format": "tui-tutor-class", "version": 1, "learners": {}}
    with pytest.raises(cf.ClassError, match="already a class"):
        cf.init_class(tmp_path / "c")


def test_add_remove_and_case_clash(tmp_path: Path) -> None:
    folder = cf.init_class(tmp_path / "c", host_key=False)
    folder.add_learner("alice", password="pw")
    folder.add_learner("bob", key=cf.check_key(ED25519))
    assert folder.learners() == ["alice", "bob"]
    assert folder.learner("bob")["keys"] == [ED25519.rsplit(" ", 1)[0]]  # comment dropped
    assert cf.verify_password(folder.learner("alice")["password"], "pw")
    with pytest.raises(cf.ClassError, match="already on the roster"):
        folder.add_learner("alice", password="again")
    with pytest.raises(cf.ClassError, match="only in case"):
        folder.add_learner("Alice", password="x")
    folder.remove_learner("alice")
    assert folder.learners() == ["bob"]
    with pytest.raises(cf.ClassError, match="no learner"):
        folder.remove_learner("alice")
    assert folder.learner("../../x") is None
    assert not list(folder.root.glob(".*.tmp"))  # atomic writes leave no temp file


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "private key"),
        ("ssh-foo AAAA", "not an OpenSSH public key"),
        ("ssh-ed25519 !!!notbase64", "damaged"),
        ("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", "match"),
        (ED25519 + "\n" + ED25519, "2 lines"),
    ],
)
def test_bad_keys_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        cf.check_key(text)


def test_a_real_openssh_key_is_accepted(tmp_path: Path) -> None:
    if not Path("/usr/bin/ssh-keygen").exists():
        pytest.skip("ssh-keygen is not installed")
    key = tmp_path / "k"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    assert cf.check_key((tmp_path / "k.pub").read_text()).startswith("ssh-ed25519 AAAA")


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"{", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[]", "not a tui-tutor class file"),
        (b'{"format": "tui-tutor-class", "version": 9, "learners": {}}', "version 9"),
        (b'{"format": "tui-tutor-class", "version": 1, "learners": []}', "table of names"),
        (b'{"format": "tui-tutor-class", "version": 1, "learners": {"../x": {}}}', "not a learner"),
        (b'{"format": "tui-tutor-class", "version": 1, "learners": {"a": {"keys": 3}}}', "damaged"),
        (b"[" * 100000, "version can read"),
    ],
)
def test_a_corrupt_roster_is_one_clear_error(tmp_path: Path, content: bytes, reason: str) -> None:
    folder = cf.init_class(tmp_path / "c", host_key=False)
    folder.roster_file.write_bytes(content)
    with pytest.raises(cf.ClassError, match=reason):
        cf.open_class(folder.root)
    with pytest.raises(cf.ClassError):
        folder.add_learner("alice", password="x")
    assert folder.roster_file.read_bytes() == content  # never overwritten


def test_open_class_refuses_what_is_not_a_class(tmp_path: Path) -> None:
    with pytest.raises(cf.ClassError, match="does not exist"):
        cf.open_class(tmp_path / "nope")
    with pytest.raises(cf.ClassError, match="not a class folder"):
        cf.open_class(tmp_path)
    (tmp_path / "f").write_text("x")
    with pytest.raises(cf.ClassError, match="is a file"):
        cf.init_class(tmp_path / "f")
    with pytest.raises(cf.ClassError, match="holds other files"):
        cf.init_class(tmp_path)


def test_a_failed_write_keeps_the_old_roster(tmp_path: Path, monkeypatch) -> None:
    folder = cf.init_class(tmp_path / "c", host_key=False)
    folder.add_learner("alice", password="pw")
    before = folder.roster_file.read_bytes()

    def boom(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        folder.add_learner("bob", password="pw")
    assert folder.roster_file.read_bytes() == before
    assert not list(folder.root.glob(".*.tmp"))
