"""The entitlement indication: decision support, never a decision.

A — possibly entitled (regular municipal access, Wmo); C — unclear, one open
answer could make it A; B — probably not entitled (pilot route). docs/domain.md has
the rules; every screen showing the result also shows the disclaimer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from model.values import Answer, EntitlementQuestion, IndicationCode

Q = EntitlementQuestion

# Each ground is a set of answers that must all be "yes". The key is the
# stable reason shown (translated) next to an A.
GROUNDS: dict[str, tuple[EntitlementQuestion, ...]] = {
    "works_now": (Q.WORKS_NOW,),
    "worker_status_over_1y": (
        Q.WORKED_IN_NL, Q.WORKED_OVER_1Y, Q.JOB_LOSS_INVOLUNTARY, Q.REGISTERED_UWV,
    ),
    "worker_status_within_6m": (Q.WORKED_IN_NL, Q.JOB_LOSS_INVOLUNTARY, Q.WORK_ENDED_WITHIN_6M),
    "self_employed": (Q.SELF_EMPLOYED,),
    "resident_5y": (Q.RESIDENT_5Y,),
    "family_of_entitled": (Q.FAMILY_OF_ENTITLED,),
    "own_means_insured": (Q.OWN_MEANS_INSURED,),
    "domestic_violence": (Q.DOMESTIC_VIOLENCE,),
}

# Reason keys: "ground.<ground>" for A, "check.<question>" for C, and this for B.
NO_GROUND = "no_ground"


@dataclass(frozen=True)
class Indication:
    """The computed indication with the stable keys of the reasons that led to it."""

    code: IndicationCode
    reasons: tuple[str, ...]


def entitlement_indication(answers: Mapping[str, str]) -> Indication | None:
    """The indication for a set of answers, or None when no question was answered.

    A question left out counts as "unknown".
    """
    if not answers:
        return None
    # Few distinct answer sets exist in practice; the server computes this for every record.
    return _indication(tuple(sorted(answers.items())))


@lru_cache(maxsize=4096)
def _indication(items: tuple[tuple[str, str], ...]) -> Indication:
    answers = dict(items)
    met = [name for name, needed in GROUNDS.items() if _all_yes(answers, needed)]
    if met:
        return Indication(IndicationCode.A, tuple(f"ground.{name}" for name in met))
    flips = [q for q in Q if _answer(answers, q) == Answer.UNKNOWN and _flips_to_a(answers, q)]
    if flips:
        return Indication(IndicationCode.C, tuple(f"check.{q.value}" for q in flips))
    return Indication(IndicationCode.B, (NO_GROUND,))


def reason_keys() -> tuple[str, ...]:
    """Every reason key the indication can give (for translations)."""
    return (
        *(f"ground.{name}" for name in GROUNDS),
        *(f"check.{q.value}" for q in Q),
        NO_GROUND,
    )


def _answer(answers: Mapping[str, str], question: str) -> str:
    return answers.get(question, Answer.UNKNOWN)


def _all_yes(answers: Mapping[str, str], needed: tuple[str, ...]) -> bool:
    return all(_answer(answers, q) == Answer.YES for q in needed)


def _flips_to_a(answers: Mapping[str, str], question: str) -> bool:
    flipped = {**answers, question: Answer.YES}
    return any(_all_yes(flipped, needed) for needed in GROUNDS.values())
