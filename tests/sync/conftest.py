"""One real server for the sync tests, and enrolled clients to talk to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.live_server import LiveServer


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(Path(tmp_path_factory.mktemp("server"))).start()
    yield live
    live.stop()


@pytest.fixture(scope="session")
def worker(server: LiveServer) -> tuple[str, str]:
    """A worker account: (username, password). Each test enrolls its own phone with it."""
    return server.add_user("worker")


@pytest.fixture(scope="session")
def supervisor(server: LiveServer) -> tuple[str, str]:
    """A supervisor account in the same organisation."""
    return server.add_user("supervisor")
