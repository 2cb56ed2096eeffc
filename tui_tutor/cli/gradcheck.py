"""``tui-tutor gradcheck``: backprop's gradient against two-sided finite differences.

The relative difference over all parameters, at initialization or after ``--after``
epochs of training (``LabConfig.run(..., epochs=N, dev=False)``), with a verdict
(``verdict``); ``--details`` adds it per parameter. ``--json`` gives command, config,
epsilon, after_epochs, n_params, m_train, difference, verdict and details.
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


def verdict(diff: float) -> tuple[str, str]:
    """(verdict, note) for a relative difference: "great", "look closer" or "probably a bug"."""
    if not math.isfinite(diff):
        return "probably a bug", "the difference is not a finite number"
    return next((name, note) for limit, name, note in VERDICTS if diff < limit)


def run(args: argparse.Namespace) -> int:
    """Gradient check at initialization (or after ``--after`` epochs of training)."""
    cfg = config(args, BASE)
    lab = cfg.run(every=max(1, args.after), epochs=args.after, dev=False)
    for rec in lab.records if args.after else ():  # trains the weights in place
        if rec.status == "diverged":
            raise UsageError(
                f"--after: training diverged at epoch {rec.epoch}; lower "
                f"{ml.SETTINGS['lr'].flag} (now {cfg.lr:g})"
            )
    data, params = lab.data, lab.params
    diff, per = ml.gradient_check(
        params,
        data.X_train,
        data.Y_train,
        cfg.lambd,
        args.epsilon,
        cfg.activation,
        cfg.l1,
        details=True,
    )
    name, note = verdict(diff)
    n_params = sum(v.size for v in params.values())
    if args.json:
        details = {k: {"difference": v, "verdict": verdict(v)[0]} for k, v in per.items()}
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
    print(f"relative difference {diff:.3e}: {name} ({note})")
    if args.details:
        rows = [(k, f"{v:.3e}", verdict(v)[0]) for k, v in per.items()]
        print(out.table(("param", "difference", "verdict"), rows, left=(0,)))
    return EXIT_OK
