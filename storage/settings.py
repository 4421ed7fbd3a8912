"""Small encrypted key/value settings of the device, kept inside the vault.

The sync engine keeps its device token, the enrollment (server URL, worker,
device and organisation ids), the pull cursor and the last sync result here,
never in a plain file. Values are JSON (str, int, float, bool, None, and
lists and dicts of those).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from storage.database import VaultDatabase

TABLE = "settings"
_DOC_ID = 1


class DeviceSettings:
    """The settings in one document of the vault's `settings` table."""

    def __init__(self, db: VaultDatabase) -> None:
        self._table = db.table(TABLE)

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under `key`, or `default`."""
        doc = self._table.get(doc_id=_DOC_ID)
        if not isinstance(doc, Mapping) or key not in doc:
            return default
        return json.loads(json.dumps(doc[key]))

    def set(self, key: str, value: Any) -> None:
        """Store `value` under `key`, durably.

        Raises:
            ValueError: `value` is not plain JSON.
        """
        if not _is_json(value):
            raise ValueError("a setting must be plain JSON")
        self._change(lambda values: values.__setitem__(key, value))

    def delete(self, key: str) -> None:
        """Forget `key` (nothing happens when it is not set)."""
        self._change(lambda values: values.pop(key, None))

    def _change(self, edit: Any) -> None:
        def updater(table: dict[int, Mapping[str, Any]]) -> None:
            values = dict(table[_DOC_ID]) if _DOC_ID in table else {}
            edit(values)
            table[_DOC_ID] = values

        self._table.transact(updater)


def _is_json(value: Any) -> bool:
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_is_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json(v) for k, v in value.items())
    return False
