"""Planted backprop bugs for the gradient-checking lab: the one place they live.

A learner cannot see a gradient check catch anything while backprop is right, so the
lab can plant a bug in a copy of the backward pass (``loss_and_grads_with``) and ask
the check to find it. Training never uses this module: ``train`` steps along
``model.loss_and_grads`` whatever the ``bug`` setting says; only the gradient check
(``gradcheck.check_gradients(..., bug=...)``) compares the finite differences against
the buggy gradient.

Each bug lives in named layers (``Bug.layers``), so the per-group differences (dW1,
db1, ...) point at it: a bug in layer l's dW or db shows in that group only; a wrong
dZ[l] is carried down by backprop, so it shows in layer l and every layer below it.
``fix`` = l replaces layer l's backward step by the reference one (the learner's fix:
if the check then agrees, the bug was in layer l).

The bugs (``BUGS``):

- ``dw2-doubled``, ``db1-4m``: the course's two (dW2 = (1/m) dZ2 A1ᵀ · 2,
  db1 = (4/m) Σ dZ1); ``course`` plants both;
- ``no-lambda``: the λ term (λ/m) W[l] left out of every dW[l]; invisible with λ = 0;
- ``wrong-derivative``: dZ1 = dA1 · g(Z1) instead of dA1 · g'(Z1);
- ``forgot-b``: g'(Z) of the last hidden layer taken at W·A_prev, without + b. The
  biases start at 0, so at initialization it is exactly right (the check says great);
  once training has moved b, the masks (ReLU) or slopes (tanh) differ and the check
  fails: the reason to check again after some training (with the ``linear`` activation
  g' = 1 everywhere, so this bug changes nothing and no check can find it);
- ``mystery``: a wrong derivative in layer 2 (the lesson's "find the layer" exercise:
  dW2, db2, dW1 and db1 differ, dW3 and db3 agree).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .layers import activation_of, linear_backward, sigmoid
from .model import Caches, Params, cost_terms, forward, n_layers

__all__ = ["BUGS", "Bug", "bug_problem", "loss_and_grads_with"]

ALL = 0  # an effect on every layer
LAST_HIDDEN = -1  # an effect on the last hidden layer, L - 1


@dataclass(frozen=True)
class Bug:
    """One planted bug: ``effects`` are (what, layer) pairs; ``layer`` is a layer number
    l (1-based), ``ALL`` or ``LAST_HIDDEN``. ``what`` is one of "double_dW" (dW[l]
    doubled), "db_4m" (db[l] with 4/m), "no_lambda" (dW[l] without (λ/m) W[l]),
    "g_not_gprime" (dZ[l] = dA[l] · g(Z[l])), "g_without_b" (g' taken at Z[l] - b[l])."""

    name: str
    help: str
    effects: tuple[tuple[str, int], ...] = ()

    def layers(self, L: int) -> tuple[int, ...]:
        """The layers (1..L) the bug lives in, for a network of L layers."""
        out: set[int] = set()
        for _, where in self.effects:
            if where == ALL:
                out.update(range(1, L + 1))
            elif where == LAST_HIDDEN:
                out.add(L - 1)
            else:
                out.add(where)
        return tuple(sorted(out))

    def acts(self, what: str, l: int, L: int, fix: int) -> bool:
        """Whether effect ``what`` acts in layer ``l`` (not when the learner fixed ``l``)."""
        if l == fix:
            return False
        for w, where in self.effects:
            if w != what:
                continue
            if where in (ALL, l) or (where == LAST_HIDDEN and l == L - 1):
                return True
        return False


_HIDDEN_EFFECTS = ("g_not_gprime", "g_without_b")  # these need layer l to be hidden

BUGS: dict[str, Bug] = {
    b.name: b
    for b in (
        Bug("none", "no bug: backprop as the course writes it"),
        Bug("dw2-doubled", "dW2 doubled (the course's first bug)", (("double_dW", 2),)),
        Bug("db1-4m", "db1 with 4/m instead of 1/m (the course's second bug)", (("db_4m", 1),)),
        Bug("course", "the course's two bugs together: dW2 doubled and db1 with 4/m",
            (("double_dW", 2), ("db_4m", 1))),
        Bug("no-lambda", "the λ term (λ/m) W left out of every dW (shows only with λ > 0)",
            (("no_lambda", ALL),)),
        Bug("wrong-derivative", "dZ1 = dA1 * g(Z1) instead of dA1 * g'(Z1)",
            (("g_not_gprime", 1),)),
        Bug("forgot-b", "g' of the last hidden layer taken at W a without b: right while "
            "b = 0 (at initialization), wrong once b has trained", (("g_without_b", LAST_HIDDEN),)),
        Bug("mystery", "a bug in one layer, for the learner to find", (("g_not_gprime", 2),)),
    )
}  # fmt: skip
"""Every planted bug by name (the ``bug`` setting's choices); "none" plants nothing."""


def bug_problem(name: str, L: int) -> str | None:
    """Why bug ``name`` cannot be planted in a network of ``L`` layers (None if it can)."""
    bug = BUGS[name]
    for what, where in bug.effects:
        if where in (ALL, LAST_HIDDEN):
            if where == LAST_HIDDEN and L < 2:
                return f"{name} needs at least 1 hidden layer"
            continue
        need = where + 1 if what in _HIDDEN_EFFECTS else where
        if need > L:
            hidden = need - 1
            return f"{name} needs at least {hidden} hidden layer{'s' if hidden > 1 else ''}"
    return None


def loss_and_grads_with(
    bug: str,
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    lambd: float = 0.0,
    activation: str = "relu",
    l1: float = 0.0,
    *,
    fix: int = 0,
) -> tuple[float, Params]:
    """``model.loss_and_grads`` with bug ``bug`` planted (``fix``: layer l's backward is
    the reference one). ``X`` (n_x, m), ``Y`` (1, m); returns (J, {"dW1": ..., ...}).

    J is the true cost (the bug is in the backward pass only), so the finite
    differences of J are the right gradient and the check measures the bug.
    """
    b = BUGS[bug]
    with np.errstate(all="ignore"):
        m = Y.shape[1]
        ZL, caches = forward(params, X, activation)
        data, penalty = cost_terms(params, ZL, Y, lambd, l1)
        grads = _backward(b, ZL, Y, caches, activation, fix)
        L = len(caches)
        for l in range(1, L + 1):
            W = params[f"W{l}"]
            if not b.acts("no_lambda", l, L, fix):
                grads[f"dW{l}"] = grads[f"dW{l}"] + (lambd / m) * W
            grads[f"dW{l}"] = grads[f"dW{l}"] + (l1 / m) * np.sign(W)
            if b.acts("double_dW", l, L, fix):
                grads[f"dW{l}"] = grads[f"dW{l}"] * 2
            if b.acts("db_4m", l, L, fix):
                grads[f"db{l}"] = grads[f"db{l}"] * 4
    order = [k for l in range(1, n_layers(params) + 1) for k in (f"dW{l}", f"db{l}")]
    return data + penalty, {k: grads[k] for k in order}


def _backward(
    bug: Bug, ZL: np.ndarray, Y: np.ndarray, caches: Caches, activation: str, fix: int
) -> Params:
    """``model.backward`` with the bug's g' effects in the hidden layers it names."""
    g = activation_of(activation)
    grads: Params = {}
    L = len(caches)
    dZ = sigmoid(ZL) - Y
    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, caches[L - 1][0])
    for l in range(L - 1, 0, -1):
        linear_cache, activation_cache = caches[l - 1]
        A_prev, W, b = linear_cache
        if bug.acts("g_not_gprime", l, L, fix):
            dZ = dA * g.forward(W @ A_prev + b)[0]  # the bug: g(Z) where g'(Z) belongs
        elif bug.acts("g_without_b", l, L, fix):
            dZ = g.backward(dA, g.forward(W @ A_prev)[1])  # the bug: g' at W A_prev, no + b
        else:
            dZ = g.backward(dA, activation_cache)
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, linear_cache)
    return grads
