"""The lab form's fields: one per setting the lesson offers, read with the setting's grammar.

A field shows its value with ``Setting.show`` and reads text back with ``Setting.parse``
(the CLI's grammar: ``20,3``, ``20 3``, ``none`` and empty all work for layers), then
``LabConfig.from_mapping`` checks the settings together (the split fits m, a batch fits
the training set). A bad value gives one line in the learner's language naming the field
and what it accepts, worded from the setting's own example, limits and choices. No
Textual here: ``screens/form.py`` is the modal that shows the fields.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from tui_tutor import ml
from tui_tutor.i18n import t

__all__ = ["choices", "field_text", "label", "problem", "read_fields"]


def label(key: str, lang: str = "en") -> str:
    """The field's name in ``lang`` (``field.<key>``)."""
    return t(f"field.{key}", lang)


def field_text(config: ml.LabConfig, key: str) -> str:
    """The current value of ``key`` as the form shows it (and ``parse`` reads it back)."""
    return ml.SETTINGS[key].show(getattr(config, key))


def choices(key: str) -> tuple[str, ...]:
    """The values a choice setting takes (empty for the others, which are typed)."""
    s = ml.SETTINGS[key]
    return s.choices if s.kind == "choice" else ()


def problem(key: str, text: str, lang: str = "en") -> str:
    """What is wrong with ``text`` for setting ``key`` and what it accepts, in ``lang``.

    Called once ``Setting.parse`` refused ``text``; the words come from the setting's
    declaration (``example``, ``limits``, ``unit_limits``, ``choices``).
    """
    s = ml.SETTINGS[key]
    typed = text.strip()
    if s.kind in ("int", "float"):
        whole = s.kind == "int"
        number = "form.whole" if whole else "form.number"
        if not typed:
            return t("form.empty", lang, example=s.example)
        try:
            v = float(typed.replace("_", ""))
        except ValueError:
            return t(number, lang, example=s.example, value=typed)
        if not math.isfinite(v) or (whole and not v.is_integer()):
            return t(number, lang, example=s.example, value=typed)
        return _range(s, v, lang)
    if s.kind == "layers":
        most = int(s.limits[1]) if s.limits else 0
        try:
            if len(ml.parse_layers(typed)) > most:
                return t("form.max_layers", lang, n=most)
        except ml.ConfigError:
            pass
        lo, hi = s.unit_limits or (1, 1)
        return t("form.layers", lang, example=s.example, lo=lo, hi=hi, value=typed)
    if s.kind == "choice":
        return t("form.choice", lang, choices=", ".join(s.choices), value=typed)
    if s.kind == "probs" and s.limits:  # dropout's keep_prob
        lo, hi = (ml.format_number(v) for v in s.limits)
        return t("form.keep_prob", lang, lo=lo, hi=hi, example=s.example, value=typed)
    return t("form.split", lang, example=s.example, value=typed)


def _range(s: ml.Setting, v: float, lang: str, hi: float | None = None) -> str:
    lo, top = s.limits or (-math.inf, math.inf)
    top = top if hi is None else hi
    show = ml.format_number
    return t("form.range", lang, lo=show(lo), hi=show(top), value=show(v))


def _together(
    exc: ml.ConfigError, values: Mapping[str, Any], config: ml.LabConfig, lang: str
) -> str:
    """The message for settings that are fine alone but not together."""
    get = lambda k: values.get(k, getattr(config, k))  # noqa: E731
    if exc.key == "keep_prob" and isinstance(get("keep_prob"), tuple):  # dropout
        n, layers = len(get("keep_prob")), len(get("layers"))
        return t("form.keep_prob_layers", lang, n=n, layers=layers)
    if exc.key == "split":
        return problem("split", ml.SETTINGS["split"].show(get("split")), lang)
    if exc.key == "batch_size":
        try:
            train = ml.split_sizes(get("m"), get("split"))[0]
        except ml.DataError:
            return exc.message
        return _range(ml.SETTINGS["batch_size"], get("batch_size"), lang, hi=train)
    return exc.message


def read_fields(
    config: ml.LabConfig, texts: Mapping[str, str], lang: str = "en"
) -> tuple[ml.LabConfig | None, str | None, str]:
    """(new config, None, "") if ``texts`` (setting -> typed text) are valid, else
    (None, the first bad key, one line naming its field and what it accepts)."""
    values: dict[str, Any] = {}
    for key, text in texts.items():
        try:
            values[key] = ml.SETTINGS[key].parse(text)
        except ml.ConfigError:
            message = problem(key, text, lang)
            return None, key, t("form.bad", lang, field=label(key, lang), message=message)
    try:
        return ml.LabConfig.from_mapping(values, base=config), None, ""
    except ml.ConfigError as exc:
        message = _together(exc, values, config, lang)
        return None, exc.key, t("form.bad", lang, field=label(exc.key, lang), message=message)
