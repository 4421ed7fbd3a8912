"""The command line, run as a user would: `python -m server ...`."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from server import cli
from tests.server.conftest import ROOT, SERVER_ENV, Database, LiveServer


@dataclasses.dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def _run(where: Path | str, *args: str, stdin: str = "") -> Done:
    """The command in this process (quick): what `python -m server` calls.

    `where` is a data folder (default SQLite file) or a database URL.
    """
    out, err = io.StringIO(), io.StringIO()
    # A database URL: the live server's; its secret too, so `init` writes no secret file.
    env = ({"STREETCONTACT_DATA_DIR": str(where)} if isinstance(where, Path)
           else {"DATABASE_URL": where, "STREETCONTACT_SECRET": SERVER_ENV["STREETCONTACT_SECRET"]})
    with mock.patch.dict(os.environ, env), \
            mock.patch.object(sys, "stdin", io.StringIO(stdin)), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        if isinstance(where, Path):
            os.environ.pop("DATABASE_URL", None)
        code = cli.main(list(args))
    return Done(code, out.getvalue(), err.getvalue())


def _run_process(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["STREETCONTACT_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "server", *args], text=True,
                          capture_output=True, cwd=ROOT, env=env, timeout=120)


def test_init_makes_the_default_sqlite_file(tmp_path: Path) -> None:
    done = _run_process(tmp_path, "init")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "streetcontact.sqlite3").exists()


def test_set_up_an_organisation_from_the_command_line(database: Database,
                                                      live: LiveServer) -> None:
    url, org, user = database.url, f"Barka-{secrets.token_hex(3)}", f"anna-{secrets.token_hex(3)}"
    assert _run(url, "init").returncode == 0  # upgrading an up-to-date schema is fine
    assert _run(url, "create-org", org).returncode == 0
    again = _run(url, "create-org", org)
    assert again.returncode == 1 and "organisation_exists" in again.stderr
    made = _run(url, "create-user", "--org", org, "--role", "admin", user,
                stdin="a long password\n")
    assert made.returncode == 0, made.stderr
    assert "a long password" not in made.stdout + made.stderr
    signed = live.api().post("/api/v1/session", json={"username": user,
                                                      "password": "a long password"})
    assert signed.status_code == 200
    short = _run(url, "create-user", "--org", org, "--role", "admin", "bob", stdin="short\n")
    assert short.returncode == 1 and "too_short" in short.stderr
    missing = _run(url, "create-user", "--org", "Nobody", "--role", "worker", "carl",
                   stdin="a long password\n")
    assert missing.returncode == 1
    assert _run(url, "revoke-device", "no-such-device").returncode == 1
    phone = live.api()
    device = phone.post("/api/v1/devices/enroll", json={
        "username": user, "password": "a long password", "device_name": "phone"}).json()
    assert _run(url, "revoke-device", device["device_id"]).returncode == 0
    pulled = phone.with_token(device["token"]).get("/api/v1/sync/pull")
    assert pulled.json()["error"] == "device_revoked"
    assert _run(url, "purge").returncode == 0


def test_demo_shows_passwords_only_on_first_start(tmp_path: Path) -> None:
    assert _run(tmp_path, "init").returncode == 0
    first = _run_process(tmp_path, "demo")
    assert first.returncode == 0
    assert first.stdout.count("password:") == 3
    # The same kind of password the admins' page hands over: nothing to misread.
    assert len(re.findall(r"password: [a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}\n",
                          first.stdout)) == 3
    second = _run(tmp_path, "demo")
    assert second.returncode == 0 and "password:" not in second.stdout
    assert second.stdout.count("exists") == 3


def test_serve_refuses_production_with_the_default_secret(tmp_path: Path) -> None:
    done = _run(tmp_path, "serve", "--production", "--port", "1")
    assert done.returncode == 1 and "STREETCONTACT_SECRET" in done.stderr


def test_the_password_is_never_a_command_line_argument() -> None:
    with pytest.raises(SystemExit):
        cli.main(["create-user", "--org", "X", "--role", "worker", "--password", "pw", "u"])


def test_readme_names_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = cli._parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"python -m server {name}" in readme, name


def test_sharing_of_persons_is_set_from_the_command_line(tmp_path: Path) -> None:
    assert _run(tmp_path, "init").returncode == 0
    assert _run(tmp_path, "create-org", "Sharing").returncode == 0
    off = _run(tmp_path, "set-sharing", "Sharing", "--off", "--months", "3")
    assert (off.returncode, off.stdout.strip()) == (
        0, "sharing of person cards in Sharing: off, 3 months after the last contact")
    on = _run(tmp_path, "set-sharing", "Sharing", "--on")
    assert "Sharing: on, 3 months" in on.stdout
    bad = _run(tmp_path, "set-sharing", "Sharing", "--months", "0")
    assert (bad.returncode, bad.stderr.strip()) == (1, "error: invalid_request "
                                                    "[{'field': 'months', 'code': 'out_of_range', "
                                                    "'params': {'min': 1, 'max': 60}}]")
    assert _run(tmp_path, "set-sharing", "Nobody", "--on").returncode == 1


def test_an_organisations_municipalities_from_the_command_line(tmp_path: Path) -> None:
    assert _run(tmp_path, "init").returncode == 0
    assert _run(tmp_path, "create-org", "Barka").returncode == 0
    first = _run(tmp_path, "municipalities", "Barka", "--list")
    assert first.stdout.splitlines()[0] == "GM0518 's-Gravenhage"  # by name
    assert len(first.stdout.splitlines()) == 6
    added = _run(tmp_path, "municipalities", "Barka", "--add", "GM0153", " Enschede ")
    assert added.returncode == 0, added.stderr
    assert "GM0153 Enschede" in _run(tmp_path, "municipalities", "Barka").stdout
    twice = _run(tmp_path, "municipalities", "Barka", "--add", "GM0153", "Enschede")
    assert twice.returncode == 1 and "duplicate_value" in twice.stderr
    malformed = _run(tmp_path, "municipalities", "Barka", "--add", "GM153", "Enschede")
    assert malformed.returncode == 1 and "invalid_format" in malformed.stderr
    assert _run(tmp_path, "municipalities", "Barka", "--remove", "GM0363").returncode == 0
    gone = _run(tmp_path, "municipalities", "Barka", "--remove", "GM0363")
    assert gone.returncode == 1 and "not on" in gone.stderr
    left = _run(tmp_path, "municipalities", "Barka").stdout
    assert "GM0363" not in left and len(left.splitlines()) == 6
    assert _run(tmp_path, "municipalities", "Nobody").returncode == 1
