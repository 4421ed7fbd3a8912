"""200 phones syncing at the same moment against one server: nothing lost, nothing twice.

Each phone is a thread with its own enrolled device token and its own connection. All
wait at a barrier, then sync like the field app does: push their 30 new contacts, then
pull. Then every phone sends the same contacts again (an answer lost on the way), which
must all come back `duplicate`. The server is `python -m server serve --workers 2` on
127.0.0.1, on SQLite and, when reachable, PostgreSQL. Counts what the database holds
afterwards and prints a Markdown table for the README.

    .venv/bin/python benchmarks/phones_bench.py [--phones 200] [--contacts 30]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from server_bench import (  # noqa: E402
    contacts,
    live_server,
    postgres_reachable,
    scratch_database,
)

from model import Enrollment  # noqa: E402
from server.db import make_engine, make_sessions, migrate  # noqa: E402
from server.models import ContactRevision, CurrentContact  # noqa: E402
from server.services import accounts  # noqa: E402
from server.services.principals import Role  # noqa: E402

PASSWORD = "benchmark password"
PHONES_PER_WORKER = 10
WORKERS = 2


@dataclasses.dataclass
class Phone:
    token: str
    records: list[dict[str, Any]]
    seconds: float = 0.0
    errors: list[str] = dataclasses.field(default_factory=list)
    statuses: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Result:
    backend: str
    phones: int
    sent: int
    errors: int
    stored: int
    lost: int
    duplicated: int
    resent_duplicate: int
    p50: float
    p95: float
    wall: float


def _enroll(base: str, username: str, count: int, each: int) -> list[Phone]:
    phones = []
    for n in range(count):
        answer = requests.post(base + "/api/v1/devices/enroll", timeout=60, json={
            "username": username, "password": PASSWORD, "device_name": f"phone {n}"})
        answer.raise_for_status()
        found = answer.json()
        enrollment = Enrollment(found["worker"]["id"], found["device_id"],
                                found["worker"]["org_id"])
        phones.append(Phone(found["token"], contacts(enrollment, each, seed=len(phones))))
    return phones


def _sync(base: str, phone: Phone, start: threading.Barrier) -> None:
    http = requests.Session()
    headers = {"Authorization": f"Bearer {phone.token}"}
    start.wait()
    started = time.perf_counter()
    try:
        pushed = http.post(base + "/api/v1/sync/push", headers=headers, timeout=120,
                           json={"records": phone.records})
        if pushed.status_code != 200:
            phone.errors.append(f"push {pushed.status_code}")
        else:
            phone.statuses += [r["status"] for r in pushed.json()["results"]]
        pulled = http.get(base + "/api/v1/sync/pull", headers=headers, timeout=120)
        if pulled.status_code != 200:
            phone.errors.append(f"pull {pulled.status_code}")
    except requests.RequestException as error:
        phone.errors.append(type(error).__name__)
    phone.seconds = time.perf_counter() - started


def _all_at_once(base: str, phones: list[Phone]) -> float:
    start = threading.Barrier(len(phones))
    threads = [threading.Thread(target=_sync, args=(base, p, start)) for p in phones]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def run(backend: str, phones_wanted: int, each: int) -> Result:
    with scratch_database(backend) as url, tempfile.TemporaryDirectory() as folder:
        engine = make_engine(url)
        migrate(engine)
        sessions = make_sessions(engine)
        with sessions() as db:
            org = accounts.create_org(db, name="Phones")
            names = [f"worker-{n}" for n in range(-(-phones_wanted // PHONES_PER_WORKER))]
            for name in names:
                accounts.set_user(db, org_id=org.id, username=name, password=PASSWORD,
                                  role=Role.WORKER)
        with live_server(url, workers=WORKERS, env={
                "STREETCONTACT_DATA_DIR": folder, "STREETCONTACT_LOGIN_LIMIT_ADDRESS": "100000",
                "STREETCONTACT_LOGIN_LIMIT_ACCOUNT": "100000"}) as base:
            phones = [p for name in names
                      for p in _enroll(base, name, PHONES_PER_WORKER, each)]
            phones = phones[:phones_wanted]
            wall = _all_at_once(base, phones)
            times = sorted(p.seconds for p in phones)
            first = [(p.errors[:], p.statuses[:]) for p in phones]
            for p in phones:
                p.errors, p.statuses = [], []
            _all_at_once(base, phones)  # every answer "lost": the same contacts again
        sent = {r["id"] for p in phones for r in p.records}
        with sessions() as db:
            held = set(db.scalars(select(CurrentContact.id).where(CurrentContact.org_id == org.id)))
            revisions = db.scalar(select(func.count()).select_from(ContactRevision)
                                  .where(ContactRevision.org_id == org.id)) or 0
        engine.dispose()
    errors = sum(len(e) for e, _ in first) + sum(len(p.errors) for p in phones)
    return Result(
        backend, len(phones), len(sent), errors,
        stored=sum(s.count("stored") for _, s in first), lost=len(sent - held),
        duplicated=revisions - len(sent & held),
        resent_duplicate=sum(p.statuses.count("duplicate") for p in phones),
        p50=statistics.median(times), p95=times[int(len(times) * 0.95) - 1], wall=wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--contacts", type=int, default=30)
    args = parser.parse_args()
    backends = ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
    results = [run(backend, args.phones, args.contacts) for backend in backends]
    print(f"\n{args.phones} phones × {args.contacts} contacts, all syncing at once (push + pull), "
          f"`serve --workers {WORKERS}`; load average {os.getloadavg()[0]:.1f} at the end.\n")
    print("| backend | contacts sent | errors | stored | lost | stored twice "
          "| sent again → duplicate | sync p50 / p95 | all done in |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r.backend} | {r.sent:,} | {r.errors} | {r.stored:,} | {r.lost} "
              f"| {r.duplicated} | {r.resent_duplicate:,} | {r.p50:.1f} s / {r.p95:.1f} s "
              f"| {r.wall:.1f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
