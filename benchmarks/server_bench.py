"""Server benchmark: push throughput through the real HTTP API against a raw bulk insert,
and the supervisor list page with 100,000 contacts stored.

Runs on SQLite and, when reachable, on PostgreSQL at 127.0.0.1:5432 (a scratch
database is created and dropped). Prints a Markdown table for the README.

    .venv/bin/python benchmarks/server_bench.py
"""

from __future__ import annotations

import dataclasses
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import Enrollment, new_contact, to_wire  # noqa: E402
from server.db import make_engine, make_sessions, migrate  # noqa: E402
from server.models import ContactRevision, CurrentContact  # noqa: E402
from server.services import accounts  # noqa: E402
from server.services.ingest import current_row, prepare, revision_row  # noqa: E402
from server.services.principals import DevicePrincipal, Role  # noqa: E402

PUSHED = 10_000
BATCH = 200
# Push and bulk insert take turns this many times (fresh contacts each round); the
# median of each is reported, so a burst of load on a shared machine skews neither.
ROUNDS = 3
STORED = 100_000
PAGE_REQUESTS = 40
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "benchmark password"
FILTERS: dict[str, dict[str, str]] = {
    "no filter": {},
    "review_state=has_issues": {"review_state": "has_issues"},
    "municipality=GM0983": {"municipality": "GM0983"},
    "nationality=RO + date range": {"nationality": "RO", "date_from": "", "date_to": ""},
    "indication=C": {"indication": "C"},
}


@dataclasses.dataclass
class Result:
    backend: str
    push_per_s: float
    bulk_per_s: float
    pages: dict[str, tuple[float, float]]
    stats_s: float


def contacts(enrollment: Enrollment, count: int, seed: int) -> list[dict[str, Any]]:
    """`count` varied, valid wire contacts of the past two years."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    answers = ["yes", "no", "unknown"]
    made = []
    for _ in range(count):
        moment = now - timedelta(days=rng.randrange(1, 720), minutes=rng.randrange(1440))
        given = rng.random() < 0.5
        fields: dict[str, Any] = {
            "municipality": rng.choice(["GM0363", "GM0599", "GM0344", "GM0518", "GM0772",
                                        "GM0983"]),
            "consent": "given" if given else "refused", "person_language": "pl",
            "nationality": rng.choice(["PL", "RO", "BG", "HU", "LT", "unknown"]),
            "gender": "male", "age_band": rng.choice(["25-34", "35-44", "45-54"]),
            "time_in_nl": "1_5y", "sleeping_situation": "public_space",
            "id_document": "valid", "brp_registered": "no",
            "entitlement": {"worked_in_nl": rng.choice(answers),
                            "job_loss_involuntary": rng.choice(answers),
                            "work_ended_within_6m": rng.choice(answers)},
            "referrals": frozenset(rng.sample(["pilot_shelter", "barka_return",
                                               "work_guidance"], k=rng.randrange(3))),
            "outcome": rng.choice([None, None, None, "found_work", "voluntary_return"]),
        }
        if given:
            fields |= {"alias": "Marek", "notes": "Slept at the station; asked for work. " * 3}
        made.append(to_wire(new_contact(fields, enrollment=enrollment, now=moment)))
    return made


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def scratch_database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    name = f"sc_bench_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def live_server(url: str, *, workers: int = 1,
                env: dict[str, str] | None = None) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "STREETCONTACT_LOGIN_LIMIT_ADDRESS": "1000",
           **(env or {})}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(port), "--log-level",
             "warning", "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/api/v1/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read().decode(errors="replace"))
            time.sleep(0.1)
        try:
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


def run(backend: str) -> Result:
    with scratch_database(backend) as url:
        engine = make_engine(url)
        migrate(engine)
        sessions = make_sessions(engine)
        with sessions() as db:
            org = accounts.create_org(db, name="Bench")
            accounts.set_user(db, org_id=org.id, username="bench-worker", password=PASSWORD,
                              role=Role.WORKER)
            accounts.set_user(db, org_id=org.id, username="bench-supervisor",
                              password=PASSWORD, role=Role.SUPERVISOR)
        with live_server(url) as base:
            http = requests.Session()
            enrolled = http.post(base + "/api/v1/devices/enroll", json={
                "username": "bench-worker", "password": PASSWORD, "device_name": "bench"}).json()
            device = DevicePrincipal(enrolled["device_id"], enrolled["worker"]["id"], org.id)
            enrollment = Enrollment(device.worker_id, device.device_id, org.id)
            pushes, bulks = [], []
            for round_ in range(ROUNDS):
                pushed = contacts(enrollment, PUSHED, seed=10 + round_)
                pushes.append(_push(http, base, enrolled["token"], pushed))
                bulks.append(_bulk(sessions, device, contacts(enrollment, PUSHED,
                                                              seed=20 + round_)))
            push_per_s, bulk_per_s = statistics.median(pushes), statistics.median(bulks)
            _fill(sessions, org.id, STORED - 2 * ROUNDS * PUSHED)
            with engine.connect() as connection:  # what autovacuum / `PRAGMA optimize` do
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
            token = http.post(base + "/api/v1/session", json={
                "username": "bench-supervisor", "password": PASSWORD}).json()["token"]
            pages = _pages(http, base, token)
            started = time.perf_counter()
            http.get(base + "/api/v1/stats", headers={"Authorization": f"Bearer {token}"})
            stats_s = time.perf_counter() - started
        engine.dispose()
    return Result(backend, push_per_s, bulk_per_s, pages, stats_s)


def _push(http: requests.Session, base: str, token: str, records: list[dict[str, Any]]) -> float:
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    for i in range(0, len(records), BATCH):
        answer = http.post(base + "/api/v1/sync/push", headers=headers,
                           json={"records": records[i:i + BATCH]})
        statuses = {r["status"] for r in answer.json()["results"]}
        assert statuses == {"stored"}, statuses
    return len(records) / (time.perf_counter() - started)


def _rows(device: DevicePrincipal,
          records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    today = datetime.now(UTC).date()
    now = datetime.now(UTC)
    items = [prepare(r, device=device, today=today) for r in records]
    return ([revision_row(i, device=device, now=now) for i in items],
            [{**current_row(i), "review_state": "received"} for i in items])


def _bulk(sessions: Any, device: DevicePrincipal, records: list[dict[str, Any]]) -> float:
    """The reference: the same kind of rows, already made, inserted in bulk per batch."""
    revisions, currents = _rows(device, records)
    started = time.perf_counter()
    with sessions() as db:
        for i in range(0, len(records), BATCH):
            db.execute(insert(ContactRevision.__table__), revisions[i:i + BATCH])
            db.execute(insert(CurrentContact.__table__), currents[i:i + BATCH])
            db.commit()
    return len(records) / (time.perf_counter() - started)


def _fill(sessions: Any, org_id: str, count: int) -> None:
    rng = random.Random(3)
    states = ["received", "approved", "has_issues", "rejected", "edited"]
    for start in range(0, count, 10_000):
        worker = f"worker-{start // 10_000}"
        device = DevicePrincipal(f"device-{worker}", worker, org_id)
        records = contacts(Enrollment(worker, device.device_id, org_id),
                           min(10_000, count - start), seed=100 + start)
        revisions, currents = _rows(device, records)
        for row in currents:
            row["review_state"] = rng.choice(states)
        with sessions() as db:
            db.execute(insert(ContactRevision.__table__), revisions)
            db.execute(insert(CurrentContact.__table__), currents)
            db.commit()


def _pages(http: requests.Session, base: str, token: str) -> dict[str, tuple[float, float]]:
    headers = {"Authorization": f"Bearer {token}"}
    today = datetime.now(UTC).date()
    found = {}
    for name, params in FILTERS.items():
        if "date_from" in params:
            params = {**params, "date_from": (today - timedelta(days=300)).isoformat(),
                      "date_to": (today - timedelta(days=100)).isoformat()}
        times = []
        cursor = None
        for i in range(PAGE_REQUESTS):
            query = {**params, "limit": 50, **({"cursor": cursor} if cursor else {})}
            started = time.perf_counter()
            answer = http.get(base + "/api/v1/contacts", headers=headers, params=query)
            times.append(time.perf_counter() - started)
            assert answer.status_code == 200 and answer.json()["items"], answer.text[:200]
            # Walk ten pages deep, then start over: first and deeper pages both count.
            cursor = answer.json()["next_cursor"] if i % 10 != 9 else None
        times.sort()
        found[name] = (statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000)
    return found


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def main() -> int:
    backends = ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
    results = [run(b) for b in backends]
    print(f"\nPush {PUSHED:,} contacts in batches of {BATCH} over HTTP, and bulk-insert "
          f"{PUSHED:,}, taking turns {ROUNDS} times (medians); list pages with "
          f"{STORED:,} stored (limit 50, {PAGE_REQUESTS} requests per filter).\n")
    print("| backend | push contacts/s | bulk insert rows/s | ratio (target ≥ 0.5) "
          "| stats, 100k (s) |")
    print("|---|---|---|---|---|")
    for r in results:
        print(f"| {r.backend} | {r.push_per_s:,.0f} | {r.bulk_per_s:,.0f} "
              f"| {r.push_per_s / r.bulk_per_s:.2f} | {r.stats_s:.2f} |")
    print("\n| list page p50 / p95 (ms, target ≤ 100) | "
          + " | ".join(r.backend for r in results) + " |")
    print("|---|" + "---|" * len(results))
    for name in FILTERS:
        cells = " | ".join(f"{r.pages[name][0]:.1f} / {r.pages[name][1]:.1f}" for r in results)
        print(f"| {name} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
