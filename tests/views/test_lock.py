"""Locking, through the UI: after idle time the data is hidden; wrong PINs are counted."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from fieldapp.vault import SECRET_FILE
from tests.browser import FletPage
from tests.views import flows
from tests.views.conftest import OpenApp
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_idle_app_locks_hides_data_and_counts_wrong_pins(open_app: OpenApp) -> None:
    # The phone's way of keeping the device secret (secure storage, here the browser's),
    # which unlocking needs as much as the PIN.
    started = open_app(auto_lock_seconds=8, extra_args=("--device-secret", "secure-storage"))
    app = started.app
    flows.first_run(app)
    assert (started.data_dir / "vault").is_dir()
    assert not (started.data_dir / SECRET_FILE).exists()
    flows.minimal_contact(app, consent="given", alias="Marek", municipality="GM0983")
    expect(app.page.get_by_text("Marek")).to_be_visible()
    # This app speaks English: the language tests' detector of untranslated text sees it.
    assert "New contact" in flows.untranslated(app, "bg")

    # Nobody touches the phone: it locks by itself and no contact is on screen.
    flows.wait_for(app, ids.item(ids.UNLOCK_KEY, "ok"), timeout=20_000)
    expect(app.page.get_by_text("Marek")).to_have_count(0)

    for attempt, left in enumerate(range(9, 3, -1), start=1):
        flows.type_pin(app, "000000")
        message = app.by_id(ids.UNLOCK_MESSAGE)
        noun = "try" if left == 1 else "tries"
        expect(message).to_contain_text(f"Wrong PIN. {left} {noun} left.")
        warned = app.page.get_by_text("all data on this phone is erased")
        if attempt < 6:
            expect(warned).to_have_count(0)
    # From the seventh attempt on the wipe is announced before it happens.
    expect(app.page.get_by_text("all data on this phone is erased").first).to_be_visible()

    flows.unlock(app)
    flows.wait_for(app, ids.LIST_NEW)
    expect(app.page.get_by_text("Marek")).to_be_visible()

    # The worker switches to another app: it locks at once, not after the idle time.
    # (A hidden page draws nothing, so what it shows is looked at once it is back,
    # well before the idle time could have locked it.)
    _switch_away(app, hidden=True)
    time.sleep(1)
    _switch_away(app, hidden=False)
    flows.wait_for(app, ids.item(ids.UNLOCK_KEY, "ok"), timeout=3_000)
    expect(app.page.get_by_text("Marek")).to_have_count(0)
    flows.unlock(app)
    flows.wait_for(app, ids.LIST_NEW)

    # Half a contact typed when the app locks: after the PIN it is all still there.
    # (In Polish, to look at the screen in a language other than English.)
    flows.navigate(app, ids.LIST_TO_SETTINGS, then=ids.SETTINGS_VERSION)
    flows.tap(app, ids.item(ids.SETTINGS_LANGUAGE, "pl"))
    flows.app_text(app, "Ustawienia")
    flows.navigate(app, ids.BACK, then=ids.LIST_NEW)
    flows.minimal_contact(app, consent="given", alias="Ewa", save=False)
    flows.wait_for(app, ids.item(ids.UNLOCK_KEY, "ok"), timeout=30_000)
    expect(app.page.get_by_text("Ewa")).to_have_count(0)
    flows.unlock(app)
    flows.wait_for(app, ids.FORM_RESTORED)
    assert flows.untranslated(app, "pl") == set()
    app.screenshot("form-restored-after-lock-pl")
    flows.tap(app, ids.FORM_SAVE)  # saves at once: every answer and the alias came back
    flows.wait_for(app, ids.LIST_NEW)
    expect(app.page.get_by_text("Ewa")).to_be_visible()
    expect(app.page.get_by_text("Marek")).to_be_visible()


def _switch_away(app: FletPage, *, hidden: bool) -> None:
    """What the browser does when its tab or the whole phone app goes to the background."""
    app.page.evaluate("""hidden => {
        Object.defineProperty(document, 'visibilityState',
                              {configurable: true, get: () => hidden ? 'hidden' : 'visible'});
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
        document.dispatchEvent(new Event('visibilitychange'));
    }""", hidden)
