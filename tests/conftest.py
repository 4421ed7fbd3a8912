"""Fixtures shared by every layer's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storage import fsio

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole test run: Playwright's sync API allows one at a time."""
    # Imported here: the storage tests also run in a small environment without Playwright.
    from tests.browser import chromium

    with chromium() as found:
        yield found


@pytest.fixture
def commits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of files replaced whole: one commit file per durable write of a vault."""
    replaced: list[str] = []
    real = fsio.atomic_write

    def counting(path: Path, data: bytes) -> None:
        replaced.append(path.name)
        real(path, data)

    monkeypatch.setattr(fsio, "atomic_write", counting)
    return replaced
