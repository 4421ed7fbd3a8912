"""The server application: the JSON API under /api/v1, then (last) the supervisors' web pages."""

from __future__ import annotations

import logging
import os

from fastapi import APIRouter, Depends
from flet_web.fastapi import FastAPI

from server import __version__
from server.api import errors
from server.api.deps import refuse_unreadable_url_text, reject_unknown_query
from server.api.routes import admin, contacts, export, health, national, persons, session, sync
from server.background import DailyPurge
from server.config import Settings, load_settings
from server.db import make_engine, make_sessions
from server.headers import SecurityHeaders
from server.limits import BodyLimit
from server.web.app import mount as mount_web_pages

log = logging.getLogger(__name__)


def create_app(settings: Settings) -> FastAPI:
    """A ready application for `settings` (the schema must be migrated: `python -m server init`).

    Raises:
        SettingsError: production mode with an unsafe secret.
    """
    settings.check_safe()
    engine = make_engine(settings.database_url)
    sessions = make_sessions(engine)
    purge = DailyPurge(sessions, settings)
    # No HTML docs (Swagger UI and ReDoc load their code from a CDN): the API is described
    # by /openapi.json, which any OpenAPI viewer reads, and by docs/api.md.
    app = FastAPI(title="StreetContact", version=__version__,
                  description="Sync API for the field app and review API for supervisors.",
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
                  on_startup=[purge.start], on_shutdown=[purge.stop])
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    errors.install(app)
    api = APIRouter(prefix="/api/v1", dependencies=[Depends(refuse_unreadable_url_text),
                                                    Depends(reject_unknown_query)])
    for module in (health, session, sync, persons, contacts, export, admin, national):
        api.include_router(module.router)
    app.include_router(api)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(errors.CatchUnexpected)
    app.add_middleware(SecurityHeaders)  # last added: outermost, so every answer has them
    # The supervisors' web pages are mounted here, after every API route, so
    # their catch-all paths never shadow the API:
    mount_web_pages(app, sessions=app.state.sessions, settings=settings)
    return app


def app_from_environment() -> FastAPI:
    """The factory `serve` gives uvicorn: every worker process reads the same settings."""
    return create_app(load_settings(os.environ))
