"""Windows of one app (browser tabs on one data folder): each is let in by its own PIN."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.app import FieldApp, Phase
from fieldapp.config import FieldAppConfig
from fieldapp.errors import WrongPin

from .conftest import PIN


@pytest.fixture
def shared(tmp_path: Path) -> FieldApp:
    made = FieldApp(FieldAppConfig(data_dir=tmp_path, fast_kdf=True))
    made.settings.choose_language("ro")
    return made


def test_a_second_window_sees_the_lock_until_it_enters_the_pin_itself(shared: FieldApp) -> None:
    heard: list[str] = []
    first = shared.windows.open(on_vault_closed=lambda: heard.append("first"))
    second = shared.windows.open(on_vault_closed=lambda: heard.append("second"))
    assert shared.phase(first) is shared.phase(second) is Phase.CREATE_PIN
    first.create(PIN)
    assert shared.phase(first) is Phase.UNLOCKED
    assert shared.phase(second) is Phase.LOCKED  # the vault is open, this window is not in

    with pytest.raises(WrongPin) as wrong:
        second.unlock("000000")
    assert wrong.value.attempts_left == 9  # a wrong PIN counts, from any window
    opened = shared.vault.open_vault()
    second.unlock(PIN)
    assert shared.phase(second) is Phase.UNLOCKED
    assert shared.vault.open_vault() is opened  # checked, not opened a second time

    first.lock()  # one window locks: the other stays in, the vault stays open
    assert shared.phase(first) is Phase.LOCKED and shared.phase(second) is Phase.UNLOCKED
    assert heard == []
    second.lock()  # the last one out closes the vault
    assert not shared.vault.unlocked
    assert sorted(heard) == ["first", "second"]

    first.unlock(PIN)
    # The vault opened anew: the second window entered its PIN for the last opening only.
    assert shared.phase(first) is Phase.UNLOCKED and shared.phase(second) is Phase.LOCKED


def test_when_the_vault_is_wiped_from_one_window_every_window_hears_of_it(
        shared: FieldApp) -> None:
    heard: list[str] = []
    first = shared.windows.open(on_vault_closed=lambda: heard.append("first"))
    second = shared.windows.open(on_vault_closed=lambda: heard.append("second"))
    first.create(PIN)
    second.unlock(PIN)
    shared.wipe(PIN)
    assert sorted(heard) == ["first", "second"]
    assert shared.phase(first) is shared.phase(second) is Phase.CREATE_PIN


def test_a_closed_window_is_forgotten_and_the_vault_closes_with_the_last(
        shared: FieldApp) -> None:
    first = shared.windows.open(on_vault_closed=lambda: None)
    first.create(PIN)
    first.close()
    assert not shared.vault.unlocked
    second = shared.windows.open(on_vault_closed=lambda: None)
    second.unlock(PIN)
    assert shared.phase(second) is Phase.UNLOCKED
    shared.vault.lock()
