"""When the app locks itself: after a stretch with no interaction."""

from __future__ import annotations

from fieldapp.idle import IdleClock


def test_idle_clock_expires_only_after_the_timeout_without_touches() -> None:
    clock = IdleClock(timeout=300, now=0)
    assert not clock.expired(299)
    clock.touch(200)
    assert not clock.expired(499)
    assert clock.expired(500)


def test_idle_clock_ignores_a_touch_from_the_past() -> None:
    clock = IdleClock(timeout=10, now=100)
    clock.touch(50)
    assert clock.expired(110)
