"""A writer killed with SIGKILL at random moments never loses a contact it reported saved.

Each round forks a writer process that opens the vault's database and
records contacts, reporting each contact id on a pipe once `add` returned;
the test kills it at a random moment (between saves, inside a save, inside a
rewrite of the file), then opens the database itself: it must open, and
hold every reported contact, each with its sync state record. (Unlocking with the PIN is left out: it is not
what is tested here, and its durable attempt counter would slow each round.)
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
from pathlib import Path

import pytest

from storage.database import VaultDatabase
from storage.encrypted_storage import EncryptedStorage
from storage.repository import ContactRepository
from tests.factories import make_contact

ROUNDS = 200


def open_db(path: Path, key: bytes) -> VaultDatabase:
    return VaultDatabase(path, storage=EncryptedStorage, key=key)


def writer(path: Path, key: bytes, report: int) -> None:
    """Record contacts until killed, writing each saved id to `report`."""
    repo = ContactRepository(open_db(path, key))
    os.write(report, b"ready\n")
    while True:
        contact = make_contact(consent="given", alias="Kill Test", notes="n" * 400)
        repo.add(contact)
        os.write(report, contact.id.encode() + b"\n")


def run_round(path: Path, key: bytes, rng: random.Random) -> set[str]:
    """Fork a writer, kill it at a random moment; the ids it reported saved."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer
        os.close(read_end)
        try:
            writer(path, key, write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    try:
        received = read_lines(read_end, until=rng.randint(1, 3))
        spin(rng.uniform(0, 0.003))
        os.kill(pid, signal.SIGKILL)
        received += read_lines(read_end, until=None)
    finally:
        os.waitpid(pid, 0)
        os.close(read_end)
    lines = received.split(b"\n")[:-1]  # only complete lines: a save that returned
    assert lines and lines[0] == b"ready", "the writer could not open the vault"
    return {line.decode() for line in lines[1:]}


def read_lines(fd: int, *, until: int | None) -> bytes:
    """What the writer sent: up to `until` lines, or all until it is gone."""
    buffer, deadline = b"", time.monotonic() + 10
    while until is None or buffer.count(b"\n") < until:
        assert time.monotonic() < deadline, "the writer stopped reporting"
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buffer += chunk
    return buffer


def spin(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


@pytest.mark.slow
def test_killed_writer_loses_no_reported_contact(memory_dir: Path, key: bytes) -> None:
    path = memory_dir / "contacts.db"
    open_db(path, key).close()
    rng = random.Random(20261123)
    reported: set[str] = set()
    torn = 0
    for round_number in range(ROUNDS):
        reported |= run_round(path, key, rng)
        size = path.stat().st_size
        db = open_db(path, key)
        torn += path.stat().st_size < size  # a save was cut short: its tail is dropped
        stored = {doc["contact"]["id"] for doc in db.table("contacts")}
        with_state = {d.doc_id for d in db.table("sync_states")}
        without_state = {d.doc_id for d in db.table("contacts")} - with_state
        db.close()
        missing = reported - stored
        assert not missing, f"round {round_number}: {len(missing)} saved contacts lost"
        assert not without_state, f"round {round_number}: a contact kept without its state"
    assert len(reported) > ROUNDS // 2, "the writer hardly saved between the kills"
    assert torn >= 5, "no kill landed inside a save"
