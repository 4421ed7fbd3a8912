"""National figures: every organisation for a monitor; the country beside their own
organisation for a supervisor. Periods are whole months, quarters or years."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import flet as ft

from model.municipalities import PILOT_NAMES
from server.errors import InvalidInput
from server.services import national, tickets
from server.services.national import NationalQuery
from server.web import downloads, ids, periods
from server.web.context import WebContext
from server.web.national_parts import results
from server.web.widgets.fields import button, choice, tagged, text_field
from server.web.widgets.filters import ANY, DateProblem, parse_date
from server.web.widgets.shell import notice, page_title


@dataclasses.dataclass
class NationalState:
    """The choices of this tab, and the municipalities seen so far (for the dropdown)."""

    period: str = "month"
    date_from: date | None = None
    date_to: date | None = None
    municipality: str = ANY
    pilot_only: bool = False
    shown: str | None = None  # the period whose breakdowns are shown (None: the last)
    places: dict[str, str] = dataclasses.field(default_factory=lambda: dict(PILOT_NAMES))

    def query(self) -> NationalQuery:
        return NationalQuery(self.period, self.date_from, self.date_to,
                             None if self.municipality == ANY else self.municipality,
                             self.pilot_only)


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """The page; changing a choice reloads the figures only, so the focus stays put."""
    _ = ctx.t.gettext
    state = ctx.kept("national", NationalState, NationalState)
    shown = ft.Column(spacing=14)

    async def show() -> None:
        try:
            found = await ctx.call(national.national_stats, settings=ctx.services.settings,
                                   query=state.query(), today=periods.today())
        except InvalidInput:
            shown.controls = [notice(_("These dates cannot be shown: the end is before the "
                                       "start, or there are more than %(n)s periods.")
                                     % {"n": national.MAX_PERIODS}, error=True)]
            return
        if state.municipality == ANY:
            state.places.update({m["code"]: m["name"] for m in found["periods"][0]
                                 ["municipalities"] if m["code"] != "other"})
        shown.controls = results(ctx, found, state, pick_period)

    async def show_again() -> None:
        await show()
        shown.update()

    async def pick_period(key: str) -> None:
        state.shown = key
        await show_again()

    await show()
    return ft.Column(spacing=14, controls=[
        page_title(_("National figures")), Choices(ctx, state, show_again).view(),
        notice(_("Counts of 1 to 4 read “<5”. A count that would let someone work out such a "
                 "small count from the others reads “x”. Percentages over fewer than 5 "
                 "persons are not shown.")),
        shown,
    ])


class Choices:
    """Period kind, dates, municipality, pilot only, apply, CSV."""

    def __init__(self, ctx: WebContext, state: NationalState, refresh: Any) -> None:
        _ = ctx.t.gettext
        self.ctx, self.state, self.refresh = ctx, state, refresh
        kinds = [("month", _("Per month")), ("quarter", _("Per quarter")),
                 ("year", _("Per year"))]
        self.kind = choice(label=_("Period"), options=kinds, value=state.period,
                           on_select=self.apply, width=170)
        hint = _("YYYY-MM-DD")
        self.date_from = text_field(label=_("From"), hint=hint, width=150,
                                    value=_iso(state.date_from))
        self.date_to = text_field(label=_("To"), hint=hint, width=150, value=_iso(state.date_to))
        self.date_from.on_submit = self.date_to.on_submit = self.apply
        places = [(ANY, _("All municipalities")),
                  *sorted(((code, f"{name} ({code})") for code, name in state.places.items()),
                          key=lambda o: o[1].casefold())]
        self.place = choice(label=_("Municipality"), options=places, value=state.municipality,
                            on_select=self.apply, width=260)
        self.pilot = ft.Checkbox(label=_("Pilot organisations only"), value=state.pilot_only,
                                 on_change=self.apply)

    def view(self) -> ft.Control:
        _ = self.ctx.t.gettext
        return ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[
            tagged(ids.NATIONAL_PERIOD, self.kind, label=_("Period")),
            tagged(ids.NATIONAL_FROM, self.date_from), tagged(ids.NATIONAL_TO, self.date_to),
            tagged(ids.NATIONAL_MUNICIPALITY, self.place, label=_("Municipality")),
            tagged(ids.NATIONAL_PILOT_ONLY, self.pilot),
            button(ids.NATIONAL_APPLY, _("Apply"), on_click=self.apply, icon=ft.Icons.REFRESH),
            button(ids.NATIONAL_EXPORT, _("Download as CSV"), on_click=self.export,
                   icon=ft.Icons.DOWNLOAD),
        ])

    def _read(self) -> bool:
        try:
            chosen = parse_date(self.date_from.value), parse_date(self.date_to.value)
        except DateProblem:
            self.date_from.error = self.ctx.t.gettext("Use the form YYYY-MM-DD")
            self.date_from.update()
            return False
        state = self.state
        state.date_from, state.date_to = chosen
        state.period = str(self.kind.value or "month")
        state.municipality = str(self.place.value or ANY)
        state.pilot_only = bool(self.pilot.value)
        state.shown = None
        if self.date_from.error:
            self.date_from.error = None
            self.date_from.update()
        return True

    async def apply(self, _e: Any) -> None:
        if self._read():
            await self.refresh()

    async def export(self, _e: Any) -> None:
        if self._read():
            await downloads.start(self.ctx, tickets.national_ticket, query=self.state.query(),
                                  lang=self.ctx.lang)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
