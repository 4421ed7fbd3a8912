"""Every error answer carries its code as a sentence in the request's language."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import uvicorn
from fastapi.routing import APIRoute

import locales
import server.app
from server.api import errors
from server.api.i18n import ERROR_MESSAGES, OTHER_ERROR, error_message
from server.config import Settings
from server.errors import ServiceError
from server.limits import BodyLimit
from tests.server.conftest import LiveServer, World
from tests.support import free_port

TRANSLATED = [lang for lang in locales.UI_LANGUAGES if lang != locales.SOURCE_LANGUAGE]


def _subclasses(cls: type[ServiceError]) -> Iterator[type[ServiceError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _every_code() -> set[str]:
    assert server.app.create_app  # every route and service module is imported with the app
    codes = {ServiceError.code, *(c.code for c in _subclasses(ServiceError))}
    return codes | set(errors._HTTP_CODES.values()) | {"internal_error", "body_too_large"}


def test_every_code_has_a_message_in_every_language() -> None:
    assert BodyLimit  # its code, body_too_large, is in the list by hand
    codes = _every_code()
    assert {"device_revoked", "unknown_device", "too_many_attempts", "batch_too_large",
            "username_taken", "organisation_exists"} <= codes
    for code in sorted(codes):
        assert code in ERROR_MESSAGES, code
        english = error_message(code, "en")
        assert english == ERROR_MESSAGES[code]
        for lang in TRANSLATED:
            text = error_message(code, lang)
            assert text and text != english, (code, lang)
    for lang in TRANSLATED:
        assert error_message("some_new_code", lang) == locales.translator(lang).gettext(
            OTHER_ERROR) != OTHER_ERROR


def test_the_message_follows_accept_language(live: LiveServer, world: World) -> None:
    api = world.alpha.supervisor
    polish = api.get("/api/v1/nothing-here", headers={"Accept-Language": "pl-PL,en;q=0.5"})
    assert polish.json() == {"error": "not_found", "message": "Nie znaleziono.", "detail": None}
    for language in ("xx-YY", "", "*"):
        english = api.get("/api/v1/nothing-here", headers={"Accept-Language": language})
        assert english.json()["message"] == "Not found."
    assert api.get("/api/v1/nothing-here").json()["message"] == "Not found."
    unknown = live.api(token=secrets.token_urlsafe(32)).get(
        "/api/v1/sync/pull", headers={"Accept-Language": "bg"})
    assert unknown.status_code == 401
    assert unknown.json()["message"] == error_message("unknown_device", "bg")
    invalid = api.get("/api/v1/contacts", params={"limit": "many"},
                      headers={"Accept-Language": "ro"})
    body = invalid.json()
    assert body["error"] == "invalid_request"
    assert body["message"] == error_message("invalid_request", "ro")
    assert body["detail"][0]["message"]


@pytest.fixture
def failing_app(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[tuple[str, str]]:
    """The real application served by uvicorn, with one extra route that fails."""
    secret = "NOTES" + secrets.token_hex(6)

    def fail() -> None:
        raise ValueError(f"Failing row contains ({secret})")

    app = server.app.create_app(Settings(data_dir=tmp_path))
    app.router.routes.insert(0, APIRoute("/api/v1/fail", fail, methods=["GET"]))
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="info")
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    with caplog.at_level("INFO"):
        thread.start()
        try:
            for _ in range(200):
                if runner.started:
                    break
                threading.Event().wait(0.05)
            assert runner.started
            yield f"http://127.0.0.1:{config.port}", secret
        finally:
            runner.should_exit = True
            thread.join(timeout=10)


def test_an_unexpected_error_closes_the_connection(
        failing_app: tuple[str, str], caplog: pytest.LogCaptureFixture) -> None:
    base, secret = failing_app
    http = requests.Session()
    response = http.get(base + "/api/v1/fail", headers={"Accept-Language": "nl"}, timeout=10)
    assert response.status_code == 500
    assert response.headers["Connection"] == "close"
    assert response.json() == {"error": "internal_error",
                               "message": error_message("internal_error", "nl"),
                               "detail": None}
    # The same client goes on, on a new connection.
    assert http.get(base + "/api/v1/health", timeout=10).status_code == 200
    assert "ValueError" in caplog.text
    assert secret not in caplog.text
