"""One server and one Chromium for the whole web-pages test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from playwright.sync_api import Browser, expect

from tests.browser import DESKTOP, FletPage
from tests.web.site import Site, start_site
from tests.web.ui import sign_in
from tests.web.watch import watched_context

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
    """`open_page(username, path="/")`: a fresh browser tab signed in as `username`; at the
    end every asset it asked for must have been there, under the page's security policy."""
    with ExitStack() as contexts:

        def opener(username: str, path: str = "/", *, lang: str = "en") -> FletPage:
            context = contexts.enter_context(watched_context(browser, viewport=DESKTOP))
            page = FletPage(context.new_page()).open(site.url + path)
            sign_in(page, username, lang=lang)
            return page

        yield opener
