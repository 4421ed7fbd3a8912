"""The contact filters (state, municipality, period, worker, nationality, indication).

Shared by the inbox and the export page, so "export what I am looking at" is
the same set of rows. Dropdowns apply at once; the dates apply on Enter or with
the apply button.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any

import flet as ft

from locales import countries, label, municipality_name
from model.municipalities import OTHER, Municipality
from model.values import FIELD_VALUES, ReviewState
from server.services.contacts import ContactFilters
from server.services.inbox import TO_REVIEW
from server.web import ids
from server.web.context import WebContext
from server.web.widgets.fields import button, choice, fitting_width, tagged, text_field

ANY = "*"
TO_REVIEW_KEY = "to_review"


@dataclasses.dataclass
class FilterValues:
    """What the filter bar shows; `ANY` means no filter."""

    state: str = TO_REVIEW_KEY
    municipality: str = ANY
    date_from: date | None = None
    date_to: date | None = None
    worker_id: str = ANY
    nationality: str = ANY
    indication: str = ANY

    def contact_filters(self, *, with_state: bool = False) -> ContactFilters:
        """The service's filters; the state only when it is a single one."""
        single = self.state if with_state and self.state in FIELD_VALUES["review_state"] else None
        return ContactFilters(
            review_state=single, municipality=_value(self.municipality),
            date_from=self.date_from, date_to=self.date_to, worker_id=_value(self.worker_id),
            nationality=_value(self.nationality), indication=_value(self.indication),
        )

    def states(self) -> tuple[str, ...]:
        """The review states shown; empty means all."""
        if self.state == TO_REVIEW_KEY:
            return TO_REVIEW
        return () if self.state == ANY else (self.state,)


def _value(key: str) -> str | None:
    return None if key == ANY else key


class DateProblem(ValueError):
    """A date field holds something that is not a date."""


def parse_date(text: str) -> date | None:
    """A date typed as YYYY-MM-DD; empty means none.

    Raises:
        DateProblem: anything else.
    """
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise DateProblem(text) from error


def state_options(ctx: WebContext, *, to_review: bool = True) -> list[tuple[str, str]]:
    """The state filter's choices; "to review" is two states, which the export cannot take."""
    _ = ctx.t.gettext
    first = [(TO_REVIEW_KEY, _("To review (received, edited)"))] if to_review else []
    return [*first, (ANY, _("All states")),
            *[(s.value, label("review_state", s.value, ctx.lang)) for s in ReviewState]]


def value_options(ctx: WebContext, field: str, everything: str) -> list[tuple[str, str]]:
    """'All …' followed by the labels of a value list."""
    if field == "nationality":
        return [(ANY, everything), *countries(ctx.lang)]
    return [(ANY, everything), *[(v, label(field, v, ctx.lang)) for v in FIELD_VALUES[field]]]


def municipality_options(ctx: WebContext, places: Sequence[Municipality],
                         everything: str) -> list[tuple[str, str]]:
    """'All …', the organisation's municipalities by name, and "other"."""
    other = label("municipality", OTHER, ctx.lang)
    return [(ANY, everything), *[(p.code, municipality_name(p.code, p.name, ctx.lang))
                                 for p in places], (OTHER, other)]


def indication_options(ctx: WebContext) -> list[tuple[str, str]]:
    _ = ctx.t.gettext
    codes = [(code, label("entitlement_indication", code, ctx.lang))
             for code in FIELD_VALUES["entitlement_indication"]]
    return [(ANY, _("All indications")), *codes, ("none", _("No indication"))]


class FilterBar:
    """The filter controls; they write into `values` and call `on_apply`."""

    def __init__(self, ctx: WebContext, *, page: str, values: FilterValues,
                 on_apply: Callable[[], Awaitable[None]],
                 states: list[tuple[str, str]]) -> None:
        _ = ctx.t.gettext
        self.ctx, self.page, self.values, self.on_apply = ctx, page, values, on_apply
        self.states = states
        hint = _("YYYY-MM-DD")
        self.date_from = text_field(label=_("From"), hint=hint, width=150, value=_iso(
            values.date_from))
        self.date_to = text_field(label=_("To"), hint=hint, width=150, value=_iso(
            values.date_to))
        self.date_from.on_submit = self.date_to.on_submit = self.apply

    def dropdown(self, name: str, text: str, options: list[tuple[str, str]]) -> ft.Control:
        async def picked(e: ft.Event[ft.Dropdown]) -> None:
            setattr(self.values, _ATTRIBUTE[name], str(e.control.value))
            await self.on_apply()

        current = str(getattr(self.values, _ATTRIBUTE[name]))
        control = choice(label=text, options=options, value=current, on_select=picked,
                         width=fitting_width(options))
        return tagged(ids.filter_control(self.page, name), control, label=text)

    async def apply(self, _e: Any) -> None:
        if _read_dates(self.ctx, self.values, self.date_from, self.date_to):
            await self.on_apply()

    async def clear(self, _e: Any) -> None:
        fresh = FilterValues(state=self.states[0][0])
        for field in dataclasses.fields(FilterValues):
            setattr(self.values, field.name, getattr(fresh, field.name))
        await self.ctx.rerender()

    def view(self, workers: dict[str, str], places: Sequence[Municipality] = ()) -> ft.Control:
        _, ctx, page = self.ctx.t.gettext, self.ctx, self.page
        worker_options = [(ANY, _("All workers")), *sorted(workers.items(), key=lambda w: w[1])]
        return ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[
            self.dropdown(ids.FILTER_STATE, _("State"), self.states),
            self.dropdown(ids.FILTER_MUNICIPALITY, _("Municipality"),
                          municipality_options(ctx, places, _("All municipalities")) if places
                          else value_options(ctx, "municipality", _("All municipalities"))),
            tagged(ids.filter_control(page, ids.FILTER_DATE_FROM), self.date_from),
            tagged(ids.filter_control(page, ids.FILTER_DATE_TO), self.date_to),
            self.dropdown(ids.FILTER_WORKER, _("Worker"), worker_options),
            self.dropdown(ids.FILTER_NATIONALITY, _("Nationality"),
                          value_options(ctx, "nationality", _("All nationalities"))),
            self.dropdown(ids.FILTER_INDICATION, _("Indication"), indication_options(ctx)),
            button(ids.filter_control(page, ids.FILTER_APPLY), _("Apply"), on_click=self.apply,
                   icon=ft.Icons.FILTER_ALT),
            button(ids.filter_control(page, ids.FILTER_CLEAR), _("Clear"), on_click=self.clear),
        ])


def filter_bar(ctx: WebContext, *, page: str, values: FilterValues, workers: dict[str, str],
               on_apply: Callable[[], Awaitable[None]], states: list[tuple[str, str]],
               places: Sequence[Municipality] = ()) -> ft.Control:
    """The filter controls for `values` on `page`; a change calls `on_apply`.

    `places`: the organisation's municipalities (none given: the first pilot's six)."""
    bar = FilterBar(ctx, page=page, values=values, on_apply=on_apply, states=states)
    return bar.view(workers, places)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


_ATTRIBUTE = {
    ids.FILTER_STATE: "state", ids.FILTER_MUNICIPALITY: "municipality",
    ids.FILTER_WORKER: "worker_id", ids.FILTER_NATIONALITY: "nationality",
    ids.FILTER_INDICATION: "indication",
}


def _read_dates(ctx: WebContext, values: FilterValues, date_from: ft.TextField,
                date_to: ft.TextField) -> bool:
    """Copy the typed dates into `values`; mark a field that is not a date and say False."""
    ok = True
    for field, attribute in ((date_from, "date_from"), (date_to, "date_to")):
        try:
            setattr(values, attribute, parse_date(field.value))
            field.error = None
        except DateProblem:
            field.error = ctx.t.gettext("Use the form YYYY-MM-DD")
            ok = False
        field.update()
    if ok and values.date_from and values.date_to and values.date_to < values.date_from:
        date_to.error = ctx.t.gettext("The end is before the start")
        date_to.update()
        ok = False
    return ok
