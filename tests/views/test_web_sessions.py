"""The field app served to a browser (`main.py --web`): every tab enters the PIN for itself,
and requests for any other host than the one served are refused (DNS rebinding)."""

from __future__ import annotations

import socket

import pytest
import requests
from playwright.sync_api import Browser, expect

from tests.browser import FletPage, loopback_context
from tests.views import flows
from tests.views.conftest import OpenApp
from tests.web.watch import Watch
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_second_tab_shows_the_unlock_screen_while_the_first_is_unlocked(
        open_app: OpenApp, browser: Browser) -> None:
    started = open_app()
    first = started.app
    flows.first_run(first)
    flows.minimal_contact(first, consent="given", alias="Marek", municipality="GM0983")

    context = loopback_context(browser)
    watch = Watch(require_policy=False)
    watch.attach(context)
    try:
        second = FletPage(context.new_page()).open(started.url)
        flows.wait_for(second, ids.item(ids.UNLOCK_KEY, "ok"))
        expect(second.by_id(ids.LIST_NEW)).to_have_count(0)
        expect(second.page.get_by_text("Marek")).to_have_count(0)
        second.open(started.url + "contacts/new")  # no way around the PIN
        flows.wait_for(second, ids.item(ids.UNLOCK_KEY, "ok"))
        expect(second.by_id(ids.FORM_SAVE)).to_have_count(0)

        flows.type_pin(second, "000000")
        expect(second.by_id(ids.UNLOCK_MESSAGE)).to_contain_text("Wrong PIN. 9 tries left.")
        flows.unlock(second)
        flows.wait_for(second, ids.LIST_NEW)
        expect(second.page.get_by_text("Marek")).to_be_visible()

        # The first tab locks: only it is out; the second keeps working.
        flows.tap(first, ids.LIST_LOCK)
        flows.wait_for(first, ids.item(ids.UNLOCK_KEY, "ok"))
        expect(first.page.get_by_text("Marek")).to_have_count(0)
        flows.navigate(second, ids.LIST_NEW, then=ids.FORM_SAVE)
    finally:
        context.close()
    watch.check()


def test_a_request_for_another_host_is_refused(open_app: OpenApp) -> None:
    started = open_app()
    port = int(started.url.rstrip("/").rsplit(":", 1)[1])
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert requests.get(started.url, headers={"Host": host}, timeout=10).status_code == 200
    for host in (f"rebound.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}",
                 f"localhost.rebound.example:{port}"):
        refused = requests.get(started.url, headers={"Host": host}, timeout=10)
        assert refused.status_code == 400, host
    # The app's own channel too: its websocket is not opened for another host.
    assert _websocket_status(port, host=f"rebound.example:{port}") == 403
    assert _websocket_status(port, host=f"127.0.0.1:{port}") == 101


def _websocket_status(port: int, *, host: str) -> int:
    """The HTTP status answering a websocket handshake to the app's channel."""
    handshake = (f"GET /ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(handshake.encode())
        status_line = sock.recv(1024).split(b"\r\n", 1)[0]
    return int(status_line.split()[1])
