"""The retry policy: backoff with jitter, Retry-After honoured within bounds."""

from __future__ import annotations

import random

import pytest

from sync.retry import RetryPolicy


def policy(seed: int = 1) -> RetryPolicy:
    return RetryPolicy(rng=random.Random(seed))


@pytest.mark.parametrize("seed", range(20))
def test_probe_runs_every_30_to_60_seconds_while_nothing_fails(seed: int) -> None:
    assert 30 <= policy(seed).next_probe(0) <= 60


@pytest.mark.parametrize(("failures", "low", "high"), [
    (1, 60, 120), (2, 120, 240), (3, 240, 480), (4, 450, 900), (10, 450, 900), (500, 450, 900),
])
def test_each_failure_doubles_the_wait_up_to_the_ceiling(
    failures: int, low: float, high: float
) -> None:
    waits = [RetryPolicy(max_delay=900, rng=random.Random(seed)).next_probe(failures)
             for seed in range(50)]
    assert all(low <= w <= high for w in waits)
    assert max(waits) - min(waits) > (high - low) / 4  # jittered, not one fixed value


@pytest.mark.parametrize("failures", [1, 2, 5, 40, 500])
def test_while_contacts_wait_a_server_that_is_back_is_found_within_a_minute(
        failures: int) -> None:
    waits = [policy(seed).next_probe(failures) for seed in range(50)]
    assert all(30 <= w <= 60 for w in waits)


def test_with_nothing_waiting_the_phone_looks_for_feedback_every_five_minutes() -> None:
    assert RetryPolicy().look_interval == 300


def test_retry_after_is_honoured() -> None:
    assert policy().next_probe(0, retry_after=300) == 300
    assert policy().next_probe(1, retry_after=5) >= 30  # never sooner than the backoff
    assert RetryPolicy(max_delay=900).next_probe(1, retry_after=5) >= 60


def test_an_absurd_retry_after_cannot_stop_sending_for_good() -> None:
    assert policy().next_probe(0, retry_after=10**9) == 3600


@pytest.mark.parametrize("attempt", [1, 2])
def test_quick_retries_within_one_sync_are_short(attempt: int) -> None:
    wait = policy().quick_retry(attempt)
    assert wait is not None
    assert 0.5 * 2 ** (attempt - 1) <= wait <= 2 ** (attempt - 1)


def test_quick_retries_give_up_after_the_allowed_number() -> None:
    assert policy().quick_retry(3) is None


def test_a_long_retry_after_ends_the_sync_instead_of_waiting_in_it() -> None:
    assert policy().quick_retry(1, retry_after=120) is None
    assert policy().quick_retry(1, retry_after=2) == 2
