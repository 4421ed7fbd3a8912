"""The phone's retention purge at unlock: what is due goes, on a thread of its own.

What is due is storage's to say (`ContactRepository.purge`); how many days an
approved contact stays is the phone's setting. The sync engine runs the same
purge after each pull. Unlocking never waits for it: the worker sees the list
at once, and a purge that meets a vault locked meanwhile simply stops.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from fieldapp.errors import Locked
from fieldapp.vault import VaultKeeper
from model import utc_now
from storage.errors import StorageError

log = logging.getLogger(__name__)


class Purge:
    """Runs the retention purge in the background each time the vault opens."""

    def __init__(self, vault: VaultKeeper, *, days: Callable[[], int]) -> None:
        self._vault = vault
        self._days = days
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Purge what is due, on its own thread (one at a time)."""
        with self._guard:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._run, name="purge", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            removed = self._vault.repository().purge(now=utc_now(), days=self._days())
        except (Locked, StorageError) as error:  # locked or wiped meanwhile: next time
            log.info("purge at unlock stopped: %s", type(error).__name__)
            return
        log.info("purge at unlock: %d contacts past their time removed", removed)
