"""Reading what a control says, however Flutter exposes it.

A control's words reach the accessibility tree either as text content or as
`aria-label` (of the node itself or of nodes inside it, e.g. a row holding a
button), depending on the widgets involved. `words` gathers both.
"""

from __future__ import annotations

import time

from tests.browser import FletPage
from tests.web.site import password_of

_WORDS = """e => [e, ...e.querySelectorAll('*')]
    .map(n => n.getAttribute('aria-label') || '').join(' ') + ' ' + e.innerText"""


def words(page: FletPage, identifier: str) -> str:
    """Everything the control with `identifier` says, as one line ('' if it is not there)."""
    found = page.by_id(identifier)
    if not found.count():
        return ""
    return " ".join(str(found.first.evaluate(_WORDS)).split())


def expect_words(page: FletPage, identifier: str, *expected: str, timeout: float = 10) -> None:
    """Wait until the control says every one of `expected`."""
    deadline = time.monotonic() + timeout
    seen = words(page, identifier)
    while not all(text in seen for text in expected):
        if time.monotonic() > deadline:
            raise AssertionError(f"{identifier} says {seen!r}, expected {expected!r}")
        time.sleep(0.1)
        seen = words(page, identifier)


_FOCUSED = """() => { let n = document.activeElement;
    while (n && !(n.getAttribute && n.getAttribute('flt-semantics-identifier'))) n = n.parentElement;
    return n ? n.getAttribute('flt-semantics-identifier') : null; }"""


def tab_to(page: FletPage, identifier: str, *, presses: int = 60) -> None:
    """Press Tab until the keyboard focus is on the control with `identifier`."""
    for _ in range(presses):
        page.page.keyboard.press("Tab")
        if page.page.evaluate(_FOCUSED) == identifier:
            return
    raise AssertionError(f"{identifier} never got the keyboard focus")


_UNTAGGED = """() => [...document.querySelectorAll(
      'flt-semantics[role=button], flt-semantics[role=checkbox], flt-semantics[role=link], '
    + 'flt-semantics[role=textbox], flt-semantics[role=slider], input, textarea')]
    .filter(e => !e.closest('[flt-semantics-identifier]'))
    .map(e => e.getAttribute('aria-label') || e.innerText || e.tagName)"""


def show_figures(page: FletPage, municipality: str, start: str, end: str) -> None:
    """On the figures page: choose a municipality (as shown) and a period, and apply them."""
    page.choose("figures.municipality", municipality)
    page.fill("figures.date_from", start)
    page.fill("figures.date_to", end)
    page.click("figures.apply")


def untagged_controls(page: FletPage) -> list[str]:
    """The names of interactive controls on screen that carry no semantics identifier."""
    found: list[str] = page.page.evaluate(_UNTAGGED)
    return found


# language -> (its name in the menu, "Sign in" in it)
LANGUAGES = {"nl": ("Nederlands", "Inloggen"), "pl": ("Polski", "Zaloguj się"),
             "ro": ("Română", "Autentificați-vă"), "bg": ("Български", "Влезте")}


def sign_in(page: FletPage, username: str, *, lang: str = "en") -> None:
    """Fill in the sign-in form and wait for the first page behind it."""
    if lang != "en":
        page.choose("sign_in.language", LANGUAGES[lang][0])
        expect_words(page, "sign_in.submit", LANGUAGES[lang][1])  # the form is redrawn
    page.fill("sign_in.username", username)
    page.fill("sign_in.password", password_of(username))
    page.click("sign_in.submit")
    page.by_id("nav.sign_out").wait_for(timeout=15_000)
