"""The person register and its team share, called directly on SQLite and PostgreSQL: cards
in every phone's pull of the organisation and of no other, consent, erasure, paging of a
large first pull, merges and their undo, sharing settings, figures on true persons."""

from __future__ import annotations

import dataclasses
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from model import Contact, Enrollment, revise, to_wire
from model.persons import add_months, card_of, card_to_wire
from model.protocol import read_changes
from server.errors import InvalidInput, NotFound
from server.models import AuditEntry, Change, CurrentContact
from server.services import accounts, contacts, merges, persons, retention, stats, sync
from server.services.audit import CLI
from server.services.principals import DevicePrincipal, Principal, Role
from tests.server.services.world import World, contact_on

TODAY = datetime.now(UTC).date()


@dataclasses.dataclass
class Team:
    """A fresh organisation of its own: a supervisor and phones made on demand."""

    world: World
    org_id: str
    supervisor: Principal

    def phone(self) -> tuple[DevicePrincipal, Enrollment]:
        return self.world.phone(self.org_id)

    def push(self, device: DevicePrincipal, records: list[Contact]) -> list[str]:
        with self.world.sessions() as db:
            return [r["status"] for r in sync.push(db, device=device,
                                                   records=[to_wire(c) for c in records])]

    def pull(self, device: DevicePrincipal, since: str | None = None,
             limit: int = sync.PULL_LIMIT) -> tuple[list[dict[str, Any]], str]:
        found: list[dict[str, Any]] = []
        with self.world.sessions() as db:
            while True:
                page = sync.pull(db, device=device, since=since, limit=limit)
                found += page.changes
                since = page.cursor
                if not page.more:
                    return found, since


def _team(world: World) -> Team:
    with world.sessions() as db:
        org = accounts.create_org(db, name=f"P-{secrets.token_hex(4)}").id
    return Team(world, org, Principal(f"sup-{org[:8]}", org, Role.SUPERVISOR, "sup"))


@pytest.fixture
def team(world: World) -> Team:
    return _team(world)


def met(enrollment: Enrollment, days_ago: int = 3, **fields: Any) -> Contact:
    return contact_on(enrollment, TODAY - timedelta(days=days_ago), **fields)


def of(device: DevicePrincipal) -> Enrollment:
    return Enrollment(device.worker_id, device.device_id, device.org_id)


def cards(changes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["person_id"]: c["card"] for c in changes if c["kind"] == "person"}


def kinds(changes: list[dict[str, Any]], person_id: str) -> list[str]:
    return [c["kind"] for c in changes if c.get("person_id") == person_id
            or person_id in (c.get("from"), c.get("into"))]


def test_a_card_reaches_every_phone_of_the_organisation_and_no_other(team: Team,
                                                                    world: World) -> None:
    one, first = team.phone()
    two, _ = team.phone()
    outsider, theirs = _team(world).phone()
    given = met(first, consent="given", alias="Георги", nationality="BG", area="Station")
    refused = met(first, consent="refused")
    assert team.push(one, [given, refused]) == ["stored", "stored"]
    expected = card_to_wire(card_of([given], share_months=6))  # type: ignore[arg-type]
    for device in (one, two):
        changes, _ = team.pull(device)
        assert cards(changes) == {given.person_id: expected}
        assert kinds(changes, refused.person_id) == []
        assert not read_changes(changes).refused  # the phone reads every one of them
    assert team.pull(outsider)[0] == []
    with world.sessions() as db:
        assert persons.register(db, org_id=team.org_id) == {given.person_id: expected}
    assert theirs.org_id != team.org_id


def test_consent_no_longer_given_takes_the_card_off_the_phones(team: Team) -> None:
    one, first = team.phone()
    two, _ = team.phone()
    given = met(first, days_ago=5, consent="given", alias="Ana")
    team.push(one, [given])
    _, cursor = team.pull(two)
    later = met(first, days_ago=1, consent="refused", person_id=given.person_id)
    team.push(one, [later])
    changes, _ = team.pull(two, cursor)
    assert changes == [{"kind": "person_gone", "person_id": given.person_id}]


def test_a_colleagues_follow_up_changes_the_card_and_counts_one_new_person(
        team: Team, world: World) -> None:
    one, first = team.phone()
    two, second = team.phone()
    given = met(first, days_ago=5, consent="given", alias="Ștefan")
    team.push(one, [given])
    follow_up = met(second, days_ago=1, consent="given", alias="Ștefan",
                    person_id=given.person_id, follow_up_on=TODAY + timedelta(days=7))
    assert team.push(two, [follow_up]) == ["stored"]
    card = cards(team.pull(one)[0])[given.person_id]
    assert (card["contacts"], card["last_worker_id"]) == (2, second.worker_id)
    assert card["follow_up_on"] == (TODAY + timedelta(days=7)).isoformat()
    with world.sessions() as db:
        figures = stats.stats(db, principal=team.supervisor)
        rows = db.scalar(select(func.count()).select_from(Change).where(
            Change.org_id == team.org_id, Change.kind == "person"))
    assert (figures["unique_persons"], figures["new_persons"], figures["contacts"]) == (1, 1, 2)
    assert rows == 1  # the newer card replaced the older one in the feed


def test_a_large_first_pull_is_paged_resumable_and_once_per_person(team: Team,
                                                                   world: World) -> None:
    one, first = team.phone()
    met_ = [met(first, consent="given", alias=f"Person {n}") for n in range(620)]
    for start in range(0, len(met_), 200):
        team.push(one, met_[start:start + 200])
    edited = [revise(c, {"area": "Park"}) for c in met_[:50]]  # cards change: no history
    team.push(one, edited)
    new_phone, _ = team.phone()
    with world.sessions() as db:
        page = sync.pull(db, device=new_phone, since=None, limit=250)
    assert (len(page.changes), page.more) == (250, True)
    rest, _ = team.pull(new_phone, since=page.cursor, limit=250)  # resumed where it stopped
    pulled = [c["person_id"] for c in page.changes + rest]
    assert sorted(pulled) == sorted(c.person_id for c in met_)
    assert {cards(rest + page.changes)[c.person_id]["area"] for c in edited} == {"Park"}
    with world.sessions() as db:
        counted = db.scalars(select(AuditEntry.count).where(
            AuditEntry.org_id == team.org_id, AuditEntry.action == "team_share",
            AuditEntry.actor_id == new_phone.device_id)).all()
    assert sorted(counted) == [120, 250, 250]  # a count per pull, never which persons


def test_an_erasure_sends_person_gone_to_every_phone(team: Team, world: World) -> None:
    one, first = team.phone()
    two, _ = team.phone()
    given = met(first, consent="given", alias="Jan")
    team.push(one, [given])
    _, cursor = team.pull(two)
    with world.sessions() as db:
        contacts.erase_person(db, principal=team.supervisor, person_id=given.person_id)
    assert team.pull(two, cursor)[0] == [{"kind": "person_gone", "person_id": given.person_id}]
    assert cards(team.pull(team.phone()[0])[0]) == {}


def _two_persons(team: Team) -> tuple[DevicePrincipal, DevicePrincipal, Contact, Contact]:
    one, first = team.phone()
    two, second = team.phone()
    a = met(first, days_ago=6, consent="given", alias="Marek", nationality="PL")
    b = met(second, days_ago=2, consent="given", alias="Marek", nationality="PL")
    team.push(one, [a])
    team.push(two, [b])
    return one, two, a, b


def test_merge_reaches_the_phones_and_a_later_revision_with_the_old_id_is_kept(
        team: Team, world: World) -> None:
    one, two, a, b = _two_persons(team)
    with world.sessions() as db:
        [pair] = merges.duplicates(db, principal=team.supervisor)
    assert {pair["a"]["person_id"], pair["b"]["person_id"]} == {a.person_id, b.person_id}
    _, cursor = team.pull(two)
    with world.sessions() as db:
        done = merges.merge(db, principal=team.supervisor, from_person=a.person_id,
                            into_person=b.person_id)
    changes, _ = team.pull(two, cursor)
    assert changes[0] == {"kind": "merge", "from": a.person_id, "into": b.person_id}
    assert kinds(changes, a.person_id)[:2] == ["merge", "person_gone"]
    assert cards(changes)[b.person_id]["contacts"] == 2
    # Worker 1's phone has not pulled yet: it sends the old id, it is kept under the new one.
    assert team.push(one, [revise(a, {"notes": "met again"}), a]) == ["stored", "duplicate"]
    with world.sessions() as db:
        owner = db.scalar(select(CurrentContact.person_id).where(CurrentContact.id == a.id))
        timeline = contacts.person_timeline(db, principal=team.supervisor,
                                            person_id=b.person_id)
        figures = stats.stats(db, principal=team.supervisor)
        assert merges.duplicates(db, principal=team.supervisor) == []
    assert owner == b.person_id
    assert {c["person_id"] for c in timeline} == {b.person_id}
    assert figures["unique_persons"] == figures["new_persons"] == 1
    assert done["undoable"] is True


def test_undo_splits_exactly_the_merged_contacts(team: Team, world: World) -> None:
    one, _, a, b = _two_persons(team)
    with world.sessions() as db:
        done = merges.merge(db, principal=team.supervisor, from_person=a.person_id,
                            into_person=b.person_id)
    _, cursor = team.pull(one)
    after = met(of(one), consent="given", alias="Marek", person_id=a.person_id)
    team.push(one, [after])  # recorded for the old id after the merge: stays with `into`
    with world.sessions() as db:
        undone = merges.undo(db, principal=team.supervisor, merge_id=done["id"])
        with pytest.raises(merges.MergeFinal):
            merges.undo(db, principal=team.supervisor, merge_id=done["id"])
        figures = stats.stats(db, principal=team.supervisor)
    changes, _ = team.pull(one, cursor)
    split = next(c for c in changes if c["kind"] == "split")
    assert split == {"kind": "split", "person_id": a.person_id, "from": b.person_id,
                     "contact_ids": [a.id]}
    assert not read_changes(changes).refused
    assert {a.person_id, b.person_id} <= set(cards(changes))
    assert undone["undoable"] is False and undone["undone_at"]
    assert figures["unique_persons"] == 2


def test_bad_merges_are_refused(team: Team, world: World) -> None:
    _, _, a, b = _two_persons(team)
    elsewhere = _team(world)
    device, theirs = elsewhere.phone()
    stranger = met(theirs, consent="given", alias="Marek", nationality="PL")
    elsewhere.push(device, [stranger])
    with world.sessions() as db:
        with pytest.raises(merges.SamePerson):
            merges.merge(db, principal=team.supervisor, from_person=a.person_id,
                         into_person=a.person_id)
        for source, target in ((a.person_id, "no-such-person"), ("no-such-person", b.person_id),
                               (stranger.person_id, b.person_id),
                               (a.person_id, stranger.person_id)):
            with pytest.raises(NotFound):
                merges.merge(db, principal=team.supervisor, from_person=source,
                             into_person=target)
        with pytest.raises(NotFound):
            merges.undo(db, principal=team.supervisor, merge_id="no-such-merge")
        worker = dataclasses.replace(team.supervisor, role=Role.WORKER)
        with pytest.raises(Exception, match="forbidden"):
            merges.merge(db, principal=worker, from_person=a.person_id, into_person=b.person_id)
        assert merges.list_merges(db, principal=team.supervisor) == []


def test_erasing_a_merged_person_erases_both(team: Team, world: World) -> None:
    one, two, a, b = _two_persons(team)
    with world.sessions() as db:
        done = merges.merge(db, principal=team.supervisor, from_person=a.person_id,
                            into_person=b.person_id)
        assert contacts.erase_person(db, principal=team.supervisor, person_id=a.person_id) == 2
        assert merges.list_merges(db, principal=team.supervisor)[0]["undoable"] is False
        with pytest.raises(merges.MergeFinal):
            merges.undo(db, principal=team.supervisor, merge_id=done["id"])
    assert team.push(one, [revise(a, {"notes": "x"})]) == ["stale"]
    assert team.push(two, [met(of(two), person_id=b.person_id)]) == ["stale"]


def test_sharing_off_and_on_and_the_period(team: Team, world: World) -> None:
    one, first = team.phone()
    given = met(first, consent="given", alias="Olga")
    team.push(one, [given])
    _, cursor = team.pull(one)
    with world.sessions() as db:
        persons.change_sharing(db, org_id=team.org_id, actor=CLI, on=False)
    changes, cursor = team.pull(one, cursor)
    assert changes == [{"kind": "person_gone", "person_id": given.person_id}]
    assert team.pull(team.phone()[0])[0] == [changes[0]]  # a new phone gets no card
    with world.sessions() as db:
        persons.change_sharing(db, org_id=team.org_id, actor=CLI, on=True, months=2)
        with pytest.raises(InvalidInput):
            persons.change_sharing(db, org_id=team.org_id, actor=CLI, months=0)
    card = cards(team.pull(one, cursor)[0])[given.person_id]
    assert card["keep_until"] == add_months(given.contact_date, 2).isoformat()


def test_the_purge_takes_expired_cards_and_makes_merges_final(team: Team,
                                                              world: World) -> None:
    _, _, a, b = _two_persons(team)
    with world.sessions() as db:
        merges.merge(db, principal=team.supervisor, from_person=a.person_id,
                     into_person=b.person_id)
        retention.purge(db, settings=world.settings, today=TODAY + timedelta(days=250))
        assert merges.list_merges(db, principal=team.supervisor)[0]["undoable"] is False
        assert persons.register(db, org_id=team.org_id) == {}
    assert cards(team.pull(team.phone()[0])[0]) == {}


