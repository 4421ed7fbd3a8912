"""The server's settings: environment, arguments, and refusing unsafe production starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.app import create_app
from server.config import DEFAULT_SECRET, Settings, SettingsError, load_settings


def test_default_database_is_a_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    settings = load_settings({"STREETCONTACT_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path.resolve()}/streetcontact.sqlite3"


def test_arguments_override_the_environment() -> None:
    settings = load_settings({"DATABASE_URL": "sqlite:///a.db",
                              "STREETCONTACT_LOGIN_LIMIT_ACCOUNT": "3"},
                             {"database_url": "sqlite:///b.db", "data_dir": None})
    assert settings.database_url == "sqlite:///b.db"
    assert settings.login_limit_account == 3


def test_bad_numbers_are_refused() -> None:
    with pytest.raises(SettingsError):
        load_settings({"STREETCONTACT_MAX_BODY_BYTES": "lots"})
    with pytest.raises(SettingsError):
        load_settings({"STREETCONTACT_SESSION_IDLE_SECONDS": "0"})


@pytest.mark.parametrize("secret", [DEFAULT_SECRET, "short"])
def test_production_refuses_a_default_or_weak_secret(tmp_path: Path, secret: str) -> None:
    settings = Settings(data_dir=tmp_path, production=True, secret=secret)
    with pytest.raises(SettingsError):
        create_app(settings)


def test_production_starts_with_a_real_secret(tmp_path: Path) -> None:
    settings = load_settings({"STREETCONTACT_PRODUCTION": "true",
                              "STREETCONTACT_SECRET": "s" * 40,
                              "STREETCONTACT_DATA_DIR": str(tmp_path)})
    assert settings.production
    assert create_app(settings).title == "StreetContact"


def test_settings_travel_to_worker_processes_unchanged(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret="t" * 40, login_limit_address=7)
    assert load_settings(settings.as_environment()) == settings
