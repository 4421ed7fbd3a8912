"""The database computes exactly the figures `model.monitoring_figures` computes."""

from __future__ import annotations

import json
import random
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import and_, select

from model import Contact, Enrollment, Period, monitoring_figures, new_contact, parse_wire, to_wire
from server.models import ContactRevision, CurrentContact
from server.services import accounts, figures_sql, sync
from server.services.principals import DevicePrincipal
from tests.server.conftest import Database

TODAY = datetime.now(UTC).date()


def _random_contacts(enrollment: Enrollment, rng: random.Random) -> list[dict[str, Any]]:
    answers = ["yes", "no", "unknown"]
    made = []
    for person in range(60):
        person_id = f"00000000-0000-4000-8000-{person:012d}"
        for visit in range(rng.randrange(1, 6)):
            moment = datetime.now(UTC).replace(microsecond=0) - timedelta(
                days=rng.randrange(1, 200), seconds=person * 1000 + visit)
            made.append(to_wire(new_contact({
                "person_id": person_id,
                "contact_date": moment.date() - timedelta(days=rng.randrange(0, 3)),
                "municipality": rng.choice(["GM0363", "GM0983", "GM0344", "GM0153"]),
                "consent": "refused", "person_language": "pl",
                "nationality": rng.choice(["PL", "RO", "BG"]), "gender": "male",
                "age_band": rng.choice(["25-34", "45-54"]), "time_in_nl": "1_5y",
                "sleeping_situation": rng.choice(["public_space", "night_shelter"]),
                "id_document": "valid", "brp_registered": "no",
                "entitlement": rng.choice([{}, {"works_now": "yes"},
                                           {"worked_in_nl": rng.choice(answers)}]),
                "referrals": frozenset(rng.sample(["pilot_shelter", "barka_return"],
                                                  k=rng.randrange(3))),
                "outcome": rng.choice([None, None, "found_work", "forced_return",
                                       "voluntary_return", "lost_contact"]),
            }, enrollment=enrollment, now=moment)))
    return made


def _stored_contacts(database: Database, org_id: str) -> list[Contact]:
    with database.sessions() as db:
        rows = db.scalars(select(ContactRevision.content).join(CurrentContact, and_(
            CurrentContact.id == ContactRevision.contact_id,
            CurrentContact.rev == ContactRevision.rev)).where(CurrentContact.org_id == org_id))
        return [parse_wire(json.loads(text)) for text in rows]


@pytest.mark.parametrize("seed", [1, 2])
def test_database_figures_equal_the_models(database: Database, seed: int) -> None:
    rng = random.Random(seed)
    with database.sessions() as db:
        org = accounts.create_org(db, name=f"Figures-{secrets.token_hex(4)}")
    device = DevicePrincipal("device", "worker", org.id)
    records = _random_contacts(Enrollment("worker", "device", org.id), rng)
    with database.sessions() as db:
        for i in range(0, len(records), 100):
            results = sync.push(db, device=device, records=records[i:i + 100])
            assert {r["status"] for r in results} == {"stored"}
    stored = _stored_contacts(database, org.id)
    assert len(stored) == len(records)
    periods = [Period(), Period(TODAY - timedelta(days=90), TODAY),
               Period(None, TODAY - timedelta(days=60)), Period(TODAY - timedelta(days=30))]
    for period in periods:
        for municipality in (None, "GM0983"):
            expected = monitoring_figures(stored, period=period, municipality=municipality)
            with database.sessions() as db:
                got = figures_sql.figures(db, org_id=org.id, period=period,
                                          municipality=municipality)
            assert got == expected, (period, municipality)


def test_an_empty_organisation_has_zero_figures(database: Database) -> None:
    with database.sessions() as db:
        org = accounts.create_org(db, name=f"Empty-{secrets.token_hex(4)}")
        got = figures_sql.figures(db, org_id=org.id, period=Period(date(2026, 1, 1)))
    assert got == monitoring_figures([], period=Period(date(2026, 1, 1)))
