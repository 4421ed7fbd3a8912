"""Storage benchmark: saving one contact with 1,000 / 5,000 / 20,000 stored, opening, the KDF.

Compares, in one run on this machine, the vault's storage (EncryptedStorage
with the vault's table, and with TinyDB's own Table) against TinyDB's
unencrypted JSONStorage and the `tinydb-encrypted-jsonstorage` package. That
package is installed for the benchmark only (into a cache folder outside the
project), never a project dependency; if it cannot be installed, its column
says so.

Saves are measured interleaved (one save of each subject per round), so
drifting disk latency on a shared machine hits all subjects alike; medians of
the rounds are reported, with the mean (which includes the occasional rewrite
of the whole file) alongside.

    python benchmarks/storage_bench.py [--saves 25] [--quick]
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from model import Enrollment, new_contact
from storage.database import VaultDatabase
from storage.encrypted_storage import COMPACT_RATIO, EncryptedStorage
from storage.kdf import DEFAULT_SCRYPT, derive_kek
from storage.records import StoredContact, to_doc
from storage.sync_states import SyncState

KEY = bytes(range(32))
SIZES = (1_000, 5_000, 20_000)
TABLE = "contacts"
DEPS = Path(tempfile.gettempdir()) / "streetcontact-bench-deps"
NAMES = ("Marek Nowak", "Ștefan Popescu", "Щефан Петров", "Łukasz Wiśniewski", "Gábor Kiss")
ENROLLMENT = Enrollment(worker_id="worker-1", device_id="device-1", org_id="org-1")


def contact_doc(number: int) -> dict[str, Any]:
    """A realistic stored contact: consent given, notes, answers, referrals."""
    now = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=number)
    contact = new_contact({
        "municipality": "GM0363", "consent": "given", "person_language": "pl",
        "alias": NAMES[number % len(NAMES)], "nationality": "PL", "gender": "male",
        "age_band": "35-44", "time_in_nl": "1_5y", "sleeping_situation": "public_space",
        "id_document": "valid", "brp_registered": "no", "area": "Centraal Station, oostzijde",
        "notes": "Slept at the station for two weeks; wants to go home. " * 3,
        "entitlement": {"worked_in_nl": "yes", "worked_over_1y": "no", "registered_uwv": "no"},
        "referrals": frozenset({"barka_return", "documents_help"}), "health_physical": "no",
    }, enrollment=ENROLLMENT, now=now)
    return to_doc(StoredContact(contact, SyncState.PENDING))


def encrypted_json_storage() -> tuple[type | None, str]:
    """The third-party storage class, installing it for this benchmark if needed."""
    sys.path.insert(0, str(DEPS))
    try:
        module = importlib.import_module("tinydb_encrypted_jsonstorage")
    except ImportError:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(DEPS), "--no-deps",
             "tinydb-encrypted-jsonstorage==0.1.2", "pycryptodome"],
            capture_output=True, text=True, check=False)
        if result.returncode != 0:
            return None, "tinydb-encrypted-jsonstorage: missing (pip could not install it)"
        importlib.invalidate_caches()
        module = importlib.import_module("tinydb_encrypted_jsonstorage")
    return module.EncryptedJSONStorage, f"tinydb-encrypted-jsonstorage installed in {DEPS}"


def subjects(third_party: type | None) -> dict[str, Callable[[Path], TinyDB]]:
    found: dict[str, Callable[[Path], TinyDB]] = {
        "vault (EncryptedStorage + VaultTable)":
            lambda p: VaultDatabase(p, storage=EncryptedStorage, key=KEY),
        "EncryptedStorage + TinyDB's Table":
            lambda p: TinyDB(p, storage=EncryptedStorage, key=KEY),
        "JSONStorage (unencrypted)": lambda p: TinyDB(p, storage=JSONStorage),
    }
    if third_party is not None:
        found["tinydb-encrypted-jsonstorage"] = lambda p: TinyDB(
            encryption_key="benchmark key", path=str(p), storage=third_party)
    return found


def prepared(make: Callable[[Path], TinyDB], folder: Path, size: int) -> TinyDB:
    """A database holding `size` contacts, as after normal use (file compacted, warmed up)."""
    path = folder / "db"
    db = make(path)
    db.table(TABLE).insert_multiple(contact_doc(i) for i in range(size))
    db.close()
    db = make(path)
    if isinstance(db.storage, EncryptedStorage):
        db.storage.compact()
    db.table(TABLE).insert(contact_doc(size))
    return db


def measure_saves(size: int, makers: dict[str, Callable[[Path], TinyDB]], rounds: int,
                  folder: Path) -> dict[str, list[float]]:
    dbs = {}
    for n, (name, make) in enumerate(makers.items()):
        (folder / str(n)).mkdir()
        dbs[name] = prepared(make, folder / str(n), size)
    times: dict[str, list[float]] = {name: [] for name in dbs}
    for r in range(rounds):
        for name, db in dbs.items():
            doc = contact_doc(size + 1 + r)
            started = time.perf_counter()
            db.table(TABLE).insert(doc)
            times[name].append(time.perf_counter() - started)
    for db in dbs.values():
        db.close()
    return times


def measure_open(folder: Path, size: int, *, journal_share: float) -> tuple[float, float]:
    """Median seconds to open the vault's file with `size` contacts, and to json.load them."""
    path = folder / "open.db"
    db = VaultDatabase(path, storage=EncryptedStorage, key=KEY)
    db.table(TABLE).insert_multiple(contact_doc(i) for i in range(size))
    storage = db.storage
    assert isinstance(storage, EncryptedStorage)
    storage.compact()
    journal = storage._journal
    assert journal is not None
    extra = size
    while journal.appended_bytes < journal_share * journal.base_bytes:
        db.table(TABLE).insert(contact_doc(extra))
        extra += 1
    data = storage.read()
    db.close()
    plain = folder / "open.json"
    plain.write_text(json.dumps(data), encoding="utf-8")
    opens, loads = [], []
    for _ in range(7):
        started = time.perf_counter()
        db = VaultDatabase(path, storage=EncryptedStorage, key=KEY)
        len(db.table(TABLE))
        opens.append(time.perf_counter() - started)
        db.close()
        started = time.perf_counter()
        with plain.open(encoding="utf-8") as handle:
            json.load(handle)
        loads.append(time.perf_counter() - started)
    return statistics.median(opens), statistics.median(loads)


def kdf_seconds() -> float:
    costs = []
    for _ in range(3):
        started = time.perf_counter()
        derive_kek("482915", salt=bytes(16), params=DEFAULT_SCRYPT, context=b"b",
                   device_secret=None)
        costs.append(time.perf_counter() - started)
    return statistics.median(costs)


def peak_memory(kind: str, size: int, folder: Path) -> float:
    """Peak resident MB of a fresh process that opens `size` contacts and saves 20."""
    prep = folder / f"memory-{len(kind)}"
    prep.mkdir()
    if kind != "baseline":
        prepared(subjects(None)[kind], prep, size).close()
    result = subprocess.run([sys.executable, __file__, "--memory-child", kind, str(prep / "db")],
                            capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def memory_child(kind: str, path: str) -> None:
    if kind != "baseline":
        db = subjects(None)[kind](Path(path))
        for i in range(20):
            db.table(TABLE).insert(contact_doc(10_000_000 + i))
        db.close()
    print(peak_resident_mb())


def peak_resident_mb() -> float:
    """This process's peak resident memory (not inherited from the parent, unlike ru_maxrss)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024  # macOS: bytes


def cell(times: list[float]) -> str:
    return f"{ms(statistics.median(times))} ({ms(statistics.mean(times))})"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.2f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=25)
    parser.add_argument("--quick", action="store_true", help="1,000 and 5,000 only")
    parser.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child)
        return
    third_party, note = encrypted_json_storage()
    print(note)
    makers = subjects(third_party)
    sizes = SIZES[:2] if args.quick else SIZES
    results: dict[int, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            chosen = {k: v for k, v in makers.items()
                      if not (size > 5_000 and k == "tinydb-encrypted-jsonstorage")}
            folder = Path(tmp) / f"save-{size}"
            folder.mkdir()
            results[size] = measure_saves(size, chosen, args.saves, folder)
            print(f"measured saves with {size:,} stored", file=sys.stderr)
        open_clean = measure_open(Path(tmp), 5_000, journal_share=0.0)
        (Path(tmp) / "open.db").unlink()
        (Path(tmp) / "open.db.commit").unlink()
        open_full = measure_open(Path(tmp), 5_000, journal_share=COMPACT_RATIO * 0.95)
        kinds = ("baseline", "vault (EncryptedStorage + VaultTable)", "JSONStorage (unencrypted)")
        memory = {kind: peak_memory(kind, sizes[-1], Path(tmp)) for kind in kinds}
    report(results, open_clean, open_full, kdf_seconds(), memory, args.saves)


def report(results: dict[int, dict[str, list[float]]], open_clean: tuple[float, float],
           open_full: tuple[float, float], kdf: float, memory: dict[str, float],
           rounds: int) -> None:
    names = list(next(iter(results.values())))
    print(f"\n| save one contact, median of {rounds} (mean) | "
          + " | ".join(f"{size:,} stored" for size in results) + " |")
    print("|---|" + "---|" * len(results))
    for name in names:
        cells = []
        for times in results.values():
            cells.append(cell(times[name]) if name in times else "not run")
        print(f"| {name} | " + " | ".join(cells) + " |")
    vault, plain = "vault (EncryptedStorage + VaultTable)", "JSONStorage (unencrypted)"
    med = {s: {n: statistics.median(t) for n, t in r.items()} for s, r in results.items()}
    print("\n| figure | measured | target |")
    print("|---|---|---|")
    at_5k, last = med[5_000], max(med)
    print(f"| vault save ÷ JSONStorage save, 5,000 stored | {at_5k[vault] / at_5k[plain]:.3f} "
          "| ≤ 0.5 |")
    if "tinydb-encrypted-jsonstorage" in at_5k:
        ratio = at_5k["tinydb-encrypted-jsonstorage"] / at_5k[vault]
        print(f"| tinydb-encrypted-jsonstorage save ÷ vault save, 5,000 stored | {ratio:,.0f}× "
              "| ≥ 20× |")
    growth = med[last][vault] / med[1_000][vault]
    print(f"| vault save, {last:,} ÷ 1,000 stored | {growth:.2f} | ≤ 2 |")
    journal = f"appended records at {COMPACT_RATIO * 95:.1f} % of the file, just before compaction"
    for label, (opened, loaded) in (("just compacted", open_clean), (journal, open_full)):
        print(f"| open 5,000 contacts ({label}) ÷ json.load | {ms(opened)} ÷ {ms(loaded)} = "
              f"{opened / loaded:.2f} | ≤ 1.5 |")
    print(f"| scrypt per PIN guess (n=2^{DEFAULT_SCRYPT.log2_n}, r={DEFAULT_SCRYPT.r}, "
          f"p={DEFAULT_SCRYPT.p}) | {ms(kdf)} | ≥ 250 ms |")
    base = memory.pop("baseline")
    for kind, mb in memory.items():
        print(f"| peak memory, {last:,} contacts open + 20 saves: {kind} | {mb:,.0f} MB "
              f"({mb - base:,.0f} MB above the bare interpreter) | stated |")


if __name__ == "__main__":
    main()
