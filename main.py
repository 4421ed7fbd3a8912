"""The field app: `python main.py [--web] [--port N] [--data-dir DIR] [--server URL]`.

Reads the configuration once, builds the field app (`fieldapp.FieldApp`) and runs
its Flet screens: as a desktop window where Flet's desktop client is installed,
otherwise (and with `--web`) served to a browser on 127.0.0.1 with everything
from the local wheel, no CDN. Served to a browser, each tab enters the PIN for
itself, and a request naming any other host than the one served is refused
(a page elsewhere cannot reach the app by pointing its own name at 127.0.0.1).
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import flet as ft
import uvicorn
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocketClose

from fieldapp.app import FieldApp
from fieldapp.config import FieldAppConfig, SecretPlace
from views.app import start_page

DEFAULT_WEB_PORT = 8550
log = logging.getLogger(__name__)


class ServedHostOnly:
    """Refuses every request whose Host header is not the address served (DNS rebinding)."""

    def __init__(self, app: ASGIApp, *, port: int) -> None:
        self.app = app
        self.hosts = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = dict(scope["headers"]).get(b"host", b"").lower()
            if host not in self.hosts:
                refuse: ASGIApp = (PlainTextResponse("Invalid host header", status_code=400)
                                   if scope["type"] == "http" else WebSocketClose(code=1008))
                await refuse(scope, receive, send)
                return
        await self.app(scope, receive, send)


def serve_web(app: FieldApp, *, port: int) -> None:
    """Serve the field app to browsers on 127.0.0.1:`port` until the process is stopped."""
    asgi = ft.run(lambda page: start_page(page, app), export_asgi_app=True, no_cdn=True)
    asgi.add_middleware(ServedHostOnly, port=port)
    log.info("the field app is served at http://127.0.0.1:%d/", port)
    uvicorn.run(asgi, host="127.0.0.1", port=port, ws="websockets-sansio",
                log_level="warning")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line of the field app."""
    parser = argparse.ArgumentParser(prog="main.py", description=__doc__.splitlines()[0])
    parser.add_argument("--web", action="store_true", help="serve the app to a browser")
    parser.add_argument("--port", type=int, default=DEFAULT_WEB_PORT,
                        help=f"port of the web app (default {DEFAULT_WEB_PORT})")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder of this phone's data (default: the app's data folder, "
                             "or ./data/phone)")
    parser.add_argument("--server", default=None,
                        help="the central server's address, offered when enrolling")
    parser.add_argument("--auto-lock-seconds", type=float, default=None,
                        help="lock after this many idle seconds instead of the setting "
                             "(for demonstrations and tests)")
    parser.add_argument("--sync-probe-seconds", type=float, default=None,
                        help="look for the server this often while contacts wait, and for "
                             "feedback while none wait, instead of every 30-60 s and every "
                             "5 minutes (for demonstrations and tests)")
    parser.add_argument("--device-secret", choices=[place.value for place in SecretPlace],
                        default="auto",
                        help="where the device secret is kept: the phone's secure storage on "
                             "a phone, a file elsewhere (auto); secure-storage also in a "
                             "browser, to try the phone's way")
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace, environ: dict[str, str]) -> FieldAppConfig:
    """The configuration from the command line and the environment."""
    data_dir = args.data_dir
    if data_dir is None:
        # Set by Flet in an app built for a phone: the app's private data folder.
        phone_dir = environ.get("FLET_APP_STORAGE_DATA")
        data_dir = Path(phone_dir) if phone_dir else Path("data") / "phone"
    return FieldAppConfig(data_dir=data_dir.resolve(), server_url=args.server,
                          auto_lock_seconds=args.auto_lock_seconds,
                          sync_probe_seconds=args.sync_probe_seconds,
                          device_secret=SecretPlace(args.device_secret),
                          fast_kdf=environ.get("STREETCONTACT_FAST_KDF") == "1")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the field app until its window closes or the process is stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    args = parse_args(argv)
    config = config_from(args, dict(os.environ))
    if config.fast_kdf:
        logging.getLogger(__name__).warning(
            "STREETCONTACT_FAST_KDF is set: new PINs get a weak key derivation (tests only)")
    app = FieldApp(config)
    desktop = importlib.util.find_spec("flet_desktop") is not None
    try:
        if args.web or not desktop:
            serve_web(app, port=args.port)
        else:
            ft.run(lambda page: start_page(page, app))
    finally:
        app.vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
