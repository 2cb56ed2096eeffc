"""``tui-tutor train``: train one network; plot, table and diagnosis, or one JSON object.

``--json`` gives command, config, sizes, every, status, records (at most
``MAX_JSON_RECORDS``, evenly spaced, first and last kept), final (``LabRun.metrics``)
and diagnosis (kind, label, advice, avoidable_bias, variance; null once diverged).
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
    lab = cfg.run(every=every)
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
    diverged = last.status == "diverged"
    diag = None if diverged else out.diagnosis(last.train_error, last.dev_error, cfg.bayes_error)
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
                "diagnosis": out.diagnosis_dict(diag),
            }
        )
        return EXIT_OK
    print(out.describe(cfg))
    if not args.no_plot:
        _plots(cfg, records)
    rows = [
        (
            str(r.epoch),
            out.num(r.cost),
            out.pct(r.train_error),
            out.pct(r.dev_error),
            f"{r.w_norm_sq:.4g}",
        )
        for r in _spread(records, TABLE_ROWS)
    ]
    print(out.table(("epoch", "cost", "train err", "dev err", "‖W‖²_F"), rows))
    print(
        f"final: train {out.pct(metrics['train_error'])}, dev {out.pct(metrics['dev_error'])}"
        + (f", test {out.pct(metrics['test_error'])}" if metrics["m_test"] else "")
        + f", gap {out.pct(metrics['gap'])}, Bayes floor {out.pct(cfg.bayes_error)}"
    )
    if diverged:
        out.say(
            f"diverged at epoch {last.epoch}: the cost became NaN or infinite; "
            f"lower the learning rate ({ml.SETTINGS['lr'].flag}, now {cfg.lr:g})"
        )
    elif diag is not None:
        out.say(f"diagnosis: {out.advice(diag)}")
    return EXIT_OK


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


def _spread(records: list[ml.Record], k: int) -> list[ml.Record]:
    """At most ``k`` records, evenly spaced, the first and the last kept."""
    return [records[i] for i in out.evenly(len(records), k)]
