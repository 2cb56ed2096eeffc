"""``tui-tutor class watch DIR``: the instructor's live view (Textual) over ``ClassWatch``.

One row per learner, refreshed when ``ClassWatch.poll`` (every ``POLL`` s: a stat per
live file) sees a change, and every ``AGE`` s for the "active" and "online" columns.
Every learner's string is shown as a Rich ``Text`` built from ``safe.clean_line``: no
markup is parsed from it, no control sequence reaches the terminal.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Static

from tui_tutor.course.model import Lesson
from tui_tutor.i18n import t
from tui_tutor.safe import clean_line

from .spread import spread_text
from .watch import SORTS, ClassWatch, Row

POLL = 1.0
AGE = 5.0


def _cell(value: object, limit: int = 24) -> Text:
    return Text(clean_line("" if value is None else value, limit=limit), no_wrap=True)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = int(max(0, seconds))
    return f"{s}s" if s < 60 else f"{s // 60}m" if s < 3600 else f"{s // 3600}h"


class QuestionsScreen(ModalScreen[None]):
    """Every question of the course: answered, status; the highlighted one's distribution."""

    BINDINGS = [
        Binding("h", "set('held')", "hold"),
        Binding("o", "set('open')", "open"),
        Binding("r", "set('revealed')", "close+reveal"),
        Binding("escape", "dismiss", "back"),
    ]

    def __init__(self, watch: ClassWatch, lang: str) -> None:
        super().__init__()
        self.watch, self.lang = watch, lang
        words = {"set('held')": "wkey_hold", "set('open')": "wkey_open"}
        words |= {"set('revealed')": "wkey_reveal", "dismiss": "wkey_back"}
        for key, bindings in self._bindings.key_to_bindings.items():
            self._bindings.key_to_bindings[key] = [
                replace(b, description=t(words[b.action], lang)) if b.action in words else b
                for b in bindings
            ]

    def compose(self) -> ComposeResult:
        with Vertical(id="questions-box"):
            yield Static(t("watch_questions_title", self.lang), id="questions-title")
            yield DataTable(id="questions", cursor_type="row", zebra_stripes=True)
            yield Static(id="question-detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        lang = self.lang
        for key in ("col_lesson", "qcol_question", "qcol_answered", "qcol_status"):
            table.add_column(t(key, lang), key=key)
        self.refresh_rows()
        table.focus()

    def refresh_rows(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for lesson, quiz, prompt in self.watch.questions():
            n, _, _ = self.watch.distribution(lesson, quiz)
            status = self.watch.state.status(lesson, quiz)
            table.add_row(
                _cell(lesson, 18),
                _cell(f"{quiz}: {prompt}", 40),
                _cell(n),
                _cell(t(f"status_{status}", self.lang)),
                key=f"{lesson}/{quiz}",
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._detail()

    def selected(self) -> tuple[str, str] | None:
        questions = self.watch.questions()
        row = self.query_one(DataTable).cursor_row
        return (questions[row][0], questions[row][1]) if 0 <= row < len(questions) else None

    def on_data_table_row_highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        chosen = self.selected()
        text = ""
        if chosen is not None:
            n, counts, numbers = self.watch.distribution(*chosen)
            dist = spread_text(counts, numbers, self.lang)
            text = t("watch_dist", self.lang, n=n, dist=dist)
        self.query_one("#question-detail", Static).update(Text(text))

    def action_set(self, status: str) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        try:
            self.watch.set_question(*chosen, status)
        except OSError as exc:
            self.notify(t("watch_write_failed", self.lang, error=exc.strerror or exc))
        self.refresh_rows()


class GoToScreen(ModalScreen[None]):
    """Where to send every connected learner: ``LESSON STEP`` (step from 1)."""

    BINDINGS = [Binding("escape", "dismiss", "back")]

    def __init__(self, watch: ClassWatch, lang: str, start: str) -> None:
        super().__init__()
        self.watch, self.lang, self.start = watch, lang, start

    def compose(self) -> ComposeResult:
        example = self.start or "01-intro 2"
        with Vertical(id="goto-box"):
            yield Static(t("watch_goto_title", self.lang, example=example))
            yield Input(value=self.start, id="goto-input")
            yield Static(id="goto-problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        parts = event.value.split()
        lessons = {ls.id: ls for ls in self.watch.lessons}
        problem = None
        if len(parts) != 2 or not parts[1].isdecimal():
            problem = "LESSON STEP"
        elif lessons and parts[0] not in lessons:
            problem = ", ".join(lessons)
        elif lessons and not 1 <= int(parts[1]) <= len(lessons[parts[0]].steps):
            problem = f"1..{len(lessons[parts[0]].steps)}"
        if problem is not None:
            text = t("watch_goto_bad", self.lang, problem=problem)
            self.query_one("#goto-problem", Static).update(Text(text))
            return
        try:
            n = self.watch.go_to(parts[0], int(parts[1]) - 1)
        except OSError as exc:
            self.notify(t("watch_write_failed", self.lang, error=exc.strerror or exc))
        else:
            sent = t("watch_goto_sent", self.lang, n=n, lesson=parts[0], step=parts[1])
            self.notify(sent)
        self.dismiss(None)


class WatchApp(App[int]):
    """The class in ``root``, live. ``test_mode``: no timers (tests call ``poll``)."""

    CSS = """
    #summary, #detail { height: auto; padding: 0 1; }
    #learners { height: 1fr; }
    QuestionsScreen, GoToScreen { align: center middle; }
    #questions-box, #goto-box { width: 100%; height: 100%; background: $surface; }
    #goto-box { height: auto; border: round $accent; padding: 0 1; }
    #questions { height: 1fr; }
    #question-detail, #questions-title { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("s", "sort", "sort"),
        Binding("m", "seen", "seen"),
        Binding("a", "questions", "questions"),
        Binding("g", "goto", "go to"),
        Binding("x", "export", "export"),
        Binding("q", "quit", "quit"),
    ]

    def __init__(
        self,
        root: Path,
        lessons: list[Lesson] | None = None,
        *,
        lang: str = "en",
        test_mode: bool = False,
        clock=time.time,  # noqa: ANN001 - a () -> float
    ) -> None:
        super().__init__()
        self.watch = ClassWatch(root, lessons, clock=clock)
        self.lang, self.test_mode = lang, test_mode
        self.sort = "name"
        self.title = t("watch_title", lang, dir=clean_line(root))
        self._last_refresh = 0.0
        self._told: str | None = None
        words = {"sort": "wkey_sort", "seen": "wkey_seen", "questions": "wkey_questions"}
        words |= {"goto": "wkey_goto", "export": "wkey_export", "quit": "wkey_quit"}
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [
                replace(b, description=t(words[b.action], lang)) if b.action in words else b
                for b in bindings
            ]

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield DataTable(id="learners", cursor_type="row", zebra_stripes=True)
        yield Static(id="detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#learners", DataTable)
        table.add_column("!", key="flag")
        for key in ("col_name", "col_lesson", "col_step", "col_score", "col_answered"):
            table.add_column(t(key, self.lang), key=key)
        for key in ("col_challenges", "col_active", "col_connected"):
            table.add_column(t(key, self.lang), key=key)
        self.refresh_rows()
        table.focus()
        self._say_state_problem()
        if not self.test_mode:
            self.set_interval(POLL, self.poll)

    def poll(self) -> None:
        """One look at the class folder; redraw when something changed (or ages moved)."""
        changed = self.watch.poll()
        self._say_state_problem()
        if changed or self.watch.clock() - self._last_refresh >= AGE:
            self.refresh_rows()
            if isinstance(self.screen, QuestionsScreen):
                self.screen.refresh_rows()

    def _say_state_problem(self) -> None:
        """A broken state file is said once (the next command rewrites it whole)."""
        problem = self.watch.state_problem
        if problem is not None and problem != self._told:
            text = t("watch_state_problem", self.lang, problem=clean_line(problem, limit=80))
            self.notify(text, severity="warning")
        self._told = problem

    def rows(self) -> list[Row]:
        return self.watch.rows(self.sort)

    def refresh_rows(self) -> None:
        self._last_refresh = now = self.watch.clock()
        table = self.query_one("#learners", DataTable)
        selected = self.selected()
        rows = self.rows()
        table.clear()
        lang = self.lang
        for row in rows:
            live = row.live
            flag = Text("!" if row.needs else ("?" if row.problem else ""), style="bold")
            where = f"{live.step + 1}/{live.steps}" if live else ""
            score = f"{live.points:g}/{live.questions}" if live else ""
            table.add_row(
                flag,
                _cell(row.name, 16),
                _cell(live.lesson if live else "", 18),
                _cell(where),
                _cell(score),
                _cell(live.answered if live else ""),
                _cell(live.challenges if live else ""),
                _cell(_age(now - live.active) if live and live.active else "—"),
                _cell(t("watch_on" if row.connected else "watch_off", lang)),
                key=row.name,
            )
        names = [r.name for r in rows]
        if selected in names:
            table.move_cursor(row=names.index(selected))
        needing = sum(1 for r in rows if r.needs)
        summary = t(
            "watch_summary",
            lang,
            n=len(rows),
            on=sum(1 for r in rows if r.connected),
            help=needing,
            sort=t(f"sort_{self.sort}", lang),
        )
        self.query_one("#summary", Static).update(Text(summary, no_wrap=True, overflow="ellipsis"))
        self._detail()

    def selected(self) -> str | None:
        table = self.query_one("#learners", DataTable)
        if not table.row_count:
            return None
        try:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    def on_data_table_row_highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        name = self.selected()
        row = next((r for r in self.watch.rows() if r.name == name), None)
        lang = self.lang
        if row is None:
            text = t("watch_detail_empty", lang)
        elif row.problem:
            problem = clean_line(row.problem, limit=120)
            text = t("watch_detail_problem", lang, name=clean_line(row.name), problem=problem)
        elif row.needs:
            needs = t("list_sep", lang).join(t(f"need_{n}", lang) for n in row.needs)
            text = t("watch_detail_needs", lang, name=row.name, needs=needs)
        else:
            text = t("watch_detail_none", lang, name=row.name)
        self.query_one("#detail", Static).update(Text(text))

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refresh_rows()

    def action_seen(self) -> None:
        name = self.selected()
        if name is None:
            return
        try:
            self.watch.mark_seen(name)
        except OSError as exc:
            self.notify(t("watch_write_failed", self.lang, error=exc.strerror or exc))
            return
        self.notify(t("watch_seen", self.lang, name=clean_line(name)))
        self.refresh_rows()

    def action_questions(self) -> None:
        self.push_screen(QuestionsScreen(self.watch, self.lang))

    def action_goto(self) -> None:
        name = self.selected()
        row = next((r for r in self.watch.rows() if r.name == name), None)
        start = f"{row.live.lesson} {row.live.step + 1}" if row and row.live else ""
        self.push_screen(GoToScreen(self.watch, self.lang, clean_line(start)))

    def action_export(self) -> None:
        folder = self.watch.root / "exports"
        path = folder / time.strftime("class-%Y%m%d-%H%M%S.csv", time.localtime())
        try:
            folder.mkdir(exist_ok=True)
            path.write_text(self.watch.as_csv(), encoding="utf-8")
        except OSError as exc:
            self.notify(t("watch_export_failed", self.lang, error=exc.strerror or exc))
            return
        self.notify(t("watch_exported", self.lang, path=clean_line(path)), timeout=15)

    def action_quit(self) -> None:
        self.exit(0)
