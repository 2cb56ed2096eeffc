"""``tui-tutor gradcheck``: backprop's gradient against two-sided finite differences.

The relative difference over all parameters, at initialization or after ``--after``
epochs of training (``LabConfig.run(..., epochs=N, dev=False)``), with a verdict
(``verdict``); ``--details`` adds it per parameter. ``--json`` gives command, config,
epsilon, after_epochs, n_params, m_train, difference, verdict, layer and details.

``--bug NAME`` plants one of ``ml.BUGS`` in backprop's gradient (training stays right),
``--fix L`` takes layer L's backward from the reference. ``--course-case`` checks the
course's own 4 -> 5 -> 3 -> 1 network on its 4 x 3 inputs (``ml.course_case``) instead
of a lab network: about 1e-9 here, where the course prints about 1.2e-7, because its
cost takes log(1 - a) of a ≈ 0.999 and loses digits while ours is computed from the
logits; ``--bug course`` (its two bugs) gives about 0.285.

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
from .options import add_lab_options, bounded, config, config_problem

NAME = "gradcheck"
BASE = ml.LabConfig(m=20, layers=(5, 3), epochs=100)  # small: every parameter is nudged twice
EPSILON = 1e-7

# What each verdict band (``ml.gradcheck.VERDICTS``) tells the person at the terminal.
NOTES = {
    "great": "backprop agrees with the finite differences",
    "look closer": "probably fine, but check which parameters differ (--details)",
    "probably a bug": "backprop disagrees; use --details to find the layer",
}
STOCHASTIC = (
    "stochastic",
    "the cost changed between two evaluations at the same θ (dropout: a new mask each "
    "time): the check needs dropout off; check with --keep-prob 1, then turn dropout "
    "back on",
)
COURSE_NOTE = (
    "the course prints about 1.2e-7 for this network: its cost takes log(1 - a) of "
    "a ≈ 0.999 and loses digits; ours is computed from the logits"
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
    add_lab_options(p, BASE, check=True)
    o = p.add_argument_group("check")
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
    o.add_argument(
        "--course-case",
        action="store_true",
        help="check the course's 4-5-3-1 network on its 4 x 3 inputs (seed 1; relu, relu, "
        "sigmoid) instead of a lab network; only --bug, --fix, --epsilon, --details and "
        "--json apply",
    )
    o.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(run=run)


NOTHING = ("nothing to check", "both gradients are zero (dead units or every weight 0)")


def verdict(diff: float, flat: bool = False) -> tuple[str, str]:
    """(verdict, note) for a relative difference: "great", "look closer" or "probably a
    bug" (``ml.gradcheck.verdict``); ``flat`` (both gradients zero up to rounding):
    "nothing to check"."""
    if flat:
        return NOTHING
    if not math.isfinite(diff):
        return "probably a bug", "the difference is not a finite number"
    name = ml.gradcheck.verdict(diff)
    return name, NOTES[name]


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


def _course_case(args: argparse.Namespace) -> tuple:
    """The course's network (``ml.course_case``), refusing the lab options it ignores."""
    given = [
        ml.SETTINGS[k].flag
        for k in ml.SETTINGS
        if k not in ("bug", "fix", "epsilon") and getattr(args, k, None) is not None
    ]
    if args.after:
        given.append("--after")
    if given:
        raise UsageError(
            f"--course-case builds the course's own network and data; drop {', '.join(given)} "
            "(only --bug, --fix, --epsilon, --details and --json apply)"
        )
    try:
        cfg = ml.LabConfig(layers=(5, 3)).with_changes(
            bug=args.bug or "none", fix=args.fix or 0, epsilon=args.epsilon or 1e-7
        )
    except ml.ConfigError as exc:
        raise UsageError(config_problem(exc)) from None
    params, X, Y = ml.course_case()
    return cfg, params, X, Y


def run(args: argparse.Namespace) -> int:
    """Gradient check at initialization (or after ``--after`` epochs of training)."""
    if args.course_case:
        cfg, params, X, Y = _course_case(args)
        m_train, net = X.shape[1], "-".join(map(str, ml.gradcheck.COURSE_DIMS))
    else:
        cfg = config(args, BASE)
        _check_budget(cfg, cfg.data().sizes[0])
        lab = _train(cfg, args.after)
        params, X, Y = lab.params, lab.data.X_train, lab.data.Y_train
        m_train, net = lab.data.sizes[0], "-".join(map(str, cfg.layer_dims))
    status = out.Progress(0)
    try:
        result = ml.check_gradients(
            params, X, Y, cfg.lambd, cfg.epsilon, cfg.activation, cfg.l1, bug=cfg.bug,
            fix=cfg.fix, progress=lambda i, n: status.update(i, f"checking parameter {i}/{n}"),
            keep_prob=cfg.keep_prob,
        )  # fmt: skip
    finally:
        status.close()
    diff, per = result.difference, result.per
    name, note = STOCHASTIC if result.stochastic else verdict(diff, result.flat())
    n_params = sum(v.size for v in params.values())
    if args.json:
        details = {
            k: {"difference": v, "verdict": verdict(v, result.flat(k))[0]} for k, v in per.items()
        }
        out.print_json(
            {
                "command": NAME,
                "config": None if args.course_case else cfg.as_dict(),
                "course_case": bool(args.course_case),
                "bug": cfg.bug,
                "fix": cfg.fix,
                "epsilon": cfg.epsilon,
                "after_epochs": args.after,
                "n_params": n_params,
                "m_train": m_train,
                "difference": diff,
                "verdict": name,
                "layer": result.layer,
                "details": details if args.details else None,
            }
        )
        return EXIT_OK
    when = f"after {args.after} epochs" if args.after else "at initialization"
    planted = "" if cfg.bug == "none" else f", planted bug {cfg.bug}"
    planted += f" (layer {cfg.fix} fixed)" if cfg.fix else ""
    if not args.course_case and cfg.keep_prob != 1.0:
        planted += f", keep_prob = {ml.SETTINGS['keep_prob'].show(cfg.keep_prob)}"
    if args.course_case:
        print(f"gradient check of the course's {net} network ({n_params} parameters, m = 3, "
              f"relu, relu, sigmoid{planted}), ε = {cfg.epsilon:g}")  # fmt: skip
    else:
        print(
            f"gradient check of {net} ({out.hidden(cfg)}{n_params} parameters, "
            f"m = {m_train}, λ = {cfg.lambd:g}{planted}) {when}, ε = {cfg.epsilon:g}"
        )
    if name == NOTHING[0]:
        print(f"{name}: {note}; check at initialization or with fewer epochs")
    else:
        print(f"relative difference {diff:.3e}: {name} ({note})")
    if result.layer and not result.stochastic:
        groups = ", ".join("d" + k for k in result.differing())
        print(f"differing: {groups}; start with layer {result.layer}, the highest that "
              "differs (a wrong dZ[l] shows in layer l and below, a wrong dW or db only in "
              "its own group)")  # fmt: skip
    if args.course_case and cfg.bug == "none":
        print(COURSE_NOTE)
    if args.details:
        rows = [
            ("d" + k, "–" if result.flat(k) else f"{v:.3e}", verdict(v, result.flat(k))[0])
            for k, v in per.items()
        ]
        print(out.table(("param", "difference", "verdict"), rows, left=(0,)))
    return EXIT_OK
