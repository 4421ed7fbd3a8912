"""The command line, run as a user would: `python -m server ...`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from server import cli
from tests.server.conftest import ROOT


def _run(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["STREETCONTACT_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "server", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, env=env, timeout=120)


def test_set_up_an_organisation_from_the_command_line(tmp_path: Path) -> None:
    assert _run(tmp_path, "init").returncode == 0
    assert (tmp_path / "streetcontact.sqlite3").exists()
    assert _run(tmp_path, "init").returncode == 0  # upgrading an up-to-date schema is fine
    assert _run(tmp_path, "create-org", "Barka").returncode == 0
    again = _run(tmp_path, "create-org", "Barka")
    assert again.returncode == 1 and "organisation_exists" in again.stderr
    made = _run(tmp_path, "create-user", "--org", "Barka", "--role", "admin", "anna",
                stdin="a long password\n")
    assert made.returncode == 0, made.stderr
    assert "a long password" not in made.stdout + made.stderr
    short = _run(tmp_path, "create-user", "--org", "Barka", "--role", "admin", "bob",
                 stdin="short\n")
    assert short.returncode == 1 and "too_short" in short.stderr
    missing = _run(tmp_path, "create-user", "--org", "Nobody", "--role", "worker", "carl",
                   stdin="a long password\n")
    assert missing.returncode == 1
    assert _run(tmp_path, "revoke-device", "no-such-device").returncode == 1
    purged = _run(tmp_path, "purge")
    assert purged.returncode == 0 and "purged 0 contacts" in purged.stdout


def test_demo_shows_passwords_only_on_first_start(tmp_path: Path) -> None:
    assert _run(tmp_path, "init").returncode == 0
    first = _run(tmp_path, "demo")
    assert first.returncode == 0
    assert first.stdout.count("password:") == 3
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
