"""Persons benchmark: a phone's first pull of 5,000 team cards, and the person list over them.

1. First pull: `SyncEngine.run()` of an enrolled, empty vault pulls 5,000
   `person` changes in 10 pages of 500 over HTTP on 127.0.0.1 and applies each
   page in one durable write. The pages come from a stand-in feed in this
   process (precomputed JSON in the protocol's form, `{"changes", "cursor",
   "more"}`), not from the server's register. Measured: end to end, vault size.
2. The list, in a process of its own (for its memory): a field app whose
   vault holds the 5,000 cards and 500 own contacts of 300 persons (half of
   them also on a card) is unlocked with the real key derivation; measured:
   the unlock, the first page of the person list after it (`Persons.page`,
   50 rows), the same again, search per keystroke (every prefix of a few
   names, as typed), a person's timeline, peak memory.
3. With `--browser`: the same data folder served by `main.py --web` in
   headless Chromium at 390x844; the time from the PIN's OK to the first row
   on screen, and from "back" on a timeline to the list on screen again.

    python benchmarks/persons_bench.py [--cards 5000] [--own 500] [--browser]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fieldapp.app import FieldApp
from fieldapp.config import FieldAppConfig
from fieldapp.summaries import ListFilter
from model import Enrollment, new_contact, new_id
from model.persons import PersonCard, card_to_wire
from model.protocol import read_changes
from storage.kdf import ScryptParams
from storage.records import StoredContact, doc_id, standing_of, state_record, to_doc
from storage.repository import STATES, TABLE, ContactRepository
from storage.sync_states import SyncState
from storage.vault import Vault
from sync.engine import SyncEngine
from sync.enrollment import ENROLLMENT, SERVER_URL, TOKEN

ROOT = Path(__file__).resolve().parent.parent
PIN = "482915"
PAGE = 500
KDF = ScryptParams(log2_n=10, r=8, p=1)  # the pull phase: unlocking is not measured there
FIRST = ("Ivan", "Георги", "Ștefan", "Marek", "Łukasz", "Petar", "Мария", "Ioana", "Gábor",
         "Andrzej", "Димитър", "Elena", "Tomasz", "Nikolai", "Радослав", "Vasile")
LAST = ("Petrov", "Иванов", "Popescu", "Nowak", "Wiśniewski", "Dimitrov", "Стоянова",
        "Ionescu", "Kiss", "Kowalski", "Георгиев", "Marin", "Zieliński", "Todorov", "Ангелов")
TYPED = ("Ivan Petrov", "Щефан", "stoyanova")
TODAY = date.today()


def card(number: int, person_id: str | None = None) -> PersonCard:
    """A colleague's card: names in Latin and Cyrillic, last met within half a year."""
    last = TODAY - timedelta(days=number % 180)
    return PersonCard(
        person_id=person_id or new_id(),
        alias=f"{FIRST[number % len(FIRST)]} {LAST[(number // len(FIRST)) % len(LAST)]}",
        nationality=("BG", "RO", "PL", "HU")[number % 4], gender="male", age_band="35-44",
        person_language=("bg", "ro", "pl", "hu")[number % 4], last_contact_date=last,
        municipality="GM0363", area="Centraal Station", contacts=1 + number % 5,
        follow_up_on=last + timedelta(days=7) if number % 3 == 0 else None, indication="B",
        last_worker_id=f"worker-{number % 7 + 2}", last_worker_name="Anna",
        keep_until=last + timedelta(days=182))


def pages(cards: list[PersonCard]) -> list[bytes]:
    """The feed as the server sends it: pages of `person` changes with their cursors."""
    out = []
    for start in range(0, len(cards), PAGE):
        changes = [{"kind": "person", "person_id": c.person_id, "card": card_to_wire(c)}
                   for c in cards[start:start + PAGE]]
        more = start + PAGE < len(cards)
        out.append(json.dumps({"changes": changes, "cursor": str(start // PAGE + 1),
                               "more": more}).encode())
    return out


class Feed(BaseHTTPRequestHandler):
    """The stand-in for the server's pull: serves the precomputed pages by cursor."""

    feed: ClassVar[list[bytes]] = []

    def do_GET(self) -> None:  # the name http.server calls
        since = parse_qs(urlparse(self.path).query).get("since", ["0"])[0]
        body = self.feed[int(since)] if int(since) < len(self.feed) else b'{"changes": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        return


def first_pull(folder: Path, cards: list[PersonCard]) -> dict[str, Any]:
    """An enrolled, empty vault pulls every card through the sync engine."""
    Feed.feed = pages(cards)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    vault = Vault.create(folder, PIN, kdf=KDF)
    vault.settings.set(SERVER_URL, f"http://127.0.0.1:{server.server_address[1]}")
    vault.settings.set(ENROLLMENT, {"worker_id": "worker-1", "device_id": "device-1",
                                    "org_id": "org-1"})
    vault.settings.set(TOKEN, "stand-in token")
    engine = SyncEngine.open(vault, ContactRepository(vault))
    started, cpu = time.perf_counter(), time.thread_time()
    report = engine.run()
    seconds, cpu = time.perf_counter() - started, time.thread_time() - cpu
    engine.close()
    server.shutdown()
    assert report.ok and report.pulled == len(cards), report
    vault.lock()
    return {"seconds": seconds, "cpu": cpu, "page_kb": len(Feed.feed[0]) / 1024 if cards else 0,
            "vault_mb": sum(f.stat().st_size for f in folder.iterdir()) / 2**20}


def fill_field_app(data_dir: Path, *, cards: int, own: int) -> None:
    """A field app past first run (real key derivation) with own contacts and the team's cards."""
    app = FieldApp(FieldAppConfig(data_dir=data_dir))
    app.settings.choose_language("pl")
    app.vault.create(PIN)
    vault = app.vault.open_vault()
    persons = [new_id() for _ in range(own * 3 // 5)]
    docs = {}
    for number in range(own):
        contact = own_contact(number, persons[number % len(persons)])
        docs[doc_id(contact.id)] = to_doc(StoredContact(contact, SyncState.PENDING))

    def fill(tables: dict[str, Any]) -> None:  # as `ContactRepository.add` stores them
        tables[TABLE].update(docs)
        tables[STATES].update({k: state_record(standing_of(d), 1) for k, d in docs.items()})

    vault.db.transact((TABLE, STATES), fill)
    shared = persons[: len(persons) // 2]  # half of the own persons have a card too
    team = [card(n, shared[n] if n < len(shared) else None) for n in range(cards)]
    repository = app.vault.repository()
    for body in pages(team):
        repository.apply_feedback(read_changes(json.loads(body)["changes"]).changes)
    app.vault.lock()


def own_contact(number: int, person_id: str) -> Any:
    now = datetime.combine(TODAY, datetime.min.time(), UTC) - timedelta(hours=number * 5)
    return new_contact({
        "person_id": person_id, "municipality": "GM0363", "consent": "given",
        "person_language": "pl", "alias": f"{FIRST[number % 16]} {LAST[number % 15]}",
        "nationality": "PL", "gender": "male", "age_band": "35-44", "time_in_nl": "1_5y",
        "sleeping_situation": "public_space", "id_document": "valid", "brp_registered": "no",
        "notes": "Slaapt bij het station; wil contact met Barka. " * 2,
    }, enrollment=Enrollment("worker-1", "device-1", "org-1"), now=now)


def person_list(data_dir: Path) -> dict[str, Any]:
    """The phone's side, in its own process: unlock, the list, search as typed, memory.

    Each figure is a pair: wall time and the CPU time of this thread (steadier on a
    shared, busy machine), in seconds.
    """
    rss_bare = _memory_mb("VmRSS")
    app = FieldApp(FieldAppConfig(data_dir=data_dir))
    unlock, _none = _timed(lambda: app.vault.unlock(PIN))
    first, page = _timed(lambda: app.persons.page(ListFilter.ALL, ""))
    again, _page = _timed(lambda: app.persons.page(ListFilter.ALL, ""))
    keystrokes = [_timed(lambda q=text[:n]: app.persons.page(ListFilter.ALL, q))[0]
                  for text in TYPED for n in range(1, len(text) + 1)]
    due, _due = _timed(lambda: app.persons.page(ListFilter.FOLLOW_UP_DUE, ""))
    timeline, _timeline = _timed(lambda: app.persons.timeline(page.rows[0].person_id))
    walls = [wall for wall, _cpu in keystrokes]
    cpus = [cpu for _wall, cpu in keystrokes]
    result = {"unlock": unlock, "first_page": first, "again": again, "due": due,
              "timeline": timeline, "rows": len(page.rows), "total": page.total,
              "keystrokes": len(keystrokes),
              "keystroke_median": (statistics.median(walls), statistics.median(cpus)),
              "keystroke_max": (max(walls), max(cpus)),
              "rss_bare_mb": rss_bare, "rss_mb": _memory_mb("VmRSS"),
              "rss_peak_mb": _memory_mb()}
    app.vault.lock()
    return result


def browser_list(data_dir: Path) -> tuple[float, float]:
    """In headless Chromium: seconds from the PIN's OK to the first person row on screen,
    and from "back" on a timeline to the list on screen again."""
    from tests.browser import FletPage, chromium, loopback_context
    from tests.processes import Program
    from tests.support import free_port
    from views import ids

    port = free_port()
    program = Program(["main.py", "--web", "--port", str(port), "--data-dir", str(data_dir)],
                      log=data_dir / "app.log", ready_url=f"http://127.0.0.1:{port}/").start()
    try:
        with chromium() as browser:
            context = loopback_context(browser)
            app = FletPage(context.new_page()).open(f"http://127.0.0.1:{port}/")
            for digit in PIN:
                app.by_id(ids.item(ids.UNLOCK_KEY, digit)).first.click()
            started = time.perf_counter()
            app.by_id(ids.item(ids.UNLOCK_KEY, "ok")).first.click()
            first_row = app.by_id(ids.item(ids.LIST_ROW, 0)).first
            first_row.wait_for(state="visible", timeout=60_000)
            unlocked = time.perf_counter() - started
            first_row.click()
            app.by_id(ids.PERSON_NEW_CONTACT).first.wait_for(state="visible", timeout=60_000)
            started = time.perf_counter()
            app.by_id(ids.BACK).first.click()
            app.by_id(ids.item(ids.LIST_ROW, 0)).first.wait_for(state="visible", timeout=60_000)
            back = time.perf_counter() - started
            context.close()
    finally:
        program.stop()
    return unlocked, back


def _memory_mb(field: str = "VmHWM") -> float:
    """This process's peak (`VmHWM`) or present (`VmRSS`) resident memory, Linux.

    (`ru_maxrss` would also count the parent's, from before this process was started.)
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _timed(work: Any) -> tuple[tuple[float, float], Any]:
    """(wall, CPU) seconds of `work`, and what it returned."""
    started, cpu = time.perf_counter(), time.thread_time()
    result = work()
    return (time.perf_counter() - started, time.thread_time() - cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5_000)
    parser.add_argument("--own", type=int, default=500)
    parser.add_argument("--browser", action="store_true", help="also time the list on screen")
    parser.add_argument("--list", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.list:
        print(json.dumps(person_list(Path(args.list))))
        return
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        pulled = first_pull(Path(tmp) / "pull", [card(n) for n in range(args.cards)])
        data_dir = Path(tmp) / "app"
        fill_field_app(data_dir, cards=args.cards, own=args.own)
        done = subprocess.run([sys.executable, __file__, "--list", str(data_dir)], check=True,
                              capture_output=True, text=True)
        on_screen = browser_list(data_dir) if args.browser else None
    listed = json.loads(done.stdout)

    def ms(name: str) -> str:
        wall, cpu = listed[name]
        return f"{wall * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms)"

    def meets(name: str, target: float) -> str:
        return "✓" if listed[name][0] <= target else "✗"

    print(f"persons: {args.cards:,} team cards, {args.own} own contacts; load average "
          f"{load:.1f} (start) / {os.getloadavg()[0]:.1f} (end) on {os.cpu_count()} cores")
    print(f"  first pull of {args.cards:,} cards, {args.cards // PAGE} pages of {PAGE} "
          f"({pulled['page_kb']:.0f} kB each), stand-in feed: {pulled['seconds']:.2f} s "
          f"(CPU {pulled['cpu']:.2f} s) (target ≤ 10 s) {'✓' if pulled['seconds'] <= 10 else '✗'}; "
          f"vault {pulled['vault_mb']:.1f} MB")
    print(f"  unlock (key derivation and opening the vault) {ms('unlock')}")
    print(f"  person list after unlock: {ms('first_page')} for {listed['rows']} rows of "
          f"{listed['total']:,} persons (target ≤ 1,000 ms) {meets('first_page', 1.0)}; "
          f"again {ms('again')}; follow-ups due {ms('due')}")
    print(f"  search per keystroke ({listed['keystrokes']} keystrokes): median "
          f"{ms('keystroke_median')}, slowest {ms('keystroke_max')} (target ≤ 100 ms) "
          f"{meets('keystroke_max', 0.1)}")
    print(f"  a timeline {ms('timeline')}; memory: {listed['rss_bare_mb']:.0f} MB with the code "
          f"loaded, {listed['rss_mb']:.0f} MB with the vault open and the list shown, peak "
          f"{listed['rss_peak_mb']:.0f} MB (the key derivation's 128 MiB)")
    if on_screen is not None:
        print(f"  in the browser: PIN's OK to the first row on screen {on_screen[0]:.2f} s "
              f"(includes the key derivation); back from a timeline to the list on screen "
              f"{on_screen[1]:.2f} s")


if __name__ == "__main__":
    main()
