"""Progress store: round trips, corrupt files moved aside, kills during save, two writers."""

from __future__ import annotations

import json
import os
import random
import selectors
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.course import (
    Progress,
    ProgressError,
    ProgressStore,
    QuizAnswer,
    merge_progress,
    parse_lesson,
    read_progress,
)

ROOT = Path(__file__).resolve().parents[2]


def sample() -> Progress:
    p = Progress(lang="zh", learner="ana")
    p.set_position("bias-variance", 2)
    p.record_answer("bias-variance", "q-bias", 2, False)
    p.record_answer("bias-variance", "q-bias", 3, True)
    p.record_answer("bias-variance", "q-multi", {3, 1}, True)
    p.record_challenge("bias-variance", "c-dev")
    p.set_lab("bias-variance", 2, {"lambd": 0.7, "layers": (20, 3)})
    p.finish("tour")
    return p


def test_round_trip(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    assert store.load() == Progress() and store.warning is None
    p = sample()
    assert store.save(p)
    back = ProgressStore(tmp_path / "progress.json").load()
    assert back == p
    lp = back.lessons["bias-variance"]
    assert lp.answers["q-bias"] == QuizAnswer(3, True, 2)
    assert lp.answers["q-multi"].response == [1, 3]
    assert lp.challenges == ["c-dev"] and lp.lab[2] == {"lambd": 0.7, "layers": [20, 3]}
    assert back.lessons["tour"].finished and back.lesson == "bias-variance" and back.step == 2
    data = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert data["schema"] == "tui-tutor-progress" and data["version"] == 1


def test_right_answer_is_final_and_scored() -> None:
    from test_course_parse import GOOD

    lesson, _ = parse_lesson(GOOD)
    p = Progress()
    p.record_answer(lesson, "q-single", 1, False)
    p.record_answer(lesson, "q-single", 2, True)
    a = p.record_answer(lesson, "q-single", 1, False)
    assert a == QuizAnswer(2, True, 2)
    p.record_answer(lesson, "q-num", "0.9979", True)
    p.record_challenge(lesson, "q-challenge")
    lp = p.lessons["demo"]
    assert lp.score == pytest.approx((0.5 + 1 + 1) / 5)
    assert lp.challenges == ["q-challenge"]


def test_default_path_is_the_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    store = ProgressStore()
    if sys.platform.startswith("linux"):
        assert store.path == tmp_path / "tui-tutor" / "progress.json"
    assert store.save(sample()) and store.path.is_file()


BAD_FILES: dict[str, bytes] = {
    "bad-json": b'{"schema": "tui-tutor-progress", "version": 1,',
    "empty": b"",
    "not-utf8": b'{"schema": "\xff\xfe"}',
    "list": b"[1, 2, 3]",
    "other-schema": b'{"schema": "something-else", "version": 1}',
    "future-version": b'{"schema": "tui-tutor-progress", "version": 99}',
    "wrong-types": (
        b'{"schema": "tui-tutor-progress", "version": 1, "lessons": {"a": {"step": "x"}}}'
    ),
    "bad-answer": (
        b'{"schema": "tui-tutor-progress", "version": 1, '
        b'"lessons": {"a": {"answers": {"q": {"correct": "yes"}}}}}'
    ),
    "nan": b'{"schema": "tui-tutor-progress", "version": 1, "updated": NaN}',
    "deep": b"[" * 100000,
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_corrupt_file_is_moved_aside(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(BAD_FILES[kind])
    store = ProgressStore(path)
    assert store.load() == Progress()
    assert store.warning and "was unreadable" in store.warning
    (kept,) = tmp_path.glob("progress.json.corrupt-*")
    assert kept.read_bytes() == BAD_FILES[kind]  # kept, never deleted
    fresh = sample()
    assert store.save(fresh) and read_progress(path) == fresh


def test_folder_in_place_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    (path / "inner").mkdir(parents=True)
    store = ProgressStore(path)
    assert store.load() == Progress()
    assert "is a folder" in (store.warning or "")
    (kept,) = tmp_path.glob("progress.json.corrupt-*")
    assert (kept / "inner").is_dir()
    assert store.save(sample()) and path.is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_place_of_the_file_is_neither_read_nor_moved(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    os.mkfifo(path)  # reading it would block forever
    store = ProgressStore(path)
    assert store.load() == Progress()
    assert "not a regular file" in (store.warning or "")
    assert not store.save(sample())
    assert not path.is_file() and path.exists()  # left where it was
    assert not list(tmp_path.glob("progress.json.corrupt-*"))
    with pytest.raises(ProgressError, match="not a regular file"):
        read_progress(path)


def test_two_corrupt_files_in_one_second_both_kept(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    for text in (b"{", b"}"):
        path.write_bytes(text)
        ProgressStore(path).load()
    assert sorted(p.read_bytes() for p in tmp_path.glob("progress.json.corrupt-*")) == [b"{", b"}"]


def test_corrupted_between_load_and_save(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.load()
    path.write_bytes(b"garbage")
    assert store.save(sample())
    assert read_progress(path).learner == "ana"
    assert len(list(tmp_path.glob("progress.json.corrupt-*"))) == 1
    assert store.warning


def test_save_failure_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    store = ProgressStore(tmp_path / "file" / "progress.json")
    assert store.save(sample()) is False
    assert "could not save progress" in (store.warning or "")


def test_merge_keeps_both_instances_work(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    a, b = ProgressStore(path), ProgressStore(path)
    pa, pb = a.load(), b.load()
    pa.record_answer("l1", "q", 1, True)
    pb.record_answer("l2", "q", 2, False)
    pb.record_answer("l1", "q", 3, False)
    pb.record_answer("l1", "q", 3, False)
    pb.finish("l1")
    pb.set_lab("l1", 0, {"lambd": 1.0})
    assert a.save(pa) and b.save(pb)
    final = read_progress(path)
    assert final.lessons["l1"].answers["q"] == QuizAnswer(1, True, 1)  # the right one wins
    assert final.lessons["l1"].finished and final.lessons["l1"].lab == {0: {"lambd": 1.0}}
    assert final.lessons["l2"].answers["q"].attempts == 1
    assert pb.lessons["l1"].answers["q"].correct  # the saver sees the merged state


def test_merge_prefers_newer_position() -> None:
    old, new = Progress(), Progress()
    old.set_position("a", 1)
    new.set_position("b", 4)
    for merged in (merge_progress(old, new), merge_progress(new, old)):
        assert (merged.lesson, merged.step) == ("b", 4)
        assert set(merged.lessons) == {"a", "b"}


def test_save_without_merge_overwrites(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.json")
    store.save(sample())
    assert store.save(Progress(), merge=False)
    assert read_progress(tmp_path / "p.json") == Progress()


WRITER = textwrap.dedent(
    """
    import sys
    from tui_tutor.course import Progress, ProgressStore
    path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = ProgressStore(path)
    print("ready", flush=True)
    i = 0
    while count < 0 or i < count:
        p = Progress(learner=tag)
        for j in range(40):  # a few tens of kB a save, so a kill often lands mid-write
            p.record_answer(f"{tag}-{i}", f"q{j}", "x" * 200, j % 2 == 0)
        p.set_position(f"{tag}-{i}", i)
        assert store.save(p), store.warning
        print("saved", flush=True)
        i += 1
    """
)


def _writer(path: Path, tag: str, count: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), tag, str(count)],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_kill_during_save_always_leaves_a_loadable_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    rng = random.Random(4)
    saved, torn_writes = 0, 0
    for _ in range(8):
        proc = _writer(path, "k", -1)
        for _ in range(rng.randint(0, 4)):  # let it save a few times; the kill lands in the next
            assert proc.stdout is not None and proc.stdout.readline().strip() == "saved"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        torn_writes += len(list(tmp_path.glob(".progress.json.*.tmp")))
        if path.exists():
            progress = read_progress(path)  # raises if the file were torn
            saved = max(saved, len(progress.lessons))
        store = ProgressStore(path)
        store.load()
        assert store.warning is None
    assert saved > 0
    print(f"kills that left a half-written temp file: {torn_writes} of 8")
    assert ProgressStore(path).save(Progress())  # cleans the temp files of killed writers
    assert list(tmp_path.glob(".progress.json.*.tmp")) == []


def test_two_writers_never_leave_it_unreadable_and_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    procs = [_writer(path, tag, 15) for tag in ("a", "b")]
    open_pipes = {p.stdout for p in procs}
    with selectors.DefaultSelector() as sel:
        for pipe in open_pipes:
            sel.register(pipe, selectors.EVENT_READ)
        # Read the file on each save either writer reports, while the other may be writing.
        while open_pipes:
            ready = sel.select(timeout=60)
            assert ready, "a writer hung"
            for key, _ in ready:
                if not key.fileobj.readline():
                    sel.unregister(key.fileobj)
                    open_pipes.discard(key.fileobj)
                elif path.exists():
                    read_progress(path)
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    final = read_progress(path)
    assert set(final.lessons) == {f"{t}-{i}" for t in "ab" for i in range(15)}


def test_odd_values_are_saved_as_json(tmp_path: Path) -> None:
    p = Progress()
    p.lesson_progress("a").lab[0] = {"lambd": float("nan"), "layers": (3, 2)}
    p.record_answer("a", "q", {2, 1}, False)
    store = ProgressStore(tmp_path / "p.json")
    assert store.save(p)
    back = read_progress(tmp_path / "p.json")
    assert back.lessons["a"].lab[0] == {"lambd": None, "layers": [3, 2]}
    assert back.lessons["a"].answers["q"].response == [1, 2]


ids = st.sampled_from(["a", "b", "c"])
actions = st.lists(
    st.one_of(
        st.tuples(st.just("answer"), ids, ids, st.booleans()),
        st.tuples(st.just("challenge"), ids, ids),
        st.tuples(st.just("lab"), ids, st.integers(0, 3), st.floats(0, 10)),
        st.tuples(st.just("finish"), ids),
        st.tuples(st.just("goto"), ids, st.integers(0, 5)),
    ),
    max_size=12,
)


def play(steps: list) -> Progress:
    p = Progress()
    for act in steps:
        if act[0] == "answer":
            p.record_answer(act[1], act[2], 1, act[3])
        elif act[0] == "challenge":
            p.record_challenge(act[1], act[2])
        elif act[0] == "lab":
            p.set_lab(act[1], act[2], {"lambd": act[3]})
        elif act[0] == "finish":
            p.finish(act[1])
        else:
            p.set_position(act[1], act[2])
    return p


@settings(max_examples=150, deadline=None)
@given(actions, actions)
def test_merge_loses_nothing(first: list, second: list) -> None:
    a, b = play(first), play(second)
    assert Progress.from_json(json.loads(json.dumps(a.to_json()))) == a
    for merged in (merge_progress(a, b), merge_progress(b, a)):
        assert set(merged.lessons) == set(a.lessons) | set(b.lessons)
        for src in (a, b):
            for lid, lp in src.lessons.items():
                m = merged.lessons[lid]
                assert set(lp.challenges) <= set(m.challenges)
                assert m.finished or not lp.finished
                for qid, ans in lp.answers.items():
                    assert m.answers[qid].correct or not ans.correct
                assert set(lp.lab) <= set(m.lab)
