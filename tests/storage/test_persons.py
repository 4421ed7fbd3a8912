"""The team's person cards in the vault, merges and splits: each pulled page is one write."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from model.protocol import PushResult, read_changes
from storage import persons
from storage.errors import ContactNotFound
from storage.repository import ContactRepository
from storage.sync_states import SyncState
from storage.vault import DATA_FILE, Vault
from tests.factories import NOW, make_card, make_contact, person_change

from .conftest import PIN


def pulled(*items: object) -> tuple[object, ...]:
    read = read_changes(items)
    assert (read.unknown, read.refused) == (0, 0)
    return read.changes


def reopened(vault: Vault, vault_dir: Path) -> ContactRepository:
    vault.lock()
    return ContactRepository(Vault.open(vault_dir, PIN))


def test_a_page_of_cards_with_a_review_and_an_erasure_is_one_write_and_survives_a_restart(
        repo: ContactRepository, vault: Vault, vault_dir: Path, commits: list[str]) -> None:
    mine = repo.add(make_contact(consent="given", alias="Marek"))
    erased = repo.add(make_contact(consent="given", alias="Jan"))
    cards = [make_card(alias=f"Ivan {n}") for n in range(500)]
    commits.clear()
    applied = repo.apply_feedback(pulled(
        *(person_change(card) for card in cards),
        person_change(make_card(person_id=erased.contact.person_id, alias="Jan")),
        {"kind": "review", "contact_id": mine.id, "state": "approved"},
        {"kind": "erase", "person_id": erased.contact.person_id},
    ))
    assert commits.count(DATA_FILE + ".commit") == 1  # (a page this big rewrites the file)
    assert (applied.cards, applied.reviewed, applied.erased, applied.cards_gone) == (501, 1, 1, 1)
    assert applied.total == 504
    again = reopened(vault, vault_dir)
    assert again.cards.count() == 500  # the erased person's card went with their contacts
    assert again.cards.get(cards[7].person_id) == cards[7]
    assert again.cards.get(erased.contact.person_id) is None
    with pytest.raises(ContactNotFound):
        again.get(erased.id)


def test_a_newer_card_replaces_the_old_one_and_person_gone_removes_it(
        repo: ContactRepository) -> None:
    first = make_card(alias="Ivan", contacts=1)
    newer = make_card(person_id=first.person_id, alias="Ivan", contacts=2,
                      last_contact_date=NOW.date(), follow_up_on=NOW.date() + timedelta(days=3))
    repo.apply_feedback(pulled(person_change(first)))
    assert repo.cards.get(first.person_id) == first
    repo.apply_feedback(pulled(person_change(newer)))
    assert repo.cards.get(first.person_id) == newer  # what was read before is not kept
    [facts] = repo.cards.facts()
    assert facts == (first.person_id, NOW.date(), NOW.date() + timedelta(days=3))
    gone = repo.apply_feedback(pulled({"kind": "person_gone", "person_id": first.person_id},
                                      {"kind": "person_gone", "person_id": first.person_id}))
    assert (gone.cards_gone, repo.cards.count()) == (1, 0)


def test_cards_are_found_by_name_in_another_script(repo: ContactRepository) -> None:
    ivan, stefan = make_card(alias="Иван Петров"), make_card(alias="Ștefan", nationality="RO")
    repo.apply_feedback(pulled(person_change(ivan), person_change(stefan)))
    assert repo.cards.search("ivan") == {ivan.person_id}
    assert repo.cards.search("Щефан") == {stefan.person_id}
    assert repo.cards.search("") == set()
    assert repo.cards.named("Stefan") == [stefan]
    assert repo.cards.named("Stef") == []  # a name, not a part of one


def test_a_merge_moves_own_contacts_without_a_new_revision_and_keeps_their_sync_state(
        repo: ContactRepository, vault: Vault, vault_dir: Path) -> None:
    sent = repo.add(make_contact(consent="given", alias="Marek"))
    person = sent.contact.person_id
    waiting = repo.add(make_contact(consent="given", alias="Marek", person_id=person))
    other = repo.add(make_contact(consent="given", alias="Jan"))
    repo.mark_sent([PushResult(sent.id, 1, "stored")])
    into = make_card(alias="Marek", nationality="PL")
    applied = repo.apply_feedback(pulled(
        person_change(make_card(person_id=person, alias="Marek")), person_change(into),
        {"kind": "merge", "from": person, "into": into.person_id}))
    assert applied.moved == 2
    again = reopened(vault, vault_dir)
    for before, state in ((sent, SyncState.SYNCED), (waiting, SyncState.PENDING)):
        after = again.get(before.id)
        assert after.contact.person_id == into.person_id
        assert (after.contact.rev, after.sync_state) == (1, state)
        assert after.contact == replace(before.contact, person_id=into.person_id)
    assert again.get(sent.id).synced_rev == 1
    assert again.get(other.id) == other
    assert again.cards.get(person) is None  # merged away
    assert again.cards.get(into.person_id) == into
    assert {s.id for s in again.outbox(10)} == {waiting.id, other.id}  # still to send


def test_a_split_gives_the_listed_contacts_back_to_their_person(
        repo: ContactRepository) -> None:
    one = repo.add(make_contact(consent="given", alias="Marek"))
    two = repo.add(make_contact(consent="given", alias="Marek"))
    into = two.contact.person_id
    assert {s.contact.person_id for s in repo.list()} == {one.contact.person_id, into}
    repo.apply_feedback(pulled({"kind": "merge", "from": one.contact.person_id, "into": into}))
    assert repo.get(one.id).contact.person_id == into
    assert {s.contact.person_id for s in repo.list()} == {into}  # not as listed before
    applied = repo.apply_feedback(pulled(
        {"kind": "split", "person_id": one.contact.person_id, "from": into,
         "contact_ids": [one.id, "6f1c7d2e-0000-4000-8000-000000000000"]}))
    assert applied.moved == 1
    assert repo.get(one.id).contact.person_id == one.contact.person_id
    assert repo.get(two.id).contact.person_id == into


def test_changes_apply_in_the_order_pulled(repo: ContactRepository) -> None:
    kept = repo.add(make_contact(consent="given", alias="Marek"))
    into = make_card(alias="Marek")
    # Merged into a person who is then erased: the moved contact is erased too.
    applied = repo.apply_feedback(pulled(
        {"kind": "merge", "from": kept.contact.person_id, "into": into.person_id},
        {"kind": "erase", "person_id": into.person_id}))
    assert (applied.moved, applied.erased) == (1, 1)
    with pytest.raises(ContactNotFound):
        repo.get(kept.id)


def test_the_same_page_applied_twice_changes_nothing_more(repo: ContactRepository) -> None:
    one = repo.add(make_contact(consent="given", alias="Marek"))
    into = make_card(alias="Marek")
    page = pulled(person_change(into),
                  {"kind": "merge", "from": one.contact.person_id, "into": into.person_id})
    repo.apply_feedback(page)
    after_once = (repo.get(one.id), repo.cards.facts())
    repo.apply_feedback(page)
    assert (repo.get(one.id), repo.cards.facts()) == after_once


def test_an_unreadable_card_is_skipped_and_counted_and_the_rest_applied(
        repo: ContactRepository) -> None:
    good = make_card(alias="Ivan")
    bad = person_change(make_card(alias="Petar"))
    bad["card"]["age_band"] = "ancient"
    read = read_changes([bad, person_change(good),
                         {"kind": "merge", "from": good.person_id, "into": "not-an-id"}])
    assert (read.refused, read.unknown, len(read.changes)) == (2, 0, 1)
    repo.apply_feedback(read.changes)
    assert [f.person_id for f in repo.cards.facts()] == [good.person_id]


def test_a_page_that_fails_halfway_leaves_nothing_applied(
        repo: ContactRepository, vault: Vault, vault_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    own = repo.add(make_contact(consent="given", alias="Marek"))
    into = make_card(alias="Marek")
    real, kept = persons.keep_card, []

    def failing(cards: dict, card: object) -> bool:  # type: ignore[type-arg]
        if len(kept) == 2:
            raise OSError("the phone ran out of memory")
        kept.append(card)
        return real(cards, card)  # type: ignore[arg-type]

    monkeypatch.setattr("storage.feedback.keep_card", failing)
    with pytest.raises(OSError):
        repo.apply_feedback(pulled(
            {"kind": "merge", "from": own.contact.person_id, "into": into.person_id},
            person_change(into), person_change(make_card()), person_change(make_card())))
    assert (repo.get(own.id), repo.cards.count()) == (own, 0)
    again = reopened(vault, vault_dir)
    assert (again.get(own.id), again.cards.count()) == (own, 0)


def test_the_purge_removes_cards_after_their_last_day_in_the_same_write(
        repo: ContactRepository, commits: list[str]) -> None:
    last_day = NOW.date()
    ending, later = make_card(keep_until=last_day), make_card(keep_until=last_day + timedelta(1))
    repo.apply_feedback(pulled(person_change(ending), person_change(later)))
    assert repo.purge(now=NOW) == 0  # its last day: still kept
    commits.clear()
    assert repo.purge(now=NOW + timedelta(days=1)) == 1
    assert commits == [DATA_FILE + ".commit"]
    assert [f.person_id for f in repo.cards.facts()] == [later.person_id]
    assert repo.purge(now=NOW + timedelta(days=1)) == 0
    with pytest.raises(ValueError):
        repo.purge(now=NOW.replace(tzinfo=None))
