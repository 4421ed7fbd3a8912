"""Fixtures of the tests that call the services directly, without HTTP.

`world` here is two organisations in the session's database (one per backend, from
`tests/server/conftest.py`), not the live server's world the HTTP tests use.
"""

from __future__ import annotations

import pytest

from tests.server.conftest import Database
from tests.server.services.world import World, make_world


@pytest.fixture(scope="session")
def world(database: Database) -> World:
    return make_world(database.sessions, database_url=database.url)
