"""Settings as a volunteer sees them, at 390×844 in Polish and Bulgarian: the organisation
as the server named it (read only), the CA bundle out of the way under "Advanced"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from locales import translator
from tests.browser import FletPage
from tests.sync.live_server import ORG, LiveServer
from tests.views import flows
from tests.views.conftest import OpenApp
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The text the screen shows where the organisation's name would be, before enrollment.
NOT_CONNECTED = {
    "bg": "Този телефон още не е свързан с организация.",
    "pl": "Ten telefon nie jest jeszcze połączony z organizacją.",
}


@pytest.mark.parametrize(("lang", "connected"), [("pl", True), ("bg", False)])
def test_settings_show_the_organisation_from_enrollment_and_hide_the_ca_bundle(
        open_app: OpenApp, server: LiveServer, lang: str, connected: bool) -> None:
    app = open_app(server_url=server.url).app
    flows.tap(app, ids.item(ids.WELCOME_LANGUAGE, lang))
    flows.type_into(app, ids.PIN_NEW, flows.PIN)
    flows.type_into(app, ids.PIN_CONFIRM, flows.PIN)
    flows.tap(app, ids.PIN_CREATE)
    if connected:
        worker = server.add_user("worker")
        flows.type_into(app, ids.ENROLL_USERNAME, worker[0])
        flows.type_into(app, ids.ENROLL_PASSWORD, worker[1])
        flows.tap(app, ids.ENROLL_SUBMIT)
    else:
        flows.tap(app, ids.ENROLL_LATER)
    flows.navigate(app, ids.LIST_TO_SETTINGS, then=ids.SETTINGS_ORGANISATION)

    organisation = app.by_id(ids.SETTINGS_ORGANISATION)
    expect(organisation).to_contain_text(ORG if connected else NOT_CONNECTED[lang])
    expect(organisation.locator("input, textarea")).to_have_count(0)  # nothing to type in
    expect(app.by_id(ids.SETTINGS_CA_BUNDLE)).to_have_count(0)  # closed until opened
    assert flows.untranslated(app, lang) == set()
    app.screenshot(f"settings-{lang}")

    flows.tap(app, ids.SETTINGS_ADVANCED)
    flows.wait_for(app, ids.SETTINGS_CA_BUNDLE)
    usual = translator(lang).gettext(
        "The server's certificate is checked against the usual certificate authorities.")
    expect(app.by_id(ids.SETTINGS_CA_KEPT)).to_contain_text(usual)
    _scroll_to_the_end(app)
    assert flows.untranslated(app, lang) == set()
    app.screenshot(f"settings-advanced-{lang}")


def _scroll_to_the_end(app: FletPage) -> None:
    """Flutter scrolls its own canvas: wheel down until the last button is on screen."""
    last = app.by_id(ids.SETTINGS_CA_FORGET)
    app.page.mouse.move(195, 600)
    for _attempt in range(10):  # the opening tile is still growing for a moment
        app.page.mouse.wheel(0, 3000)
        try:
            expect(last).to_be_in_viewport(ratio=1, timeout=1_000)
            return
        except AssertionError:
            continue
    expect(last).to_be_in_viewport(ratio=1)
