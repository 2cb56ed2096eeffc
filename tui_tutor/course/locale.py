"""Which language to teach in, and where the bundled lessons live."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from tui_tutor.i18n import LANGS

__all__ = ["LANGS", "bundled_lessons_dir", "default_lang"]


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """ "zh" when the locale is Chinese, else "en".

    The first non-empty of LC_ALL, LC_MESSAGES and LANG decides (the POSIX order), so
    ``LANG=zh_CN.UTF-8`` gives "zh" unless LC_ALL says otherwise.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(name) or "").strip()
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def bundled_lessons_dir(lang: str) -> Path:
    """The folder of the lessons shipped with tui-tutor in ``lang`` ("en" or "zh").

    An installed wheel holds them at ``tui_tutor/lessons/<lang>`` (pyproject maps the
    top-level ``lessons/`` there); a checkout or an editable install has ``lessons/<lang>``
    beside the package.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose {' or '.join(LANGS)}")
    package = Path(__file__).resolve().parent.parent
    candidates = [package / "lessons" / lang, package.parent / "lessons" / lang]
    try:  # an editable install maps the package tui_tutor.lessons to the checkout
        import importlib.resources

        root = importlib.resources.files("tui_tutor.lessons")
        candidates.insert(0, Path(str(root)) / lang)
    except (ImportError, TypeError, ValueError, OSError):
        pass
    for folder in candidates:
        if folder.is_dir():
            return folder
    return candidates[-1]
