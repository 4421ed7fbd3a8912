"""The contact filters (state, municipality, period, worker, nationality, indication).

Shared by the inbox and the export page, so "export what I am looking at" is
the same set of rows. Dropdowns apply at once; the dates apply on Enter or with
the apply button.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import flet as ft

from locales import countries, label
from model.values import FIELD_VALUES, ReviewState
from server.services.contacts import ContactFilters
from server.web import ids
from server.web.context import WebContext
from server.web.queries import TO_REVIEW
from server.web.widgets.fields import button, choice, tagged, text_field

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


def indication_options(ctx: WebContext) -> list[tuple[str, str]]:
    _ = ctx.t.gettext
    codes = [(code, label("entitlement_indication", code, ctx.lang))
             for code in FIELD_VALUES["entitlement_indication"]]
    return [(ANY, _("All indications")), *codes, ("none", _("No indication"))]


def filter_bar(ctx: WebContext, *, page: str, values: FilterValues, workers: dict[str, str],
               on_apply: Callable[[], Awaitable[None]],
               states: list[tuple[str, str]]) -> ft.Control:
    """The filter controls; they write into `values` and call `on_apply`."""
    _ = ctx.t.gettext

    def dropdown(name: str, text: str, options: list[tuple[str, str]],
                 width: float = 190) -> ft.Control:
        async def picked(e: ft.Event[ft.Dropdown]) -> None:
            setattr(values, _ATTRIBUTE[name], str(e.control.value))
            await on_apply()

        current = str(getattr(values, _ATTRIBUTE[name]))
        control = choice(label=text, options=options, value=current, on_select=picked,
                         width=width)
        return tagged(ids.filter_control(page, name), control, label=text)

    hint = _("YYYY-MM-DD")
    date_from = text_field(label=_("From"), hint=hint, width=150,
                           value=values.date_from.isoformat() if values.date_from else "")
    date_to = text_field(label=_("To"), hint=hint, width=150,
                         value=values.date_to.isoformat() if values.date_to else "")

    async def apply(_e: Any) -> None:
        if _read_dates(ctx, values, date_from, date_to):
            await on_apply()

    async def clear(_e: Any) -> None:
        fresh = FilterValues(state=states[0][0])
        for field in dataclasses.fields(FilterValues):
            setattr(values, field.name, getattr(fresh, field.name))
        await ctx.rerender()

    date_from.on_submit = apply
    date_to.on_submit = apply
    controls: list[ft.Control] = []
    controls.append(dropdown(ids.FILTER_STATE, _("State"), states, width=290))
    worker_options = [(ANY, _("All workers")), *sorted(workers.items(), key=lambda w: w[1])]
    controls += [
        dropdown(ids.FILTER_MUNICIPALITY, _("Municipality"),
                 value_options(ctx, "municipality", _("All municipalities")), width=220),
        tagged(ids.filter_control(page, ids.FILTER_DATE_FROM), date_from),
        tagged(ids.filter_control(page, ids.FILTER_DATE_TO), date_to),
        dropdown(ids.FILTER_WORKER, _("Worker"), worker_options, width=170),
        dropdown(ids.FILTER_NATIONALITY, _("Nationality"),
                 value_options(ctx, "nationality", _("All nationalities")), width=210),
        dropdown(ids.FILTER_INDICATION, _("Indication"), indication_options(ctx), width=300),
        button(ids.filter_control(page, ids.FILTER_APPLY), _("Apply"), on_click=apply,
               icon=ft.Icons.FILTER_ALT),
        button(ids.filter_control(page, ids.FILTER_CLEAR), _("Clear"), on_click=clear),
    ]
    return ft.Row(controls, wrap=True, spacing=8, run_spacing=8)


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
