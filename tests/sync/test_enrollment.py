"""Enrolling a phone: the token goes into the encrypted vault and nowhere else."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.repository import ContactRepository
from storage.vault import Vault
from sync.engine import SyncEngine
from sync.enrollment import (
    AlreadyEnrolled,
    current_enrollment,
    enroll,
    organisation_name,
    worker_name,
)
from sync.errors import AuthRequired, InsecureUrl, NotEnrolled
from tests.sync.live_server import ORG, LiveServer
from tests.sync.phone import FAST_KDF, PIN


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    made = Vault.create(tmp_path / "vault", PIN, kdf=FAST_KDF)
    yield made
    made.lock()


def files_hold(folder: Path, secret: str) -> bool:
    return any(secret.encode() in path.read_bytes() for path in folder.rglob("*") if path.is_file())


def test_enrolling_keeps_the_token_only_inside_the_encrypted_vault(
    vault: Vault, server: LiveServer, worker
) -> None:
    enrollment = enroll(vault, server_url=server.url, username=worker[0], password=worker[1],
                        device_name="Pixel 7")
    token = vault.settings.get("sync.token")
    assert isinstance(token, str) and len(token) > 20
    assert current_enrollment(vault) == enrollment
    assert worker_name(vault) == worker[0]
    assert organisation_name(vault) == ORG  # named in the phone's privacy notice
    assert not files_hold(vault.folder, token)
    assert not files_hold(vault.folder, enrollment.device_id)


def test_the_enrollment_survives_locking_the_vault(vault: Vault, server: LiveServer,
                                                   worker) -> None:
    enrollment = enroll(vault, server_url=server.url, username=worker[0], password=worker[1],
                        device_name="Pixel 7")
    vault.lock()
    again = Vault.open(vault.folder, PIN)
    try:
        assert current_enrollment(again) == enrollment
    finally:
        again.lock()


def test_a_wrong_password_leaves_the_phone_unenrolled(vault: Vault, server: LiveServer,
                                                      worker) -> None:
    with pytest.raises(AuthRequired):
        enroll(vault, server_url=server.url, username=worker[0], password="wrong password",
               device_name="Pixel 7")
    assert current_enrollment(vault) is None
    assert vault.settings.get("sync.token") is None


def test_a_phone_is_enrolled_once(vault: Vault, server: LiveServer, worker) -> None:
    enroll(vault, server_url=server.url, username=worker[0], password=worker[1],
           device_name="Pixel 7")
    with pytest.raises(AlreadyEnrolled):
        enroll(vault, server_url=server.url, username=worker[0], password=worker[1],
               device_name="Pixel 7")


def test_credentials_never_go_out_over_plain_http(vault: Vault) -> None:
    started = time.monotonic()
    with pytest.raises(InsecureUrl):
        enroll(vault, server_url="http://192.0.2.44:8000", username="worker",
               password="correct horse battery", device_name="Pixel 7")
    assert time.monotonic() - started < 0.5  # refused before any connection was tried
    assert current_enrollment(vault) is None


def test_a_phone_that_is_not_enrolled_cannot_sync(vault: Vault) -> None:
    with pytest.raises(NotEnrolled):
        SyncEngine.open(vault, ContactRepository(vault))
