"""Signing in: the page starts in the browser's language, wrong passwords are counted like
the API counts them, and a tab left alone longer than the idle time, or signed in longer than
a session lasts, is signed out and
cleared."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import DESKTOP, FletPage
from tests.web.site import Site, serve
from tests.web.ui import expect_words, sign_in
from tests.web.watch import watched_context

IDLE_SECONDS = 3
LIFETIME_SECONDS = 6


@pytest.fixture(scope="module")
def strict_site(site: Site) -> Iterator[Site]:
    """A second server on the same database, with a short idle time and two failed sign-in
    attempts per account from one address."""
    env = {**os.environ, "STREETCONTACT_SESSION_IDLE_SECONDS": str(IDLE_SECONDS),
           "STREETCONTACT_LOGIN_LIMIT_ACCOUNT": "2"}
    running = serve(site.data_dir, env, log="strict-server.log")
    try:
        yield running
    finally:
        running.program.stop()


@pytest.fixture(scope="module")
def short_lived_site(site: Site) -> Iterator[Site]:
    """A server on the same database where a session lasts a few seconds however it is used."""
    env = {**os.environ, "STREETCONTACT_SESSION_MAX_SECONDS": str(LIFETIME_SECONDS)}
    running = serve(site.data_dir, env, log="short-lived-server.log")
    try:
        yield running
    finally:
        running.program.stop()


@pytest.fixture
def tab(browser: Browser, strict_site: Site) -> Iterator[FletPage]:
    with watched_context(browser, viewport=DESKTOP) as context:
        yield FletPage(context.new_page()).open(strict_site.url + "/")


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


def test_a_tab_in_use_is_signed_out_when_its_session_has_lasted_long_enough(
        browser: Browser, short_lived_site: Site) -> None:
    with watched_context(browser, viewport=DESKTOP) as context:
        _use_until_signed_out(FletPage(context.new_page()).open(short_lived_site.url + "/"))


def _use_until_signed_out(tab: FletPage) -> None:
    sign_in(tab, "anna")
    signed_in_at = time.monotonic()
    ended = tab.by_id("page.message")
    pages = iter(["nav.figures", "nav.inbox"] * 100)
    while not ended.count():  # the worker keeps going from page to page: never idle
        assert time.monotonic() - signed_in_at < LIFETIME_SECONDS + 30, "never signed out"
        try:
            tab.by_id(next(pages)).click(timeout=2_000)
        except PlaywrightTimeout:
            continue  # the page was being replaced by the sign-in form
    assert time.monotonic() - signed_in_at >= LIFETIME_SECONDS - 1
    expect(ended).to_have_text("Your session has ended. Please sign in again.")
    expect(tab.by_id("nav.sign_out")).to_have_count(0)


@pytest.mark.parametrize(("locale", "submit", "language"), [
    ("nl-NL", "Inloggen", "Taal Nederlands"), ("pl-PL", "Zaloguj się", "Język Polski"),
    ("de-DE", "Sign in", "Language English")])
def test_the_sign_in_page_starts_in_the_browsers_language_when_it_is_one_of_ours(
        browser: Browser, site: Site, locale: str, submit: str, language: str) -> None:
    with watched_context(browser, viewport=DESKTOP, locale=locale) as context:
        page = FletPage(context.new_page()).open(site.url + "/")
        expect_words(page, "sign_in.submit", submit)
        expect(page.by_id("sign_in.language")).to_have_accessible_name(language)
        if locale != "de-DE":  # the picker still decides
            page.choose("sign_in.language", "English")
            expect_words(page, "sign_in.submit", "Sign in")
