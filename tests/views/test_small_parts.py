"""The screens' small parts: semantics identifiers, and telling a phone from a browser."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import flet as ft

from views import ids
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
