"""The screens' small parts: semantics identifiers, and telling a phone from a browser."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import flet as ft
import pytest

from locales import UI_LANGUAGES, translator
from views import ids, messages
from views.device_keys import on_phone
from views.widgets.person_badges import place_name


def test_every_semantics_identifier_is_unique_and_screen_dot_field() -> None:
    values = [v for k, v in vars(ids).items()
              if k.isupper() and not k.startswith("_") and isinstance(v, str)]
    assert len(values) == len(set(values))
    for value in values:
        screen, _, field = value.partition(".")
        assert screen and field, value


def test_only_the_app_on_a_phone_counts_as_a_phone() -> None:
    def page(*, web: bool, platform: ft.PagePlatform | None) -> Any:
        return cast(Any, SimpleNamespace(web=web, platform=platform))

    assert on_phone(page(web=False, platform=ft.PagePlatform.ANDROID))
    assert on_phone(page(web=False, platform=ft.PagePlatform.IOS))
    assert not on_phone(page(web=True, platform=ft.PagePlatform.ANDROID))  # a phone's browser
    assert not on_phone(page(web=False, platform=ft.PagePlatform.LINUX))
    assert not on_phone(page(web=False, platform=None))


def test_a_place_shows_by_name_whatever_names_its_municipality() -> None:
    assert place_name("den_haag", None, lang="nl") == "Den Haag"
    assert place_name("den_haag", None, area="Centraal", lang="bg") == "Хага · Centraal"
    assert place_name("other", "Zeist", lang="pl") == "Zeist"
    # A colleague's card of a later wire schema names it by its CBS code.
    assert place_name("GM0599", None, lang="ro") == "Rotterdam"
    # Beyond the pilot's six: the organisation's name for it, else the code.
    assert place_name("GM0153", None, lang="pl", known={"GM0153": "Enschede"}) == "Enschede"
    assert place_name("GM0153", None, lang="pl") == "GM0153"
    assert place_name("GM0518", None, lang="pl", known={"GM0518": "'s-Gravenhage"}) == "Haga"
    assert place_name("GM1234", None, lang="ro") == "GM1234"


@pytest.mark.parametrize(("lang", "counts", "expected"), [
    ("en", (1, 1), "Last sync went well: 1 contact sent, 1 update received."),
    ("en", (3, 0), "Last sync went well: 3 contacts sent, 0 updates received."),
    ("pl", (1, 2), "Ostatnio się udało: wysłano 1 kontakt, odebrano 2 zmiany."),
    ("pl", (22, 5), "Ostatnio się udało: wysłano 22 kontakty, odebrano 5 zmian."),
    ("ro", (1, 20), "Ultima trimitere a reușit: 1 contact trimis, 20 de actualizări primite."),
    ("ro", (2, 1), "Ultima trimitere a reușit: 2 contacte trimise, 1 actualizare primită."),
    ("bg", (1, 3), "Последния път успешно: 1 изпратен контакт, 3 получени промени."),
    ("nl", (2, 1), "Laatste keer gelukt: 2 contacten verstuurd, 1 update ontvangen."),
])
def test_the_sync_result_says_each_number_in_its_plural_form(
        lang: str, counts: tuple[int, int], expected: str) -> None:
    sent, pulled = counts
    assert messages.sync_went_well(sent=sent, pulled=pulled, t=translator(lang)) == expected


@pytest.mark.parametrize("lang", ["en", *UI_LANGUAGES[1:]])
def test_the_pin_pads_backspace_is_not_the_wipes_word(lang: str) -> None:
    t = translator(lang)
    backspace = t.pgettext("PIN pad key", "Delete last digit")
    assert backspace not in {t.gettext("Wipe"), t.gettext("Wipe this phone")}
    assert backspace != "Delete last digit" or lang == "en"
