"""First run and a new contact in each UI language, with screenshots to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.views import flows
from tests.views.conftest import OpenApp
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# One word per screen that must be translated (a missing catalog shows English).
NEW_CONTACT = {"nl": "Nieuw contact", "pl": "Nowy kontakt", "ro": "Contact nou",
               "bg": "Нов контакт"}
LOCATION_DENIED = {"nl": "De telefoon staat de app niet toe", "pl": "Telefon nie pozwolił aplikacji",
                   "ro": "Telefonul nu a permis aplicației",
                   "bg": "Телефонът не позволи на приложението"}

LIST_TARGETS = [ids.LIST_NEW, ids.LIST_SYNC_NOW, ids.LIST_LOCK, ids.LIST_TO_SETTINGS,
                ids.LIST_SEARCH, ids.item(ids.LIST_FILTER, "needs_attention"),
                ids.item(ids.LIST_ROW, 0)]
FORM_TARGETS = [ids.BACK, ids.FORM_SAVE, ids.item(ids.form_field("person_language"), "hu"),
                ids.FORM_CONSENT_OPEN]
HAND_OVER_TARGETS = [ids.HANDOVER_CLOSE, ids.item(ids.HANDOVER_ANSWER, "given"),
                     ids.item(ids.HANDOVER_ANSWER, "refused")]


@pytest.mark.parametrize("lang", ["pl", "ro", "bg", "nl"])
def test_first_run_and_new_contact_in_the_workers_language(open_app: OpenApp, lang: str) -> None:
    app = open_app(name=f"app-{lang}").app
    flows.first_run(app, lang=lang)
    flows.minimal_contact(app, person_language=lang, consent="given", alias="Ana",
                          municipality="GM0599")
    expect(app.by_id(ids.item(ids.LIST_ROW, 0))).to_contain_text("Ana")
    assert flows.untranslated(app, lang) == set()
    assert flows.small_targets(app, LIST_TARGETS) == {}
    assert flows.unnamed_buttons(app) == 0
    app.screenshot(f"list-{lang}")

    flows.tap(app, ids.LIST_NEW)
    flows.choose(app, "person_language", lang)
    flows.wait_for(app, ids.FORM_PRIVACY_NOTICE)  # the hand-over screen, in the person's
    assert flows.untranslated(app, lang) == set()
    assert flows.small_targets(app, HAND_OVER_TARGETS) == {}
    app.screenshot(f"handover-{lang}")
    flows.hand_over(app, "given")
    expect(app.page.get_by_text(NEW_CONTACT[lang]).first).to_be_visible()
    assert flows.untranslated(app, lang) == set()
    assert flows.small_targets(app, FORM_TARGETS) == {}
    app.screenshot(f"form-{lang}")

    # This phone has not allowed the app to know where it is: the worker is told, in
    # their language, and can save without a location.
    flows.tap(app, ids.item(ids.FORM_SECTION, "location"))
    flows.tap(app, ids.FORM_LOCATION_ADD)
    expect(app.by_id(ids.FORM_LOCATION_PROBLEM)).to_contain_text(LOCATION_DENIED[lang],
                                                                 timeout=15_000)
    expect(app.by_id(ids.FORM_LOCATION)).to_have_attribute("aria-label", "—")
    assert flows.untranslated(app, lang) == set()
    app.screenshot(f"form-location-{lang}")

    flows.tap(app, ids.FORM_SAVE)  # the required answers are missing: errors, translated, inline
    expect(app.by_id(ids.FORM_ERRORS)).to_be_visible()
    assert flows.untranslated(app, lang) == set()
    app.screenshot(f"form-errors-{lang}")

