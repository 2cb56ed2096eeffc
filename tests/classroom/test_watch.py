"""The instructor's view: rows, needs help, hostile files, distributions, status, the app."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from conftest import PACK, make_class, screen_text

from tui_tutor import course
from tui_tutor.classroom.live import Answer, Live, write_live
from tui_tutor.classroom.state import read_state
from tui_tutor.classroom.watch import ClassWatch
from tui_tutor.classroom.watchapp import GoToScreen, QuestionsScreen, WatchApp

sys.path.insert(0, str(Path(__file__).parent.parent / "cli"))
from cli_helpers import run  # noqa: E402

NOW = 1_800_000_000.0
LESSONS = course.load_pack(PACK).lessons


def clock() -> float:
    return NOW


def put(klass: Path, name: str, **fields) -> None:
    base = dict(lesson="first", step=1, steps=4, at=1, points=0.5, questions=5, active=NOW - 5)
    base.update(beat=NOW - 1)
    base.update(fields)
    write_live(klass / "live" / f"{name}.json", Live(name, **base))


@pytest.fixture
def room(tmp_path: Path) -> Path:
    klass = make_class(tmp_path / "class", ("alice", "bob", "carol", "dan", "eve"))
    (klass / "live").mkdir()
    wrong = {"first": {"q-single": Answer(1, False, 2)}}
    put(klass, "alice", answers={"first": {"q-single": Answer(2, True, 1)}})
    put(klass, "bob", answers=wrong)  # two wrong tries
    put(klass, "carol", help=NOW - 3, answers={"first": {"q-single": Answer(2, True, 1)}})
    put(klass, "dan", at=9, step=3, lesson="second", beat=NOW - 60)  # gone quiet
    # eve's file is hostile: markup, an escape sequence, a formula
    (klass / "live" / "eve.json").write_text(
        json.dumps({"format": "tui-tutor-live", "version": 1, "name": "[red]=1+1\x1b]0;x\x07"}),
        encoding="utf-8",
    )
    (klass / "live" / "mallory.json").write_bytes(b"\xff\xfe not json")
    return klass


def test_rows_needs_and_flags(room):
    watch = ClassWatch(room, LESSONS, clock=clock)
    rows = {r.name: r for r in watch.rows()}
    assert list(rows)[:5] == ["alice", "bob", "carol", "dan", "eve"]
    assert rows["alice"].connected and rows["alice"].needs == []
    assert rows["bob"].needs == ["tries"]
    assert rows["carol"].needs == ["help"]
    assert not rows["dan"].connected
    assert "another learner" in rows["eve"].problem and rows["eve"].live is None
    assert rows["mallory"].problem and not rows["mallory"].on_roster
    watch.mark_seen("carol")
    watch.mark_seen("bob")
    assert read_state(room / "state.json").seen["carol"] == NOW
    rows = {r.name: r for r in watch.rows()}
    assert rows["carol"].needs == [] and rows["bob"].needs == []
    assert [r.name for r in watch.rows("progress")][-1] == "dan"


def test_behind_and_idle_is_flagged(room):
    put(room, "dan", at=0, step=0, active=NOW - 600)
    for name in ("alice", "bob", "carol"):
        put(room, name, at=6)
    rows = {r.name: r for r in ClassWatch(room, LESSONS, clock=clock).rows()}
    assert rows["dan"].needs == ["behind"]


def test_poll_reads_only_changed_files(room, monkeypatch):
    watch = ClassWatch(room, LESSONS, clock=clock)
    assert watch.poll() is False  # nothing moved: no file read
    calls = []
    import tui_tutor.classroom.watch as module

    real = module.read_live
    monkeypatch.setattr(module, "read_live", lambda p: calls.append(p) or real(p))
    put(room, "alice", step=2)
    assert watch.poll() is True
    assert [p.name for p in calls] == ["alice.json"]
    assert next(r for r in watch.rows() if r.name == "alice").live.step == 2


def test_distribution_reveal_and_csv_is_neutralized(room):
    watch = ClassWatch(room, LESSONS, clock=clock)
    assert watch.distribution("first", "q-single") == (3, {"1": 1, "2": 2}, None)
    watch.set_question("first", "q-single", "held")
    assert read_state(room / "state.json").status("first", "q-single") == "held"
    watch.set_question("first", "q-single", "revealed")
    entry = read_state(room / "state.json").questions["first/q-single"]
    assert (entry.status, entry.counts) == ("revealed", {"1": 1, "2": 2})
    watch.set_question("first", "q-single", "open")
    assert "first/q-single" not in read_state(room / "state.json").questions
    put(room, "alice", answers={"first": {"q-num": Answer("0.9993", True, 1)}})
    put(room, "bob", answers={"first": {"q-num": Answer("1.5", False, 1)}})
    watch.poll()
    n, counts, numbers = watch.distribution("first", "q-num")
    assert n == 2 and counts == {} and numbers["min"] == 0.9993 and numbers["max"] == 1.5
    put(room, "alice", lesson="=HYPERLINK(1)")
    watch.poll()
    cells = [c for row in csv.reader(io.StringIO(watch.as_csv())) for c in row]
    assert "'=HYPERLINK(1)" in cells and not any(c.startswith("=") for c in cells)
    assert all("\x1b" not in c for c in cells)


def test_status_json_and_csv(room, capsys, tmp_path):
    status, out, err = run(capsys, "class", "status", str(room), "--json", "--lessons", str(PACK))
    assert status == 0, err
    data = json.loads(out)
    assert data["format"] == "tui-tutor-class-status"
    names = [r["name"] for r in data["learners"]]
    assert names[:4] == ["alice", "bob", "carol", "dan"]
    bob = data["learners"][1]
    assert bob["step"] == 2 and bob["needs"] == ["tries"] and bob["answered"] == 1
    target = tmp_path / "out.csv"
    status, _, err = run(capsys, "class", "status", str(room), "--csv", str(target))
    assert status == 0 and target.read_text(encoding="utf-8").startswith("name,connected")
    status, out, _ = run(capsys, "class", "status", str(room))
    assert status == 0 and "\x1b" not in out and "bob" in out
    status, _, err = run(capsys, "class", "status", str(tmp_path / "nope"), "--json")
    assert status == 2 and "does not exist" in err


async def test_watch_app_shows_rows_safely_and_updates_on_poll(room):
    app = WatchApp(room, LESSONS, lang="en", test_mode=True, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        text = screen_text(app)
        assert "alice" in text and "bob" in text and "5 learners" not in text
        assert "\x1b" not in text and "[red]" not in text
        await pilot.press("down")  # bob
        assert "bob: several wrong tries. m marks it seen." in screen_text(app)
        await pilot.press("m")
        assert read_state(room / "state.json").seen["bob"] == NOW
        put(room, "alice", step=3)
        app.poll()
        await pilot.pause()
        assert "4/4" in screen_text(app)
        await pilot.press("s")
        assert "sorted by progress" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        exported = list((room / "exports").glob("class-*.csv"))
        assert len(exported) == 1
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, QuestionsScreen)
        assert "2 answered: 1: 1, 2: 1" in screen_text(app)  # alice's new file has none
        await pilot.press("h")
        assert read_state(room / "state.json").status("first", "q-single") == "held"
        await pilot.press("r")
        assert read_state(room / "state.json").status("first", "q-single") == "revealed"
        await pilot.press("escape", "g")
        await pilot.pause()
        assert isinstance(app.screen, GoToScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"nope 1", "enter")
        await pilot.pause()
        assert "Give a lesson id" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"second 2", "enter")
        goto = read_state(room / "state.json").goto
        assert (goto.lesson, goto.step) == ("second", 1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_watch_view_80x24(snap_compare, room, lang):
    app = WatchApp(room, LESSONS, lang=lang, test_mode=True, clock=clock)
    app.title = "class"  # not the temporary path
    assert snap_compare(app, press=["down"], terminal_size=(80, 24))


def test_watch_view_120x40(snap_compare, room):
    app = WatchApp(room, LESSONS, lang="en", test_mode=True, clock=clock)
    app.title = "class"
    assert snap_compare(app, terminal_size=(120, 40))


async def test_a_broken_state_file_is_said_once_and_rewritten(room):
    (room / "state.json").write_text("[1, 2", encoding="utf-8")
    app = WatchApp(room, LESSONS, lang="en", test_mode=True, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.poll()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert sum("cannot be read" in m for m in said) == 1
        await pilot.press("m")  # a command writes a whole, good file
        assert read_state(room / "state.json").seen["alice"] == NOW


# The needs-help line reads naturally (no "needs help: asks for help").
@pytest.mark.parametrize(
    ("lang", "line", "doubled"),
    [
        ("en", "carol: asks for help. m marks it seen.", "needs help: asks for help"),
        ("zh", "carol:请求帮助。按 m 标记已看到。", "需要帮助:请求帮助"),
    ],
)
async def test_a_call_for_help_is_said_once(room, lang, line, doubled):
    app = WatchApp(room, LESSONS, lang=lang, test_mode=True, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(6):
            if app.selected() == "carol":
                break
            await pilot.press("down")
        assert app.selected() == "carol"
        text = screen_text(app)
        assert line in text and doubled not in text
