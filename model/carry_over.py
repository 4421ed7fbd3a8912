"""What a follow-up form carried over from the last contact, and what it must ask again.

A follow-up starts with the answers that do not change from one week to the
next. The worker sees which ones were carried, which entitlement answers are
time-bound and must be asked again, and whether dropping those changed the
indication (so the form can open the entitlement section and say so).
Pure: no I/O, no UI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from model.entitlement import entitlement_indication
from model.revision import FOLLOW_UP_FIELDS


@dataclass(frozen=True)
class CarryOver:
    """The carry-over of one follow-up.

    `carried`: the fields that start with the last contact's answer, in form order.
    `ask_again`: entitlement questions answered last time that are time-bound.
    `indication_before`/`indication_now`: the indication code of the last
    contact's answers and of the carried ones (None without answers).
    """

    carried: tuple[str, ...] = ()
    ask_again: tuple[str, ...] = ()
    indication_before: str | None = None
    indication_now: str | None = None

    @property
    def indication_changed(self) -> bool:
        """Dropping the time-bound answers gives another indication than last time."""
        return self.indication_before != self.indication_now


NO_CARRY_OVER = CarryOver()


def carry_over(previous_answers: Mapping[str, str], values: Mapping[str, Any]) -> CarryOver:
    """The carry-over from a contact with entitlement `previous_answers` to form `values`."""
    answers: Mapping[str, str] = values.get("entitlement") or {}
    carried = tuple(name for name in FOLLOW_UP_FIELDS if values.get(name) not in (None, ""))
    if answers:
        carried += ("entitlement",)
    return CarryOver(
        carried=carried,
        ask_again=tuple(sorted(q for q in previous_answers if q not in answers)),
        indication_before=_code(previous_answers),
        indication_now=_code(answers),
    )


def _code(answers: Mapping[str, str]) -> str | None:
    indication = entitlement_indication(dict(answers))
    return indication.code.value if indication is not None else None


@dataclass(frozen=True)
class FollowUp:
    """A follow-up form's starting values and what the worker must see about them."""

    values: dict[str, Any]
    carry: CarryOver
