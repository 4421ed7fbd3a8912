"""Driving the real Flet web client in headless Chromium.

Flutter draws on a canvas; its accessibility tree is what tests read and click.
Every interactive control carries a `Semantics(identifier=...)`, which shows
up as the attribute `flt-semantics-identifier`.
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from tests.support import chromium_path

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    """One headless Chromium (Debian's), for a whole test session."""
    path = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def loopback_context(browser: Browser, *, viewport: dict[str, int] = PHONE,
                     locale: str = "en-US", dark: bool = False) -> BrowserContext:
    """A fresh browser context where nothing but 127.0.0.1 can be reached; `dark`: the
    device is set to dark screens."""
    context = browser.new_context(viewport=viewport, locale=locale, accept_downloads=True,  # type: ignore[arg-type]
                                  color_scheme="dark" if dark else "light")
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    return context


FILL_ATTEMPTS = 3


class FletPage:
    """A Flet app page in the browser, addressed by semantics identifiers."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self, url: str, *, timeout: float = 30_000) -> FletPage:
        self.page.goto(url)
        placeholder = self.page.locator("flt-semantics-placeholder")
        placeholder.wait_for(state="attached", timeout=timeout)
        placeholder.dispatch_event("click")
        self.page.locator("flt-semantics").first.wait_for(state="attached", timeout=timeout)
        return self

    def by_id(self, identifier: str) -> Locator:
        return self.page.locator(f"[flt-semantics-identifier='{identifier}']")

    def click(self, identifier: str) -> None:
        self.by_id(identifier).click()

    def fill(self, identifier: str, text: str) -> None:
        """Type into the text field inside the control with this identifier."""
        target = self.by_id(identifier)
        box = target.locator("input, textarea").first
        if not box.count():
            target.click()
            box = target.locator("input, textarea").first
        # Flutter may rebuild the field while it takes focus (seen on a crowded machine):
        # the text then lands in an input that is thrown away. Type again, a few times at most.
        for attempt in range(FILL_ATTEMPTS):
            box.click()
            self.page.wait_for_function(
                "['INPUT', 'TEXTAREA'].includes(document.activeElement?.tagName)"
            )
            box.fill(text)
            try:
                expect(box).to_have_value(text, timeout=4_000)
                return
            except AssertionError:
                if attempt == FILL_ATTEMPTS - 1:
                    raise

    def choose(self, identifier: str, option: str) -> None:
        """Open a dropdown by identifier and pick the option shown as `option`."""
        self.click(identifier)
        self.page.get_by_role("button", name=option, exact=True).last.click()

    def expect_text(self, text: str, *, timeout: float = 10_000) -> None:
        expect(self.page.get_by_text(text).first).to_be_visible(timeout=timeout)

    def screenshot(self, name: str, *, timeout: float = 10.0) -> Path:
        """Save a screenshot once two consecutive frames are identical (no stale frame)."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        deadline = time.monotonic() + timeout
        previous = self.page.screenshot()
        while time.monotonic() < deadline:
            time.sleep(0.2)
            current = self.page.screenshot()
            if current == previous:
                break
            previous = current
        path.write_bytes(previous)
        return path

    def colour_at(self, x: int, y: int) -> tuple[int, int, int]:
        """The colour of the pixel at (x, y) as drawn now (red, green, blue)."""
        return png_pixel(self.page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1}))


def png_pixel(png: bytes) -> tuple[int, int, int]:
    """The colour of a 1×1 PNG (8-bit RGB or RGBA, as Chromium writes them).

    With a single pixel every PNG row filter leaves the bytes as they are (the
    neighbours it would add are all zero), so the pixel is the bytes after the filter byte.
    """
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        chunks[kind] = chunks.get(kind, b"") + png[at + 8:at + 8 + length]
        at += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (width, height, depth, colour_type in (2, 6)) == (1, 1, 8, True)
    row = zlib.decompress(chunks[b"IDAT"])
    return row[1], row[2], row[3]
