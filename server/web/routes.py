"""Route table of the supervisors' pages: one pattern, one page builder, one role.

Patterns are paths with `{name}` segments (`/contacts/{contact_id}`); a
segment only matches ids made of letters, digits and `-`, so nothing else
reaches a builder.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlsplit

import flet as ft

from server.services.principals import Role
from server.web.context import WebContext

PageBuilder = Callable[[WebContext, dict[str, str]], Awaitable[ft.Control]]

_SEGMENT = re.compile(r"^[A-Za-z0-9-]{1,64}$")


@dataclasses.dataclass(frozen=True)
class Route:
    """One page: where it lives, who may see it, how it is built, which menu entry it is."""

    pattern: str
    build: PageBuilder
    role: Role | None = Role.SUPERVISOR
    nav: str | None = None

    def match(self, path: str) -> dict[str, str] | None:
        """The path's parameters when it matches this route, else None."""
        want = _parts(self.pattern)
        got = _parts(path)
        if len(want) != len(got):
            return None
        params: dict[str, str] = {}
        for pattern, value in zip(want, got, strict=True):
            if pattern.startswith("{") and pattern.endswith("}"):
                if not _SEGMENT.match(value):
                    return None
                params[pattern[1:-1]] = value
            elif pattern != value:
                return None
        return params


def resolve(routes: Sequence[Route], route: str) -> tuple[Route, dict[str, str]] | None:
    """The route and parameters for a page route (query string ignored), if any matches."""
    path = urlsplit(route or "/").path or "/"
    for candidate in routes:
        params = candidate.match(path)
        if params is not None:
            return candidate, params
    return None


def _parts(path: str) -> list[str]:
    return [p for p in path.strip("/").split("/") if p]
