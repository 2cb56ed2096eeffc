"""The string tables: one per language, the same keys and the same {fields} in each."""

from __future__ import annotations

import string

from tui_tutor import i18n
from tui_tutor.i18n import LANGS, TABLES, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_key_and_no_empty_string() -> None:
    keys = set(TABLES["en"])
    for lang in LANGS:
        assert set(TABLES[lang]) == keys, lang
        assert all(TABLES[lang][k].strip() for k in keys), lang


def test_the_same_fields_are_filled_in_every_language() -> None:
    for key, en in TABLES["en"].items():
        for lang in LANGS:
            assert _fields(TABLES[lang][key]) == _fields(en), (lang, key)


def test_lookup_fills_fields_and_falls_back() -> None:
    assert t("step_of", "zh", n=2, m=5) == "第 2/5 步"
    assert t("step_of", "fr", n=2, m=5) == "step 2/5"  # an unknown language: English
    assert t("no-such-key", "en") == "no-such-key"  # a missing string shows, never raises
    assert t("step_of", "en") == "step {n}/{m}"  # unfilled fields stay visible
    assert i18n.has("step_of") and not i18n.has("no-such-key")
