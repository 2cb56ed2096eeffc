"""``tui-tutor gradcheck``: backprop's gradient against two-sided finite differences.

The relative difference over all parameters, at initialization or after ``--after``
epochs of training (``LabConfig.run(..., epochs=N, dev=False)``), with a verdict
(``verdict``); ``--details`` adds it per parameter. ``--json`` gives command, config,
epsilon, after_epochs, n_params, m_train, difference, verdict and details.

A check that cannot mean anything is refused or said: one over ``ml.budget``'s
gradient-check budget (it names the parameters that fit), training that went wrong
before the check (the cost became NaN, or rose: exit 2), and gradients that are zero
everywhere (dead units, every weight 0: "nothing to check", the differences of two zero
vectors say nothing). A long check shows its progress on a terminal.
"""

from __future__ import annotations

import argparse
import math

from tui_tutor import ml

from . import output as out
from .errors import EXIT_OK, PROG, UsageError
from .options import add_lab_options, bounded, config

NAME = "gradcheck"
BASE = ml.LabConfig(m=20, layers=(5, 3), epochs=100)  # small: every parameter is nudged twice
EPSILON = 1e-7

# Where the relative difference of a gradient check falls (FACTS.md): ~1e-7 is great,
# ~1e-5 worth a closer look, ~1e-3 probably a bug.
VERDICTS = (
    (1e-6, "great", "backprop agrees with the finite differences"),
    (1e-4, "look closer", "probably fine, but check which parameters differ (--details)"),
    (math.inf, "probably a bug", "backprop disagrees; use --details to find the layer"),
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The ``gradcheck`` subcommand: the lab options (small defaults) and the check's."""
    p = sub.add_parser(
        NAME,
        prog=f"{PROG} {NAME}",
        help="check backprop against two-sided finite differences",
        description="Gradient checking: the relative difference between backprop's "
        "gradient and (J(θ+ε) - J(θ-ε)) / 2ε over all parameters. About 1e-7 is great, "
        "1e-5 worth a closer look, 1e-3 probably a bug.",
    )
    add_lab_options(p, BASE)
    o = p.add_argument_group("check")
    o.add_argument(
        "--epsilon",
        type=bounded(0, 1, whole=False, example="1e-7"),
        default=EPSILON,
        metavar="ε",
        help=f"finite-difference step, between 0 and 1 (default {EPSILON:.0e})".replace(
            "e-0", "e-"
        ),
    )
    most = ml.format_number(ml.SETTINGS["epochs"].limits[1])
    o.add_argument(
        "--after",
        type=bounded(0, ml.SETTINGS["epochs"].limits[1], whole=True),
        default=0,
        metavar="EPOCHS",
        help=f"train this many epochs first, 0 to {most} (a bug may show only once W "
        "grows; default 0)",
    )
    o.add_argument("--details", action="store_true", help="the difference per parameter")
    o.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(run=run)


NOTHING = ("nothing to check", "both gradients are zero (dead units or every weight 0)")


def verdict(diff: float, flat: bool = False) -> tuple[str, str]:
    """(verdict, note) for a relative difference: "great", "look closer" or "probably a
    bug"; ``flat`` (both gradients zero up to rounding): "nothing to check"."""
    if flat:
        return NOTHING
    if not math.isfinite(diff):
        return "probably a bug", "the difference is not a finite number"
    return next((name, note) for limit, name, note in VERDICTS if diff < limit)


def _check_budget(cfg: ml.LabConfig, m_train: int) -> None:
    """Refuse a check over ``ml.budget.GRADCHECK_BUDGET``, saying how many parameters fit."""
    work = ml.budget.gradcheck_work(cfg.layer_dims, m_train)
    if work <= ml.budget.GRADCHECK_BUDGET:
        return
    n = ml.budget.forward_macs(cfg.layer_dims)
    fits = ml.budget.largest_gradcheck(cfg.layer_dims, m_train)
    raise UsageError(
        f"{ml.SETTINGS['layers'].flag}: a gradient check of {n} parameters at m_train = "
        f"{m_train} needs about {ml.budget.human(work)} multiply-adds, over the budget of "
        f"{ml.budget.human(ml.budget.GRADCHECK_BUDGET)} (about 10 s): at most about {fits} "
        "parameters fit (gradient checking is for a small net, such as --layers 5,3)"
    )


def _train(cfg: ml.LabConfig, after: int) -> ml.LabRun:
    """Train ``after`` epochs first; refuse (exit 2) when that went wrong: the cost became
    NaN or rose (a learning rate too large), so the weights checked are not a trained net."""
    lab = cfg.run(every=max(1, after), epochs=after, dev=False)
    first = last = None
    for rec in lab.records if after else ():  # trains the weights in place
        first = rec if first is None else first
        last = rec
        if rec.status == "diverged":
            raise UsageError(
                f"--after: training diverged at epoch {rec.epoch} (the cost became NaN or "
                f"infinite); give a smaller {ml.SETTINGS['lr'].flag} (now {cfg.lr:g})"
            )
    if first is not None and last is not None and last.cost > first.cost:
        raise UsageError(
            f"--after: training diverged: the cost rose from {first.cost:.4g} to "
            f"{last.cost:.4g} in {after} epochs, so these weights are not a trained network; "
            f"give a smaller {ml.SETTINGS['lr'].flag} (now {cfg.lr:g})"
        )
    return lab


def run(args: argparse.Namespace) -> int:
    """Gradient check at initialization (or after ``--after`` epochs of training)."""
    cfg = config(args, BASE)
    _check_budget(cfg, cfg.data().sizes[0])
    lab = _train(cfg, args.after)
    data, params = lab.data, lab.params
    status = out.Progress(0)
    try:
        result = ml.check_gradients(
            params, data.X_train, data.Y_train, cfg.lambd, args.epsilon, cfg.activation,
            cfg.l1, progress=lambda i, n: status.update(i, f"checking parameter {i}/{n}"),
        )  # fmt: skip
    finally:
        status.close()
    diff, per = result.difference, result.per
    name, note = verdict(diff, result.flat())
    n_params = sum(v.size for v in params.values())
    if args.json:
        details = {
            k: {"difference": v, "verdict": verdict(v, result.flat(k))[0]} for k, v in per.items()
        }
        out.print_json(
            {
                "command": NAME,
                "config": cfg.as_dict(),
                "epsilon": args.epsilon,
                "after_epochs": args.after,
                "n_params": n_params,
                "m_train": data.sizes[0],
                "difference": diff,
                "verdict": name,
                "details": details if args.details else None,
            }
        )
        return EXIT_OK
    net = "-".join(map(str, cfg.layer_dims))
    when = f"after {args.after} epochs" if args.after else "at initialization"
    print(
        f"gradient check of {net} ({out.hidden(cfg)}{n_params} parameters, "
        f"m = {data.sizes[0]}, λ = {cfg.lambd:g}) {when}, ε = {args.epsilon:g}"
    )
    if name == NOTHING[0]:
        print(f"{name}: {note}; check at initialization or with fewer epochs")
    else:
        print(f"relative difference {diff:.3e}: {name} ({note})")
    if args.details:
        rows = [
            (k, "–" if result.flat(k) else f"{v:.3e}", verdict(v, result.flat(k))[0])
            for k, v in per.items()
        ]
        print(out.table(("param", "difference", "verdict"), rows, left=(0,)))
    return EXIT_OK
