"""The contact repository: validation on every write, sync states, feedback, retention."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from model import FieldError, InvalidContact, RevisionError
from model.protocol import PushResult, field_error_from_wire, read_changes
from storage.errors import ContactExists, ContactNotFound
from storage.repository import ContactRepository
from storage.sync_states import SyncState
from storage.vault import DATA_FILE, Vault
from tests.factories import NOW, make_contact

from .conftest import PIN

DAY = timedelta(days=1)


def at(days_ago: float, **fields: object) -> object:
    return make_contact(now=NOW - days_ago * DAY, **fields)


def pulled(*items: object) -> tuple[object, ...]:
    """Changes as the sync engine hands them over: read from the wire first."""
    read = read_changes(items)
    assert (read.unknown, read.refused) == (0, 0)
    return read.changes


def states(repo: ContactRepository) -> dict[str, str]:
    return {s.id: s.sync_state.value for s in repo.list()}


def test_add_then_get(repo: ContactRepository) -> None:
    contact = make_contact(consent="given", alias="Marek")
    stored = repo.add(contact)
    assert stored.sync_state == SyncState.PENDING
    assert repo.get(contact.id) == stored
    assert repo.get(contact.id).contact == contact


def test_invalid_contact_is_refused_and_nothing_written(repo: ContactRepository,
                                                        vault_dir: Path) -> None:
    before = (vault_dir / DATA_FILE).read_bytes()
    bad = make_contact(consent="refused", alias="Not allowed", notes="x" * 2001)
    with pytest.raises(InvalidContact) as raised:
        repo.add(bad)
    assert FieldError("alias", "not_allowed_without_consent") in raised.value.errors
    assert FieldError("notes", "not_allowed_without_consent") in raised.value.errors
    assert repo.counts()["pending"] == 0
    assert (vault_dir / DATA_FILE).read_bytes() == before


def test_same_contact_twice_is_refused(repo: ContactRepository) -> None:
    contact = make_contact()
    repo.add(contact)
    with pytest.raises(ContactExists):
        repo.add(contact)


def test_unknown_contact(repo: ContactRepository) -> None:
    for missing in ("6f1c7d2e-0000-4000-8000-000000000000", "not-a-uuid"):
        with pytest.raises(ContactNotFound):
            repo.get(missing)
        with pytest.raises(ContactNotFound):
            repo.update(missing, {"notes": "x"})


def test_update_makes_a_new_pending_revision(repo: ContactRepository) -> None:
    contact = make_contact(consent="given", alias="Marek")
    repo.add(contact)
    repo.mark_sending([contact.id])
    repo.mark_sent([PushResult(contact.id, 1, "stored")])
    later = NOW + DAY
    updated = repo.update(contact.id, {"notes": "Needs shoes"}, now=later)
    assert updated.contact.rev == 2
    assert updated.contact.updated_at == later
    assert updated.sync_state == SyncState.PENDING
    assert updated.synced_rev == 1
    assert repo.get(contact.id) == updated


def test_invalid_update_is_refused_and_keeps_the_old_revision(repo: ContactRepository) -> None:
    contact = make_contact(consent="given", alias="Marek")
    repo.add(contact)
    with pytest.raises(InvalidContact) as raised:
        repo.update(contact.id, {"alias": None})
    assert raised.value.errors == [FieldError("alias", "required")]
    with pytest.raises(RevisionError):
        repo.update(contact.id, {"person_id": contact.id})
    assert repo.get(contact.id).contact == contact


def test_list_is_newest_first_with_filters(repo: ContactRepository) -> None:
    old = repo.add(at(5, follow_up_on=date(2026, 11, 18)))
    new = repo.add(at(1))
    middle = repo.add(at(3, follow_up_on=date(2026, 11, 25)))
    assert [s.id for s in repo.list()] == [new.id, middle.id, old.id]
    assert [s.id for s in repo.list(limit=2)] == [new.id, middle.id]
    assert [s.id for s in repo.list(follow_up_due=date(2026, 11, 20))] == [old.id]
    assert {s.id for s in repo.list(follow_up_due=date(2026, 11, 30))} == {old.id, middle.id}
    repo.mark_sending([old.id])
    assert [s.id for s in repo.list(sync_states=["sending"])] == [old.id]
    repo.mark_sent([PushResult(old.id, 1, "stored")])
    repo.apply_feedback(pulled({"kind": "review", "contact_id": old.id, "state": "has_issues",
                                "comment": "Check the age band",
                                "reviewed_at": "2026-11-21T09:00:00Z"}))
    assert [s.id for s in repo.list(review_states=["has_issues"])] == [old.id]
    assert repo.list(review_states=["approved"]) == []


def test_search_across_scripts_and_spellings(repo: ContactRepository) -> None:
    names = ["Ștefan Popescu", "Stefan Kowalski", "Щефан Петров", "Ştefan Ionescu",
             "Łukasz Nowak", "Гжегож", "Maria"]
    added = {name: repo.add(make_contact(consent="given", alias=name)).id for name in names}

    def found(query: str) -> set[str]:
        return {s.contact.alias or "" for s in repo.search(query)}

    stefans = {"Ștefan Popescu", "Stefan Kowalski", "Щефан Петров", "Ştefan Ionescu"}
    assert found("Stefan") == stefans
    assert found("ștefan") == stefans
    assert found("Щефан") == stefans
    assert found("stef") == stefans
    assert found("Лукаш") == {"Łukasz Nowak"}
    assert found("lukasz nowak") == {"Łukasz Nowak"}
    assert found("Grzegorz") == {"Гжегож"}
    assert found("петров") == {"Щефан Петров"}
    assert found("") == set()
    assert found("   ") == set()
    assert found("Zygmunt") == set()
    assert len(added) == len(names)


def test_search_skips_contacts_without_a_name(repo: ContactRepository) -> None:
    repo.add(make_contact(consent="refused"))
    assert repo.search("a") == []


def test_outbox_is_oldest_first_and_includes_sending(repo: ContactRepository) -> None:
    first, second, third, fourth = (repo.add(at(d)) for d in (4, 3, 2, 1))
    repo.mark_sending([first.id, second.id, third.id, fourth.id])
    repo.mark_sent([PushResult(second.id, 1, "stored"), PushResult(third.id, 1, "invalid")])
    repo.mark_failed([fourth.id], "network")
    # `first` stays `sending`, as after a crash mid-request: it must go again.
    assert [s.id for s in repo.outbox(10)] == [first.id, fourth.id]
    assert [s.id for s in repo.outbox(1)] == [first.id]
    assert repo.get(fourth.id).last_error == "network"


def test_mark_sent_follows_the_protocol(repo: ContactRepository, commits: list[str]) -> None:
    c = {name: repo.add(make_contact()).id for name in
         ("stored", "duplicate", "edited", "invalid", "conflict", "stale", "synced")}
    repo.mark_sending(c.values())
    repo.update(c["edited"], {"area": "Station"})
    errors = [FieldError("alias", "required")]
    commits.clear()
    repo.mark_sent([
        PushResult(c["stored"], 1, "stored"),
        PushResult(c["duplicate"], 1, "duplicate"),
        PushResult(c["edited"], 1, "stored"),
        PushResult(c["invalid"], 1, "invalid", tuple(errors)),
        PushResult(c["conflict"], 1, "conflict",
                   (field_error_from_wire({"field": "rev", "code": "conflict"}),)),
        PushResult(c["stale"], 1, "stale"),
        PushResult("6f1c7d2e-0000-4000-8000-000000000000", 1, "stored"),
    ])
    assert commits.count(DATA_FILE + ".commit") == 1, "one write for the whole batch"
    got = {name: repo.get(i) for name, i in c.items()}
    assert got["stored"].sync_state == got["duplicate"].sync_state == SyncState.SYNCED
    assert got["edited"].sync_state == SyncState.PENDING
    assert got["edited"].synced_rev == 1
    assert got["invalid"].sync_state == SyncState.QUARANTINED
    assert got["invalid"].last_error == "invalid"
    assert got["invalid"].errors == tuple(errors)
    assert got["conflict"].sync_state == SyncState.QUARANTINED
    assert got["conflict"].errors == (FieldError("rev", "conflict"),)
    assert (got["stale"].sync_state, got["stale"].last_error) == (SyncState.FAILED, "stale")
    assert repo.counts() == {"pending": 1, "sending": 1, "synced": 2, "failed": 1,
                             "quarantined": 2}


def test_an_unknown_answer_status_writes_nothing(repo: ContactRepository) -> None:
    contact = repo.add(make_contact())
    with pytest.raises(ValueError):
        repo.mark_sent([PushResult(contact.id, 1, "stored"), PushResult(contact.id, 1, "??")])
    assert repo.get(contact.id).sync_state == SyncState.PENDING


def test_failed_never_touches_synced(repo: ContactRepository) -> None:
    done, waiting = repo.add(make_contact()), repo.add(make_contact())
    repo.mark_sent([PushResult(done.id, 1, "stored")])
    repo.mark_failed([done.id, waiting.id], "timeout")
    assert states(repo) == {done.id: "synced", waiting.id: "failed"}


def test_sending_all_again_puts_only_what_the_server_had_back_in_the_outbox(
        repo: ContactRepository, commits: list[str]) -> None:
    synced, refused, waiting = (repo.add(make_contact()) for _ in range(3))
    repo.mark_sent([PushResult(synced.id, 1, "stored"), PushResult(refused.id, 1, "invalid")])
    commits.clear()
    assert repo.send_all_again() == 1
    assert states(repo) == {synced.id: "pending", refused.id: "quarantined",
                            waiting.id: "pending"}
    assert repo.get(synced.id).synced_rev == 1  # what the server once confirmed is still known
    assert len(commits) == 1  # one write
    assert repo.send_all_again() == 0


def test_retry_and_edit_bring_quarantined_back(repo: ContactRepository) -> None:
    one, two = repo.add(make_contact()), repo.add(make_contact())
    repo.mark_sent([PushResult(one.id, 1, "invalid"), PushResult(two.id, 1, "conflict")])
    retried = repo.retry(one.id)
    assert (retried.sync_state, retried.last_error) == (SyncState.PENDING, None)
    assert repo.update(two.id, {"area": "Park"}).sync_state == SyncState.PENDING
    with pytest.raises(ContactNotFound):
        repo.retry("6f1c7d2e-0000-4000-8000-000000000000")


def test_feedback_reviews_and_erases_in_one_write(repo: ContactRepository,
                                                  commits: list[str]) -> None:
    reviewed = repo.add(make_contact())
    first = repo.add(make_contact(consent="given", alias="Erased"))
    follow_up = repo.add(make_contact(consent="given", alias="Erased", person_id=first.contact.person_id))
    other = repo.add(make_contact())
    repo.mark_sent([PushResult(reviewed.id, 1, "stored")])
    commits.clear()
    result = repo.apply_feedback(pulled(
        {"kind": "review", "contact_id": reviewed.id, "state": "has_issues",
         "comment": "Wrong municipality?", "reviewed_at": "2026-11-21T10:00:00Z"},
        {"kind": "review", "contact_id": "6f1c7d2e-0000-4000-8000-000000000000",
         "state": "approved", "comment": None, "reviewed_at": None},
        {"kind": "erase", "person_id": first.contact.person_id},
        {"kind": "review", "contact_id": follow_up.id, "state": "approved"},
    ))
    assert commits.count(DATA_FILE + ".commit") == 1
    assert (result.reviewed, result.erased) == (1, 2)
    got = repo.get(reviewed.id)
    assert got.contact.review is not None
    assert (got.contact.review.state, got.contact.review.comment) == ("has_issues",
                                                                      "Wrong municipality?")
    assert got.contact.review.reviewed_at == datetime(2026, 11, 21, 10, tzinfo=UTC)
    assert (got.contact.rev, got.sync_state) == (1, SyncState.SYNCED)
    for gone in (first, follow_up):
        with pytest.raises(ContactNotFound):
            repo.get(gone.id)
    assert repo.get(other.id) == other


def test_purge_removes_only_synced_and_approved_after_the_retention(
        repo: ContactRepository) -> None:
    now = NOW + 25 * DAY  # at(10): 35 days before; at(0): 25 days before
    approved_old = repo.add(at(10))
    approved_recent = repo.add(at(0))
    approved_follow_up = repo.add(at(10, follow_up_on=(now + DAY).date()))
    has_issues_old = repo.add(at(10))
    pending_old = repo.add(at(10))
    failed_old = repo.add(at(10))
    synced = [approved_old, approved_recent, approved_follow_up, has_issues_old]
    repo.mark_sent([PushResult(s.id, 1, "stored") for s in synced])
    repo.mark_failed([failed_old.id], "network")
    verdicts = {s.id: "approved" for s in synced} | {has_issues_old.id: "has_issues",
                                                      pending_old.id: "approved"}
    repo.apply_feedback(pulled(*({"kind": "review", "contact_id": i, "state": v}
                                 for i, v in verdicts.items())))
    assert repo.purge(now=now) == 1
    assert {s.id for s in repo.list()} == {approved_recent.id, approved_follow_up.id,
                                           has_issues_old.id, pending_old.id, failed_old.id}
    assert repo.purge(now=now, days=20) == 1
    assert repo.purge(now=now, days=20) == 0
    with pytest.raises(ValueError):
        repo.purge(now=datetime(2026, 1, 1))


def test_contacts_survive_a_restart_with_their_states(repo: ContactRepository, vault: Vault,
                                                      vault_dir: Path) -> None:
    one, two = repo.add(make_contact()), repo.add(make_contact())
    repo.mark_sent([PushResult(one.id, 1, "conflict")])
    expected = repo.list()
    vault.lock()
    again = Vault.open(vault_dir, PIN)
    assert ContactRepository(again).list() == expected
    assert {s.id for s in expected} == {one.id, two.id}
    again.lock()


def test_writes_from_two_threads_are_all_kept(repo: ContactRepository, vault: Vault,
                                              vault_dir: Path) -> None:
    added: list[str] = []

    def record() -> None:
        for _ in range(15):
            added.append(repo.add(make_contact()).id)
            repo.counts()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    vault.lock()
    again = Vault.open(vault_dir, PIN)
    assert {s.id for s in ContactRepository(again).list()} == set(added)
    assert len(added) == 30
    again.lock()
