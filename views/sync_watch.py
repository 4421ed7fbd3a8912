"""The sync engine as the scheduler drives it, telling whether the server answered a probe.

The scheduler does not report a failed probe to anyone; the offline mark on
the screens needs to know.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sync.engine import SyncEngine
from sync.errors import SyncError
from sync.report import Progress, SyncReport


class WatchedEngine:
    """The sync engine, telling whether the server answered each probe."""

    def __init__(self, engine: SyncEngine, *, on_result: Callable[[bool], None]) -> None:
        self._engine = engine
        self._on_result = on_result

    def run(self, *, cancel: threading.Event,
            on_progress: Callable[[Progress], None]) -> SyncReport:
        return self._engine.run(cancel=cancel, on_progress=on_progress)

    def has_pending(self) -> bool:
        return self._engine.has_pending()

    def probe(self) -> None:
        try:
            self._engine.probe()
        except SyncError:
            self._on_result(False)
            raise
        self._on_result(True)
