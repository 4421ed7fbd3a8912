"""One server and one Chromium for the whole web-pages test session."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.browser import DESKTOP, FletPage, loopback_context
from tests.web.site import Site, start_site
from tests.web.ui import sign_in

# Every answer crosses a websocket to the server and back; on a busy machine that can take
# more than Playwright's default five seconds.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    running = start_site(tmp_path_factory.mktemp("web-server"), dict(os.environ))
    try:
        yield running
    finally:
        running.program.stop()


@pytest.fixture
def open_page(browser: Browser, site: Site) -> Iterator[object]:
    """`open_page(username, path="/")`: a fresh browser tab signed in as `username`."""
    contexts = []

    def opener(username: str, path: str = "/", *, lang: str = "en") -> FletPage:
        context = loopback_context(browser, viewport=DESKTOP)
        contexts.append(context)
        page = FletPage(context.new_page()).open(site.url + path)
        sign_in(page, username, lang=lang)
        return page

    yield opener
    for context in contexts:
        context.close()
