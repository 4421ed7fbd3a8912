"""A light table: a header and rows that are focusable with Tab and open with Enter.

Flutter's DataTable rows cannot take the keyboard focus, so each row here is an
ink-well container (focusable, activated by Enter or Space) with its identifier.
Columns share the line by weight, so the table fits from a desktop down to a
tablet; a cell's text wraps onto a second line and is then cut with "…".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import flet as ft

from server.web.widgets.fields import tagged

# Below this many pixels per unit of column weight, headings break inside words.
MIN_WIDTH_PER_WEIGHT = 36

STATE_COLOURS: dict[str, ft.ColorValue] = {
    "received": ft.Colors.BLUE_100,
    "edited": ft.Colors.AMBER_100,
    "has_issues": ft.Colors.ORANGE_200,
    "approved": ft.Colors.GREEN_100,
    "rejected": ft.Colors.RED_100,
}


@dataclasses.dataclass(frozen=True)
class Column:
    """A column: its heading and its share of the line (weights of all columns add up)."""

    heading: str | ft.Control
    weight: int = 3


def _cell(content: str | ft.Control, weight: int) -> ft.Control:
    if isinstance(content, str):
        content = ft.Text(content, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS)
    return ft.Container(content=content, expand=weight)


def header(columns: Sequence[Column]) -> ft.Control:
    """The heading line."""
    cells = [
        _cell(c.heading if not isinstance(c.heading, str)
              else ft.Text(c.heading, weight=ft.FontWeight.W_600), c.weight)
        for c in columns
    ]
    return ft.Container(
        content=ft.Row(cells, spacing=8), bgcolor=ft.Colors.SURFACE_CONTAINER_HIGH,
        padding=ft.Padding.symmetric(horizontal=10, vertical=8),
        border_radius=ft.BorderRadius.only(top_left=6, top_right=6),
    )


def row(identifier: str, columns: Sequence[Column], cells: Sequence[str | ft.Control], *,
        on_open: Callable[[Any], Any] | None = None) -> ft.Control:
    """One line; with `on_open` it can be clicked, or focused and opened with Enter."""
    line = ft.Row([_cell(content, c.weight) for c, content in zip(columns, cells, strict=True)],
                  spacing=8)
    box = ft.Container(
        content=line, on_click=on_open, ink=on_open is not None,
        padding=ft.Padding.symmetric(horizontal=10, vertical=6),
        border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
    )
    return tagged(identifier, box)


def state_chip(text: str, state: str) -> ft.Control:
    """A review state as a small coloured label."""
    return ft.Container(
        content=ft.Text(text, size=12), bgcolor=STATE_COLOURS.get(state),
        padding=ft.Padding.symmetric(horizontal=8, vertical=2), border_radius=10,
    )


def table(columns: Sequence[Column], rows: Sequence[ft.Control],
          empty: ft.Control | None = None, *, page_width: float | None = None) -> ft.Control:
    """Header and rows, framed; on a page narrower than the table needs, it scrolls sideways."""
    body: list[ft.Control] = [header(columns), *rows]
    if not rows and empty is not None:
        body.append(ft.Container(content=empty, padding=16))
    needed = MIN_WIDTH_PER_WEIGHT * sum(c.weight for c in columns)
    framed = ft.Container(
        content=ft.Column(body, spacing=0),
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=6,
    )
    if page_width is None or page_width >= needed + 40:
        return framed
    framed.width = needed
    return ft.Row([framed], scroll=ft.ScrollMode.AUTO)
