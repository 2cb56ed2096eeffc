"""``tui-tutor train``: train one network; plot, table and diagnosis, or one JSON object.

``--json`` gives command, config, sizes, every, status, records (at most
``MAX_JSON_RECORDS``, evenly spaced, first and last kept), final (``LabRun.metrics``)
and diagnosis (``output.diagnosis_dict``; null once diverged). ``--extras`` adds
per-layer values (``ml.EXTRAS``) to every record (``records[i].extras``) and, without
``--json``, a table of them per layer at the first and last record.

The test set is sealed: its error is shown (and ``final`` holds ``test_error``) only
with ``--test``, which a learner uses once, for the model they chose on the dev set.
"""

from __future__ import annotations

import argparse

from tui_tutor import ml

from . import output as out
from .errors import EXIT_OK, PROG, Interrupted
from .options import add_lab_options, bounded, config

NAME = "train"
MAX_JSON_RECORDS = 200  # `train --json` keeps at most this many records (first and last kept)
TABLE_ROWS = 8  # rows of the human-readable training table


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The ``train`` subcommand: the lab options and the output options."""
    p = sub.add_parser(
        NAME,
        prog=f"{PROG} {NAME}",
        help="train one network and show its curves and diagnosis",
        description="Train one network on a 2-D dataset; plot train/dev error and cost "
        "against epoch, then a table and the bias/variance diagnosis.",
    )
    add_lab_options(p, ml.LabConfig())
    o = p.add_argument_group("output")
    o.add_argument(
        "--every",
        type=bounded(1, whole=True),
        metavar="K",
        help=f"record every K epochs, at least 1 (default: about {MAX_JSON_RECORDS} records)",
    )
    o.add_argument(
        "--test",
        action="store_true",
        help="also show the test error: look at the test set once, for the model you "
        "chose on the dev set (without it the test set stays sealed)",
    )
    o.add_argument(
        "--extras",
        type=_extras,
        default=(),
        metavar="NAMES",
        help="per-layer values each record carries, comma-separated, such as "
        f"a_rms_layers,dw_norm_layers; any of {', '.join(ml.EXTRAS)}",
    )
    o.add_argument("--no-plot", action="store_true", help="table and diagnosis only")
    o.add_argument(
        "--json",
        action="store_true",
        help=f"one JSON object: config, records (at most {MAX_JSON_RECORDS}), final, diagnosis",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Train one model; plot, table and diagnosis, or one JSON object."""
    cfg = config(args, ml.LabConfig())
    every = args.every or max(1, cfg.epochs // MAX_JSON_RECORDS)
    lab = cfg.run(every=every, extras=args.extras)
    records: list[ml.Record] = []
    progress = out.Progress(cfg.epochs)
    try:
        for rec in lab.records:
            records.append(rec)
            progress.update(rec.epoch)
    except KeyboardInterrupt:
        at = records[-1].epoch if records else 0
        raise Interrupted(f"interrupted at epoch {at} of {cfg.epochs}") from None
    finally:
        progress.close()
    last = records[-1]
    metrics = lab.metrics(last)
    m_train, m_dev, m_test = lab.data.sizes
    if not args.test:
        metrics.pop("test_error")  # sealed
    diverged = last.status == "diverged"
    diag = None
    if not diverged:
        diag = out.diagnosis(
            last.train_error, last.dev_error, metrics["bayes_error"],
            n_train=m_train, n_dev=m_dev, shifted=bool(cfg.shift),
        )  # fmt: skip
    if args.json:
        out.print_json(
            {
                "command": NAME,
                "config": cfg.as_dict(),
                "sizes": dict(zip(("train", "dev", "test"), lab.data.sizes, strict=True)),
                "every": every,
                "status": last.status,
                "records": [r.as_dict() for r in _spread(records, MAX_JSON_RECORDS)],
                "final": metrics,
                "diagnosis": out.diagnosis_dict(diag, has_test=m_test > 0),
            }
        )
        return EXIT_OK
    print(out.describe(cfg))
    curve = [r for r in records if r.best_epoch is None]  # the restored best is no point
    if not args.no_plot:
        _plots(cfg, curve)
    rows = [
        (
            str(r.epoch),
            out.value("cost", r.cost),
            out.value("train_error", r.train_error),
            out.value("dev_error", r.dev_error),
            out.value("w_norm_sq", r.w_norm_sq),
        )
        for r in _spread(curve, TABLE_ROWS)
    ]
    print(out.table(("epoch", "cost", "train err", "dev err", "‖W‖²_F"), rows))
    if last.best_epoch is not None:
        out.say(_early_stop(cfg, last))
    if args.extras:
        print(_layer_table(args.extras, records[0], last))
    for line in _final(metrics, diag, m_test, args.test):
        out.say(line)
    if diverged:
        out.say(
            f"diverged at epoch {last.epoch}: the cost became NaN or infinite; "
            f"lower the learning rate ({ml.SETTINGS['lr'].flag}, now {cfg.lr:g})"
        )
    elif diag is not None:
        out.say(f"diagnosis: {out.advice(diag, has_test=m_test > 0)}")
        for note in out.notes(diag):
            out.say(f"note: {note}")
        out.say(out.assumes(cfg))
    return EXIT_OK


def _final(
    metrics: dict[str, float], diag: ml.Diagnosis | None, m_test: int, test: bool
) -> list[str]:
    """The final errors: train, dev with its 95% interval and size, the gap, the floor,
    and the test error only when asked for (else a word that the test set is sealed)."""
    v = out.value
    dev = v("dev_error", metrics["dev_error"])
    if diag is not None and diag.dev_interval is not None:
        lo, hi = diag.dev_interval
        dev += (
            f" (95% interval {v('dev_error', lo)}–{v('dev_error', hi)}; "
            f"{diag.n_dev} dev examples, one is {ml.format_number(round(100 / diag.n_dev, 2))} "
            "points)"
        )
    bayes = metrics["bayes_error"]
    floor = "unknown" if bayes != bayes else v("bayes_error", bayes)
    line = (
        f"final: train {v('train_error', metrics['train_error'])}, dev {dev}, "
        f"gap {v('gap', ml.shown_gap(metrics['train_error'], metrics['dev_error']))}, "
        f"Bayes floor {floor}"
    )
    if test and m_test:
        line += f", test {v('test_error', metrics['test_error'])} (the test set, looked at once)"
    elif test:
        line += ", no test set (this split has none)"
    elif m_test:
        return [line, f"the test set ({m_test} examples) stays sealed; --test shows its error"]
    return [line]


def _early_stop(cfg: ml.LabConfig, last: ml.Record) -> str:
    """Where early stopping stopped and whose weights the final figures describe."""
    why = (
        f"no lower dev error in {cfg.patience} epochs"
        if last.status == "stopped"
        else f"the {cfg.epochs} epochs ran out first"
    )
    return (
        f"early stopping: stopped at epoch {last.epoch} ({why}); the weights of epoch "
        f"{last.best_epoch}, the lowest dev error, are restored and measured below"
    )


def _plots(cfg: ml.LabConfig, records: list[ml.Record]) -> None:
    """Error (with the Bayes floor) and cost against epoch, one plot above the other."""
    epochs = [r.epoch for r in records]
    errors = [
        ("train error", epochs, [100 * r.train_error for r in records]),
        ("dev error", epochs, [100 * r.dev_error for r in records]),
    ]
    costs = [("cost J", epochs, [r.cost for r in records])]
    if cfg.lambd:
        costs.append(("λ penalty", epochs, [r.penalty for r in records]))
    floor = 100 * cfg.bayes_error
    print(
        out.plot(
            errors,
            title="error against epoch",
            xlabel="epoch",
            plots=2,
            from_zero=True,
            floor=floor,
        )
    )
    print(out.plot(costs, title="cost against epoch", xlabel="epoch", plots=2))


def _extras(text: str) -> tuple[str, ...]:
    """The ``--extras`` list: names of ``ml.EXTRAS``, comma- or space-separated."""
    names = tuple(p for p in text.replace(",", " ").split() if p)
    if not names:
        raise argparse.ArgumentTypeError(
            f"empty; give names such as a_rms_layers: {', '.join(ml.EXTRAS)}"
        )
    for name in names:
        if name not in ml.EXTRAS:
            raise argparse.ArgumentTypeError(
                f"{name!r} is not a per-layer value; choose from {', '.join(ml.EXTRAS)}"
            )
    return names


def _layer_table(names: tuple[str, ...], first: ml.Record, last: ml.Record) -> str:
    """One row per layer: each extra at the first and at the last record."""
    header = ["layer"] + [f"{n} @{r.epoch}" for n in names for r in (first, last)]
    L = max(len(first.extras.get(n, ())) for n in names)
    rows = []
    for l in range(L):
        row = [str(l + 1)]
        for n in names:
            for r in (first, last):
                values = r.extras.get(n, ())
                row.append(f"{values[l]:.4g}" if l < len(values) else "")
        rows.append(row)
    return out.table(header, rows)


def _spread(records: list[ml.Record], k: int) -> list[ml.Record]:
    """At most ``k`` records, evenly spaced, the first and the last kept."""
    return [records[i] for i in out.evenly(len(records), k)]
