"""Personal data never reaches the server's log or its error messages."""

from __future__ import annotations

import asyncio
import json
import secrets
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError
from starlette.requests import Request

from model import Enrollment
from server.api import errors
from server.db import make_engine, make_sessions
from server.models import Organisation
from tests.server.conftest import Database, LiveServer, World
from tests.server.helpers import contact, wire


def test_the_server_log_holds_no_contact_content(live: LiveServer, world: World) -> None:
    secret = "ALIAS" + secrets.token_hex(6)
    enrollment = Enrollment(world.alpha.worker_id, world.alpha.device_id, world.alpha.id)
    good = contact(enrollment, consent="given", alias=secret, notes=secret)
    bad = {**wire(contact(enrollment)), "notes": secret, "alias": secret}
    world.alpha.worker.push([wire(good), bad, {"schema": 1, secret: secret}])
    world.alpha.supervisor.get(f"/api/v1/contacts/{good.id}")
    world.alpha.supervisor.get("/api/v1/export/contacts.csv")
    world.alpha.supervisor.post("/api/v1/session", json={"username": secret, "password": secret})
    log = live.log.read_text(encoding="utf-8", errors="replace")
    assert "/api/v1/sync/push" in log  # the log is on, and written
    assert secret not in log


def test_database_errors_do_not_carry_statement_values(database: Database) -> None:
    secret = "NAME" + secrets.token_hex(6)
    engine = make_engine(database.url)
    with make_sessions(engine)() as db, pytest.raises(DBAPIError) as raised:
        db.execute(insert(Organisation.__table__).values(
            id=secrets.token_hex(8), name=secret, retention_months=None, change_seq=0,
            created_at=datetime.now(UTC)))
    engine.dispose()
    # (PostgreSQL's own DETAIL may still quote the row: hence the handler test below.)
    assert "hidden due to hide_parameters" in str(raised.value)


def test_an_unexpected_error_is_logged_without_its_message(
        caplog: pytest.LogCaptureFixture) -> None:
    secret = "NOTES" + secrets.token_hex(6)
    request = Request({"type": "http", "method": "GET", "path": "/api/v1/contacts",
                       "headers": [], "query_string": b""})
    try:
        raise ValueError(f"Failing row contains ({secret})")
    except ValueError as error:
        with caplog.at_level("ERROR"):
            response = asyncio.run(errors._unexpected(request, error))
    assert response.status_code == 500
    assert json.loads(response.body) == {
        "error": "internal_error", "message": "The server had a problem. Try again later.",
        "detail": None}
    assert "ValueError" in caplog.text and "test_privacy.py" in caplog.text
    assert secret not in caplog.text
