"""What one browser tab of the supervisors' pages knows: who is signed in, in which language.

The Flet session (server memory, one per tab) holds the server session token,
never personal data; the browser keeps nothing. Every service call goes
through `WebContext.call`, which checks the token again (idle expiry, sign-out
elsewhere) in a worker thread and hands the services the signed-in principal,
so the pages get the same organisation scoping and audit log as the API.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import flet as ft

from locales import UI_LANGUAGES, Translator, translator
from server.config import Settings
from server.db import SessionFactory
from server.errors import Forbidden, NotAuthenticated
from server.services import auth
from server.services.principals import Principal, Role

T = TypeVar("T")
S = TypeVar("S")


@dataclasses.dataclass(frozen=True)
class Services:
    """What the pages need from the server: the database and the settings."""

    sessions: SessionFactory
    settings: Settings

    def run(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Call a service function with a fresh database session (blocking)."""
        with self.sessions() as db:
            return fn(db, **kwargs)


class WebContext:
    """One tab's state: the signed-in user, the UI language, and how to call the services."""

    def __init__(self, page: ft.Page, services: Services, *, lang: str = "en") -> None:
        self.page = page
        self.services = services
        self.lang = lang if lang in UI_LANGUAGES else "en"
        self.token: str | None = None
        self.principal: Principal | None = None
        self.last_active = time.monotonic()
        self.signed_in_at = self.last_active
        self.after_sign_in = "/"
        self.notice: str | None = None
        self.state: dict[str, Any] = {}
        self.go: Callable[[str], Awaitable[None]] = page.push_route
        self.rerender: Callable[[], Awaitable[None]] = _nothing
        self.progress: ft.ProgressBar | None = None

    @property
    def t(self) -> Translator:
        """The translator of the chosen UI language."""
        return translator(self.lang)

    @property
    def signed_in(self) -> bool:
        return self.principal is not None

    def has_role(self, role: Role) -> bool:
        """Whether the signed-in user has `role` or a higher one."""
        if self.principal is None:
            return False
        try:
            self.principal.require(role)
        except Forbidden:
            return False
        return True

    def kept(self, key: str, kind: type[S], make: Callable[[], S]) -> S:
        """A page's state kept in this tab under `key`, made on the first visit."""
        found = self.state.get(key)
        if not isinstance(found, kind):
            found = self.state[key] = make()
        return found

    def set_language(self, lang: str) -> None:
        if lang in UI_LANGUAGES:
            self.lang = lang

    async def sign_in(self, *, username: str, password: str) -> None:
        """Open a server session, exactly as `POST /api/v1/session` does.

        Raises:
            RateLimited, BadCredentials, Forbidden: from the session service.
        """
        signed = await asyncio.to_thread(
            self.services.run, auth.login, settings=self.services.settings,
            username=username, password=password, client=self.page.client_ip or "",
        )
        self.token, self.principal = signed.token, signed.principal
        self.touch()
        self.signed_in_at = self.last_active

    async def sign_out(self) -> None:
        """End the server session (if still open) and forget it here."""
        token, principal = self.token, self.principal
        self.forget()
        if token and principal:
            await asyncio.to_thread(self.services.run, auth.logout, principal=principal,
                                    token=token)

    def forget(self) -> None:
        """Drop the session without calling the server (it has ended there already)."""
        self.token = None
        self.principal = None
        self.state.clear()

    def touch(self) -> None:
        """Note user activity, for the idle sign-out."""
        self.last_active = time.monotonic()

    def session_over(self) -> bool:
        """Whether the tab's session has ended here: idle too long, or open too long."""
        settings = self.services.settings
        now = time.monotonic()
        return (now - self.last_active > settings.session_idle_seconds
                or now - self.signed_in_at > settings.session_max_seconds)

    async def call(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Call a service as the signed-in user, off the event loop.

        Raises:
            NotAuthenticated: not signed in, or the session expired or ended.
            ServiceError: whatever the service raises.
        """
        token = self.token
        if token is None:
            raise NotAuthenticated()
        self.touch()
        self._busy(True)
        try:
            return await asyncio.to_thread(self._call_as_user, token, fn, kwargs)
        finally:
            self._busy(False)

    def _busy(self, busy: bool) -> None:
        """Show the thin bar under the menu while the server works (if a page is shown)."""
        bar = self.progress
        if bar is None or bar.visible == busy:
            return
        bar.visible = busy
        with contextlib.suppress(RuntimeError):  # the bar is not on the page (yet, or now)
            bar.update()

    def _call_as_user(self, token: str, fn: Callable[..., T], kwargs: dict[str, Any]) -> T:
        with self.services.sessions() as db:
            principal = auth.authenticate_session(db, settings=self.services.settings,
                                                  token=token)
            self.principal = principal
            return fn(db, principal=principal, **kwargs)


async def _nothing() -> None:
    return None
