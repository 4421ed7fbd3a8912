"""When to try again: the one place that decides every wait of the sync layer.

Exponential backoff with "equal jitter" (half the window fixed, half random) so
that a thousand phones coming back online at once do not hit the server in the
same second, and a server's `Retry-After` is honoured — up to a ceiling, so a
wrong header can never stop auto-send for good. While contacts wait, the
backoff stops at one minute: a server that is back is found within it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff and probe timing; every duration is in seconds.

    Attributes:
        probe_interval: the window of the health probe while contacts wait and
            nothing has failed yet (30–60 s); each failure doubles it.
        max_delay: the longest wait that backoff alone ever reaches (60 s): contacts
            waiting to be sent reach a server that came back within it.
        look_interval: while nothing waits, how often the phone pulls the
            supervisors' feedback by itself (5 minutes).
        max_retry_after: the longest `Retry-After` that is obeyed.
        quick_retries: how many times one sync retries a request that failed on
            the way (connection cut, 5xx) before giving up until the next trigger.
        quick_delay: the first of those short waits; it doubles each time.
    """

    probe_interval: tuple[float, float] = (30.0, 60.0)
    max_delay: float = 60.0
    look_interval: float = 5 * 60.0
    max_retry_after: float = 60 * 60.0
    quick_retries: int = 2
    quick_delay: float = 1.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def next_probe(self, failures: int, *, retry_after: float | None = None) -> float:
        """Seconds until the next attempt after `failures` failures in a row (0: none)."""
        low, high = self.probe_interval
        if failures <= 0:
            delay = self.rng.uniform(low, high)
        else:
            ceiling = min(self.max_delay, high * 2.0 ** min(failures, 32))
            delay = self._jittered(ceiling)
        return self._honour(delay, retry_after)

    def quick_retry(self, attempt: int, *, retry_after: float | None = None) -> float | None:
        """The wait before quick retry number `attempt` (1-based) within one sync.

        Returns None when the sync should stop and leave it to the scheduler:
        retries used up, or the server asked for a longer pause than a quick one.
        """
        if attempt > self.quick_retries:
            return None
        delay = self._jittered(self.quick_delay * 2.0 ** (attempt - 1))
        if retry_after is not None and retry_after > self.quick_delay * 2.0 ** self.quick_retries:
            return None
        return self._honour(delay, retry_after)

    def _jittered(self, ceiling: float) -> float:
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    def _honour(self, delay: float, retry_after: float | None) -> float:
        if retry_after is None or retry_after <= 0:
            return delay
        return max(delay, min(retry_after, self.max_retry_after))
