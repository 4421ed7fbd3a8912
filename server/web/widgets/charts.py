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
