"""The hostile lesson the untrusted-text tests share: payloads (terminal escapes and
controls) and the one lesson with a slot for one in each place a lesson carries text.

tests/course/test_course_limits.py checks that the parser refuses each at its line;
tests/cli/test_cli_lessons_payloads.py that the CLI prints the refusal as plain text.
"""

from __future__ import annotations

PAYLOADS = {
    "osc52": "\x1b]52;c;SGVsbG8=\x07",  # write the terminal's clipboard
    "osc0": "\x1b]0;owned\x07",  # set the window title
    "csi-clear": "\x1b[2J\x1b[H",  # clear the screen
    "c1-csi": "\x9b31m",  # an 8-bit CSI
    "rtl": "abc\u202edcba",  # right-to-left override
    "del": "a\x7fb",
    "bel": "a\x07b",
}

LESSON = """+++
id = "demo"
title = "{title}"
order = 1
+++

Intro {body}.

::: step Second {step}

```quiz
id = "q1"
kind = "single"
prompt = "{prompt}"
choices = ["A", "{choice}"]
answer = 1
hint = "{hint}"
explain = "{explain}"
```
"""
# The file line of each place in LESSON.
LINES = {"title": 3, "body": 7, "step": 9, "prompt": 14, "choice": 15, "hint": 17, "explain": 18}
TOML_PLACES = ("title", "prompt", "choice", "hint", "explain")


def toml_escape(text: str) -> str:
    """``text`` as the body of a TOML basic string, every non-printable as \\uXXXX."""
    return "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)


def lesson(place: str, payload: str) -> str:
    fields = {key: "plain" for key in LINES}
    fields[place] = toml_escape(payload) if place in TOML_PLACES else payload
    return LESSON.format(**fields)
