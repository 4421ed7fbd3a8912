"""What picks the contacts to send and records what became of them.

The sync state lives with the record (in the repository). A batch is marked
`sending` before it leaves the phone and `synced` only from the server's
answer for exactly the (id, rev) that was sent — each in one repository write.
A crash at any point therefore leaves every contact acknowledged or still in
the outbox (pending, failed or sending), and resending is safe because the
server stores each (id, rev) once.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from model import FieldError, to_wire
from model.protocol import ACKNOWLEDGED, REFUSED, PushResult, PushStatus
from storage.records import StoredContact
from storage.repository import ContactRepository
from storage.sync_states import OUTBOX_STATES

log = logging.getLogger(__name__)

BATCH_SIZE = 200
READ_AHEAD = 10


@dataclasses.dataclass(frozen=True)
class Batch:
    """Records on their way: the wire records and the (id, rev) of each."""

    records: tuple[dict[str, Any], ...]

    @property
    def sent(self) -> dict[str, int]:
        return {str(r["id"]): int(r["rev"]) for r in self.records}

    def __len__(self) -> int:
        return len(self.records)

    def split(self) -> tuple[Batch, Batch]:
        """Two halves, for a server that refuses the whole."""
        half = len(self.records) // 2
        return Batch(self.records[:half]), Batch(self.records[half:])


@dataclasses.dataclass(frozen=True)
class Settled:
    """What the answers to one batch did, record by record, as counts and ids."""

    acknowledged: int = 0
    quarantined: int = 0
    stale: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()


class Outbox:
    """The contacts waiting to reach the server, oldest first."""

    def __init__(self, repository: ContactRepository, *, batch_size: int = BATCH_SIZE) -> None:
        self._repository = repository
        self._batch_size = batch_size

    def waiting(self) -> int:
        """How many contacts wait to be sent (pending, failed or interrupted while sending)."""
        counts = self._repository.counts()
        return sum(counts.get(state.value, 0) for state in OUTBOX_STATES)

    def batches(self, *, skip: Collection[str]) -> Iterator[Batch]:
        """The batches of one sync, oldest contacts first, each marked `sending` in one write
        just before it is handed out.

        Reading the outbox costs a pass over every stored contact's state (and
        decoding the contacts it returns), so it is read `READ_AHEAD` batches at
        a time, and again until nothing is left (contacts saved meanwhile go too).
        `skip` holds the ids this sync already sent that still wait (the caller
        adds to it): they are not sent twice in one go.
        A contact edited after it was read goes as the revision read; the
        answer then leaves the new revision pending, for the next sync.
        """
        while True:
            ahead = [s for s in self._repository.outbox(self._batch_size * READ_AHEAD + len(skip))
                     if s.contact.id not in skip]
            if not ahead:
                return
            for start in range(0, len(ahead), self._batch_size):
                chosen = ahead[start:start + self._batch_size]
                self._repository.mark_sending([s.contact.id for s in chosen])
                yield Batch(tuple(_wire(s) for s in chosen))

    def settle(self, batch: Batch, answers: Iterable[PushResult]) -> Settled:
        """Record the server's answers in one write.

        Only an answer for exactly the (id, rev) that was sent counts; records
        without one stay in the outbox.
        """
        sent = batch.sent
        matching = {a.id: a for a in answers if a.id in sent and a.rev == sent[a.id]}
        if matching:
            self._repository.mark_sent(matching.values())
        statuses = [a.status for a in matching.values()]
        return Settled(
            acknowledged=sum(s in ACKNOWLEDGED for s in statuses),
            quarantined=sum(s in REFUSED for s in statuses),
            stale=tuple(i for i, a in matching.items() if a.status == PushStatus.STALE and i),
            unanswered=tuple(i for i in sent if i not in matching),
        )

    def release(self, records: dict[str, int], *, code: str) -> None:
        """Records that did not get through: `failed` with the error code, to send again."""
        if records:
            self._repository.mark_failed(list(records), code)

    def quarantine(self, records: dict[str, int], *, reason: str, error: FieldError) -> None:
        """Set records aside for the worker (never retried blindly), in one write.

        `reason` is the error code the worker sees, `error` the field error
        that says why. A record edited since it was sent is not touched: its
        new revision still goes.
        """
        if records:
            self._repository.quarantine(records, reason=reason, errors=[error])


def _wire(stored: StoredContact) -> dict[str, Any]:
    # The server recomputes the indication and owns the review: neither is sent.
    record = to_wire(stored.contact, indication=False)
    record["review"] = None
    return record
