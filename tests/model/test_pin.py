"""PIN rules: length, digits, confirmation, and the wipe warning."""

from __future__ import annotations

import pytest

from model.pin import MAX_ATTEMPTS, PinProblem, new_pin_problem, wrong_pin_notice


@pytest.mark.parametrize(("pin", "confirmation", "problem"), [
    ("123456", "123456", None),
    ("0000000000", "0000000000", None),
    ("12345", "12345", PinProblem.TOO_SHORT),
    ("", "", PinProblem.TOO_SHORT),
    ("12345a", "12345a", PinProblem.NOT_DIGITS),
    ("１２３４５６", "１２３４５６", PinProblem.NOT_DIGITS),  # full-width digits: not on a PIN pad
    ("123456", "123457", PinProblem.MISMATCH),
])
def test_new_pin_rules(pin: str, confirmation: str, problem: PinProblem | None) -> None:
    assert new_pin_problem(pin, confirmation) == problem


@pytest.mark.parametrize(("attempts_left", "warn"), [
    (9, False), (8, False), (5, False), (4, True), (1, True), (0, True),
])
def test_wipe_warning_from_the_seventh_attempt(attempts_left: int, warn: bool) -> None:
    notice = wrong_pin_notice(attempts_left)
    assert notice.attempts_left == attempts_left
    assert notice.warn_wipe is warn
    assert MAX_ATTEMPTS == 10


def test_negative_attempts_left_counts_as_none() -> None:
    assert wrong_pin_notice(-3).attempts_left == 0
