"""The CLI's exit statuses and the two exceptions a command raises to end with one line.

``UsageError`` is bad input (``tui-tutor: error: <what is wrong>; <what is accepted>``,
exit 2); ``Interrupted`` is Ctrl-C with a note of how far it got (exit 130). The package's
``main`` turns them into the line and the status; the commands only raise them.
"""

from __future__ import annotations

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "PROG",
    "Interrupted",
    "UsageError",
    "says_accepted",
]

PROG = "tui-tutor"
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `| head`


class UsageError(Exception):
    """Bad input: printed as ``tui-tutor: error: <message>`` with exit status 2."""


class Interrupted(Exception):
    """Ctrl-C: printed as ``tui-tutor: <message>`` with exit status 130."""


# Words by which a message already says what is accepted (or names the limit it broke);
# a message without any of them gets a pointer to the command's --help.
_ACCEPTED_WORDS = (
    "between",
    "choose",
    "such as",
    "give",
    "accepted",
    "expected",
    "at least",
    "at most",
    "more than",
    "needs",
    "--help",
)


def says_accepted(message: str) -> bool:
    """Does ``message`` already say what is accepted (else ``main`` adds a --help pointer)?"""
    return any(w in message for w in _ACCEPTED_WORDS)
