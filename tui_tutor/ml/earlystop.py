"""Early stopping: keep the weights of the best dev epoch, stop when the dev error stalls.

``watch`` wraps the epochs of either training loop (``loops.run_fast`` or
``loops.run_reference``, asked to measure every epoch) and yields what ``train`` turns
into records:

- the dev error is read at **every** epoch, so ``patience`` counts epochs and the result
  does not depend on how often the caller records (the app, the CLI and the lesson
  checker record at different intervals and must agree);
- an **improvement** is a dev error strictly below the lowest seen so far (a tie keeps the
  earlier epoch: the same error with fewer epochs of growth in ‖W‖); epoch 0 (the
  initial weights) is the first candidate;
- after ``patience`` epochs without an improvement training stops; it also ends at
  ``epochs``. Either way the weights of the best epoch are copied back into ``params``,
  and a last item describes them (``best_epoch`` set). Just before it comes the state at
  the epoch where training ended, so the curves show how far it went.

The dev error is the curve the course reads early stopping from and the one the readout
shows; the dev cost is not measured in this lab. ``watch_batch`` does the same for the K
models of a sweep (the validation and learning views), model by model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields

import numpy as np

from .loops import Measure
from .model import Params

__all__ = ["watch", "watch_batch"]


def watch(
    steps: Iterator[tuple[int, Measure]],
    params: Params,
    *,
    patience: int,
    every: int,
    epochs: int,
) -> Iterator[tuple[int, Measure, int | None]]:
    """Yield ``(epoch, measure, best_epoch)`` from ``steps`` (one item per epoch).

    Items come at the caller's schedule (epoch 0, every ``every`` epochs, ``epochs``)
    with ``best_epoch`` None, while ``params`` hold that epoch's weights. The last item
    has ``best_epoch`` set: ``params`` then hold the best dev epoch's weights again and
    ``measure`` is that epoch's. ``patience`` >= 1 epochs without a dev improvement stop
    the run. A measure that is not finite (a diverged run) is passed on and ends it.
    """
    best_err = np.inf
    best_epoch = 0
    best_meas: Measure | None = None
    best_params: Params = {}
    for epoch, meas in steps:
        scheduled = epoch % every == 0 or epoch == epochs
        if not bool(meas.finite[0]):
            yield epoch, meas, None
            return
        dev = float(meas.dev_error[0])
        if dev < best_err or best_meas is None:
            best_err, best_epoch, best_meas = dev, epoch, meas
            best_params = {k: v.copy() for k, v in params.items()}
        stop = epoch - best_epoch >= patience or epoch >= epochs
        if scheduled or stop:
            yield epoch, meas, None
        if stop:
            for k, v in best_params.items():
                np.copyto(params[k], v)
            yield epoch, best_meas, best_epoch
            return


def watch_batch(
    steps: Iterator[tuple[int, Measure]], *, patience: int, epochs: int
) -> Iterator[tuple[int, Measure]]:
    """Early stopping for the K models of a sweep (``steps`` measured every epoch).

    Each model keeps the measure of its own best dev epoch and stops counting after
    ``patience`` epochs without an improvement, as ``watch`` does for one run; items pass
    through until every model has stopped (or the epochs ran out), and the last item is
    then each model's best-epoch measure, so a sweep reports, per model, what a single
    early-stopped run reports. A model whose measure stops being finite keeps that
    (diverged) measure. The models keep training together; only their figures freeze.
    """
    best: Measure | None = None
    best_epoch = best_err = active = None
    names = [f.name for f in fields(Measure)]
    for epoch, meas in steps:
        if best is None:
            best = Measure(*(np.array(getattr(meas, n)) for n in names))
            best_err = np.where(np.isnan(meas.dev_error), np.inf, meas.dev_error)
            best_epoch = np.zeros(best_err.shape, dtype=int)
            active = np.ones(best_err.shape, dtype=bool)
        else:
            bad = active & ~meas.finite
            take = (active & (meas.dev_error < best_err)) | bad
            for n in names:
                if getattr(best, n).shape == take.shape:  # not dropout's (1,) thinned cost
                    getattr(best, n)[take] = getattr(meas, n)[take]
            best_err[take] = meas.dev_error[take]
            best_epoch[take] = epoch
            active &= ~bad & (epoch - best_epoch < patience)
        if epoch >= epochs or not active.any():
            yield epoch, best
            return
        yield epoch, meas
