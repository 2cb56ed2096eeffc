"""The cost surface of a model with two weights, and gradient descent on it.

The model is logistic regression on the lab's two inputs **with no bias**:
ŷ = σ(w1 x1 + w2 x2). Its cost over the training set,

    J(w) = (1/m) Σ_i [log(1 + exp(z_i)) − y_i z_i],   z_i = w1 x1_i + w2 x2_i,

is the course's cross-entropy written from the logits (no log of a rounded ŷ). With two
weights J is a surface over the (w1, w2) plane: its contour lines are elongated when the
inputs have uneven scales and nearly round once each input is standardized. (Leaving the
bias out keeps the surface two-dimensional; the lab's standardized inputs are centred, so
with balanced classes the best bias is near 0 anyway.)

Shapes: ``X`` (2, m) and ``Y`` (1, m) as everywhere in ``ml``; a set of k weight
vectors is ``W`` (2, k). Gradient descent starts at ``START`` = (0, 0).

"Converges" (``converges``, ``lr_max``): ``LR_STEPS`` full-batch steps of gradient
descent from ``START`` with learning rate α make J fall at **every** step (allowing a
rounding of 1e-12 relative) and stay finite. On a quadratic bowl that is exactly
α < 2/λ_max of its Hessian; ``lr_max`` finds the largest such α on a ladder of two
rungs a decade, then narrows the step it fails at by three rounds of 8 (within 0.3%).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "LR_STEPS",
    "START",
    "Path",
    "Surface",
    "contour_ratio",
    "converges",
    "cost",
    "descend",
    "gradient",
    "hessian",
    "level_segments",
    "lr_max",
    "make_surface",
    "minimum",
]

START = (0.0, 0.0)
LR_STEPS = 100  # steps of the convergence test
PATH_STEPS = 300  # the most steps of the drawn path
REACHED = 0.01  # the path has "arrived" once J − J* is 1% of J(start) − J*
LEVELS = 7  # contour levels: J* + (J(start) − J*) · 2^-k, k = 0..LEVELS-1
FRAME = 2  # the window frames this level's contour (far out J is not a bowl any more)
GRID = 65  # grid points per axis of the contour grid
_LADDER = 10.0 ** np.arange(-8.0, 4.01, 0.5)  # α from 1e-8 to 1e4, two rungs a decade
_ROUNDS, _CUTS = 3, 8  # the failing rung's gap is cut into 8, three times: within 0.3%


def _terms(W: np.ndarray, X: np.ndarray, Y: np.ndarray, grad: bool) -> tuple:
    """(J (k,), dJ/dw (2, k) or None) of the columns of ``W`` (2, k), from one exp:
    with e = exp(−|z|), log(1 + exp(z)) = max(z, 0) + log1p(e) and σ(z) is 1/(1 + e)
    for z ≥ 0, e/(1 + e) below (no overflow either way)."""
    Z = W.T @ X  # (k, m)
    E = np.exp(-np.abs(Z))
    J = (np.maximum(Z, 0.0) + np.log1p(E) - Y * Z).mean(axis=1)
    if not grad:
        return J, None
    A = np.where(Z >= 0.0, 1.0, E) / (1.0 + E)
    return J, X @ (A - Y).T / X.shape[1]


def cost(W: np.ndarray, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """J of each column of ``W`` (2, k) on ``X`` (2, m), ``Y`` (1, m): shape (k,)."""
    return _terms(W, X, Y, grad=False)[0]


def gradient(W: np.ndarray, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dJ/dw of each column of ``W`` (2, k): (1/m) X (σ(z) − y)ᵀ, shape (2, k)."""
    return _terms(W, X, Y, grad=True)[1]


def hessian(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    """d²J/dw² at ``w`` (2,): (1/m) Σ σ'(z_i) x_i x_iᵀ, shape (2, 2)."""
    z = np.asarray(w, dtype=float) @ X
    a = 0.5 * (1.0 + np.tanh(0.5 * z))
    return (X * (a * (1.0 - a))) @ X.T / X.shape[1]


def minimum(X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray | None, float]:
    """(w* (2,), J(w*)) by Newton's method from ``START``; (None, nan) when J has no
    minimum (separable data: J keeps falling as ‖w‖ grows)."""
    w = np.array(START, dtype=float)
    J = float(cost(w[:, None], X, Y)[0])
    for _ in range(60):
        g = gradient(w[:, None], X, Y)[:, 0]
        if float(np.abs(g).max()) < 1e-12:
            return (None, math.nan) if _separated(w, X, Y) else (w, J)
        H = hessian(w, X) + 1e-12 * np.eye(2)
        try:
            step = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            return None, math.nan
        t = 1.0
        while t > 1e-8:  # backtracking: Newton's full step may overshoot far from w*
            new = w - t * step
            J_new = float(cost(new[:, None], X, Y)[0])
            if J_new <= J:
                break
            t /= 2
        w, J = new, J_new
        if float(np.abs(w).max()) > 1e6 or _separated(w, X, Y):
            return None, math.nan
    g = gradient(w[:, None], X, Y)[:, 0]
    return (w, J) if float(np.abs(g).max()) < 1e-8 else (None, math.nan)


def _separated(w: np.ndarray, X: np.ndarray, Y: np.ndarray) -> bool:
    """Whether ``w`` classifies every example right: then J falls forever along w and
    has no minimum (the data are separable by a line through the origin)."""
    return bool(np.all((2.0 * Y[0] - 1.0) * (w @ X) > 0))


def contour_ratio(X: np.ndarray, Y: np.ndarray, w: np.ndarray | None = None) -> float:
    """How elongated the contours are near ``w`` (default the minimum): the ratio of the
    long to the short axis of the ellipses, √(λ_max / λ_min) of the Hessian (1: round)."""
    if w is None:
        w, _ = minimum(X, Y)
        if w is None:
            return math.nan
    low, high = np.linalg.eigvalsh(hessian(w, X))
    return math.sqrt(high / low) if low > 0 else math.inf


def converges(X: np.ndarray, Y: np.ndarray, lrs: np.ndarray, steps: int = LR_STEPS) -> np.ndarray:
    """For each α of ``lrs`` (k,): whether ``steps`` steps from ``START`` lower J at every
    step (the module's "converges"). All k runs at once; shape (k,) of bool."""
    lrs = np.asarray(lrs, dtype=float)
    W = np.tile(np.array(START, dtype=float)[:, None], (1, lrs.size))
    J, G = _terms(W, X, Y, grad=True)
    ok = np.ones(lrs.size, dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            W = W - lrs * G
            J_new, G = _terms(W, X, Y, grad=True)
            ok &= np.isfinite(J_new) & (J_new <= J + 1e-12 * np.abs(J))
            J = J_new
    return ok


def lr_max(
    X: np.ndarray,
    Y: np.ndarray,
    steps: int = LR_STEPS,
    should_stop: Callable[[], bool] | None = None,
) -> float:
    """The largest learning rate that converges (module docstring), within 0.3% below.

    The ladder's rungs are tried first (all at once); the rung below the first one that
    fails is the start, and the gap to the failing rung is cut into 8 three times.
    0 when even 1e-8 fails; 1e4 (the ladder's top) when every rung converges (J falls
    at every step whatever α: separable data, whose J has no minimum).
    """
    ok = converges(X, Y, _LADDER, steps)
    if not ok[0]:
        return 0.0
    if ok.all():
        return float(_LADDER[-1])
    first_bad = int(np.argmin(ok))
    lo, hi = float(_LADDER[first_bad - 1]), float(_LADDER[first_bad])
    for _ in range(_ROUNDS):
        if should_stop is not None and should_stop():
            break
        between = np.geomspace(lo, hi, _CUTS + 1)[1:-1]
        ok = converges(X, Y, between, steps)
        bad = np.flatnonzero(~ok)
        upto = int(bad[0]) if bad.size else between.size
        if upto > 0:
            lo = float(between[upto - 1])
        if bad.size:
            hi = float(between[upto])
    return lo


@dataclass(frozen=True)
class Path:
    """Gradient descent from ``START`` at ``lr``: ``w`` (steps + 1, 2), ``J`` (steps + 1,).

    ``outcome`` is "diverged" (J became non-finite or ended above J(start)), "unstable"
    (J rose at some step, the first being ``steps_to``: α is above ``lr_max``),
    "reached" (J − J* fell to ``REACHED`` of J(start) − J* at step ``steps_to``) or
    "slow" (none of these within the steps).
    """

    lr: float
    w: np.ndarray
    J: np.ndarray
    outcome: str
    steps_to: int


def descend(X: np.ndarray, Y: np.ndarray, lr: float, steps: int, J_min: float = math.nan) -> Path:
    """``steps`` full-batch steps w := w − α dJ/dw from ``START`` (``J_min``: J*, for
    the outcome; NaN: the path's own lowest J)."""
    W = np.empty((steps + 1, 2))
    W[0] = START
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(steps):
            W[i + 1] = W[i] - lr * gradient(W[i][:, None], X, Y)[:, 0]
            if not np.isfinite(W[i + 1]).all():
                W = W[: i + 2]
                break
        J = cost(W.T, X, Y)
    finite = np.isfinite(J)
    if not finite.all() or J[-1] > J[0]:
        return Path(lr, W, J, "diverged", 0)
    rose = np.flatnonzero(np.diff(J) > 1e-12 * np.abs(J[:-1]))
    if rose.size:
        return Path(lr, W, J, "unstable", int(rose[0]) + 1)
    floor = J_min if math.isfinite(J_min) else float(J.min())
    target = floor + REACHED * (J[0] - floor)
    hits = np.flatnonzero(target >= J)
    if hits.size:
        return Path(lr, W, J, "reached", int(hits[0]))
    return Path(lr, W, J, "slow", 0)


def level_segments(Z: np.ndarray, xs: np.ndarray, ys: np.ndarray, level: float) -> np.ndarray:
    """Marching squares: where ``Z`` (ny, nx) on the grid ``xs`` (nx,) × ``ys`` (ny,)
    crosses ``level``, as line segments (n, 2, 2): [[x0, y0], [x1, y1]] per segment.

    Each cell's edges whose two corners lie on opposite sides of the level give a point
    (linear interpolation); a cell with two such points gives one segment, a cell with
    four (a saddle, rare on a convex J) two.
    """
    above = level < Z
    out = []

    # Crossings on horizontal edges (between columns j and j + 1 of row i) ...
    def point(z0: np.ndarray, z1: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (level - z0) / (z1 - z0)
        return np.clip(np.nan_to_num(t, nan=0.5), 0.0, 1.0)

    ny, nx = Z.shape
    Xg, Yg = np.meshgrid(xs, ys)
    h = above[:, :-1] != above[:, 1:]  # (ny, nx-1)
    th = point(Z[:, :-1], Z[:, 1:])
    hx = Xg[:, :-1] + th * (Xg[:, 1:] - Xg[:, :-1])
    hy = Yg[:, :-1]
    v = above[:-1, :] != above[1:, :]  # (ny-1, nx)
    tv = point(Z[:-1, :], Z[1:, :])
    vx = Xg[:-1, :]
    vy = Yg[:-1, :] + tv * (Yg[1:, :] - Yg[:-1, :])
    # ... and each cell's four edges: bottom, right, top, left.
    flags = np.stack([h[:-1, :], v[:, 1:], h[1:, :], v[:, :-1]], axis=-1)  # (ny-1, nx-1, 4)
    px = np.stack([hx[:-1, :], vx[:, 1:], hx[1:, :], vx[:, :-1]], axis=-1)
    py = np.stack([hy[:-1, :], vy[:, 1:], hy[1:, :], vy[:, :-1]], axis=-1)
    count = flags.sum(axis=-1)
    for n_pts, pairs in ((2, ((0, 1),)), (4, ((0, 1), (2, 3)))):
        cells = count == n_pts
        if not cells.any():
            continue
        f, x, y = flags[cells], px[cells], py[cells]
        order = np.argsort(~f, axis=1, kind="stable")  # the crossing edges first
        x = np.take_along_axis(x, order, axis=1)
        y = np.take_along_axis(y, order, axis=1)
        for a, b in pairs:
            out.append(np.stack([np.stack([x[:, a], y[:, a]], -1),
                                 np.stack([x[:, b], y[:, b]], -1)], axis=1))  # fmt: skip
    return np.concatenate(out) if out else np.zeros((0, 2, 2))


@dataclass(frozen=True)
class Surface:
    """J over a window of the (w1, w2) plane, its contour lines and a descent path.

    ``xs`` (nx,) and ``ys`` (ny,) are the grid of ``Z`` (ny, nx) = J; ``levels`` (k,)
    the contour values and ``segments`` one (n, 2, 2) array per level (``level_segments``).
    ``w_min`` (2,) and ``J_min`` the minimum (None, NaN for separable data); ``ratio`` the
    contours' elongation near it (``contour_ratio``); ``lr_max`` the largest converging α;
    ``path`` the descent at the lab's α. ``centre`` and ``half`` (w1, w2) bound what a
    window must show (the start, the minimum and the outer contour); ``window`` fits them
    to a chart's shape.
    """

    xs: np.ndarray
    ys: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    segments: tuple[np.ndarray, ...]
    w_min: np.ndarray | None
    J_min: float
    ratio: float
    lr_max: float
    path: Path
    centre: tuple[float, float]
    half: tuple[float, float]

    def window(self, ratio: float) -> tuple[float, float, float, float]:
        """(w1 low, w1 high, w2 low, w2 high) of a window ``ratio`` times as wide as high
        in w units (clamped to the grid's 1..4), one scale on both axes."""
        r = min(4.0, max(1.0, ratio))
        hx, hy = self.half
        x_half = max(hx, hy * r)
        y_half = x_half / r
        (cx, cy) = self.centre
        return cx - x_half, cx + x_half, cy - y_half, cy + y_half


def _extent(X: np.ndarray, w_min: np.ndarray, dJ: float) -> tuple[float, float]:
    """Half-widths (in w1, w2) of the outer contour J = J(start) about the minimum,
    from its quadratic model: √(2 ΔJ (H⁻¹)_ii), at least the start's offset."""
    H = hessian(w_min, X) + 1e-12 * np.eye(2)
    inv = np.linalg.inv(H)
    quad = np.sqrt(np.maximum(2.0 * dJ * np.diag(inv), 0.0))
    start = np.abs(w_min - np.array(START))
    return tuple(float(v) for v in np.maximum(quad, start))  # type: ignore[return-value]


def _grid(
    X: np.ndarray, Y: np.ndarray, centre: np.ndarray, half: tuple, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """J on an n x n grid about ``centre`` (2,) reaching ``half`` (2,) each way: xs (n,),
    ys (n,), Z (n, n) with Z[i, j] = J(xs[j], ys[i])."""
    xs = np.linspace(centre[0] - half[0], centre[0] + half[0], n)
    ys = np.linspace(centre[1] - half[1], centre[1] + half[1], n)
    Xg, Yg = np.meshgrid(xs, ys)
    W = np.vstack([Xg.ravel(), Yg.ravel()]).astype(np.float32)
    # Single precision (7 digits) is plenty to draw contours and halves the exp's cost.
    Z = cost(W, X.astype(np.float32), Y.astype(np.float32)).reshape(n, n)
    return xs, ys, Z.astype(float)


def make_surface(
    X: np.ndarray,
    Y: np.ndarray,
    lr: float,
    steps: int = PATH_STEPS,
    *,
    aspect: tuple[float, float] = (1.0, 4.0),
    top: float | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Surface:
    """The surface of ``X`` (2, m), ``Y`` (1, m) with the path at ``lr`` for ``steps``.

    ``centre`` and ``half`` frame the start, the minimum and contour ``FRAME`` (J* + a
    quarter of J(start) − J*, found on a coarse grid first: near the minimum J is nearly
    a quadratic bowl, while the outer contours, through the start, reach far out). The
    fine grid holds every window that frames them with one scale on both axes and a
    width ``aspect[0]`` to ``aspect[1]`` times its height (``Surface.window``: a view
    picks the one of its chart's shape).
    ``top``: ``lr_max`` when already known (else computed). ``should_stop()`` True
    raises ``InterruptedError``.
    """
    w_min, J_min = minimum(X, Y)
    path = descend(X, Y, lr, steps, J_min)
    start = np.array(START, dtype=float)
    J0 = float(cost(start[:, None], X, Y)[0])
    floor = J_min if w_min is not None else float(np.nanmin(path.J))
    levels = floor + max(J0 - floor, 1e-12) * 2.0 ** -np.arange(LEVELS, dtype=float)
    if w_min is None:  # no minimum (separable data): frame the path
        ends = np.stack([start, path.w[-1]])
        centre, half = ends.mean(axis=0), np.abs(ends[1] - ends[0]) / 2 + 1e-3
    else:  # frame the start, the minimum and contour FRAME (found on a coarse grid first)
        reach = np.maximum(1.6 * np.array(_extent(X, w_min, J0 - J_min)), 1.2 * np.abs(w_min))
        xs, ys, Z = _grid(X, Y, w_min, reach, 33)
        inner = level_segments(Z, xs, ys, float(levels[FRAME])).reshape(-1, 2)
        pts = np.vstack([inner, start, w_min])
        lo_pt, hi_pt = pts.min(axis=0), pts.max(axis=0)
        centre, half = (lo_pt + hi_pt) / 2, (hi_pt - lo_pt) / 2 * 1.08 + 1e-9
    if should_stop is not None and should_stop():
        raise InterruptedError
    hx, hy = float(half[0]), float(half[1])
    lo, hi = aspect  # every window of these shapes that frames ``half`` lies in the grid
    xs, ys, Z = _grid(X, Y, centre, (max(hx, hy * hi), max(hy, hx / lo)), GRID)
    segments = tuple(level_segments(Z, xs, ys, float(v)) for v in levels)
    ratio = contour_ratio(X, Y, w_min) if w_min is not None else math.nan
    top = lr_max(X, Y, should_stop=should_stop) if top is None else top
    return Surface(
        xs, ys, Z, levels, segments, w_min, J_min, ratio, top, path,
        (float(centre[0]), float(centre[1])), (hx, hy),
    )  # fmt: skip
