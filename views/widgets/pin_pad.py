"""A PIN pad: big digit keys, a row of dots for what was typed, delete and OK.

The dots are drawn as round shapes, not as a character: "●" is not in the
font the app bundles, and the browser client would fetch another font for it
(which the app does not serve) or draw an empty box.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from views import ids

KEY_SIZE = 72
DOT_SIZE = 14
DOT_GAP = 10
DOTS_PER_ROW = 10
DISPLAY_HEIGHT = 48  # two rows of dots; a longer PIN makes it grow
_ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), ("back", "0", "ok"))


class PinPad:
    """Collects digits; `on_enter(pin)` when OK is pressed. Physical keyboards work too."""

    def __init__(self, *, on_enter: Callable[[str], None], on_touch: Callable[[], None],
                 back_label: str, ok_label: str, shown_label: str) -> None:
        self._digits = ""
        self._on_enter = on_enter
        self._on_touch = on_touch
        self._shown_label = shown_label
        self.enabled = True
        self.dots = ft.Row([], spacing=DOT_GAP, run_spacing=DOT_GAP, wrap=True,
                           alignment=ft.MainAxisAlignment.CENTER)
        self._dots_box = ft.Container(self.dots, height=DISPLAY_HEIGHT,
                                      width=DOTS_PER_ROW * (DOT_SIZE + DOT_GAP),
                                      alignment=ft.Alignment.CENTER)
        self._display_box = ft.Semantics(identifier=ids.UNLOCK_DISPLAY, label=shown_label,
                                         value="0", content=self._dots_box)
        labels = {"back": back_label, "ok": ok_label}
        rows = [ft.Row([self._key(k, labels.get(k)) for k in row],
                       alignment=ft.MainAxisAlignment.CENTER, spacing=16) for row in _ROWS]
        self.control = ft.Column([self._display_box, *rows], spacing=12,
                                 horizontal_alignment=ft.CrossAxisAlignment.CENTER)

    def _key(self, key: str, label: str | None) -> ft.Control:
        content: ft.Control
        if key == "back":
            content = ft.Icon(ft.Icons.BACKSPACE_OUTLINED, size=28)
        elif key == "ok":
            content = ft.Icon(ft.Icons.CHECK, size=32)
        else:
            content = ft.Text(key, size=28, weight=ft.FontWeight.W_500)
        button = ft.FilledTonalButton(
            content=content, width=KEY_SIZE, height=KEY_SIZE,
            style=ft.ButtonStyle(shape=ft.CircleBorder(), padding=0),
            on_click=lambda _e, key=key: self.press(key),
        )
        return ft.Semantics(identifier=ids.item(ids.UNLOCK_KEY, key), label=label or key,
                            button=True, content=button)

    def press(self, key: str) -> None:
        """A key was pressed (on screen or on a keyboard)."""
        self._on_touch()
        if not self.enabled:
            return
        if key == "ok":
            if self._digits:
                self._on_enter(self._digits)
            return
        if key == "back":
            self._digits = self._digits[:-1]
        elif key.isdigit() and len(self._digits) < 32:
            self._digits += key
        self._show()

    def clear(self) -> None:
        self._digits = ""
        self._show()

    def _show(self) -> None:
        self.dots.controls = [_dot() for _ in self._digits]
        self._dots_box.height = (DISPLAY_HEIGHT if len(self._digits) <= 2 * DOTS_PER_ROW
                                 else None)
        self._display_box.value = str(len(self._digits))


def _dot() -> ft.Control:
    return ft.Container(width=DOT_SIZE, height=DOT_SIZE, border_radius=DOT_SIZE / 2,
                        bgcolor=ft.Colors.ON_SURFACE)
