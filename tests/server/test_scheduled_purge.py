"""The retention purge runs by itself while the server serves, once a period, by exactly one
process however many serve the database; the command `purge` still runs it at once."""

from __future__ import annotations

import dataclasses
import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import select, update

from model import Enrollment
from server.config import Settings
from server.models import AuditEntry, CurrentContact, ScheduledRun
from server.services import accounts, scheduled, sync
from server.services.principals import DevicePrincipal
from tests.server.conftest import ROOT, SERVER_ENV, Database, LiveServer, migrated_database
from tests.server.helpers import contact, wait_until, wire
from tests.support import free_port

SETTINGS = Settings(secret=SERVER_ENV["STREETCONTACT_SECRET"])
PERIOD_SECONDS = 2


def _due_now(database: Database) -> None:
    with database.sessions() as db:
        db.execute(update(ScheduledRun).where(ScheduledRun.name == scheduled.PURGE)
                   .values(last_started_at=None))
        db.commit()


def _race(database: Database) -> list[object]:
    """Two purges started at the same moment on `database`; what each returned."""
    start = threading.Barrier(2)
    reports: list[object] = []

    def runner() -> None:
        start.wait()
        reports.append(scheduled.purge_if_due(database.sessions, settings=SETTINGS))

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return reports


def test_two_purges_racing_on_one_database_run_exactly_once(live: LiveServer) -> None:
    for _round in range(5):
        _due_now(live.database)
        reports = _race(live.database)
        assert len(reports) == 2
        assert sum(report is not None for report in reports) == 1
        # And not again within the period.
        assert scheduled.purge_if_due(live.database.sessions, settings=SETTINGS) is None


def test_the_purge_is_due_again_a_period_after_it_last_started(live: LiveServer) -> None:
    _due_now(live.database)
    now = datetime.now(UTC)
    every = SETTINGS.purge_every_seconds
    assert scheduled.purge_if_due(live.database.sessions, settings=SETTINGS, now=now)
    for later in (timedelta(hours=1), timedelta(seconds=every - 1)):
        assert scheduled.purge_if_due(live.database.sessions, settings=SETTINGS,
                                      now=now + later) is None
    assert scheduled.purge_if_due(live.database.sessions, settings=SETTINGS,
                                  now=now + timedelta(seconds=every))


@dataclasses.dataclass
class Old:
    org_id: str
    contact_id: str


@pytest.fixture
def own_database(database: Database, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[Database]:
    """A small database of the same kind: a purge every two seconds there stays quick."""
    with migrated_database(database.backend, tmp_path_factory.mktemp("purge")) as made:
        yield made


@pytest.fixture
def old_contact(own_database: Database) -> Old:
    """A contact of an organisation that keeps contacts one month, met three months ago."""
    with own_database.sessions() as db:
        org = accounts.create_org(db, name=f"Theta-{secrets.token_hex(3)}", retention_months=1)
        device = DevicePrincipal(f"d-{secrets.token_hex(4)}", f"w-{secrets.token_hex(4)}", org.id)
        made = contact(Enrollment(device.worker_id, device.device_id, org.id), days_ago=90)
        assert sync.push(db, device=device, records=[wire(made)])[0]["status"] == "stored"
    return Old(org.id, made.id)


@pytest.fixture
def purging_servers(own_database: Database, tmp_path_factory: pytest.TempPathFactory
                    ) -> Iterator[None]:
    """`serve --workers 2` on that database, purging every two seconds."""
    port = free_port()
    log = tmp_path_factory.mktemp("purging") / "server.log"
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": own_database.url,
           "STREETCONTACT_PURGE_EVERY_SECONDS": str(PERIOD_SECONDS)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(port), "--workers", "2",
             "--log-level", "warning"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def up() -> bool:
        assert process.poll() is None, log.read_text()
        try:
            return requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).ok
        except requests.ConnectionError:
            return False

    try:
        wait_until(up, timeout=60, what="the purging server to answer")
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert "scheduled purge failed" not in log.read_text()


@pytest.mark.slow
def test_serve_purges_by_itself_without_cron(own_database: Database, old_contact: Old,
                                             purging_servers: None) -> None:
    def entries() -> list[AuditEntry]:
        with own_database.sessions() as db:
            return list(db.scalars(select(AuditEntry).where(
                AuditEntry.org_id == old_contact.org_id, AuditEntry.action == "purge")))

    def purged() -> bool:
        # The contacts go first, the audit entry after them in a transaction of its own.
        with own_database.sessions() as db:
            gone = db.get(CurrentContact, old_contact.contact_id) is None
        return gone and bool(entries())

    wait_until(purged, timeout=60, what="the server's own purge")
    with own_database.sessions() as db:
        last = db.scalar(select(ScheduledRun.last_started_at)
                         .where(ScheduledRun.name == scheduled.PURGE))
    assert [e.actor_kind for e in entries()] == ["server"]
    assert last is not None and datetime.now(UTC) - last < timedelta(minutes=1)
