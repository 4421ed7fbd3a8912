"""The rules of the PIN that protects the vault; pure, so a screen can check before creating."""

from __future__ import annotations

from enum import StrEnum

MIN_PIN_LENGTH = 6
# After this many wrong PINs in a row the wrapped key is destroyed.
MAX_ATTEMPTS = 10
# From this attempt on, the unlock screen warns that the data will be erased.
WARN_FROM_ATTEMPT = 7


class PinProblem(StrEnum):
    """Why a new PIN cannot be used; screens translate the value."""

    TOO_SHORT = "too_short"
    NOT_DIGITS = "not_digits"


def check_new_pin(pin: str) -> list[str]:
    """What is wrong with `pin` as a new PIN (codes of `PinProblem`); empty when it is fine.

    A PIN is 6 or more digits 0-9, as typed on a PIN pad.
    """
    problems: list[str] = []
    if not (pin.isascii() and pin.isdecimal()) and pin:
        problems.append(PinProblem.NOT_DIGITS)
    if len(pin) < MIN_PIN_LENGTH:
        problems.append(PinProblem.TOO_SHORT)
    return problems


def warn_before_wipe(attempts_left: int) -> bool:
    """Whether the next PIN entry is attempt 7 or later, so the screen warns about the wipe."""
    return MAX_ATTEMPTS - attempts_left + 1 >= WARN_FROM_ATTEMPT
