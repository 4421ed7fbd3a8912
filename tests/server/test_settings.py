"""The server's settings: environment, arguments, and refusing unsafe production starts."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import stat
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from server import cli
from server.app import create_app
from server.config import (
    DEFAULT_SECRET,
    ENVIRONMENT,
    SECRET_FILE,
    Settings,
    SettingsError,
    create_secret_file,
    load_settings,
)
from tests.server.conftest import ROOT
from tests.support import free_port


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


def test_init_creates_a_private_secret_once_and_the_server_uses_it(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "server", "init"], cwd=ROOT, text=True,
                          capture_output=True, timeout=120,
                          env={**_without_server_settings(), "STREETCONTACT_DATA_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    secret_file = tmp_path / SECRET_FILE
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = secret_file.read_text().strip()
    assert len(secret) >= 32 and secret != DEFAULT_SECRET
    settings = load_settings({"STREETCONTACT_DATA_DIR": str(tmp_path)})
    assert settings.secret == secret
    settings.check_serving(host="0.0.0.0", proxied=True)  # safe to serve anywhere
    assert not create_secret_file(settings)
    assert secret_file.read_text().strip() == secret  # never replaced
    assert load_settings({"STREETCONTACT_DATA_DIR": str(tmp_path),
                          "STREETCONTACT_SECRET": "e" * 40}).secret == "e" * 40


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "example.org"])
def test_the_development_secret_is_refused_on_other_addresses(tmp_path: Path, host: str) -> None:
    settings = load_settings({"STREETCONTACT_DATA_DIR": str(tmp_path)})
    assert settings.secret == DEFAULT_SECRET  # no secret file, no variable
    with pytest.raises(SettingsError, match="python -m server init"):
        settings.check_serving(host=host, proxied=False)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_the_development_secret_is_only_for_loopback_without_a_proxy(tmp_path: Path,
                                                                    host: str) -> None:
    settings = Settings(data_dir=tmp_path)
    settings.check_serving(host=host, proxied=False)
    with pytest.raises(SettingsError):
        settings.check_serving(host=host, proxied=True)  # a proxy makes it reachable
    with pytest.raises(SettingsError):
        dataclasses.replace(settings, production=True).check_serving(host=host, proxied=False)


def test_serve_on_every_address_with_the_development_secret_refuses_before_binding(
        tmp_path: Path) -> None:
    def bound(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the server started listening")

    err = io.StringIO()
    env = {"STREETCONTACT_DATA_DIR": str(tmp_path)}
    with mock.patch.dict(os.environ, env, clear=True), mock.patch("uvicorn.run", bound), \
            contextlib.redirect_stderr(err):
        code = cli.main(["serve", "--host", "0.0.0.0", "--port", str(free_port())])
    assert code == 1
    assert "development secret" in err.getvalue()


def _without_server_settings() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in ENVIRONMENT.values()}
