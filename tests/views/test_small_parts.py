"""The field app's small parts: idle lock, settings file, list filters, identifiers, keys."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import flet as ft

from storage.device_secret import FileSecretStore, FletSecureStorage
from tests.factories import make_contact
from views import ids
from views.app_settings import AppSettings, SettingsFile
from views.device_keys import SecretPlace, device_secret_store
from views.idle import IdleClock
from views.service_types import ContactSummary, ListFilter, RowState, matches_filter


def test_idle_clock_expires_only_after_the_timeout_without_touches() -> None:
    clock = IdleClock(timeout=300, now=0)
    assert not clock.expired(299)
    clock.touch(200)
    assert not clock.expired(499)
    assert clock.expired(500)


def test_idle_clock_ignores_a_touch_from_the_past() -> None:
    clock = IdleClock(timeout=10, now=100)
    clock.touch(50)
    assert clock.expired(110)


def test_settings_survive_a_restart(tmp_path: Path) -> None:
    stored = AppSettings(ui_language="pl", auto_lock_minutes=2, server_url="https://x.example",
                         organisation="Barka")
    SettingsFile(tmp_path).save(stored)
    assert SettingsFile(tmp_path).load() == stored


def test_broken_or_foreign_settings_fall_back_to_defaults(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    assert SettingsFile(tmp_path).load() == AppSettings()
    (tmp_path / "settings.json").write_text(
        json.dumps({"ui_language": "xx", "auto_lock_minutes": 0, "server_url": 5}), "utf-8")
    assert SettingsFile(tmp_path).load() == AppSettings()


def test_settings_file_holds_no_secret_field() -> None:
    assert set(AppSettings.__dataclass_fields__) == {
        "ui_language", "auto_lock_minutes", "server_url", "ca_bundle", "organisation"}


def _summary(state: RowState, follow_up: date | None = None) -> ContactSummary:
    contact = make_contact(follow_up_on=follow_up)
    return ContactSummary(contact=contact, state=state, revisions=1)


def test_list_filters() -> None:
    today = date(2026, 11, 25)
    waiting = _summary(RowState.NOT_SENT)
    sent = _summary(RowState.SENT, follow_up=today - timedelta(days=1))
    flagged = _summary(RowState.NEEDS_CORRECTION)
    refused = _summary(RowState.QUARANTINED, follow_up=today + timedelta(days=3))
    every = [waiting, sent, flagged, refused]

    def shown(wanted: ListFilter) -> list[ContactSummary]:
        return [s for s in every if matches_filter(s, wanted, today=today)]

    assert shown(ListFilter.ALL) == every
    assert shown(ListFilter.NEEDS_ATTENTION) == [flagged, refused]
    assert shown(ListFilter.FOLLOW_UP_DUE) == [sent]
    assert shown(ListFilter.NOT_SENT) == [waiting, refused]


def test_every_semantics_identifier_is_unique_and_screen_dot_field() -> None:
    values = [v for k, v in vars(ids).items()
              if k.isupper() and not k.startswith("_") and isinstance(v, str)]
    assert len(values) == len(set(values))
    for value in values:
        screen, _, field = value.partition(".")
        assert screen and field, value


def test_the_device_secret_goes_to_secure_storage_on_a_phone_only(tmp_path: Path) -> None:
    loop = asyncio.new_event_loop()
    try:
        def page(*, web: bool, platform: ft.PagePlatform) -> Any:
            return cast(Any, SimpleNamespace(web=web, platform=platform, loop=loop))

        phone = page(web=False, platform=ft.PagePlatform.ANDROID)
        browser_on_phone = page(web=True, platform=ft.PagePlatform.ANDROID)
        desktop = page(web=False, platform=ft.PagePlatform.LINUX)
        file = tmp_path / "device.secret"
        auto = SecretPlace.AUTO
        assert isinstance(device_secret_store(phone, file, auto), FletSecureStorage)
        assert isinstance(device_secret_store(browser_on_phone, file, auto), FileSecretStore)
        assert isinstance(device_secret_store(desktop, file, auto), FileSecretStore)
        assert isinstance(device_secret_store(desktop, file, SecretPlace.SECURE_STORAGE),
                          FletSecureStorage)
        assert isinstance(device_secret_store(phone, file, SecretPlace.FILE), FileSecretStore)
        # A phone whose vault was made with the file keeps it: its secret is there.
        FileSecretStore(file).create()
        assert isinstance(device_secret_store(phone, file, auto), FileSecretStore)
    finally:
        loop.close()
