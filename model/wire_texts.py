"""A contact as the server keeps a revision: one JSON text, and the text its hash is of.

A revision is kept in the wire schema it came in (`revision_text`); whether two
revisions are the same is decided on `canonical_text`, which does not depend on
that schema. `as_current_schema` shows a kept record the way schema 2 says it.
"""

from __future__ import annotations

import json
from typing import Any

from model import municipalities
from model.contact import Contact
from model.wire import LEGACY_NAMES, SCHEMA, to_wire


def speaks_schema_1(contact: Contact) -> bool:
    """Whether wire schema 1 can say where the contact was (one of the six, or "other")."""
    return contact.municipality in LEGACY_NAMES or contact.municipality == municipalities.OTHER


def canonical_text(contact: Contact) -> str:
    """The contact as one JSON text that is the same whichever schema it arrived in.

    Schema 1 where it can say the contact (so what was hashed before schema 2
    existed is hashed alike today), else schema 2.
    """
    return revision_text(contact, schema=canonical_schema(contact))


def canonical_schema(contact: Contact) -> int:
    """The schema `canonical_text` writes the contact in."""
    return 1 if speaks_schema_1(contact) else SCHEMA


def revision_text(contact: Contact, *, schema: int) -> str:
    """The contact as one JSON text of `schema`, as a server keeps a revision: without
    the review and the sending device, which are kept beside it, not in it."""
    return revision_texts(contact, schema=schema)[0]


def revision_texts(contact: Contact, *, schema: int) -> tuple[str, str]:
    """`revision_text` and `canonical_text` of the contact, from one `to_wire`."""
    wire = to_wire(contact, schema=schema)
    del wire["review"]
    wire["device_id"] = ""
    # `to_wire` fixes the key order (answers sorted), so equal contents give equal text.
    text = json.dumps(wire, ensure_ascii=False, separators=(",", ":"))
    canonical = canonical_schema(contact)
    if canonical == schema:
        return text, text
    place = contact.municipality
    wire.update(schema=canonical, municipality=LEGACY_NAMES.get(place, place)
                if canonical == 1 else place)  # the same keys, so the same order
    return text, json.dumps(wire, ensure_ascii=False, separators=(",", ":"))


def as_current_schema(record: dict[str, Any]) -> dict[str, Any]:
    """A stored record (a revision kept as received) as the current schema says it: a
    schema 1 municipality name becomes its code. What was stored is left unchanged."""
    if record.get("schema") != 1:
        return record
    place = record.get("municipality")
    return {**record, "schema": SCHEMA,
            "municipality": municipalities.from_legacy(place) if isinstance(place, str) else place}


def canonical_of_record(record: dict[str, Any]) -> str:
    """`canonical_text` of a revision kept as JSON (a record `revision_texts` wrote), without
    reading it back as a contact: used when a kept revision is rewritten (a merge)."""
    place = record.get("municipality")
    if record.get("schema") == SCHEMA and isinstance(place, str) and (
            place in LEGACY_NAMES or place == municipalities.OTHER):
        # The same keys in the same places, as `revision_texts` writes schema 1.
        record = {**record, "schema": 1, "municipality": LEGACY_NAMES.get(place, place)}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
