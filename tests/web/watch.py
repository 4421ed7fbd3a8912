"""What a browser tab of the supervisors' pages must never meet: a page asset the server does
not have (an answer of 400 or more, or a request to the server that failed), a page without
its Content-Security-Policy, or that policy blocking something the page needs. The field
app's tabs (served by `main.py --web`, which sends no policy) are watched for the first.

The web client always tries to load one script from a public CDN (a Rive runtime, which
it does without): the policy blocking that, like anything else from outside the server, is
what it is for, and is noted apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, Request, Response

from tests.browser import loopback_context

SERVER = "http://127.0.0.1:"
_LISTEN = """document.addEventListener('securitypolicyviolation', e =>
    window.reportViolation({directive: e.effectiveDirective, blocked: e.blockedURI,
                            source: e.sourceFile}));"""


class Watch:
    """Everything the tabs of one browser context loaded, and what went wrong."""

    def __init__(self, *, require_policy: bool = True) -> None:
        self.require_policy = require_policy
        self.problems: list[str] = []
        self.blocked_outside: list[str] = []
        self.pages_with_policy = 0

    def attach(self, context: BrowserContext) -> None:
        context.expose_binding("reportViolation", self._violation)
        context.add_init_script(_LISTEN)
        context.on("page", self._page)

    def _page(self, page: Page) -> None:
        page.on("response", self._response)
        page.on("requestfailed", self._failed)

    def _response(self, response: Response) -> None:
        if not response.url.startswith(SERVER):
            return
        if response.status >= 400:
            self.problems.append(f"{response.status} for {response.url}")
        if response.request.resource_type == "document" and self.require_policy:
            policy = response.headers.get("content-security-policy", "")
            if "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in \
                    policy.split("script-src", 1)[-1].split(";", 1)[0]:
                self.pages_with_policy += 1
            else:
                self.problems.append(f"no strict Content-Security-Policy on {response.url}")

    def _failed(self, request: Request) -> None:
        # Aborted: the browser gave up on it (the tab navigated or closed, a download was
        # saved), which is no answer of the server's.
        if request.url.startswith(SERVER) and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed ({request.failure}): {request.url}")

    def _violation(self, _source: Any, found: dict[str, str]) -> None:
        blocked = str(found.get("blocked", ""))
        if blocked.startswith("https://") or (blocked.startswith("http://")
                                              and not blocked.startswith(SERVER)):
            self.blocked_outside.append(blocked)
        else:
            self.problems.append(f"the page's policy blocked {blocked or 'something'} "
                                 f"({found.get('directive')}, in {found.get('source')})")

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
