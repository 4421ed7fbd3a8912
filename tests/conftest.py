"""Fixtures shared by every layer's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tests.browser import chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole test run: Playwright's sync API allows one at a time."""
    with chromium() as found:
        yield found
