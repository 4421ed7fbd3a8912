"""The app shell: the route table, which screens may show when, locking, and sync events.

One routing style: `page.on_route_change` rebuilds `page.views` from the route
table (route pattern -> parent pattern and screen builder); `page.on_view_pop`
goes to the screen below. The phase of the app (language not chosen, no PIN
yet, locked, unlocked) decides which routes may show; everything else leads to
the route of the phase. Locking clears every view that held data.

Each page session is a window of the app (`fieldapp.sessions`): in a browser
every tab enters the PIN for itself, and a tab's lock lets only that tab out.
"""

from __future__ import annotations

import asyncio
import logging
import time

import flet as ft

from fieldapp.app import FieldApp, Phase
from fieldapp.idle import IdleClock
from fieldapp.sync_control import SyncStatus
from locales import UI_LANGUAGES, first_supported
from views import routing
from views.device_keys import offer_secure_storage
from views.screen import Screen, ScreenBuilder
from views.ui import Ui

log = logging.getLogger(__name__)

HOME = "/"
UNLOCK = "/unlock"
WELCOME = "/welcome"
WELCOME_PIN = "/welcome/pin"
WELCOME_ENROLL = "/welcome/enroll"

# Routes each phase may show; the first is where the phase starts.
ALLOWED: dict[Phase, tuple[str, ...]] = {
    Phase.CHOOSE_LANGUAGE: (WELCOME,),
    Phase.CREATE_PIN: (WELCOME_PIN, WELCOME),
    Phase.LOCKED: (UNLOCK,),
}
IDLE_CHECK_SECONDS = 1.0
DEVICE_ANSWER_SECONDS = 3.0
# Flutter's own texts (date picker, back button) follow the app's language.
FLUTTER_LOCALES = {"en": ("en", "GB"), "nl": ("nl", "NL"), "pl": ("pl", "PL"),
                   "ro": ("ro", "RO"), "bg": ("bg", "BG")}
_BACKGROUND = (ft.AppLifecycleState.HIDE, ft.AppLifecycleState.PAUSE)


class Shell:
    """Routing, lock and sync wiring of one page session."""

    def __init__(self, page: ft.Page, app: FieldApp,
                 routes: dict[str, tuple[str | None, ScreenBuilder]]) -> None:
        self.page = page
        self.app = app
        self.routes = routes
        self.parents = {pattern: parent for pattern, (parent, _build) in routes.items()}
        self.idle = IdleClock(timeout=app.settings.auto_lock_seconds, now=time.monotonic())
        self.window = app.windows.open(on_vault_closed=lambda: self.ui.later(self._vault_closed))
        self.ui = Ui(page, app, self.window, touch=self._touch, go=self.go, lock=self.lock)
        self.screens: list[Screen] = []
        self.connectivity: ft.Connectivity | None = None
        self._locale: str | None = None

    def start(self) -> None:
        """Wire the page's events and show the first screen."""
        page = self.page
        page.on_route_change = lambda _e: self.render()
        page.on_view_pop = self._view_popped
        page.on_app_lifecycle_state_change = self._lifecycle
        page.on_keyboard_event = self._key
        page.on_disconnect = lambda _e: self._gone()
        page.on_connect = lambda _e: self.render()
        page.on_close = lambda _e: self.end()
        page.on_locale_change = lambda e: self._arrive(e.locales)
        self.app.sync.watch(self._sync_changed)
        self.connectivity = ft.Connectivity(on_change=self._connectivity)
        offer_secure_storage(page, self.app.vault)
        self.ui.every(IDLE_CHECK_SECONDS, self._check_idle)
        if self.app.settings.current.ui_language is None:
            # No language chosen yet: the first screen waits a moment for the phone's own,
            # so that it is not drawn again under the worker's finger.
            self.ui.run(self._arrive_then_render)
        else:
            self.render()

    async def _arrive_then_render(self) -> None:
        """Ask the phone (browser) for its languages, then show the first screen; a phone
        that does not answer in time gets English, and the worker chooses."""
        try:
            info = await asyncio.wait_for(self.page.get_device_info(), DEVICE_ANSWER_SECONDS)
        except (TimeoutError, RuntimeError, TypeError, ValueError, KeyError):
            log.info("the phone did not say its languages")
            info = None
        if info is not None:
            self.ui.arrival = _ours(info.locales)
        self.render()

    def _arrive(self, locales: list[ft.Locale]) -> None:
        """The phone's languages changed: until the worker chose one, its first of ours."""
        arrival = _ours(locales)
        if arrival != self.ui.arrival:
            self.ui.arrival = arrival
            if self.app.settings.current.ui_language is None:
                self.render()

    def go(self, route: str) -> None:
        """Show `route` (pushes a browser history entry on the web)."""
        if route == self.page.route:
            self.render()
        else:
            self.page.navigate(route)

    def render(self) -> None:
        """Rebuild the view stack for the current route, as the app's phase allows."""
        route = self._allowed(self.page.route or HOME)
        if route != (self.page.route or HOME):
            self.page.navigate(route)
            return
        found = routing.find(self.parents, route) or routing.find(self.parents, HOME)
        assert found is not None
        if self.app.phase(self.window) is Phase.UNLOCKED:
            self.app.drafts.drop_unless_at(route)
        self._follow_language()
        self.ui.key_handler = None
        self.screens = [self.routes[m.pattern][1](self.ui, m.params)
                        for m in routing.stack(self.parents, found)]
        self.page.views.clear()
        self.page.views.extend(screen.view for screen in self.screens)
        self.page.update()

    def _follow_language(self) -> None:
        lang = self.ui.lang
        if lang == self._locale:
            return
        self._locale = lang
        self.page.locale_configuration = ft.LocaleConfiguration(
            supported_locales=[ft.Locale(*pair) for pair in FLUTTER_LOCALES.values()],
            current_locale=ft.Locale(*FLUTTER_LOCALES.get(lang, FLUTTER_LOCALES["en"])))

    def lock(self) -> None:
        """Lock now: drop every screen that showed data and ask for the PIN; the data key
        is forgotten once no other window (browser tab) is in."""
        if self.app.phase(self.window) is not Phase.UNLOCKED:
            return
        self._keep_drafts()
        self.window.lock()
        self._hide_data()
        self.go(UNLOCK)

    def _hide_data(self) -> None:
        self.ui.memory.clear()
        while self.page.pop_dialog() is not None:  # a date picker or a question left open
            pass
        self.screens = []
        self.page.views.clear()

    def _vault_closed(self) -> None:
        """The vault closed (another window wiped it, the phone was revoked...): show the phase."""
        if self.app.phase(self.window) is Phase.UNLOCKED:
            return
        self._hide_data()
        self.render()

    def _keep_drafts(self) -> None:
        """Keep what the worker typed and did not save yet; it comes back after unlocking."""
        for screen in self.screens:
            if screen.draft is None:
                continue
            route, values = screen.draft()
            try:
                self.app.drafts.keep(route, values)
            except Exception as error:  # locking must happen even if this fails
                log.warning("unsaved form not kept: %s", type(error).__name__)

    def _gone(self) -> None:
        """The tab went away (closed, reloaded, offline): this window locks. A tab that comes
        back to this session (`on_connect`) is asked for the PIN."""
        if self.app.phase(self.window) is Phase.UNLOCKED:
            self._keep_drafts()
        self.window.lock()
        self._hide_data()
        self.render()

    def end(self) -> None:
        """The session expired: stop every task, keep unsaved input, and leave for good (the
        last window out locks the data and stops syncing)."""
        self.ui.cancel_all()
        if self.app.phase(self.window) is Phase.UNLOCKED:
            self._keep_drafts()
        self.window.close()

    def _allowed(self, route: str) -> str:
        phase = self.app.phase(self.window)
        if phase is Phase.UNLOCKED:
            return HOME if route in (UNLOCK, WELCOME, WELCOME_PIN) else route
        allowed = ALLOWED[phase]
        return route if route.split("?", 1)[0] in allowed else allowed[0]

    def _touch(self) -> None:
        self.idle.touch(time.monotonic())

    def _key(self, event: ft.KeyboardEvent) -> None:
        self._touch()
        if self.ui.key_handler is not None:
            self.ui.key_handler(event)
        else:
            # Typing into a field: nothing to redraw. (Flet redraws the whole page after
            # each handler; per key press on the form that falls seconds behind the typing,
            # and taps after it wait.)
            ft.context.disable_auto_update()  # type: ignore[no-untyped-call]

    def _check_idle(self) -> None:
        self.idle.timeout = self.app.settings.auto_lock_seconds
        if self.idle.expired(time.monotonic()):
            self.lock()

    def _lifecycle(self, event: ft.AppLifecycleStateChangeEvent) -> None:
        # On phones "inactive" comes first when the app switcher shows a snapshot
        # of the screen: lock then, so the snapshot holds no data.
        inactive_counts = self.page.platform is not None and self.page.platform.is_mobile()
        if event.state in _BACKGROUND or (
                inactive_counts and event.state is ft.AppLifecycleState.INACTIVE):
            self.lock()

    def _view_popped(self, event: ft.ViewPopEvent) -> None:
        self._touch()
        top = self.screens[-1] if self.screens else None
        if top is not None and top.leave is not None:  # a changed form asks first
            top.leave()
            self.page.update()
        elif len(self.page.views) > 1:
            self.go(self.page.views[-2].route or HOME)

    def _connectivity(self, event: ft.ConnectivityChangeEvent) -> None:
        self.app.sync.notify_connectivity([kind.value for kind in event.connectivity])

    def _sync_changed(self, status: SyncStatus) -> None:
        """Sync moved on (on the sync thread): the phone was wiped, a sync runs, or it ended."""
        if status.revoked:
            self.ui.later(self.render)
        else:
            self.ui.later(self._show_status if status.running else self._refresh)

    def _refresh(self) -> None:
        if self.app.phase(self.window) is not Phase.UNLOCKED:
            return
        for screen in self.screens:
            if screen.refresh is not None:
                screen.refresh()

    def _show_status(self) -> None:
        if self.app.phase(self.window) is not Phase.UNLOCKED:
            return
        for screen in self.screens:
            if screen.status is not None:
                screen.status()


def _ours(locales: list[ft.Locale]) -> str | None:
    """The first of the phone's languages (most wanted first) that the app speaks."""
    return first_supported([locale.language_code for locale in locales], UI_LANGUAGES)
