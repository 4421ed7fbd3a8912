"""TinyDB's own behaviour on EncryptedStorage, part 1: documents (ported from TinyDB's tests).

Every test runs twice: with TinyDB's own `Table` (what a plain
`TinyDB(path, storage=EncryptedStorage, key=...)` uses) and with the vault's
`VaultDatabase`. After every test the file is opened afresh and must hold
exactly what the database showed: nothing lives only in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from tinydb import Query, TinyDB, where
from tinydb import operations as ops
from tinydb.table import Document

from .tinydb_support import Opener, reopen


def test_drop_tables_empties_the_database(db: TinyDB) -> None:
    db.drop_tables()
    db.insert({})
    db.drop_tables()
    assert len(db) == 0
    assert db.tables() == set()


def test_all_and_len(db: TinyDB) -> None:
    db.drop_tables()
    for _ in range(10):
        db.insert({})
    assert len(db.all()) == 10
    assert len(db) == 10


def test_insert_and_count(db: TinyDB) -> None:
    db.drop_tables()
    db.insert({"int": 1, "char": "a"})
    assert db.count(where("int") == 1) == 1
    db.insert({"int": 1, "char": "b"})
    assert db.count(where("int") == 1) == 2
    assert db.count(where("char") == "a") == 1


def test_insert_returns_consecutive_ids(db: TinyDB) -> None:
    db.drop_tables()
    assert db.insert({"int": 1}) == 1
    assert db.insert({"int": 1}) == 2


def test_insert_with_a_chosen_doc_id(db: TinyDB) -> None:
    db.drop_tables()
    assert db.insert({"int": 1}) == 1
    assert db.insert(Document({"int": 2}, doc_id=12)) == 12
    assert db.insert({"int": 3}) == 13
    with pytest.raises(ValueError, match="already exists"):
        db.insert(Document({"int": 4}, doc_id=12))
    assert db.get(doc_id=12) == {"int": 2}


def test_insert_refuses_what_is_not_a_mapping(db: TinyDB) -> None:
    with pytest.raises(ValueError):
        db.insert([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        db.insert({"bark"})  # type: ignore[arg-type]
    assert len(db) == 3


def test_insert_of_a_value_json_cannot_hold_stores_nothing(db: TinyDB) -> None:
    before = db.all()
    with pytest.raises(TypeError):
        db.insert({"int": {"bark"}})
    assert db.all() == before
    db.insert({"int": 3})
    assert db.count(where("int") == 3) == 1


def test_insert_of_a_custom_mapping(db: TinyDB) -> None:
    class Custom(Mapping[str, Any]):
        def __init__(self, data: dict[str, Any]) -> None:
            self.data = data

        def __getitem__(self, key: str) -> Any:
            return self.data[key]

        def __iter__(self) -> Iterator[str]:
            return iter(self.data)

        def __len__(self) -> int:
            return len(self.data)

    db.insert(Custom({"int": 7}))
    assert db.get(where("int") == 7) == {"int": 7}


def test_json_round_trip_as_with_json_storage(db: TinyDB) -> None:
    db.insert({"tuple": (1, 2), "keys": {1: "one"}, "nested": {"a": [1, {"b": None}]}})
    assert db.get(where("tuple").exists()) == {
        "tuple": [1, 2], "keys": {"1": "one"}, "nested": {"a": [1, {"b": None}]}}


def test_insert_multiple(db: TinyDB) -> None:
    db.drop_tables()
    assert db.insert_multiple([{"int": 1, "char": c} for c in "abc"]) == [1, 2, 3]
    assert db.count(where("int") == 1) == 3
    db.drop_tables()
    db.insert_multiple({"int": i} for i in range(10))
    assert [db.count(where("int") == i) for i in range(10)] == [1] * 10


def test_insert_multiple_with_doc_ids(db: TinyDB) -> None:
    db.drop_tables()
    assert db.insert_multiple([Document({"int": 1}, doc_id=12),
                               Document({"int": 2}, doc_id=7)]) == [12, 7]
    with pytest.raises(ValueError):
        db.insert_multiple([Document({"int": 3}, doc_id=12)])
    assert sorted(d.doc_id for d in db) == [7, 12]


def test_remove(db: TinyDB) -> None:
    assert db.remove(where("char") == "b") == [2]
    assert len(db) == 2
    assert db.count(where("int") == 1) == 2


def test_remove_all_needs_truncate(db: TinyDB) -> None:
    with pytest.raises(RuntimeError):
        db.remove()


def test_remove_multiple_and_by_ids(db: TinyDB) -> None:
    assert db.remove(doc_ids=[1, 2]) == [1, 2]
    assert len(db) == 1
    db.remove(where("int") == 1)
    assert len(db) == 0


def test_update(db: TinyDB) -> None:
    assert db.update({"int": 2}, where("char") == "a") == [1]
    assert db.count(where("int") == 2) == 1
    assert db.count(where("int") == 1) == 2


def test_update_all(db: TinyDB) -> None:
    db.update({"new": True})
    assert db.count(where("new") == True) == 3  # noqa: E712 - a TinyDB query


def test_update_returns_ids(db: TinyDB) -> None:
    db.drop_tables()
    db.insert_multiple([{"int": 1, "char": "a"}, {"int": 1, "char": "a"}])
    assert db.update({"char": "b"}, where("int") == 1) == [1, 2]


def test_update_with_functions(db: TinyDB) -> None:
    def increment_int(doc: dict[str, Any]) -> None:
        doc["int"] += 1

    def drop_char(doc: dict[str, Any]) -> None:
        del doc["char"]

    db.update(increment_int, where("char") == "a")
    db.update(drop_char, where("char") == "a")
    assert db.count(where("int") == 2) == 1
    assert db.count(where("char") == "a") == 0
    assert db.count(where("int") == 1) == 2


def test_update_by_ids(db: TinyDB) -> None:
    assert db.update({"int": 2}, doc_ids=[1, 2]) == [1, 2]
    assert db.count(where("int") == 2) == 2


def test_update_multiple(db: TinyDB) -> None:
    db.update_multiple([({"int": 2}, where("char") == "a"), ({"int": 4}, where("char") == "b")])
    assert [d["int"] for d in db] == [2, 4, 1]


@pytest.mark.parametrize(("operation", "field", "expected"), [
    (ops.delete("int"), "int", None),
    (ops.increment("int"), "int", 2),
    (ops.decrement("int"), "int", 0),
    (ops.add("int", 5), "int", 6),
    (ops.subtract("int", 5), "int", -4),
    (ops.set("char", "xyz"), "char", "xyz"),
    (ops.add("char", "!"), "char", "a!"),
])
def test_update_operations(db: TinyDB, operation: Any, field: str, expected: Any) -> None:
    db.update(operation, where("char") == "a")
    assert db.get(doc_id=1).get(field) == expected  # type: ignore[union-attr]


def test_update_changing_nested_values_in_place(db: TinyDB, opener: Opener) -> None:
    db.insert({"tags": ["x"], "meta": {"n": 1}})

    def grow(doc: dict[str, Any]) -> None:
        doc["tags"].append("y")
        doc["meta"]["n"] += 1

    db.update(grow, where("tags").exists())
    again = reopen(db, opener)
    assert again.get(where("tags").exists()) == {"tags": ["x", "y"], "meta": {"n": 2}}


def test_update_that_raises_midway_changes_nothing(db: TinyDB) -> None:
    seen = []

    def fail_on_second(doc: dict[str, Any]) -> None:
        doc["int"] = 99
        seen.append(doc)
        if len(seen) == 2:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        db.update(fail_on_second)
    assert [d["int"] for d in db] == [1, 1, 1]


def test_upsert(db: TinyDB) -> None:
    assert db.upsert({"int": 5}, where("char") == "a") == [1]
    assert db.count(where("int") == 5) == 1
    assert db.upsert({"int": 9, "char": "x"}, where("char") == "x") == [4]
    assert db.count(where("int") == 9) == 1


def test_upsert_by_doc_id(db: TinyDB) -> None:
    assert db.upsert(Document({"int": 5}, doc_id=2)) == [2]
    assert db.get(doc_id=2) == {"int": 5, "char": "b"}
    assert db.upsert(Document({"int": 6}, doc_id=10)) == [10]
    assert db.get(doc_id=10) == {"int": 6}


def test_search_uses_the_query_cache(db: TinyDB) -> None:
    assert not db._query_cache
    assert len(db.search(where("int") == 1)) == 3
    assert len(db._query_cache) == 1
    assert len(db.search(where("int") == 1)) == 3


def test_search_path_and_lambda_queries(db: TinyDB) -> None:
    db.insert({"person": {"name": "x", "age": 3}})
    assert len(db.search(Query().person.name == "x")) == 1
    assert len(db.search(Query().char.test(lambda v: v in ("a", "c")))) == 2
    assert len(db.search(Query().person.exists())) == 1


def test_query_cache_is_dropped_on_write(db: TinyDB) -> None:
    query = where("int") == 1
    assert db.count(query) == 3
    db.insert({"int": 1})
    assert db.count(query) == 4
    db.update({"int": 2}, doc_ids=[1])
    assert db.count(query) == 3
    db.remove(doc_ids=[2])
    assert db.count(query) == 2


def test_search_results_are_an_independent_list(db: TinyDB) -> None:
    results = db.search(where("int") == 1)
    results.extend([Document({}, doc_id=99)])
    assert len(db.search(where("int") == 1)) == 3


def test_get(db: TinyDB) -> None:
    assert db.get(where("char") == "b")["char"] == "b"  # type: ignore[index]
    first = db.all()[0]
    assert db.get(doc_id=first.doc_id) == first
    assert db.get(doc_id=float("NaN")) is None  # type: ignore[arg-type]
    assert db.get(doc_ids=[1, 2]) == [{"int": 1, "char": "a"}, {"int": 1, "char": "b"}]
    with pytest.raises(RuntimeError):
        db.get()


def test_contains(db: TinyDB) -> None:
    assert db.contains(where("int") == 1)
    assert not db.contains(where("int") == 0)
    assert db.contains(doc_id=1)
    assert not db.contains(doc_id=88)


def test_documents_are_copies_at_the_top_level(db: TinyDB) -> None:
    doc = db.get(doc_id=1)
    doc["int"] = 100  # type: ignore[index]
    assert db.get(doc_id=1) == {"int": 1, "char": "a"}


def test_doc_ids_survive_reopening(db: TinyDB, opener: Opener) -> None:
    db.remove(doc_ids=[2])
    again = reopen(db, opener)
    assert [d.doc_id for d in again] == [1, 3]
    assert again.insert({"int": 4}) == 4


def test_next_id_after_reopening(db: TinyDB, opener: Opener) -> None:
    db.drop_tables()
    db.insert_multiple({"i": i} for i in range(100))
    again = reopen(db, opener)
    assert again.insert({"i": 100}) == 101
