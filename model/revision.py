"""How a contact comes into being and changes: the only ways to make one.

A change is a new revision (rev + 1, new `updated_at`) made by the device that
owns the contact. Fields that identify the contact never change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from model.contact import IDENTITY_FIELDS, Contact, new_id, utc_now
from model.errors import RevisionError
from model.values import EntitlementQuestion

_NOT_CHANGEABLE = frozenset({*IDENTITY_FIELDS, "rev", "updated_at", "review"})

# Carried into a follow-up contact with the same person: what does not change
# from one week to the next. Answers that depend on "now" are asked again, and
# consent is asked on every contact: it is never carried over.
FOLLOW_UP_FIELDS: tuple[str, ...] = (
    "municipality", "municipality_other", "person_language", "alias", "nationality",
    "gender", "age_band", "time_in_nl", "time_homeless", "sleeping_situation", "id_document",
    "brp_registered", "wish",
)
TIME_BOUND_ANSWERS = frozenset({
    EntitlementQuestion.WORKS_NOW,
    EntitlementQuestion.WORK_ENDED_WITHIN_6M,
    EntitlementQuestion.ARRIVED_WITHIN_3M,
})


@dataclasses.dataclass(frozen=True)
class Enrollment:
    """Who records on this device: filled in by the app, never typed."""

    worker_id: str
    device_id: str
    org_id: str


def new_contact(
    fields: Mapping[str, Any], *, enrollment: Enrollment, now: datetime | None = None
) -> Contact:
    """A first revision with fresh ids; `fields` holds what the worker entered.

    A `person_id` in `fields` is kept (a follow-up); otherwise a new person.
    """
    now = now or utc_now()
    values: dict[str, Any] = {"contact_date": now.date(), **fields}
    values.setdefault("person_id", new_id())
    return Contact(
        id=new_id(),
        rev=1,
        created_at=now,
        updated_at=now,
        worker_id=enrollment.worker_id,
        device_id=enrollment.device_id,
        org_id=enrollment.org_id,
        **values,
    )


def revise(contact: Contact, changes: Mapping[str, Any], *, now: datetime | None = None) -> Contact:
    """The next revision of `contact` with `changes` applied.

    Raises:
        RevisionError: a change names an identifying or server-owned field, or no field at all.
    """
    bad = sorted(set(changes) & _NOT_CHANGEABLE)
    unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(Contact)})
    if bad or unknown:
        raise RevisionError(", ".join(bad + unknown))
    now = now or utc_now()
    return dataclasses.replace(
        contact, **changes, rev=contact.rev + 1, updated_at=max(now, contact.updated_at)
    )


def follow_up_fields(previous: Contact, *, today: date) -> dict[str, Any]:
    """The starting values of a new contact with the same person as `previous`."""
    carried = {name: getattr(previous, name) for name in FOLLOW_UP_FIELDS}
    answers = {k: v for k, v in previous.entitlement.items() if k not in TIME_BOUND_ANSWERS}
    return {**carried, "person_id": previous.person_id, "contact_date": today,
            "entitlement": answers}
