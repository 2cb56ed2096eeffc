"""Titles and legends that fit: the chart's title row, its short forms, legends that wrap."""

from __future__ import annotations

import pytest
from lab_host import SMALL, LabApp, legend
from rich.cells import cell_len

from tui_tutor.app.lab.plot import LabPlot

CHECK = SMALL.with_changes(layers=[5, 3], epochs=1500)
VIEWS = ("gradcheck", "derivative", "curves")


def _rows(lab) -> list[str]:
    plot = lab.query_one(LabPlot)
    return [plot.render_line(y).text for y in range(plot.size.height)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("view", ["gradcheck", "derivative"])
async def test_a_titled_chart_keeps_its_title_on_one_row_and_its_data_rows(view, lang) -> None:
    """At 80x24 the title is one row that fits (zh titles wrapped before), and the data
    keep every row but the title, the x axis and its labels (plotext took two for a title)."""
    app = LabApp(CHECK.with_changes(bug="course"), views=VIEWS, view=view, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        lab = app.panel
        if view == "gradcheck":
            await app.until(lambda: lab.sweeps.result(lab.session.sweep_key("gradcheck")))
        else:
            await app.until(lambda: app.finished)
        await pilot.pause()
        plot = lab.query_one(LabPlot)
        rows = _rows(lab)
        title = rows[0].strip()
        assert title and cell_len(rows[0].rstrip()) <= plot.size.width
        assert not any(ch in title for ch in "┤┌│"), title  # a title, not the chart's frame
        assert plot.rows == plot.size.height - 3  # title, x axis, x labels
        assert "┤" in rows[1] or "│" in rows[1]  # data start right under the title


async def test_a_long_legend_wraps_between_items_not_inside_one() -> None:
    """In a lab 70 columns wide (the tutor's lab at 120x40 is about that) the derivative
    legend's last item ('ε=0.01: 3.0301 / 3.0001') was cut off: it goes whole to a second
    row, and every item is on screen."""
    app = LabApp(CHECK, views=VIEWS, view="derivative")
    async with app.run_test(size=(70, 30)) as pilot:
        await app.until(lambda: app.finished)
        await pilot.pause()
        widget = app.panel.query_one("#lab-legend")
        shown = [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]
        assert any("ε=0.01: 3.0301 / 3.0001" in row for row in shown), shown
        assert "3.0301 / 3.0001" in legend(app.panel)
