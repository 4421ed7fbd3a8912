"""The form as a worker meets it, at 390×844 in Polish and Bulgarian: the hand-over screen,
errors that follow the values and say what is wrong, quick taps on several chips, Back on
a changed form, drafts, the saved message, a follow-up's carry-over, and a correction
sent back with flagged fields. Real server, real browser."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from locales import error_message, label, translator
from model import errors as e
from model.errors import FieldError
from tests.browser import ARTIFACTS, FletPage
from tests.sync.live_server import LiveServer
from tests.views import flows
from tests.views.conftest import OpenApp
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REFERRALS = ["barka_return", "documents_help", "medical_care"]
NEEDS = ["food", "shelter_tonight"]


def _attention(lang: str, n: int) -> str:
    return translator(lang).ngettext("{n} field needs attention.", "{n} fields need attention.",
                                     n).format(n=n)


def _quick_taps(app: FletPage, name: str, values: list[str]) -> None:
    """Taps as fast as a thumb: none waits for the app to answer the one before."""
    for value in values:
        app.by_id(ids.item(ids.form_field(name), value)).first.click(no_wait_after=True)


@pytest.mark.parametrize("lang", ["pl", "bg"])
def test_a_contact_from_hand_over_to_follow_up_loses_nothing(open_app: OpenApp,
                                                             lang: str) -> None:
    t = translator(lang)
    app = open_app(name=f"form-{lang}").app
    flows.first_run(app, lang=lang)

    # The hand-over screen: the person reads and answers consent.
    flows.navigate(app, ids.LIST_NEW, then=ids.FORM_SAVE)
    flows.choose(app, "person_language", lang)
    flows.wait_for(app, ids.FORM_PRIVACY_NOTICE)
    expect(app.by_id(ids.FORM_SAVE)).to_have_count(0)  # full screen: the form is away
    app.screenshot(f"handover-{lang}")
    flows.hand_over(app, "given")
    flows.expect_says(app, ids.form_field("consent"), label("consent", "given", lang))
    flows.type_into(app, ids.form_field("alias"), "Marek")
    flows.choose(app, "municipality", "GM0344")
    for name, value in flows.MINIMAL_CHOICES.items():
        flows.choose(app, name, value)

    # Several quick taps in a multi-choice group: every one is saved (one tapped twice: off).
    flows.tap(app, ids.item(ids.FORM_SECTION, "referrals"))
    flows.tap(app, ids.item(ids.FORM_SECTION, "needs"))
    _quick_taps(app, "referrals", [*REFERRALS, "work_guidance", "work_guidance"])
    _quick_taps(app, "acute_needs", NEEDS)
    flows.tap(app, ids.item(ids.FORM_SECTION, "entitlement"))
    flows.tap(app, ids.item(ids.item(ids.FORM_ENTITLEMENT, "works_now"), "yes"))
    flows.tap(app, ids.item(ids.item(ids.FORM_ENTITLEMENT, "self_employed"), "no"))
    app.screenshot(f"form-{lang}")
    flows.tap(app, ids.FORM_SAVE)
    flows.wait_for(app, ids.LIST_NEW)
    flows.expect_says(app, ids.FORM_SAVED, t.gettext("Saved."))
    flows.navigate(app, ids.item(ids.LIST_ROW, 0), then=ids.item(ids.PERSON_CONTACT, 0))
    flows.navigate(app, ids.item(ids.PERSON_CONTACT, 0), then=ids.DETAIL_FOLLOW_UP)
    for value in REFERRALS:
        flows.app_text(app, label("referrals", value, lang))
    for value in NEEDS:
        flows.app_text(app, label("acute_needs", value, lang))
    expect(app.page.get_by_text(label("referrals", "work_guidance", lang))).to_have_count(0)
    old = app.page.url

    # A follow-up: what was carried shows, the time-bound answer is to be asked again, the
    # indication's change is shown in the open section; consent is asked again.
    flows.navigate(app, ids.DETAIL_FOLLOW_UP, then=ids.FORM_CARRIED)
    flows.expect_says(app, ids.item(ids.FORM_ENTITLEMENT, "works_now"),
                      t.gettext("Ask again: this answer changes with time."))
    flows.expect_says(app, ids.FORM_INDICATION, label("entitlement_indication", "C", lang))
    flows.expect_says(app, ids.form_field("consent"), t.gettext("Not asked yet"))
    flows.tap(app, ids.FORM_CONSENT_OPEN)
    flows.hand_over(app, "given")
    # A too-long alias says the limit, at once, and nothing is cut.
    flows.type_into(app, ids.form_field("alias"), "M" * 81)
    too_long = error_message(FieldError("alias", e.TOO_LONG, {"max": 80}), lang)
    flows.expect_says(app, ids.form_field("alias"), too_long)
    flows.type_into(app, ids.form_field("alias"), "Marek")
    flows.expect_says(app, ids.form_field("alias"), too_long, present=False)
    app.screenshot(f"form-follow-up-{lang}")
    flows.tap(app, ids.FORM_SAVE)
    flows.wait_for(app, ids.DETAIL_FOLLOW_UP)  # on the new contact, not the old one
    expect(app.by_id(ids.FORM_SAVED)).to_be_attached()
    assert app.page.url != old and re.search(r"/contacts/[0-9a-f-]{36}$", app.page.url)

    # Errors follow the values: the count goes down as answers come, also the one the app
    # fills in (the nationality from the person's language).
    flows.navigate(app, ids.BACK, then=ids.LIST_NEW)
    flows.navigate(app, ids.LIST_NEW, then=ids.FORM_SAVE)
    flows.tap(app, ids.FORM_SAVE)
    flows.expect_says(app, ids.FORM_ERRORS, _attention(lang, 9))
    flows.choose(app, "person_language", lang)
    flows.hand_over(app, "refused")
    flows.expect_says(app, ids.FORM_ERRORS, _attention(lang, 6))
    required = error_message(FieldError("nationality", e.REQUIRED), lang)
    expect(app.page.get_by_text(required)).to_have_count(0)
    flows.choose(app, "gender", "female")
    flows.expect_says(app, ids.FORM_ERRORS, _attention(lang, 5))
    app.screenshot(f"form-errors-live-{lang}")

    # Back on a changed form asks; kept as a draft, it is offered again from the list.
    flows.tap(app, ids.BACK)
    flows.tap(app, ids.FORM_BACK_KEEP)
    flows.wait_for(app, ids.item(ids.LIST_DRAFT, 0))
    flows.navigate(app, ids.item(ids.LIST_DRAFT, 0), then=ids.FORM_SAVE)
    flows.expect_says(app, ids.form_field("consent"), label("consent", "refused", lang))
    flows.navigate(app, ids.BACK, then=ids.LIST_NEW)  # unchanged since kept: no question
    expect(app.by_id(ids.item(ids.LIST_DRAFT, 0))).to_be_attached()

    # The minimal contact with the hand-over screen (the municipality is remembered).
    taps = flows.Taps()
    flows.minimal_contact(app, person_language=lang, consent="refused", taps=taps)
    _report_taps(lang, taps.count)
    assert taps.count <= 10


def _report_taps(lang: str, taps: int) -> None:
    """The minimal contact's taps (person's answer included), kept as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"minimal-contact-taps-{lang}.json").write_text(
        json.dumps({"minimal_contact_taps_with_hand_over": taps}))
    print(f"\nminimal contact with the hand-over screen ({lang}): {taps} taps")


def test_a_correction_with_flagged_fields_reaches_the_phone_in_bulgarian(
        open_app: OpenApp, server: LiveServer) -> None:
    lang = "bg"
    t = translator(lang)
    worker = server.add_user("worker")
    supervisor = server.add_user("supervisor")
    app = open_app(server_url=server.url, name="correction").app
    flows.first_run_enrolled(app, worker, lang=lang)
    flows.minimal_contact(app, person_language="bg", consent="refused", municipality="GM0344")
    [worker_id] = [u["id"] for u in server.api("GET", "/users")["items"]
                   if u["name"] == worker[0]]
    stored: list[dict[str, object]] = []
    for _attempt in range(30):
        stored = server.api("GET", "/contacts", as_user=supervisor,
                            params={"worker_id": worker_id})["items"]
        if stored:
            break
        flows.tap(app, ids.LIST_SYNC_NOW)
        app.page.wait_for_timeout(1_000)
    [contact] = stored
    server.api("POST", f"/contacts/{contact['id']}/review", as_user=supervisor,
               json={"state": "has_issues", "comment": "Leeftijd klopt niet?",
                     "fields": ["age_band", "nationality"], "reasons": ["wrong_value"]})
    flows.tap(app, ids.LIST_SYNC_NOW)
    flows.expect_row_state(app, 0, "Leeftijd klopt niet?")

    flows.navigate(app, ids.item(ids.LIST_ROW, 0), then=ids.item(ids.PERSON_CONTACT, 0))
    flows.navigate(app, ids.item(ids.PERSON_CONTACT, 0), then=ids.DETAIL_COMMENT)
    flows.expect_says(app, ids.DETAIL_COMMENT, label("review_reasons", "wrong_value", lang))
    flows.expect_says(app, ids.DETAIL_COMMENT, "Leeftijd klopt niet?")
    app.screenshot("correction-detail-bg")
    flows.navigate(app, ids.DETAIL_EDIT, then=ids.FORM_CORRECTION)
    flag = t.gettext("The supervisor asks you to check this.")
    flows.expect_says(app, ids.FORM_CORRECTION, label("review_reasons", "wrong_value", lang))
    flows.expect_says(app, ids.form_field("age_band"), flag)
    flows.expect_says(app, ids.form_field("nationality"), flag)
    flows.expect_says(app, ids.form_field("gender"), flag, present=False)
    app.screenshot("correction-form-bg")
    flows.choose(app, "age_band", "45-54")
    flows.tap(app, ids.FORM_SAVE)
    flows.expect_says(app, ids.DETAIL_REVISION, "2")
    history = server.api("GET", f"/contacts/{contact['id']}", as_user=supervisor)
    assert history["contact"]["age_band"] == "45-54"
