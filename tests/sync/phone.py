"""A phone for the sync tests: a real vault on disk, its repository and a sync engine.

`crash()` throws the objects away the way a killed app loses them — nothing
is written on the way out — and `reopen()` unlocks the vault from disk again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from model import Contact, Enrollment, utc_now
from storage.kdf import ScryptParams
from storage.records import StoredContact
from storage.repository import ContactRepository
from storage.vault import Vault
from sync.client import ApiClient
from sync.engine import SyncEngine
from sync.enrollment import connect, current_enrollment, enroll
from sync.report import SyncReport
from sync.retry import RetryPolicy
from tests.factories import make_contact
from tests.sync.crash import Crashing

# The real key derivation costs a third of a second per unlock; these tests
# unlock hundreds of times and are not about the KDF.
FAST_KDF = ScryptParams(log2_n=10, r=8, p=1)
PIN = "482915"
FAST_RETRY = RetryPolicy(probe_interval=(0.05, 0.1), max_delay=0.5, quick_retries=1,
                         quick_delay=0.01)


class Phone:
    """One enrolled phone with its vault in `folder`."""

    def __init__(self, folder: Path, *, server_url: str, credentials: tuple[str, str],
                 sync_url: str | None = None, timeout: tuple[float, float] = (5, 10),
                 policy: RetryPolicy = FAST_RETRY, batch_size: int = 200) -> None:
        self.folder = folder
        self.server_url = server_url
        self.credentials = credentials
        self.sync_url = sync_url
        self.timeout = timeout
        self.policy = policy
        self.batch_size = batch_size
        self.vault = Vault.create(folder, PIN, kdf=FAST_KDF)
        self.enrollment: Enrollment = self._enroll()
        self.repository = ContactRepository(self.vault)
        self.engine = self._engine()

    def _enroll(self) -> Enrollment:
        return enroll(self.vault, server_url=self.server_url, username=self.credentials[0],
                      password=self.credentials[1], device_name="test phone")

    def enroll_again(self) -> None:
        """Connect the phone again, as the worker does after the server forgot it."""
        self.engine.close()
        self.enrollment = self._enroll()
        self.engine = self._engine()

    @property
    def device_id(self) -> str:
        return self.enrollment.device_id

    def crashing(self, when: Callable[[str, str], bool]) -> None:
        """From now on the engine dies where `when` says (see `tests.sync.crash`)."""
        self.engine.close()
        self.engine = self._engine(when)

    def _engine(self, when: Callable[[str, str], bool] | None = None) -> SyncEngine:
        if self.sync_url is None:
            client = connect(self.vault, timeout=self.timeout)
        else:  # through a proxy in front of the enrolled server
            client = ApiClient(self.sync_url, token=self.vault.settings.get("sync.token"),
                               timeout=self.timeout)
        vault: Any = self.vault
        repository: Any = self.repository
        if when is not None:
            vault = Crashing(vault, when, wrap=("settings",))
            repository = Crashing(repository, when)
        return SyncEngine(vault=vault, repository=repository, client=client,
                          policy=self.policy, batch_size=self.batch_size)

    def record(self, *, now: datetime | None = None, **fields: Any) -> Contact:
        contact = make_contact(enrollment=self.enrollment, now=now or utc_now(), **fields)
        self.repository.add(contact)
        return contact

    def edit(self, contact_id: str, *, now: datetime | None = None, **changes: Any) -> Contact:
        return self.repository.update(contact_id, changes, now=now).contact

    def sync(self, **kwargs: Any) -> SyncReport:
        return self.engine.run(**kwargs)

    def contacts(self) -> dict[str, StoredContact]:
        return {s.contact.id: s for s in self.repository.list()}

    def crash(self) -> None:
        """Lose every object as a killed app would; only the files on disk remain."""
        self.engine.close()
        self.vault.lock()  # closes the file and releases its lock; writes nothing

    def reopen(self) -> None:
        self.vault = Vault.open(self.folder, PIN)
        enrollment = current_enrollment(self.vault)
        assert enrollment == self.enrollment
        self.repository = ContactRepository(self.vault)
        self.engine = self._engine()
