"""End to end: an organisation works in a municipality beyond the first pilot's six; its
phone offers it in the form, and a contact recorded there is counted under its code.
Real server, real browser, in Polish at 390×844."""

from __future__ import annotations

import secrets
import time
from typing import Any

import pytest
from playwright.sync_api import Locator, expect

from tests.browser import FletPage
from tests.server.helpers import wait_until
from tests.sync.live_server import LiveServer
from tests.views import flows
from tests.views.conftest import OpenApp
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "a long password for the tests"


def test_a_new_municipality_is_offered_and_the_contact_counted_under_its_code(
        open_app: OpenApp, server: LiveServer) -> None:
    org = f"Enschede-{secrets.token_hex(3)}"
    worker, supervisor = (f"{role}{secrets.token_hex(3)}" for role in ("worker", "super"))
    server.cli("create-org", org)
    server.cli("create-user", "--org", org, "--role", "worker", worker, password=PASSWORD)
    server.cli("create-user", "--org", org, "--role", "supervisor", supervisor,
               password=PASSWORD)
    server.cli("municipalities", org, "--add", "GM0153", "Enschede")
    app = open_app(server_url=server.url).app
    flows.first_run_enrolled(app, (worker, PASSWORD), lang="pl")

    flows.minimal_contact(app, save=False)
    place = ids.form_field("municipality")
    enschede = app.by_id(ids.item(place, "GM0153")).first
    for code, name in (("GM0153", "Enschede"), ("GM0363", "Amsterdam"), ("other", "Inna gmina")):
        chip = app.by_id(ids.item(place, code)).get_by_role("checkbox", name=name, exact=True)
        expect(chip).to_have_count(1)
    flows.choose(app, "municipality", "GM0153")
    assert flows.untranslated(app, "pl") == set()
    _bring_into_view(app, enschede)
    app.screenshot("form-municipality-pl")
    flows.tap(app, ids.FORM_SAVE)
    flows.wait_for(app, ids.LIST_NEW)
    expect(app.by_id(ids.item(ids.LIST_ROW, 0))).to_contain_text("Enschede")  # by its name

    def counted() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = server.api(
            "GET", "/stats", as_user=(supervisor, PASSWORD))["by_municipality"]
        return found

    wait_until(lambda: bool(counted()), timeout=60, what="the contact synced")
    assert counted() == [{"code": "GM0153", "name": "Enschede", "contacts": 1}]
    # The next contact starts where the last one was recorded, offered first.
    flows.navigate(app, ids.LIST_NEW, then=ids.FORM_SAVE)
    first, pilot = (app.by_id(ids.item(place, code)).bounding_box()
                    for code in ("GM0153", "GM0363"))
    assert first is not None and pilot is not None
    assert (first["y"], first["x"]) < (pilot["y"], pilot["x"])


def _bring_into_view(app: FletPage, chip: Locator) -> None:
    """Scroll the form (the wheel, as a hand would) until `chip` is in the upper screen.

    Flutter moves the semantics a frame or more after the scroll, so a position only
    counts once two reads a moment apart agree."""
    app.page.mouse.move(195, 420)
    for _attempt in range(30):
        before = chip.bounding_box()
        time.sleep(0.8)
        after = chip.bounding_box()
        if before is None or after is None or before["y"] != after["y"]:
            continue  # still settling
        if 80 < after["y"] < 400:
            app.page.mouse.move(385, 5)  # no chip under the pointer: none looks hovered
            time.sleep(0.3)
            return
        app.page.mouse.wheel(0, max(-400, min(400, after["y"] - 200)))
    raise AssertionError("the municipality choice did not come into view")
