"""The contract between the shell and a screen: a builder makes a `Screen` for one route."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import flet as ft

from model.form import FormValues
from views import ids
from views.ui import Ui
from views.widgets.inputs import icon_button


@dataclass
class Screen:
    """A built screen: its view, and how to refresh it when sync changed something.

    `refresh` redraws what a finished sync may have changed; `status` only the
    sync state (while a sync runs). Both are None for screens that hold unsaved
    input (the form): a sync never redraws them. `draft` gives such a screen's
    route and unsaved input, kept (encrypted) when the app locks. `leave` is
    what Back does on a screen that asks first (a changed form).
    """

    view: ft.View
    refresh: Callable[[], None] | None = None
    status: Callable[[], None] | None = None
    draft: Callable[[], tuple[str, FormValues]] | None = None
    leave: Callable[[], None] | None = None


ScreenBuilder = Callable[[Ui, dict[str, str]], Screen]
T = TypeVar("T")


def redrawing(body: ft.Column, *, read: Callable[[], T], draw: Callable[[T], list[ft.Control]],
              key: Callable[[T], object] = lambda value: value) -> Callable[[], None]:
    """A refresh for a screen showing one thing: `body` is drawn again from what `read`
    gives only when its `key` changed (a control replaced under a finger loses the tap)."""
    shown: list[object] = [object()]

    def refresh() -> None:
        value = read()
        signature = key(value)
        if signature != shown[0]:
            shown[0] = signature
            body.controls = draw(value)

    return refresh


def screen_view(ui: Ui, route: str, *, title: str, controls: list[ft.Control],
                actions: list[ft.Control] | None = None, back_to: str | None = None,
                bottom: ft.Control | None = None, scroll: bool = True,
                on_back: Callable[[], None] | None = None) -> ft.View:
    """A screen's view: app bar, a scrolling body sized for a phone, optional bottom bar.

    With `on_back`, Back (the arrow and the phone's back gesture) calls it instead of
    going to `back_to`: the screen decides (a changed form asks first).
    """
    body = ft.Column(controls, spacing=14, expand=True,
                     scroll=ft.ScrollMode.AUTO if scroll else None)
    leading = None
    if back_to is not None:
        target = back_to
        back = on_back or (lambda: ui.go(target))
        leading = ft.Semantics(identifier=ids.BACK, content=icon_button(
            ft.Icons.ARROW_BACK, tooltip=ui.t.gettext("Back"), on_click=ui.act(back)))
    return ft.View(
        route=route,
        appbar=ft.AppBar(title=ft.Text(title, size=20), actions=actions or [], leading=leading,
                         automatically_imply_leading=False),
        controls=[ft.SafeArea(ft.Container(body, padding=ft.Padding.symmetric(
            vertical=4, horizontal=14)), expand=True)],
        bottom_appbar=(ft.BottomAppBar(bottom, height=72, padding=ft.Padding.symmetric(
            vertical=6, horizontal=12)) if bottom else None),
        padding=0,
        can_pop=back_to is not None and on_back is None,
        on_confirm_pop=_confirm_pop(ui, on_back) if on_back is not None else None,
    )


def _confirm_pop(ui: Ui, on_back: Callable[[], None]) -> Callable[[ft.Event[ft.View]], None]:
    """The phone's back gesture on a screen that asks first: the pop is refused, and the
    screen's own Back runs (which may ask, then navigate)."""

    def confirm(event: ft.Event[ft.View]) -> None:
        ui.touch()
        ui.run(lambda: event.control.confirm_pop(False))
        on_back()
        ui.update()

    return confirm
