"""Every state a crash can leave on disk opens as the state before or after the save.

Instead of hoping a kill lands at the right moment, these tests build each
possible on-disk state of an interrupted save directly: the data file cut
anywhere inside the record being appended, the record complete but not yet
committed, a rewrite caught between any two of its steps.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storage.encrypted_storage import EncryptedStorage

BEFORE = {"_default": {"1": {"alias": "A"}}}
AFTER = {"_default": {"1": {"alias": "A"}, "2": {"alias": "B"}}}
NAMES = ("db.bin", "db.bin.commit")


def opens_to(path: Path, key: bytes) -> object:
    storage = EncryptedStorage(path, key=key)
    try:
        return storage.read()
    finally:
        storage.close()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith(".lock")}


def put(folder: Path, state: dict[str, bytes]) -> None:
    shutil.rmtree(folder)
    folder.mkdir()
    for name, blob in state.items():
        (folder / name).write_bytes(blob)


@pytest.fixture
def saved(tmp_path: Path, key: bytes) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The files before and after one appended save."""
    folder = tmp_path / "db"
    folder.mkdir()
    storage = EncryptedStorage(folder / "db.bin", key=key)
    storage.write(BEFORE)
    before = files(folder)
    storage.write(AFTER)
    after = files(folder)
    storage.close()
    return folder, before, after


def test_append_cut_anywhere_opens_as_before(saved: tuple[Path, dict[str, bytes],
                                                          dict[str, bytes]], key: bytes) -> None:
    folder, before, after = saved
    old_data, new_data = before["db.bin"], after["db.bin"]
    assert new_data.startswith(old_data)
    for length in range(len(old_data), len(new_data) + 1):
        put(folder, {"db.bin": new_data[:length], "db.bin.commit": before["db.bin.commit"]})
        assert opens_to(folder / "db.bin", key) == BEFORE
        assert (folder / "db.bin").read_bytes() == old_data, "the torn tail is cut off"


def test_committed_append_opens_as_after(saved: tuple[Path, dict[str, bytes], dict[str, bytes]],
                                         key: bytes) -> None:
    folder, _, after = saved
    put(folder, after)
    assert opens_to(folder / "db.bin", key) == AFTER


def test_rewrite_interrupted_between_any_two_steps(
        saved: tuple[Path, dict[str, bytes], dict[str, bytes]], key: bytes) -> None:
    folder, before, _ = saved
    put(folder, before)
    storage = EncryptedStorage(folder / "db.bin", key=key)
    storage.write(AFTER)
    storage.compact()
    storage.close()
    rewritten = files(folder)
    assert rewritten["db.bin"] != before["db.bin"]
    steps = [
        # the new file half written under a temporary name
        ({**before, "db.bin.next.x1.tmp": rewritten["db.bin"][:40]}, BEFORE),
        # the new file complete, not yet committed
        ({**before, "db.bin.next": rewritten["db.bin"]}, BEFORE),
        # committed, not yet renamed into place: finished on open
        ({"db.bin": before["db.bin"], "db.bin.next": rewritten["db.bin"],
          "db.bin.commit": rewritten["db.bin.commit"]}, AFTER),
        # renamed
        (rewritten, AFTER),
    ]
    for state, expected in steps:
        put(folder, state)
        assert opens_to(folder / "db.bin", key) == expected
        assert sorted(files(folder)) == sorted(NAMES), "leftovers are cleaned up"
        assert opens_to(folder / "db.bin", key) == expected
