"""When the app locks itself: after a stretch with no interaction."""

from __future__ import annotations


class IdleClock:
    """Counts idle time from the last interaction; `expired` once it passes `timeout` seconds."""

    def __init__(self, *, timeout: float, now: float) -> None:
        self.timeout = timeout
        self._last = now

    def touch(self, now: float) -> None:
        """An interaction happened at `now`."""
        self._last = max(self._last, now)

    def expired(self, now: float) -> bool:
        """Whether `timeout` seconds passed since the last interaction."""
        return now - self._last >= self.timeout
