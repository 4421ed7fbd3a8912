"""Form controls, each wrapped in a `Semantics` with its stable identifier.

A dropdown's label is not exposed to the accessibility tree by Flutter, so the
wrapper carries the label as well. The wrappers are what tests and assistive
tools find; the inner control is what handlers read (`.content`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, cast

import flet as ft

Handler = Callable[[Any], Any]
# A generous average letter width of the dropdowns' text (Latin and Cyrillic), and what
# the field adds around it (padding, the arrow), in pixels.
CHARACTER_WIDTH = 9.5
DROPDOWN_EDGES = 72


def tagged(identifier: str, control: ft.Control, *, label: str | None = None) -> ft.Semantics:
    """`control` with a stable semantics identifier (and a label when Flutter hides it).

    A dropdown's wrapper also says the chosen option (Flutter does not), and keeps saying
    it when the reader picks another; code that sets the value itself calls `announce`.
    """
    wrapper = ft.Semantics(identifier=identifier, label=label, content=control)
    if isinstance(control, ft.Dropdown):
        wrapper.value = chosen_text(control)
        picked = cast(Handler | None, control.on_select)

        async def announce_and_pick(e: ft.Event[ft.Dropdown]) -> None:
            announce(wrapper)
            if picked is not None:
                result = picked(e)
                if inspect.isawaitable(result):
                    await result

        control.on_select = announce_and_pick
    return wrapper


def chosen_text(dropdown: ft.Dropdown) -> str | None:
    """The text of the dropdown's chosen option."""
    return next((o.text for o in dropdown.options or [] if o.key == dropdown.value), None)


def announce(wrapper: ft.Semantics) -> None:
    """Make a dropdown's wrapper say the option now chosen (after the value was set)."""
    if isinstance(wrapper.content, ft.Dropdown):
        wrapper.value = chosen_text(wrapper.content)
        wrapper.update()


def choice(
    *,
    label: str | None,
    options: Sequence[tuple[str, str]],
    value: str | None = None,
    on_select: Handler | None = None,
    width: float = 200,
) -> ft.Dropdown:
    """A dropdown of (key, text) options; wrap it with `tagged` to place it."""
    return ft.Dropdown(
        label=label, value=value, width=width, dense=True,
        options=[ft.DropdownOption(key=k, text=text) for k, text in options],
        on_select=on_select, menu_height=420, enable_search=False,
    )


def fitting_width(options: Sequence[tuple[str, str]], *, least: float = 170,
                  most: float = 400) -> float:
    """A dropdown width that shows its longest option whole (Flutter's own sizing cuts the
    last letters): "All workers" is twice as long in Bulgarian, "Всички теренни работници"."""
    longest = max((len(text) for _key, text in options), default=0)
    return min(most, max(least, longest * CHARACTER_WIDTH + DROPDOWN_EDGES))


def text_field(
    *,
    label: str,
    value: str = "",
    width: float | None = 200,
    password: bool = False,
    hint: str | None = None,
    on_submit: Handler | None = None,
    multiline: bool = False,
    max_length: int | None = None,
    autofocus: bool = False,
) -> ft.TextField:
    """A text field with the look every page shares."""
    return ft.TextField(
        label=label, value=value, width=width, dense=True, password=password,
        can_reveal_password=password, hint_text=hint, on_submit=on_submit,
        multiline=multiline, min_lines=3 if multiline else None, max_length=max_length,
        autofocus=autofocus,
    )


def button(
    identifier: str, text: str, *, on_click: Handler, primary: bool = False,
    icon: ft.IconData | None = None, disabled: bool = False,
) -> ft.Semantics:
    """A button with its identifier; primary buttons are filled."""
    kind = ft.FilledButton if primary else ft.OutlinedButton
    return tagged(identifier, kind(text, icon=icon, on_click=on_click, disabled=disabled))


def link(identifier: str, text: str, *, on_click: Handler,
         icon: ft.IconData | None = None) -> ft.Semantics:
    """A quiet text button, for navigation."""
    return tagged(identifier, ft.TextButton(text, icon=icon, on_click=on_click))
