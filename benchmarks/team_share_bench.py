"""A new phone's first pull of the organisation's 5,000 person cards from the real server.

The server's register is filled the way the field fills it: one worker's phone pushes
5,000 contacts with consent, each of another person, met within the sharing period
(through `server.services.sync.push`, in batches of 200, in this process, timed too,
statistics filled in afterwards as autovacuum would).
Then the real server (uvicorn on 127.0.0.1, one worker) serves a second worker's new
phone, enrolled over HTTP: an empty vault runs `SyncEngine.run()`, which pulls every
card page by page (500 a page) and applies each page in one durable write. Measured:
end to end, the vault's size after it, and how many cards it holds.

    .venv/bin/python benchmarks/team_share_bench.py [--cards 5000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from persons_bench import FIRST, KDF, LAST, PIN  # noqa: E402
from server_bench import live_server, postgres_reachable, scratch_database  # noqa: E402

from model import Enrollment, new_contact, to_wire  # noqa: E402
from server.db import make_engine, make_sessions, migrate  # noqa: E402
from server.services import accounts, sync  # noqa: E402
from server.services.principals import DevicePrincipal, Role  # noqa: E402
from storage.repository import ContactRepository  # noqa: E402
from storage.vault import Vault  # noqa: E402
from sync.engine import SyncEngine  # noqa: E402
from sync.enrollment import ENROLLMENT, SERVER_URL, TOKEN  # noqa: E402

BATCH = 200
PASSWORD = "team share benchmark"


def met(enrollment: Enrollment, number: int) -> dict[str, Any]:
    """A contact with consent, of a person of its own, met within the last half year."""
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(days=number % 170, minutes=number)
    return to_wire(new_contact({
        "municipality": "GM0363", "consent": "given", "person_language": "pl",
        "alias": f"{FIRST[number % len(FIRST)]} {LAST[(number // len(FIRST)) % len(LAST)]}",
        "nationality": ("BG", "RO", "PL", "HU")[number % 4], "gender": "male",
        "age_band": "35-44", "time_in_nl": "1_5y", "sleeping_situation": "public_space",
        "id_document": "valid", "brp_registered": "no", "area": "Centraal Station",
        "follow_up_on": (now + timedelta(days=7)).date() if number % 3 == 0 else None,
        "notes": "Slept at the station; asked for work. " * 3,
    }, enrollment=enrollment, now=now))


def fill(url: str, cards: int) -> tuple[str, float]:
    """The organisation with `cards` persons pushed by one worker; its second worker's name."""
    engine = make_engine(url)
    migrate(engine)
    sessions = make_sessions(engine)
    with sessions() as db:
        org = accounts.create_org(db, name="Team").id
        first = accounts.set_user(db, org_id=org, username="first", password=PASSWORD,
                                  role=Role.WORKER)
        accounts.set_user(db, org_id=org, username="second", password=PASSWORD,
                          role=Role.WORKER)
    device = DevicePrincipal("device-first", first.id, org)
    enrollment = Enrollment(first.id, device.device_id, org)
    records = [met(enrollment, n) for n in range(cards)]
    started = time.perf_counter()
    for start in range(0, cards, BATCH):
        with sessions() as db:
            results = sync.push(db, device=device, records=records[start:start + BATCH])
        assert {r["status"] for r in results} == {"stored"}
    pushed = time.perf_counter() - started
    if engine.dialect.name == "postgresql":  # as autovacuum does on a running server
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
    engine.dispose()
    return "second", pushed


def first_pull(base: str, username: str, folder: Path) -> dict[str, Any]:
    enrolled = requests.post(f"{base}/api/v1/devices/enroll", timeout=30, json={
        "username": username, "password": PASSWORD, "device_name": "new phone"}).json()
    vault = Vault.create(folder, PIN, kdf=KDF)
    vault.settings.set(SERVER_URL, base)
    worker = enrolled["worker"]
    vault.settings.set(ENROLLMENT, {"worker_id": worker["id"],
                                    "device_id": enrolled["device_id"],
                                    "org_id": worker["org_id"]})
    vault.settings.set(TOKEN, enrolled["token"])
    repository = ContactRepository(vault)
    engine = SyncEngine.open(vault, repository)
    started, cpu = time.perf_counter(), time.thread_time()
    report = engine.run()
    seconds, cpu = time.perf_counter() - started, time.thread_time() - cpu
    held = repository.cards.count()
    engine.close()
    vault.lock()
    assert report.ok, report
    return {"seconds": seconds, "cpu": cpu, "cards": held, "pulled": report.pulled,
            "vault_mb": sum(f.stat().st_size for f in folder.iterdir()) / 2**20}


def run(backend: str, cards: int) -> dict[str, Any]:
    with scratch_database(backend) as url:
        username, pushed = fill(url, cards)
        with live_server(url) as base, tempfile.TemporaryDirectory() as folder:
            found = first_pull(base, username, Path(folder))
    return {**found, "push_per_s": cards / pushed}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=5_000)
    args = parser.parse_args()
    backends = ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
    results = {backend: run(backend, args.cards) for backend in backends}
    print(f"\nA new phone's first pull of {args.cards:,} cards from the real server "
          f"(load average {os.getloadavg()[0]:.1f}).\n")
    print("| backend | filling: contacts/s pushed | first pull, end to end (CPU of the "
          "phone) | cards held | vault |")
    print("|---|---|---|---|---|")
    for backend, r in results.items():
        print(f"| {backend} | {r['push_per_s']:,.0f} | {r['seconds']:.1f} s "
              f"({r['cpu']:.1f} s) | {r['cards']:,} | {r['vault_mb']:.1f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
