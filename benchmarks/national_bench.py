"""National figures benchmark: 1,000,000 contacts across 50 organisations on PostgreSQL.

Measures the national figures as a monitor asks for them, through the real HTTP API of a
real server process (`GET /api/v1/national/stats`, this year per month, and per quarter
with one municipality) and through the service call the national page makes:

- the first answer after the data changed (the stored grid is read and suppressed again),
- answers while nothing changed (the suppressed grid kept per data version),
- the first answer after one more contact is pushed (its person recounted in the push).

A scratch database at 127.0.0.1:5432 is created and dropped. Prints a Markdown table.

    .venv/bin/python benchmarks/national_bench.py [--contacts 1000000] [--orgs 50]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import Enrollment, new_contact, to_wire  # noqa: E402
from server.config import Settings  # noqa: E402
from server.db import make_engine, make_sessions, migrate  # noqa: E402
from server.services import accounts, national_cells, national_grid, sync  # noqa: E402
from server.services.national import NationalQuery, national_stats  # noqa: E402
from server.services.principals import (  # noqa: E402
    MONITORS_ORG_ID,
    DevicePrincipal,
    Principal,
    Role,
)

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "benchmark password"
PLACES = ["amsterdam", "rotterdam", "utrecht", "den_haag", "eindhoven", "venlo", "GM0153",
          "GM0014", "GM0200", "GM0855", "GM0034", "other"]
NATIONALITIES = ["PL", "RO", "BG", "HU", "LT", "LV", "SK", "CZ", "PT", "ES"]
OUTCOMES = [None] * 6 + ["found_work", "found_work", "voluntary_return", "follow_up_facility",
                         "forced_return", "back_to_street", "lost_contact"]
COLUMNS = ("id", "rev", "content_hash", "org_id", "worker_id", "person_id", "contact_date",
           "created_at", "updated_at", "municipality", "nationality", "age_band",
           "sleeping_situation", "indication", "entitlement", "referrals", "outcome",
           "review_state")
WARM_REQUESTS = 20


def fill(url: str, orgs: list[str], total: int) -> None:
    """`total` contacts of about four contacts per person, over 2024–2026, by COPY."""
    rng = random.Random(7)
    start = date(2024, 1, 1)
    days = (date(2026, 12, 6) - start).days
    raw = create_engine(url)
    with raw.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy(
                f"COPY contacts ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            made = 0
            while made < total:
                org = rng.choice(orgs)
                person = str(uuid.uuid4())
                place, nat = rng.choice(PLACES), rng.choice(NATIONALITIES)
                first = rng.randrange(days)
                for _ in range(min(total - made, rng.randrange(1, 8))):
                    day = start + timedelta(days=min(days, first + rng.randrange(120)))
                    moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
                    copy.write_row((str(uuid.uuid4()), 1, "0" * 64, org, "w", person, day,
                                    moment, moment, place if rng.random() < 0.8
                                    else rng.choice(PLACES), nat, "25-34", "public_space",
                                    rng.choice("ABC") if rng.random() < 0.7 else "none", "{}",
                                    "", rng.choice(OUTCOMES), "received"))
                    made += 1
        driver.commit()
    raw.dispose()


def timed(fn: object) -> float:
    began = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - began


def serve(url: str, port: int, folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": url, "STREETCONTACT_DATA_DIR": str(folder),
           "STREETCONTACT_PURGE_EVERY_SECONDS": "0"}
    process = subprocess.Popen([sys.executable, "-m", "server", "serve", "--port", str(port),
                                "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(600):
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).ok:
                return process
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--orgs", type=int, default=50)
    args = parser.parse_args()
    name = f"sc_national_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        run(url, args.contacts, args.orgs)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(url: str, total: int, org_count: int) -> None:
    engine = make_engine(url)
    migrate(engine)
    sessions = make_sessions(engine)
    with sessions() as db:
        orgs = [accounts.create_org(db, name=f"Organisation {i:02d}").id
                for i in range(org_count)]
        for org in orgs[::2]:
            accounts.set_pilot(db, org_id=org, in_pilot=True)
        accounts.set_user(db, org_id=MONITORS_ORG_ID, username="monitor", password=PASSWORD,
                          role=Role.MONITOR)
    loading = timed(lambda: fill(url, orgs, total))
    with engine.begin() as connection:
        connection.execute(text("ANALYZE contacts"))

    def count_all() -> None:
        with sessions() as db:
            national_cells.rebuild(db)
            db.commit()

    counting = timed(count_all)
    monitor = Principal("monitor", MONITORS_ORG_ID, Role.MONITOR, "monitor")
    settings = Settings(database_url=url)
    query = NationalQuery("month", date(2026, 1, 1), date(2026, 12, 6))

    def page() -> None:
        with sessions() as db:
            national_stats(db, principal=monitor, settings=settings, query=query,
                           today=date(2026, 12, 6))

    national_grid.forget()
    page_cold = timed(page)
    page_warm = [timed(page) for _ in range(WARM_REQUESTS)]
    port = 8000 + secrets.randbelow(1000)
    with tempfile.TemporaryDirectory() as folder:
        process = serve(url, port, Path(folder))
        try:
            api = http(port, sessions, orgs[0])
        finally:
            process.terminate()
            process.wait(timeout=30)
    engine.dispose()
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")
    print(f"{total:,} contacts, {org_count} organisations (loaded in {loading:.0f} s; "
          f"counted into the national grid from scratch, as after a bulk load or the "
          f"migration, in {counting:.0f} s)\n")
    print("| what | first answer after a change | then (median / slowest of 20) |")
    print("|---|---|---|")
    print(f"| national page (service call, this year per month) | {page_cold:.1f} s | "
          f"{statistics.median(page_warm) * 1000:.0f} ms / {max(page_warm) * 1000:.0f} ms |")
    for what, (cold, warm) in api.items():
        print(f"| {what} | {cold:.1f} s | {statistics.median(warm) * 1000:.0f} ms / "
              f"{max(warm) * 1000:.0f} ms |")


def http(port: int, sessions: object, org: str) -> dict[str, tuple[float, list[float]]]:
    base = f"http://127.0.0.1:{port}/api/v1"
    token = requests.post(f"{base}/session", json={"username": "monitor",
                                                   "password": PASSWORD}, timeout=30).json()
    headers = {"Authorization": f"Bearer {token['token']}"}
    asks = {"API, this year per month": "period=month&from=2026-01-01&to=2026-12-06",
            "API, 2024–2026 per quarter, one municipality":
                "period=quarter&from=2024-01-01&to=2026-12-06&municipality=GM0363"}
    found: dict[str, tuple[float, list[float]]] = {}

    def get(query: str) -> None:
        answer = requests.get(f"{base}/national/stats?{query}", headers=headers, timeout=600)
        answer.raise_for_status()

    for what, query in asks.items():
        cold = timed(lambda q=query: get(q))  # type: ignore[misc]
        found[what] = (cold, [timed(lambda q=query: get(q)) for _ in range(WARM_REQUESTS)])
    pushed = timed(lambda: push_one(sessions, org))
    print(f"one contact pushed (with its person recounted): {pushed * 1000:.0f} ms")
    query = asks["API, this year per month"]
    found["API, first answer after one more contact is pushed"] = (
        timed(lambda: get(query)), [timed(lambda: get(query)) for _ in range(WARM_REQUESTS)])
    return found


def push_one(sessions: object, org: str) -> None:
    device = DevicePrincipal("bench-device", "bench-worker", org)
    contact = new_contact({
        "municipality": "GM0363", "consent": "refused", "person_language": "pl",
        "nationality": "PL", "gender": "male", "age_band": "25-34", "time_in_nl": "1_5y",
        "sleeping_situation": "public_space", "id_document": "valid", "brp_registered": "no",
        "contact_date": date(2026, 12, 1)},
        enrollment=Enrollment("bench-worker", "bench-device", org),
        now=datetime(2026, 12, 1, 12, tzinfo=UTC))
    with sessions() as db:  # type: ignore[operator]
        results = sync.push(db, device=device, records=[to_wire(contact)])
    assert results[0]["status"] == "stored", results


if __name__ == "__main__":
    main()
