"""Downloads from the web pages: the browser fetches a CSV file by a one-use ticket.

The ticket (`server.services.tickets`) stands in for the session token, which a
plain link cannot carry and which must not end up in a URL. Here is only the glue:
asking for a ticket and sending the browser to `/downloads/<ticket>`, and the route
that streams the file or answers 410 for a forged, expired or used ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response, StreamingResponse

from locales import SOURCE_LANGUAGE, translator
from server.api.i18n import request_language
from server.services import tickets
from server.web.context import Services, WebContext

PATH = "/downloads"


def add_download_route(app: FastAPI, services: Services) -> None:
    """`GET /downloads/{ticket}`: the CSV a ticket stands for (not part of the JSON API)."""

    @app.get(PATH + "/{ticket}", include_in_schema=False)
    def download(ticket: str, request: Request) -> Response:
        try:
            found = tickets.fetch(services.sessions, settings=services.settings, ticket=ticket)
        except tickets.BadTicket:
            # The browser's language: the link may be opened long after the page is gone.
            t = translator(request_language(request) or SOURCE_LANGUAGE)
            return PlainTextResponse(t.gettext(
                "This download link has expired or was used already. Start the download "
                "again from the page."), status_code=410)
        return StreamingResponse(found.chunks, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{found.filename}"',
            "Cache-Control": "no-store"})


async def start(ctx: WebContext, ticket_for: Callable[..., str], /, **what: Any) -> None:
    """Ask `ticket_for` (a ticket service) for a ticket as the signed-in user and let the
    browser fetch the file."""
    ticket = await ctx.call(ticket_for, settings=ctx.services.settings, **what)
    await ft.UrlLauncher().launch_url(f"{PATH}/{ticket}", web_only_window_name="_self")
