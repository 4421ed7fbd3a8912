"""Home: the contacts, today's first, with their state; filters, alias search, the sync bar."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

import flet as ft

from fieldapp.summaries import ContactSummary, ListFilter, RowState
from locales import format_date, format_time, label
from views import ids
from views.screen import Screen, screen_view
from views.ui import Ui
from views.widgets.badges import country_chip, state_badge
from views.widgets.inputs import CHIP_PADDING, big_button, icon_button
from views.widgets.sync_bar import SyncBar


def list_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """The contact list with its sync bar; refreshed in place when sync changes something."""
    home = _Home(ui)
    _ = ui.t.gettext
    actions: list[ft.Control] = [
        _action(ids.LIST_TO_SYNC, ft.Icons.CLOUD_SYNC, _("Sync and device"),
                ui.act(lambda: ui.go("/sync"))),
        _action(ids.LIST_TO_SETTINGS, ft.Icons.SETTINGS, _("Settings"),
                ui.act(lambda: ui.go("/settings"))),
        _action(ids.LIST_LOCK, ft.Icons.LOCK, _("Lock"), ui.act(ui.lock)),
    ]
    new = big_button(_("New contact"), identifier=ids.LIST_NEW, icon=ft.Icons.ADD,
                     on_click=ui.act(lambda: ui.go("/contacts/new")))
    home.refresh()
    view = screen_view(ui, "/", title=_("Contacts"), controls=home.controls, actions=actions,
                       bottom=new)
    return Screen(view, refresh=home.refresh, status=home.show_status)


class _Home:
    """The list's parts and state: sync bar, search, filters, rows."""

    def __init__(self, ui: Ui) -> None:
        _ = ui.t.gettext
        self.ui = ui
        self.rows = ft.Column(spacing=0)
        self.shown: list[tuple[object, ...]] = []
        self.bar = SyncBar(t=ui.t, on_sync_now=ui.act(self.sync_now),
                           on_open=ui.act(lambda: ui.go("/sync")))
        names = {
            ListFilter.ALL: _("All"),
            ListFilter.NEEDS_ATTENTION: _("Needs attention"),
            ListFilter.FOLLOW_UP_DUE: _("Follow-ups due"),
            ListFilter.NOT_SENT: _("Not yet sent"),
        }
        self.chips = {key: ft.Chip(label=ft.Text(text, size=15), selected=key is self.chosen,
                                   show_checkmark=True, padding=CHIP_PADDING,
                                   on_select=ui.act(functools.partial(self.set_filter, key)))
                      for key, text in names.items()}
        search = ft.TextField(label=_("Search by alias"), value=self.query, expand=True,
                              prefix_icon=ft.Icons.SEARCH,
                              on_change=lambda e: self.set_query(e.control.value))
        self.controls: list[ft.Control] = [
            self.bar.control,
            ft.Semantics(identifier=ids.LIST_SEARCH, content=ft.Row([search])),
            ft.Row([ft.Semantics(identifier=ids.item(ids.LIST_FILTER, key.value), content=chip)
                    for key, chip in self.chips.items()], wrap=True, spacing=6, run_spacing=0),
            self.rows,
        ]

    @property
    def chosen(self) -> ListFilter:
        return self.ui.memory.get("list.filter", ListFilter.ALL)  # type: ignore[no-any-return]

    @property
    def query(self) -> str:
        return self.ui.memory.get("list.query", "")  # type: ignore[no-any-return]

    def sync_now(self) -> None:
        # Not connected to a server yet: the sync screen is where that is done.
        if self.ui.app.sync.enrolled():
            self.ui.app.sync.sync_now()
        else:
            self.ui.go("/sync")

    def show_status(self) -> None:
        self.bar.show(self.ui.app.sync.summary())

    def refresh(self) -> None:
        self.show_status()
        summaries = self.ui.app.contacts.find(self.chosen, self.query)
        # Rows are rebuilt only when something in them changed: a row being
        # replaced under the worker's finger loses the tap.
        signature = [_signature(s) for s in summaries]
        if signature != self.shown or not self.rows.controls:
            self.shown = signature
            self.rows.controls = _rows(self.ui, summaries)

    def set_filter(self, value: ListFilter) -> None:
        self.ui.memory["list.filter"] = value
        for key, chip in self.chips.items():
            chip.selected = key is value
        self.refresh()

    def set_query(self, value: str) -> None:
        self.ui.touch()
        self.ui.memory["list.query"] = value
        self.refresh()
        self.ui.update()


def _action(identifier: str, icon: ft.IconData, tooltip: str,
            on_click: Callable[[object], None]) -> ft.Control:
    return ft.Semantics(identifier=identifier,
                        content=icon_button(icon, tooltip=tooltip, on_click=on_click))


def _signature(summary: ContactSummary) -> tuple[object, ...]:
    c = summary.contact
    return (c.id, c.rev, summary.state, c.review)


def _rows(ui: Ui, summaries: list[ContactSummary]) -> list[ft.Control]:
    _ = ui.t.gettext
    if not summaries:
        return [ft.Container(ft.Text(_("No contacts here."), size=15, italic=True), padding=16)]
    today = date.today()
    out: list[ft.Control] = []
    heading: str | None = None
    for index, summary in enumerate(summaries):
        this_heading = _("Today") if summary.contact.contact_date == today else _("Earlier")
        if this_heading != heading:
            heading = this_heading
            out.append(ft.Container(ft.Text(heading, size=14, weight=ft.FontWeight.BOLD),
                                    padding=ft.Padding.only(top=10, bottom=4)))
        out.append(_row(ui, summary, index=index, today=today))
    return out


def _row(ui: Ui, summary: ContactSummary, *, index: int, today: date) -> ft.Control:
    _ = ui.t.gettext
    contact = summary.contact
    when = (format_time(contact.created_at, ui.lang) if contact.contact_date == today
            else format_date(contact.contact_date, ui.lang))
    place = (contact.municipality_other if contact.municipality == "other"
             else label("municipality", contact.municipality, ui.lang))
    name = contact.alias or _("Anonymous")
    lines: list[ft.Control] = [
        ft.Row([ft.Text(name, size=16, weight=ft.FontWeight.W_600, italic=not contact.alias,
                        max_lines=1, overflow=ft.TextOverflow.ELLIPSIS, expand=True),
                country_chip(contact.nationality, ui.t)], spacing=6),
        ft.Text(f"{place} · {when}", size=14, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
        ft.Row([state_badge(summary.state, ui.t)], wrap=True),
    ]
    review = contact.review
    if summary.state is RowState.NEEDS_CORRECTION and review is not None and review.comment:
        lines.append(ft.Text(review.comment, size=14, max_lines=2, italic=True,
                             overflow=ft.TextOverflow.ELLIPSIS))
    return ft.Semantics(
        identifier=ids.item(ids.LIST_ROW, index), button=True,
        content=ft.Container(
            ft.Column(lines, spacing=3), on_click=ui.act(lambda: ui.go(f"/contacts/{contact.id}")),
            padding=ft.Padding.symmetric(vertical=10, horizontal=6),
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.BLUE_GREY_100)),
            ink=True),
    )
