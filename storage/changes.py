"""What one database write changes, as a short list of operations.

A journal record holds the operations of one write, as JSON:

    ["reset"]                     all tables gone (an empty database)
    ["drop", table]               one table gone
    ["put", table, {id: doc}]     documents added or replaced (table made if missing)
    ["del", table, [id, ...]]     documents removed
    ["replace", table, {id: doc}] the table's whole content, in this order

Replaying the records of a file from an empty state gives the database. The
same decoded operations are applied to the copy in memory, so memory holds
exactly what a reopen would read (JSON round trip included: tuples become
lists, integer keys strings, as with TinyDB's JSONStorage).

`diff` finds the operations between two whole states (what TinyDB's own
`Table` hands a storage); `TableChange` records them while an update runs
(what `storage.database.VaultTable` uses, without looking at the other
documents). Both compare documents by a `marshal` image taken before the
change, because TinyDB updates documents in place.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

Doc = dict[str, Any]
Table = dict[str, Doc]
Tables = dict[str, Table]
Op = list[Any]
Images = dict[str, dict[str, bytes]]


def image(doc: object) -> bytes | None:
    """A byte image of a document: equal images, equal documents (None: not storable as is)."""
    try:
        return marshal.dumps(doc, 2)  # type: ignore[arg-type]  # anything a caller put in
    except ValueError:
        return None


def images_of(tables: Tables) -> Images:
    return {name: {k: marshal.dumps(d, 2) for k, d in table.items()}
            for name, table in tables.items()}


def apply(state: Tables | None, ops: object) -> Tables:
    """`state` after `ops`; `ops` comes from a file and is checked as it goes.

    Raises:
        ValueError: `ops` is not a list of well-formed operations.
    """
    if not isinstance(ops, list):
        raise ValueError("a record is a list of operations")
    tables: Tables = {} if state is None else state
    for op in ops:
        _apply_one(tables, op)
    return tables


def _apply_one(tables: Tables, op: object) -> None:
    if op == ["reset"]:
        tables.clear()
        return
    if not isinstance(op, list) or len(op) < 2 or not isinstance(op[1], str):
        raise ValueError("malformed operation")
    kind, name = op[0], op[1]
    if kind == "drop" and len(op) == 2:
        tables.pop(name, None)
    elif kind in ("put", "replace") and len(op) == 3 and _is_docs(op[2]):
        if kind == "replace" or name not in tables:
            tables[name] = op[2]
        else:
            tables[name].update(op[2])
    elif kind == "del" and len(op) == 3 and isinstance(op[2], list):
        table = tables.get(name, {})
        for doc_id in op[2]:
            table.pop(doc_id, None)
    else:
        raise ValueError("unknown operation")


def _is_table(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(d, Mapping) for d in value.values())


def _is_docs(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(d, dict) for d in value.values())


def diff(old: Tables | None, new: Tables, images: Images) -> list[Op]:
    """The operations that turn `old` into `new`; `images` are those of `old`'s documents.

    Raises:
        TypeError: `new` is not TinyDB data (tables of documents by id).
    """
    if not (isinstance(new, dict) and all(_is_table(t) for t in new.values())):
        raise TypeError("the storage keeps TinyDB data: {table: {id: document}}")
    if old is None:
        return [["reset"], *(["put", name, table] for name, table in new.items())]
    if not new:
        return [["reset"]] if old else []
    ops: list[Op] = [["drop", name] for name in old if name not in new]
    for name, table in new.items():
        before = old.get(name)
        if before is None:
            ops.append(["put", name, table])
        else:
            ops += _diff_table(name, before, table, images.get(name, {}))
    return ops


def _diff_table(name: str, before: Table, after: Table, images: dict[str, bytes]) -> list[Op]:
    gone = [k for k in before if k not in after]
    puts = {k: d for k, d in after.items()
            if k not in before or d is not before[k] or image(d) != images.get(k)}
    kept = [k for k in before if k in after]
    # TinyDB keeps documents in insertion order; a write that reorders them
    # is stored as the whole table so the order survives a reopen.
    if list(after) != kept + [k for k in after if k not in before]:
        return [["replace", name, after]]
    ops: list[Op] = []
    if gone:
        ops.append(["del", name, gone])
    if puts:
        ops.append(["put", name, puts])
    return ops


class TableChange(MutableMapping[Any, Any]):
    """The table as a TinyDB update function sees it, recording what it changes.

    Keys are document ids as TinyDB's `Table` uses them (`id_class`), stored
    as strings. A committed document handed out is imaged first, so an
    in-place change is found afterwards and can be undone.
    """

    def __init__(self, base: Table, id_class: Callable[[str], Any] = int) -> None:
        self._base = base
        self._id_class = id_class
        self._puts: Table = {}
        self._gone: set[str] = set()
        self._seen: dict[str, bytes] = {}
        self._cleared = False

    def _visible_base(self, key: str) -> bool:
        return not self._cleared and key in self._base and key not in self._gone

    def __contains__(self, doc_id: object) -> bool:
        key = str(doc_id)
        return key in self._puts or self._visible_base(key)

    def __getitem__(self, doc_id: Any) -> Any:
        key = str(doc_id)
        if key in self._puts:
            return self._puts[key]
        if not self._visible_base(key):
            raise KeyError(doc_id)
        doc = self._base[key]
        if key not in self._seen:
            self._seen[key] = marshal.dumps(doc, 2)
        return doc

    def __setitem__(self, doc_id: Any, doc: Any) -> None:
        self._puts[str(doc_id)] = doc

    def __delitem__(self, doc_id: Any) -> None:
        key = str(doc_id)
        found = self._puts.pop(key, None) is not None
        if self._visible_base(key):
            self._gone.add(key)
            found = True
        if not found:
            raise KeyError(doc_id)

    def __iter__(self) -> Iterator[Any]:
        base = [] if self._cleared else [k for k in self._base if k not in self._gone]
        extra = [k for k in self._puts if not self._visible_base(k)]
        return iter([self._id_class(k) for k in base + extra])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def clear(self) -> None:
        self._cleared, self._puts, self._gone = True, {}, set()

    def ops(self, name: str, *, exists: bool) -> list[Op]:
        """The operations of what was changed, once the update function is done."""
        if self._cleared:
            return [["replace", name, self._puts]]
        changed = {k: self._base[k] for k, before in self._seen.items()
                   if k not in self._gone and k not in self._puts
                   and image(self._base[k]) != before}
        ops: list[Op] = []
        if self._gone:
            ops.append(["del", name, [k for k in self._base if k in self._gone]])
        if changed or self._puts or not exists:
            ops.append(["put", name, {**changed, **self._puts}])
        return ops

    def undo(self) -> None:
        """Put back committed documents the update function changed in place."""
        for key, before in self._seen.items():
            if image(self._base[key]) != before:
                self._base[key] = marshal.loads(before)  # noqa: S302  # our own image
