"""A learner's progress file is untrusted: huge numbers, deep nesting, planted links, size.

Each case broke the app at start or every later save before; now each is a clear
warning (the file kept beside, never lost) and the app goes on. Sizes are tried with
sparse files (``os.truncate``): nothing here writes or reads a big file.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tui_tutor.course import Progress, ProgressError, ProgressStore, read_progress

HEAD = '{"schema": "tui-tutor-progress", "version": 1, '


def progress_text(**lesson: str) -> str:
    fields = ", ".join(f'"{k}": {v}' for k, v in lesson.items())
    return HEAD + '"lessons": {"tour": {' + fields + "}}}"


HOSTILE = {
    "400-digit score": progress_text(score="9" * 400),
    "5000-digit step": progress_text(step="7" * 5000),
    "1e400 score": progress_text(score="1e400"),
    "huge step": progress_text(step=str(10**12)),
    "huge lab step": progress_text(lab='{"' + "9" * 30 + '": {}}'),
    "negative attempts": progress_text(answers='{"q": {"attempts": -1}}'),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_number_is_a_reason_not_a_crash(tmp_path: Path, name: str) -> None:
    path = tmp_path / "progress.json"
    path.write_text(HOSTILE[name], encoding="utf-8")
    with pytest.raises(ProgressError) as caught:
        read_progress(path)
    assert len(str(caught.value)) < 200  # the message quotes no 5000-digit number
    store = ProgressStore(path)
    assert store.load() == Progress()  # the app starts with a fresh progress ...
    assert store.warning and "was unreadable" in store.warning
    (kept,) = tmp_path.glob("progress.json.corrupt-*")  # ... and the file is kept beside
    assert kept.read_text(encoding="utf-8") == HOSTILE[name]
    assert store.save(Progress(learner="ana")) and read_progress(path).learner == "ana"


def nested(levels: int) -> str:
    return "[" * levels + "1" + "]" * levels


def test_a_deeply_nested_answer_is_left_out_and_saves_keep_working(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    answers = f'{{"deep": {{"response": {nested(900)}, "correct": true, "attempts": 1}}, '
    answers += '"fine": {"response": [1, 3], "correct": true, "attempts": 1}}'
    lab = f'{{"0": {{"layers": [20, 3]}}, "1": {{"x": {nested(900)}}}}}'
    path.write_text(progress_text(answers=answers, lab=lab, step="2"), encoding="utf-8")
    store = ProgressStore(path)
    progress = store.load()
    lp = progress.lessons["tour"]
    assert list(lp.answers) == ["fine"] and lp.lab == {0: {"layers": [20, 3]}}
    assert lp.step == 2  # the rest of the file goes on
    assert store.warning and "left out" in store.warning and "'deep'" in store.warning
    (kept,) = tmp_path.glob("progress.json.corrupt-*")  # the original is kept
    assert nested(900) in kept.read_text(encoding="utf-8")
    for step in range(3):  # every later save works and the answers stay
        progress.set_position("tour", step)
        assert store.save(progress), store.warning
    again = read_progress(path)
    assert list(again.lessons["tour"].answers) == ["fine"] and not again.dropped


def test_a_dangling_lock_link_is_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    target = tmp_path / "elsewhere" / "victim.txt"
    target.parent.mkdir()
    os.symlink(target, tmp_path / "progress.json.lock")
    store = ProgressStore(path)
    assert store.save(Progress(learner="ana"))
    assert not target.exists()  # the link's target was never created
    assert read_progress(path).learner == "ana"
    target.write_text("keep me")  # a live link: its file is not truncated either
    assert store.save(Progress(learner="bo"))
    assert target.read_text() == "keep me"


@pytest.mark.parametrize("size", [145 << 20, 1 << 30])
def test_a_huge_progress_file_is_moved_aside_without_reading_it(tmp_path: Path, size: int) -> None:
    path = tmp_path / "progress.json"
    with path.open("wb") as f:
        os.truncate(f.fileno(), size)  # sparse: no disk, and reading it would take seconds
    start = time.perf_counter()
    store = ProgressStore(path)
    assert store.load() == Progress()
    assert time.perf_counter() - start < 2
    assert store.warning and "a progress file is at most 2.0 MB" in store.warning
    (kept,) = tmp_path.glob("progress.json.corrupt-*")
    assert kept.stat().st_size == size  # moved, never lost
    assert store.save(Progress()) and path.stat().st_size < 1000


def test_a_long_typed_response_is_not_saved_whole() -> None:
    p = Progress()
    answer = p.record_answer("tour", "q", "9" * 10_000, False)
    assert answer.response == "9" * 200


def test_the_size_cap_is_far_above_a_real_file(tmp_path: Path) -> None:
    from tui_tutor.course import MAX_PROGRESS_BYTES

    p = Progress(learner="ana")
    for lesson in range(100):
        for quiz in range(60):
            p.record_answer(f"lesson-{lesson}", f"q-{quiz}", "x" * 200, False)
    store = ProgressStore(tmp_path / "progress.json")
    assert store.save(p)
    size = (tmp_path / "progress.json").stat().st_size
    assert size < MAX_PROGRESS_BYTES, size  # 100 lessons x 60 answers of 200 characters
    assert json.loads((tmp_path / "progress.json").read_text())["learner"] == "ana"
