"""docs/api.md documents every operation the server offers."""

from __future__ import annotations

from server.app import create_app
from server.config import Settings
from tests.server.conftest import ROOT


def test_api_md_covers_every_operation() -> None:
    document = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    paths = create_app(Settings(database_url="sqlite://")).openapi()["paths"]
    for path, methods in paths.items():
        short = path.removeprefix("/api/v1")
        for method in methods:
            assert f"{method.upper()} {short}" in document, (method, path)
