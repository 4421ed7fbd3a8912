"""Fixtures shared by every layer's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole test run: Playwright's sync API allows one at a time."""
    # Imported here: the storage tests also run in a small environment without Playwright.
    from tests.browser import chromium

    with chromium() as found:
        yield found
