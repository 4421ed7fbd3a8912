"""What a worker does in the field app, step by step, through the browser.

Every step addresses controls by their semantics identifier (views/ids.py),
so the same flow runs in every UI language.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from babel.messages.pofile import read_po
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser import FletPage
from tests.processes import ROOT
from views import ids

PIN = "246810"
MINIMAL_CHOICES = {
    "gender": "male", "age_band": "35-44", "time_in_nl": "1_5y",
    "sleeping_situation": "public_space", "id_document": "valid", "brp_registered": "no",
}


@dataclass
class Taps:
    """Counts what the worker did: taps and typed texts (each text counts as one input)."""

    count: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, n: int = 1) -> None:
        self.count += n


def wait_for(app: FletPage, identifier: str, *, timeout: float = 15_000) -> None:
    app.by_id(identifier).first.wait_for(state="attached", timeout=timeout)


def tap(app: FletPage, identifier: str, taps: Taps | None = None) -> None:
    wait_for(app, identifier)
    app.by_id(identifier).first.click()
    if taps is not None:
        taps.add()


def type_into(app: FletPage, identifier: str, text: str, taps: Taps | None = None) -> None:
    """Type `text` key by key, as a worker would, into the field with this identifier.

    Real key presses reach Flutter's own text state; a programmatic fill of the
    input element is now and then overwritten by it. A field that has just
    appeared can still drop the text, so the typing is checked and repeated.
    """
    wait_for(app, identifier)
    box = app.by_id(identifier).locator("input, textarea").first
    for attempt in range(3):
        box.click()
        try:
            # This very field must have the focus: keys typed while the field
            # before still has it would land there.
            expect(box).to_be_focused(timeout=3_000)
            app.page.keyboard.press("ControlOrMeta+a")
            app.page.keyboard.type(text)
            expect(box).to_have_value(text, timeout=3_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    if taps is not None:
        taps.add()


def navigate(app: FletPage, identifier: str, then: str, taps: Taps | None = None) -> None:
    """Tap a control that leads to another screen and wait for `then` on it.

    A tap that lands while the screen is being redrawn can be lost; a navigation
    tap is safe to repeat, so it is repeated until the next screen shows.
    """
    tap(app, identifier, taps)
    for _attempt in range(3):
        try:
            wait_for(app, then, timeout=4_000)
            return
        except PlaywrightTimeout:
            if app.by_id(identifier).count():
                app.by_id(identifier).first.click()
    wait_for(app, then)


def first_run(app: FletPage, *, lang: str = "en", pin: str = PIN) -> None:
    """Language, PIN twice, then "later" for the server: ends on the contact list."""
    tap(app, ids.item(ids.WELCOME_LANGUAGE, lang))
    first = app.by_id(ids.PIN_NEW).locator("input").first
    for _attempt in range(3):
        type_into(app, ids.PIN_NEW, pin)
        type_into(app, ids.PIN_CONFIRM, pin)
        # The screen has just appeared: on a busy machine Flutter can still reset
        # the first field after the second one took the focus.
        if first.input_value() == pin:
            break
    tap(app, ids.PIN_CREATE)
    navigate(app, ids.ENROLL_LATER, then=ids.LIST_NEW)


def first_run_enrolled(app: FletPage, user: tuple[str, str], *, lang: str = "en") -> None:
    """Language, PIN twice, then the worker's account (the app knows the server): ends on the list."""
    tap(app, ids.item(ids.WELCOME_LANGUAGE, lang))
    type_into(app, ids.PIN_NEW, PIN)
    type_into(app, ids.PIN_CONFIRM, PIN)
    tap(app, ids.PIN_CREATE)
    type_into(app, ids.ENROLL_USERNAME, user[0])
    type_into(app, ids.ENROLL_PASSWORD, user[1])
    tap(app, ids.ENROLL_SUBMIT)
    wait_for(app, ids.LIST_NEW)


def choose(app: FletPage, name: str, value: str, taps: Taps | None = None) -> None:
    """Tap the chip of `value` for contact field `name`."""
    tap(app, ids.item(ids.form_field(name), value), taps)


def minimal_contact(app: FletPage, *, person_language: str = "pl", consent: str = "refused",
                    alias: str | None = None, taps: Taps | None = None,
                    extra: dict[str, str] | None = None, municipality: str | None = None,
                    save: bool = True) -> None:
    """From the list: a contact with only the required fields, then save.

    The municipality is remembered from the last contact; pass it for the first one.
    """
    navigate(app, ids.LIST_NEW, then=ids.FORM_SAVE, taps=taps)
    choose(app, "person_language", person_language, taps)
    hand_over(app, consent, taps)
    if alias is not None:
        type_into(app, ids.form_field("alias"), alias, taps)
    if municipality is not None:
        choose(app, "municipality", municipality, taps)
    for name, value in {**MINIMAL_CHOICES, **(extra or {})}.items():
        choose(app, name, value, taps)
    if save:
        tap(app, ids.FORM_SAVE, taps)
        wait_for(app, ids.LIST_NEW)


def hand_over(app: FletPage, consent: str, taps: Taps | None = None) -> None:
    """The hand-over screen is open: the person answers consent ("given" or "refused");
    "not_asked" is the worker's, back on the form."""
    wait_for(app, ids.FORM_PRIVACY_NOTICE)
    if consent == "not_asked":
        navigate(app, ids.HANDOVER_CLOSE, then=ids.FORM_CONSENT_NOT_ASKED)
        tap(app, ids.FORM_CONSENT_NOT_ASKED, taps)
        return
    tap(app, ids.item(ids.HANDOVER_ANSWER, consent), taps)
    wait_for(app, ids.FORM_SAVE)


def untranslated(app: FletPage, lang: str) -> set[str]:
    """English texts on screen that the `lang` catalog translates to something else."""
    catalog = ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po"
    with catalog.open("rb") as po:
        english = {str(m.id) for m in read_po(po) if isinstance(m.id, str) and m.id
                   and m.string and m.string != m.id}
    shown: list[str] = app.page.evaluate(
        """() => Array.from(document.querySelectorAll('flt-semantics')).flatMap(e =>
               [e.getAttribute('aria-label') || '', ...(e.innerText || '').split('\\n')])
             .map(t => t.trim()).filter(t => t)""")
    return {text for text in shown if text in english}


def unnamed_buttons(app: FletPage) -> int:
    """How many buttons on screen a screen reader could not name (no label, no text)."""
    count: int = app.page.evaluate(
        """() => Array.from(document.querySelectorAll('flt-semantics[role="button"]'))
             .filter(e => !(e.getAttribute('aria-label') || '').trim()
                          && !(e.innerText || '').trim()).length""")
    return count


def small_targets(app: FletPage, identifiers: list[str]) -> dict[str, float]:
    """The controls among `identifiers` that are less than 48 px high (too small for a thumb)."""
    found: dict[str, float] = {}
    for identifier in identifiers:
        box = app.by_id(identifier).first.bounding_box()
        assert box is not None, identifier
        if box["height"] < 47.5:
            found[identifier] = box["height"]
    return found


def type_pin(app: FletPage, pin: str) -> None:
    """Enter a PIN on a physical keyboard (the pad takes digits, Backspace and Enter)."""
    for key in [*pin, "Enter"]:
        app.page.keyboard.press(key)


def app_text(app: FletPage, text: str) -> None:
    """Wait until `text` shows."""
    expect(app.page.get_by_text(text).first).to_be_visible(timeout=10_000)


def unlock(app: FletPage, pin: str = PIN) -> None:
    """Type the PIN on the pad and press OK."""
    for digit in pin:
        tap(app, ids.item(ids.UNLOCK_KEY, digit))
    tap(app, ids.item(ids.UNLOCK_KEY, "ok"))


def expect_row_state(app: FletPage, index: int, text: str, *, timeout: float = 30_000) -> None:
    expect(app.by_id(ids.item(ids.LIST_ROW, index))).to_contain_text(text, timeout=timeout)


def _said(app: FletPage, identifier: str) -> str:
    """Everything the control with this identifier says: labels and texts, its own and inside."""
    said: str = app.page.evaluate(
        """(id) => Array.from(document.querySelectorAll(`[flt-semantics-identifier='${id}']`))
             .flatMap(e => [e, ...e.querySelectorAll('*')])
             .map(e => (e.getAttribute('aria-label') || '') + '\\n' + (e.innerText || ''))
             .join('\\n')""", identifier)
    return said


def expect_says(app: FletPage, identifier: str, text: str, *, present: bool = True,
                timeout: float = 10.0) -> None:
    """Wait until the control with this identifier says `text` (or, `present=False`, not)."""
    deadline = time.monotonic() + timeout
    while True:
        if (text in _said(app, identifier)) == present:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{identifier}: {'no' if present else 'still'} {text!r} in "
                                 f"{_said(app, identifier)!r}")
        time.sleep(0.2)
