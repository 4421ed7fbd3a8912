"""The screens' small parts: semantics identifiers, and telling a phone from a browser."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import flet as ft

from views import ids
from views.device_keys import on_phone


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
