"""The figures page's choices: a period (preset or dates), a municipality, the CSV button."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

import flet as ft

from model.municipalities import Municipality
from server.services import tickets
from server.web import downloads, ids, periods
from server.web.context import WebContext
from server.web.widgets.fields import announce, button, choice, tagged, text_field
from server.web.widgets.filters import DateProblem, municipality_options, parse_date


class Chosen(Protocol):
    """What the choices change: the page's state."""

    preset: str
    municipality: str

    @property
    def dates(self) -> tuple[Any, Any]: ...

    def choose(self, preset: str) -> None: ...

    def set_dates(self, chosen: tuple[Any, Any]) -> None: ...

    def query(self) -> dict[str, Any]: ...


def preset_options(ctx: WebContext) -> list[tuple[str, str]]:
    _ = ctx.t.gettext
    names = {
        periods.THIS_MONTH: _("This month"), periods.LAST_MONTH: _("Last month"),
        periods.THIS_QUARTER: _("This quarter"), periods.LAST_QUARTER: _("Last quarter"),
        periods.THIS_YEAR: _("This year"), periods.LAST_YEAR: _("Last year"),
        periods.ALL_TIME: _("All time"), periods.CUSTOM: _("Chosen dates"),
    }
    return [(key, names[key]) for key in periods.PRESETS]


class FigureChoices:
    """The controls; each change updates the state and reloads the figures (`refresh`)."""

    def __init__(self, ctx: WebContext, state: Chosen, refresh: Callable[[], Awaitable[None]],
                 places: Sequence[Municipality]) -> None:
        _ = ctx.t.gettext
        self.ctx, self.state, self.refresh = ctx, state, refresh
        hint = _("YYYY-MM-DD")
        self.date_from = text_field(label=_("From"), hint=hint, width=150)
        self.date_to = text_field(label=_("To"), hint=hint, width=150)
        self.date_from.on_submit = self.date_to.on_submit = self.apply
        self.preset = choice(label=_("Period"), options=preset_options(ctx),
                             value=state.preset, on_select=self.pick_preset, width=190)
        # A screen reader hears the chosen period from the wrapper, kept in step below.
        self.preset_tag = tagged(ids.FIGURES_PRESET, self.preset, label=_("Period"))
        self.place = choice(label=_("Municipality"), value=state.municipality,
                            options=municipality_options(ctx, places, _("All municipalities")),
                            on_select=self.pick_municipality, width=220)
        self._show_dates()

    def view(self) -> ft.Control:
        _ = self.ctx.t.gettext
        return ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[
            self.preset_tag,
            tagged(ids.filter_control(ids.FIGURES, ids.FILTER_DATE_FROM), self.date_from),
            tagged(ids.filter_control(ids.FIGURES, ids.FILTER_DATE_TO), self.date_to),
            tagged(ids.filter_control(ids.FIGURES, ids.FILTER_MUNICIPALITY), self.place,
                   label=_("Municipality")),
            button(ids.filter_control(ids.FIGURES, ids.FILTER_APPLY), _("Apply"),
                   on_click=self.apply, icon=ft.Icons.REFRESH),
            button(ids.FIGURES_EXPORT, _("Download as CSV"), on_click=self.export,
                   icon=ft.Icons.DOWNLOAD),
        ])

    def _show_dates(self) -> None:
        start, end = self.state.dates
        self.date_from.value = start.isoformat() if start else ""
        self.date_to.value = end.isoformat() if end else ""
        self.date_from.error = None

    async def pick_preset(self, e: ft.Event[ft.Dropdown]) -> None:
        self.state.choose(str(e.control.value))
        self._show_dates()
        self.date_from.update()
        self.date_to.update()
        await self.refresh()

    async def pick_municipality(self, e: ft.Event[ft.Dropdown]) -> None:
        self.state.municipality = str(e.control.value)
        await self.refresh()

    async def apply(self, _e: Any) -> None:
        try:
            chosen = parse_date(self.date_from.value), parse_date(self.date_to.value)
        except DateProblem:
            self.date_from.error = self.ctx.t.gettext("Use the form YYYY-MM-DD")
            self.date_from.update()
            return
        if chosen != self.state.dates:
            self.state.set_dates(chosen)
            self.preset.value = periods.CUSTOM
            announce(self.preset_tag)
        self.date_from.error = None
        self.date_from.update()
        await self.refresh()

    async def export(self, _e: Any) -> None:
        await downloads.start(self.ctx, tickets.figures_ticket, **self.state.query(),
                              lang=self.ctx.lang)
