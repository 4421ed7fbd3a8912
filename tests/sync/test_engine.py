"""The sync engine against the real server: what reaches it, what the phone then shows."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from model import to_wire
from storage.errors import VaultMissing
from storage.sync_states import SyncState
from storage.vault import Vault
from sync.engine import BUSY
from sync.enrollment import CURSOR, LAST_REPORT
from sync.errors import DeviceRevoked, Offline, RateLimited
from sync.report import CANCELLED, Progress, SyncReport
from sync.retry import RetryPolicy
from tests.processes import wait_until
from tests.sync import faultproxy
from tests.sync.crash import Crash, at
from tests.sync.faultproxy import FaultProxy
from tests.sync.live_server import LiveServer
from tests.sync.phone import FAST_KDF, PIN, Phone

NO_QUICK_RETRY = RetryPolicy(quick_retries=0)


@pytest.fixture
def proxy(server: LiveServer) -> Iterator[FaultProxy]:
    with FaultProxy(server.port) as flaky:
        yield flaky


@pytest.fixture
def phone(tmp_path: Path, server: LiveServer, worker, proxy: FaultProxy) -> Phone:
    """A phone that syncs through the fault proxy (which passes everything unless told)."""
    return Phone(tmp_path / "phone", server_url=server.url, credentials=worker,
                 sync_url=proxy.url, policy=NO_QUICK_RETRY, batch_size=3)


def on_server(server: LiveServer, phone: Phone) -> dict[str, list[int]]:
    ids = set(phone.contacts())
    revs: dict[str, list[int]] = {}
    for cid, rev in server.revisions():
        if cid in ids:
            revs.setdefault(cid, []).append(rev)
    return revs


def pushed_ids(request: bytes) -> list[str]:
    body = request.split(b"\r\n\r\n", 1)[1]
    return [r["id"] for r in json.loads(body)["records"]]


def test_every_saved_contact_reaches_the_server_and_shows_as_sent(
    phone: Phone, server: LiveServer
) -> None:
    saved = [phone.record() for _ in range(7)]
    seen: list[Progress] = []
    report = phone.sync(on_progress=seen.append)
    assert (report.ok, report.pushed, report.acknowledged, report.failed) == (True, 7, 7, 0)
    assert [(p.phase, p.done, p.total) for p in seen] == [
        ("push", 0, 7), ("push", 3, 7), ("push", 6, 7), ("push", 7, 7), ("pull", 0, 0)]
    assert {s.sync_state for s in phone.contacts().values()} == {SyncState.SYNCED}
    for contact in saved:
        wire = {k: v for k, v in to_wire(contact).items() if k not in ("review", "device_id")}
        assert server.content(contact.id, 1) == wire


def test_the_oldest_contacts_go_first(phone: Phone, proxy: FaultProxy) -> None:
    start = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    saved = [phone.record(now=start + timedelta(minutes=i)).id for i in range(5)]
    phone.edit(saved[0], area="Museumplein", now=start + timedelta(hours=1))  # changed last
    sent: list[list[str]] = []
    proxy.plan = lambda request: (sent.append(pushed_ids(request)) if b"/sync/push" in request
                                  else None) or faultproxy.PASS
    phone.sync()
    assert sent == [saved[1:4], [saved[4], saved[0]]]


def test_an_answer_lost_after_the_server_stored_the_batch_is_not_taken_as_sent(
    phone: Phone, proxy: FaultProxy, server: LiveServer
) -> None:
    saved = [phone.record().id for _ in range(3)]
    proxy.queue.append(faultproxy.DROP_RESPONSE)
    report = phone.sync()
    assert report.error == Offline.code
    assert on_server(server, phone) == {cid: [1] for cid in saved}  # the server has them ...
    states = {s.sync_state for s in phone.contacts().values()}
    assert states == {SyncState.FAILED}  # ... the phone does not know it, so they go again
    assert phone.sync().acknowledged == 3
    assert {s.sync_state for s in phone.contacts().values()} == {SyncState.SYNCED}
    assert on_server(server, phone) == {cid: [1] for cid in saved}  # still once each


@pytest.mark.parametrize(("method", "phase"), [
    ("mark_sending", "after"), ("mark_sent", "before"), ("mark_sent", "after"),
])
def test_a_crash_while_pushing_leaves_every_contact_sent_or_still_to_send(
    phone: Phone, server: LiveServer, method: str, phase: str
) -> None:
    saved = [phone.record().id for _ in range(4)]
    phone.crashing(at(method, phase))
    with pytest.raises(Crash):
        phone.sync()
    phone.crash()
    phone.reopen()
    for stored in phone.contacts().values():
        if stored.sync_state == SyncState.SYNCED:
            assert (stored.id, stored.contact.rev) in server.revisions()
        else:
            assert stored.sync_state in (SyncState.PENDING, SyncState.SENDING)
    assert phone.sync().ok
    assert {s.sync_state for s in phone.contacts().values()} == {SyncState.SYNCED}
    assert on_server(server, phone) == {cid: [1] for cid in saved}


@pytest.mark.parametrize(("method", "phase"), [
    ("apply_feedback", "before"), ("apply_feedback", "after"), ("set", "before"),
    ("set", "after"),
])
def test_a_crash_while_pulling_loses_no_feedback(
    phone: Phone, server: LiveServer, supervisor, method: str, phase: str
) -> None:
    contact = phone.record()
    phone.sync()
    server.review(contact.id, state="rejected", comment="dubbel", supervisor=supervisor)
    phone.crashing(at(method, phase))
    with pytest.raises(Crash):
        phone.sync()
    phone.crash()
    phone.reopen()
    phone.sync()
    review = phone.contacts()[contact.id].contact.review
    assert review is not None and (review.state, review.comment) == ("rejected", "dubbel")


def test_a_record_the_server_refuses_is_set_aside_and_the_rest_still_go(
    tmp_path: Path, phone: Phone, server: LiveServer, worker
) -> None:
    # Another phone already sent this contact (same id and rev) with other content:
    # a cloned phone, or a restored backup that was edited differently.
    other = Phone(tmp_path / "other", server_url=server.url, credentials=worker)
    clash = phone.record(area="Dam")
    other.repository.add(dataclasses.replace(clash, area="Leidseplein"))
    other.sync()
    fine = [phone.record().id for _ in range(4)]
    report = phone.sync()
    assert (report.acknowledged, report.quarantined, report.failed) == (4, 1, 0)
    kept = phone.contacts()
    assert kept[clash.id].sync_state == SyncState.QUARANTINED
    assert kept[clash.id].last_error == "conflict"
    assert kept[clash.id].contact.area == "Dam"  # nothing of the worker's record is lost
    assert all(kept[cid].sync_state == SyncState.SYNCED for cid in fine)
    assert phone.sync().pushed == 0  # never retried blindly


def test_a_record_too_large_for_the_way_in_is_isolated_by_halving_the_batch(
    phone: Phone, proxy: FaultProxy, server: LiveServer
) -> None:
    phone.batch_size = 8
    phone.engine = phone._engine()
    saved = [phone.record(area="Centraal").id for _ in range(6)]
    huge = phone.record(area="x" * 120).id
    # A reverse proxy with a body limit refuses every request that carries this record.
    proxy.plan = lambda request: (faultproxy.answer(413) if b"x" * 120 in request
                                  else faultproxy.PASS)
    report = phone.sync()
    assert (report.acknowledged, report.quarantined) == (6, 1)
    kept = phone.contacts()
    assert kept[huge].sync_state == SyncState.QUARANTINED
    assert [e.code for e in kept[huge].errors] == ["batch_rejected"]
    assert set(on_server(server, phone)) == set(saved)


@pytest.mark.parametrize("phase", ["before", "after"])
def test_a_crash_while_setting_a_record_aside_loses_nothing(
    phone: Phone, proxy: FaultProxy, server: LiveServer, phase: str
) -> None:
    saved = [phone.record(area="Centraal").id for _ in range(2)]
    huge = phone.record(area="x" * 120).id
    proxy.plan = lambda request: (faultproxy.answer(413) if b"x" * 120 in request
                                  else faultproxy.PASS)
    phone.crashing(at("quarantine", phase))
    with pytest.raises(Crash):
        phone.sync()
    phone.crash()
    phone.reopen()
    left = phone.contacts()[huge]
    if phase == "before":
        assert left.sync_state == SyncState.SENDING  # still to send: it goes again
    else:
        assert (left.sync_state, [e.code for e in left.errors]) == (
            SyncState.QUARANTINED, ["batch_rejected"])
    report = phone.sync()
    assert (report.ok, report.quarantined) == (True, 1 if phase == "before" else 0)
    kept = phone.contacts()
    assert kept[huge].sync_state == SyncState.QUARANTINED
    assert {kept[cid].sync_state for cid in saved} == {SyncState.SYNCED}
    assert set(on_server(server, phone)) == set(saved)


def test_a_stale_record_is_set_aside_for_the_worker_and_the_server_keeps_its_newer_rev(
    tmp_path: Path, phone: Phone, server: LiveServer, worker
) -> None:
    first = phone.record()
    phone.edit(first.id, area="Vondelpark")
    phone.sync()  # the server holds rev 2 only
    restored = Phone(tmp_path / "restored", server_url=server.url, credentials=worker)
    restored.repository.add(first)  # a backup from before the edit: rev 1, never sent
    report = restored.sync()
    assert report.quarantined == 1
    kept = restored.contacts()[first.id]
    assert (kept.sync_state, kept.last_error, kept.contact.rev) == (
        SyncState.QUARANTINED, "conflict", 1)
    assert [(e.field, e.code) for e in kept.errors] == [("rev", "stale")]
    assert server.content(first.id, 2)["area"] == "Vondelpark"
    assert sorted(r for c, r in server.revisions() if c == first.id) == [2]


def test_a_supervisors_review_arrives_on_the_phone(
    phone: Phone, server: LiveServer, supervisor
) -> None:
    contact = phone.record()
    phone.sync()
    server.review(contact.id, state="has_issues", comment="Leeftijd klopt niet",
                  supervisor=supervisor)
    report = phone.sync()
    assert report.pulled == 1
    review = phone.contacts()[contact.id].contact.review
    assert review is not None
    assert (review.state, review.comment) == ("has_issues", "Leeftijd klopt niet")
    assert phone.sync().pulled == 0  # the cursor moved on


def test_an_erased_person_disappears_from_the_phone(
    phone: Phone, server: LiveServer, supervisor
) -> None:
    met = phone.record()
    again = phone.record(person_id=met.person_id)
    other = phone.record()
    phone.sync()
    server.api("DELETE", f"/persons/{met.person_id}", as_user=supervisor)
    phone.sync()
    assert set(phone.contacts()) == {other.id}
    assert again.id not in phone.contacts()


def test_revocation_wipes_the_phone(phone: Phone, server: LiveServer) -> None:
    phone.record()
    phone.sync()
    phone.record()
    server.revoke(phone.device_id)
    report = phone.sync()
    assert report.error == DeviceRevoked.code
    assert not Vault.exists(phone.folder)
    assert not phone.folder.exists() or list(phone.folder.glob("*")) == []
    with pytest.raises(VaultMissing):
        Vault.open(phone.folder, PIN)
    Vault.create(phone.folder, PIN, kdf=FAST_KDF).lock()  # first run works again


def test_a_cancelled_sync_leaves_the_rest_for_next_time(phone: Phone, server: LiveServer) -> None:
    saved = [phone.record().id for _ in range(7)]
    cancel = threading.Event()
    report = phone.sync(cancel=cancel,
                        on_progress=lambda p: cancel.set() if p.done == 3 else None)
    # The batch already on its way when the worker cancelled is still recorded.
    assert (report.error, report.acknowledged, report.failed) == (CANCELLED, 6, 1)
    assert phone.sync().acknowledged == 1
    assert on_server(server, phone) == {cid: [1] for cid in saved}


def test_a_rate_limited_sync_reports_how_long_to_wait(phone: Phone, proxy: FaultProxy) -> None:
    phone.record()
    proxy.queue.append(faultproxy.answer(429, b"{}", headers={"Retry-After": "90"}))
    report = phone.sync()
    assert (report.error, report.retry_after) == (RateLimited.code, 90)
    assert {s.sync_state for s in phone.contacts().values()} == {SyncState.FAILED}


def test_feedback_this_version_cannot_read_never_blocks_the_rest(
    phone: Phone, proxy: FaultProxy, caplog: pytest.LogCaptureFixture
) -> None:
    contact = phone.record()
    phone.sync()
    caplog.set_level(logging.WARNING)
    changes = [{"kind": "review", "contact_id": "not-a-uuid", "state": "approved"},
               {"kind": "hug", "person_id": contact.person_id},
               {"kind": "review", "contact_id": contact.id, "state": "approved",
                "comment": None, "reviewed_at": "2026-11-21T10:00:00Z"}]
    proxy.queue.append(faultproxy.answer(200, json.dumps(
        {"changes": changes, "cursor": None, "more": False}).encode()))
    assert phone.sync().pulled == 1
    assert "skipped 1 changes of kinds this version does not know and 1 it cannot read" \
        in caplog.text
    assert contact.person_id not in caplog.text
    review = phone.contacts()[contact.id].contact.review
    assert review is not None and review.state == "approved"


def test_the_last_report_is_kept_in_the_vault(phone: Phone) -> None:
    phone.record()
    phone.sync()
    phone.crash()
    phone.reopen()
    last = phone.vault.settings.get(LAST_REPORT)
    assert (last["acknowledged"], last["error"]) == (1, None)
    assert last["finished_at"].endswith("Z")
    assert last["last_success"] == last["finished_at"]
    assert phone.engine.last_success() == datetime.fromisoformat(last["finished_at"])


def test_a_failed_sync_keeps_the_last_success(phone: Phone, proxy: FaultProxy) -> None:
    assert phone.engine.last_success() is None
    phone.record()
    assert phone.sync().ok
    succeeded = phone.engine.last_success()
    assert succeeded is not None
    phone.record()
    proxy.queue.append(faultproxy.UNAVAILABLE)
    proxy.queue.append(faultproxy.UNAVAILABLE)
    assert not phone.sync().ok
    assert phone.vault.settings.get(LAST_REPORT)["error"] is not None
    assert phone.engine.last_success() == succeeded


def test_a_report_kept_before_the_last_success_was_recorded_still_tells_it(phone: Phone) -> None:
    phone.vault.settings.set(LAST_REPORT, {"error": None, "finished_at": "2026-11-20T08:00:00Z"})
    assert phone.engine.last_success() == datetime(2026, 11, 20, 8, tzinfo=UTC)
    phone.vault.settings.set(LAST_REPORT, {"error": "offline", "finished_at": "2026-11-20T08:00:00Z"})
    assert phone.engine.last_success() is None


def test_nothing_personal_reaches_the_logs(
    phone: Phone, proxy: FaultProxy, caplog: pytest.LogCaptureFixture
) -> None:
    secrets = ("Jaroslaw Secretname", "epilepsy, sleeps under the A10 bridge")
    caplog.set_level(logging.DEBUG)
    for _ in range(3):
        phone.record(consent="given", alias=secrets[0], notes=secrets[1])
    proxy.queue.extend([faultproxy.cut(300), faultproxy.UNAVAILABLE, faultproxy.DROP_RESPONSE])
    for _ in range(4):
        phone.sync()
    assert {s.sync_state for s in phone.contacts().values()} == {SyncState.SYNCED}
    assert caplog.records  # the sync did log
    for secret in secrets:
        assert secret not in caplog.text
        assert all(secret not in str(s.last_error) for s in phone.contacts().values())


def test_edits_of_contacts_already_sent_reach_the_server(phone: Phone, server: LiveServer) -> None:
    saved = [phone.record().id for _ in range(3)]
    phone.sync()
    for contact_id in saved:
        phone.edit(contact_id, area="Sloterdijk")
    report = phone.sync()
    assert (report.ok, report.acknowledged, report.failed) == (True, 3, 0), report
    assert on_server(server, phone) == {cid: [1, 2] for cid in saved}
    assert all(server.content(cid, 2)["area"] == "Sloterdijk" for cid in saved)


def test_a_record_the_server_fails_on_does_not_hold_up_the_others(
    phone: Phone, proxy: FaultProxy, server: LiveServer
) -> None:
    poison = phone.record(area="crashes the server").id
    rest = [phone.record().id for _ in range(5)]
    proxy.plan = lambda request: (faultproxy.answer(500, b'{"error": "internal_error"}')
                                  if b"crashes the server" in request else faultproxy.PASS)
    report = phone.sync()
    assert (report.acknowledged, report.quarantined, report.failed) == (5, 0, 1)
    kept = phone.contacts()
    assert (kept[poison].sync_state, kept[poison].last_error) == (SyncState.FAILED, "server_error")
    assert set(on_server(server, phone)) == set(rest)
    proxy.plan = lambda _request: faultproxy.PASS  # the server was fixed: it goes next time
    assert phone.sync().acknowledged == 1


def test_a_server_failing_on_everything_is_not_hammered(phone: Phone, proxy: FaultProxy) -> None:
    phone.batch_size = 200
    phone.engine = phone._engine()
    for _ in range(64):
        phone.record()
    proxy.plan = lambda request: (faultproxy.answer(500, b"{}") if b"/sync/push" in request
                                  else faultproxy.PASS)
    report = phone.sync()
    assert (report.error, report.acknowledged, report.failed) == ("server_error", 0, 64)
    assert proxy.applied["answer"] <= 16


def test_a_follow_up_of_a_person_erased_meanwhile_is_erased_too_not_resent(
    phone: Phone, server: LiveServer, supervisor
) -> None:
    first = phone.record()
    phone.sync()
    follow_up = phone.record(person_id=first.person_id)  # recorded before the phone heard
    server.api("DELETE", f"/persons/{first.person_id}", as_user=supervisor)
    report = phone.sync()
    assert (report.ok, report.quarantined, report.failed) == (True, 0, 0)
    assert follow_up.id not in phone.contacts() and first.id not in phone.contacts()
    assert follow_up.id not in {cid for cid, _rev in server.revisions()}


def test_a_cursor_the_server_does_not_know_starts_the_pull_over(
    phone: Phone, server: LiveServer, supervisor
) -> None:
    contact = phone.record()
    phone.sync()
    server.review(contact.id, state="approved", comment=None, supervisor=supervisor)
    phone.vault.settings.set(CURSOR, "Y29ycnVwdGVk")  # say, the server's database was restored
    report = phone.sync()
    assert report.ok
    review = phone.contacts()[contact.id].contact.review
    assert review is not None and review.state == "approved"
    assert phone.vault.settings.get(CURSOR) != "Y29ycnVwdGVk"


def test_a_second_sync_while_one_runs_does_not_start(phone: Phone, proxy: FaultProxy) -> None:
    phone.record()
    proxy.queue.append(faultproxy.delay(1.0))  # holds the first sync in its push
    first: list[SyncReport] = []
    running = threading.Thread(target=lambda: first.append(phone.sync()))
    running.start()
    wait_until(lambda: proxy.applied["delay"] == 1, timeout=10, what="the first sync's push")
    assert phone.sync().error == BUSY
    running.join()
    assert first[0].ok and first[0].acknowledged == 1
