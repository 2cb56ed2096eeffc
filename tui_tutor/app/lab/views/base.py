"""What a lab view is: a name, the extras it needs recorded, how it draws and its legend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui_tutor import ml
from tui_tutor.i18n import t

from ...safe_text import plain
from ..plot import COLORS, MARKERS_NO_COLOR
from ..session import Overlay, ShownRun

__all__ = ["Frame", "View", "chip"]


@dataclass(frozen=True, eq=False)
class Frame:
    """Everything a view draws from at one moment; the panel builds one per change.

    ``run`` is the run on screen and ``before`` the dimmed overlay; ``config`` the current
    settings (newer than ``run.config`` while a changed run starts). ``sweep`` is the
    finished sweep the view needs (``sweep_key``), else ``sweep_error`` says why it
    failed or ``sweep_epochs`` how far it got. ``layer`` is the hidden layer the learner
    picked (1-based, key z; a view clamps it to the layers the run has).
    """

    lang: str
    no_color: bool
    run: ShownRun
    before: Overlay | None
    config: ml.LabConfig
    sweep_key: str = ""
    sweep: ml.SweepResult | None = None
    sweep_error: str | None = None
    sweep_epochs: int | None = None
    layer: int = 1


class View:
    """One view of the lab, drawn on a canvas of the panel (``canvas``: "plot" or "boundary").

    ``name`` is the lesson format's name (``course.model.VIEWS``); ``extras`` the per-layer
    values (``Record`` extras) the view needs recorded during a run; ``sweep`` the sweep
    kind it shows ("validation", "learning"), which the panel asks ``SweepCache`` for.
    Adding a view is one subclass in ``views/`` and one entry of ``VIEWS``.
    """

    name: ClassVar[str]
    extras: ClassVar[tuple[str, ...]] = ()
    sweep: ClassVar[str | None] = None
    canvas: ClassVar[str] = "plot"

    def draw(self, frame: Frame, canvas: Widget) -> None:
        """Show ``frame`` on ``canvas`` (a ``LabPlot`` or a ``BoundaryView``)."""
        raise NotImplementedError

    def legend(self, frame: Frame) -> Text:
        """The one-line legend under the canvas."""
        raise NotImplementedError


def chip(out: Text, name: str, label: str, no_color: bool) -> None:
    """Append a legend item: the line's colour (or its letter when colour is off), a label."""
    if no_color:
        out.append(f"{MARKERS_NO_COLOR[name]} ")
    else:
        out.append("━━ ", Style(color="rgb({},{},{})".format(*COLORS[name])))
    out.append(f"{label}  ")


def legend_text() -> Text:
    """An empty legend line (one line, cut with an ellipsis when too long)."""
    return Text(no_wrap=True, overflow="ellipsis")


def before_chip(out: Text, frame: Frame) -> None:
    """The "before" item when the previous run is drawn behind."""
    if frame.before is not None:
        chip(out, "before", t("legend.before", frame.lang), frame.no_color)


def sweep_title(frame: Frame, kind: str) -> str:
    """The chart's title while its sweep is not there: "computing… 40%" or why it failed."""
    if frame.sweep is not None:
        return ""
    what = t(f"what.{kind}", frame.lang)
    if frame.sweep_error:  # may quote a lesson's CSV path: one clean line
        return t("sweep.failed", frame.lang, what=what, error=plain(frame.sweep_error, line=True))
    title = t("computing", frame.lang, what=what)
    done, epochs = frame.sweep_epochs, frame.config.epochs
    if done and epochs:
        title += f" {min(99, 100 * done // epochs)}%"
    return title
