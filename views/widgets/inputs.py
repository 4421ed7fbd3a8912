"""Inputs with a stable semantics identifier, an accessible label and an inline error.

Each is a small object holding its Flet controls: `.control` goes into the
layout, `.show_error(text)` puts a translated message next to the field.
Touch targets are at least 48 px high.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import flet as ft

from views import ids, theme

ERROR_COLOR = theme.ERROR_TEXT
MIN_TOUCH = 48
# Makes a chip 48 px high: a comfortable target for a thumb in a glove.
CHIP_PADDING = ft.Padding.symmetric(vertical=13, horizontal=6)


def icon_button(icon: ft.IconData, *, tooltip: str, on_click: Callable[[Any], None],
                size: int = 24) -> ft.IconButton:
    """An icon button with a 48 px target and its tooltip as the accessible label.

    (A tooltip alone does not name the button for a screen reader in a browser:
    the icon carries the same words as its semantics label.)
    """
    return ft.IconButton(ft.Icon(icon, size=size, semantics_label=tooltip), tooltip=tooltip,
                         on_click=on_click, icon_size=size,
                         padding=ft.Padding.all((MIN_TOUCH - size) / 2))


def scroll_key(name: str) -> ft.ScrollKey:
    """A key to scroll to with `Column.scroll_to(scroll_key=name)`."""
    return ft.ScrollKey(name)  # type: ignore[call-arg]  # flet's lazy dataclass hides __init__


def error_line(text: str | None) -> ft.Row:
    """A field's error: an icon and the message (not colour alone)."""
    return ft.Row(
        [ft.Icon(ft.Icons.ERROR_OUTLINE, color=ERROR_COLOR, size=18),
         ft.Text(text or "", color=ERROR_COLOR, size=14, expand=True)],
        visible=bool(text), spacing=6,
    )


FLAG_COLOR = theme.ATTENTION.fg
FLAG_BACKGROUND = theme.ATTENTION.bg


def flag_line(text: str | None) -> ft.Row:
    """A field the supervisor flagged: a flag icon and what to do (not colour alone)."""
    return ft.Row(
        [ft.Icon(ft.Icons.FLAG, color=FLAG_COLOR, size=18),
         ft.Text(text or "", color=FLAG_COLOR, size=14, weight=ft.FontWeight.W_600,
                 expand=True)],
        visible=bool(text), spacing=6,
    )


def show_flag(row: ft.Row, control: ft.Semantics, text: str | None) -> None:
    """Show or hide the flag line `row` of input `control`, with a tinted background."""
    row.visible = bool(text)
    message = row.controls[1]
    assert isinstance(message, ft.Text)
    message.value = text or ""
    box = control.content
    if isinstance(box, ft.Container):
        box.bgcolor = FLAG_BACKGROUND if text else None
        box.padding = 8 if text else None


def show_message(row: ft.Row, text: str) -> None:
    """Show `text` in an `error_line` row."""
    row.visible = True
    message = row.controls[1]
    assert isinstance(message, ft.Text)
    message.value = text


class Marked:
    """What every input of the form shows beside itself: its error, and the supervisor's
    flag when the field is to be corrected. Inputs set `_error` (`error_line`), `_flag`
    (`flag_line`) and `control` (a Semantics around a Container)."""

    _error: ft.Row
    _flag: ft.Row
    control: ft.Semantics

    def show_error(self, text: str | None) -> ft.Control:
        show_message(self._error, text or "")
        self._error.visible = bool(text)
        return self._error

    def show_flag(self, text: str | None) -> None:
        """Mark the input as one the supervisor asked to correct (`text` says so), or not."""
        show_flag(self._flag, self.control, text)


def section_title(text: str) -> ft.Text:
    """A heading inside a screen."""
    return ft.Text(text, size=16, weight=ft.FontWeight.BOLD)


class ChoiceGroup(Marked):
    """One answer (or several, with `multiple`) from a short list, as big tappable chips.

    What is chosen lives in one place: `source` gives it (the form's values) and
    `on_change` stores a change there; the chips only ever show what `source`
    says. A tap says whether the chip is now on or off (not "flip it"), so quick
    taps each land as the worker saw them, and a chip the phone drew differently
    from what is stored is drawn again.
    """

    def __init__(self, *, identifier: str, label: str, options: Sequence[tuple[str, str]],
                 selected: Iterable[str] = (), on_change: Callable[[Any], None],
                 multiple: bool = False,
                 source: Callable[[], Iterable[str]] | None = None) -> None:
        self._multiple = multiple
        self._on_change = on_change
        self._own: set[str] = set(selected)
        self._source = source or (lambda: self._own)
        self._chips: dict[str, ft.Chip] = {}
        items: list[ft.Control] = []
        for value, text in options:
            # A check mark as well as the colour: a choice never shows by colour alone.
            chip = ft.Chip(label=ft.Text(text, size=15), selected=value in self.selected,
                           show_checkmark=True, selected_color=theme.CHOSEN,
                           border_side=ft.BorderSide(1, theme.BORDER),
                           padding=CHIP_PADDING, on_select=self._selected(value))
            self._chips[value] = chip
            items.append(ft.Semantics(identifier=ids.item(identifier, value), content=chip))
        self._error = error_line(None)
        self._flag = flag_line(None)
        self._label = ft.Text(label, size=15, weight=ft.FontWeight.W_500)
        # The group's heading is its first child, so it needs no semantics label of its own.
        self.control = ft.Semantics(
            identifier=identifier, container=True, key=scroll_key(identifier),
            content=ft.Container(ft.Column([self._label, self._flag,
                                            ft.Row(items, wrap=True, spacing=8, run_spacing=4),
                                            self._error], spacing=4), border_radius=8))

    @property
    def selected(self) -> set[str]:
        return set(self._source())

    def _selected(self, value: str) -> Callable[[Any], None]:
        def on_select(event: Any) -> None:
            now = self.selected
            wanted = event.data if isinstance(event.data, bool) else value not in now
            chosen = {value}  # a single choice stays chosen when tapped again
            if self._multiple:
                chosen = now | chosen if wanted else now - chosen
            self._own = chosen
            self._on_change(set(chosen) if self._multiple else value)
            if isinstance(event.data, bool) and event.data != (value in self.selected):
                # The phone drew the chip as tapped, but that is not the answer (the chosen
                # chip of a single choice stays chosen): draw it again as it is.
                tapped = self._chips[value]
                tapped.selected = event.data
                tapped.update()
            self.show()
        return on_select

    def show(self) -> None:
        """Draw the chips as `source` says."""
        chosen = self.selected
        for key, chip in self._chips.items():
            chip.selected = key in chosen



class Choice(Marked):
    """One answer from a longer list (countries, municipalities) in a dropdown."""

    def __init__(self, *, identifier: str, label: str, options: Sequence[tuple[str, str]],
                 value: str | None, on_change: Callable[[str | None], None],
                 searchable: bool = False) -> None:
        self._on_change = on_change
        self.dropdown = ft.Dropdown(
            label=label, value=value, expand=True, enable_filter=searchable,
            editable=searchable, menu_height=360,
            options=[ft.DropdownOption(key=key, text=text) for key, text in options],
            on_select=lambda e: self._on_change(e.control.value),
        )
        self._flag = flag_line(None)
        self._error = error_line(None)
        self.control = ft.Semantics(identifier=identifier, label=label, key=scroll_key(identifier),
                                    content=ft.Container(ft.Column(
                                        [self._flag, ft.Row([self.dropdown]), self._error],
                                        spacing=4), border_radius=8))



class TextInput(Marked):
    """A text field; its value goes to `on_change` as it is typed."""

    def __init__(self, *, identifier: str, label: str, value: str | None,
                 on_change: Callable[[str], None], max_length: int | None = None,
                 multiline: bool = False, password: bool = False,
                 keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
                 on_submit: Callable[[], None] | None = None) -> None:
        self.field = ft.TextField(
            label=label, value=value or "", max_length=max_length, multiline=multiline,
            min_lines=3 if multiline else None, max_lines=8 if multiline else 1,
            password=password, can_reveal_password=password, keyboard_type=keyboard,
            on_change=lambda e: _typed(on_change, e.control.value),
            on_submit=(lambda _e: on_submit()) if on_submit else None, expand=True,
        )
        self._flag = flag_line(None)
        # The error in a line of its own under the field, as for every input (an icon and
        # the text). (A TextField's own `error` stops the web client drawing updates.)
        self._error = error_line(None)
        self.control = ft.Semantics(identifier=identifier, key=scroll_key(identifier),
                                    content=ft.Container(ft.Column(
                                        [self._flag, ft.Row([self.field]), self._error],
                                        spacing=4), border_radius=8))

    @property
    def value(self) -> str:
        return self.field.value



def _typed(on_change: Callable[[str], None], value: str) -> None:
    """A keystroke: hand the text on, and send nothing back to the field by itself. (Flet
    redraws an event's control after its handler; echoing a text field's value while the
    worker types makes the phone and the app argue over it, and the app falls behind.)"""
    ft.context.disable_auto_update()  # type: ignore[no-untyped-call]
    on_change(value)


def big_button(text: str, *, identifier: str, on_click: Callable[[Any], None],
               icon: ft.IconData | None = None, primary: bool = True,
               expand: bool = True) -> ft.Control:
    """A full-width button at least 48 px high."""
    style = ft.ButtonStyle(padding=ft.Padding.symmetric(vertical=14, horizontal=20),
                           text_style=ft.TextStyle(size=16, weight=ft.FontWeight.W_600))
    button: ft.Control
    if primary:
        button = ft.FilledButton(text, icon=icon, on_click=on_click, style=style,
                                 height=MIN_TOUCH + 4, expand=expand)
    else:
        button = ft.OutlinedButton(text, icon=icon, on_click=on_click, style=style,
                                   height=MIN_TOUCH + 4, expand=expand)
    return ft.Semantics(identifier=identifier, expand=expand,
                        content=ft.Row([button]) if expand else button)
