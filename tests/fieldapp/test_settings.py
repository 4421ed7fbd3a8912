"""The phone's settings file: what survives a restart, what a broken file gives, how it is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.config import FieldAppConfig
from fieldapp.settings import AppSettings, Settings, SettingsFile
from storage import fsio


def test_settings_survive_a_restart(tmp_path: Path) -> None:
    stored = AppSettings(ui_language="pl", auto_lock_minutes=2, retention_days=45,
                         server_url="https://x.example", theme="dark")
    SettingsFile(tmp_path).save(stored)
    assert SettingsFile(tmp_path).load() == stored


def test_broken_or_foreign_settings_fall_back_to_defaults(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    assert SettingsFile(tmp_path).load() == AppSettings()
    (tmp_path / "settings.json").write_text(
        json.dumps({"ui_language": "xx", "auto_lock_minutes": 0, "server_url": 5,
                    "retention_days": 0, "theme": "purple"}), "utf-8")
    assert SettingsFile(tmp_path).load() == AppSettings()
    assert AppSettings().retention_days == 30


def test_retention_days_outside_the_range_are_refused(tmp_path: Path) -> None:
    settings = Settings(FieldAppConfig(data_dir=tmp_path))
    for wrong in (0, -5, 366):
        with pytest.raises(ValueError):
            settings.set_retention_days(wrong)
    settings.set_retention_days(90)
    assert Settings(FieldAppConfig(data_dir=tmp_path)).retention_days == 90


def test_settings_file_holds_no_secret_field() -> None:
    assert set(AppSettings.__dataclass_fields__) == {
        "ui_language", "auto_lock_minutes", "retention_days", "server_url", "ca_bundle", "theme"}


def test_the_theme_is_one_of_three_and_outlives_a_wipe(tmp_path: Path) -> None:
    settings = Settings(FieldAppConfig(data_dir=tmp_path))
    assert settings.theme == "system"
    with pytest.raises(ValueError):
        settings.choose_theme("purple")
    settings.choose_theme("dark")
    settings.choose_language("bg")
    settings.set_auto_lock_minutes(1)
    settings.forget_all_but_language()
    again = Settings(FieldAppConfig(data_dir=tmp_path))
    assert (again.theme, again.ui_language, again.current.auto_lock_minutes) == ("dark", "bg", 5)


def test_settings_are_written_durably_and_an_interrupted_write_leaves_nothing_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    real = fsio.fsync_dir
    monkeypatch.setattr(fsio, "fsync_dir", lambda folder: (synced.append(folder), real(folder)))
    settings = Settings(FieldAppConfig(data_dir=tmp_path))
    settings.choose_language("bg")
    assert synced == [tmp_path]  # the rename itself is on disk too
    leftover = tmp_path / "settings.json.abc123.tmp"
    leftover.write_bytes(b'{"ui_language": "n')
    assert Settings(FieldAppConfig(data_dir=tmp_path)).ui_language == "bg"
    assert not leftover.exists()


def test_the_command_line_may_shorten_the_auto_lock_for_tests(tmp_path: Path) -> None:
    settings = Settings(FieldAppConfig(data_dir=tmp_path))
    settings.set_auto_lock_minutes(2)
    assert settings.auto_lock_seconds == 120
    assert Settings(FieldAppConfig(data_dir=tmp_path, auto_lock_seconds=3)).auto_lock_seconds == 3
