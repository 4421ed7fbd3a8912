"""The team's cards, merges and splits through the sync engine: paged, resumable, never blocked.

The server's feed of cards is answered here by the proxy in front of the real
server (pushes still reach the server), in the pages the protocol describes.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.sync_states import SyncState
from sync.enrollment import CURSOR
from sync.retry import RetryPolicy
from tests.factories import make_card, person_change
from tests.sync import faultproxy
from tests.sync.crash import Crash
from tests.sync.faultproxy import FaultProxy
from tests.sync.live_server import LiveServer
from tests.sync.phone import Phone


@pytest.fixture
def proxy(server: LiveServer) -> Iterator[FaultProxy]:
    with FaultProxy(server.port) as flaky:
        yield flaky


@pytest.fixture
def phone(tmp_path: Path, server: LiveServer, worker: tuple[str, str],
          proxy: FaultProxy) -> Phone:
    return Phone(tmp_path / "phone", server_url=server.url, credentials=worker,
                 sync_url=proxy.url, policy=RetryPolicy(quick_retries=0))


def feed(proxy: FaultProxy, pages: list[list[dict[str, Any]]]) -> list[str | None]:
    """Answer pulls with `pages` (cursor "1", "2", ...), pass the rest; the cursors asked for."""
    asked: list[str | None] = []

    def plan(request: bytes) -> faultproxy.Fault:
        line = request.split(b"\r\n", 1)[0].decode()
        if "/sync/pull" not in line:
            return faultproxy.PASS
        found = re.search(r"since=(\d+)", line)
        since = int(found.group(1)) if found else 0
        asked.append(found.group(1) if found else None)
        body = {"changes": pages[since] if since < len(pages) else [],
                "cursor": str(min(since + 1, len(pages))), "more": since + 1 < len(pages)}
        return faultproxy.answer(200, json.dumps(body).encode())

    proxy.plan = plan
    return asked


def test_cards_arrive_in_pages_and_a_change_the_phone_cannot_read_is_skipped_and_counted(
        phone: Phone, proxy: FaultProxy, caplog: pytest.LogCaptureFixture) -> None:
    own = phone.record(consent="given", alias="Marek")
    cards = [make_card(alias=f"Иван {n}") for n in range(6)]
    broken = person_change(make_card(alias="Петър Secret"))
    broken["card"]["contacts"] = 0
    into = cards[0].person_id
    asked = feed(proxy, [
        [person_change(c) for c in cards[:3]] + [broken],
        [person_change(c) for c in cards[3:]],
        [{"kind": "merge", "from": own.person_id, "into": into},
         {"kind": "merge", "from": own.person_id, "into": own.person_id}],
    ])
    caplog.set_level(logging.INFO)
    report = phone.sync()
    assert (report.ok, report.acknowledged, report.pulled) == (True, 1, 7)
    assert asked == [None, "1", "2"]
    assert phone.vault.settings.get(CURSOR) == "3"
    assert phone.repository.cards.count() == 6
    moved = phone.contacts()[own.id]
    assert (moved.contact.person_id, moved.contact.rev, moved.sync_state) == (
        into, 1, SyncState.SYNCED)
    # One skipped change on the first page, one on the last: counted, never named.
    assert caplog.text.count(
        "skipped 0 changes of kinds this version does not know and 1 it cannot read") == 2
    for personal in ("Иван", "Петър", "Secret", "Marek", into, own.person_id):
        assert personal not in caplog.text


@pytest.mark.parametrize(("method", "phase"), [
    ("apply_feedback", "before"), ("apply_feedback", "after"), ("set", "before"),
    ("set", "after"),
])
def test_a_first_pull_cut_off_by_a_crash_goes_on_where_it_stopped(
        phone: Phone, proxy: FaultProxy, method: str, phase: str) -> None:
    cards = [make_card(alias=f"Ivan {n}") for n in range(9)]
    pages = [[person_change(c) for c in cards[i:i + 3]] for i in range(0, 9, 3)]
    asked = feed(proxy, pages)
    phone.crashing(at_second(method, phase))  # while the second page is being taken in
    with pytest.raises(Crash):
        phone.sync()
    phone.crash()
    phone.reopen()
    asked.clear()
    assert phone.sync().ok
    assert {f.person_id for f in phone.repository.cards.facts()} == {c.person_id for c in cards}
    # From where it stopped, not from the start.
    assert asked[0] == ("2" if (method, phase) == ("set", "after") else "1")


def at_second(method: str, phase: str) -> Callable[[str, str], bool]:
    """Die at the second call of `method` in `phase` (`tests.sync.crash.at` dies at the first)."""
    calls: list[str] = []

    def when(name: str, when_phase: str) -> bool:
        if (name, when_phase) == (method, phase):
            calls.append(name)
            return len(calls) == 2
        return False

    return when
