"""Work the server does by itself while it serves: the retention purge, once a period.

Every serving process looks a few minutes after it starts, then every hour (or
every period, if that is shorter), whether the purge is due; `scheduled` makes
sure exactly one process runs it per period. `python -m server purge` still runs
the same purge at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from server.config import Settings
from server.db import SessionFactory
from server.services import scheduled

log = logging.getLogger(__name__)

FIRST_LOOK_SECONDS = 300
LOOK_EVERY_SECONDS = 3600


class DailyPurge:
    """The purge loop of one serving process: started and stopped with the application."""

    def __init__(self, sessions: SessionFactory, settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self.settings.purge_every_seconds > 0:
            self.task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

    async def _run(self) -> None:
        every = self.settings.purge_every_seconds
        await asyncio.sleep(min(FIRST_LOOK_SECONDS, every))
        while True:
            await asyncio.to_thread(self._look)
            await asyncio.sleep(min(LOOK_EVERY_SECONDS, every))

    def _look(self) -> None:
        try:
            report = scheduled.purge_if_due(self.sessions, settings=self.settings)
        except Exception as error:  # the next look tries again; the server keeps serving
            # The type only: a database error's message can quote a row.
            log.error("the scheduled purge failed: %s", type(error).__name__)
            return
        if report is not None:
            log.info("scheduled purge: %d contacts past retention, %d sessions, %d counters, "
                     "%d feed changes", sum(report.deleted.values()), report.sessions,
                     report.counters, report.changes)
