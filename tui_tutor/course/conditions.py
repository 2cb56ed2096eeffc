"""Read the conditions of a lesson: claims, a predict's ``expect``, a challenge's ``goal``.

A condition is a TOML inline table ``{ metric, op, value }``; in claims it may instead
compare with another step's run: ``{ metric, op, step = N, margin }``. Each bad one is
reported at its own line and left out, so one check reports every bad condition.
"""

from __future__ import annotations

from typing import Any

from .model import METRICS, OPS, Condition
from .tomllines import Report, TomlLines, is_number, kind_name

__all__ = ["EXAMPLE", "parse_condition", "parse_conditions"]

EXAMPLE = '{ metric = "dev_error", op = "<", value = 0.12 }'
"""A condition as an author writes it, for messages."""


def parse_condition(
    raw: Any, line: int, where: str, report: Report, n_steps: int = 0, own_step: int = 0
) -> Condition | None:
    """One ``{ metric, op, value | step, margin }`` table at file line ``line``, or None.

    ``where`` names the list in messages ("claims", "expect", "goal"). ``n_steps`` > 0
    allows step comparisons (claims only): ``step`` must be 1..n_steps and not
    ``own_step``, the claim's own step.
    """
    if not isinstance(raw, dict):
        report(line, f"each item of {where} must be a table such as {EXAMPLE}")
        return None
    allowed = ("metric", "op", "value", "step", "margin") if n_steps else ("metric", "op", "value")
    for key in raw:
        if key not in allowed:
            extra = " (step comparisons are only for claims)" if key in ("step", "margin") else ""
            report(
                line,
                f"unknown key {key!r} in a condition of {where}{extra}; "
                f"accepted: {', '.join(allowed)}",
            )
            return None
    metric, op = raw.get("metric"), raw.get("op")
    if metric not in METRICS:
        report(line, f"unknown metric {metric!r} in {where}; accepted: {', '.join(METRICS)}")
        return None
    if op not in OPS:
        report(line, f"unknown op {op!r} in {where}; accepted: {', '.join(OPS)}")
        return None
    has_value, has_step = "value" in raw, "step" in raw
    if has_value == has_step:
        what = "value = NUMBER or step = N" if n_steps else "value = NUMBER"
        report(line, f"a condition in {where} needs exactly one of {what}")
        return None
    if has_value:
        if not is_number(raw["value"]):
            report(line, f"value in {where} must be a number, got {kind_name(raw['value'])}")
            return None
        if "margin" in raw:
            report(line, "margin only goes with step = N")
            return None
        return Condition(metric, op, float(raw["value"]), line=line)
    step = raw["step"]
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= n_steps:
        report(line, f"step {step!r} does not exist: this lesson has steps 1 to {n_steps}")
        return None
    if step == own_step:
        report(line, f"a claim of step {step} compares the step with itself")
        return None
    margin = raw.get("margin", 0.0)
    if not is_number(margin):
        report(line, f"margin must be a number, got {kind_name(margin)}")
        return None
    return Condition(metric, op, None, step, float(margin), line=line)


def parse_conditions(raw: Any, keys: TomlLines, key: str, report: Report) -> tuple[Condition, ...]:
    """The non-empty list of conditions at ``key`` of a quiz block (``expect``, ``goal``)."""
    if not isinstance(raw, list) or not raw:
        report(keys.key(key), f"{key} must be a non-empty list of conditions such as [{EXAMPLE}]")
        return ()
    out = []
    for i, item in enumerate(raw):
        cond = parse_condition(item, keys.item((key,), i), key, report)
        if cond is not None:
            out.append(cond)
    return tuple(out)
