"""Hundreds of randomized sync rounds through a flaky network, with the app killed at random.

Each round the worker records and edits contacts, a supervisor now and then
reviews one, and the phone syncs through the fault proxy — connections
refused or cut mid-request, answers lost after the server committed, delays
past the timeout, 503s — while the app may be killed before or after any of
its writes, or cancelled between batches, and is reopened from disk.

After every round: nothing is marked synced that the server does not hold,
the server holds nothing the phone never saved, and the phone has lost
nothing. After a last sync on a good network: the server holds every saved
contact at its newest rev, each (id, rev) once, with the phone's content, and
the phone shows every supervisor's verdict.

The phone's vault lives in memory-backed /dev/shm where there is one: this
test is about sync, and a durable write per save on a busy disk would make it
several times slower (the storage tests cover durability on disk).

SYNC_FAULT_SEED=<n> replays a failing run; SYNC_FAULT_ROUNDS=<n> changes the count.
"""

from __future__ import annotations

import collections
import os
import random
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from model import Contact, to_wire
from storage.sync_states import SyncState
from tests.sync import faultproxy
from tests.sync.crash import Crash, at
from tests.sync.faultproxy import Fault, FaultProxy
from tests.sync.live_server import LiveServer
from tests.sync.phone import Phone

ROUNDS = int(os.environ.get("SYNC_FAULT_ROUNDS", "500"))
SEED = int(os.environ.get("SYNC_FAULT_SEED", str(random.SystemRandom().randrange(2**32))))

FAULTS: list[tuple[float, Fault | str]] = [
    (0.625, faultproxy.PASS),
    (0.06, faultproxy.REFUSE),
    (0.07, "cut"),
    (0.09, faultproxy.DROP_RESPONSE),
    (0.06, "short delay"),
    (0.005, faultproxy.delay(0.6)),  # past the read timeout: committed, but the phone gave up
    (0.06, faultproxy.UNAVAILABLE),
    (0.03, faultproxy.answer(429, b"{}", headers={"Retry-After": "1"})),
]
CRASH_POINTS = [
    ("mark_sending", "before"), ("mark_sending", "after"), ("mark_sent", "before"),
    ("mark_sent", "after"), ("mark_failed", "before"), ("mark_failed", "after"),
    ("apply_feedback", "before"), ("apply_feedback", "after"), ("set", "before"),
    ("set", "after"),
]


class Round:
    """The phone, the truth about what the worker saved, and the random choices."""

    def __init__(self, phone: Phone, server: LiveServer, supervisor: requests.Session,
                 rng: random.Random) -> None:
        self.phone = phone
        self.server = server
        self.supervisor = supervisor
        self.rng = rng
        self.saved: dict[str, Contact] = {}  # id -> newest revision the worker saved
        self.every_rev: set[tuple[str, int]] = set()
        self.crashes = collections.Counter[str]()
        self.checked: set[tuple[str, int]] = set()  # (id, rev) seen synced and on the server

    def work(self, number: int) -> None:
        for _ in range(self.rng.choice([0, 1, 1, 2, 3])):
            self._keep(self.phone.record())
        for edit in range(self.rng.choice([0, 0, 1, 2])):
            if self.saved:
                contact_id = self.rng.choice(sorted(self.saved))
                self._keep(self.phone.edit(contact_id, area=f"round {number}.{edit}"))
        if self.rng.random() < 0.1:
            self._review()

    def sync(self) -> None:
        if self.rng.random() < 0.05:
            self.crashes["between steps"] += 1
            self._restart()
        crash = self.rng.choice(CRASH_POINTS) if self.rng.random() < 0.2 else None
        if crash:
            self.phone.crashing(at(*crash))
        cancel = threading.Event()
        stop_early = self.rng.random() < 0.05
        try:
            self.phone.sync(cancel=cancel,
                            on_progress=lambda _p: cancel.set() if stop_early else None)
        except Crash:
            self.crashes[":".join(crash or ())] += 1
            self._restart()
            return
        if crash:
            self.phone.engine = self.phone._engine()  # it did not get that far: plain again

    def check(self, *, everything: bool) -> None:
        """The invariants; reading every contact each round would make the run quadratic,
        so between full checks only what can have changed is read: the outbox, and
        contacts that became synced since they were last checked."""
        held = set(self.server.revisions(device_id=self.phone.device_id))
        assert held <= self.every_rev, "the server holds a revision the phone never saved"
        repository = self.phone.repository
        counts = repository.counts()
        assert sum(counts.values()) == len(self.saved), "the phone lost or invented a contact"
        assert counts[SyncState.QUARANTINED] == 0
        waiting = {s.id: s for s in repository.outbox(len(self.saved) + 1)}
        if everything:
            self.checked.clear()
        for contact_id, contact in self.saved.items():
            stored = waiting.get(contact_id)
            if stored is None and (contact_id, contact.rev) not in self.checked:
                stored = repository.get(contact_id)
                assert stored.sync_state == SyncState.SYNCED
                assert (contact_id, stored.contact.rev) in held, "synced, but not on the server"
                self.checked.add((contact_id, contact.rev))
            if stored is not None:
                assert stored.contact.rev == contact.rev, "the phone lost an edit"

    def _keep(self, contact: Contact) -> None:
        self.saved[contact.id] = contact
        self.every_rev.add((contact.id, contact.rev))

    def _review(self) -> None:
        held = sorted({cid for cid, _rev in self.server.revisions(device_id=self.phone.device_id)})
        if held:
            state = self.rng.choice(["approved", "has_issues", "rejected"])
            answer = self.supervisor.post(
                f"{self.server.url}/api/v1/contacts/{self.rng.choice(held)}/review", timeout=30,
                json={"state": state, "comment": None if state == "approved" else "check"})
            answer.raise_for_status()

    def _restart(self) -> None:
        self.phone.crash()
        self.phone.reopen()


def plan_faults(rng: random.Random) -> Callable[[bytes], Fault]:
    weights = [w for w, _f in FAULTS]

    def plan(request: bytes) -> Fault:
        fault = rng.choices([f for _w, f in FAULTS], weights)[0]
        if fault == "cut":
            return faultproxy.cut(rng.randrange(1, max(2, len(request))))
        if fault == "short delay":
            return faultproxy.delay(rng.uniform(0.005, 0.05))
        assert isinstance(fault, Fault)
        return fault

    return plan


@pytest.fixture
def phone_folder(tmp_path: Path) -> Iterator[Path]:
    shm = Path("/dev/shm")
    if not shm.is_dir():
        yield tmp_path / "phone"
        return
    with tempfile.TemporaryDirectory(dir=shm) as folder:
        yield Path(folder) / "phone"


@pytest.fixture
def supervisor_session(server: LiveServer, supervisor) -> Iterator[requests.Session]:
    with server.session(supervisor) as http:
        yield http


@pytest.mark.slow
def test_randomized_rounds_with_faults_and_crashes_lose_and_duplicate_nothing(
    phone_folder: Path, server: LiveServer, worker, supervisor_session: requests.Session
) -> None:
    print(f"SYNC_FAULT_SEED={SEED}")
    rng = random.Random(SEED)
    with FaultProxy(server.port, plan=plan_faults(random.Random(rng.random()))) as proxy:
        phone = Phone(phone_folder, server_url=server.url, credentials=worker,
                      sync_url=proxy.url, timeout=(0.5, 0.5), batch_size=3)
        game = Round(phone, server, supervisor_session, rng)
        for number in range(ROUNDS):
            game.work(number)
            game.sync()
            game.check(everything=number % 25 == 0)
        proxy.plan = lambda _request: faultproxy.PASS
        phone.timeout = (10, 30)
        phone.engine = phone._engine()
        for _attempt in range(3):
            report = phone.sync()
            if report.ok and report.failed == 0:
                break
        assert report.ok and report.failed == 0, report
        print(f"faults: {dict(proxy.applied)}; crashes: {dict(game.crashes)}; "
              f"contacts: {len(game.saved)}, revisions: {len(game.every_rev)}")

    held = server.revisions(device_id=phone.device_id)
    counted = collections.Counter(held)
    assert max(counted.values()) == 1, "an (id, rev) was stored twice"
    assert {cid for cid, _rev in held} == set(game.saved)
    for contact_id, contact in game.saved.items():
        wire = {k: v for k, v in to_wire(contact).items() if k not in ("review", "device_id")}
        assert server.content(contact_id, contact.rev) == wire
    kept = phone.contacts()
    assert {s.sync_state for s in kept.values()} == {SyncState.SYNCED}
    verdicts = server.review_states(sorted(kept))
    assert {cid: s.contact.review.state if s.contact.review else "received"
            for cid, s in kept.items()} == verdicts
    # The run really met what it is about.
    assert min(proxy.applied[k] for k in ("refuse", "cut", "drop_response", "answer")) > ROUNDS / 50
    assert sum(game.crashes.values()) > ROUNDS / 15
