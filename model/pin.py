"""The rules of the PIN that protects the phone's data, and what to tell after a wrong one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MIN_PIN_LENGTH = 6
# After this many wrong PINs in a row the stored key is destroyed (DESIGN.md).
MAX_ATTEMPTS = 10
# From this failed attempt on, every wrong PIN shows the wipe warning.
WARN_FROM_ATTEMPT = 7


class PinProblem(StrEnum):
    """Why a new PIN cannot be used; screens translate the value."""

    TOO_SHORT = "too_short"
    NOT_DIGITS = "not_digits"
    MISMATCH = "mismatch"


def new_pin_problem(pin: str, confirmation: str) -> PinProblem | None:
    """What is wrong with a PIN being created (entered twice), or None when it is fine."""
    if not pin.isdecimal() or not pin.isascii():
        return PinProblem.NOT_DIGITS if pin else PinProblem.TOO_SHORT
    if len(pin) < MIN_PIN_LENGTH:
        return PinProblem.TOO_SHORT
    if pin != confirmation:
        return PinProblem.MISMATCH
    return None


@dataclass(frozen=True)
class WrongPinNotice:
    """What the unlock screen says after a wrong PIN."""

    attempts_left: int
    warn_wipe: bool


def wrong_pin_notice(attempts_left: int) -> WrongPinNotice:
    """The notice for a wrong PIN with `attempts_left` tries before the wipe."""
    left = max(0, attempts_left)
    failed = MAX_ATTEMPTS - left
    return WrongPinNotice(attempts_left=left, warn_wipe=failed >= WARN_FROM_ATTEMPT - 1)
