"""Where the server's push ingest spends its time, against a raw bulk insert of the same rows.

In one process, no HTTP: batches of 200 new contacts through `server.services.sync.push`,
with each of its steps timed — preparing the records (the model parses, validates,
normalises and hashes each one), reading what is stored (`_snapshot`, `_erased`),
writing (`_save`), marking the device's last sync (`_touch`) and the rest (savepoint,
commit, answers) — taking turns with the bulk insert of `server_bench.py` (rows made
beforehand, inserted per 200 and committed). Medians of the rounds, in µs per contact.
Two of the steps keep the person register: mapping the ids of merged persons (`_merged`)
and recomputing the cards of the batch's persons and feeding them to the phones
(`persons.refresh`, "cards"); `--no-cards` leaves both out, to compare. Between rounds
PostgreSQL's statistics are brought up to date (`ANALYZE`), as autovacuum does.

    .venv/bin/python benchmarks/ingest_bench.py [--no-cards]
"""

from __future__ import annotations

import functools
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from server_bench import BATCH, contacts, postgres_reachable, scratch_database  # noqa: E402
from server_bench import _bulk as bulk_insert  # noqa: E402

from model import Enrollment  # noqa: E402
from server.db import make_engine, make_sessions, migrate  # noqa: E402
from server.services import accounts, persons, sync  # noqa: E402
from server.services.principals import DevicePrincipal  # noqa: E402

CONTACTS = 2_000
ROUNDS = 5
STEPS = ("prepare", "_merged", "_snapshot", "_erased", "_save", "_touch", "cards")


def _step(name: str) -> tuple[Any, str]:
    """The module and attribute a step is called through."""
    return (persons, "refresh") if name == "cards" else (sync, name)


def _timed(spent: dict[str, float]) -> None:
    """Wrap each step of `sync.push` so that its time adds up in `spent`."""
    for name in STEPS:
        module, attribute = _step(name)
        step: Callable[..., Any] = getattr(module, attribute)

        @functools.wraps(step)
        def wrapper(*args: Any, _step: Callable[..., Any] = step, _name: str = name,
                    **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return _step(*args, **kwargs)
            finally:
                spent[_name] += time.perf_counter() - started

        setattr(module, attribute, wrapper)


def _without_cards() -> None:
    """Push as it was before the person register."""
    def no_cards(*_args: Any, **_kwargs: Any) -> int:
        return 0

    def unmapped(_db: Any, _device: Any, items: list[Any]) -> list[Any]:
        return items

    persons.refresh = no_cards  # type: ignore[assignment]
    sync._merged = unmapped  # type: ignore[assignment]


def _round(sessions: Any, device: DevicePrincipal, seed: int,
           spent: dict[str, float]) -> tuple[dict[str, float], float]:
    enrollment = Enrollment(device.worker_id, device.device_id, device.org_id)
    records = contacts(enrollment, CONTACTS, seed=seed)
    for name in STEPS:
        spent[name] = 0.0
    started = time.perf_counter()
    for i in range(0, CONTACTS, BATCH):
        with sessions() as db:
            sync.push(db, device=device, records=records[i:i + BATCH])
    push = time.perf_counter() - started
    steps = {name: spent[name] for name in STEPS}
    steps["rest"] = push - sum(steps.values())
    steps["push"] = push
    # server_bench's reference answers in rows per second.
    return steps, CONTACTS / bulk_insert(sessions, device,
                                         contacts(enrollment, CONTACTS, seed=seed + 1000))


def _analyze(engine: Any) -> None:
    """Fresh statistics, as PostgreSQL's autovacuum keeps them on a running server: with
    those of an empty table the planner reads a person's contacts through any index that
    starts with the organisation, not the person's own."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()


def run(backend: str, spent: dict[str, float]) -> dict[str, float]:
    with scratch_database(backend) as url:
        engine = make_engine(url)
        migrate(engine)
        sessions = make_sessions(engine)
        with sessions() as db:
            org = accounts.create_org(db, name="Ingest")
        device = DevicePrincipal("device-1", "worker-1", org.id)
        rounds = []
        for seed in range(ROUNDS):
            rounds.append(_round(sessions, device, seed, spent))
            _analyze(engine)
        engine.dispose()
    per_contact = 1e6 / CONTACTS
    found = {name: statistics.median(r[0][name] for r in rounds) * per_contact
             for name in (*STEPS, "rest", "push")}
    found["bulk"] = statistics.median(r[1] for r in rounds) * per_contact
    found["ratio"] = statistics.median(r[1] / r[0]["push"] for r in rounds)
    return found


def main() -> int:
    spent: dict[str, float] = {}
    without = "--no-cards" in sys.argv[1:]
    if without:
        _without_cards()
    _timed(spent)
    backends = ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
    results = {backend: run(backend, spent) for backend in backends}
    print(f"\nIn-process push of {CONTACTS:,} new contacts in batches of {BATCH}, µs per "
          f"contact, medians of {ROUNDS} rounds (load average {os.getloadavg()[0]:.1f})"
          f"{', without the person register' if without else ''}.\n")
    print("| backend | prepare | merged ids | read | write | device | cards | rest | push "
          "| bulk insert | bulk ÷ push |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for backend, r in results.items():
        print(f"| {backend} | {r['prepare']:.0f} | {r['_merged']:.0f} "
              f"| {r['_snapshot'] + r['_erased']:.0f} | {r['_save']:.0f} | {r['_touch']:.0f} "
              f"| {r['cards']:.0f} | {r['rest']:.0f} | {r['push']:.0f} "
              f"| {r['bulk']:.0f} | {r['ratio']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
