"""What a browser tab of the supervisors' pages must never meet: a page asset the server does
not have (an answer of 400 or more, or a request to the server that failed) — such as a
fallback font for a character the bundled fonts cannot draw, which then shows as a box.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, Request, Response

from tests.browser import loopback_context

SERVER = "http://127.0.0.1:"


class Watch:
    """Everything the tabs of one browser context loaded, and what went wrong."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def attach(self, context: BrowserContext) -> None:
        context.on("page", self._page)

    def _page(self, page: Page) -> None:
        page.on("response", self._response)
        page.on("requestfailed", self._failed)

    def _response(self, response: Response) -> None:
        if not response.url.startswith(SERVER):
            return
        if response.status >= 400:
            self.problems.append(f"{response.status} for {response.url}")

    def _failed(self, request: Request) -> None:
        # Aborted: the browser gave up on it (the tab navigated or closed, a download was
        # saved), which is no answer of the server's.
        if request.url.startswith(SERVER) and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed ({request.failure}): {request.url}")

    def check(self) -> None:
        assert self.problems == [], "\n".join(self.problems)


@contextmanager
def watched_context(browser: Browser, **options: Any) -> Iterator[BrowserContext]:
    """A loopback-only browser context whose pages are watched; checked when it closes."""
    context = loopback_context(browser, **options)
    watch = Watch()
    watch.attach(context)
    try:
        yield context
    except BaseException:
        context.close()
        raise
    context.close()
    watch.check()
