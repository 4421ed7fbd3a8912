"""The organisation's person register, and the cards it sends every phone of the organisation.

The card of a person is `model.persons.card_of` over the organisation's current
contacts with them; `person_cards` holds the card as last sent. `refresh`
recomputes the cards of some persons inside the transaction that changed their
contacts (a push, an erasure, a merge, the retention purge) and puts what changed
in the change feed as organisation-wide entries (`ALL` as the worker), which every
device of the organisation pulls and no device of another one does:
`{"kind": "person", "person_id", "card"}` for a new or changed card,
`{"kind": "person_gone", "person_id"}` for a card that must leave the phones.

The feed stays bounded by the number of persons: a person's newer entry replaces
their older one, so a new phone's first pull reads each person once, not their history.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, tuple_
from sqlalchemy.orm import Session

from model import Contact
from model.persons import DEFAULT_SHARE_MONTHS, card_of, card_to_wire
from model.protocol import ChangeKind
from model.wire import parse_wire
from server.errors import InvalidInput, field_errors
from server.models import (
    Change,
    ContactRevision,
    CurrentContact,
    Organisation,
    PersonCardRow,
    User,
)
from server.services import audit, changes
from server.services.audit import Action, Actor
from server.services.principals import Principal, Role

# The worker of an organisation-wide feed entry: every device of the organisation pulls it.
ALL = changes.EVERY_WORKER
CARD_KINDS = (ChangeKind.PERSON.value, ChangeKind.PERSON_GONE.value)
MAX_SHARE_MONTHS = 60
_CARDS = cast(Table, PersonCardRow.__table__)
_CHUNK = 500


@dataclasses.dataclass(frozen=True)
class Sharing:
    """The organisation's sharing settings."""

    on: bool = True
    months: int = DEFAULT_SHARE_MONTHS


def sharing_for(db: Session, *, principal: Principal) -> Sharing:
    """The sharing settings of the caller's organisation (supervisors)."""
    principal.require(Role.SUPERVISOR)
    return sharing_of(db, principal.org_id)


def sharing_of(db: Session, org_id: str) -> Sharing:
    """The organisation's sharing settings."""
    row = db.execute(select(Organisation.sharing, Organisation.share_months)
                     .where(Organisation.id == org_id)).one()
    return Sharing(bool(row.sharing), int(row.share_months))


def refresh(db: Session, *, org_id: str, person_ids: Iterable[str],
            today: date | None = None, known: Mapping[str, Contact] | None = None) -> int:
    """Recompute the cards of `person_ids`; feed what changed. Returns how many changed.

    `known` are contacts the caller holds already, by id, as stored (a push's): they
    are not read back. The caller's transaction commits (or rolls back) it with whatever
    caused it.
    """
    wanted = sorted(set(person_ids))
    if not wanted:
        return 0
    sharing = sharing_of(db, org_id)
    today = today or datetime.now(UTC).date()
    changed = 0
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        found = _contacts(db, org_id=org_id, person_ids=chunk, known=known or {})
        cards = _cards(db, found, person_ids=chunk, months=sharing.months, today=today)
        changed += _store(db, org_id=org_id, cards=cards, share=sharing.on)
    return changed


def _contacts(db: Session, *, org_id: str, person_ids: list[str],
              known: Mapping[str, Contact]) -> dict[str, list[Contact]]:
    """The current contacts of each person; those in `known` are not read again."""
    found: dict[str, list[Contact]] = defaultdict(list)
    unread: dict[tuple[str, int], str] = {}
    for contact_id, person_id, rev in db.execute(
            select(CurrentContact.id, CurrentContact.person_id, CurrentContact.rev).where(
                CurrentContact.org_id == org_id,
                CurrentContact.person_id.in_(person_ids))):
        held = known.get(contact_id)
        if held is not None and held.rev == rev and held.person_id == person_id:
            found[person_id].append(held)
        else:
            unread[(contact_id, rev)] = person_id
    if unread:
        for contact_id, rev, content in db.execute(
                select(ContactRevision.contact_id, ContactRevision.rev, ContactRevision.content)
                .where(tuple_(ContactRevision.contact_id, ContactRevision.rev).in_(
                    sorted(unread)))):
            person_id = unread[(contact_id, rev)]
            contact = parse_wire(json.loads(content))
            found[person_id].append(dataclasses.replace(contact, person_id=person_id))
    return found


def _cards(db: Session, found: dict[str, list[Contact]], *, person_ids: list[str],
           months: int, today: date) -> dict[str, dict[str, Any] | None]:
    """The wire card of each person (None: no card may be shared, or it has expired)."""
    latest = {p: max(cs, key=lambda c: (c.contact_date, c.created_at, c.id))
              for p, cs in found.items()}
    names = _names(db, {c.worker_id for c in latest.values()})
    result: dict[str, dict[str, Any] | None] = {}
    for person_id in person_ids:
        card = card_of(found.get(person_id, ()), share_months=months,
                       worker_name=names.get(latest[person_id].worker_id)
                       if person_id in latest else None)
        result[person_id] = card_to_wire(card) if card and card.keep_until >= today else None
    return result


def _names(db: Session, worker_ids: set[str]) -> dict[str, str]:
    if not worker_ids:
        return {}
    return {row.id: row.username for row in db.execute(
        select(User.id, User.username).where(User.id.in_(sorted(worker_ids))))}


def _store(db: Session, *, org_id: str, cards: dict[str, dict[str, Any] | None],
           share: bool) -> int:
    """Write the cards that differ from the register, and their feed entries."""
    held = {row.person_id: row.card for row in db.execute(
        select(PersonCardRow.person_id, PersonCardRow.card).where(
            PersonCardRow.org_id == org_id, PersonCardRow.person_id.in_(sorted(cards))))}
    new: dict[str, dict[str, Any]] = {}
    texts: dict[str, str] = {}
    gone: list[str] = []
    for person_id, card in cards.items():
        text = _text(card) if card is not None else None
        if text == held.get(person_id):
            continue
        if card is None or text is None:
            gone.append(person_id)
        else:
            new[person_id], texts[person_id] = card, text
    replaced = sorted(p for p in [*new, *gone] if p in held)
    if replaced:
        db.execute(delete(PersonCardRow).where(PersonCardRow.org_id == org_id,
                                               PersonCardRow.person_id.in_(replaced)))
    if new:
        db.execute(insert(_CARDS), [
            {"org_id": org_id, "person_id": p, "card": texts[p],
             "keep_until": date.fromisoformat(card["keep_until"])}
            for p, card in new.items()])
    if share and (new or gone):
        feed(db, org_id=org_id, cards=new, gone=gone)
    return len(new) + len(gone)


def feed(db: Session, *, org_id: str, cards: dict[str, dict[str, Any]],
         gone: Iterable[str]) -> None:
    """Put these cards (by person) and these departures in the feed, replacing each
    person's earlier card entry."""
    gone = sorted(set(gone))
    persons = sorted({*cards, *gone})
    for start in range(0, len(persons), _CHUNK):
        db.execute(delete(Change).where(
            Change.org_id == org_id, Change.person_id.in_(persons[start:start + _CHUNK]),
            Change.worker_id == ALL, Change.kind.in_(CARD_KINDS)))
    changes.append(db, org_id=org_id, entries=[
        *({"worker_id": ALL, "kind": ChangeKind.PERSON.value, "person_id": p,
           "data": json.dumps(card, ensure_ascii=False)} for p, card in sorted(cards.items())),
        *({"worker_id": ALL, "kind": ChangeKind.PERSON_GONE.value, "person_id": p}
          for p in gone),
    ])


def _text(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False, sort_keys=True)


def register(db: Session, *, org_id: str) -> dict[str, dict[str, Any]]:
    """Every card of the register, by person."""
    return {row.person_id: json.loads(row.card) for row in db.execute(
        select(PersonCardRow.person_id, PersonCardRow.card)
        .where(PersonCardRow.org_id == org_id))}


def change_sharing(db: Session, *, org_id: str, actor: Actor, on: bool | None = None,
                   months: int | None = None) -> Sharing:
    """`set_sharing`, checked, audited and committed.

    Raises:
        InvalidInput: a sharing period outside 1 to `MAX_SHARE_MONTHS` months.
    """
    if months is not None and not 1 <= months <= MAX_SHARE_MONTHS:
        raise InvalidInput(field_errors(("months", "out_of_range",
                                         {"min": 1, "max": MAX_SHARE_MONTHS})))
    done = set_sharing(db, org_id=org_id, on=on, months=months)
    audit.record(db, actor=actor, action=Action.SET_SHARING, org_id=org_id)
    db.commit()
    return done


def set_sharing(db: Session, *, org_id: str, on: bool | None = None,
                months: int | None = None) -> Sharing:
    """Switch sharing on or off and/or set the sharing period; the phones follow.

    Off: every card leaves the phones. On: every card is sent again. A new period
    changes every card's keep-until date. The caller commits.
    """
    before = sharing_of(db, org_id)
    after = Sharing(before.on if on is None else on, before.months if months is None else months)
    org = db.get(Organisation, org_id)
    assert org is not None
    org.sharing, org.share_months = after.on, after.months
    db.flush()
    if after.months != before.months:
        persons = db.scalars(select(CurrentContact.person_id).distinct()
                             .where(CurrentContact.org_id == org_id)).all()
        refresh(db, org_id=org_id, person_ids=persons)
    if after.on != before.on:
        cards = register(db, org_id=org_id)
        feed(db, org_id=org_id, cards=cards if after.on else {},
             gone=() if after.on else cards)
    return after


def expire(db: Session, *, org_id: str, today: date) -> int:
    """Drop the cards past their keep-until date, with their feed entries (phones drop
    them by themselves on that date). Returns how many."""
    persons = db.scalars(select(PersonCardRow.person_id).where(
        PersonCardRow.org_id == org_id, PersonCardRow.keep_until < today)).all()
    for start in range(0, len(persons), _CHUNK):
        chunk = persons[start:start + _CHUNK]
        db.execute(delete(Change).where(Change.org_id == org_id, Change.worker_id == ALL,
                                        Change.kind.in_(CARD_KINDS),
                                        Change.person_id.in_(chunk)))
        db.execute(delete(PersonCardRow).where(PersonCardRow.org_id == org_id,
                                               PersonCardRow.person_id.in_(chunk)))
    return len(persons)
