"""Every string tui-tutor shows, in Chinese: one module per area, merged here.

Keys are the same in every language (a test checks) and a key lives in one area only
(checked at import).
"""

from . import app, classroom, deep, dropout, lab, norm, perf, regmore

AREAS = (app, lab, classroom, dropout, regmore, norm, deep, perf)
STRINGS: dict[str, str] = {}
for _area in AREAS:
    _twice = STRINGS.keys() & _area.STRINGS.keys()
    if _twice:
        raise RuntimeError(f"strings defined in two areas: {sorted(_twice)}")
    STRINGS.update(_area.STRINGS)
