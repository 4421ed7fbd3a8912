"""Signing in: the page starts in the browser's language, wrong passwords are counted like
the API counts them, and a tab left alone longer than the idle time is signed out and
cleared."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.browser import DESKTOP, FletPage, loopback_context
from tests.web.site import Site, serve
from tests.web.ui import expect_words, sign_in

IDLE_SECONDS = 3


@pytest.fixture(scope="module")
def strict_site(site: Site) -> Iterator[Site]:
    """A second server on the same database, with a short idle time and two sign-in
    attempts per account."""
    env = {**os.environ, "STREETCONTACT_SESSION_IDLE_SECONDS": str(IDLE_SECONDS),
           "STREETCONTACT_LOGIN_LIMIT_ACCOUNT": "2"}
    running = serve(site.data_dir, env, log="strict-server.log")
    try:
        yield running
    finally:
        running.program.stop()


@pytest.fixture
def tab(browser: Browser, strict_site: Site) -> Iterator[FletPage]:
    context = loopback_context(browser, viewport=DESKTOP)
    yield FletPage(context.new_page()).open(strict_site.url + "/")
    context.close()


def test_wrong_passwords_are_told_apart_from_too_many_attempts_in_dutch(tab: FletPage) -> None:
    tab.choose("sign_in.language", "Nederlands")
    wrong = "Onbekende gebruikersnaam of verkeerd wachtwoord."
    # The wait is what is left of the five-minute counting window: one to five minutes.
    too_many = re.compile(r"^Te veel pogingen\. Probeer het over [1-5] minuu?t(en)? opnieuw\.$")
    for expected in (wrong, wrong, too_many):
        tab.fill("sign_in.username", "nobody-by-this-name")
        tab.fill("sign_in.password", "not her password")
        tab.click("sign_in.submit")
        expect(tab.by_id("sign_in.error")).to_have_text(expected)
        tab.click("sign_in.username")  # the next round starts from the form as it is now


def test_a_tab_left_alone_is_signed_out_and_cleared(tab: FletPage) -> None:
    sign_in(tab, "ida")
    tab.by_id("inbox.previous").wait_for()
    expect(tab.by_id("page.message")).to_have_text(
        "Your session has ended. Please sign in again.", timeout=(IDLE_SECONDS + 5) * 1000)
    expect(tab.by_id("inbox.previous")).to_have_count(0)
    expect(tab.by_id("nav.sign_out")).to_have_count(0)


@pytest.mark.parametrize(("locale", "submit", "language"), [
    ("nl-NL", "Inloggen", "Taal Nederlands"), ("pl-PL", "Zaloguj się", "Język Polski"),
    ("de-DE", "Sign in", "Language English")])
def test_the_sign_in_page_starts_in_the_browsers_language_when_it_is_one_of_ours(
        browser: Browser, site: Site, locale: str, submit: str, language: str) -> None:
    context = loopback_context(browser, viewport=DESKTOP, locale=locale)
    try:
        page = FletPage(context.new_page()).open(site.url + "/")
        expect_words(page, "sign_in.submit", submit)
        expect(page.by_id("sign_in.language")).to_have_accessible_name(language)
        if locale != "de-DE":  # the picker still decides
            page.choose("sign_in.language", "English")
            expect_words(page, "sign_in.submit", "Sign in")
    finally:
        context.close()
