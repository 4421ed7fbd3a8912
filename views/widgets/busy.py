"""A spinner with a line saying what the app is doing, while slow work runs off the UI loop."""

from __future__ import annotations

import flet as ft


class Busy:
    """Shown while slow work runs; hidden otherwise."""

    def __init__(self, text: str) -> None:
        self.control = ft.Row(
            [ft.ProgressRing(width=24, height=24, stroke_width=3), ft.Text(text, size=15)],
            visible=False, spacing=12,
        )

    def start(self) -> None:
        self.control.visible = True

    def stop(self) -> None:
        self.control.visible = False
