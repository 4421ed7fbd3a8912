"""The field app's hold on the phone's data: the vault, its contacts, and the sync scheduler.

The only module of the field app that talks to `storage` and `sync`. While
the vault is locked it holds no key and no contact; the scheduler runs only
while the vault is unlocked.
"""

from __future__ import annotations

import logging
import platform
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import storage
import sync
from locales import error_message
from model import Contact, Enrollment, FieldError
from sync import enrollment as enrolling
from sync.report import Progress, SyncReport
from sync.retry import RetryPolicy
from views.service_types import ContactSummary, DataWiped, FieldAppConfig, RowState, WrongPin

log = logging.getLogger(__name__)

VAULT_FILE = "vault"
LAST_MUNICIPALITY = "app.last_municipality"
LAST_SUCCESS = "app.last_sync_ok"
# Contacts recorded before this phone is enrolled carry these placeholders; the
# sync engine stamps the real ids on them before they are sent.
UNENROLLED = Enrollment(worker_id="unenrolled", device_id="unenrolled", org_id="unenrolled")


class VaultSession:
    """Open, lock and use the vault; start and stop sync with it."""

    def __init__(self, config: FieldAppConfig) -> None:
        self.config = config
        self.ca_bundle: str | None = None
        self._vault: storage.Vault | None = None
        self._repository: storage.ContactRepository | None = None
        self._scheduler: sync.SyncScheduler | None = None
        self._guard = threading.RLock()

    @property
    def path(self) -> Path:
        return self.config.data_dir / VAULT_FILE
