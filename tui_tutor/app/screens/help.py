"""The help screen (key `?`): every key of the tutor and of the lab."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui_tutor.i18n import t

from .modal import TutorModal

TUTOR_KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "help_lesson",
        [
            ("n", "help_next"),
            ("p", "help_prev"),
            ("l", "help_lessons"),
            ("f", "help_layout"),
            ("↑ ↓ PgUp PgDn", "help_scroll"),
        ],
    ),
    (
        "help_quiz",
        [
            ("1-9", "help_numbers"),
            ("Enter", "help_enter"),
            ("h", "help_hint"),
            ("0-9 . Enter Esc", "help_numeric"),
        ],
    ),
    (
        "help_app",
        [
            ("?", "help_help"),
            ("ctrl+p", "help_palette"),
            ("ctrl+t", "help_theme"),
            ("Esc", "help_escape"),
            ("q", "help_quit"),
        ],
    ),
]


class HelpScreen(TutorModal[None]):
    """Lists the keys, grouped: lesson, questions, lab, app."""

    BINDINGS = [
        Binding("escape", "close", "close"),
        Binding("question_mark", "close", "close", show=False),
        Binding("q", "app.quit", "quit", show=False),  # q quits from every screen
    ]

    def __init__(
        self,
        lang: str = "en",
        lab_rows: Sequence[tuple[Binding, str]] = (),
        more: Sequence[tuple[str, list[tuple[str, str]]]] = (),
    ) -> None:
        super().__init__()
        self.lang = lang
        self.lab_rows = list(lab_rows)  # (binding, description): ``lab.actions.help_rows``
        self.more = list(more)  # (title, [(keys, description)]), in words: a class's keys

    def _table(self) -> Table:
        lang = self.lang
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")  # Chinese has no spaces to wrap at
        groups: list[tuple[str, list[tuple[str, str]]]] = [
            (t(title, lang), [(k, t(desc, lang)) for k, desc in keys]) for title, keys in TUTOR_KEYS
        ]
        lab_rows = []
        for binding, description in self.lab_rows:
            keys = binding.key_display or ", ".join(
                self.app.get_key_display(binding.with_key(k.strip()))
                for k in binding.key.split(",")
            )
            lab_rows.append((keys, description))
        groups.insert(2, (t("help_lab", lang), lab_rows))
        groups[-1:-1] = self.more
        for title, rows in groups:
            if not rows:
                continue
            table.add_row(Text(title, style="bold underline"), "")
            for key, desc in rows:
                table.add_row(Text(key), Text(desc))  # Text: a "[" is shown, never markup
            table.add_row("", "")
        return table

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(t("help_title", self.lang), classes="modal-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(id="help-keys")
                yield Static(t("help_links", self.lang), classes="modal-note")
            yield Static(t("help_close", self.lang), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#help-keys", Static).update(self._table())
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
