"""A results area that loads one page of a keyset-paged list and turns its pages.

The list of cursors belongs to the page's state (kept per tab), so coming back
to the page shows the same page: cursor None is the first page, the last cursor
the page shown.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from locales import format_number
from server.web.context import WebContext
from server.web.widgets.fields import button

# Loads the page of the last cursor: what to show, and the next page's cursor (None: last).
PageLoader = Callable[[], Awaitable[tuple[list[ft.Control], str | None]]]


class PagedResults:
    """The results and the pager under them; refreshed in place, so the focus stays put."""

    def __init__(self, ctx: WebContext, *, cursors: list[str | None], load: PageLoader,
                 previous_id: str, next_id: str) -> None:
        self.ctx = ctx
        self.cursors = cursors
        self.load = load
        self.previous_id, self.next_id = previous_id, next_id
        self.next_cursor: str | None = None
        self.view = ft.Column(spacing=14)

    async def show(self) -> None:
        """Load the current page into the view (the caller puts the view on screen)."""
        controls, self.next_cursor = await self.load()
        self.view.controls = [*controls, self._pager()]

    async def refresh(self) -> None:
        await self.show()
        self.view.update()

    async def first_page(self) -> None:
        self.cursors[:] = [None]
        await self.refresh()

    async def next_page(self, _e: Any = None) -> None:
        if self.next_cursor:
            self.cursors.append(self.next_cursor)
            await self.refresh()

    async def previous_page(self, _e: Any = None) -> None:
        if len(self.cursors) > 1:
            self.cursors.pop()
            await self.refresh()

    def keys(self) -> dict[str, Callable[[], Awaitable[None]]]:
        """Page Down / Page Up turn the page."""
        return {"Page Down": self.next_page, "Page Up": self.previous_page}

    def _pager(self) -> ft.Control:
        _ = self.ctx.t.gettext
        number = len(self.cursors)
        return ft.Row(spacing=12, controls=[
            button(self.previous_id, _("Previous"), on_click=self.previous_page,
                   icon=ft.Icons.CHEVRON_LEFT, disabled=number == 1),
            ft.Text(_("Page %(n)s") % {"n": format_number(number, self.ctx.lang)}),
            button(self.next_id, _("Next"), on_click=self.next_page,
                   icon=ft.Icons.CHEVRON_RIGHT, disabled=self.next_cursor is None),
        ])
