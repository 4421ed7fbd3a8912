"""Inbox: the contacts to review as a table, with filters, counts per state and paging.

Keyboard: Tab moves through filters and rows, Enter opens a row, Page Down /
Page Up turn the page. The filters and the page survive a visit to a contact.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft
from sqlalchemy.orm import Session

from locales import format_number, label
from model.values import ReviewState
from server.services import accounts, municipalities
from server.services.contacts import ContactPage, ContactQuery, contact_page
from server.services.inbox import count_by_state
from server.services.principals import Principal
from server.web import ids, present
from server.web.context import WebContext
from server.web.widgets.fields import button, tagged
from server.web.widgets.filters import FilterValues, filter_bar, state_options
from server.web.widgets.paging import PagedResults
from server.web.widgets.shell import page_title
from server.web.widgets.table import Column, row, state_chip, table

PAGE_SIZE = 25


@dataclasses.dataclass
class InboxState:
    """Filters, sort order and where in the list the reader is (kept per tab)."""

    values: FilterValues = dataclasses.field(default_factory=FilterValues)
    oldest_first: bool = False
    cursors: list[str | None] = dataclasses.field(default_factory=lambda: [None])

    def query(self) -> ContactQuery:
        return ContactQuery(self.values.contact_filters(), self.values.states(),
                            self.oldest_first)


@dataclasses.dataclass(frozen=True)
class InboxData:
    page: ContactPage
    counts: dict[str, int]
    workers: dict[str, str]


def load(db: Session, *, principal: Principal, state: InboxState) -> InboxData:
    """Everything the inbox shows, in one trip to the database."""
    page = contact_page(db, principal=principal, query=state.query(), limit=PAGE_SIZE,
                        cursor=state.cursors[-1])
    counts = count_by_state(db, principal=principal, filters=state.values.contact_filters())
    return InboxData(page, counts, worker_names(db, principal=principal))


def worker_names(db: Session, *, principal: Principal) -> dict[str, str]:
    """Worker ids to user names, from the organisation's enrolled phones."""
    devices = accounts.list_devices(db, principal=principal)
    return {d["worker_id"]: d["worker_name"] for d in devices}


def inbox_state(ctx: WebContext) -> InboxState:
    return ctx.kept("inbox", InboxState, InboxState)


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """The inbox for the filters kept in this tab.

    A filter change reloads the counts, the table and the pager only, so the
    keyboard focus stays on the filter that was changed.
    """
    _ = ctx.t.gettext
    state = inbox_state(ctx)
    workers: dict[str, str] = {}

    async def load_page() -> tuple[list[ft.Control], str | None]:
        data = await ctx.call(load, state=state)
        workers.update(data.workers)
        return ([_counts(ctx, state, data.counts), _table(ctx, state, data, paged.first_page)],
                data.page.next_cursor)

    async def export_these(_e: Any) -> None:
        ctx.state.pop("export", None)  # the export page starts again from these filters
        await ctx.go("/export")

    paged = PagedResults(ctx, cursors=state.cursors, load=load_page,
                         previous_id=ids.INBOX_PREVIOUS, next_id=ids.INBOX_NEXT)
    places = await ctx.call(municipalities.listed_for)
    ctx.state[present.PLACE_NAMES] = {m.code: m.name for m in places}
    await paged.show()
    ctx.state["keys"] = paged.keys()
    return ft.Column(spacing=14, controls=[
        ft.Row([page_title(_("Inbox")), button(ids.INBOX_EXPORT, _("Export these contacts"),
                                                on_click=export_these,
                                                icon=ft.Icons.DOWNLOAD)],
               alignment=ft.MainAxisAlignment.SPACE_BETWEEN, wrap=True),
        filter_bar(ctx, page=ids.INBOX, values=state.values, workers=workers,
                   on_apply=paged.first_page, states=state_options(ctx), places=places),
        paged.view,
    ])


def _counts(ctx: WebContext, state: InboxState, counts: dict[str, int]) -> ft.Control:
    """One chip per state with its count; a click shows that state."""
    chips: list[ft.Control] = []
    for review_state in ReviewState:
        async def show(_e: Any, chosen: str = review_state.value) -> None:
            state.values.state = chosen
            state.cursors[:] = [None]
            await ctx.rerender()  # the state filter shows the choice too

        text = f"{label('review_state', review_state.value, ctx.lang)}: " \
               f"{format_number(counts.get(review_state.value, 0), ctx.lang)}"
        chips.append(tagged(ids.inbox_count(review_state.value), ft.Chip(
            label=ft.Text(text), on_click=show,
            selected=state.values.state == review_state.value,
        )))
    return ft.Row(chips, wrap=True, spacing=8)


def _columns(ctx: WebContext, state: InboxState, resort: Any) -> list[Column]:
    _ = ctx.t.gettext
    arrow = ft.Icons.ARROW_UPWARD if state.oldest_first else ft.Icons.ARROW_DOWNWARD
    date_heading = tagged(ids.INBOX_SORT_DATE, ft.TextButton(
        _("Date"), icon=arrow, on_click=resort,
        tooltip=_("Oldest first") if not state.oldest_first else _("Newest first"),
    ))
    return [
        Column(date_heading, 3), Column(_("Worker"), 3), Column(_("Municipality"), 3),
        # The indication is one letter, but its heading is one long word in Bulgarian.
        Column(_("Alias"), 3), Column(_("Nationality"), 3), Column(_("Indication"), 3),
        Column(_("Referrals"), 5), Column(_("State"), 4),
    ]


def _table(ctx: WebContext, state: InboxState, data: InboxData,
           first_page: Callable[[], Awaitable[None]]) -> ft.Control:
    async def resort(_e: Any) -> None:
        state.oldest_first = not state.oldest_first
        await first_page()

    columns = _columns(ctx, state, resort)
    rows = [_row(ctx, columns, item, data.workers) for item in data.page.items]
    empty = tagged(ids.INBOX_EMPTY, ft.Text(ctx.t.gettext("No contacts match these filters.")))
    return table(columns, rows, empty, page_width=ctx.page.width)


def _row(ctx: WebContext, columns: list[Column], item: dict[str, Any],
         workers: dict[str, str]) -> ft.Control:
    async def open_contact(_e: Any) -> None:
        await ctx.go(f"/contacts/{item['id']}")

    review_state = str(item["review"]["state"])
    cells: list[str | ft.Control] = [
        f"{present.day(ctx, item.get('contact_date'))}\n{present.recorded(ctx, item)}",
        workers.get(str(item.get("worker_id")), present.DASH),
        present.value(ctx, "municipality", item.get("municipality")),
        present.alias(ctx, item),
        present.value(ctx, "nationality", item.get("nationality")),
        present.indication_code(item) or present.DASH,
        present.values(ctx, "referrals", item.get("referrals")),
        state_chip(present.state(ctx, item), review_state),
    ]
    return row(ids.inbox_row(str(item["id"])), columns, cells, on_open=open_contact)
