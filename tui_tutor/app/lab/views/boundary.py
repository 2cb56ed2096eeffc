"""The boundary view: the predicted regions of the current weights, the points on top.

``Raster`` paints ``ml.predict_proba`` on a grid of the standardized input space, one
character cell per grid point, with the train and dev points on top and the previous
run's boundary traced as dim dots. The grid is computed in the UI thread; for a big
network that costs tens of milliseconds, so during a run it is recomputed at most once
per ``THROTTLE`` times its own cost (the UI keeps most of its time for keys) and the
latest weights are always drawn a moment later.
"""

from __future__ import annotations

import time

import numpy as np
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.strip import Strip
from textual.widget import Widget

from tui_tutor import ml
from tui_tutor.i18n import t

from .base import Frame, View, legend_text

__all__ = ["POINT_FG", "REGION_BG", "THROTTLE", "BoundaryView", "Raster"]

THROTTLE = 4.0  # a grid that took t seconds is recomputed at most every THROTTLE * t
SLOW_GRID_S = 0.008  # grids faster than this are recomputed at every snapshot


class BoundaryView(View):
    """Where the network says ŷ > 0.5, with the data it learned from."""

    name = "boundary"
    canvas = "boundary"

    def draw(self, frame: Frame, canvas: Raster) -> None:
        run, before = frame.run, frame.before
        behind = (before.params, before.activation) if before and before.params else None
        canvas.show(run.params, run.config.activation, run.data, behind)

    def legend(self, frame: Frame) -> Text:
        out, lang = legend_text(), frame.lang
        if frame.no_color:
            out.append(t("legend.boundary_nc", lang))
        else:
            _colour_legend(out, lang)
        data = frame.run.data
        if data is not None and data.augmented:  # regmore: augmented copies, drawn apart
            out.append("  · ")
            if frame.no_color:
                out.append(f"{_COPY_GLYPH[0]} {_COPY_GLYPH[1]} ")
            else:
                for cls in (0, 1):
                    out.append(_GLYPH[cls], Style(color=POINT_FG["copy", cls], bold=True))
                    out.append(" ")
            out.append(t("legend.points_copies", lang))
        if frame.before is not None:
            out.append("  · ")
            out.append(t("legend.before", lang), Style(dim=True))
        return out


def _colour_legend(out: Text, lang: str) -> None:
    """'o x train  o x dev  ·  regions: ŷ>0.5 ŷ<0.5' in the colours of the raster."""
    # Glyphs on a dark chip and white text on the regions, as in the raster, so the
    # legend reads the same in the light theme.
    chip = "#303030"
    out.append("o", Style(color=POINT_FG["train", 0], bgcolor=chip, bold=True))
    out.append(" ", Style(bgcolor=chip))
    out.append("x", Style(color=POINT_FG["train", 1], bgcolor=chip, bold=True))
    out.append(f" {t('legend.points_train', lang)}  ")
    out.append("o x", Style(color=POINT_FG["dev", 1], bgcolor=chip, bold=True))
    out.append(f" {t('legend.points_dev', lang)}  ·  {t('legend.regions', lang)}")
    for cls, label in ((1, " ŷ>0.5 "), (0, " ŷ<0.5 ")):
        out.append(" ")
        out.append(label, Style(color="#ffffff", bgcolor=REGION_BG[cls, True]))


REGION_BG = {  # (class, confident) -> background
    (1, True): "#005f87",  # exact xterm-256 colours, so 256-colour terminals keep them
    (1, False): "#005f5f",
    (0, True): "#870000",
    (0, False): "#5f0000",
}
POINT_FG = {  # (set, class) -> glyph colour; dev points share one colour, o and x tell them apart
    ("train", 1): "#afd7ff",
    ("train", 0): "#ffafaf",
    ("dev", 1): "#ffd75f",
    ("dev", 0): "#ffd75f",
    ("copy", 1): "#5f87af",  # augmented copies: the train colours, dimmed
    ("copy", 0): "#af5f5f",
}
_BEFORE_FG = "#9e9e9e"
_GLYPH = {0: "o", 1: "x"}
_COPY_GLYPH = {0: "-", 1: "+"}  # without colour


def _cell_styles(fg_names: list[str | None], no_color: bool) -> dict[int, Style]:
    """Style for every cell code: region (0-3: class * 2 + confident) + 4 * foreground."""
    out = {}
    for i, name in enumerate(fg_names):
        for region in range(4):
            cls, confident = divmod(region, 2)
            point = name is not None and name != _BEFORE_FG
            if no_color:
                out[region + 4 * i] = Style(bold=point)
            else:
                bg = REGION_BG[cls, bool(confident)]
                out[region + 4 * i] = Style(color=name, bgcolor=bg, bold=point)
    return out


class Raster(Widget):
    """The predicted regions of the current weights with the train and dev points on top.

    ``show(params, activation, data, before)`` sets what to draw: ``params`` the weights
    ({"W1": (n1, 2), "b1": (n1, 1), ...}), ``data`` the ``ml.Splits`` whose X_train
    (2, m_train) and X_dev (2, m_dev), standardized, with Y (1, m) labels, are the points;
    ``before`` the previous run's (params, activation), whose boundary is traced as dim
    dots. The grid is recomputed only when the params or the size change.
    """

    DEFAULT_CSS = """
    Raster { width: 1fr; height: 1fr; }
    """

    def __init__(self, *, lang: str = "en", id: str | None = None, throttle: bool = True) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.throttle = throttle  # off in test mode: every picture is the exact one
        self._params: dict | None = None
        self._before: dict | None = None
        self._activation = "relu"
        self._before_activation = "relu"
        self._points: tuple[np.ndarray, ...] | None = None
        self._drawn = 0  # how many of the training points were drawn (the rest are copies)
        self._cache: tuple | None = None  # (key, grid) of the current weights
        self._before_cache: tuple | None = None  # (key, edge) of the previous run's
        self._grid_s = 0.0  # how long the last grid took
        self._grid_at = -np.inf  # when it was computed (time.monotonic)
        self._late = False  # a redraw is scheduled for weights not drawn yet
        self._strips: tuple | None = None  # (key, strips) of the picture last painted

    def show(
        self,
        params: dict | None,
        activation: str,
        data: ml.Splits | None,
        before: tuple[dict, str] | None = None,
    ) -> None:
        """Draw ``params`` over ``data``'s train and dev sets (and ``before``'s boundary)."""
        self._params = params
        self._activation = activation
        if before is None:
            self._before = None
        else:
            self._before, self._before_activation = before
        if data is not None:
            self._points = (data.X_train, data.Y_train, data.X_dev, data.Y_dev)
            self._drawn = data.Y_train.shape[1] - data.augmented  # copies come last
        self.refresh()

    def _bounds(self) -> tuple[float, float, float, float]:
        if self._points is None:
            return -2.5, 2.5, -2.5, 2.5
        X = np.concatenate([self._points[0], self._points[2]], axis=1)
        if X.size == 0:
            return -2.5, 2.5, -2.5, 2.5
        lo, hi = np.nanmin(X, axis=1), np.nanmax(X, axis=1)
        pad = 0.08 * (hi - lo) + 1e-6
        return (
            float(lo[0] - pad[0]),
            float(hi[0] + pad[0]),
            float(lo[1] - pad[1]),
            float(hi[1] + pad[1]),
        )

    def _grid(self, w: int, h: int, params: dict, activation: str) -> np.ndarray:
        """ŷ on the cell centres, shape (h, w); row 0 is the top (largest x2)."""
        x0, x1, y0, y1 = self._bounds()
        gx = x0 + (np.arange(w) + 0.5) / w * (x1 - x0)
        gy = y1 - (np.arange(h) + 0.5) / h * (y1 - y0)
        XX, YY = np.meshgrid(gx, gy)
        G = np.vstack([XX.ravel(), YY.ravel()])
        p = ml.predict_proba(params, G, activation).reshape(h, w)
        return np.nan_to_num(p, nan=0.5)

    def _current_grid(self, w: int, h: int) -> np.ndarray:
        """ŷ of the current weights on the (h, w) grid, recomputed when they changed,
        unless the last grid was slow and recent (then a redraw follows shortly)."""
        key = (w, h, id(self._params))
        cached = self._cache
        if cached is not None and cached[0] == key:
            return cached[1]
        wait = self._grid_at + THROTTLE * self._grid_s - time.monotonic()
        same_size = cached is not None and cached[0][:2] == (w, h)
        if self.throttle and same_size and self._grid_s > SLOW_GRID_S and wait > 0:
            if not self._late:
                self._late = True
                self.set_timer(wait, self._draw_late)
            return cached[1]
        start = time.monotonic()
        assert self._params is not None
        grid = self._grid(w, h, self._params, self._activation)
        self._grid_at, self._grid_s = time.monotonic(), time.monotonic() - start
        self._cache = (key, grid)
        return grid

    def _draw_late(self) -> None:
        self._late = False
        self.refresh()

    def _before_edge(self, w: int, h: int) -> np.ndarray | None:
        """Where the previous run's boundary lies on the (h, w) grid (computed once)."""
        if self._before is None:
            return None
        key = (w, h, id(self._before))
        if self._before_cache is None or self._before_cache[0] != key:
            bp = self._grid(w, h, self._before, self._before_activation) > 0.5
            edge = np.zeros_like(bp)
            edge[:, :-1] |= bp[:, :-1] != bp[:, 1:]
            edge[:-1, :] |= bp[:-1, :] != bp[1:, :]
            self._before_cache = (key, edge)
        return self._before_cache[1]

    def render(self) -> RenderResult:
        """The picture as one Text (what the tests read; the screen takes ``render_line``)."""
        rows = self._rows()
        if isinstance(rows, str):
            return Text(rows)
        text = Text(no_wrap=True, overflow="crop")
        for r, row in enumerate(rows):
            for chars, style in row:
                text.append(chars, style)
            if r < len(rows) - 1:
                text.append("\n")
        return text

    def render_line(self, y: int) -> Strip:
        """Row ``y`` as a Strip of cached runs, rebuilt only when the picture changed: no
        Text to convert at every frame (a Text of a few hundred spans cost the UI more
        than the grid itself)."""
        w, gh = self.size.width, self.size.height
        if w < 4 or gh < 2 or self._params is None:
            parts: tuple = (self._params is None,)
        else:  # the grids' own caches decide when they are recomputed (and throttled)
            parts = (self._current_grid(w, gh), self._before_edge(w, gh), self._points)
        # Sizes and styles compare by value, the arrays by identity (held by the key, so
        # a new array cannot take the id of one it keeps).
        key, kept = ((w, gh, self.app.no_color, self.rich_style), parts), self._strips
        if (
            kept is None
            or kept[0][0] != key[0]
            or len(kept[0][1]) != len(parts)
            or any(a is not b for a, b in zip(kept[0][1], parts, strict=True))
        ):
            self._strips = (key, self._build_strips(w))
        strips = self._strips[1]
        return strips[y] if y < len(strips) else Strip.blank(w, self.rich_style)

    def _build_strips(self, w: int) -> list[Strip]:
        rows, base = self._rows(), self.rich_style
        if isinstance(rows, str):
            return [Strip([Segment(rows, base)]).crop_extend(0, w, base)] if rows else []
        return [Strip([Segment(c, base + style) for c, style in row], w) for row in rows]

    def _rows(self) -> list[list[tuple[str, Style]]] | str:
        """The picture as rows of (characters, style) runs, or a message to show instead."""
        w, gh = self.size.width, self.size.height
        if w < 4 or gh < 2 or self._params is None:
            return t("waiting", self.lang) if self._params is None else ""
        p, before = self._current_grid(w, gh), self._before_edge(w, gh)
        no_color = self.app.no_color
        chars = np.full((gh, w), " ", dtype="<U1")
        if no_color:
            chars[p > 0.5] = "."
        fg: dict[tuple[int, int], str] = {}
        if before is not None:
            chars[before] = "·" if not no_color else ":"
            for r, c in zip(*np.nonzero(before), strict=True):
                fg[r, c] = _BEFORE_FG
        if self._points is not None:
            x0, x1, y0, y1 = self._bounds()
            X_train, Y_train, n = self._points[0], self._points[1], self._drawn
            for kind, X, Y in (
                ("copy", X_train[:, n:], Y_train[:, n:]),  # under the real points
                ("train", X_train[:, :n], Y_train[:, :n]),
                ("dev", self._points[2], self._points[3]),
            ):
                if X.size == 0:
                    continue
                cols = np.clip(((X[0] - x0) / (x1 - x0) * w).astype(int), 0, w - 1)
                rows = np.clip(((y1 - X[1]) / (y1 - y0) * gh).astype(int), 0, gh - 1)
                for r, c, y in zip(rows, cols, Y[0], strict=True):
                    cls = int(y > 0.5)
                    glyph = _COPY_GLYPH[cls] if no_color and kind == "copy" else _GLYPH[cls]
                    chars[r, c] = glyph.upper() if no_color and kind == "dev" else glyph
                    fg[r, c] = POINT_FG[kind, cls]
        # Each cell's look as one small int: region (0-3) + 4 * foreground index, so runs
        # of equal cells become one Text span (a few dozen per row instead of one per cell).
        region = (p > 0.5).astype(int) * 2 + (np.abs(p - 0.5) > 0.25)
        fg_names = [None, *sorted(set(fg.values()))]
        fg_index = {name: i for i, name in enumerate(fg_names)}
        code = region.copy()
        for (r, c), name in fg.items():
            code[r, c] += 4 * fg_index[name]
        styles = _cell_styles(fg_names, no_color)
        # Codes that look the same (without colour the regions do) become one run.
        first: dict[Style, int] = {}
        lut = np.array([first.setdefault(styles[c], c) for c in range(len(styles))])
        code = lut[code]
        rows = []
        for r in range(gh):
            row_codes = code[r].tolist()
            row_chars = chars[r].tolist()
            row, start = [], 0
            for c in range(1, w + 1):
                if c == w or row_codes[c] != row_codes[start]:
                    row.append(("".join(row_chars[start:c]), styles[row_codes[start]]))
                    start = c
            rows.append(row)
        return rows
