"""Charts of the figures page: a column chart (flet-charts) and labelled bar rows.

Every chart also writes its numbers as text, so the figures can be read
without seeing the bars (screen readers, tests, copying into a report).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import flet as ft
import flet_charts as fch

from server.web.widgets.fields import tagged

BAR_COLOUR = ft.Colors.TEAL_400


def _nice_max(largest: int) -> int:
    """A round upper end for the axis, a little above the largest value."""
    if largest <= 5:
        return max(largest, 1) + 1
    step = 10 ** math.floor(math.log10(largest))
    return int(math.ceil(largest * 1.1 / step) * step)


def column_chart(identifier: str, points: Sequence[tuple[str, int]], *,
                 height: float = 220, label_every: int = 1) -> ft.Control:
    """Columns for (label, value) pairs in order, e.g. contacts per week."""
    top = _nice_max(max((v for _k, v in points), default=0))
    groups = [
        fch.BarChartGroup(x=i, rods=[fch.BarChartRod(
            from_y=0, to_y=v, width=max(6, min(28, 600 // max(len(points), 1))),
            color=BAR_COLOUR, border_radius=2, tooltip=f"{k}: {v}",
        )])
        for i, (k, v) in enumerate(points)
    ]
    labels = [
        fch.ChartAxisLabel(value=i, label=ft.Text(k[-3:] if len(k) > 6 else k, size=10))
        for i, (k, _v) in enumerate(points) if i % label_every == 0
    ]
    chart = fch.BarChart(
        groups=groups, max_y=top, height=height, interactive=True,
        left_axis=fch.ChartAxis(label_size=36, label_spacing=max(1, top // 5)),
        bottom_axis=fch.ChartAxis(labels=labels, label_size=24),
        horizontal_grid_lines=fch.ChartGridLines(color=ft.Colors.OUTLINE_VARIANT, width=1),
    )
    return tagged(identifier, chart)


def bar_rows(identifier: str, rows: Sequence[tuple[str, int, str]], *,
             width: float = 220) -> ft.Control:
    """One labelled horizontal bar per (label, count, count as written), in the order given."""
    largest = max((v for _k, v, _t in rows), default=0) or 1
    lines: list[ft.Control] = []
    for text, count, written in rows:
        lines.append(ft.Row(spacing=8, controls=[
            ft.Text(text, width=260, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS, size=13),
            ft.Container(width=max(2.0, width * count / largest), height=14,
                         bgcolor=BAR_COLOUR, border_radius=2),
            ft.Text(written, size=13),
        ]))
    return tagged(identifier, ft.Column(lines, spacing=4))


REFERENCE_COLOUR = ft.Colors.DEEP_ORANGE_700
PERCENT_HEIGHT = 160


def percent_columns(identifier: str, points: Sequence[tuple[str, float | None, str]], *,
                    reference: float, reference_text: str, room: float = 700) -> ft.Control:
    """A column per (label, percentage or None, percentage as written) on a 0–100 % scale,
    with a line across at `reference` (the evaluation's figure) named by `reference_text`,
    in `room` pixels of width. A missing percentage leaves its column empty and writes "—";
    where the columns are too narrow for the numbers (a year of months on a phone), only
    the columns are drawn (the table beside has the numbers)."""
    count = max(len(points), 1)
    width = max(12.0, min(44.0, (room - 10 * count) / count))
    written_fits = width >= 40

    def column(label: str, pct: float | None, written: str) -> ft.Control:
        bar = ft.Container(width=width, height=PERCENT_HEIGHT * (pct or 0) / 100,
                           bgcolor=BAR_COLOUR, border_radius=2, tooltip=f"{label}: {written}")
        shown = written if written_fits or pct is None else ""
        return ft.Column(spacing=2, horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                         alignment=ft.MainAxisAlignment.END, height=PERCENT_HEIGHT + 20,
                         width=width, controls=[ft.Text(shown, size=11, no_wrap=True), bar])

    line_top = 20 + PERCENT_HEIGHT * (1 - reference / 100)
    plot = ft.Stack(height=PERCENT_HEIGHT + 20, controls=[
        ft.Row([column(k, v, t) for k, v, t in points], spacing=10,
               vertical_alignment=ft.CrossAxisAlignment.END),
        ft.Container(top=line_top, left=0, right=0, height=2, bgcolor=REFERENCE_COLOUR),
    ])
    legend = ft.Row(spacing=6, controls=[  # under the chart: never over a column
        ft.Container(width=18, height=2, bgcolor=REFERENCE_COLOUR),
        ft.Text(reference_text, size=12, color=REFERENCE_COLOUR, weight=ft.FontWeight.W_600)])
    labels = ft.Row(spacing=10, controls=[
        ft.Container(width=width, content=ft.Text(k, size=10, text_align=ft.TextAlign.CENTER,
                                                  no_wrap=True))
        for k, _v, _t in points])
    return tagged(identifier, ft.Column([plot, labels, legend], spacing=4))
