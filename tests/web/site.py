"""The real server in a subprocess, with organisations and users made by its command line,
and a phone that talks to it over the real sync API."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import requests

from model import Contact, Enrollment, to_wire
from tests.factories import make_contact
from tests.processes import ROOT, Program
from tests.support import free_port

ORG_A = "Outreach Amsterdam"
ORG_B = "Barka Rotterdam"

# username -> (organisation, role)
USERS: dict[str, tuple[str, str]] = {
    "anna": (ORG_A, "supervisor"),
    "adam": (ORG_A, "admin"),
    "wojtek": (ORG_A, "worker"),
    "ida": (ORG_A, "supervisor"),  # signs in only on the strict server (few attempts)
    "berta": (ORG_B, "supervisor"),
    "filip": (ORG_B, "worker"),
}


MONITOR = "mila"  # a national monitor: no organisation


def password_of(username: str) -> str:
    return f"{username}-secret-pass-1"


@dataclasses.dataclass
class Site:
    """The running server: where it is and how to reach its API."""

    url: str
    data_dir: Path
    program: Program

    def api(self, path: str) -> str:
        return f"{self.url}/api/v1{path}"

    def session_token(self, username: str) -> str:
        answer = requests.post(self.api("/session"), json={
            "username": username, "password": password_of(username)}, timeout=10)
        answer.raise_for_status()
        return str(answer.json()["token"])


def _cli(*commands: tuple[list[str], str | None], env: dict[str, str]) -> None:
    """Run command-line commands (arguments, standard input) side by side; all must succeed."""
    running = [(args, subprocess.Popen(
        [sys.executable, "-m", "server", *args], cwd=ROOT, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
        for args, _stdin in commands]
    for (args, process), (_args, stdin) in zip(running, commands, strict=True):
        output, _ = process.communicate(stdin, timeout=120)
        if process.returncode != 0:
            raise RuntimeError(f"server {args[0]} failed: {output}")


def start_site(data_dir: Path, env: dict[str, str]) -> Site:
    """Initialise the database, create the organisations and users, and serve."""
    env = {**env, "STREETCONTACT_DATA_DIR": str(data_dir),
           "DATABASE_URL": f"sqlite:///{data_dir / 'server.sqlite3'}"}
    _cli((["init"], None), env=env)
    _cli(*[(["create-org", org], None) for org in (ORG_A, ORG_B)], env=env)
    _cli(*[(["create-user", "--org", org, "--role", role, username],
            password_of(username) + "\n") for username, (org, role) in USERS.items()],
         (["create-user", "--role", "monitor", MONITOR], password_of(MONITOR) + "\n"),
         (["set-pilot", ORG_A, "--on"], None), env=env)
    return serve(data_dir, env, log="server.log")


def add_org(site: Site, org: str, users: dict[str, str]) -> None:
    """One more organisation with users (username -> role), by the command line, while the
    server runs."""
    env = {**os.environ, "STREETCONTACT_DATA_DIR": str(site.data_dir),
           "DATABASE_URL": f"sqlite:///{site.data_dir / 'server.sqlite3'}"}
    _cli((["create-org", org], None), env=env)
    _cli(*[(["create-user", "--org", org, "--role", role, username], password_of(username)
            + "\n") for username, role in users.items()], env=env)


def serve(data_dir: Path, env: dict[str, str], *, log: str) -> Site:
    """One more server process on the same database (e.g. with other settings).

    Every test client signs in from 127.0.0.1, so the per-address sign-in limit is
    lifted; the per-account limit stays (a test of it sets its own).
    """
    env = {"STREETCONTACT_LOGIN_LIMIT_ADDRESS": "100000", **env,
           "STREETCONTACT_DATA_DIR": str(data_dir),
           "DATABASE_URL": f"sqlite:///{data_dir / 'server.sqlite3'}"}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    program = Program(["-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port),
                       "--log-level", "warning"],
                      log=data_dir / log, ready_url=f"{url}/api/v1/health", env=env)
    program.start()
    return Site(url, data_dir, program)


class Phone:
    """An enrolled phone: pushes contacts and pulls feedback like the field app does."""

    def __init__(self, site: Site, username: str, name: str = "Test phone") -> None:
        self.site = site
        answer = requests.post(site.api("/devices/enroll"), json={
            "username": username, "password": password_of(username), "device_name": name},
            timeout=10)
        answer.raise_for_status()
        found = answer.json()
        self.token: str = found["token"]
        self.device_id: str = found["device_id"]
        self.enrollment = Enrollment(worker_id=found["worker"]["id"], device_id=self.device_id,
                                     org_id=found["worker"]["org_id"])

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def push_raw(self, contacts: list[Contact]) -> requests.Response:
        return requests.post(self.site.api("/sync/push"), headers=self._headers(),
                             json={"records": [to_wire(c) for c in contacts]}, timeout=30)

    def push(self, contacts: list[Contact]) -> list[dict[str, Any]]:
        answer = self.push_raw(contacts)
        answer.raise_for_status()
        results: list[dict[str, Any]] = answer.json()["results"]
        assert {r["status"] for r in results} <= {"stored", "duplicate"}, results
        return results

    def pull(self, since: str | None = None) -> dict[str, Any]:
        answer = requests.get(self.site.api("/sync/pull"), headers=self._headers(),
                              params={"since": since} if since else {}, timeout=10)
        answer.raise_for_status()
        found: dict[str, Any] = answer.json()
        return found


def met(phone: Phone, day: date, **fields: Any) -> Contact:
    """A first contact recorded on `phone` on `day` (created that morning)."""
    now = datetime.combine(day, time(9, 0), tzinfo=UTC)
    return make_contact(enrollment=phone.enrollment, now=now, contact_date=day, **fields)
