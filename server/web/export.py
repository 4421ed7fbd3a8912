"""Export: the filtered contacts, or the figures, as CSV in a chosen language (audit-logged)."""

from __future__ import annotations

import dataclasses
from typing import Any

import flet as ft
from sqlalchemy.orm import Session

from locales import format_number
from server.services.principals import Principal
from server.web import downloads, ids
from server.web.context import WebContext
from server.web.filter_params import filters_to
from server.web.inbox import inbox_state, worker_names
from server.web.queries import count_by_state
from server.web.widgets.contact_parts import card
from server.web.widgets.fields import button, choice, tagged
from server.web.widgets.filters import (
    ANY,
    TO_REVIEW_KEY,
    FilterValues,
    filter_bar,
    state_options,
)
from server.web.widgets.shell import language_options, page_title


@dataclasses.dataclass
class ExportState:
    """The export's filters and file language (kept per tab)."""

    values: FilterValues
    lang: str


def export_state(ctx: WebContext) -> ExportState:
    """The tab's export choices; the first visit starts from the inbox's filters."""
    state = ctx.state.get("export")
    if not isinstance(state, ExportState):
        values = dataclasses.replace(inbox_state(ctx).values)
        if values.state == TO_REVIEW_KEY:
            values.state = ANY
        state = ctx.state["export"] = ExportState(values, ctx.lang)
    return state


def load(db: Session, *, principal: Principal, values: FilterValues
         ) -> tuple[int, dict[str, str]]:
    """How many contacts the filters match, and the worker names for the filter."""
    counts = count_by_state(db, principal=principal, filters=values.contact_filters())
    states = values.states()
    matching = sum(n for state, n in counts.items() if not states or state in states)
    return matching, worker_names(db, principal=principal)


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """The export page for the filters kept in this tab."""
    _ = ctx.t.gettext
    state = export_state(ctx)
    count = ft.Text()
    workers: dict[str, str] = {}

    async def count_matching() -> None:
        matching, found = await ctx.call(load, values=state.values)
        workers.update(found)
        count.value = ctx.t.ngettext("%(n)s contact matches these filters.",
                                     "%(n)s contacts match these filters.", matching) % {
            "n": format_number(matching, ctx.lang)}

    async def refresh() -> None:
        await count_matching()
        count.update()

    async def pick_language(e: ft.Event[ft.Dropdown]) -> None:
        state.lang = str(e.control.value)

    async def contacts_csv(_e: Any) -> None:
        params = filters_to(state.values.contact_filters(with_state=True))
        await downloads.start(ctx, downloads.CONTACTS, {**params, "lang": state.lang})

    async def figures_csv(_e: Any) -> None:
        values = state.values
        await downloads.start(ctx, downloads.FIGURES, {
            "date_from": values.date_from.isoformat() if values.date_from else None,
            "date_to": values.date_to.isoformat() if values.date_to else None,
            "municipality": None if values.municipality == ANY else values.municipality,
            "lang": state.lang,
        })

    await count_matching()
    language = choice(label=_("Language of the file"), options=language_options(),
                      value=state.lang, on_select=pick_language, width=220)
    return ft.Column(spacing=14, controls=[
        page_title(_("Export")),
        ft.Text(_("CSV files for the monthly case conference, UTF-8: they open in Excel "
                  "with every letter right. Every export is recorded in the audit log.")),
        filter_bar(ctx, page=ids.EXPORT, values=state.values, workers=workers,
                   on_apply=refresh, states=state_options(ctx, to_review=False)),
        tagged(ids.EXPORT_LANGUAGE, language, label=_("Language of the file")),
        card(_("Contacts"), [
            tagged(ids.EXPORT_COUNT, count),
            ft.Row([button(ids.EXPORT_CONTACTS, _("Download contacts (CSV)"),
                           on_click=contacts_csv, primary=True, icon=ft.Icons.DOWNLOAD)]),
        ]),
        card(_("Figures"), [
            ft.Text(_("The monitoring figures for the period and municipality chosen above.")),
            ft.Row([button(ids.EXPORT_FIGURES, _("Download figures (CSV)"),
                           on_click=figures_csv, icon=ft.Icons.DOWNLOAD)]),
        ]),
    ])
