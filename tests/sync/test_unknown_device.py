"""A server that does not know the phone's token: the phone keeps everything and sends it once.

The server answers `unknown_device` (not `device_revoked`) for a token it never
issued or no longer holds. Here it forgot the token but kept the contacts, so
what the phone sends again is answered `duplicate` and stored once.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from storage.sync_states import OUTBOX_STATES, SyncState
from storage.vault import Vault
from sync.enrollment import CURSOR, current_enrollment, must_reconnect
from sync.errors import UnknownDevice
from tests.sync.live_server import LiveServer
from tests.sync.phone import Phone


def test_an_unknown_token_keeps_every_contact_and_they_go_once_after_connecting_again(
        tmp_path: Path, server: LiveServer, worker: tuple[str, str]) -> None:
    phone = Phone(tmp_path / "phone", server_url=server.url, credentials=worker)
    kept = [phone.record().id for _ in range(3)]
    assert phone.sync().acknowledged == 3
    server.forget_device(phone.device_id)
    recorded_since = phone.record().id

    report = phone.sync()
    assert report.error == UnknownDevice.code and report.unknown_device and report.ends_syncing
    assert Vault.exists(phone.folder)  # nothing wiped
    assert set(phone.contacts()) == {*kept, recorded_since}
    # Every contact waits again: the server may have lost any of them.
    counts = phone.repository.counts()
    assert counts[SyncState.SYNCED] == 0
    assert sum(counts[state] for state in OUTBOX_STATES) == 4
    assert report.failed == 4
    assert must_reconnect(phone.vault) and current_enrollment(phone.vault) is None
    assert phone.vault.settings.get(CURSOR) is None

    phone.enroll_again()
    assert not must_reconnect(phone.vault)
    again = phone.sync()
    assert (again.error, again.acknowledged, again.failed) == (None, 4, 0)
    assert phone.repository.counts()[SyncState.SYNCED] == 4
    stored = Counter(cid for cid, _rev in server.revisions() if cid in phone.contacts())
    assert stored == dict.fromkeys([*kept, recorded_since], 1)  # none lost, none twice
