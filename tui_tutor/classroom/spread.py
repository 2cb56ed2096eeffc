"""A question's class distribution: how many learners chose each choice, and the spread
of the numbers typed. Computed by the instructor's view from the live files, stored in
the state file when a question is revealed, shown by the learners' apps."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable

from tui_tutor.course.kinds import parse_number
from tui_tutor.i18n import t
from tui_tutor.safe import clean_line

__all__ = ["distribution", "spread_text"]


def distribution(
    responses: Iterable[object], unit: str = ""
) -> tuple[dict[str, int], dict[str, float] | None]:
    """(counts per choice, numbers' spread) of the learners' latest ``responses``.

    A choice (int) counts once, a list of choices counts each choice, a typed number
    (text) joins the spread ``{"n", "min", "median", "max"}`` (None when no number).
    Choice keys are strings ("1", "2"...) in choice order; anything else is left out.
    """
    counts: Counter[int] = Counter()
    numbers: list[float] = []
    for response in responses:
        if isinstance(response, bool) or response is None:
            continue
        if isinstance(response, int):
            counts[response] += 1
        elif isinstance(response, list | tuple):
            counts.update({c for c in response if isinstance(c, int) and not isinstance(c, bool)})
        elif isinstance(response, str):
            value = parse_number(response, unit)
            if value is not None:
                numbers.append(value)
    spread = None
    if numbers:
        spread = {
            "n": float(len(numbers)),
            "min": min(numbers),
            "median": statistics.median(numbers),
            "max": max(numbers),
        }
    return {str(k): counts[k] for k in sorted(counts)}, spread


def spread_text(counts: dict[str, int], numbers: dict[str, float] | None, lang: str) -> str:
    """One line: ``1: 4, 2: 9`` and/or ``5 numbers from 0.1 to 0.9, median 0.3``."""
    parts = [
        t("class_dist_choice", lang, choice=clean_line(k, limit=8), n=n) for k, n in counts.items()
    ]
    text = t("list_sep", lang).join(parts)
    if numbers and numbers.get("n"):
        line = t(
            "class_dist_numbers",
            lang,
            n=int(numbers["n"]),
            min=f"{numbers.get('min', 0):.3g}",
            max=f"{numbers.get('max', 0):.3g}",
            median=f"{numbers.get('median', 0):.3g}",
        )
        text = f"{text}; {line}" if text else line
    return text or t("class_dist_none", lang)
