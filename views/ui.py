"""What every screen gets: the page, the field app, the translator, and safe ways to act.

Flet runs sync handlers on its event loop, and its page may only be changed
from that loop. `Ui.slow` runs blocking work (KDF, sync, wipe) on a worker
thread and hands the result back to the loop; `Ui.later` does that hand-over
for callbacks that arrive on other threads (the sync scheduler's).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

import flet as ft

from fieldapp.app import FieldApp
from fieldapp.sessions import Window
from locales import SOURCE_LANGUAGE, Translator, translator
from views.locator import Locator

log = logging.getLogger(__name__)
T = TypeVar("T")


class Ui:
    """The context a screen builder receives."""

    def __init__(self, page: ft.Page, app: FieldApp, window: Window, *,
                 touch: Callable[[], None], go: Callable[[str], None],
                 lock: Callable[[], None]) -> None:
        self.page = page
        self.app = app
        # This page session's window of the app: it enters the PIN for itself.
        self.window = window
        self._touch = touch
        self._go = go
        self.lock = lock
        self._tasks: set[Future[Any]] = set()
        # What screens remember between visits (the list's filter); forgotten on lock.
        self.memory: dict[str, Any] = {}
        # The screen shown may take physical key presses (the PIN pad does).
        self.key_handler: Callable[[ft.KeyboardEvent], None] | None = None
        # The phone's location, asked for only when the worker taps "add location".
        self.locator = Locator()
        # The phone's (browser's) own language when it is one of ours: the screens speak it
        # until the worker chose one.
        self.arrival: str | None = None

    @property
    def t(self) -> Translator:
        """The translator of the UI language of the moment."""
        return translator(self.lang)

    @property
    def lang(self) -> str:
        """The UI language chosen; before a choice the phone's own, if one of ours; English."""
        return self.app.settings.current.ui_language or self.arrival or SOURCE_LANGUAGE

    def go(self, route: str) -> None:
        """Show `route` (from the event loop)."""
        self._go(route)

    def touch(self) -> None:
        """The worker did something: restart the idle timer."""
        self._touch()

    def act(self, handler: Callable[[], None]) -> Callable[[Any], None]:
        """An event handler that counts as activity and then calls `handler`."""

        def on_event(_event: Any) -> None:
            self._touch()
            handler()

        return on_event

    def keep(self, store: dict[str, str], key: str) -> Callable[[str], None]:
        """An `on_change` for a text input: counts as activity and keeps the text in store[key]."""

        def on_change(value: str) -> None:
            self._touch()
            store[key] = value

        return on_change

    def update(self) -> None:
        """Send the changed controls to the client."""
        self.page.update()

    def scroll_to(self, column: ft.Column, key: str) -> None:
        """Scroll `column` so the control with scroll key `key` shows."""

        async def scroll() -> None:
            await column.scroll_to(scroll_key=key, duration=300)

        self._keep(self.page.run_task(scroll))

    def run(self, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run async `work` (which waits for the phone, not the CPU) on the event loop."""
        self._keep(self.page.run_task(work))

    def later(self, callback: Callable[[], None]) -> None:
        """Run `callback` on the event loop and update the page; callable from any thread."""

        async def on_loop() -> None:
            callback()
            self.page.update()

        try:
            future = self.page.run_task(on_loop)
        except RuntimeError:  # the session is gone: nothing to show any more
            return
        self._keep(future)

    def slow(self, work: Callable[[], T], *, done: Callable[[T], None],
             failed: Callable[[Exception], None]) -> None:
        """Run blocking `work` on a worker thread, then `done(result)` or `failed(error)` here."""

        def in_thread() -> None:
            try:
                result = work()
            except Exception as error:  # handed to the screen, which translates it
                log.debug("slow work failed: %s", type(error).__name__)
                self.later(functools.partial(failed, error))
                return
            self.later(functools.partial(done, result))

        self.page.run_thread(in_thread)

    def every(self, seconds: float, tick: Callable[[], None]) -> None:
        """Call `tick` on the event loop every `seconds` until the session ends."""

        async def loop() -> None:
            while True:
                await asyncio.sleep(seconds)
                tick()

        self._keep(self.page.run_task(loop))

    def cancel_all(self) -> None:
        """Cancel every task this session started (on disconnect or close)."""
        for future in list(self._tasks):
            future.cancel()
        self._tasks.clear()

    def _keep(self, future: Future[Any]) -> None:
        self._tasks.add(future)
        future.add_done_callback(self._tasks.discard)
