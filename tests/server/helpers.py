"""Helpers for the server tests: an HTTP client with its own client address, contacts."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from model import Contact, Enrollment, to_wire
from tests.factories import make_contact

_addresses = itertools.count(1)


def new_address() -> str:
    """A loopback address no other client in this test run uses (rate limits count per address)."""
    n = next(_addresses)
    return f"127.{10 + n // 62500}.{n // 250 % 250}.{n % 250 + 1}"


class Api:
    """Requests to the live server, each client with its own forwarded address."""

    def __init__(self, base_url: str, *, token: str | None = None,
                 address: str | None = None) -> None:
        self.base_url = base_url
        self.token = token
        self.address = address or new_address()
        self.http = requests.Session()

    def with_token(self, token: str | None) -> Api:
        return Api(self.base_url, token=token, address=self.address)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"X-Forwarded-For": self.address, **kwargs.pop("headers", {})}
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        kwargs.setdefault("timeout", 60)
        return self.http.request(method, self.base_url + path, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def push(self, records: list[Any]) -> list[dict[str, Any]]:
        response = self.post("/api/v1/sync/push", json={"records": records})
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def pull_all(self, since: str | None = None) -> tuple[list[dict[str, Any]], str]:
        changes: list[dict[str, Any]] = []
        while True:
            params = {"since": since} if since else {}
            response = self.get("/api/v1/sync/pull", params=params)
            assert response.status_code == 200, response.text
            body = response.json()
            changes += body["changes"]
            since = body["cursor"]
            if not body["more"]:
                return changes, since


def contact(enrollment: Enrollment | None = None, *, days_ago: int = 1, **fields: Any) -> Contact:
    """A valid first revision dated `days_ago` days before today (UTC)."""
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
    enrollment = enrollment or Enrollment("w", "d", "o")
    return make_contact(enrollment=enrollment, now=now, **fields)


def wire(c: Contact) -> dict[str, Any]:
    return to_wire(c)


def wait_until(check: Callable[[], bool], *, timeout: float = 30.0, what: str = "") -> None:
    """Poll `check` until it is true or the deadline passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or check}")
