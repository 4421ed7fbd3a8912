"""Export: the filtered contacts, or the figures, as CSV in a chosen language (audit-logged)."""

from __future__ import annotations

import dataclasses
from typing import Any

import flet as ft
from sqlalchemy.orm import Session

from locales import format_number, list_separator
from model.municipalities import Municipality
from server.services import municipalities, tickets
from server.services.export import SEPARATORS
from server.services.inbox import count_by_state
from server.services.principals import Principal
from server.web import downloads, ids
from server.web.context import WebContext
from server.web.inbox import inbox_state, worker_names
from server.web.widgets.contact_parts import card
from server.web.widgets.fields import announce, button, choice, fitting_width, tagged
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
    """The export's filters, file language and separator (kept per tab); `sep` None
    follows the language (what Excel set to it expects)."""

    values: FilterValues
    lang: str
    sep: str | None = None

    @property
    def separator(self) -> str:
        """The separator the files get: the one chosen, else the language's."""
        if self.sep is not None:
            return self.sep
        return "comma" if list_separator(self.lang) == SEPARATORS["comma"] else "semicolon"


def export_state(ctx: WebContext) -> ExportState:
    """The tab's export choices; the first visit starts from the inbox's filters."""
    def first_visit() -> ExportState:
        values = dataclasses.replace(inbox_state(ctx).values)
        if values.state == TO_REVIEW_KEY:
            values.state = ANY
        return ExportState(values, ctx.lang)

    return ctx.kept("export", ExportState, first_visit)


def load(db: Session, *, principal: Principal, values: FilterValues
         ) -> tuple[int, dict[str, str]]:
    """How many contacts the filters match, and the worker names for the filter."""
    counts = count_by_state(db, principal=principal, filters=values.contact_filters())
    states = values.states()
    matching = sum(n for state, n in counts.items() if not states or state in states)
    return matching, worker_names(db, principal=principal)


class ExportPage:
    """The filters, the file's language, how many contacts match, and the two downloads."""

    def __init__(self, ctx: WebContext) -> None:
        _ = ctx.t.gettext
        self.ctx = ctx
        self.state = export_state(ctx)
        self.count = ft.Text()
        self.workers: dict[str, str] = {}
        self.places: list[Municipality] = []
        options = [("semicolon", _("Semicolon (;)")), ("comma", _("Comma (,)"))]
        self.separator = tagged(ids.EXPORT_SEPARATOR, choice(
            label=_("Column separator"), value=self.state.separator, options=options,
            on_select=self.pick_separator, width=fitting_width(options)),
            label=_("Column separator"))

    async def count_matching(self) -> None:
        matching, found = await self.ctx.call(load, values=self.state.values)
        self.workers.update(found)
        self.count.value = self.ctx.t.ngettext(
            "%(n)s contact matches these filters.", "%(n)s contacts match these filters.",
            matching) % {"n": format_number(matching, self.ctx.lang)}

    async def refresh(self) -> None:
        await self.count_matching()
        self.count.update()

    async def pick_language(self, e: ft.Event[ft.Dropdown]) -> None:
        self.state.lang = str(e.control.value)
        dropdown = self.separator.content
        if isinstance(dropdown, ft.Dropdown) and dropdown.value != self.state.separator:
            dropdown.value = self.state.separator  # until one is chosen, it follows
            announce(self.separator)

    async def pick_separator(self, e: ft.Event[ft.Dropdown]) -> None:
        self.state.sep = str(e.control.value)

    async def contacts_csv(self, _e: Any) -> None:
        await downloads.start(self.ctx, tickets.contacts_ticket,
                              filters=self.state.values.contact_filters(with_state=True),
                              lang=self.state.lang, sep=self.state.separator)

    async def figures_csv(self, _e: Any) -> None:
        values = self.state.values
        await downloads.start(self.ctx, tickets.figures_ticket, date_from=values.date_from,
                              date_to=values.date_to,
                              municipality=None if values.municipality == ANY
                              else values.municipality, lang=self.state.lang,
                              sep=self.state.separator)

    def view(self) -> ft.Control:
        _ = self.ctx.t.gettext
        language = choice(label=_("Language of the file"), options=language_options(),
                          value=self.state.lang, on_select=self.pick_language, width=220)
        return ft.Column(spacing=14, controls=[
            page_title(_("Export")),
            ft.Text(_("CSV files for the monthly case conference, UTF-8: they open in Excel "
                      "with every letter right. Every export is recorded in the audit log.")),
            filter_bar(self.ctx, page=ids.EXPORT, values=self.state.values,
                       workers=self.workers, on_apply=self.refresh,
                       states=state_options(self.ctx, to_review=False), places=self.places),
            ft.Row([tagged(ids.EXPORT_LANGUAGE, language, label=_("Language of the file")),
                    self.separator], wrap=True, spacing=8, run_spacing=8),
            ft.Text(_("Excel set to Dutch, Polish, Romanian or Bulgarian expects semicolons; "
                      "set to English, commas."), size=13, color=ft.Colors.ON_SURFACE_VARIANT),
            card(_("Contacts"), [
                tagged(ids.EXPORT_COUNT, self.count),
                ft.Row([button(ids.EXPORT_CONTACTS, _("Download contacts (CSV)"),
                               on_click=self.contacts_csv, primary=True,
                               icon=ft.Icons.DOWNLOAD)]),
            ]),
            card(_("Figures"), [
                ft.Text(_("The monitoring figures for the period and municipality chosen "
                          "above.")),
                ft.Row([button(ids.EXPORT_FIGURES, _("Download figures (CSV)"),
                               on_click=self.figures_csv, icon=ft.Icons.DOWNLOAD)]),
            ]),
        ])


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """The export page for the filters kept in this tab."""
    page = ExportPage(ctx)
    await page.count_matching()
    page.places = await ctx.call(municipalities.listed_for)
    return page.view()
