"""The HTTP client against the real server: protocol, typed errors, nothing personal leaking."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from model import Enrollment, to_wire
from model.protocol import PushStatus
from sync.client import ApiClient, BatchRejected
from sync.errors import (
    AuthRequired,
    DeviceRevoked,
    Offline,
    RateLimited,
    ServerError,
    SyncError,
)
from sync.protocol import EnrollAnswer
from tests.factories import make_contact
from tests.sync import faultproxy
from tests.sync.faultproxy import FaultProxy
from tests.sync.live_server import LiveServer

SECRET_ALIAS = "Marek Zielinski"
SECRET_NOTES = "sleeps behind the station, diabetic"


def enroll(server: LiveServer, worker: tuple[str, str]) -> EnrollAnswer:
    with ApiClient(server.url) as client:
        return client.enroll(username=worker[0], password=worker[1], device_name="test phone")


@pytest.fixture(scope="module")
def enrolled(server: LiveServer, worker: tuple[str, str]) -> EnrollAnswer:
    return enroll(server, worker)


@pytest.fixture
def client(server: LiveServer, enrolled: EnrollAnswer) -> Iterator[ApiClient]:
    with ApiClient(server.url, token=enrolled.token) as api:
        yield api


@pytest.fixture
def proxy(server: LiveServer) -> Iterator[FaultProxy]:
    with FaultProxy(server.port) as flaky:
        yield flaky


def record(answer: EnrollAnswer, **fields: object) -> dict[str, object]:
    enrollment = Enrollment(worker_id=answer.worker_id, device_id=answer.device_id,
                            org_id=answer.org_id)
    return to_wire(make_contact(enrollment=enrollment, **fields))


def test_health_answers_ok(client: ApiClient) -> None:
    assert client.health()["status"] == "ok"


def test_enrollment_gives_a_token_for_the_worker(enrolled: EnrollAnswer, worker) -> None:
    assert enrolled.worker_name == worker[0]
    assert enrolled.token and enrolled.device_id and enrolled.org_id


def test_a_wrong_password_is_auth_required(server: LiveServer, worker) -> None:
    with ApiClient(server.url) as api, pytest.raises(AuthRequired):
        api.enroll(username=worker[0], password="not the password", device_name="phone")


def test_push_answers_per_record_and_a_second_push_changes_nothing(
    client: ApiClient, enrolled: EnrollAnswer, server: LiveServer
) -> None:
    records = [record(enrolled) for _ in range(3)]
    first = client.push(records)
    again = client.push(records)
    assert [(a.id, a.rev, a.status) for a in first] == [(r["id"], 1, "stored") for r in records]
    assert [a.status for a in again] == [PushStatus.DUPLICATE] * 3
    assert sorted(server.revisions()).count((records[0]["id"], 1)) == 1


def test_an_invalid_record_is_answered_alone_with_its_field_errors(
    client: ApiClient, enrolled: EnrollAnswer
) -> None:
    good, bad = record(enrolled), record(enrolled)
    bad["municipality"] = "atlantis"
    answers = client.push([bad, good])
    assert [a.status for a in answers] == [PushStatus.INVALID, PushStatus.STORED]
    # Schema 2 names a municipality by its CBS code: "atlantis" is not one.
    assert (answers[0].errors[0].field, answers[0].errors[0].code) == ("municipality",
                                                                      "invalid_format")


def test_same_rev_with_other_content_is_a_conflict(
    client: ApiClient, enrolled: EnrollAnswer
) -> None:
    first = record(enrolled)
    client.push([first])
    assert client.push([{**first, "area": "Centraal"}])[0].status == PushStatus.CONFLICT


def test_a_supervisors_review_comes_back_in_a_pull(
    client: ApiClient, enrolled: EnrollAnswer, server: LiveServer, supervisor
) -> None:
    sent = record(enrolled)
    client.push([sent])
    start = client.pull(None)
    server.review(str(sent["id"]), state="has_issues", comment="age band?", supervisor=supervisor)
    answer = client.pull(start.cursor)
    assert [{k: c[k] for k in ("kind", "contact_id", "state", "comment")}
            for c in answer.changes] == [
        {"kind": "review", "contact_id": sent["id"], "state": "has_issues",
         "comment": "age band?"}]
    assert (answer.more, client.pull(answer.cursor).changes) == (False, ())


def test_a_revoked_device_is_told_so(server: LiveServer, worker) -> None:
    phone = enroll(server, worker)
    server.revoke(phone.device_id)
    with ApiClient(server.url, token=phone.token) as api:
        with pytest.raises(DeviceRevoked):
            api.pull(None)
        with pytest.raises(DeviceRevoked):
            api.push([record(phone)])


def test_a_401_without_the_revoked_code_never_reads_as_revoked(
    server: LiveServer, enrolled: EnrollAnswer, proxy: FaultProxy
) -> None:
    # A proxy or portal in between answering 401 must not make the phone wipe itself.
    proxy.queue.append(faultproxy.answer(401, b"<html>login</html>"))
    with ApiClient(proxy.url, token=enrolled.token) as api, pytest.raises(AuthRequired):
        api.pull(None)


def test_rate_limiting_says_how_long_to_wait(enrolled: EnrollAnswer, proxy: FaultProxy) -> None:
    proxy.queue.append(faultproxy.answer(429, b"{}", headers={"Retry-After": "120"}))
    with ApiClient(proxy.url, token=enrolled.token) as api, pytest.raises(RateLimited) as caught:
        api.pull(None)
    assert caught.value.retry_after == 120


@pytest.mark.parametrize(("fault", "error"), [
    (faultproxy.REFUSE, Offline),
    (faultproxy.cut(40), Offline),
    (faultproxy.DROP_RESPONSE, Offline),
    (faultproxy.delay(1.5), Offline),
    (faultproxy.UNAVAILABLE, ServerError),
    (faultproxy.answer(200, b"<html>Welcome to Station WiFi</html>"), ServerError),
    (faultproxy.answer(302, headers={"Location": "http://portal.invalid/"}), ServerError),
])
def test_every_network_failure_is_a_typed_error(
    enrolled: EnrollAnswer, proxy: FaultProxy, fault: faultproxy.Fault, error: type[SyncError]
) -> None:
    proxy.queue.append(fault)
    with ApiClient(proxy.url, token=enrolled.token, timeout=(1, 1)) as api:
        with pytest.raises(error):
            api.push([record(enrolled)])
        assert api.push([]) == []  # the next call works again
    assert proxy.applied["pass"] == 1


def test_a_batch_the_server_cannot_take_is_rejected_as_a_whole(
    enrolled: EnrollAnswer, proxy: FaultProxy
) -> None:
    proxy.queue.append(faultproxy.answer(413, b"<html>Request Entity Too Large</html>"))
    with ApiClient(proxy.url, token=enrolled.token) as api, pytest.raises(BatchRejected):
        api.push([record(enrolled)])


def test_errors_carry_codes_never_what_was_sent(enrolled: EnrollAnswer, proxy: FaultProxy) -> None:
    sent = record(enrolled, consent="given", alias=SECRET_ALIAS, notes=SECRET_NOTES)
    texts = []
    for fault in (faultproxy.answer(500, SECRET_NOTES.encode()), faultproxy.REFUSE,
                  faultproxy.answer(422, SECRET_ALIAS.encode())):
        proxy.queue.append(fault)
        with ApiClient(proxy.url, token=enrolled.token) as api, pytest.raises(SyncError) as caught:
            api.push([sent])
        texts.append(str(caught.value))
    assert texts == ["server_error 500", "offline ConnectionError", "batch_rejected 422"]
