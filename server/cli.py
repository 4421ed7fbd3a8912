"""The command line: a thin layer over the services (`python -m server --help`)."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Callable, Iterator, Sequence

from sqlalchemy.orm import Session

from server.config import (
    DEFAULT_SECRET,
    Settings,
    SettingsError,
    create_secret_file,
    load_settings,
)
from server.db import make_engine, make_sessions, migrate
from server.errors import NotFound, ServiceError
from server.services import accounts, municipalities, persons, retention
from server.services.audit import CLI
from server.services.principals import MONITORS_ORG_ID, MONITORS_ORG_NAME, Role

DEMO_ORG = "Demo"
DEMO_USERS = (("supervisor", Role.SUPERVISOR), ("admin", Role.ADMIN), ("worker", Role.WORKER))


class CommandError(Exception):
    """A command cannot be carried out; the message says why (no personal data)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(os.environ, {"database_url": args.database_url,
                                              "data_dir": args.data_dir})
        handler: Callable[[argparse.Namespace, Settings], int] = args.handler
        return handler(args, settings)
    except (CommandError, SettingsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ServiceError as error:
        print(f"error: {error.code} {error.detail or ''}".rstrip(), file=sys.stderr)
        return 1


def _init(_args: argparse.Namespace, settings: Settings) -> int:
    # Without STREETCONTACT_SECRET (nor a secret file) the server would run with the
    # public development value.
    if settings.secret == DEFAULT_SECRET and create_secret_file(settings):
        print(f"created the server's secret in {settings.secret_file} (keep it; back it up)")
    migrate(make_engine(settings.database_url))
    print("database is up to date")
    return 0


def _create_org(args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as db:
        org = accounts.create_org(db, name=args.name, retention_months=args.retention_months)
        print(f"organisation {org.name} created: {org.id}")
    return 0


def _create_user(args: argparse.Namespace, settings: Settings) -> int:
    role = Role(args.role)
    if role == Role.MONITOR and args.org is not None:
        raise CommandError("a monitor belongs to no organisation: leave out --org")
    if role != Role.MONITOR and args.org is None:
        raise CommandError("--org is needed (only a monitor has none)")
    if args.org == MONITORS_ORG_NAME:
        raise CommandError(f"no organisation called {args.org!r}")
    password = _read_password()
    with _session(settings) as db:
        if role == Role.MONITOR:
            org_id, where = MONITORS_ORG_ID, "national monitoring"
        else:
            org = accounts.find_org(db, name=args.org)
            if org is None:
                raise CommandError(f"no organisation called {args.org!r}")
            org_id, where = org.id, org.name
        user = accounts.set_user(db, org_id=org_id, username=args.username, password=password,
                                 role=role)
        print(f"user {user.username} ({user.role}) in {where}: {user.id}")
    return 0


def _set_pilot(args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as db:
        org = accounts.find_org(db, name=args.name)
        if org is None or org.id == MONITORS_ORG_ID:
            raise CommandError(f"no organisation called {args.name!r}")
        accounts.set_pilot(db, org_id=org.id, in_pilot=args.on)
        print(f"organisation {org.name} {'takes' if args.on else 'does not take'} part "
              "in the pilot")
    return 0


def _municipalities(args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as db:
        org = accounts.find_org(db, name=args.org)
        if org is None:
            raise CommandError(f"no organisation called {args.org!r}")
        if args.add:
            code, name = args.add
            municipalities.add(db, org_id=org.id, code=code, name=name, actor=CLI)
            print(f"{code} {' '.join(name.split())} added to {org.name}")
        elif args.remove:
            try:
                municipalities.remove(db, org_id=org.id, code=args.remove, actor=CLI)
            except NotFound:
                raise CommandError(f"{args.remove} is not on {org.name}'s list") from None
            print(f"{args.remove} removed from {org.name}")
        else:
            for place in municipalities.listed(db, org_id=org.id):
                print(f"{place.code} {place.name}")
    return 0


def _revoke_device(args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as db:
        try:
            accounts.revoke_device_by_id(db, device_id=args.device_id)
        except NotFound:
            raise CommandError(f"no device {args.device_id}") from None
    print(f"device {args.device_id} revoked")
    return 0


def _purge(_args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as db:
        report = retention.purge(db, settings=settings)
    total = sum(report.deleted.values())
    print(f"purged {total} contacts past their organisation's retention period; cleared "
          f"{report.sessions} expired sessions, {report.counters} old attempt counters and "
          f"{report.changes} feed changes no phone needs")
    return 0


def _set_sharing(args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as db:
        org = accounts.find_org(db, name=args.org)
        if org is None:
            raise CommandError(f"no organisation called {args.org!r}")
        done = persons.change_sharing(db, org_id=org.id, actor=CLI, months=args.months,
                                      on=None if args.on is None else args.on)
    print(f"sharing of person cards in {args.org}: {'on' if done.on else 'off'}, "
          f"{done.months} months after the last contact")
    return 0


def _demo(_args: argparse.Namespace, settings: Settings) -> int:
    with _session(settings) as db:
        org = accounts.find_org(db, name=DEMO_ORG) or accounts.create_org(db, name=DEMO_ORG)
        for username, role in DEMO_USERS:
            if accounts.find_user(db, username=username) is not None:
                print(f"demo user {username} exists (its password was shown on first start; "
                      f"`create-user --org {DEMO_ORG} --role {role} {username}` resets it)")
                continue
            password = accounts.new_password()
            accounts.set_user(db, org_id=org.id, username=username, password=password, role=role)
            print(f"demo user {username} ({role}) password: {password}")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    if args.production:
        settings = load_settings({**os.environ, "STREETCONTACT_PRODUCTION": "1"},
                                 {"database_url": settings.database_url,
                                  "data_dir": settings.data_dir})
    # Before anything listens: a refused start never binds the address.
    settings.check_serving(host=args.host, proxied=args.forwarded_allow_ips is not None)
    os.environ.update(settings.as_environment())  # every worker process reads these
    uvicorn.run("server.app:app_from_environment", factory=True, host=args.host,
                port=args.port, workers=args.workers, ssl_certfile=args.ssl_certfile,
                ssl_keyfile=args.ssl_keyfile, ssl_ca_certs=args.ssl_ca_certs,
                proxy_headers=args.forwarded_allow_ips is not None,
                forwarded_allow_ips=args.forwarded_allow_ips, log_level=args.log_level,
                server_header=False)
    return 0


def _read_password() -> str:
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise CommandError("the passwords differ")
        return password
    return sys.stdin.readline().rstrip("\r\n")


@contextlib.contextmanager
def _session(settings: Settings) -> Iterator[Session]:
    """A database session for one command."""
    engine = make_engine(settings.database_url)
    try:
        with make_sessions(engine)() as db:
            yield db
    finally:
        engine.dispose()


def _parser() -> argparse.ArgumentParser:
    # Longer than 40 lines: one table of every command and its arguments, kept in one place.
    parser = argparse.ArgumentParser(prog="python -m server",
                                     description="StreetContact central server")
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    parser.add_argument("--data-dir", help="overrides STREETCONTACT_DATA_DIR (default ./data)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[..., int], text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        sub.set_defaults(handler=handler)
        return sub

    command("init", _init, "create or upgrade the database schema, and create the server's "
            "secret in the data folder if there is none")
    org = command("create-org", _create_org, "create an organisation")
    org.add_argument("name")
    org.add_argument("--retention-months", type=int, default=accounts.DEFAULT_RETENTION_MONTHS)
    user = command("create-user", _create_user,
                   "create a user or reset its password (read from a prompt or stdin)")
    user.add_argument("--org", help="the user's organisation (not for a monitor)")
    user.add_argument("--role", required=True, choices=[r.value for r in Role])
    user.add_argument("username")
    places = command("municipalities", _municipalities,
                     "list, add or remove the municipalities an organisation works in")
    places.add_argument("org")
    what = places.add_mutually_exclusive_group()
    what.add_argument("--add", nargs=2, metavar=("CODE", "NAME"),
                      help="add a municipality by its CBS code (GM + 4 digits) and name")
    what.add_argument("--remove", metavar="CODE", help="take a municipality off the list")
    what.add_argument("--list", action="store_true", help="show the list (the default)")
    pilot = command("set-pilot", _set_pilot, "say whether an organisation takes part in the "
                    "pilot (national figures can be limited to those that do)")
    pilot.add_argument("name")
    on_off = pilot.add_mutually_exclusive_group(required=True)
    on_off.add_argument("--on", dest="on", action="store_true")
    on_off.add_argument("--off", dest="on", action="store_false")
    revoke = command("revoke-device", _revoke_device, "revoke an enrolled phone")
    revoke.add_argument("device_id")
    command("purge", _purge, "delete contacts past their organisation's retention period, "
            "expired sessions, old attempt counters and feed changes no phone needs")
    sharing = command("set-sharing", _set_sharing, "set how long phones keep the cards of "
                      "the organisation's persons, or switch sharing them off or on")
    sharing.add_argument("org")
    sharing.add_argument("--months", type=int)
    switch = sharing.add_mutually_exclusive_group()
    switch.add_argument("--on", dest="on", action="store_const", const=True)
    switch.add_argument("--off", dest="on", action="store_const", const=False)
    command("demo", _demo, "create the demo organisation and users if missing")
    serve = command("serve", _serve, "serve the API and the supervisor pages (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--ssl-certfile")
    serve.add_argument("--ssl-keyfile")
    serve.add_argument("--ssl-ca-certs")
    serve.add_argument("--forwarded-allow-ips",
                       help="proxies whose X-Forwarded-For is trusted (e.g. 127.0.0.1)")
    serve.add_argument("--production", action="store_true",
                       help="refuse to start without a real secret (STREETCONTACT_SECRET "
                       "or the data folder's secret file)")
    serve.add_argument("--log-level", default="info")
    return parser
