"""The PIN pad in the browser: its dots draw with no font the app lacks, and nothing is missing.

The `open_app` fixture fails a test on any page asset the field app's server does
not have (a font the web client asks for to draw a character, for instance).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.views import flows
from tests.views.conftest import OpenApp
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_pin_dots_show_what_was_typed_and_every_page_asset_is_served(
        open_app: OpenApp) -> None:
    app = open_app().app
    flows.first_run(app)
    flows.tap(app, ids.LIST_LOCK)
    for digit in flows.PIN[:3]:
        flows.tap(app, ids.item(ids.UNLOCK_KEY, digit))
    display = app.by_id(ids.UNLOCK_DISPLAY)
    expect(display).to_have_text("Digits entered 3", timeout=10_000)
    app.screenshot("unlock-pin-dots")
    flows.tap(app, ids.item(ids.UNLOCK_KEY, "back"))
    expect(display).to_have_text("Digits entered 2", timeout=10_000)
    for digit in flows.PIN[2:]:
        flows.tap(app, ids.item(ids.UNLOCK_KEY, digit))
    flows.tap(app, ids.item(ids.UNLOCK_KEY, "ok"))
    flows.wait_for(app, ids.LIST_NEW)
