"""What changed between two revisions of a contact, field by field."""

from __future__ import annotations

from typing import Any

# Bookkeeping that changes with every revision; not worth showing as a change.
IGNORED = frozenset({"rev", "updated_at", "schema", "review"})


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old value, new value) for every field that differs, in the new record's order.

    Entitlement answers are compared per question (`entitlement.<question>`);
    a field missing on one side counts as None.
    """
    found: list[tuple[str, Any, Any]] = []
    for field in _ordered_fields(old, new):
        if field in IGNORED:
            continue
        before, after = old.get(field), new.get(field)
        if field == "entitlement":
            found += _answers(before or {}, after or {})
        elif _normal(before) != _normal(after):
            found.append((field, before, after))
    return found


def _ordered_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [*new, *[f for f in old if f not in new]]


def _answers(old: dict[str, str], new: dict[str, str]) -> list[tuple[str, Any, Any]]:
    return [(f"entitlement.{q}", old.get(q), new.get(q))
            for q in _ordered_fields(old, new) if old.get(q) != new.get(q)]


def _normal(value: Any) -> Any:
    """Sets arrive as lists in any order; empty and missing are the same."""
    if isinstance(value, list):
        return sorted(value)
    return None if value in ("", [], {}) else value
