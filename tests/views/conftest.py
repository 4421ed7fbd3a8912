"""The browser, the server and field apps for the end-to-end tests of the field app.

One Chromium and one server per test session; each test flow starts its own
field app (its own data folder, so it begins at first run) in a subprocess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.browser import ARTIFACTS, FletPage, loopback_context
from tests.processes import Program
from tests.support import free_port
from tests.sync.live_server import LiveServer
from tests.web.watch import Watch


@dataclass
class FieldApp:
    """A running field app and the browser page showing it."""

    program: Program
    app: FletPage
    data_dir: Path
    url: str


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(Path(tmp_path_factory.mktemp("server"))).start()
    yield live
    live.stop()


OpenApp = Callable[..., FieldApp]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call":
        item.stash[_FAILED] = report.failed


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def open_app(browser: Browser, tmp_path: Path,
             request: pytest.FixtureRequest) -> Iterator[OpenApp]:
    """Start a field app with a fresh data folder (or the one of an app of the same `name`
    that was stopped) and open it at 390×844, in a browser of `locale`, dark if `dark`.

    When the test fails, each app's last screen is saved as a test artifact. Any page
    asset the app's server does not have (a font the client asks for) fails the test.
    """
    started: list[tuple[Program, BrowserContext, FletPage, Watch]] = []

    def start(*, server_url: str | None = None, auto_lock_seconds: float | None = None,
              name: str = "app", geolocation: tuple[float, float] | None = None,
              extra_args: tuple[str, ...] = (), locale: str = "en-US",
              dark: bool = False) -> FieldApp:
        port = free_port()
        data_dir = tmp_path / name
        args = ["main.py", "--web", "--port", str(port), "--data-dir", str(data_dir),
                "--sync-probe-seconds", "1"]
        if server_url is not None:
            args += ["--server", server_url]
        if auto_lock_seconds is not None:
            args += ["--auto-lock-seconds", str(auto_lock_seconds)]
        args += extra_args
        program = Program(args, log=ARTIFACTS / "logs" / f"{tmp_path.name}-{name}.log",
                          ready_url=f"http://127.0.0.1:{port}/",
                          env={"STREETCONTACT_FAST_KDF": "1"}).start()
        context = loopback_context(browser, locale=locale, dark=dark)
        watch = Watch(require_policy=False)  # every page asset must be there (fonts too)
        watch.attach(context)
        if geolocation is not None:  # the phone knows where it is, and may tell the app
            context.grant_permissions(["geolocation"], origin=f"http://127.0.0.1:{port}")
            context.set_geolocation({"latitude": geolocation[0], "longitude": geolocation[1]})
        app = FletPage(context.new_page())
        started.append((program, context, app, watch))
        app.open(f"http://127.0.0.1:{port}/")
        return FieldApp(program=program, app=app, data_dir=data_dir,
                        url=f"http://127.0.0.1:{port}/")

    yield start
    failed = request.node.stash.get(_FAILED, False)
    for number, (program, context, app, _watch) in enumerate(started):
        if failed:
            app.page.screenshot(path=ARTIFACTS / f"failed-{request.node.name}-{number}.png")
        context.close()
        program.stop()
    for *_parts, watch in started:
        watch.check()
