"""The supervisors' pages as one Flet app, mounted last on the server's FastAPI app.

One routing style: the route table below maps a path to a page builder;
`page.on_route_change` renders the matching page inside the shell. Every
route but sign-in needs a signed-in user with the route's role; anything the
user may not see renders the same "not found" page as a missing id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import Future
from functools import partial

import flet as ft
import flet_web.fastapi as flet_fastapi
from fastapi import FastAPI
from starlette.routing import Match, Mount
from starlette.types import Scope

from locales import SOURCE_LANGUAGE, UI_LANGUAGES, first_supported
from server.config import Settings
from server.db import SessionFactory
from server.errors import Forbidden, NotAuthenticated, NotFound
from server.services.principals import Role
from server.web import (
    audit,
    contact,
    export,
    figures,
    ids,
    inbox,
    municipalities,
    national,
    persons,
    sign_in,
)
from server.web.context import Services, WebContext
from server.web.downloads import add_download_route
from server.web.routes import Route, resolve
from server.web.widgets.shell import notice, top_bar

log = logging.getLogger(__name__)

SIGN_IN = "/sign-in"
NATIONAL = "/national"
API_PREFIX = "/api/"
IDLE_CHECK_SECONDS = 15.0
BROWSER_ANSWER_SECONDS = 5.0

ROUTES: tuple[Route, ...] = (
    Route(SIGN_IN, sign_in.build, role=None),
    Route("/", inbox.build, nav=ids.NAV_INBOX),
    Route("/contacts/{contact_id}", contact.build, nav=ids.NAV_INBOX),
    Route("/figures", figures.build, nav=ids.NAV_FIGURES),
    # Monitors too (the lowest role); the service refuses anyone else below a supervisor.
    Route(NATIONAL, national.build, role=Role.MONITOR, nav=ids.NAV_NATIONAL),
    Route("/export", export.build, nav=ids.NAV_EXPORT),
    Route("/persons", persons.build, nav=ids.NAV_PERSONS),
    Route("/people", municipalities.people_page, role=Role.ADMIN, nav=ids.NAV_PEOPLE),
    Route("/audit", audit.build, nav=ids.NAV_AUDIT),
)


class WebApp:
    """One browser tab: renders the route, signs out after idle time."""

    def __init__(self, page: ft.Page, services: Services) -> None:
        self.page = page
        self.ctx = WebContext(page, services)
        self.ctx.rerender = self.rerender
        self.watchdog: Future[None] | None = None

    async def start(self) -> None:
        page = self.page
        page.title = "StreetContact"
        page.theme = ft.Theme(color_scheme_seed=ft.Colors.TEAL)
        page.theme_mode = ft.ThemeMode.LIGHT
        # Asked before routes are followed: a route event arriving meanwhile would draw a
        # page that the first render below draws again, losing what was typed into it.
        self.ctx.set_language(await browser_language(page))
        page.on_route_change = self.on_route_change
        page.on_keyboard_event = self.on_key
        page.on_close = self.on_close
        self.watchdog = page.run_task(self.watch_idle)
        await self.render(page.route)

    async def on_route_change(self, e: ft.RouteChangeEvent) -> None:
        await self.render(e.route)

    async def rerender(self) -> None:
        await self.render(self.page.route)

    async def on_key(self, e: ft.KeyboardEvent) -> None:
        handler = self.ctx.state.get("keys", {}).get(e.key)
        if handler is not None and not (e.ctrl or e.alt or e.meta):
            await handler()

    async def on_close(self, _e: ft.Event[ft.Page]) -> None:
        if self.watchdog is not None:
            self.watchdog.cancel()
        with contextlib.suppress(Exception):
            await self.ctx.sign_out()

    async def watch_idle(self) -> None:
        """Sign out a tab left alone longer than the session idle time, or signed in longer
        than a session lasts, clearing the screen."""
        settings = self.ctx.services.settings
        limit = min(settings.session_idle_seconds, settings.session_max_seconds)
        while True:
            await asyncio.sleep(min(IDLE_CHECK_SECONDS, limit / 4))
            if self.ctx.signed_in and self.ctx.session_over():
                await self.ctx.sign_out()
                self.ctx.notice = self.ctx.t.gettext(
                    "Your session has ended. Please sign in again.")
                await self.ctx.go(SIGN_IN)

    async def render(self, route: str) -> None:
        """Build the page for `route` and show it as the only view."""
        self.ctx.state.pop("keys", None)
        found = resolve(ROUTES, route)
        if found is not None and found[0].role is not None and not self.ctx.signed_in:
            self.ctx.after_sign_in = route or "/"
            await self.ctx.go(SIGN_IN)
            return
        if found is not None and found[0].pattern == SIGN_IN and self.ctx.signed_in:
            await self.ctx.go("/")
            return
        if found is not None and found[0].pattern == "/" and self._monitor():
            await self.ctx.go(NATIONAL)  # a monitor's only page
            return
        content, nav = await self._content(found)
        self._show(route, content, nav=nav, signed_in=found is not None and self.ctx.signed_in)

    async def _content(
        self, found: tuple[Route, dict[str, str]] | None
    ) -> tuple[ft.Control, str | None]:
        if found is None:
            return self._not_found(), None
        target, params = found
        if target.role is not None and not self.ctx.has_role(target.role):
            return self._not_found(), None
        try:
            return await target.build(self.ctx, params), target.nav
        except (NotFound, Forbidden):
            return self._not_found(), target.nav
        except NotAuthenticated:
            self.ctx.forget()
            self.ctx.notice = self.ctx.t.gettext("Your session has ended. Please sign in again.")
            return await sign_in.build(self.ctx, {}), None

    def _monitor(self) -> bool:
        return self.ctx.principal is not None and self.ctx.principal.is_monitor

    def _not_found(self) -> ft.Control:
        return notice(self.ctx.t.gettext("Not found."), identifier=ids.NOT_FOUND)

    def _show(self, route: str, content: ft.Control, *, nav: str | None,
              signed_in: bool) -> None:
        # Any text on the page can be selected and copied (ids, comments, aliases).
        body = ft.Container(content=ft.SelectionArea(content=content), padding=16, expand=True)
        self.ctx.progress = ft.ProgressBar(visible=False, bar_height=3)
        controls: list[ft.BaseControl] = [
            self.ctx.progress, ft.Column([body], expand=True, scroll=ft.ScrollMode.AUTO)]
        if signed_in:
            controls.insert(0, top_bar(self.ctx, current=nav, go=self.ctx.go,
                                       on_language=self._language, on_sign_out=self._sign_out))
        self.page.views.clear()
        self.page.views.append(ft.View(route=route or "/", controls=controls, padding=0,
                                       spacing=0))
        self.page.update()

    async def _language(self, lang: str) -> None:
        self.ctx.set_language(lang)
        await self.rerender()

    async def _sign_out(self) -> None:
        await self.ctx.sign_out()
        await self.ctx.go(SIGN_IN)


async def browser_language(page: ft.Page) -> str:
    """The first of the browser's languages that the pages speak; English otherwise (also
    when the browser does not say in time)."""
    try:
        info = await asyncio.wait_for(page.get_device_info(), BROWSER_ANSWER_SECONDS)
    except (TimeoutError, RuntimeError, TypeError, ValueError, KeyError):
        # No answer, or one this Flet version cannot read: the picker is still there.
        log.info("the browser did not say its languages")
        return SOURCE_LANGUAGE
    tags = [locale.language_code for locale in (info.locales if info else [])]
    return first_supported(tags, UI_LANGUAGES) or SOURCE_LANGUAGE


async def main(page: ft.Page, *, services: Services) -> None:
    """The Flet entry point for one browser tab."""
    await WebApp(page, services).start()


class PagesMount(Mount):
    """The pages' catch-all, which leaves every `/api/` path to the API, so an unknown API
    path or method still answers the API's own JSON 404 or 405, never a web page."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and str(scope["path"]).startswith(API_PREFIX):
            return Match.NONE, {}
        return super().matches(scope)


def mount(app: FastAPI, *, sessions: SessionFactory, settings: Settings) -> None:
    """Add the download route and mount the pages at `/` — call this last (catch-all)."""
    services = Services(sessions=sessions, settings=settings)
    add_download_route(app, services)
    pages = flet_fastapi.app(partial(main, services=services), no_cdn=True)
    _without_api_docs(pages)
    app.router.routes.append(PagesMount("/", app=pages))


def _without_api_docs(pages: FastAPI) -> None:
    """Drop the HTML docs (which load Swagger UI from a CDN) and the OpenAPI document that
    Flet's own FastAPI app has by default: those paths then show the pages like any other."""
    docs = {pages.openapi_url, pages.docs_url, pages.redoc_url,
            pages.swagger_ui_oauth2_redirect_url}
    pages.router.routes = [route for route in pages.router.routes
                           if getattr(route, "path", None) not in docs]
