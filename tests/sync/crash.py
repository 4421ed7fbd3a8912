"""Killing the app at a chosen moment: a wrapper that raises `Crash` around a method call.

`Crash` is a BaseException, so nothing in the product catches it — exactly
like the process dying there: no `except`, no clean-up write happens after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Crash(BaseException):
    """The app dies here."""


class Crashing:
    """Passes every call on to `target`; `when(method, phase)` says where to die.

    `phase` is "before" (the call never happens) or "after" (it happened, and
    the app died before it could go on). Attributes named in `wrap` are wrapped
    as well (a vault's `settings`).
    """

    def __init__(self, target: Any, when: Callable[[str, str], bool], *,
                 wrap: tuple[str, ...] = ()) -> None:
        self._target = target
        self._when = when
        self._wrap = wrap

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if name in self._wrap:
            return Crashing(value, self._when)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            if self._when(name, "before"):
                raise Crash(f"before {name}")
            result = value(*args, **kwargs)
            if self._when(name, "after"):
                raise Crash(f"after {name}")
            return result

        return call


def at(method: str, phase: str) -> Callable[[str, str], bool]:
    """Die at the first call of `method` in `phase`."""
    done = []

    def when(name: str, when_phase: str) -> bool:
        if not done and (name, when_phase) == (method, phase):
            done.append(True)
            return True
        return False

    return when
