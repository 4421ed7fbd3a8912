"""Download tickets: a short-lived, single-use ticket instead of the session token, and the
file it stands for.

The browser cannot send the session token with a plain link, and a token in a
URL ends up in logs. So a page asks for a ticket — sealed (AES-GCM) with a key
derived from the server secret, naming the user, the organisation, what to
export (filters, language) and an expiry a minute ahead, none of it readable in
a log — and sends the browser to a link holding it.
Redeeming it counts one use of the ticket in the database (the same attempt
counters the sign-in uses, so every server process agrees; the retention purge
deletes the row once the ticket has expired): a second use, an
expired or a forged ticket are all `BadTicket`. The user is read again from the
database, so a deleted or demoted account cannot use a ticket it was given.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.config import Settings
from server.db import SessionFactory
from server.errors import Forbidden, RateLimited, ServiceError
from server.models import User
from server.services import export, figures_csv, national, national_csv, ratelimit
from server.services.contacts import ContactFilters
from server.services.principals import Principal, Role

CONTACTS = "contacts"
FIGURES = "figures"
NATIONAL = "national"
KINDS = (CONTACTS, FIGURES, NATIONAL)
LIFETIME_SECONDS = 60
_PURPOSE = b"streetcontact download ticket v1"
_DATES = ("date_from", "date_to")


class BadTicket(Exception):
    """The ticket is forged, expired, used already, or its user may no longer export."""


@dataclasses.dataclass(frozen=True)
class Ticket:
    """What a ticket allows: one export of `kind` with `params`, by `principal`."""

    principal: Principal
    kind: str
    params: dict[str, Any]
    nonce: str


@dataclasses.dataclass(frozen=True)
class Download:
    """The file of a redeemed ticket: its text in chunks (the first starts with the BOM)."""

    chunks: Iterator[str]
    filename: str


def contacts_ticket(_db: Session, *, principal: Principal, settings: Settings,
                    filters: ContactFilters, lang: str, sep: str | None = None) -> str:
    """A ticket for the contacts matching `filters`, as CSV in `lang` with the separator
    `sep` (None: the language's; the session is unused: every service a page calls takes
    one).

    Raises:
        Forbidden: the caller is not a supervisor or admin.
        InvalidInput: a filter value or the separator is not valid.
    """
    filters.check()
    export.separator(sep, lang)
    return issue(settings, principal=principal, kind=CONTACTS,
                 params={**filters_to(filters), "lang": lang, "sep": sep})


def figures_ticket(_db: Session, *, principal: Principal, settings: Settings,
                   date_from: date | None, date_to: date | None, municipality: str | None,
                   lang: str, sep: str | None = None) -> str:
    """A ticket for the monitoring figures of a period and municipality, as CSV in `lang`
    with the separator `sep` (None: the language's).

    Raises:
        Forbidden: the caller is not a supervisor or admin.
        InvalidInput: the separator is not valid.
    """
    export.separator(sep, lang)
    return issue(settings, principal=principal, kind=FIGURES, params={
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "municipality": municipality, "lang": lang, "sep": sep})


def national_ticket(_db: Session, *, principal: Principal, settings: Settings,
                    query: national.NationalQuery, lang: str, sep: str | None = None) -> str:
    """A ticket for the national figures of `query`, as CSV in `lang` (monitors too).

    Raises:
        Forbidden: a worker.
        InvalidInput: the separator is not valid.
    """
    export.separator(sep, lang)
    return issue(settings, principal=principal, kind=NATIONAL, params={
        "period": query.period, "pilot_only": query.pilot_only,
        "date_from": query.date_from.isoformat() if query.date_from else None,
        "date_to": query.date_to.isoformat() if query.date_to else None,
        "municipality": query.municipality, "lang": lang, "sep": sep})


def issue(settings: Settings, *, principal: Principal, kind: str,
          params: dict[str, Any], now: float | None = None) -> str:
    """A sealed ticket for one download (URL-safe text that reveals nothing of its content)."""
    if kind != NATIONAL:
        principal.require(Role.SUPERVISOR)
    elif not national.allowed(principal):
        raise Forbidden()
    body = {"u": principal.user_id, "o": principal.org_id, "k": kind, "p": params,
            "e": int((now or time.time()) + LIFETIME_SECONDS), "n": secrets.token_hex(16)}
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_key(settings)).encrypt(
        nonce, json.dumps(body, separators=(",", ":")).encode(), _PURPOSE)
    return base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")


def redeem(db: Session, *, settings: Settings, ticket: str, now: float | None = None) -> Ticket:
    """Check a ticket and count its one use.

    Raises:
        BadTicket: forged, expired, used already, or the user may not export.
    """
    body = _opened(settings, ticket)
    if body["e"] < (now or time.time()) or body["k"] not in KINDS:
        raise BadTicket()
    user = db.scalar(select(User).where(User.id == body["u"], User.org_id == body["o"]))
    may = (Role.SUPERVISOR, Role.ADMIN, *((Role.MONITOR,) if body["k"] == NATIONAL else ()))
    if user is None or user.role not in may:
        raise BadTicket()
    try:
        ratelimit.use_once(db, key=f"download:{body['n']}", until=body["e"])
    except RateLimited as used:
        raise BadTicket() from used
    principal = Principal(user_id=user.id, org_id=user.org_id, role=Role(user.role),
                          name=user.username)
    return Ticket(principal, body["k"], body["p"], body["n"])


def fetch(sessions: SessionFactory, *, settings: Settings, ticket: str) -> Download:
    """Redeem a ticket and start its file; the export is audited now.

    The contacts are read, with a session of their own, as the chunks are consumed.

    Raises:
        BadTicket: forged, expired, used already, its user may no longer export, or what
            it asks for is not valid (any more).
    """
    try:
        with sessions() as db:
            found = redeem(db, settings=settings, ticket=ticket)
        return _file(sessions, found, settings)
    except (ServiceError, ValueError, KeyError) as error:
        raise BadTicket() from error


def _file(sessions: SessionFactory, ticket: Ticket, settings: Settings) -> Download:
    lang = str(ticket.params.get("lang", "en"))
    sep = ticket.params.get("sep")
    if ticket.kind == CONTACTS:
        chunks = export.export_csv(sessions, principal=ticket.principal,
                                   filters=filters_from(ticket.params), lang=lang, sep=sep)
        return Download(chunks, "contacts.csv")
    date_from, date_to = dates_from(ticket.params)
    if ticket.kind == NATIONAL:
        query = national.NationalQuery(str(ticket.params["period"]), date_from, date_to,
                                       ticket.params.get("municipality") or None,
                                       bool(ticket.params.get("pilot_only")))
        with sessions() as db:
            text = national_csv.national_csv(db, principal=ticket.principal,
                                             settings=settings, query=query,
                                             today=national.reporting_today(),
                                             lang=lang, sep=sep)
        return Download(iter([text]), "national-figures.csv")
    with sessions() as db:
        text = figures_csv.figures_csv(db, principal=ticket.principal, lang=lang,
                                       date_from=date_from, date_to=date_to,
                                       municipality=ticket.params.get("municipality") or None,
                                       sep=sep)
    return Download(iter([text]), "figures.csv")


def _opened(settings: Settings, ticket: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(ticket.encode("ascii") + b"==")
        body = json.loads(AESGCM(_key(settings)).decrypt(raw[:12], raw[12:], _PURPOSE))
    except (ValueError, UnicodeError, InvalidTag) as error:
        raise BadTicket() from error
    if not isinstance(body, dict) or not isinstance(body.get("e"), int) \
            or not isinstance(body.get("p"), dict):
        raise BadTicket()
    return body


def _key(settings: Settings) -> bytes:
    """The tickets' own key, derived from the server secret."""
    return hmac.new(settings.secret.encode(), _PURPOSE, hashlib.sha256).digest()


def filters_to(filters: ContactFilters) -> dict[str, Any]:
    """The filters that are set, as plain JSON values (dates as ISO text)."""
    found: dict[str, Any] = {}
    for field in dataclasses.fields(ContactFilters):
        value = getattr(filters, field.name)
        if value is not None:
            found[field.name] = value.isoformat() if isinstance(value, date) else value
    return found


def filters_from(params: dict[str, Any]) -> ContactFilters:
    """The filters back from `filters_to`'s form; other keys (the language) are ignored.

    Raises:
        ValueError: a date that is not ISO text, or a value that is not text.
    """
    names = {f.name for f in dataclasses.fields(ContactFilters)}
    values: dict[str, Any] = {}
    for name, value in params.items():
        if name not in names or value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(name)
        values[name] = date.fromisoformat(value) if name in _DATES else value
    return ContactFilters(**values)


def dates_from(params: dict[str, Any]) -> tuple[date | None, date | None]:
    """The period of a figures download."""
    start, end = (params.get(n) for n in _DATES)
    return (date.fromisoformat(start) if start else None,
            date.fromisoformat(end) if end else None)
