"""The device's settings live encrypted in the vault and survive a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.vault import Vault

from .conftest import PIN


def test_settings_round_trip_and_survive_a_restart(vault: Vault, vault_dir: Path) -> None:
    settings = vault.settings
    assert settings.get("device_token") is None
    assert settings.get("device_token", "none") == "none"
    settings.set("device_token", "t0k3n")
    settings.set("enrollment", {"server": "https://example.org", "worker_id": "w-1"})
    settings.set("cursor", 42)
    settings.delete("cursor")
    settings.delete("never-set")
    vault.lock()
    again = Vault.open(vault_dir, PIN)
    assert again.settings.get("device_token") == "t0k3n"
    assert again.settings.get("enrollment") == {"server": "https://example.org",
                                                "worker_id": "w-1"}
    assert again.settings.get("cursor") is None
    again.lock()


def test_values_are_copies(vault: Vault) -> None:
    vault.settings.set("last_sync", {"counts": [1, 2]})
    got = vault.settings.get("last_sync")
    got["counts"].append(3)
    assert vault.settings.get("last_sync") == {"counts": [1, 2]}


@pytest.mark.parametrize("value", [{1, 2}, float("nan"), {"k": object()}, {3: "int key"}])
def test_only_plain_json_is_kept(vault: Vault, value: object) -> None:
    with pytest.raises(ValueError):
        vault.settings.set("bad", value)
    assert vault.settings.get("bad") is None
