"""The entitlement indication: every path to A, B and C."""

from __future__ import annotations

import pytest

from model import entitlement_indication
from model.entitlement import GROUNDS, reason_keys
from model.values import EntitlementQuestion as Q
from model.values import IndicationCode

ALL_NO = {q.value: "no" for q in Q}


def answers(**overrides: str) -> dict[str, str]:
    return {**ALL_NO, **overrides}


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"works_now": "yes"}, "ground.works_now"),
        ({"worked_in_nl": "yes", "worked_over_1y": "yes", "job_loss_involuntary": "yes",
          "registered_uwv": "yes"}, "ground.worker_status_over_1y"),
        ({"worked_in_nl": "yes", "job_loss_involuntary": "yes", "work_ended_within_6m": "yes"},
         "ground.worker_status_within_6m"),
        ({"self_employed": "yes"}, "ground.self_employed"),
        ({"resident_5y": "yes"}, "ground.resident_5y"),
        ({"family_of_entitled": "yes"}, "ground.family_of_entitled"),
        ({"own_means_insured": "yes"}, "ground.own_means_insured"),
        ({"domestic_violence": "yes"}, "ground.domestic_violence"),
    ],
)
def test_each_ground_gives_a(given: dict[str, str], reason: str) -> None:
    result = entitlement_indication(answers(**given))
    assert result is not None
    assert result.code == IndicationCode.A
    assert result.reasons == (reason,)


def test_a_lists_every_ground_met() -> None:
    result = entitlement_indication(answers(works_now="yes", domestic_violence="yes"))
    assert result is not None
    assert result.reasons == ("ground.works_now", "ground.domestic_violence")


def test_a_wins_over_open_questions() -> None:
    result = entitlement_indication(answers(works_now="yes", resident_5y="unknown"))
    assert result is not None and result.code == IndicationCode.A


@pytest.mark.parametrize(
    ("given", "checks"),
    [
        ({"works_now": "unknown"}, ("check.works_now",)),
        ({"worked_in_nl": "yes", "worked_over_1y": "yes", "job_loss_involuntary": "yes",
          "registered_uwv": "unknown"}, ("check.registered_uwv",)),
        ({"worked_in_nl": "yes", "job_loss_involuntary": "unknown", "work_ended_within_6m": "yes"},
         ("check.job_loss_involuntary",)),
        ({"self_employed": "unknown", "resident_5y": "unknown"},
         ("check.self_employed", "check.resident_5y")),
    ],
)
def test_unknown_that_would_flip_to_a_gives_c(given: dict[str, str], checks: tuple[str, ...]) -> None:
    result = entitlement_indication(answers(**given))
    assert result is not None
    assert result.code == IndicationCode.C
    assert result.reasons == checks


@pytest.mark.parametrize(
    "given",
    [
        {},  # everything answered no
        {"arrived_within_3m": "unknown"},  # not part of any ground
        {"worked_over_1y": "unknown"},  # worked_in_nl is no: one yes cannot make it A
        # two open answers in one ground: neither alone would make it A
        {"worked_in_nl": "yes", "job_loss_involuntary": "unknown", "work_ended_within_6m": "unknown"},
        {"worked_in_nl": "yes", "worked_over_1y": "yes", "registered_uwv": "yes"},
    ],
)
def test_no_ground_and_no_flip_gives_b(given: dict[str, str]) -> None:
    result = entitlement_indication(answers(**given))
    assert result is not None
    assert result.code == IndicationCode.B
    assert result.reasons == ("no_ground",)


def test_unanswered_questions_count_as_unknown() -> None:
    result = entitlement_indication({"works_now": "no"})
    assert result is not None
    assert result.code == IndicationCode.C
    assert "check.self_employed" in result.reasons


def test_no_answers_at_all_gives_no_indication() -> None:
    assert entitlement_indication({}) is None


def test_reason_keys_cover_every_ground_and_question() -> None:
    keys = reason_keys()
    assert {f"ground.{g}" for g in GROUNDS} <= set(keys)
    assert {f"check.{q.value}" for q in Q} <= set(keys)
