"""The route table's matching: patterns like "/contacts/:id/edit", and each screen's parent.

Plain Python, no Flet: the shell turns a route into the stack of screens to
show (the screen and the screens under it, so "back" works).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class Match:
    """A route matched to a pattern, with the values of its `:name` parts."""

    pattern: str
    params: dict[str, str]


def match(pattern: str, route: str) -> dict[str, str] | None:
    """The parameters of `route` under `pattern`, or None when it does not match."""
    want = _parts(pattern)
    got = _parts(route)
    if len(want) != len(got):
        return None
    params: dict[str, str] = {}
    for expected, actual in zip(want, got, strict=True):
        if expected.startswith(":"):
            if not actual:
                return None
            params[expected[1:]] = actual
        elif expected != actual:
            return None
    return params


def find(patterns: Mapping[str, str | None], route: str) -> Match | None:
    """The first pattern of `patterns` (pattern -> parent pattern) that matches `route`."""
    path = route.split("?", 1)[0]
    for pattern in patterns:
        params = match(pattern, path)
        if params is not None:
            return Match(pattern, params)
    return None


def stack(patterns: Mapping[str, str | None], found: Match) -> list[Match]:
    """The screens to show for `found`, bottom first: its parents, then itself.

    A parent pattern takes the parameters it names from the child's.
    """
    chain = [found]
    parent = patterns.get(found.pattern)
    while parent is not None:
        names = [p[1:] for p in _parts(parent) if p.startswith(":")]
        chain.append(Match(parent, {n: found.params[n] for n in names}))
        parent = patterns.get(parent)
    return list(reversed(chain))


def route_of(found: Match) -> str:
    """The concrete route of a match."""
    parts = [found.params[p[1:]] if p.startswith(":") else p for p in _parts(found.pattern)]
    return "/" + "/".join(parts)


def _parts(route: str) -> list[str]:
    stripped = route.strip("/")
    return stripped.split("/") if stripped else []


def query(route: str) -> dict[str, str]:
    """The `?name=value` parameters of `route` (the first value of each)."""
    _path, _sep, text = route.partition("?")
    return {name: value for name, value in reversed(parse_qsl(text))}
