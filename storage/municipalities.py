"""The organisation's municipalities as this phone last learned them, kept in the vault.

The server sends the whole list at enrollment and again (on pull) whenever it
changes; the newest replaces what is kept. A phone that was never told (an
older server) keeps nothing: the form then offers the first pilot's six.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from model.municipalities import InvalidList, Municipality, read_list

KEY = "municipalities"


class Settings(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...


def keep(settings: Settings, items: Sequence[Municipality]) -> None:
    """Keep `items` as the organisation's list (one durable write)."""
    settings.set(KEY, [{"code": m.code, "name": m.name} for m in items])


def kept(settings: Settings) -> tuple[Municipality, ...] | None:
    """The list kept; None when the server never sent one (or what is kept cannot be read)."""
    raw = settings.get(KEY)
    if raw is None:
        return None
    try:
        return read_list(raw)
    except InvalidList:
        return None
