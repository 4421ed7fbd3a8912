"""Home: the persons, own and the team's, last met first; filters, name search, the sync bar.

A page of rows at a time (`fieldapp.persons.PAGE_SIZE`), with "show more" at
the end: never thousands of rows at once. They are the items of one list
that the phone builds as they scroll into view. A row opens the person's timeline.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

import flet as ft

from fieldapp.person_rows import PersonRow
from fieldapp.persons import PAGE_SIZE, PersonPage
from fieldapp.summaries import ListFilter
from locales import format_date, format_time
from views import ids, theme
from views.screen import Screen, screen_view
from views.ui import Ui
from views.widgets.badges import country_chip
from views.widgets.drafts import draft_rows
from views.widgets.inputs import CHIP_PADDING, big_button, icon_button
from views.widgets.person_badges import person_marks, place_name
from views.widgets.sync_bar import SyncBar


def list_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """The person list with its sync bar; refreshed in place when sync changes something."""
    home = _Home(ui)
    _ = ui.t.gettext
    # Every action at the bottom, where a thumb reaches it with the phone in one hand.
    actions = ft.Row([
        big_button(_("New contact"), identifier=ids.LIST_NEW, icon=ft.Icons.ADD,
                   on_click=ui.act(lambda: ui.go("/contacts/new"))),
        _action(ids.LIST_TO_SYNC, ft.Icons.CLOUD_SYNC, _("Sync and device"),
                ui.act(lambda: ui.go("/sync"))),
        _action(ids.LIST_TO_SETTINGS, ft.Icons.SETTINGS, _("Settings"),
                ui.act(lambda: ui.go("/settings"))),
        _action(ids.LIST_LOCK, ft.Icons.LOCK, _("Lock"), ui.act(ui.lock)),
    ], spacing=4, vertical_alignment=ft.CrossAxisAlignment.CENTER)
    home.refresh()
    view = screen_view(ui, "/", title=_("Persons"), controls=[home.list], bottom=actions,
                       scroll=False)
    return Screen(view, refresh=home.refresh, status=home.show_status)


class _Home:
    """The list's parts and state: sync bar, search, filters, rows."""

    def __init__(self, ui: Ui) -> None:
        _ = ui.t.gettext
        self.ui = ui
        self.list = ft.ListView(spacing=0, expand=True)
        self.shown: tuple[object, ...] = ()
        self.count = ft.Text("", size=14)
        self.count_box = ft.Semantics(identifier=ids.LIST_COUNT, content=self.count,
                                      visible=False)
        self.more = ft.Container(
            big_button(_("Show more"), identifier=ids.LIST_MORE, icon=ft.Icons.EXPAND_MORE,
                       primary=False, on_click=ui.act(self.show_more)),
            padding=ft.Padding.only(top=8, bottom=16), visible=False)
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
                                   selected_color=theme.CHOSEN,
                                   on_select=ui.act(functools.partial(self.set_filter, key)))
                      for key, text in names.items()}
        search = ft.TextField(label=_("Search by alias"), value=self.query, expand=True,
                              prefix_icon=ft.Icons.SEARCH,
                              on_change=lambda e: self.set_query(e.control.value))
        self.head = ft.Container(ft.Column([
            self.bar.control,
            ft.Semantics(identifier=ids.LIST_SEARCH, content=ft.Row([search])),
            ft.Row([ft.Semantics(identifier=ids.item(ids.LIST_FILTER, key.value), content=chip)
                    for key, chip in self.chips.items()], wrap=True, spacing=6, run_spacing=0),
        ], spacing=14), padding=ft.Padding.only(bottom=4))

    @property
    def chosen(self) -> ListFilter:
        return self.ui.memory.get("list.filter", ListFilter.ALL)  # type: ignore[no-any-return]

    @property
    def query(self) -> str:
        return self.ui.memory.get("list.query", "")  # type: ignore[no-any-return]

    @property
    def limit(self) -> int:
        return self.ui.memory.get("list.limit", PAGE_SIZE)  # type: ignore[no-any-return]

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
        page = self.ui.app.persons.page(self.chosen, self.query, limit=self.limit)
        # Rows are rebuilt only when something in them changed: a row being
        # replaced under the worker's finger loses the tap.
        drafts = self.ui.app.drafts.named()
        signature = (page.rows, page.total, date.today(), tuple(d.id for d in drafts))
        if signature != self.shown or not self.list.controls:
            self.shown = signature
            self._show_count(page)
            self.list.controls = [self.head, *draft_rows(self.ui, drafts), *_rows(self.ui, page),
                                  self.count_box, self.more]

    def _show_count(self, page: PersonPage) -> None:
        more = page.total > len(page.rows)
        self.more.visible = more
        self.count_box.visible = more
        self.count.value = self.ui.t.gettext("Showing {shown} of {total}").format(
            shown=len(page.rows), total=page.total)

    def show_more(self) -> None:
        self.ui.memory["list.limit"] = self.limit + PAGE_SIZE
        self.refresh()

    def set_filter(self, value: ListFilter) -> None:
        self.ui.memory["list.filter"] = value
        self.ui.memory.pop("list.limit", None)
        for key, chip in self.chips.items():
            chip.selected = key is value
        self.refresh()

    def set_query(self, value: str) -> None:
        self.ui.touch()
        self.ui.memory["list.query"] = value
        self.ui.memory.pop("list.limit", None)
        self.refresh()
        self.ui.update()


def _action(identifier: str, icon: ft.IconData, tooltip: str,
            on_click: Callable[[object], None]) -> ft.Control:
    return ft.Semantics(identifier=identifier,
                        content=icon_button(icon, tooltip=tooltip, on_click=on_click))


def _rows(ui: Ui, page: PersonPage) -> list[ft.Control]:
    _ = ui.t.gettext
    if not page.rows:
        return [ft.Container(ft.Text(_("No persons here."), size=15, italic=True), padding=16)]
    today = date.today()
    known = ui.app.contacts.municipality_names()
    out: list[ft.Control] = []
    heading: str | None = None
    for index, row in enumerate(page.rows):
        this_heading = _("Today") if row.last_contact == today else _("Earlier")
        if this_heading != heading:
            heading = this_heading
            out.append(ft.Container(ft.Text(heading, size=14, weight=ft.FontWeight.BOLD),
                                    padding=ft.Padding.only(top=10, bottom=4)))
        out.append(_row(ui, row, index=index, today=today, known=known))
    return out


def _row(ui: Ui, row: PersonRow, *, index: int, today: date,
         known: dict[str, str]) -> ft.Control:
    _ = ui.t.gettext
    when = (format_time(row.recorded_at, ui.lang) if row.last_contact == today and row.recorded_at
            else format_date(row.last_contact, ui.lang))
    place = place_name(row.municipality, row.municipality_other, lang=ui.lang, known=known)
    lines: list[ft.Control] = [
        ft.Row([ft.Text(row.name or _("Anonymous"), size=16, weight=ft.FontWeight.W_600,
                        italic=not row.name, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS,
                        expand=True),
                country_chip(row.nationality, ui.t)], spacing=6),
        ft.Text(f"{place} · {when}", size=14, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
        ft.Row(person_marks(row, today=today, t=ui.t, lang=ui.lang), wrap=True, spacing=6,
               run_spacing=4),
    ]
    if row.comment:
        lines.append(ft.Text(row.comment, size=14, max_lines=2, italic=True,
                             overflow=ft.TextOverflow.ELLIPSIS))
    person_id = row.person_id
    return ft.Semantics(
        identifier=ids.item(ids.LIST_ROW, index), button=True,
        content=ft.Container(
            ft.Column(lines, spacing=3), on_click=ui.act(lambda: ui.go(f"/persons/{person_id}")),
            padding=ft.Padding.symmetric(vertical=10, horizontal=6),
            border=ft.Border.only(bottom=ft.BorderSide(1, theme.DIVIDER)),
            ink=True),
    )
