"""Downloads from the web pages: a short-lived, single-use ticket instead of the session token.

The browser cannot send the session token with a plain link, and a token in a
URL ends up in logs. So the page asks for a ticket — sealed (AES-GCM) with a key
derived from the server secret, naming the user, the organisation, what to
export (filters, language) and an expiry a minute ahead, none of it readable in
a log — and sends the browser to `/downloads/<ticket>`.
Redeeming it counts one use of the ticket in the database (the same attempt
counters the sign-in uses, so every server process agrees; the retention purge
deletes the row once the ticket has expired): a second use, an
expired or a forged ticket all answer 410. The user is read again from the
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
from typing import Any

import flet as ft
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.config import Settings
from server.errors import RateLimited, ServiceError
from server.models import User
from server.services import export, ratelimit
from server.services.principals import Principal, Role
from server.web.context import Services, WebContext
from server.web.figures_csv import figures_csv
from server.web.filter_params import filters_from

CONTACTS = "contacts"
FIGURES = "figures"
KINDS = (CONTACTS, FIGURES)
LIFETIME_SECONDS = 60
PATH = "/downloads"
_PURPOSE = b"streetcontact download ticket v1"


class BadTicket(Exception):
    """The ticket is forged, expired, used already, or its user may no longer export."""


@dataclasses.dataclass(frozen=True)
class Ticket:
    """What a ticket allows: one export of `kind` with `params`, by `principal`."""

    principal: Principal
    kind: str
    params: dict[str, Any]
    nonce: str


def issue(settings: Settings, *, principal: Principal, kind: str,
          params: dict[str, Any], now: float | None = None) -> str:
    """A sealed ticket for one download (URL-safe text that reveals nothing of its content)."""
    principal.require(Role.SUPERVISOR)
    body = {"u": principal.user_id, "o": principal.org_id, "k": kind, "p": params,
            "e": int((now or time.time()) + LIFETIME_SECONDS), "n": secrets.token_hex(16)}
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_key(settings)).encrypt(
        nonce, json.dumps(body, separators=(",", ":")).encode(), _PURPOSE)
    return base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")


def redeem(db: Session, settings: Settings, ticket: str, *, now: float | None = None) -> Ticket:
    """Check a ticket and count its one use.

    Raises:
        BadTicket: forged, expired, used already, or the user may not export.
    """
    body = _opened(settings, ticket)
    if body["e"] < (now or time.time()) or body["k"] not in KINDS:
        raise BadTicket()
    user = db.scalar(select(User).where(User.id == body["u"], User.org_id == body["o"]))
    if user is None or user.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise BadTicket()
    try:
        ratelimit.use_once(db, key=f"download:{body['n']}", until=body["e"])
    except RateLimited as used:
        raise BadTicket() from used
    principal = Principal(user_id=user.id, org_id=user.org_id, role=Role(user.role),
                          name=user.username)
    return Ticket(principal, body["k"], body["p"], body["n"])


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


def add_download_route(app: FastAPI, services: Services) -> None:
    """`GET /downloads/{ticket}`: the CSV a ticket stands for (not part of the JSON API)."""

    @app.get(PATH + "/{ticket}", include_in_schema=False)
    def download(ticket: str) -> Response:
        try:
            with services.sessions() as db:
                found = redeem(db, services.settings, ticket)
            chunks, name = _content(services, found)
        except (BadTicket, ServiceError, ValueError, KeyError):
            return PlainTextResponse("This download link has expired or was used already.",
                                     status_code=410)
        return StreamingResponse(chunks, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store"})


def _content(services: Services, ticket: Ticket) -> tuple[Iterator[str], str]:
    lang = str(ticket.params.get("lang", "en"))
    if ticket.kind == CONTACTS:
        chunks = export.export_csv(services.sessions, principal=ticket.principal,
                                   filters=filters_from(ticket.params), lang=lang)
        return chunks, "contacts.csv"
    with services.sessions() as db:
        text = figures_csv(db, principal=ticket.principal, params=ticket.params, lang=lang)
    return iter([text]), "figures.csv"


async def start(ctx: WebContext, kind: str, params: dict[str, Any]) -> None:
    """Issue a ticket for the signed-in user and let the browser fetch the file."""
    ticket = await ctx.call(_issue_checked, settings=ctx.services.settings, kind=kind,
                            params=params)
    await ft.UrlLauncher().launch_url(f"{PATH}/{ticket}", web_only_window_name="_self")


def _issue_checked(db: Session, *, principal: Principal, settings: Settings, kind: str,
                   params: dict[str, Any]) -> str:
    if kind == CONTACTS:
        filters_from(params).check()
    return issue(settings, principal=principal, kind=kind, params=params)

