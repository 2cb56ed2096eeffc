"""The instructor view's needs-help line reads naturally (no "needs help: asks for help")."""

from __future__ import annotations

import pytest
from conftest import screen_text
from test_watch import LESSONS, clock, room  # noqa: F401 - the class folder fixture

from tui_tutor.classroom.watchapp import WatchApp


@pytest.mark.parametrize(
    ("lang", "line", "doubled"),
    [
        ("en", "carol: asks for help. m marks it seen.", "needs help: asks for help"),
        ("zh", "carol:请求帮助。按 m 标记已看到。", "需要帮助:请求帮助"),
    ],
)
async def test_a_call_for_help_is_said_once(room, lang, line, doubled):  # noqa: F811
    app = WatchApp(room, LESSONS, lang=lang, test_mode=True, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(6):
            if app.selected() == "carol":
                break
            await pilot.press("down")
        assert app.selected() == "carol"
        text = screen_text(app)
        assert line in text and doubled not in text
