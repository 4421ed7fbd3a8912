"""The real server in a subprocess on 127.0.0.1 (SQLite), and what tests ask of it.

Accounts are made the way an organisation makes them: the first admin on the
command line, everyone else through the admin API. What the server holds is
read back through its API or, for the raw (id, rev) rows, from its SQLite file.
"""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import requests

from tests.processes import ROOT, Program
from tests.support import free_port

ORG = "Outreach Test"
ADMIN = "admin"
PASSWORD = "correct horse battery"
_names = itertools.count(1)


class _Program(Program):
    """A program whose readiness check trusts a given CA (a server with test certificates)."""

    verify: str | bool = True

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.args} exited with {self.process.returncode}; see {self.log}")
        try:
            return requests.get(self.ready_url, timeout=1, verify=self.verify).status_code < 500
        except requests.RequestException:
            return False


class LiveServer:
    """`python -m server serve` on a free loopback port with its own data folder.

    With `tls=(certfile, keyfile, ca_file)` it serves https with that certificate.
    """

    def __init__(self, folder: Path, *, tls: tuple[Path, Path, Path] | None = None) -> None:
        self.folder = folder
        self.port = free_port()
        self.tls = tls is not None
        self.database = folder / "server.sqlite3"
        self.env = {
            "DATABASE_URL": f"sqlite:///{self.database}",
            "STREETCONTACT_DATA_DIR": str(folder),
            # Tests enroll many phones for few accounts within seconds.
            "STREETCONTACT_LOGIN_LIMIT_ACCOUNT": "100000",
            "STREETCONTACT_LOGIN_LIMIT_ADDRESS": "100000",
        }
        serve = ["-m", "server", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                 "--log-level", "warning"]
        if tls is not None:
            serve += ["--ssl-certfile", str(tls[0]), "--ssl-keyfile", str(tls[1])]
        self.program = _Program(serve, log=folder / "server.log", env=self.env,
                                ready_url=f"{self.url}/api/v1/health")
        if tls is not None:
            self.program.verify = str(tls[2])
        self._admin: requests.Session | None = None
        self._organisations: set[str] = set()

    @property
    def url(self) -> str:
        # A test certificate names "localhost"; it still listens on 127.0.0.1 only.
        return f"https://localhost:{self.port}" if self.tls else f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.cli("init")
        self.cli("create-org", ORG)
        self.cli("create-user", "--org", ORG, "--role", "admin", ADMIN, password=PASSWORD)
        self.program.start()
        return self

    def stop(self) -> None:
        self.program.stop()

    def backup(self, to: Path) -> None:
        """Copy the database the way an operator would: the server stopped, then started again.

        `to` is a folder; the write-ahead log goes with the database file.
        """
        self.stop()
        to.mkdir(parents=True)
        for part in self._database_files():
            if part.exists():
                shutil.copy2(part, to / part.name)
        self.program.start()

    def restore(self, backup: Path) -> None:
        """Put back a copy made by `backup`, with the server stopped, and start it again."""
        self.stop()
        for part in self._database_files():
            part.unlink(missing_ok=True)
            if (backup / part.name).exists():
                shutil.copy2(backup / part.name, part)
        self.program.start()

    def _database_files(self) -> list[Path]:
        return [self.database, *(self.database.with_name(self.database.name + end)
                                  for end in ("-wal", "-shm"))]

    def forget_device(self, device_id: str) -> None:
        """Make the server forget a phone's token but keep its contacts (a replaced key)."""
        with sqlite3.connect(self.database) as db:
            db.execute("UPDATE devices SET token_hash = ? WHERE id = ?", ("0" * 64, device_id))

    def cli(self, *args: str, password: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "server", *args], cwd=ROOT, env=self.program.env,
            input=None if password is None else password + "\n", capture_output=True,
            text=True, timeout=120, check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"server {args[0]} failed: {done.stderr}")
        return done.stdout

    def api(self, method: str, path: str, *, as_user: tuple[str, str] = (ADMIN, PASSWORD),
            **kwargs: Any) -> Any:
        """Call the supervisor/admin API as `as_user` (a fresh session each time)."""
        with requests.Session() as http:
            # The environment's CA bundle would win over `verify` on a session.
            http.trust_env = False
            http.verify = self.program.verify
            login = http.post(f"{self.url}/api/v1/session", timeout=30,
                              json={"username": as_user[0], "password": as_user[1]})
            login.raise_for_status()
            http.headers["Authorization"] = f"Bearer {login.json()['token']}"
            answer = http.request(method, f"{self.url}/api/v1{path}", timeout=30, **kwargs)
            answer.raise_for_status()
            return answer.json()

    def add_user(self, role: str, *, org: str | None = None) -> tuple[str, str]:
        """A new account of `role` in the test organisation, or in the organisation named
        `org` (made at its first use: a test of its own, away from the persons other
        tests record): (username, password)."""
        username = f"{role}{next(_names)}"
        if org is None:
            self.api("POST", "/users", json={"username": username, "password": PASSWORD,
                                             "role": role})
            return username, PASSWORD
        if org not in self._organisations:
            self.cli("create-org", org)
            self._organisations.add(org)
        self.cli("create-user", "--org", org, "--role", role, username, password=PASSWORD)
        return username, PASSWORD

    def revoke(self, device_id: str) -> None:
        self.api("POST", f"/devices/{device_id}/revoke")

    def review(self, contact_id: str, *, state: str, comment: str | None,
               supervisor: tuple[str, str]) -> None:
        self.api("POST", f"/contacts/{contact_id}/review", as_user=supervisor,
                 json={"state": state, "comment": comment})

    def revisions(self, *, device_id: str | None = None) -> list[tuple[str, int]]:
        """Every stored (contact id, rev) row (of one phone), duplicates included if any."""
        query, args = "SELECT contact_id, rev FROM contact_revisions", ()
        if device_id is not None:
            query, args = query + " WHERE device_id = ?", (device_id,)
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            return [(cid, rev) for cid, rev in db.execute(query, args)]

    def review_states(self, ids: list[str]) -> dict[str, str]:
        """The review state the server holds for each contact id."""
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            return {cid: state for cid, state in db.execute(
                f"SELECT id, review_state FROM contacts WHERE id IN ({','.join('?' * len(ids))})",
                ids)}

    def session(self, user: tuple[str, str]) -> requests.Session:
        """A signed-in API session for `user`, to reuse for many calls; close it after."""
        http = requests.Session()
        http.trust_env = False
        http.verify = self.program.verify
        login = http.post(f"{self.url}/api/v1/session", timeout=30,
                          json={"username": user[0], "password": user[1]})
        login.raise_for_status()
        http.headers["Authorization"] = f"Bearer {login.json()['token']}"
        return http

    def content(self, contact_id: str, rev: int) -> dict[str, Any]:
        """The wire record the server keeps for one (id, rev), without the sending phone's id
        (the server keeps that beside it)."""
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            row = db.execute("SELECT content FROM contact_revisions WHERE contact_id = ? AND "
                             "rev = ?", (contact_id, rev)).fetchone()
        return {k: v for k, v in json.loads(row[0]).items() if k != "device_id"}
