"""``tui-tutor sweep``: a validation curve (error against λ) or a learning curve (against m).

One model per λ (by default the λ setting's ladder) or per training-set size, trained
together by ``LabConfig.sweep``; a plot, a table and the diagnosis at the chosen λ (or at
the largest m). The λ chosen is the lesson's: the lowest dev error, and among the λ
within one dev example of it (a tie the dev set cannot break) the simplest, most
regularized model, the largest λ (``SweepResult.chosen_index``). ``--json`` gives
command, param ("lambd" or "m"), config, rows (``SweepResult.rows``), best (the chosen
row and its index), lowest_dev_index, ties (the tied indices) and diagnosis.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence

import numpy as np

from tui_tutor import ml

from . import output as out
from .errors import EXIT_OK, PROG, UsageError
from .options import add_lab_options, config, lambda_list, size_list

NAME = "sweep"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The ``sweep`` subcommand: the lab options and what to sweep."""
    p = sub.add_parser(
        NAME,
        prog=f"{PROG} {NAME}",
        help="validation curve (error against λ) or learning curve (against m)",
        description="Train one model per λ (validation curve) or per training-set size "
        "(learning curve), all at once, and plot train/dev error against it.",
    )
    add_lab_options(p, ml.LabConfig())
    lambd = ml.SETTINGS["lambd"]
    o = p.add_argument_group("sweep")
    what = o.add_mutually_exclusive_group()
    what.add_argument(
        "--lambds",
        type=lambda_list,
        metavar="VALUES",
        help=f"λ values such as 0,0.1,1, each {lambd.accepted()}, at most "
        f"{ml.budget.MAX_SWEEP_MODELS} of them "
        f"(default: {','.join(ml.format_number(v) for v in lambd.ladder)})",
    )
    what.add_argument(
        "--sizes",
        type=size_list,
        metavar="SIZES",
        help="training-set sizes such as 20,50,100, from 1 to the training examples "
        f"(a learning curve), at most {ml.budget.MAX_SWEEP_MODELS} of them",
    )
    o.add_argument("--no-plot", action="store_true", help="table only")
    o.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(run=run)


def _ticks(xs: Sequence[float], values: Sequence[float]) -> tuple[list[float], list[str]]:
    """(positions, labels) of at most about 8 ticks, the last value always labelled."""
    ticks = sorted(set(zip(xs, values, strict=True)))
    step = max(1, math.ceil(len(ticks) / 8))  # keep labels from running together
    shown = ticks[::step] if ticks[-1] in ticks[::step] else [*ticks[::step], ticks[-1]]
    return [x for x, _ in shown], [f"{v:g}" for _, v in shown]


def lambda_axis(values: Sequence[float]) -> tuple[list[float], tuple[list[float], list[str]]]:
    """x positions on a log axis, with λ = 0 drawn one decade left of the smallest λ > 0,
    and the ticks labelled with the λ values."""
    pos = [v for v in values if v > 0]
    zero_at = (math.log10(min(pos)) - 1.0) if pos else 0.0
    xs = [math.log10(v) if v > 0 else zero_at for v in values]
    return xs, _ticks(xs, values)


def _what(args: argparse.Namespace, cfg: ml.LabConfig) -> tuple[str, list[float]]:
    """("learning", sizes) or ("validation", λ values), checked against this config."""
    most = ml.budget.MAX_SWEEP_MODELS
    for flag, given in (("--sizes", args.sizes), ("--lambds", args.lambds)):
        if given is not None and len(given) > most:
            raise UsageError(f"{flag}: {len(given)} values are too many; give at most {most}")
    if args.sizes is not None:
        tr = cfg.data().sizes
        for size in args.sizes:
            if not (1 <= size <= tr[0]):
                raise UsageError(
                    f"--sizes: {size} is not a training-set size here; give sizes from 1 to "
                    f"{tr[0]} (the training examples of m = {sum(tr)})"
                )
        return "learning", list(args.sizes)
    if args.lambd is not None:
        raise UsageError(
            "--lambd has no effect in a λ sweep; list the λ values with --lambds "
            "(or use --sizes for a learning curve at one λ)"
        )
    # --lambds are checked against the λ setting as they are read (options.lambda_list).
    values = args.lambds if args.lambds is not None else list(ml.SETTINGS["lambd"].ladder)
    return "validation", values


def run(args: argparse.Namespace) -> int:
    """Validation curve over λ or learning curve over m."""
    cfg = config(args, ml.LabConfig())
    kind, values = _what(args, cfg)
    status = out.Progress(cfg.epochs)
    status.note(f"training {len(values)} models for {cfg.epochs} epochs ...")
    try:
        result = cfg.sweep(kind, values)
    except ml.ConfigError as exc:  # over the budget: name the list, not one setting
        flag = "--lambds" if kind == "validation" else "--sizes"
        if exc.key == "keep_prob":  # dropout: the sweeps have none
            flag = ml.SETTINGS["keep_prob"].flag
        raise UsageError(f"{flag}: {exc.message}") from None
    finally:
        status.close()
    is_lambda = result.param == "lambd"
    rows = result.rows()
    lowest, ties = result.best_index, result.ties
    # The diagnosis at the chosen λ, or at the largest m of a learning curve.
    at = result.chosen_index if is_lambda else int(np.argmax(result.values))
    m_train, m_dev, m_test = cfg.data().sizes
    diag = None
    if at >= 0:
        diag = out.diagnosis(
            result.train_error[at], result.dev_error[at], cfg.bayes_error,
            n_train=m_train if is_lambda else int(result.values[at]), n_dev=m_dev,
            shifted=bool(cfg.shift),
        )  # fmt: skip
    if args.json:
        out.print_json(
            {
                "command": NAME,
                "param": result.param,
                "config": cfg.as_dict(),
                "rows": rows,
                "best": {**rows[at], "index": at} if is_lambda and at >= 0 else None,
                "lowest_dev_index": lowest if lowest >= 0 else None,
                "ties": ties,
                "diagnosis": out.diagnosis_dict(diag, has_test=m_test > 0),
            }
        )
        return EXIT_OK
    print(out.describe(cfg))
    name = "λ" if is_lambda else "m"
    if not args.no_plot:
        _plot(result, cfg, name)

    def mark(i: int) -> str:
        if rows[i]["diverged"]:
            return "diverged"
        if is_lambda and i == at:
            return "<- chosen" + (" (lowest dev)" if i == lowest else " (tied)")
        if i == lowest:
            return "<- lowest dev"
        return "tied" if is_lambda and i in ties and len(ties) > 1 else ""

    table = [
        (
            f"{r[result.param]:g}",
            out.value("train_error", r["train_error"]),
            out.value("dev_error", r["dev_error"]),
            out.value("cost", r["cost"]),
            out.value("w_norm_sq", r["w_norm_sq"]),
            mark(i),
        )
        for i, r in enumerate(rows)
    ]
    print(out.table((name, "train err", "dev err", "cost", "‖W‖²_F", ""), table))
    if lowest < 0:
        print(f"every model diverged; lower the learning rate ({ml.SETTINGS['lr'].flag})")
        return EXIT_OK
    if is_lambda:
        out.say(_choice(result, rows, at, lowest, ties))
        if diag is not None:
            out.say(f"diagnosis at λ = {rows[at]['lambd']:g}: {out.advice(diag)}")
    elif diag is not None:
        out.say(f"diagnosis at m = {result.values[at]:g}: {out.advice(diag)}")
    if diag is not None:
        for note in out.notes(diag):
            out.say(f"note: {note}")
        out.say(out.assumes(cfg))
    return EXIT_OK


def _choice(result: ml.SweepResult, rows: list[dict], at: int, lowest: int, ties: list[int]) -> str:
    """Which λ is chosen and why: the lowest dev error, or a tie and its rule."""
    v = out.value
    chosen = rows[at]
    line = (
        f"chosen λ: {chosen['lambd']:g} (dev error {v('dev_error', chosen['dev_error'])}, "
        f"train error {v('train_error', chosen['train_error'])})"
    )
    if len(ties) < 2:
        return line + ": the lowest dev error"
    step = ml.format_number(round(100 / result.n_dev, 2)) if result.n_dev else "?"
    if len(ties) > 2 and ties == list(range(ties[0], ties[-1] + 1)):
        tied = f"from {rows[ties[0]]['lambd']:g} to {rows[ties[-1]]['lambd']:g}"
    else:
        tied = "= " + ", ".join(f"{rows[i]['lambd']:g}" for i in ties)
    return (
        f"{line}: λ {tied} tie, their dev errors within one dev example ({step} points) "
        f"of the lowest, {v('dev_error', rows[lowest]['dev_error'])}; the dev set cannot "
        "rank them, so the simplest, most regularized model within the tie is chosen"
    )


def _plot(result: ml.SweepResult, cfg: ml.LabConfig, name: str) -> None:
    """Train and dev error against λ (log scale, 0 at the left) or m."""
    if result.param == "lambd":
        xs, ticks = lambda_axis(result.values.tolist())
        title = f"error against {name} (log scale, 0 at the left)"
    else:
        xs = result.values.tolist()
        ticks = _ticks(xs, xs)  # the sizes themselves, not 27.5 examples
        title = f"error against {name} (learning curve)"
    series = [
        ("train error", xs, (100 * result.train_error).tolist()),
        ("dev error", xs, (100 * result.dev_error).tolist()),
    ]
    print(
        out.plot(
            series,
            title=title,
            xlabel=name,
            xticks=ticks,
            from_zero=True,
            floor=100 * cfg.bayes_error,
        )
    )
