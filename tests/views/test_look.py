"""The field app at night and in one hand, at 390×844 in Polish and Bulgarian: dark screens
chosen in settings (kept after a restart) or taken from the phone, the PIN pad and the main
actions where a thumb reaches, and the welcome in the browser's language.

Screenshots of the list, the unlock screen and the settings, light and dark, in both
languages, are saved in test-artifacts/ (look-<screen>-<lang>-<light|dark>.png).
"""

from __future__ import annotations

import time

import pytest

from locales import translator
from tests.browser import PHONE, FletPage
from tests.views import flows
from tests.views.conftest import OpenApp
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A spot of the screen's own background, beside the content, on every screen checked.
BACKGROUND_SPOT = (3, PHONE["height"] // 2)
MAIN_ACTIONS = [ids.LIST_NEW, ids.LIST_TO_SYNC, ids.LIST_TO_SETTINGS, ids.LIST_LOCK]


def shade(app: FletPage) -> float:
    """How light the screen's background is: 0 black to 1 white."""
    red, green, blue = app.colour_at(*BACKGROUND_SPOT)
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def expect_dark(app: FletPage, dark: bool, *, timeout: float = 15.0) -> None:
    """Wait until the background is dark (or light)."""
    deadline = time.monotonic() + timeout
    while (shade(app) < 0.2) != dark:
        assert time.monotonic() < deadline, f"background shade {shade(app):.2f}, dark={dark}"
        time.sleep(0.3)


def shoot(app: FletPage, screen: str, lang: str, dark: bool) -> None:
    expect_dark(app, dark)
    app.screenshot(f"look-{screen}-{lang}-{'dark' if dark else 'light'}")


def choose_theme(app: FletPage, mode: str) -> None:
    flows.navigate(app, ids.LIST_TO_SETTINGS, then=ids.item(ids.SETTINGS_THEME, mode))
    flows.tap(app, ids.item(ids.SETTINGS_THEME, mode))


def top(app: FletPage, identifier: str) -> float:
    box = app.by_id(identifier).first.bounding_box()
    assert box is not None, identifier
    assert box["y"] + box["height"] <= PHONE["height"], identifier
    return box["y"]


def lock_and_check_the_pad(app: FletPage, lang: str, dark: bool) -> None:
    """Lock; the whole PIN pad is in the lower half of the screen."""
    flows.tap(app, ids.LIST_LOCK)
    flows.wait_for(app, ids.item(ids.UNLOCK_KEY, "1"))
    assert top(app, ids.UNLOCK_DISPLAY) > PHONE["height"] / 2
    shoot(app, "unlock", lang, dark)
    flows.unlock(app)
    flows.wait_for(app, ids.LIST_NEW)


def test_welcome_in_the_browsers_language_then_dark_chosen_in_settings_and_kept(
        open_app: OpenApp) -> None:
    phone = open_app(name="phone", locale="pl-PL")
    app = phone.app
    flows.app_text(app, translator("pl").gettext("Choose the language of the app."))
    shoot(app, "welcome", "pl", False)
    flows.first_run(app, lang="pl")
    flows.minimal_contact(app, consent="given", alias="Marek", municipality="GM0344")
    # Every main action at the bottom of the list, within a thumb's reach.
    assert min(top(app, action) for action in MAIN_ACTIONS) > PHONE["height"] * 0.85
    shoot(app, "list", "pl", False)
    lock_and_check_the_pad(app, "pl", False)
    choose_theme(app, "light")  # the settings, light
    shoot(app, "settings", "pl", False)
    flows.tap(app, ids.item(ids.SETTINGS_THEME, "dark"))
    shoot(app, "settings", "pl", True)
    flows.navigate(app, ids.BACK, then=ids.LIST_NEW)
    shoot(app, "list", "pl", True)
    phone.program.stop()
    again = open_app(name="phone", locale="pl-PL").app
    flows.wait_for(again, ids.item(ids.UNLOCK_KEY, "1"))
    shoot(again, "unlock", "pl", True)


def test_dark_phone_gives_dark_screens_until_light_is_chosen(open_app: OpenApp) -> None:
    app = open_app(locale="bg-BG", dark=True).app
    flows.app_text(app, translator("bg").gettext("Choose the language of the app."))
    shoot(app, "welcome", "bg", True)
    flows.first_run(app, lang="bg")
    flows.minimal_contact(app, person_language="bg", municipality="GM0344")
    shoot(app, "list", "bg", True)
    lock_and_check_the_pad(app, "bg", True)
    choose_theme(app, "system")
    shoot(app, "settings", "bg", True)
    flows.tap(app, ids.item(ids.SETTINGS_THEME, "light"))
    shoot(app, "settings", "bg", False)
    flows.navigate(app, ids.BACK, then=ids.LIST_NEW)
    shoot(app, "list", "bg", False)
    lock_and_check_the_pad(app, "bg", False)
