"""What `flet build` reads from pyproject.toml for the phone package: no backups of the data."""

from __future__ import annotations

import tomllib

from tests.processes import ROOT


def flet_config() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        config: dict[str, object] = tomllib.load(file)["tool"]["flet"]
    return config


def test_the_apps_data_never_goes_into_android_backups() -> None:
    android = flet_config()["android"]
    assert isinstance(android, dict)
    # flet build writes each key as android:<key>="<value>" on <application>; the values
    # are the strings Android reads.
    application = android["manifest_application"]
    assert application["allowBackup"] == "false"
    assert application["fullBackupContent"] == "false"
    assert "true" not in application.values()
