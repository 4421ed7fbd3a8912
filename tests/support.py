"""What tests of every layer share: finding the real services they need.

Tests that need PostgreSQL or Chromium skip when it is missing on a
developer's machine, but with CI=true a missing service is a failure: CI must
run them.
"""

from __future__ import annotations

import os
import shutil
import socket
from typing import NoReturn

import pytest

POSTGRES_HOST = "127.0.0.1"
POSTGRES_PORT = 5432
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", f"postgresql+psycopg://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/test"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing(what: str) -> NoReturn:
    """Skip on a developer's machine, fail in CI."""
    if in_ci():
        pytest.fail(f"{what} is required in CI but not available", pytrace=False)
    pytest.skip(f"{what} not available")


def postgres_reachable() -> bool:
    try:
        with socket.create_connection((POSTGRES_HOST, POSTGRES_PORT), timeout=1):
            return True
    except OSError:
        return False


def chromium_path() -> str:
    """The Debian chromium binary, or skip/fail."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        missing("Chromium")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
