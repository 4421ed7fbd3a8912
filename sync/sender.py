"""What sends one batch: the push request, its quick retries, and isolating a bad record.

A server that refuses a batch as a whole (400/413/422: too large, unreadable)
or fails on it (500: a record it cannot handle) gets it again in halves, down
to single records, so one bad record is found and set aside instead of holding
up every contact behind it. A budget of failed requests per batch keeps a
server that fails on everything from being hit hundreds of times.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import TypeVar

from model.protocol import PushResult
from sync.client import ApiClient, BatchRejected
from sync.errors import ServerError, SyncError, UntrustedServer
from sync.outbox import Batch
from sync.retry import RetryPolicy

T = TypeVar("T")


class Cancelled(Exception):
    """The sync was asked to stop; what was sent stays in the outbox and goes next time."""


@dataclasses.dataclass
class Delivery:
    """What became of one batch, record by record.

    Attributes:
        answers: the server's answers (for the records it took).
        rejected: records refused even on their own: set them aside.
        unsent: records the server failed on even alone, or not tried once the
            budget of failures ran out: send them again next time.
        error: the last failure met, if any.
    """

    answers: list[PushResult] = dataclasses.field(default_factory=list)
    rejected: dict[str, int] = dataclasses.field(default_factory=dict)
    unsent: dict[str, int] = dataclasses.field(default_factory=dict)
    error: SyncError | None = None
    failures: int = 0


def with_retries(call: Callable[[], T], *, policy: RetryPolicy, cancel: threading.Event) -> T:
    """`call`, retried a few times when its failure may pass within seconds.

    Not retried: a refused batch or a 500 (halving the batch helps, waiting does
    not), an untrusted certificate, and what is not retryable at all.
    """
    attempt = 0
    while True:
        try:
            return call()
        except (BatchRejected, UntrustedServer):
            raise
        except SyncError as error:
            attempt += 1
            wait = policy.quick_retry(attempt, retry_after=error.retry_after)
            if not error.retryable or wait is None or _record_failure(error):
                raise
            if cancel.wait(wait):
                raise Cancelled() from None


def _record_failure(error: SyncError) -> bool:
    """Whether the server failed on what we sent, rather than being unreachable or busy."""
    return isinstance(error, BatchRejected) or (
        isinstance(error, ServerError) and error.status == 500)


class BatchSender:
    """Pushes batches for one sync."""

    def __init__(self, client: ApiClient, *, policy: RetryPolicy) -> None:
        self._client = client
        self._policy = policy

    def send(self, batch: Batch, cancel: threading.Event) -> Delivery:
        """Push `batch`, halving it while the server fails on it as a whole.

        Raises:
            SyncError: the server could not be reached or is unavailable (the
                whole batch is still to send).
            Cancelled: cancelled while waiting to retry.
        """
        delivery = Delivery()
        budget = max(4, 2 * len(batch).bit_length())
        self._deliver(batch, delivery, budget=budget, cancel=cancel)
        return delivery

    def _deliver(self, batch: Batch, delivery: Delivery, *, budget: int,
                 cancel: threading.Event) -> None:
        if delivery.failures >= budget:
            delivery.unsent |= batch.sent
            return
        try:
            delivery.answers += with_retries(lambda: self._client.push(batch.records),
                                             policy=self._policy, cancel=cancel)
            return
        except SyncError as error:
            if not _record_failure(error):
                raise
            delivery.failures += 1
            delivery.error = error
            if len(batch) == 1:
                target = delivery.rejected if isinstance(error, BatchRejected) else delivery.unsent
                target |= batch.sent
                return
        for half in batch.split():
            self._deliver(half, delivery, budget=budget, cancel=cancel)
